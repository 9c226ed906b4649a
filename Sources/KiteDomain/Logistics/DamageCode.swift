import Foundation

/// A damage of vehicle transport as 5 digits: the area (2), the type (2), the severity
/// (1) — `20 06 5` is the windshield, cracked, over 30 cm. The meanings are the
/// catalogue's (`config/damage_codes.toml`, `DamageCatalogue`).
public struct DamageCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var area: Int
    public var type: Int
    public var severity: Int

    public init(area: Int, type: Int, severity: Int) {
        self.area = area
        self.type = type
        self.severity = severity
    }

    /// `"20065"`, `"20 06 5"`, `"20-06-5"`: five digits, anything between them but digits
    /// ignored. Nil for anything else (four digits, six, a letter among them).
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty,
              trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == " " || $0 == "-" || $0 == "." || $0 == "/") }) else { return nil }
        let digits = trimmed.compactMap { $0.wholeNumberValue }
        guard digits.count == 5 else { return nil }
        self.init(area: digits[0] * 10 + digits[1], type: digits[2] * 10 + digits[3], severity: digits[4])
    }

    /// `20065`.
    public var digits: String { String(format: "%02d%02d%d", area, type, severity) }
    /// `20 06 5`, as a code card prints it.
    public var spaced: String { String(format: "%02d %02d %d", area, type, severity) }
    public var description: String { spaced }

    /// The same place and kind of damage (a severity apart).
    public func sameDamage(as other: DamageCode) -> Bool { area == other.area && type == other.type }

    public static func < (a: DamageCode, b: DamageCode) -> Bool { (a.area, a.type, a.severity) < (b.area, b.type, b.severity) }

    /// The code as typed, checked against `catalogue`: an issue for `field` naming the
    /// part that is wrong, or the code.
    public static func parse(_ text: String, catalogue: DamageCatalogue, field: String = "code") -> Result<DamageCode, FieldIssue> {
        guard let code = DamageCode(text) else {
            return .failure(.error(field, ru: "Код: 5 цифр — зона, вид, степень (20 06 5)",
                                   en: "Code: 5 digits — area, type, severity (20 06 5)"))
        }
        if catalogue.areas[code.area] == nil {
            return .failure(.error(field, ru: "Код: зоны \(String(format: "%02d", code.area)) нет в справочнике",
                                   en: "Code: area \(String(format: "%02d", code.area)) is not in the catalogue"))
        }
        if catalogue.types[code.type] == nil {
            return .failure(.error(field, ru: "Код: вида \(String(format: "%02d", code.type)) нет в справочнике",
                                   en: "Code: type \(String(format: "%02d", code.type)) is not in the catalogue"))
        }
        if catalogue.severities[code.severity] == nil {
            let range = catalogue.severities.keys.sorted()
            let known = range.isEmpty ? "—" : "\(range.first!)–\(range.last!)"
            return .failure(.error(field, ru: "Код: степень \(code.severity) не из справочника (\(known))",
                                   en: "Code: severity \(code.severity) is not in the catalogue (\(known))"))
        }
        return .success(code)
    }
}

/// The damage catalogue: the names of the areas, types and severities, in Russian and
/// English (`config/damage_codes.toml`).
public struct DamageCatalogue: Sendable, Hashable {
    public var areas: [Int: LocalizedText]
    public var types: [Int: LocalizedText]
    public var severities: [Int: LocalizedText]

    public init(areas: [Int: LocalizedText] = [:], types: [Int: LocalizedText] = [:], severities: [Int: LocalizedText] = [:]) {
        self.areas = areas
        self.types = types
        self.severities = severities
    }

    public var isEmpty: Bool { areas.isEmpty || types.isEmpty || severities.isEmpty }

    /// «Лобовое стекло · трещина · более 30 см»; a part missing from the catalogue shows its digits.
    public func describe(_ code: DamageCode) -> LocalizedText {
        func name(_ table: [Int: LocalizedText], _ value: Int, digits: Int) -> LocalizedText {
            table[value] ?? LocalizedText(ru: String(format: "%0\(digits)d", value), en: String(format: "%0\(digits)d", value))
        }
        let parts = [name(areas, code.area, digits: 2), name(types, code.type, digits: 2), name(severities, code.severity, digits: 1)]
        return LocalizedText(ru: parts.map(\.ru).joined(separator: " · "), en: parts.map(\.en).joined(separator: " · "))
    }

    /// Whether every part of the code is in the catalogue.
    public func contains(_ code: DamageCode) -> Bool {
        areas[code.area] != nil && types[code.type] != nil && severities[code.severity] != nil
    }
}
