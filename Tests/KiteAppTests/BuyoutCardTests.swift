import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// The appraisal card: goldens of a new and a filled card at 80×24 and 160×48; an
/// appraisal created through the card (seller picked, VIN decoded on leaving the field,
/// a defect and a paint reading in the tables) seen in the list; a failed save naming
/// the fields and keeping what was typed; F9 making the offer with a reason.
@MainActor
@Suite("Buyout: the appraisal card")
struct BuyoutCardTests {
    /// A seller (KZN) and, when `offered`, a KZN Polo offered at the formula's price.
    private func harness(rows: Int, columns: Int, offered: Bool = false) throws -> AppHarness {
        let harness = try AppHarness(rows: rows, columns: columns)
        let kzn = try harness.dealershipID("KZN")
        let seller = try #require(try harness.connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, dealership_id, phone, updated_by)
            VALUES ('person', 'Гарипов Ринат Ильдарович', \(kzn), '+79170000001', 'seed') RETURNING id
            """))
        guard offered else { return harness }
        let appraisals = AppraisalRepository(connection: harness.connection)
        var a = Appraisal()
        a.dealershipID = kzn
        a.sellerID = seller
        a.vin = VINGenerator.make(wmi: "XW8", vds: "GFK11", modelYear: 2019, serial: 501)
        a.make = "Volkswagen"
        a.model = "Polo"
        a.modelYear = 2019
        a.mileageKm = 87_500
        a.colour = "белый"
        a.ptsNumber = "164301012345671"
        a.appraiserLogin = "sidorova"
        let stored = try appraisals.create(a, on: CivilDate(year: 2026, month: 12, day: 3)!, actor: "sidorova")
        try appraisals.saveAnswers(appraisalID: stored.id, [AppraisalAnswer(itemCode: "body.scratches", answer: .defect, severity: .minor, note: "скол")],
                                   actor: "sidorova")
        try appraisals.savePaint(appraisalID: stored.id, [PaintReading(panel: "hood", microns: 260)], actor: "sidorova")
        try appraisals.addReconditioning(appraisalID: stored.id, ReconditioningLine(description: "Покраска бампера", amount: Money(roubles: 18_000)),
                                         actor: "sidorova")
        let (breakdown, _) = try appraisals.breakdown(for: stored, expectedRetail: Money(roubles: 1_250_000))
        try appraisals.offer(appraisalID: stored.id, breakdown: breakdown, amount: breakdown.formulaOffer, reason: "", actor: "sidorova")
        try harness.connection.transaction { c in
            try c.execute("SELECT set_config('kite.appraisal_command', 'on', true)")
            try c.execute("UPDATE appraisals SET offer_valid_until = '2030-12-10' WHERE id = \(stored.id)")
        }
        return harness
    }

    @Test("a new and a filled appraisal card at 80×24 and 160×48")
    func goldens() throws {
        for (rows, columns) in [(24, 80), (48, 160)] {
            let harness = try harness(rows: rows, columns: columns, offered: true)
            defer { harness.shutdown() }
            harness.press(.alt("5"))
            harness.press(.insert)
            expectScreen(harness.screen, golden: "appraisal-new-\(columns)x\(rows)")
            harness.press(.escape)
            harness.press(.enter)
            expectScreen(harness.screen, golden: "appraisal-\(columns)x\(rows)")
        }
    }

    @Test("an appraisal made through the card: the seller picked, the VIN decoded, a defect and a reading, then in the list")
    func createThroughCard() throws {
        let harness = try harness(rows: 40, columns: 120)
        defer { harness.shutdown() }
        harness.press(.alt("5"))
        harness.press(.insert)
        #expect(harness.screen.contains("Оценка · новая"), "\(harness.screen)")
        // The seller: typing opens the search, Enter takes the first.
        harness.type("Гарип")
        #expect(harness.screen.contains("Гарипов Ринат Ильдарович"))
        harness.press(.enter)
        #expect(harness.screen.contains("Гарипов Ринат Ильдарович · +79170000001"), "\(harness.screen)")
        // To the VIN (the source keeps its first choice); leaving it fills the make and the year.
        harness.press(.tab)
        harness.type(VINGenerator.make(wmi: "XTA", vds: "GFK11", modelYear: 2020, serial: 777))
        harness.press(.tab)
        #expect(harness.screen.contains("Lada") && harness.screen.contains("2020"), "\(harness.screen)")
        harness.press(.tab)   // the model
        harness.type("Vesta")
        harness.press(.tab, .tab)   // the year, the mileage
        harness.type("96000")
        for _ in 0..<5 { harness.press(.tab) }   // body, colour, plate, PTS kind → the PTS number
        harness.type("164301012345678")
        // A defect in the checklist: F6 to the tables, Enter on the first item.
        harness.press(.function(6))
        harness.press(.enter)
        harness.press(.right, .right)   // ok → defect
        harness.press(.down)
        harness.press(.right)           // minor
        harness.press(.down)
        harness.type("царапина")
        harness.press(.function(2))
        #expect(harness.screen.contains("царапина"), "\(harness.screen)")
        // A paint reading: Tab to the paint table, Enter on the hood.
        harness.press(.tab)
        harness.press(.enter)
        harness.type("320")
        #expect(harness.screen.contains("шпатлёвка"), "\(harness.screen)")
        harness.press(.function(2))
        harness.press(.escape)
        harness.press(.function(2))
        #expect(harness.screen.contains("Оценка KZN-AP-2026-000001 сохранена") || harness.screen.contains("-AP-"), "\(harness.screen)")
        let stored = try #require(try AppraisalRepository(connection: harness.connection).list(AppraisalFilter()).first)
        #expect(stored.makeModel == "Lada Vesta" && stored.mileageKm == 96_000 && stored.sellerName == "Гарипов Ринат Ильдарович")
        let answers = try AppraisalRepository(connection: harness.connection).answers(appraisalID: stored.id)
        #expect(answers.count == 1 && answers[0].answer == .defect && answers[0].severity == .minor && answers[0].note == "царапина")
        #expect(try AppraisalRepository(connection: harness.connection).paint(appraisalID: stored.id).map(\.microns) == [320])
        harness.press(.escape)
        #expect(harness.screen.contains("Lada Vesta") && harness.screen.contains(stored.number), "\(harness.screen)")
    }

    @Test("a save without the required fields names each field and the rule, and keeps what was typed")
    func failedSaveKeepsTyping() throws {
        let harness = try harness(rows: 40, columns: 120)
        defer { harness.shutdown() }
        harness.press(.alt("5"))
        harness.press(.insert)
        harness.press(.tab, .tab)
        harness.type("XTAGFK11XL0000001")
        harness.press(.tab)
        harness.press(.function(2))
        #expect(harness.screen.contains("Продавец: обязательное поле"), "\(harness.screen)")
        #expect(harness.screen.contains("Укажите модель") || harness.screen.contains("«Модель»: обязательное поле"), "\(harness.screen)")
        #expect(harness.screen.contains("VIN: контрольный знак") || harness.screen.contains("Контрольный знак"), "\(harness.screen)")
        #expect(harness.screen.contains("XTAGFK11XL0000001"))
        #expect(try AppraisalRepository(connection: harness.connection).list(AppraisalFilter()).isEmpty)
    }

    @Test("F9 makes the offer; an amount other than the formula's asks the reason")
    func offerWithReason() throws {
        let harness = try harness(rows: 40, columns: 120, offered: true)
        defer { harness.shutdown() }
        harness.press(.alt("5"))
        harness.press(.enter)
        #expect(harness.screen.contains("Предложение " + Money(roubles: 1_039_500).formatted(.ru) + " = "), "\(harness.screen)")
        harness.press(.function(9))
        #expect(harness.screen.contains("Предложение по оценке KZN-AP-2026-000001"), "\(harness.screen)")
        harness.press(.tab)
        harness.type("1000000")
        harness.press(.function(2))
        #expect(harness.screen.contains("вместо расчётного"), "\(harness.screen)")
        harness.press(.enter)
        #expect(harness.screen.contains("Причина: обязательное поле"), "\(harness.screen)")
        harness.type("торг с продавцом")
        harness.press(.enter)
        let stored = try #require(try AppraisalRepository(connection: harness.connection).get(number: "KZN-AP-2026-000001"))
        #expect(stored.offerAmount == Money(roubles: 1_000_000) && stored.offerReason == "торг с продавцом")
        #expect(harness.screen.contains("торг с продавцом"), "\(harness.screen)")
    }

    @Test("after the seller declined, F9 makes a counter-offer, and the card says so")
    func counterOfferAfterADecline() throws {
        let harness = try harness(rows: 40, columns: 120, offered: true)
        defer { harness.shutdown() }
        let appraisals = AppraisalRepository(connection: harness.connection)
        let stored = try #require(try appraisals.get(number: "KZN-AP-2026-000001"))
        try appraisals.answer(appraisalID: stored.id, accepted: false, reason: "мало", actor: "sidorova")
        harness.press(.alt("5"))
        harness.press(.enter)
        #expect(harness.screen.contains("отказ") || harness.screen.contains("мало"), "\(harness.screen)")
        #expect(harness.screen.contains("F9 — встречное предложение"), "\(harness.screen)")
        harness.press(.function(9))
        #expect(harness.screen.contains("Встречное предложение по оценке KZN-AP-2026-000001"), "\(harness.screen)")
        harness.press(.tab)
        harness.type("1100000")
        harness.press(.function(2))
        harness.type("встречное после отказа")
        harness.press(.enter)
        let after = try #require(try appraisals.get(id: stored.id))
        #expect(after.state == .offered && after.offerAmount == Money(roubles: 1_100_000))
    }

    @Test("Del clears a recorded checklist answer and a paint reading; F2 removes them from the database, the rest stays")
    func deleteClearsRecordedRows() throws {
        let harness = try harness(rows: 40, columns: 120, offered: true)
        defer { harness.shutdown() }
        let appraisals = AppraisalRepository(connection: harness.connection)
        let id = try #require(try appraisals.get(number: "KZN-AP-2026-000001")?.id)
        // The first item of the checklist answered too, so that it is the row F6 lands on.
        try appraisals.saveAnswers(appraisalID: id, [AppraisalAnswer(itemCode: "documents.pts_matches", answer: .ok)], actor: "sidorova")
        harness.press(.alt("5"))
        harness.press(.enter)
        harness.press(.function(6))
        harness.press(.delete)
        #expect(harness.screen.contains("Удалить строку"), "\(harness.screen)")
        harness.type("y")
        #expect(!harness.screen.contains("норма"), "\(harness.screen)")
        harness.press(.tab)        // the paint table: the hood first
        harness.press(.delete)
        harness.type("y")
        harness.press(.escape)
        harness.press(.function(2))
        #expect(!harness.screen.contains("не стереть") && harness.screen.contains("сохранена"), "\(harness.screen)")
        #expect(try appraisals.answers(appraisalID: id).map(\.itemCode) == ["body.scratches"])
        #expect(try appraisals.paint(appraisalID: id).isEmpty)
    }

    @Test("the source trade-in shows the deal field: a save without it names the rule, the picker finds the deal, F2 links it")
    func tradeInDealFromTheCard() throws {
        let harness = try harness(rows: 40, columns: 120, offered: true)
        defer { harness.shutdown() }
        let kzn = try harness.dealershipID("KZN")
        let buyer = try #require(try harness.connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, dealership_id, phone, updated_by)
            VALUES ('person', 'Сафина Гульнара Маратовна', \(kzn), '+79170000002', 'seed') RETURNING id
            """))
        let deal = try #require(try harness.connection.fetchOne(Int64.self, """
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, stage, list_price, sale_price, total_amount,
                               amount_due, customer_part, updated_by)
            VALUES ('KZN-2026-000777', \(kzn), 'sidorova', \(buyer), 'draft', 3000000, 3000000, 3000000, 3000000, 3000000, 'test')
            RETURNING id
            """))
        harness.press(.alt("5"))
        harness.press(.enter)
        #expect(!harness.screen.contains("Сделка*"), "\(harness.screen)")
        harness.press(.tab)          // the source
        harness.press(.right)        // walk-in → trade-in
        #expect(harness.screen.contains("трейд-ин") && harness.screen.contains("Сделка*"), "\(harness.screen)")
        harness.press(.function(2))
        #expect(harness.screen.contains("Трейд-ин: выберите сделку"), "\(harness.screen)")
        let appraisals = AppraisalRepository(connection: harness.connection)
        #expect(try appraisals.get(number: "KZN-AP-2026-000001")?.source == .walkIn)
        // The refusal focused the deal: typing in its field searches the dealership's open deals.
        harness.type("Сафина")
        #expect(harness.screen.contains("KZN-2026-000777"), "\(harness.screen)")
        harness.press(.enter)
        #expect(harness.screen.contains("KZN-2026-000777 · Сафина Гульнара Маратовна"), "\(harness.screen)")
        harness.press(.function(2))
        #expect(harness.screen.contains("сохранена"), "\(harness.screen)")
        let stored = try #require(try appraisals.get(number: "KZN-AP-2026-000001"))
        #expect(stored.source == .tradeIn && stored.dealID == deal)
        // Opened again, the card shows the deal by its number.
        harness.press(.escape)
        harness.press(.enter)
        #expect(harness.screen.contains("KZN-2026-000777 · Сафина Гульнара Маратовна"), "\(harness.screen)")
    }
}
