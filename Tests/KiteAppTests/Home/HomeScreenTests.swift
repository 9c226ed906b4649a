import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import KiteTestSupport
import Testing

/// Issue 15: АРЦ, the home screen; typed work kept as drafts; the idle lock.
@Suite("Home, drafts and idle lock (issue 15)")
@MainActor
struct HomeScreenTests {
    /// The demo dealerships and five golden cars in MSK (one of them 95 days in stock).
    static func homeWithCars(rows: Int = 24, columns: Int = 80, language: Language = .ru, listens: Bool = false) throws -> AppHarness {
        let h = try AppHarness(rows: rows, columns: columns, language: language, start: .home, listens: listens)
        let repository = VehicleRepository(connection: h.connection)
        for vehicle in GoldenStock.vehicles(dealershipID: try h.dealershipID("MSK")) { try repository.insert(vehicle, actor: "seed") }
        h.press(.function(5))
        return h
    }

    @Test("kite opens on АРЦ: tiles of every module, counted by the database (80×24 and 160×40, ru and en)")
    func homeGoldens() throws {
        let h = try Self.homeWithCars()
        defer { h.shutdown() }
        #expect(h.screen.contains("АРЦ"))
        expectScreen(h.screen, golden: "home-80x24-ru")
        let wide = try Self.homeWithCars(rows: 40, columns: 160, language: .en)
        defer { wide.shutdown() }
        expectScreen(wide.screen, golden: "home-160x40-en")
    }

    @Test("Opening АРЦ reads the numbers once: at start (after the dealership is known) and by Alt-0 from elsewhere")
    func openingReadsOnce() throws {
        let h = try AppHarness(rows: 24, columns: 80, language: .ru, start: .home)
        defer { h.shutdown() }
        _ = h.app.tick()
        h.settle()
        let first = try #require(h.app.homeReads)
        #expect(first.hasNumbers)
        #expect(first.issued == 1)
        // To a tile's list and back: one more read, not two.
        h.press(.enter)
        #expect(h.app.stack.count == 2)
        h.press(.alt("0"))
        _ = h.app.tick()
        h.settle()
        #expect(h.app.stack.count == 1)
        #expect(h.app.homeReads?.issued == 2)
        // A stack rooted elsewhere (the stock list) gets a new home screen: one read.
        h.restart(start: .stock)
        h.press(.alt("0"))
        _ = h.app.tick()
        h.settle()
        let fresh = try #require(h.app.homeReads)
        #expect(fresh.hasNumbers)
        #expect(fresh.issued == 1)
    }

    @Test("Enter on the aged tile opens the stock list filtered to cars over 90 days; Alt-0 and :арц come back")
    func tileOpensItsFilteredList() throws {
        let h = try Self.homeWithCars()
        defer { h.shutdown() }
        // The sixth tile of the first group: «Стоят больше 90 дней».
        for _ in 0..<5 { h.press(.down) }
        #expect(h.screen.contains("Стоят больше 90 дней"))
        h.press(.enter)
        #expect(h.screen.contains("MSK-000005"))
        #expect(!h.screen.contains("MSK-000001"))
        #expect(h.screen.contains("прибыли"))
        h.press(.alt("0"))
        #expect(h.screen.contains("Стоят больше 90 дней"))
        // From a card, by the command line.
        h.press(.alt("1"))
        h.press(.enter)
        #expect(h.screen.contains("VIN"))
        h.press(.alt("x"))
        h.type("арц")
        h.press(.enter)
        #expect(h.screen.contains("Стоят больше 90 дней"))
        #expect(h.app.stack.count == 1)
    }

    @Test("The buyout tiles count appraisals awaiting approval and offers running out; Enter opens the list so filtered")
    func buyoutTilesOpenTheAppraisalsList() throws {
        let h = try AppHarness(rows: 24, columns: 80, language: .ru, start: .home)
        defer { h.shutdown() }
        let kzn = try h.dealershipID("KZN")
        let appraisals = AppraisalRepository(connection: h.connection)
        // Volkswagen Polo: above the approval limit, waiting (offer good for 10 days); Kia Rio:
        // offered, running out tomorrow; Lada Vesta: offered, good for 10 days.
        let cars: [(String, String, Int64, Int)] = [("XW8", "Polo", 5_000_000, 10), ("Z94", "Rio", 1_100_000, 1),
                                                    ("XTA", "Vesta", 1_000_000, 10)]
        for (index, car) in cars.enumerated() {
            let seller = try #require(try h.connection.fetchOne(Int64.self, """
                INSERT INTO customers (kind, name, dealership_id, updated_by) VALUES ('person', \("Продавец " + car.1), \(kzn), 'seed')
                RETURNING id
                """))
            var a = Appraisal()
            a.dealershipID = kzn
            a.sellerID = seller
            a.vin = VINGenerator.make(wmi: car.0, vds: "GFK11", modelYear: 2020, serial: 700 + index)
            a.make = car.0 == "XTA" ? "Lada" : car.0 == "XW8" ? "Volkswagen" : "Kia"
            a.model = car.1
            a.modelYear = 2020
            a.mileageKm = 50_000
            a.ptsNumber = "16430101234567" + String(index)
            let stored = try appraisals.create(a, on: CivilDate(year: 2026, month: 12, day: 3)!, actor: "volkova")
            let (breakdown, _) = try appraisals.breakdown(for: stored, expectedRetail: Money(roubles: car.2))
            try appraisals.offer(appraisalID: stored.id, breakdown: breakdown, amount: breakdown.formulaOffer, reason: "", actor: "volkova")
            try h.connection.transaction { c in
                try c.execute("SELECT set_config('kite.appraisal_command', 'on', true)")
                try c.execute("UPDATE appraisals SET offer_valid_until = appraisal_today(dealership_id) + (\(car.3))::int WHERE id = \(stored.id)")
            }
        }
        h.press(.function(5))
        func number(after title: String) -> String? {
            guard let line = h.screen.split(separator: "\n").first(where: { $0.contains(title) }),
                  let range = line.range(of: title) else { return nil }
            return line[range.upperBound...].split(separator: " ").first.map(String.init)
        }
        #expect(number(after: "Оценки на согласовании") == "1")
        #expect(number(after: "Предложения истекают за 3 дня") == "1")
        let ids = ModuleRegistry.standard.homeTiles.flatMap(\.tiles).map(\.id)
        let waiting = try #require(ids.firstIndex(of: "appraisals.awaiting_approval"))
        for _ in 0..<waiting { h.press(.down) }
        h.press(.enter)
        #expect(h.screen.contains("Volkswagen") && !h.screen.contains("Kia") && !h.screen.contains("Lada"))
        #expect(h.screen.contains("Состояние: на согласовании"))
        h.press(.alt("0"))
        #expect(h.screen.contains("Оценки на согласовании"))
        // Back on АРЦ the cursor is on the tile it opened: the next one is «expiring».
        h.press(.down)
        h.press(.enter)
        #expect(h.screen.contains("Kia Rio") && !h.screen.contains("Volkswagen") && !h.screen.contains("Lada"), "\(h.screen)")
        #expect(h.screen.contains("истекают за 3 дня"))
    }

    @Test("The tiles read again when another user changes something (a car reserved elsewhere)")
    func tilesFollowChanges() throws {
        let h = try Self.homeWithCars(listens: true)
        defer { h.shutdown() }
        func count(_ title: String) -> String? {
            // The number right of the title (another column's tile may follow on the line).
            guard let line = h.screen.split(separator: "\n").first(where: { $0.contains(title) }),
                  let range = line.range(of: title) else { return nil }
            return line[range.upperBound...].split(separator: " ").first.map(String.init)
        }
        #expect(count("На складе") == "2")
        #expect(count("Предпродажная") == "1")
        try h.connection.execute("UPDATE vehicles SET status = 'in_preparation' WHERE stock_number = 'MSK-000001'")
        let deadline = Date().addingTimeInterval(10)
        while count("На складе") != "1" && Date() < deadline {
            _ = h.app.database.deliverPending()
            h.settle()
            usleep(50_000)
        }
        #expect(count("На складе") == "1")
        #expect(count("Предпродажная") == "2")
    }

    @Test("Typed work survives a kill: the draft is written within a second, offered at the next start, restored and saved")
    func draftSurvivesAKill() throws {
        let h = try AppHarness(start: .stock)
        defer { h.shutdown() }
        let repository = VehicleRepository(connection: h.connection)
        let car = try repository.insert(GoldenStock.vehicles(dealershipID: try h.dealershipID("MSK"))[0], actor: "seed")
        var now = Date()
        h.app.clock = { now }
        h.press(.function(5))
        h.press(.enter)
        #expect(h.screen.contains("Vesta Cross"))
        // From the VIN to the colour field (make, model, trim, year, colour), and type over it.
        for _ in 0..<5 { h.press(.tab) }
        for _ in 0..<10 { h.press(.backspace) }
        h.type("Зелёный металлик")
        #expect(h.screen.contains("Зелёный металлик"))
        h.app.tick()
        now += 0.6
        h.app.tick()
        h.settle()
        let drafts = try h.connection.fetch(String.self, "SELECT fields::text FROM drafts WHERE record_id = \(car.id)")
        #expect(drafts.count == 1 && drafts[0].contains("Зелёный металлик"))

        // kill -9: nothing is closed; the next start offers it.
        h.restart()
        #expect(h.screen.contains("Несохранённый ввод"))
        h.press(.enter)
        #expect(h.screen.contains("Восстановить"))
        #expect(h.screen.contains("Зелёный металлик"))
        h.press(.enter)
        #expect(h.screen.contains("Зелёный металлик"))
        h.press(.function(2))
        h.press(.function(2))
        let saved = try #require(try repository.get(id: car.id))
        #expect(saved.colour == "Зелёный металлик")
        #expect(try h.connection.fetch(String.self, "SELECT screen FROM drafts").isEmpty)
    }

    @Test("The idle lock hides the screen after the dealership's minutes; the login unlocks; what was typed is back")
    func idleLockKeepsTypedWork() throws {
        let h = try AppHarness(start: .stock)
        defer { h.shutdown() }
        try h.connection.execute("UPDATE dealerships SET idle_lock_minutes = 10")
        h.restart(start: .stock)
        var now = Date()
        h.app.clock = { now }
        h.press(.insert)
        h.type("Тестовая марка")
        #expect(h.screen.contains("ТЕСТОВАЯ МАРКА"))
        now += 9 * 60
        h.app.tick()
        h.settle()
        #expect(!h.screen.contains("Экран заблокирован"))
        now += 61
        h.app.tick()
        h.settle()
        #expect(h.screen.contains("Экран заблокирован"))
        #expect(!h.screen.contains("ТЕСТОВАЯ МАРКА"))
        expectScreen(h.screen, golden: "idle-lock-80x24-ru")
        h.type("petrov")
        h.press(.enter)
        #expect(h.screen.contains("Это не логин этого сеанса"))
        #expect(h.screen.contains("Экран заблокирован"))
        h.type("sidorova")
        h.press(.enter)
        #expect(!h.screen.contains("Экран заблокирован"))
        #expect(h.screen.contains("ТЕСТОВАЯ МАРКА"))
    }
}
