import Foundation

/// ИНН: 12 digits for a person (two check digits), 10 for a company (one).
/// Check digit = (Σ digit × weight mod 11) mod 10, with the weights of the
/// Federal Tax Service order (the same weights every registry uses).
public enum INN {
    /// The weights of a company's check digit (the 10th) and of a person's two (the 11th, the 12th).
    public static let companyWeights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    public static let personWeights11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    public static let personWeights12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]

    /// The check digit for the leading digits `digits` under `weights`.
    public static func checkDigit(_ digits: [Int], weights: [Int]) -> Int {
        precondition(digits.count >= weights.count)
        var sum = 0
        for (digit, weight) in zip(digits, weights) { sum += digit * weight }
        return sum % 11 % 10
    }

    /// The stored form: spaces removed (`7707 083893` → `7707083893`).
    /// Validate and store the same normalised text.
    public static func normalized(_ input: String) -> String { input.removingTypedSpaces() }

    public static func validatePerson(_ input: String, field: String = "inn") -> [FieldIssue] {
        let text = input.removingTypedSpaces()
        guard text.count == 12, text.allSatisfy(\.isASCIIDigit) else {
            return [.error(field, ru: "ИНН физического лица: нужно 12 цифр", en: "Personal INN: 12 digits needed")]
        }
        let d = text.map { Int(String($0))! }
        guard checkDigit(d, weights: personWeights11) == d[10], checkDigit(d, weights: personWeights12) == d[11] else {
            return [.error(field, ru: "ИНН: неверная контрольная цифра", en: "INN: wrong check digit")]
        }
        return []
    }

    public static func validateCompany(_ input: String, field: String = "inn") -> [FieldIssue] {
        let text = input.removingTypedSpaces()
        guard text.count == 10, text.allSatisfy(\.isASCIIDigit) else {
            return [.error(field, ru: "ИНН организации: нужно 10 цифр", en: "Company INN: 10 digits needed")]
        }
        let d = text.map { Int(String($0))! }
        guard checkDigit(d, weights: companyWeights) == d[9] else {
            return [.error(field, ru: "ИНН: неверная контрольная цифра", en: "INN: wrong check digit")]
        }
        return []
    }

    /// 10 digits → company rules, 12 → person rules, otherwise a length issue.
    /// For a bank statement's payer, who may be either.
    public static func validateAny(_ input: String, field: String = "inn") -> [FieldIssue] {
        let text = input.removingTypedSpaces()
        switch text.count {
        case 10: return validateCompany(text, field: field)
        case 12: return validatePerson(text, field: field)
        default:
            return [.error(field, ru: "ИНН: нужно 10 цифр (организация) или 12 цифр (физическое лицо)",
                           en: "INN: 10 digits (company) or 12 digits (person) needed")]
        }
    }
}

/// КПП: 9 characters — 4 digits (tax office), 2 digits or capital Latin
/// letters (reason), 3 digits (sequence). `773601001`, `7736AB001`.
public enum KPP {
    /// The stored form: spaces removed.
    public static func normalized(_ input: String) -> String { input.removingTypedSpaces() }

    public static func validate(_ input: String, field: String = "kpp") -> [FieldIssue] {
        let c = Array(input.removingTypedSpaces())
        let valid = c.count == 9
            && c[0..<4].allSatisfy(\.isASCIIDigit)
            && c[4..<6].allSatisfy { $0.isASCIIDigit || ($0 >= "A" && $0 <= "Z") }
            && c[6..<9].allSatisfy(\.isASCIIDigit)
        if valid { return [] }
        return [.error(field, ru: "КПП: нужно 9 знаков — 4 цифры, 2 цифры или латинские буквы A–Z, 3 цифры",
                       en: "KPP: 9 characters needed — 4 digits, 2 digits or letters A–Z, 3 digits")]
    }
}

/// ОГРН (13 digits, check = first 12 as a number mod 11 mod 10) and ОГРНИП
/// (15 digits, check = first 14 as a number mod 13 mod 10). The first digit is the
/// record's type: 1 or 5 for a company's ОГРН, 3 for a sole trader's ОГРНИП; any
/// other (a leading 0 above all) is no registration number at all.
public enum OGRN {
    /// The stored form: spaces removed.
    public static func normalized(_ input: String) -> String { input.removingTypedSpaces() }

    /// The record-type digits each number may start with.
    public static let companyRecordTypes: Set<Character> = ["1", "5"]
    public static let soleProprietorRecordTypes: Set<Character> = ["3"]

    public static func validateCompany(_ input: String, field: String = "ogrn") -> [FieldIssue] {
        validate(input, length: 13, modulus: 11, recordTypes: companyRecordTypes, field: field, nameRU: "ОГРН", nameEN: "OGRN")
    }

    public static func validateSoleProprietor(_ input: String, field: String = "ogrnip") -> [FieldIssue] {
        validate(input, length: 15, modulus: 13, recordTypes: soleProprietorRecordTypes, field: field,
                 nameRU: "ОГРНИП", nameEN: "OGRNIP")
    }

    /// 13 digits → ОГРН rules, 15 → ОГРНИП rules, otherwise a length issue.
    public static func validateAny(_ input: String, field: String = "ogrn") -> [FieldIssue] {
        let text = input.removingTypedSpaces()
        switch text.count {
        case 13: return validateCompany(text, field: field)
        case 15: return validateSoleProprietor(text, field: field)
        default:
            return [.error(field, ru: "ОГРН: нужно 13 цифр (организация) или 15 цифр (ОГРНИП)",
                           en: "OGRN: 13 digits (company) or 15 digits (OGRNIP) needed")]
        }
    }

    /// The check digit of the leading `length − 1` digits.
    public static func checkDigit(leading: String, modulus: Int64) -> Int {
        // At most 14 digits: fits in Int64 (< 10^14).
        Int(Int64(leading)! % modulus % 10)
    }

    private static func validate(_ input: String, length: Int, modulus: Int64, recordTypes: Set<Character>, field: String,
                                 nameRU: String, nameEN: String) -> [FieldIssue] {
        let text = input.removingTypedSpaces()
        guard text.count == length, text.allSatisfy(\.isASCIIDigit) else {
            return [.error(field, ru: "\(nameRU): нужно \(length) цифр", en: "\(nameEN): \(length) digits needed")]
        }
        let first = text.first!
        guard recordTypes.contains(first) else {
            let allowedRU = recordTypes.sorted().map(String.init).joined(separator: " или ")
            let allowedEN = recordTypes.sorted().map(String.init).joined(separator: " or ")
            var ru = "\(nameRU): первая цифра — признак записи: \(allowedRU), а не \(first)"
            var en = "\(nameEN): the first digit is the record type: \(allowedEN), not \(first)"
            if first == "3", length == 13 {
                ru += " (3 — у ИП, ОГРНИП: 15 цифр)"; en += " (3 is a sole trader's 15-digit OGRNIP)"
            } else if companyRecordTypes.contains(first), length == 15 {
                ru += " (1 и 5 — у организаций, ОГРН: 13 цифр)"; en += " (1 and 5 are a company's 13-digit OGRN)"
            }
            return [.error(field, ru: ru, en: en)]
        }
        let last = Int(String(text.last!))!
        guard checkDigit(leading: String(text.dropLast()), modulus: modulus) == last else {
            return [.error(field, ru: "\(nameRU): неверная контрольная цифра", en: "\(nameEN): wrong check digit")]
        }
        return []
    }
}
