import Foundation

/// A private person, a company, or a sole trader (индивидуальный предприниматель, ИП):
/// a person registered for business, with a 12-digit INN and a 15-digit ОГРНИП.
public enum CustomerKind: String, Sendable, Hashable, Codable, CaseIterable {
    case person
    case company
    case soleTrader = "sole_trader"

    public var label: LocalizedText {
        switch self {
        case .person: LocalizedText(ru: "физлицо", en: "person")
        case .company: LocalizedText(ru: "организация", en: "company")
        case .soleTrader: LocalizedText(ru: "ИП", en: "sole trader")
        }
    }

    /// A company or a sole trader: a business, whose card has no passport.
    public var isBusiness: Bool { self != .person }
}

/// A customer as stored: one row of `customers`. A person's, a company's and a
/// sole trader's fields share the row; `name` is a person's or a sole trader's
/// full name or a company's name; `ogrn` holds a company's ОГРН or a sole trader's ОГРНИП. Text is stored normalised (phone `+7…`, passport digits).
public struct Customer: Sendable, Hashable {
    public var id: Int64
    public var kind: CustomerKind
    public var name: String
    public var birthDate: CivilDate?
    public var phone: String
    public var email: String
    public var passportSeries: String
    public var passportNumber: String
    public var passportIssueDate: CivilDate?
    public var passportIssuerCode: String
    public var inn: String
    public var kpp: String
    public var ogrn: String
    public var address: String
    public var contactPerson: String
    public var consentGiven: Bool
    public var consentDate: CivilDate?
    public var dealershipID: Int64?
    public var version: Int
    public var updatedAt: Date
    public var updatedBy: String

    public init(id: Int64 = 0, kind: CustomerKind = .person, name: String = "", birthDate: CivilDate? = nil,
                phone: String = "", email: String = "", passportSeries: String = "", passportNumber: String = "",
                passportIssueDate: CivilDate? = nil, passportIssuerCode: String = "", inn: String = "",
                kpp: String = "", ogrn: String = "", address: String = "", contactPerson: String = "",
                consentGiven: Bool = false, consentDate: CivilDate? = nil, dealershipID: Int64? = nil,
                version: Int = 0, updatedAt: Date = Date(timeIntervalSince1970: 0), updatedBy: String = "") {
        self.id = id
        self.kind = kind
        self.name = name
        self.birthDate = birthDate
        self.phone = phone
        self.email = email
        self.passportSeries = passportSeries
        self.passportNumber = passportNumber
        self.passportIssueDate = passportIssueDate
        self.passportIssuerCode = passportIssuerCode
        self.inn = inn
        self.kpp = kpp
        self.ogrn = ogrn
        self.address = address
        self.contactPerson = contactPerson
        self.consentGiven = consentGiven
        self.consentDate = consentDate
        self.dealershipID = dealershipID
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    public var person: PersonCustomerData {
        PersonCustomerData(fullName: name, birthDate: birthDate, phone: phone, email: email,
                           passportSeries: passportSeries, passportNumber: passportNumber,
                           passportIssueDate: passportIssueDate, passportIssuerCode: passportIssuerCode, inn: inn,
                           address: address, consentGiven: consentGiven, consentDate: consentDate)
    }

    public var company: CompanyCustomerData {
        CompanyCustomerData(name: name, inn: inn, kpp: kpp, ogrn: ogrn, address: address,
                            contactPerson: contactPerson, phone: phone, email: email)
    }

    public var soleTrader: SoleTraderCustomerData {
        SoleTraderCustomerData(fullName: name, inn: inn, ogrnip: ogrn, address: address,
                               contactPerson: contactPerson, phone: phone, email: email)
    }

    /// Format rules for what is filled in; a person's card also checks the
    /// passport against the birth date and (as a warning) the buyer's age.
    public func validate(today: CivilDate) -> [FieldIssue] {
        textIssues() + kindIssues(today: today)
    }

    /// Control characters and lengths of the free-text fields (`TextLimits.customers`); the
    /// formatted ones (phone, passport, INN…) are only checked for control characters.
    public func textIssues() -> [FieldIssue] {
        TextRules.issues(table: "customers", [
            ("name", name), ("phone", phone), ("email", email), ("passport_series", passportSeries),
            ("passport_number", passportNumber), ("passport_issuer_code", passportIssuerCode), ("inn", inn),
            ("kpp", kpp), ("ogrn", ogrn), ("address", address), ("contact_person", contactPerson),
        ])
    }

    private func kindIssues(today: CivilDate) -> [FieldIssue] {
        switch kind {
        case .person:
            // The person type names its field full_name; the card binds `name`.
            return person.validate(today: today).map { issue in
                var issue = issue
                if issue.field == "full_name" { issue.field = "name" }
                return issue
            }
        case .company:
            return company.validate()
        case .soleTrader:
            // The card binds the ОГРНИП to the one `ogrn` column.
            return soleTrader.validate().map { issue in
                var issue = issue
                if issue.field == "ogrnip" { issue.field = "ogrn" }
                return issue
            }
        }
    }

    /// What a contract of sale still needs.
    public func missingForContract() -> [CustomerDataGap] {
        switch kind {
        case .person: person.missingForContract()
        case .company: company.missingForContract()
        case .soleTrader: soleTrader.missingForContract()
        }
    }

    /// The same text with phone, passport and tax numbers in their stored
    /// form (`+79161234567`, digits only). Values that do not parse are left
    /// as typed, for `validate` to report.
    public func normalized() -> Customer {
        var copy = self
        copy.name = name.trimmingWhitespace()
        if !phone.trimmingWhitespace().isEmpty, let normal = PhoneNumber.normalize(phone).phone { copy.phone = normal }
        copy.email = email.trimmingWhitespace()
        copy.passportSeries = RussianPassport.normalized(passportSeries)
        copy.passportNumber = RussianPassport.normalized(passportNumber)
        copy.passportIssuerCode = passportIssuerCode.trimmingWhitespace()
        copy.inn = INN.normalized(inn)
        copy.kpp = KPP.normalized(kpp).uppercased()
        copy.ogrn = OGRN.normalized(ogrn)
        copy.address = address.trimmingWhitespace()
        copy.contactPerson = contactPerson.trimmingWhitespace()
        if kind == .soleTrader { copy.kpp = "" }
        if kind.isBusiness {
            copy.birthDate = nil
            copy.passportSeries = ""
            copy.passportNumber = ""
            copy.passportIssueDate = nil
            copy.passportIssuerCode = ""
        }
        return copy
    }
}
