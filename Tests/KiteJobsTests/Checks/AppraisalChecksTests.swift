import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Issue 13: the checks of an appraisal's VIN run through kited's `appraisal.verify` (the
/// vehicle checks, the appraisal as their subject), and a pledge they find stops the purchase.
@Suite struct AppraisalChecksTests {
    @Test func savingAnAppraisalQueuesItsChecksAndAPledgeStopsThePurchase() throws {
        let fixture = try ChecksFixture()
        let vin = validVIN(wmi: "XTA", vds: "GFK11", year: 2020, serial: 42)
        try RegistryRepository(connection: fixture.connection).importVINs(
            [RegistryImportRow(line: 2, vin: vin, details: "залог: ООО Банк, договор 77")],
            into: .pledges, source: "fnp.csv", replace: false)
        let seller = try #require(try fixture.connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, dealership_id, phone, updated_by)
            VALUES ('person', 'Продавец Тестовый', \(fixture.dealershipID), '+79160001122', 'test') RETURNING id
            """))
        var a = Appraisal()
        a.dealershipID = fixture.dealershipID
        a.sellerID = seller
        a.vin = vin
        a.model = "Vesta"
        a.mileageKm = 90_000
        a.ptsNumber = "164301012345678"
        let appraisals = AppraisalRepository(connection: fixture.connection)
        let stored = try appraisals.create(a, on: CivilDate(year: 2026, month: 12, day: 3)!, actor: "volkova")
        #expect(stored.make == "Lada" && stored.modelYear == 2020)
        let outcomes = try fixture.runJobs()
        #expect(outcomes.count == 1)
        let results = try fixture.results.latest(subject: .appraisal, subjectID: stored.id)
        let statuses = Dictionary(uniqueKeysWithValues: results.map { ($0.checkName, $0.status) })
        #expect(statuses["pledge"] == .failed && statuses["vin_structure"] == .passed && statuses["mileage_rollback"] == .passed)
        // The reading is kept for the VIN: a lower mileage later is a rollback.
        #expect(try MileageReadingRepository(connection: fixture.connection).highest(vin: vin)?.km == 90_000)

        let (breakdown, _) = try appraisals.breakdown(for: stored, expectedRetail: Money(roubles: 900_000))
        try appraisals.offer(appraisalID: stored.id, breakdown: breakdown, amount: breakdown.formulaOffer, reason: "", actor: "volkova")
        try appraisals.answer(appraisalID: stored.id, accepted: true, actor: "volkova")
        let refusal = #expect(throws: AppraisalRefusal.self) { try appraisals.buy(appraisalID: stored.id, locationID: nil, actor: "volkova") }
        #expect(refusal?.localizedReason.ru.contains("договор 77") == true, "\(String(describing: refusal?.localizedReason.ru))")
    }
}
