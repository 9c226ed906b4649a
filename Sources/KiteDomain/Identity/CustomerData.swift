import Foundation

/// A private person's data as typed on the customer card. Empty text and
/// `nil` dates mean "not filled in"; format rules apply only to what is filled.
public struct PersonCustomerData: Sendable, Hashable, Codable {
    public var fullName: String
    public var birthDate: CivilDate?
    public var phone: String
    public var email: String
    public var passportSeries: String
    public var passportNumber: String
    public var passportIssueDate: CivilDate?
    public var passportIssuerCode: String
    public var inn: String
    public var address: String
    /// Consent to personal-data processing (Federal Law 152-FZ) and its date.
    public var consentGiven: Bool
    public var consentDate: CivilDate?

    public init(fullName: String = "", birthDate: CivilDate? = nil, phone: String = "", email: String = "",
                passportSeries: String = "", passportNumber: String = "", passportIssueDate: CivilDate? = nil,
                passportIssuerCode: String = "", inn: String = "", address: String = "", consentGiven: Bool = false,
                consentDate: CivilDate? = nil) {
        self.fullName = fullName
        self.birthDate = birthDate
        self.phone = phone
        self.email = email
        self.passportSeries = passportSeries
        self.passportNumber = passportNumber
        self.passportIssueDate = passportIssueDate
        self.passportIssuerCode = passportIssuerCode
        self.inn = inn
        self.address = address
        self.consentGiven = consentGiven
        self.consentDate = consentDate
    }

    var hasPassport: Bool {
        !passportSeries.trimmingWhitespace().isEmpty || !passportNumber.trimmingWhitespace().isEmpty
            || passportIssueDate != nil || !passportIssuerCode.trimmingWhitespace().isEmpty
    }

    /// Format rules for what is filled in (a card may be saved half-empty);
    /// the 18-years rule is for a buyer, checked here when the birth date is known.
    public func validate(today: CivilDate) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if fullName.trimmingWhitespace().isEmpty {
            issues.append(.error("full_name", ru: "ФИО: не указано", en: "Full name: is empty"))
        }
        if let birthDate { issues += PersonAge.validateBuyer(birthDate: birthDate, today: today) }
        if !phone.trimmingWhitespace().isEmpty { issues += PhoneNumber.validate(phone) }
        if !email.trimmingWhitespace().isEmpty { issues += EmailAddress.validate(email) }
        if hasPassport {
            issues += RussianPassport.validate(series: passportSeries, number: passportNumber, issueDate: passportIssueDate,
                                               issuerCode: passportIssuerCode, birthDate: birthDate, today: today)
        }
        if !inn.trimmingWhitespace().isEmpty { issues += INN.validatePerson(inn) }
        if consentGiven, let consentDate, consentDate > today {
            issues.append(.error("consent_date", ru: "Дата согласия: в будущем", en: "Consent date: in the future"))
        }
        if consentGiven && consentDate == nil {
            issues.append(.error("consent_date", ru: "Дата согласия: не указана", en: "Consent date: is empty"))
        }
        return issues
    }

    /// What a contract of sale needs and is not filled in: full name, birth
    /// date, passport (all four parts), address, phone, and the consent.
    /// Feed to `DealFacts(customerDataComplete:missingCustomerData:)`.
    public func missingForContract() -> [CustomerDataGap] {
        var gaps: [CustomerDataGap] = []
        func need(_ filled: Bool, _ field: String, _ ru: String, _ en: String) {
            if !filled { gaps.append(CustomerDataGap(field: field, label: LocalizedText(ru: ru, en: en))) }
        }
        need(!fullName.trimmingWhitespace().isEmpty, "full_name", "ФИО", "full name")
        need(birthDate != nil, "birth_date", "дата рождения", "birth date")
        need(!passportSeries.trimmingWhitespace().isEmpty && !passportNumber.trimmingWhitespace().isEmpty
             && passportIssueDate != nil && !passportIssuerCode.trimmingWhitespace().isEmpty,
             "passport", "паспорт", "passport")
        need(!address.trimmingWhitespace().isEmpty, "address", "адрес", "address")
        need(!phone.trimmingWhitespace().isEmpty, "phone", "телефон", "phone")
        need(consentGiven, "consent", "согласие на обработку персональных данных", "consent to personal-data processing")
        return gaps
    }
}

/// A company's data as typed on the customer card.
public struct CompanyCustomerData: Sendable, Hashable, Codable {
    public var name: String
    public var inn: String
    public var kpp: String
    public var ogrn: String
    public var address: String
    public var contactPerson: String
    public var phone: String
    public var email: String

    public init(name: String = "", inn: String = "", kpp: String = "", ogrn: String = "", address: String = "",
                contactPerson: String = "", phone: String = "", email: String = "") {
        self.name = name
        self.inn = inn
        self.kpp = kpp
        self.ogrn = ogrn
        self.address = address
        self.contactPerson = contactPerson
        self.phone = phone
        self.email = email
    }

    public func validate() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if name.trimmingWhitespace().isEmpty {
            issues.append(.error("name", ru: "Наименование: не указано", en: "Name: is empty"))
        }
        if !inn.trimmingWhitespace().isEmpty { issues += INN.validateCompany(inn) }
        if !kpp.trimmingWhitespace().isEmpty { issues += KPP.validate(kpp) }
        if !ogrn.trimmingWhitespace().isEmpty { issues += OGRN.validateCompany(ogrn) }
        if !phone.trimmingWhitespace().isEmpty { issues += PhoneNumber.validate(phone) }
        if !email.trimmingWhitespace().isEmpty { issues += EmailAddress.validate(email) }
        return issues
    }

    /// A contract with a company needs its name, INN, KPP, OGRN, address and a contact person.
    public func missingForContract() -> [CustomerDataGap] {
        var gaps: [CustomerDataGap] = []
        func need(_ text: String, _ field: String, _ ru: String, _ en: String) {
            if text.trimmingWhitespace().isEmpty { gaps.append(CustomerDataGap(field: field, label: LocalizedText(ru: ru, en: en))) }
        }
        need(name, "name", "наименование", "name")
        need(inn, "inn", "ИНН", "INN")
        need(kpp, "kpp", "КПП", "KPP")
        need(ogrn, "ogrn", "ОГРН", "OGRN")
        need(address, "address", "адрес", "address")
        need(contactPerson, "contact_person", "контактное лицо", "contact person")
        return gaps
    }
}

/// A sole trader's (ИП) data as typed on the customer card: a person's full name
/// registered for business, a 12-digit INN (a person's check digits) and a
/// 15-digit ОГРНИП starting with 3. No KPP, no passport on the card.
public struct SoleTraderCustomerData: Sendable, Hashable, Codable {
    public var fullName: String
    public var inn: String
    public var ogrnip: String
    public var address: String
    public var contactPerson: String
    public var phone: String
    public var email: String

    public init(fullName: String = "", inn: String = "", ogrnip: String = "", address: String = "",
                contactPerson: String = "", phone: String = "", email: String = "") {
        self.fullName = fullName
        self.inn = inn
        self.ogrnip = ogrnip
        self.address = address
        self.contactPerson = contactPerson
        self.phone = phone
        self.email = email
    }

    public func validate() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if fullName.trimmingWhitespace().isEmpty {
            issues.append(.error("name", ru: "ФИО предпринимателя: не указано", en: "Sole trader's full name: is empty"))
        }
        if !inn.trimmingWhitespace().isEmpty {
            // A sole trader's INN is the person's: 12 digits.
            if inn.removingTypedSpaces().count == 10 {
                issues.append(.error("inn", ru: "ИНН у ИП: нужно 12 цифр (10 — у организации)",
                                     en: "A sole trader's INN: 12 digits needed (10 is a company's)"))
            } else {
                issues += INN.validatePerson(inn)
            }
        }
        if !ogrnip.trimmingWhitespace().isEmpty { issues += OGRN.validateSoleProprietor(ogrnip) }
        if !phone.trimmingWhitespace().isEmpty { issues += PhoneNumber.validate(phone) }
        if !email.trimmingWhitespace().isEmpty { issues += EmailAddress.validate(email) }
        return issues
    }

    /// A contract with a sole trader needs the full name, INN, ОГРНИП and address.
    public func missingForContract() -> [CustomerDataGap] {
        var gaps: [CustomerDataGap] = []
        func need(_ text: String, _ field: String, _ ru: String, _ en: String) {
            if text.trimmingWhitespace().isEmpty { gaps.append(CustomerDataGap(field: field, label: LocalizedText(ru: ru, en: en))) }
        }
        need(fullName, "name", "ФИО", "full name")
        need(inn, "inn", "ИНН", "INN")
        need(ogrnip, "ogrn", "ОГРНИП", "OGRNIP")
        need(address, "address", "адрес", "address")
        return gaps
    }
}

/// A piece of customer data a contract needs and does not have.
public struct CustomerDataGap: Sendable, Hashable {
    public var field: String
    public var label: LocalizedText

    /// The labels of the fields a contract with a customer of `kind` needs, for the codes
    /// the database's contract gate names (`kite_customer_contract_gaps`, migration 0041:
    /// the same codes as `missingForContract`); an unknown code is shown as it is.
    public static func contractLabels(_ codes: [String], kind: CustomerKind) -> [LocalizedText] {
        let all = Customer(kind: kind).missingForContract()
        return codes.map { code in all.first { $0.field == code }?.label ?? LocalizedText(ru: code, en: code) }
    }
}
