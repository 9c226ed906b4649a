import Foundation
import KiteDomain

/// Moves a customer in and out of the card's text fields, keyed by bind name.
enum CustomerFormValues {
    static func values(of c: Customer) -> [String: String] {
        [
            "kind": c.kind.rawValue,
            "name": c.name,
            "birth_date": c.birthDate?.russianText ?? "",
            "phone": c.phone,
            "email": c.email,
            "passport_series": c.passportSeries,
            "passport_number": c.passportNumber,
            "passport_issue_date": c.passportIssueDate?.russianText ?? "",
            "passport_issuer_code": c.passportIssuerCode,
            "inn": c.inn,
            "kpp": c.kpp,
            "ogrn": c.ogrn,
            "address": c.address,
            "contact_person": c.contactPerson,
            "consent_given": c.consentGiven ? "true" : "false",
            "consent_date": c.consentDate?.russianText ?? "",
            "updated_by": c.updatedBy,
            "version": String(c.version),
        ]
    }

    /// The typed values onto `base`, with the problems of values that do not parse.
    static func apply(_ values: [String: String], to base: Customer) -> (Customer, [FieldIssue]) {
        var c = base
        var input = FormInput(values)
        if let v = input.text("kind"), let kind = CustomerKind(rawValue: v) { c.kind = kind }
        if let v = input.text("name") { c.name = v }
        if let v = input.text("phone") { c.phone = v }
        if let v = input.text("email") { c.email = v }
        if let v = input.text("passport_series") { c.passportSeries = v }
        if let v = input.text("passport_number") { c.passportNumber = v }
        if let v = input.text("passport_issuer_code") { c.passportIssuerCode = v }
        if let v = input.text("inn") { c.inn = v }
        if let v = input.text("kpp") { c.kpp = v }
        if let v = input.text("ogrn") { c.ogrn = v }
        if let v = input.text("address") { c.address = v }
        if let v = input.text("contact_person") { c.contactPerson = v }
        if let v = input.text("consent_given") { c.consentGiven = v == "true" }
        c.birthDate = input.date("birth_date", LocalizedText(ru: "Дата рождения", en: "Birth date"), current: c.birthDate)
        c.passportIssueDate = input.date("passport_issue_date", LocalizedText(ru: "Дата выдачи паспорта", en: "Passport issue date"),
                                         current: c.passportIssueDate)
        c.consentDate = input.date("consent_date", LocalizedText(ru: "Дата согласия", en: "Consent date"), current: c.consentDate)
        return (c, input.issues)
    }
}
