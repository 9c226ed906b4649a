import Foundation

/// A cron-like schedule: five fields `minute hour day-of-month month
/// day-of-week` (each `*`, `N`, `A-B`, `*/S`, `A-B/S`, or a comma list of
/// those; day of week 0–7 with 0 and 7 both Sunday), or `@hourly`, `@daily`,
/// `@weekly`, `@monthly`. As in cron, when both day fields are restricted a
/// day matching either one runs.
public struct CronSpec: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    public var description: String { text }

    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let aliases = ["@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
                       "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *"]
        let expanded = aliases[trimmed] ?? trimmed
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronSpecError(spec: text, message: "expected 5 fields (minute hour day month weekday), found \(fields.count)")
        }
        self.text = trimmed
        minutes = try Self.field(fields[0], name: "minute", range: 0...59, spec: text)
        hours = try Self.field(fields[1], name: "hour", range: 0...23, spec: text)
        daysOfMonth = try Self.field(fields[2], name: "day of month", range: 1...31, spec: text)
        months = try Self.field(fields[3], name: "month", range: 1...12, spec: text)
        daysOfWeek = Set(try Self.field(fields[4], name: "day of week", range: 0...7, spec: text).map { $0 % 7 })
        dayOfMonthRestricted = fields[2] != "*"
        dayOfWeekRestricted = fields[4] != "*"
    }

    private static func field(_ text: String, name: String, range: ClosedRange<Int>, spec: String) throws -> Set<Int> {
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            func bad(_ why: String) -> CronSpecError {
                CronSpecError(spec: spec, message: "\(name) '\(part)': \(why)")
            }
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw bad("more than one /") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else { throw bad("the step must be a positive number") }
                step = parsed
            }
            var low = range.lowerBound, high = range.upperBound
            if pieces[0] != "*" {
                let bounds = pieces[0].split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2, let first = Int(bounds[0]) else { throw bad("not a number or range") }
                low = first
                high = pieces.count == 2 && bounds.count == 1 ? range.upperBound : first
                if bounds.count == 2 {
                    guard let last = Int(bounds[1]) else { throw bad("not a number or range") }
                    high = last
                }
                guard range.contains(low), range.contains(high), low <= high else {
                    throw bad("must be within \(range.lowerBound)–\(range.upperBound)")
                }
            }
            values.formUnion(stride(from: low, through: high, by: step))
        }
        return values
    }

    /// The first minute strictly after `date` that matches, in `timeZone`.
    public func next(after date: Date, timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.dateInterval(of: .minute, for: date)!.start
        var candidate = calendar.date(byAdding: .minute, value: 1, to: start)!
        // Eight years covers every valid spec (29 February on a Sunday, say).
        let limit = calendar.date(byAdding: .year, value: 8, to: candidate)!
        while candidate < limit {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: candidate)
            if !months.contains(c.month!) {
                let monthStart = calendar.dateInterval(of: .month, for: candidate)!.start
                candidate = calendar.date(byAdding: .month, value: 1, to: monthStart)!
                continue
            }
            if !dayMatches(dayOfMonth: c.day!, weekday: c.weekday! - 1) {
                candidate = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: candidate))!
                continue
            }
            if !hours.contains(c.hour!) {
                let hourStart = calendar.dateInterval(of: .hour, for: candidate)!.start
                candidate = calendar.date(byAdding: .hour, value: 1, to: hourStart)!
                continue
            }
            if !minutes.contains(c.minute!) {
                candidate = calendar.date(byAdding: .minute, value: 1, to: candidate)!
                continue
            }
            return candidate
        }
        return limit
    }

    private func dayMatches(dayOfMonth: Int, weekday: Int) -> Bool {
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return daysOfMonth.contains(dayOfMonth) || daysOfWeek.contains(weekday)
        case (true, false): return daysOfMonth.contains(dayOfMonth)
        case (false, true): return daysOfWeek.contains(weekday)
        case (false, false): return true
        }
    }
}

public struct CronSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    public var spec: String
    public var message: String
    public var description: String { "schedule '\(spec)': \(message)" }
}
