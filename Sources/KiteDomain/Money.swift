/// An exact amount of roubles, held as integer kopecks. Never a `Double`.
///
/// Database values are `numeric(14,2)`; they travel as text (`"1250000.50"`)
/// and are parsed by `Money(databaseText:)`, never by `Decimal(string:)`,
/// which silently accepts prefixes like `"12abc"`.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var kopecks: Int64

    public init(kopecks: Int64) {
        self.kopecks = kopecks
    }

    public init(roubles: Int64) {
        self.kopecks = roubles * 100
    }

    public static let zero = Money(kopecks: 0)

    /// The largest amount `numeric(14,2)` holds: 999 999 999 999.99.
    public static let databaseMaximum = Money(kopecks: 99_999_999_999_999)

    public var isNegative: Bool { kopecks < 0 }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.kopecks < rhs.kopecks }

    public static func + (lhs: Money, rhs: Money) -> Money {
        let (sum, overflow) = lhs.kopecks.addingReportingOverflow(rhs.kopecks)
        precondition(!overflow, "Money overflow")
        return Money(kopecks: sum)
    }

    public static func - (lhs: Money, rhs: Money) -> Money {
        let (difference, overflow) = lhs.kopecks.subtractingReportingOverflow(rhs.kopecks)
        precondition(!overflow, "Money overflow")
        return Money(kopecks: difference)
    }

    public static prefix func - (value: Money) -> Money { Money(kopecks: -value.kopecks) }

    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }
    public static func -= (lhs: inout Money, rhs: Money) { lhs = lhs - rhs }

    /// `amount × numerator / denominator`, rounded half away from zero to a kopeck.
    /// The one place where money is rounded (VAT 22/122, discounts in percent).
    public func multiplied(by numerator: Int64, dividedBy denominator: Int64) -> Money {
        precondition(denominator != 0, "division by zero")
        let (wide, overflow) = kopecks.multipliedReportingOverflow(by: numerator)
        precondition(!overflow, "Money overflow")
        var quotient = wide / denominator
        let remainder = wide % denominator
        if remainder.magnitude * 2 >= denominator.magnitude {
            quotient += ((wide < 0) != (denominator < 0)) ? -1 : 1
        }
        return Money(kopecks: quotient)
    }

    /// Plain decimal text with two fraction digits: `1250000.50`, `-3.05`.
    /// This is the form bound to SQL parameters and written to CSV.
    public var decimalString: String {
        let sign = kopecks < 0 ? "-" : ""
        let magnitude = kopecks.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public var description: String { decimalString }

    /// `1 250 000 ₽` (whole roubles) or `1 250 000,50 ₽`; English uses the
    /// same grouping with a point: `1 250 000.50 ₽`. The space is U+00A0 so a
    /// number never wraps.
    public func formatted(_ language: Language = .ru, currencySign: Bool = true) -> String {
        let magnitude = kopecks.magnitude
        let digits = String(magnitude / 100)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append("\u{00A0}") }
            grouped.append(digit)
        }
        let fraction = magnitude % 100
        if fraction != 0 {
            grouped += (language == .ru ? "," : ".") + (fraction < 10 ? "0" : "") + String(fraction)
        }
        let sign = kopecks < 0 ? "−" : ""
        return sign + grouped + (currencySign ? "\u{00A0}₽" : "")
    }
}

public enum MoneyParseError: Error, Sendable, Hashable {
    case empty
    case notANumber
    case tooManyFractionDigits
    case tooLarge
}

extension Money {
    /// Parses what a person types: `1250000`, `1 250 000`, `1 250 000,50`,
    /// `1250000.5`, `-300`, with an optional `₽`/`руб.` suffix. More than two
    /// fraction digits is an error, not a rounding.
    public static func parse(_ input: String) throws(MoneyParseError) -> Money {
        var text = input.trimmingWhitespace()
        for suffix in ["₽", "руб.", "руб", "р.", "р", "RUB", "rub"] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count)).trimmingWhitespace()
            break
        }
        text.removeAll { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{202F}" || $0 == "_" }
        return try parseStrict(text)
    }

    /// Parses the database's text form of a `numeric` (`1250000.50`).
    public init(databaseText: String) throws(MoneyParseError) {
        self = try Money.parseStrict(databaseText)
    }

    private static func parseStrict(_ text: String) throws(MoneyParseError) -> Money {
        guard !text.isEmpty else { throw .empty }
        var negative = false
        var body = Substring(text)
        if body.first == "-" || body.first == "−" {
            negative = true
            body = body.dropFirst()
        } else if body.first == "+" {
            body = body.dropFirst()
        }
        let parts = body.split(separator: body.contains(",") ? "," : ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty || parts.count == 2 else { throw .notANumber }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit) else { throw .notANumber }
        guard !(whole.isEmpty && fraction.isEmpty) else { throw .notANumber }
        // Too large is said first: 23 digits with three after the comma are "too large".
        let trimmedWhole = whole.drop { $0 == "0" }
        guard trimmedWhole.count <= 15 else { throw .tooLarge }
        guard fraction.count <= 2 else { throw .tooManyFractionDigits }
        let roubles = Int64(trimmedWhole.isEmpty ? "0" : String(trimmedWhole))!
        let paddedFraction = fraction.count == 0 ? "00" : (fraction.count == 1 ? fraction + "0" : String(fraction))
        let kopecks = roubles * 100 + Int64(paddedFraction)!
        return Money(kopecks: negative ? -kopecks : kopecks)
    }
}

extension Character {
    var isASCIIDigit: Bool { self >= "0" && self <= "9" && isASCII }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
