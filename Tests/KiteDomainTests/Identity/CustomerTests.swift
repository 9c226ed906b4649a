import Foundation
import KiteDomain
import Testing

@Suite("Customer: normalising, validation, contract data")
struct CustomerTests {
    let today = CivilDate(year: 2026, month: 11, day: 24)!

    @Test func normalisedKeepsStoredForms() {
        let c = Customer(kind: .person, name: "  Смирнова Ольга  ", phone: "8 (916) 123-45-67", passportSeries: "45 08",
                         passportNumber: "123 456", inn: "7707 0838 9312").normalized()
        #expect(c.name == "Смирнова Ольга")
        #expect(c.phone == "+79161234567")
        #expect(c.passportSeries == "4508")
        #expect(c.passportNumber == "123456")
        #expect(c.inn == "770708389312")
    }

    @Test func aCompanyDropsPersonOnlyFields() {
        let c = Customer(kind: .company, name: "ООО «Ромашка»", birthDate: today, passportSeries: "4508").normalized()
        #expect(c.birthDate == nil)
        #expect(c.passportSeries.isEmpty)
    }

    @Test func personIssuesNameTheCardFields() {
        let issues = Customer(kind: .person, name: "", birthDate: CivilDate(year: 2012, month: 1, day: 1),
                              inn: "770708389399").validate(today: today)
        #expect(issues.contains { $0.field == "name" })
        #expect(issues.contains { $0.field == "birth_date" && $0.message.ru.contains("18") })
        #expect(issues.contains { $0.field == "inn" })
        #expect(!issues.contains { $0.field == "full_name" })
    }

    @Test func companyChecksINNKPPAndOGRN() {
        let good = Customer(kind: .company, name: "ООО «Ромашка»", inn: "7707083893", kpp: "773601001", ogrn: "1027700132195")
        #expect(good.validate(today: today).isEmpty)
        var bad = good
        bad.ogrn = "1027700132194"
        #expect(bad.validate(today: today).map(\.field) == ["ogrn"])
    }

    @Test func soleTraderHasATwelveDigitINNAndAFifteenDigitOGRNIP() {
        #expect(CustomerKind(rawValue: "sole_trader") == .soleTrader)
        #expect(CustomerKind.soleTrader.label.ru == "ИП")
        let good = Customer(kind: .soleTrader, name: "Петров Пётр Петрович", inn: "5001 0073 2259", ogrn: "304 500116000157",
                            address: "Москва, ул. Льва Толстого, д. 16")
        #expect(good.normalized().validate(today: today).isEmpty)
        #expect(good.missingForContract().isEmpty)
        // A company's INN and OGRN are a sole trader's errors, each named with the card's field.
        var bad = good
        bad.inn = "7707083893"
        bad.ogrn = "1027700132195"
        let issues = bad.validate(today: today)
        #expect(issues.map(\.field) == ["inn", "ogrn"])
        #expect(issues[0].message.ru == "ИНН у ИП: нужно 12 цифр (10 — у организации)")
        #expect(issues[1].message.ru == "ОГРНИП: нужно 15 цифр")
        // No KPP and no passport are kept for a sole trader.
        let normal = Customer(kind: .soleTrader, name: "Петров Пётр", birthDate: today, passportSeries: "4508", kpp: "773601001").normalized()
        #expect(normal.kpp.isEmpty && normal.passportSeries.isEmpty && normal.birthDate == nil)
        #expect(Customer(kind: .soleTrader, name: "Петров Пётр").missingForContract().map(\.field) == ["inn", "ogrn", "address"])
    }

    @Test func missingForContractListsWhatAPersonLacks() {
        let gaps = Customer(kind: .person, name: "Орлов Кирилл", phone: "+79260000000").missingForContract().map(\.field)
        #expect(gaps.contains("passport"))
        #expect(gaps.contains("birth_date"))
        #expect(gaps.contains("consent"))
        #expect(!gaps.contains("phone"))
    }
}
