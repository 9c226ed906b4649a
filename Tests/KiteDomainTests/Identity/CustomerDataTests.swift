import Testing
@testable import KiteDomain

@Suite struct CustomerDataTests {
    let today = CivilDate(year: 2026, month: 11, day: 24)!

    var complete: PersonCustomerData {
        PersonCustomerData(fullName: "Иванов Иван Иванович", birthDate: CivilDate(year: 1990, month: 2, day: 1),
                           phone: "+7 (916) 123-45-67", email: "ivanov@example.ru", passportSeries: "4508",
                           passportNumber: "123456", passportIssueDate: CivilDate(year: 2010, month: 3, day: 15),
                           passportIssuerCode: "770-001", inn: "500100732259", address: "Москва, ул. Тверская, 1",
                           consentGiven: true, consentDate: CivilDate(year: 2026, month: 11, day: 20))
    }

    @Test func completePerson() {
        #expect(complete.validate(today: today).isEmpty)
        #expect(complete.missingForContract().isEmpty)
    }

    @Test func halfFilledPersonSavesButCannotContract() {
        let person = PersonCustomerData(fullName: "Петров Пётр", phone: "8 916 000 00 00")
        #expect(person.validate(today: today).isEmpty)
        let gaps = person.missingForContract()
        #expect(gaps.map(\.field) == ["birth_date", "passport", "address", "consent"])
        var facts = DealFacts(customerDataComplete: gaps.isEmpty, missingCustomerData: gaps.map(\.label))
        facts.vehicleAvailable = true
        guard case .failure(let refusal) = DealStage.reserved.transition(to: .contracted, facts: facts) else {
            Issue.record("expected a refusal"); return
        }
        #expect(refusal.message.ru == "Нельзя заключить договор: не заполнены данные клиента (дата рождения, паспорт, адрес, согласие на обработку персональных данных)")
    }

    @Test func wrongValuesAreNamedByField() {
        var person = complete
        person.inn = "500100732250"
        person.phone = "12345"
        person.passportIssuerCode = "770001"
        person.birthDate = CivilDate(year: 2010, month: 1, day: 1)
        let fields = person.validate(today: today).map(\.field)
        #expect(fields.contains("inn") && fields.contains("phone") && fields.contains("passport_issuer_code")
                && fields.contains("birth_date") && fields.contains("passport_issue_date"))
    }

    @Test func company() {
        let sber = CompanyCustomerData(name: "ПАО Сбербанк", inn: "7707083893", kpp: "773601001", ogrn: "1027700132195",
                                       address: "Москва, ул. Вавилова, 19", contactPerson: "Сидоров С.С.")
        #expect(sber.validate().isEmpty)
        #expect(sber.missingForContract().isEmpty)
        var broken = sber
        broken.inn = "7707083894"
        broken.ogrn = "1027700132196"
        broken.contactPerson = ""
        #expect(broken.validate().map(\.field) == ["inn", "ogrn"])
        #expect(broken.missingForContract().map(\.field) == ["contact_person"])
    }
}
