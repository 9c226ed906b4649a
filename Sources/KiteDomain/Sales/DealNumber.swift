import Foundation

/// `MSK-2026-000123`: dealership code, year, 6-digit sequence within the
/// dealership and year.
public struct DealNumber: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// 2 to 8 capital Latin letters or digits, starting with a letter.
    public var dealershipCode: String
    public var year: Int
    /// 1 … 999 999.
    public var sequence: Int

    public init?(dealershipCode: String, year: Int, sequence: Int) {
        guard DealNumber.isValidCode(dealershipCode), (2000...9999).contains(year), (1...999_999).contains(sequence) else {
            return nil
        }
        self.dealershipCode = dealershipCode
        self.year = year
        self.sequence = sequence
    }

    static func isValidCode(_ code: String) -> Bool {
        guard (2...8).contains(code.count), let first = code.first, first >= "A" && first <= "Z" else { return false }
        return code.allSatisfy { ($0 >= "A" && $0 <= "Z") || $0.isASCIIDigit }
    }

    public var formatted: String {
        let digits = String(sequence)
        return "\(dealershipCode)-\(year)-" + String(repeating: "0", count: 6 - digits.count) + digits
    }

    public var description: String { formatted }

    /// Exactly `CODE-YYYY-NNNNNN` (spaces around are trimmed; lower case is accepted).
    public static func parse(_ text: String) -> DealNumber? {
        let parts = text.trimmingWhitespace().uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count == 4, parts[2].count == 6,
              parts[1].allSatisfy(\.isASCIIDigit), parts[2].allSatisfy(\.isASCIIDigit) else { return nil }
        return DealNumber(dealershipCode: String(parts[0]), year: Int(parts[1])!, sequence: Int(parts[2])!)
    }

    /// Every deal number in free text (a bank payment's purpose), in order,
    /// without repeats. Tolerates lower case, Cyrillic look-alike letters in
    /// the code (`МSК` typed with Cyrillic М and К), and en/em dashes.
    /// A number glued to other letters or digits (`XMSK-2026-0001234`) is not taken.
    public static func all(in text: String) -> [DealNumber] {
        let characters = Array(text)
        let normalized = characters.map(normalizeForSearch)
        var found: [DealNumber] = []
        var index = 0
        while index < normalized.count {
            // A code starts at a letter not preceded by a letter or digit.
            guard isCodeCharacter(normalized[index]), normalized[index].isLetter,
                  index == 0 || !isWordCharacter(characters[index - 1]) else {
                index += 1
                continue
            }
            var end = index
            while end < normalized.count && isCodeCharacter(normalized[end]) { end += 1 }
            // CODE - YYYY - NNNNNN
            let code = String(normalized[index..<end])
            var cursor = end
            func take(_ count: Int) -> String? {
                guard cursor + count <= normalized.count else { return nil }
                let slice = normalized[cursor..<(cursor + count)]
                guard slice.allSatisfy(\.isASCIIDigit) else { return nil }
                cursor += count
                return String(slice)
            }
            if cursor < normalized.count, normalized[cursor] == "-" {
                cursor += 1
                if let year = take(4), cursor < normalized.count, normalized[cursor] == "-" {
                    cursor += 1
                    if let sequence = take(6), cursor == normalized.count || !isWordCharacter(characters[cursor]),
                       let number = DealNumber(dealershipCode: code, year: Int(year)!, sequence: Int(sequence)!) {
                        if !found.contains(number) { found.append(number) }
                        index = cursor
                        continue
                    }
                }
            }
            index = end
        }
        return found
    }

    /// The one deal number in `text`, or `nil` when there is none or more than one.
    public static func unique(in text: String) -> DealNumber? {
        let numbers = all(in: text)
        return numbers.count == 1 ? numbers[0] : nil
    }

    private static let lookAlikes: [Character: Character] = [
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
        "Х": "X", "У": "Y",
    ]

    private static func normalizeForSearch(_ character: Character) -> Character {
        if character == "\u{2013}" || character == "\u{2014}" || character == "\u{2212}" || character == "\u{2010}" || character == "\u{2011}" {
            return "-"
        }
        let uppercased = character.uppercased()
        guard uppercased.count == 1, let upper = uppercased.first else { return character } // ß → SS
        return lookAlikes[upper] ?? upper
    }

    private static func isCodeCharacter(_ c: Character) -> Bool { (c >= "A" && c <= "Z") || c.isASCIIDigit }
    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    public static func < (lhs: DealNumber, rhs: DealNumber) -> Bool {
        (lhs.dealershipCode, lhs.year, lhs.sequence) < (rhs.dealershipCode, rhs.year, rhs.sequence)
    }
}
