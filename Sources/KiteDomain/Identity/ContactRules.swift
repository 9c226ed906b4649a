import Foundation

/// Russian mobile and landline numbers in the one stored form `+7XXXXXXXXXX`.
public enum PhoneNumber {
    /// Accepts `8XXXXXXXXXX`, `7XXXXXXXXXX`, `+7XXXXXXXXXX` with any spaces,
    /// brackets, dashes and dots between the digits (`+7 (916) 123-45-67`,
    /// `8 916 123 45 67`). Anything else — ten bare digits, a foreign code,
    /// letters, a wrong count of digits — is refused with a message.
    public static func normalize(_ input: String, field: String = "phone") -> (phone: String?, issues: [FieldIssue]) {
        func fail(_ issue: FieldIssue) -> (phone: String?, issues: [FieldIssue]) { (nil, [issue]) }
        let text = input.trimmingWhitespace()
        if text.isEmpty {
            return fail(.error(field, ru: "Телефон: не указан", en: "Phone: is empty"))
        }
        var digits = ""
        var plus = false
        for (index, character) in text.enumerated() {
            if character.isASCIIDigit {
                digits.append(character)
            } else if character == "+" && index == 0 {
                plus = true
            } else if [" ", "\u{00A0}", "(", ")", "-", ".", "\u{2010}", "\u{2011}", "\u{2013}"].contains(character) {
                continue
            } else {
                return fail(.error(field, ru: "Телефон: недопустимый символ «\(character)»",
                                       en: "Phone: character '\(character)' is not allowed"))
            }
        }
        guard digits.count == 11 else {
            return fail(.error(field,
                ru: "Телефон: нужно 11 цифр в формате +7XXXXXXXXXX или 8XXXXXXXXXX (введено \(digits.count))",
                en: "Phone: 11 digits needed, as +7XXXXXXXXXX or 8XXXXXXXXXX (\(digits.count) entered)"))
        }
        let first = digits.first!
        guard first == "7" || (first == "8" && !plus) else {
            return fail(.error(field,
                ru: "Телефон: номер должен начинаться с +7, 7 или 8",
                en: "Phone: the number must start with +7, 7 or 8"))
        }
        return ("+7" + digits.dropFirst(), [])
    }

    public static func validate(_ input: String, field: String = "phone") -> [FieldIssue] {
        normalize(input, field: field).issues
    }
}

/// The shape of an e-mail address: not a deliverability check.
public enum EmailAddress {
    /// One `@`; a non-empty local part without spaces; a domain of at least
    /// two non-empty labels (letters, digits, hyphens; Cyrillic allowed for
    /// `.рф`) not starting or ending with a hyphen; a top-level label of at
    /// least two letters.
    public static func validate(_ input: String, field: String = "email") -> [FieldIssue] {
        let text = input.trimmingWhitespace()
        func issue(_ ru: String, _ en: String) -> [FieldIssue] {
            [.error(field, ru: "E-mail: " + ru, en: "E-mail: " + en)]
        }
        if text.isEmpty { return issue("не указан", "is empty") }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return issue("должен содержать один символ @", "must contain exactly one @") }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.count <= 64 else { return issue("пустая или слишком длинная часть до @", "the part before @ is empty or too long") }
        guard !local.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return issue("недопустимые символы до @", "invalid characters before @")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }) else {
            return issue("неверное имя домена после @", "invalid domain after @")
        }
        guard let top = labels.last, top.count >= 2, top.allSatisfy(\.isLetter) else {
            return issue("неверная зона домена", "invalid top-level domain")
        }
        return []
    }
}

/// The 18-years rule for a buyer, and ages in full years.
public enum PersonAge {
    /// Full years on `date`; someone born 29.02 turns a year older on 28.02
    /// of a common year (Civil Code art. 192 p. 3).
    public static func years(birthDate: CivilDate, on date: CivilDate) -> Int {
        birthDate.fullYears(on: date)
    }

    public static let buyerMinimumAge = 18

    public static func validateBuyer(birthDate: CivilDate, today: CivilDate, field: String = "birth_date") -> [FieldIssue] {
        if birthDate > today {
            return [.error(field, ru: "Дата рождения: в будущем", en: "Birth date: in the future")]
        }
        let age = years(birthDate: birthDate, on: today)
        if age < buyerMinimumAge {
            return [.error(field,
                ru: "Дата рождения: покупателю должно быть не менее 18 лет (сейчас \(age))",
                en: "Birth date: the buyer must be at least 18 (now \(age))")]
        }
        return []
    }
}

extension String {
    /// Removes spaces (typed as `45 08`, `7707 083893`) and trims the ends.
    func removingTypedSpaces() -> String {
        String(trimmingWhitespace().filter { $0 != " " && $0 != "\u{00A0}" })
    }
}
