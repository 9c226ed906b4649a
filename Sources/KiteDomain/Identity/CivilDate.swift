import Foundation

/// A calendar day without a time or a time zone: a birth date, a passport's
/// issue date, a payment date, a contract date.
///
/// Kept apart from `Date` on purpose: "born 29.02.2008" must not move to
/// 28.02 because a server runs in UTC. Day arithmetic uses the proleptic
/// Gregorian calendar (days-from-civil), so no `Calendar` is needed.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// `nil` for a day that does not exist (31.04, 29.02 of a common year).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day a moment falls on in a time zone (Moscow for the dealer's books).
    public init(_ date: Date, timeZone: TimeZone) {
        let seconds = Int64(floor(date.timeIntervalSince1970)) + Int64(timeZone.secondsFromGMT(for: date))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        self = CivilDate(daysSinceEpoch: Int(days))
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(daysSinceEpoch: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CivilDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The same day `years` later. A 29 February that does not exist in the
    /// target year becomes 28 February (Civil Code art. 192 p. 3: a term ending
    /// in a month without that day ends on the month's last day).
    public func adding(years: Int) -> CivilDate {
        let targetYear = year + years
        let targetDay = min(day, CivilDate.daysIn(month: month, year: targetYear))
        return CivilDate(unchecked: targetYear, month, targetDay)
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Full years from `self` (a birth date) to `date`.
    public func fullYears(on date: CivilDate) -> Int {
        var years = date.year - year
        if years > 0 && adding(years: years) > date { years -= 1 }
        return max(0, years)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `ДД.ММ.ГГГГ`, as on Russian documents and in 1C files.
    public var russianText: String {
        (day < 10 ? "0" : "") + "\(day)." + (month < 10 ? "0" : "") + "\(month)." + "\(year)"
    }

    /// `ГГГГ-ММ-ДД` (ISO 8601, SQL `date`).
    public var isoText: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (month < 10 ? "0" : "") + "\(month)-"
            + (day < 10 ? "0" : "") + "\(day)"
    }

    public var description: String { isoText }

    /// Parses `ДД.ММ.ГГГГ` (exactly two, two and four digits).
    public static func parseRussian(_ text: String) -> CivilDate? {
        let parts = text.trimmingWhitespace().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    /// Parses `ГГГГ-ММ-ДД`.
    public static func parseISO(_ text: String) -> CivilDate? {
        let parts = text.trimmingWhitespace().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }
}
