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
        validateAccount(input, bik: bik, field: field, ru: "Расчётный счёт", en: "Settlement account",
                        keyDigits: { String($0.suffix(3)) })
    }

    public static func validateCorrespondentAccount(_ input: String, bik: String, field: String = "corr_account") -> [FieldIssue] {
        let text = normalized(input)
        if text.count == 20, text.allSatisfy(\.isASCIIDigit), !text.hasPrefix("30101") {
            return [.error(field, ru: "Корреспондентский счёт начинается с 30101",
                           en: "A correspondent account starts with 30101")]
        }
        return validateAccount(input, bik: bik, field: field, ru: "Корреспондентский счёт", en: "Correspondent account",
                               keyDigits: { "0" + String(Array($0)[4...5]) })
    }

    /// 20 digits, then the control key over `keyDigits(bik)` + the account.
    private static func validateAccount(_ input: String, bik: String, field: String, ru: String, en: String,
                                        keyDigits: (String) -> String) -> [FieldIssue] {
        let text = normalized(input), bik = normalized(bik)
        guard text.count == 20, text.allSatisfy(\.isASCIIDigit) else {
            return [.error(field, ru: "\(ru): нужно 20 цифр", en: "\(en): 20 digits needed")]
        }
        guard validateBIK(bik).isEmpty else {
            return [.error(field, ru: "\(ru) проверяется по БИК: сначала укажите верный БИК",
                           en: "The \(en.lowercased()) is checked against the BIK: enter a valid BIK first")]
        }
        guard keyIsValid(keyDigits(bik) + text) else {
            return [.error(field, ru: "\(ru) не сходится с БИК \(bik): неверный контрольный ключ",
                           en: "The \(en.lowercased()) does not match BIK \(bik): wrong control key")]
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
}
