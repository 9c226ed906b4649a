import KiteDomain
import Testing

@Suite struct CarrierTests {
    let today = CivilDate(year: 2026, month: 12, day: 3)!

    func carrier() -> Carrier {
        Carrier(name: "ООО «Автовоз-Транс»", inn: "7707083893", kpp: "773601001", ratePerCar: Money(roubles: 18_500))
    }

    func errors(_ c: Carrier) -> [String] { c.validate(today: today).filter { $0.severity == .error }.map(\.field) }

    @Test func aCompleteCompanyHasNoProblems() {
        #expect(carrier().validate(today: today).isEmpty)
    }

    @Test func aCompanyNeedsItsKPPaSoleTraderDoesNot() {
        var company = carrier()
        company.kpp = ""
        #expect(errors(company) == ["kpp"])
        var soleTrader = carrier()
        soleTrader.inn = "500100732259"   // 12 digits, valid check digits
        soleTrader.kpp = ""
        #expect(errors(soleTrader).isEmpty)
    }

    @Test func wrongINNFutureContractNegativeRate() {
        var c = carrier()
        c.inn = "7707083894"
        c.contractDate = CivilDate(year: 2026, month: 12, day: 4)!
        c.ratePerTrip = Money(kopecks: -1)
        #expect(Set(errors(c)) == ["inn", "contract_date", "rate_per_trip"])
    }

    @Test func withoutRatesOnlyAWarning() {
        var c = carrier()
        c.ratePerCar = nil
        let issues = c.validate(today: today)
        #expect(issues.map(\.severity) == [.warning])
        #expect(issues.first?.field == "rate_per_car")
    }

    @Test func aNameIsRequiredAndLimited() {
        var c = carrier()
        c.name = "  "
        #expect(errors(c) == ["name"])
        c.name = String(repeating: "я", count: 201)
        #expect(errors(c) == ["name"])
    }
}
