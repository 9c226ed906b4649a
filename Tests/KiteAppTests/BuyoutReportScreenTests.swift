import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// The buyout report screen (`P` on the appraisals list): look-to-book above the list of the
/// cars bought with their reconditioning estimate against the actual; goldens at 80×24 and
/// 160×48; `p` changes the period.
@MainActor
@Suite("Buyout: the report screen")
struct BuyoutReportScreenTests {
    /// KZN: one appraisal bought (estimate 18 000 ₽, actual 25 000,50 ₽ in the cost ledger),
    /// one offered, one draft — all volkova's walk-ins.
    private func harness(rows: Int, columns: Int) throws -> AppHarness {
        let harness = try AppHarness(rows: rows, columns: columns)
        let c = harness.connection
        let kzn = try harness.dealershipID("KZN")
        let seller = try #require(try c.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, dealership_id, phone, updated_by)
            VALUES ('person', 'Гарипов Ринат Ильдарович', \(kzn), '+79170000001', 'seed') RETURNING id
            """))
        let appraisals = AppraisalRepository(connection: c)
        let day = BookDay.today()
        func appraisal(_ serial: Int, model: String) throws -> Appraisal {
            var a = Appraisal()
            a.dealershipID = kzn
            a.sellerID = seller
            a.vin = VINGenerator.make(wmi: "XW8", vds: "GFK11", modelYear: 2019, serial: serial)
            a.make = "Volkswagen"
            a.model = model
            a.modelYear = 2019
            a.mileageKm = 87_500
            a.ptsNumber = "16430101234567\(serial % 10)"
            a.appraiserLogin = "volkova"
            return try appraisals.create(a, on: day, actor: "volkova")
        }
        func offer(_ a: Appraisal) throws {
            let (breakdown, _) = try appraisals.breakdown(for: a, expectedRetail: Money(roubles: 1_250_000))
            try appraisals.offer(appraisalID: a.id, breakdown: breakdown, amount: breakdown.formulaOffer, reason: "", actor: "volkova")
        }
        let bought = try appraisal(601, model: "Polo")
        try appraisals.addReconditioning(appraisalID: bought.id, ReconditioningLine(description: "Полировка", amount: Money(roubles: 18_000)),
                                         actor: "volkova")
        try offer(bought)
        try appraisals.answer(appraisalID: bought.id, accepted: true, actor: "volkova")
        let names = try c.fetch(String.self, "SELECT unnest(blocking_checks) FROM dealerships WHERE id = \(kzn)")
        let checks = CheckResultRepository(connection: c)
        try checks.record(names.map { NewCheckResult(checkName: $0, status: .passed) }, subject: .appraisal, subjectID: bought.id, vin: bought.vin)
        try checks.record(names.map { NewCheckResult(checkName: $0, status: .passed) }, subject: .customer, subjectID: seller)
        let vehicle = try appraisals.buy(appraisalID: bought.id, locationID: nil, actor: "volkova")
        try c.execute("""
            INSERT INTO vehicle_costs (vehicle_id, kind, amount, source, note, actor)
            VALUES (\(vehicle), 'reconditioning', 25000.50, 'manual', 'полировка, диски', 'smirnov')
            """)
        try c.execute("UPDATE vehicles SET stock_number = 'KZN-000777' WHERE id = \(vehicle)")
        try offer(try appraisal(602, model: "Tiguan"))
        _ = try appraisal(603, model: "Jetta")
        return harness
    }

    @Test("look-to-book above the bought cars at 80×24 and 160×48")
    func goldens() throws {
        for (rows, columns) in [(24, 80), (48, 160)] {
            let harness = try harness(rows: rows, columns: columns)
            defer { harness.shutdown() }
            harness.press(.alt("5"))
            harness.type("P")
            let screen = harness.screen
            func rub(_ text: String) throws -> String { try Money.parse(text).formatted(.ru) }
            #expect(screen.contains("Отчёт по выкупу"), "\(screen)")
            #expect(try screen.contains("KZN-000777") && screen.contains(rub("18000")) && screen.contains(rub("25000,50"))
                    && screen.contains(rub("7000,50")), "\(screen)")
            #expect(screen.range(of: #"KZN\s+volkova\s+пришёл сам\s+3\s+2\s+1\s+50,0 %"#, options: .regularExpression) != nil, "\(screen)")
            expectScreen(harness.screen.replacingOccurrences(
                of: #"\d\d\.\d\d\.\d{4}–\d\d\.\d\d\.\d{4}"#, with: "ДД.ММ.ГГГГ–ДД.ММ.ГГГГ", options: .regularExpression),
                golden: "buyout-report-\(columns)x\(rows)")
        }
    }

    @Test("p sets the period: a period before the purchase shows nothing bought")
    func period() throws {
        let harness = try harness(rows: 40, columns: 120)
        defer { harness.shutdown() }
        harness.press(.alt("5"))
        harness.type("P")
        #expect(harness.screen.contains("KZN-000777"), "\(harness.screen)")
        harness.type("p")
        #expect(harness.screen.contains("Период отчёта"), "\(harness.screen)")
        harness.press(.control("u"))
        harness.type("01.01.2020")
        harness.press(.tab)
        harness.press(.control("u"))
        harness.type("31.12.2020")
        harness.press(.function(2))
        #expect(harness.screen.contains("Период: 01.01.2020–31.12.2020"), "\(harness.screen)")
        #expect(harness.screen.contains("За период ничего не выкуплено") && harness.screen.contains("За период оценок нет"),
                "\(harness.screen)")
    }
}
