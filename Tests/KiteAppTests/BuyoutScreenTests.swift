import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// `:appraisals` (Alt-5): the appraisals list as goldens at 80×24 and 160×48 (fixed offer
/// dates), and its filters: state, mine, expiring.
@MainActor
@Suite("Buyout: the appraisals list")
struct BuyoutScreenTests {
    /// Three KZN appraisals: a draft, an offer (valid until 10.12.2030), one accepted.
    private func harness(rows: Int, columns: Int, language: Language = .ru) throws -> AppHarness {
        let harness = try AppHarness(rows: rows, columns: columns, language: language)
        let kzn = try harness.dealershipID("KZN")
        let appraisals = AppraisalRepository(connection: harness.connection)
        let cars: [(String, String, String, Int, Int, String, Int64?, Bool)] = [
            ("Гарипов Ринат Ильдарович", "XTA", "Vesta", 2020, 96_000, "sidorova", nil, false),
            ("Хабибуллина Алсу Маратовна", "XW8", "Polo", 2019, 87_500, "volkova", 1_250_000, false),
            ("Лебедев Павел Андреевич", "Z94", "Rio", 2021, 41_200, "volkova", 1_100_000, true),
        ]
        for (index, car) in cars.enumerated() {
            let seller = try #require(try harness.connection.fetchOne(Int64.self, """
                INSERT INTO customers (kind, name, dealership_id, phone, updated_by)
                VALUES ('person', \(car.0), \(kzn), \("+7917000000" + String(index)), 'seed') RETURNING id
                """))
            var a = Appraisal()
            a.dealershipID = kzn
            a.sellerID = seller
            a.vin = VINGenerator.make(wmi: car.1, vds: "GFK11", modelYear: car.3, serial: 500 + index)
            a.make = car.1 == "XTA" ? "Lada" : car.1 == "XW8" ? "Volkswagen" : "Kia"
            a.model = car.2
            a.modelYear = car.3
            a.mileageKm = car.4
            a.ptsNumber = "16430101234567" + String(index)
            a.appraiserLogin = car.5
            let stored = try appraisals.create(a, on: CivilDate(year: 2026, month: 12, day: 3)!, actor: car.5)
            guard let retail = car.6 else { continue }
            let (breakdown, _) = try appraisals.breakdown(for: stored, expectedRetail: Money(roubles: retail))
            try appraisals.offer(appraisalID: stored.id, breakdown: breakdown, amount: breakdown.formulaOffer, reason: "", actor: car.5)
            if car.7 { try appraisals.answer(appraisalID: stored.id, accepted: true, actor: car.5) }
            try harness.connection.transaction { c in
                try c.execute("SELECT set_config('kite.appraisal_command', 'on', true)")
                try c.execute("UPDATE appraisals SET offer_valid_until = '2030-12-10' WHERE id = \(stored.id)")
            }
        }
        return harness
    }

    @Test("the appraisals list at 80×24 and 160×48")
    func goldens() throws {
        for (rows, columns) in [(24, 80), (48, 160)] {
            let harness = try harness(rows: rows, columns: columns)
            defer { harness.shutdown() }
            harness.press(.alt("5"))
            expectScreen(harness.screen, golden: "appraisals-\(columns)x\(rows)")
        }
    }

    @Test("t picks a state, m shows only mine, E the offers running out")
    func filters() throws {
        let harness = try harness(rows: 24, columns: 120)
        defer { harness.shutdown() }
        harness.press(.alt("5"))
        #expect(harness.screen.contains("Vesta") && harness.screen.contains("Polo") && harness.screen.contains("Rio"))
        // m: the harness is sidorova: only her draft.
        harness.type("m")
        #expect(harness.screen.contains("мои") && harness.screen.contains("Vesta") && !harness.screen.contains("Polo"))
        harness.type("m")
        // t: the state picker; "принято продавцом" leaves the Rio.
        harness.type("t")
        #expect(harness.screen.contains("Показать состояние"))
        for _ in 0..<5 { harness.press(.down) }
        harness.press(.enter)
        #expect(harness.screen.contains("Состояние: принято продавцом"), "\(harness.screen)")
        #expect(harness.screen.contains("Rio") && !harness.screen.contains("Vesta"))
        harness.press(.control("u"))
        // The filter line matches the seller.
        harness.type("/")
        harness.type("Хабиб")
        #expect(harness.screen.contains("Polo") && !harness.screen.contains("Rio"))
    }

    @Test("M picks an appraiser: the list shows only theirs, the chip names them, Ctrl-U clears it")
    func appraiserFilter() throws {
        let harness = try harness(rows: 24, columns: 120)
        defer { harness.shutdown() }
        harness.press(.alt("5"))
        harness.type("M")
        #expect(harness.screen.contains("Показать оценщика") && harness.screen.contains("Все оценщики"), "\(harness.screen)")
        #expect(harness.screen.contains("(volkova)") && harness.screen.contains("(sidorova)"), "\(harness.screen)")
        harness.press(.down)
        harness.press(.enter)
        if harness.screen.contains("Оценщик: volkova") {
            #expect(harness.screen.contains("Polo") && harness.screen.contains("Rio") && !harness.screen.contains("Vesta"), "\(harness.screen)")
        } else {
            #expect(harness.screen.contains("Оценщик: sidorova"), "\(harness.screen)")
            #expect(harness.screen.contains("Vesta") && !harness.screen.contains("Polo"), "\(harness.screen)")
        }
        harness.press(.control("u"))
        #expect(!harness.screen.contains("Оценщик:") && harness.screen.contains("Vesta") && harness.screen.contains("Polo"), "\(harness.screen)")
    }

    @Test("v shows the offer breakdown; y takes the seller's answer; a and b are refused by the rules in words")
    func commands() throws {
        let harness = try harness(rows: 30, columns: 120)
        defer { harness.shutdown() }
        harness.press(.alt("5"))
        harness.press(.down)   // the Polo, offered
        harness.type("v")
        #expect(harness.screen.contains("= Предложение") && harness.screen.contains(Money(roubles: 997_500).formatted(.ru)), "\(harness.screen)")
        #expect(harness.screen.contains("− Целевая маржа") && harness.screen.contains(Money(roubles: 125_000).formatted(.ru)))
        harness.press(.escape)
        // Not awaiting approval: a senior has nothing to approve.
        harness.type("a")
        #expect(harness.screen.contains("нельзя согласовать"), "\(harness.screen)")
        harness.press(.escape)
        harness.type("y")
        #expect(harness.screen.contains("Ответ продавца по оценке KZN-AP-2026-000002"))
        harness.press(.enter)
        #expect(harness.screen.contains("Оценка KZN-AP-2026-000002: принято продавцом"), "\(harness.screen)")
        // Buying without the checks' results is refused with the contract gate's words.
        harness.type("b")
        #expect(harness.screen.contains("Выкупить Volkswagen Polo по оценке KZN-AP-2026-000002"), "\(harness.screen)")
        harness.type("y")
        #expect(harness.screen.contains("Выкуп невозможен") && harness.screen.contains("не проводилась"), "\(harness.screen)")
    }

    @Test("v judges the paint by the make's own thresholds (BMW: factory up to 250 µm)")
    func summaryPaintByTheMakesThresholds() throws {
        let harness = try AppHarness(rows: 40, columns: 120)
        defer { harness.shutdown() }
        let kzn = try harness.dealershipID("KZN")
        let seller = try #require(try harness.connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, dealership_id, phone, updated_by)
            VALUES ('person', 'Гарипов Ринат Ильдарович', \(kzn), '+79170000001', 'seed') RETURNING id
            """))
        let appraisals = AppraisalRepository(connection: harness.connection)
        var a = Appraisal()
        a.dealershipID = kzn
        a.sellerID = seller
        a.vin = VINGenerator.make(wmi: "WBA", vds: "JA111", modelYear: 2020, serial: 700)
        a.make = "BMW"
        a.model = "X5"
        a.modelYear = 2020
        a.mileageKm = 90_000
        a.ptsNumber = "164301012345679"
        let stored = try appraisals.create(a, on: CivilDate(year: 2026, month: 12, day: 3)!, actor: "volkova")
        try appraisals.savePaint(appraisalID: stored.id, [PaintReading(panel: "hood", microns: 220)], actor: "volkova")
        harness.press(.alt("5"))
        harness.type("v")
        // 220 µm is a repaint by the default thresholds (200), factory paint for BMW (250).
        #expect(harness.screen.contains("220 мкм ✓ заводская"), "\(harness.screen)")
    }
}
