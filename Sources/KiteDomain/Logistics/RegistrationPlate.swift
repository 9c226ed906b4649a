import Foundation

/// Russian registration plates (ГОСТ Р 50577): a truck's `А123ВС77` / `А123ВС777`, a
/// trailer's `АВ123477`. Only the twelve letters that look alike in Cyrillic and Latin
/// are used; a plate typed in Latin letters, lower case or with spaces is normalised to
/// the Cyrillic form the database keeps.
public enum RegistrationPlate {
    /// Latin look-alikes of the twelve plate letters.
    static let latinToCyrillic: [Character: Character] = [
        "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н",
        "O": "О", "P": "Р", "C": "С", "T": "Т", "Y": "У", "X": "Х",
    ]
    static let letters: Set<Character> = Set("АВЕКМНОРСТУХ")

    public enum Kind: Sendable { case vehicle, trailer }

    /// Upper case, Cyrillic letters, no spaces or dashes.
    public static func normalized(_ input: String) -> String {
        String(input.uppercased().compactMap { c -> Character? in
            if c == " " || c == "-" { return nil }
            return latinToCyrillic[c] ?? c
        })
    }

    /// Whether a normalised plate has the form of `kind`.
    public static func isValid(_ plate: String, kind: Kind) -> Bool {
        let chars = Array(plate)
        func isLetter(_ i: Int) -> Bool { letters.contains(chars[i]) }
        func isDigit(_ i: Int) -> Bool { chars[i].isASCII && chars[i].isNumber }
        switch kind {
        case .vehicle:
            guard chars.count == 8 || chars.count == 9 else { return false }
            return isLetter(0) && (1...3).allSatisfy(isDigit) && isLetter(4) && isLetter(5) && (6..<chars.count).allSatisfy(isDigit)
        case .trailer:
            guard chars.count == 8 || chars.count == 9 else { return false }
            return isLetter(0) && isLetter(1) && (2..<chars.count).allSatisfy(isDigit)
        }
    }

    public static func validate(_ input: String, kind: Kind, field: String) -> [FieldIssue] {
        if isValid(normalized(input), kind: kind) { return [] }
        return switch kind {
        case .vehicle: [.error(field, ru: "Госномер: в форме А123ВС77 или А123ВС777 (буквы А В Е К М Н О Р С Т У Х)",
                               en: "Plate: in the form А123ВС77 or А123ВС777 (letters А В Е К М Н О Р С Т У Х)")]
        case .trailer: [.error(field, ru: "Номер прицепа: в форме АВ123477 (две буквы, четыре цифры, регион)",
                               en: "Trailer plate: in the form АВ123477 (two letters, four digits, region)")]
        }
    }
}

/// A Russian driving licence number (водительское удостоверение): a series of four
/// (digits, or two digits and two Cyrillic letters on the forms before 2011) and a
/// number of six digits, kept as ten characters without spaces.
public enum DrivingLicence {
    public static func normalized(_ input: String) -> String {
        String(input.uppercased().filter { $0 != " " && $0 != "-" })
    }

    public static func isValid(_ number: String) -> Bool {
        let chars = Array(number)
        guard chars.count == 10 else { return false }
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        func isCyrillic(_ c: Character) -> Bool { ("А"..."Я").contains(c) }
        let seriesTail = (isDigit(chars[2]) && isDigit(chars[3])) || (isCyrillic(chars[2]) && isCyrillic(chars[3]))
        return isDigit(chars[0]) && isDigit(chars[1]) && seriesTail && chars[4...].allSatisfy(isDigit)
    }

    public static func validate(_ input: String, field: String = "licence_number") -> [FieldIssue] {
        if isValid(normalized(input)) { return [] }
        return [.error(field, ru: "Водительское удостоверение: серия из 4 знаков и номер из 6 цифр (99 99 123456)",
                       en: "Driving licence: a series of 4 and a number of 6 digits (99 99 123456)")]
    }
}
