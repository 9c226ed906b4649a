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
