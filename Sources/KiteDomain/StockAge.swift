import Foundation

/// How long a vehicle has stood in stock.
public enum StockAge {
    /// Whole calendar days from the arrival date to `today` in `calendar`'s
    /// time zone (arrived today = 0); nil when the vehicle has not arrived.
    /// An arrival after `today` (a planned date) counts as 0.
    public static func days(from arrival: Date?, to today: Date, calendar: Calendar) -> Int? {
        guard let arrival else { return nil }
        let start = calendar.startOfDay(for: arrival)
        let end = calendar.startOfDay(for: today)
        let days = calendar.dateComponents([.day], from: start, to: end).day ?? 0
        return max(0, days)
    }
}
