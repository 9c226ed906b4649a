import Foundation

/// The calendar of the books: payment dates, cash days and contract dates are
/// days in Moscow time, whatever the server's or the terminal's time zone.
public enum BookDay {
    public static let timeZone = TimeZone(identifier: "Europe/Moscow") ?? TimeZone(secondsFromGMT: 3 * 3600)!

    /// The SQL name of `timeZone`, for `AT TIME ZONE`.
    public static let timeZoneName = "Europe/Moscow"

    public static func today(now: Date = Date()) -> CivilDate {
        CivilDate(now, timeZone: timeZone)
    }
}
