import Foundation

/// БИК and the 20-digit accounts keyed to it (Bank of Russia rules).
///
/// An account's control key: the digits of (3 digits from the BIK + the
/// account) times the weights 7, 1, 3, 7, 1, 3, …, each product taken mod 10,
/// add up to a multiple of 10. For a settlement account the 3 digits are the
/// BIK's last three; for a correspondent account they are "0" and the BIK's
/// 5th and 6th digits (the settlement network).
public enum BankDetails {
    public static func normalized(_ input: String) -> String { input.removingTypedSpaces() }

    public static func validateBIK(_ input: String, field: String = "bik") -> [FieldIssue] {
        let text = normalized(input)
        guard text.count == 9, text.allSatisfy(\.isASCIIDigit) else {
            return [.error(field, ru: "БИК: нужно 9 цифр", en: "BIK: 9 digits needed")]
        }
        guard text.hasPrefix("04") else {
            return [.error(field, ru: "БИК банка в России начинается с 04", en: "A Russian bank's BIK starts with 04")]
        }
        return []
    }

    public static func validateSettlementAccount(_ input: String, bik: String, field: String = "account") -> [FieldIssue] {
        let text = normalized(input), bik = normalized(bik)
        if let issue = shapeIssue(text, field: field, ru: "Расчётный счёт", en: "Settlement account") { return [issue] }
        guard validateBIK(bik).isEmpty else {
            return [.error(field, ru: "Расчётный счёт проверяется по БИК: сначала укажите верный БИК",
                           en: "The settlement account is checked against the BIK: enter a valid BIK first")]
        }
        guard keyIsValid(String(bik.suffix(3)) + text) else {
            return [.error(field, ru: "Расчётный счёт не сходится с БИК \(bik): неверный контрольный ключ",
                           en: "The settlement account does not match BIK \(bik): wrong control key")]
        }
        return []
    }

    public static func validateCorrespondentAccount(_ input: String, bik: String, field: String = "corr_account") -> [FieldIssue] {
        let text = normalized(input), bik = normalized(bik)
        if let issue = shapeIssue(text, field: field, ru: "Корреспондентский счёт", en: "Correspondent account") { return [issue] }
        guard text.hasPrefix("30101") else {
            return [.error(field, ru: "Корреспондентский счёт начинается с 30101",
                           en: "A correspondent account starts with 30101")]
        }
        guard validateBIK(bik).isEmpty else {
            return [.error(field, ru: "Корреспондентский счёт проверяется по БИК: сначала укажите верный БИК",
                           en: "The correspondent account is checked against the BIK: enter a valid BIK first")]
        }
        let chars = Array(bik)
        guard keyIsValid("0" + String(chars[4...5]) + text) else {
            return [.error(field, ru: "Корреспондентский счёт не сходится с БИК \(bik): неверный контрольный ключ",
                           en: "The correspondent account does not match BIK \(bik): wrong control key")]
        }
        return []
    }

    /// The 23 digits (3 from the BIK + 20 of the account) pass the weighted sum.
    static func keyIsValid(_ digits: String) -> Bool {
        let weights = [7, 1, 3]
        var sum = 0
        for (index, character) in digits.enumerated() {
            sum += Int(String(character))! * weights[index % 3] % 10
        }
        return sum % 10 == 0
    }

    private static func shapeIssue(_ text: String, field: String, ru: String, en: String) -> FieldIssue? {
        guard text.count != 20 || !text.allSatisfy(\.isASCIIDigit) else { return nil }
        return .error(field, ru: "\(ru): нужно 20 цифр", en: "\(en): 20 digits needed")
    }
}
