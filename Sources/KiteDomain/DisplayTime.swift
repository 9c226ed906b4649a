import Foundation

/// The time zone every moment is shown in: the dealership's (its `time_zone` setting,
/// Europe/Moscow by default), whatever the server's or the terminal's zone. The app
/// sets it once it knows the user's dealership.
public enum DisplayTime {
    public static let defaultTimeZone = TimeZone(identifier: "Europe/Moscow") ?? TimeZone(secondsFromGMT: 3 * 3600)!

    private static let lock = NSLock()
    nonisolated(unsafe) private static var zone = defaultTimeZone

    public static var timeZone: TimeZone {
        get { lock.withLock { zone } }
        set { lock.withLock { zone = newValue } }
    }

    /// `24.11.2026 15:04` in `zone` (the day and the time of day in the same zone).
    public static func text(_ date: Date, in zone: TimeZone = timeZone) -> String {
        let seconds = Int(floor(date.timeIntervalSince1970)) + zone.secondsFromGMT(for: date)
        let minuteOfDay = ((seconds % 86_400) + 86_400) % 86_400 / 60
        return CivilDate(date, timeZone: zone).russianText + String(format: " %02d:%02d", minuteOfDay / 60, minuteOfDay % 60)
    }
}
