import Foundation

/// A vehicle identification number (ISO 3779; FMVSS 115/565 in North America).
///
/// `VIN("xta210990y2765432 ")` normalises (trims, uppercases) and accepts any
/// 17 characters from the VIN alphabet; the check digit and the WMI are judged
/// by `VINDecoder`, because outside North America a wrong check digit is common
/// on genuine cars and only earns a warning.
public struct VIN: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The normalised text: 17 characters, `0-9` and `A-Z` without I, O, Q.
    public let value: String

    /// Normalises `text` and checks its structure; nil when it is not 17 valid characters.
    public init?(_ text: String) {
        let normalised = VIN.normalize(text)
        guard VIN.structureProblems(normalised).isEmpty else { return nil }
        value = normalised
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let vin = VIN(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a VIN: \(text)")
        }
        self = vin
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { value }

    public static let length = 17

    /// Trims surrounding whitespace and uppercases. Nothing else is changed:
    /// a Cyrillic look-alike letter stays and is reported by `structureProblems`.
    public static func normalize(_ text: String) -> String {
        text.trimmingWhitespace().uppercased()
    }

    /// Everything wrong with the structure of an already normalised text, in
    /// reading order: length first, then each bad character by position (1-based).
    public static func structureProblems(_ normalized: String) -> [VINStructureProblem] {
        if normalized.isEmpty { return [.empty] }
        var problems: [VINStructureProblem] = []
        let count = normalized.count
        if count != length { problems.append(.wrongLength(count)) }
        for (index, character) in normalized.enumerated() {
            let position = index + 1
            if character == "I" || character == "O" || character == "Q" {
                problems.append(.forbiddenLetter(position: position, character: character))
            } else if VINAlphabet.value(of: character) == nil {
                if let latin = VINAlphabet.cyrillicLookAlikes[character] {
                    problems.append(.cyrillicLetter(position: position, character: character, latin: latin))
                } else {
                    problems.append(.invalidCharacter(position: position, character: character))
                }
            }
        }
        return problems
    }

    /// The check digit (`0`–`9` or `X`) that position 9 should hold, or nil when
    /// the text is not 17 characters of the VIN alphabet.
    public static func expectedCheckDigit(_ normalized: String) -> Character? {
        let bytes = Array(normalized.utf8)
        guard bytes.count == length else { return nil }
        guard let digit = VINAlphabet.checkDigit(bytes) else { return nil }
        return Character(Unicode.Scalar(digit))
    }

    public var wmi: String { String(value.prefix(3)) }
    /// Positions 4–9 (the descriptor section including the check digit).
    public var vds: String { String(value.dropFirst(3).prefix(6)) }
    /// Positions 10–17.
    public var vis: String { String(value.dropFirst(9)) }
    public var checkCharacter: Character { value[value.index(value.startIndex, offsetBy: 8)] }
    public var modelYearCode: Character { value[value.index(value.startIndex, offsetBy: 9)] }
    public var plantCode: Character { value[value.index(value.startIndex, offsetBy: 10)] }
    public var serialNumber: String { String(value.suffix(6)) }

    public var expectedCheckDigit: Character { VIN.expectedCheckDigit(value)! }
    public var hasValidCheckDigit: Bool { checkCharacter == expectedCheckDigit }

    /// First character 1–5 or 7: the VIN follows the North-American rules (FMVSS 115),
    /// where the check digit and the model year at position 10 are mandatory.
    public var isNorthAmerican: Bool { VINRegion.isNorthAmerican(value.first!) }

    public var region: VINRegion? { VINRegion(firstCharacter: value.first!) }
    public var country: VINCountry? { manufacturer?.country ?? VINCountry.lookup(wmi) }
    public var manufacturer: WMIEntry? { WMITable.entry(forVIN: value) }

    /// Candidate model years from position 10 (30-year cycle), never after
    /// `latestPossibleModelYear()` (a car of next year's model can be on sale; one of
    /// the year after cannot exist yet).
    /// North America: position 7 a letter ⇒ the 2010+ cycle, a digit ⇒ 1980–2009; a
    /// letter whose 2010+ year is still to come is a VIN made before 2010, when
    /// position 7 carried no cycle (code `8` with a letter: 2008, not 2038).
    /// Elsewhere both cycles are possible: `[19xx/200x, 20xx]`, the later one only if it can exist.
    public var modelYears: [Int] { VIN.modelYears(value) }

    public static func modelYears(_ normalized: String, latest: Int = VIN.latestPossibleModelYear()) -> [Int] {
        let characters = Array(normalized)
        guard characters.count == length, let index = VINAlphabet.modelYearIndex(characters[9]) else { return [] }
        let early = 1980 + index, late = 2010 + index
        if VINRegion.isNorthAmerican(characters[0]) {
            let position7 = characters[6]
            if position7.isASCIIDigit || late > latest { return [early] }
            return [late]
        }
        return late <= latest ? [early, late] : [early]
    }

    /// The latest model year a car can have today: next calendar year (UTC).
    public static func latestPossibleModelYear(now: Date = Date()) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.component(.year, from: now) + 1
    }
}

/// One thing wrong with the structure of a VIN.
public enum VINStructureProblem: Sendable, Hashable {
    case empty
    case wrongLength(Int)
    /// I, O or Q: never used, they look like 1, 0, 9.
    case forbiddenLetter(position: Int, character: Character)
    /// A Cyrillic letter that looks Latin (typed with the Russian layout on).
    case cyrillicLetter(position: Int, character: Character, latin: Character)
    case invalidCharacter(position: Int, character: Character)

    public var message: LocalizedText {
        switch self {
        case .empty:
            LocalizedText(ru: "Укажите VIN: 17 символов", en: "Enter the VIN: 17 characters")
        case .wrongLength(let count):
            LocalizedText(ru: "VIN должен содержать ровно 17 символов, сейчас \(count)",
                          en: "A VIN must be exactly 17 characters, got \(count)")
        case .forbiddenLetter(let position, let character):
            LocalizedText(
                ru: "Позиция \(position): буква «\(character)» в VIN не используется (I, O, Q исключены, их путают с 1, 0, 9)",
                en: "Position \(position): letter '\(character)' is not allowed in a VIN (I, O and Q are excluded: they look like 1, 0 and 9)")
        case .cyrillicLetter(let position, let character, let latin):
            LocalizedText(
                ru: "Позиция \(position): кириллическая буква «\(character)»; VIN пишется латиницей — переключите раскладку (латинская «\(latin)»)",
                en: "Position \(position): Cyrillic letter '\(character)'; a VIN uses Latin letters only (Latin '\(latin)')")
        case .invalidCharacter(let position, let character):
            LocalizedText(
                ru: "Позиция \(position): недопустимый символ «\(character)»; в VIN только цифры 0–9 и латинские буквы A–Z",
                en: "Position \(position): invalid character '\(character)'; a VIN uses only digits 0-9 and Latin letters A-Z")
        }
    }
}

/// The VIN alphabet, ISO 3779 transliteration and the check-digit computation.
public enum VINAlphabet {
    /// Transliterated value of an allowed VIN character, nil for anything else.
    static func value(of character: Character) -> Int? {
        guard let ascii = character.asciiValue else { return nil }
        let v = table[Int(ascii)]
        return v < 0 ? nil : Int(v)
    }

    /// Value by ASCII byte; -1 for bytes outside the alphabet.
    public static let table: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for d in 0...9 { t[48 + d] = Int8(d) }
        let letters: [(Character, Int8)] = [
            ("A", 1), ("B", 2), ("C", 3), ("D", 4), ("E", 5), ("F", 6), ("G", 7), ("H", 8),
            ("J", 1), ("K", 2), ("L", 3), ("M", 4), ("N", 5), ("P", 7), ("R", 9),
            ("S", 2), ("T", 3), ("U", 4), ("V", 5), ("W", 6), ("X", 7), ("Y", 8), ("Z", 9),
        ]
        for (letter, value) in letters { t[Int(letter.asciiValue!)] = value }
        return t
    }()

    public static let weights: [Int] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]

    /// The ASCII check digit for 17 bytes (position 9 is ignored: weight 0), or nil.
    static func checkDigit(_ bytes: [UInt8]) -> UInt8? {
        guard bytes.count == 17 else { return nil }
        var sum = 0
        for i in 0..<17 {
            let v = table[Int(bytes[i])]
            if v < 0 { return nil }
            sum += Int(v) * weights[i]
        }
        let remainder = sum % 11
        return remainder == 10 ? UInt8(ascii: "X") : UInt8(48 + remainder)
    }

    /// Position-10 codes in cycle order: 1980 (A) … 2000 (Y), 2001 (1) … 2009 (9).
    public static let modelYearCodes: [Character] = Array("ABCDEFGHJKLMNPRSTVWXY123456789")

    static func modelYearIndex(_ code: Character) -> Int? { modelYearCodes.firstIndex(of: code) }

    static func modelYearCode(for year: Int) -> Character? {
        guard (1980...2039).contains(year) else { return nil }
        return modelYearCodes[(year - 1980) % 30]
    }

    /// Cyrillic capitals that look like Latin VIN letters.
    static let cyrillicLookAlikes: [Character: Character] = [
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "0",
        "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X",
    ]
}
