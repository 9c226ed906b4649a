import Foundation

/// A Russian internal passport: series `4508`, number `123456`, issue date,
/// issuer (subdivision) code `770-001`.
public struct RussianPassport: Sendable, Hashable, Codable {
    public var series: String
    public var number: String
    public var issueDate: CivilDate
    public var issuerCode: String

    public init(series: String, number: String, issueDate: CivilDate, issuerCode: String) {
        self.series = series
        self.number = number
        self.issueDate = issueDate
        self.issuerCode = issuerCode
    }

    /// The stored form of a series or number: spaces removed (`45 08` → `4508`).
    public static func normalized(_ input: String) -> String { input.removingTypedSpaces() }

    /// The age at which a passport is first issued.
    public static let firstIssueAge = 14

    /// Series: 4 digits (a space inside is allowed: `45 08`); number: 6 digits;
    /// issue date not after `today` and not before the 14th birthday (when
    /// the birth date is known); issuer code `NNN-NNN`.
    public static func validate(series: String, number: String, issueDate: CivilDate?, issuerCode: String,
                                birthDate: CivilDate?, today: CivilDate) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        let s = series.removingTypedSpaces()
        if s.count != 4 || !s.allSatisfy(\.isASCIIDigit) {
            issues.append(.error("passport_series", ru: "Серия паспорта: нужно 4 цифры",
                                 en: "Passport series: 4 digits needed"))
        }
        let n = number.removingTypedSpaces()
        if n.count != 6 || !n.allSatisfy(\.isASCIIDigit) {
            issues.append(.error("passport_number", ru: "Номер паспорта: нужно 6 цифр",
                                 en: "Passport number: 6 digits needed"))
        }
        if let issueDate {
            if issueDate > today {
                issues.append(.error("passport_issue_date", ru: "Дата выдачи паспорта: в будущем",
                                     en: "Passport issue date: in the future"))
            }
            if let birthDate {
                let earliest = birthDate.adding(years: firstIssueAge)
                if issueDate < earliest {
                    issues.append(.error("passport_issue_date",
                        ru: "Дата выдачи паспорта: раньше 14-летия владельца (\(earliest.russianText))",
                        en: "Passport issue date: before the holder's 14th birthday (\(earliest.russianText))"))
                }
            }
        } else {
            issues.append(.error("passport_issue_date", ru: "Дата выдачи паспорта: не указана",
                                 en: "Passport issue date: is empty"))
        }
        let code = Array(issuerCode.trimmingWhitespace())
        let codeValid = code.count == 7 && code[3] == "-"
            && code.enumerated().allSatisfy { $0.offset == 3 || $0.element.isASCIIDigit }
        if !codeValid {
            issues.append(.error("passport_issuer_code", ru: "Код подразделения: нужен формат NNN-NNN",
                                 en: "Issuer code: format NNN-NNN needed"))
        }
        return issues
    }

    public func validate(birthDate: CivilDate?, today: CivilDate) -> [FieldIssue] {
        RussianPassport.validate(series: series, number: number, issueDate: issueDate, issuerCode: issuerCode,
                                 birthDate: birthDate, today: today)
    }
}
