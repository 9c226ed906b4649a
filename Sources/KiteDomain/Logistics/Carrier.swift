import Foundation

/// A car-carrier company (перевозчик) the group contracts with: who it is (INN, KPP),
/// the contract, whom to call, and its rates (per car carried, or per trip).
public struct Carrier: Sendable, Hashable {
    public var id: Int64 = 0
    public var name = ""
    public var inn = ""
    public var kpp = ""
    public var contractNumber = ""
    public var contractDate: CivilDate?
    public var contactPerson = ""
    public var phone = ""
    public var email = ""
    public var ratePerCar: Money?
    public var ratePerTrip: Money?
    public var version = 0
    public var updatedAt = Date(timeIntervalSince1970: 0)
    public var updatedBy = ""

    public init() {}

    public init(name: String, inn: String, kpp: String = "", contractNumber: String = "", contractDate: CivilDate? = nil,
                contactPerson: String = "", phone: String = "", email: String = "",
                ratePerCar: Money? = nil, ratePerTrip: Money? = nil) {
        self.name = name
        self.inn = inn
        self.kpp = kpp
        self.contractNumber = contractNumber
        self.contractDate = contractDate
        self.contactPerson = contactPerson
        self.phone = phone
        self.email = email
        self.ratePerCar = ratePerCar
        self.ratePerTrip = ratePerTrip
    }

    /// The longest text each field keeps (the database checks the same).
    public static let maxLengths: [String: Int] = [
        "name": 200, "contract_number": 50, "contact_person": 200, "phone": 20, "email": 200,
    ]

    /// Problems by field: a name, a valid INN (a company's 10 digits or a sole trader's 12),
    /// a KPP for a company, a contract date not in the future, rates not negative, at least
    /// one rate, phone and e-mail in their forms.
    public func validate(today: CivilDate) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(.error("name", ru: "Наименование: обязательное поле", en: "Name: required"))
        }
        issues += INN.validateAny(inn)
        if !kpp.isEmpty {
            issues += KPP.validate(kpp)
        } else if INN.normalized(inn).count == 10 {
            issues.append(.error("kpp", ru: "КПП: у организации (ИНН из 10 цифр) он обязателен",
                                 en: "KPP: required for a company (a 10-digit INN)"))
        }
        if let contractDate, contractDate > today {
            issues.append(.error("contract_date", ru: "Дата договора: не позже сегодняшнего дня",
                                 en: "Contract date: not after today"))
        }
        for (field, rate) in [("rate_per_car", ratePerCar), ("rate_per_trip", ratePerTrip)] {
            if let rate, rate.isNegative {
                issues.append(.error(field, ru: "Ставка: не меньше нуля", en: "Rate: not below zero"))
            }
        }
        if ratePerCar == nil, ratePerTrip == nil {
            issues.append(.warning("rate_per_car", ru: "Ставки не указаны: стоимость рейсов придётся вводить вручную",
                                   en: "No rates: each trip's price will have to be typed"))
        }
        if !phone.isEmpty { issues += PhoneNumber.validate(phone) }
        if !email.isEmpty { issues += EmailAddress.validate(email) }
        issues += TextRules.issues(table: "carriers", [("name", name), ("inn", inn), ("kpp", kpp),
                                                       ("contract_number", contractNumber),
                                                       ("contact_person", contactPerson), ("phone", phone), ("email", email)])
        return issues
    }
}
