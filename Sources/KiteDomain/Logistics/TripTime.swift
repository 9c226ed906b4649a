import Foundation

/// A moment as logistics types and reads it: `03.12.2026 14:30` in the dealership's time
/// zone (Moscow unless the dealership says otherwise), and lateness as «2 ч 15 мин».
public struct TripTime: Sendable {
    public var timeZone: TimeZone

    public init(timeZone: TimeZone = BookDay.timeZone) {
        self.timeZone = timeZone
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// `ДД.ММ.ГГГГ ЧЧ:ММ` (or `ДД.ММ.ГГГГ`, the start of the day); nil when it is not one.
    public func parse(_ text: String) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(parts.count), let day = CivilDate.parseRussian(String(parts[0])) else { return nil }
        var hour = 0, minute = 0
        if parts.count == 2 {
            let clock = parts[1].split(separator: ":")
            guard clock.count == 2, let h = Int(clock[0]), let m = Int(clock[1]), (0...23).contains(h), (0...59).contains(m),
                  clock[1].count == 2 else { return nil }
            hour = h
            minute = m
        }
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
    }

    /// `03.12.2026 14:30`.
    public func text(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d.%02d.%04d %02d:%02d", c.day ?? 0, c.month ?? 0, c.year ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// `03.12 14:30`, for a column.
    public func short(_ date: Date) -> String {
        let c = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        return String(format: "%02d.%02d %02d:%02d", c.day ?? 0, c.month ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// The start and end of `date`'s day.
    public func day(of date: Date) -> ClosedRange<Date> {
        let start = calendar.startOfDay(for: date)
        return start...start.addingTimeInterval(86_400 - 1)
    }

    /// «2 ч 15 мин», «40 мин», «1 д 3 ч».
    public static func duration(minutes: Int) -> LocalizedText {
        let days = minutes / 1440, hours = minutes % 1440 / 60, mins = minutes % 60
        if days > 0 {
            return LocalizedText(ru: "\(days) д \(hours) ч", en: "\(days) d \(hours) h")
        }
        if hours > 0 {
            return LocalizedText(ru: "\(hours) ч \(mins) мин", en: "\(hours) h \(mins) min")
        }
        return LocalizedText(ru: "\(mins) мин", en: "\(mins) min")
    }
}
