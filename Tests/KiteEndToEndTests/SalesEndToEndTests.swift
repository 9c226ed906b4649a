import Foundation
import KiteStore
import KiteTestSupport
import Testing

/// A manager's deal in the real `kite` binary, watched from a second terminal.
@Suite("kite in a terminal: a deal from the picker to the reservation", .serialized)
struct SalesEndToEndTests {
    private func open(_ conninfo: String, user: String) throws -> TmuxSession {
        try TmuxSession(command: [StockEndToEndTests.kiteBinary, "--database", StockEndToEndTests.conninfo(conninfo, as: user), "--start", "stock"],
                        environment: ["LANG": "ru_RU.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent",
                                      "KITE_HOME": StockEndToEndTests.packageRoot.path],
                        columns: 120, rows: 36)
    }

    @Test("a customer made in the picker, a car from stock, an accessory, reserved: the other terminal sees the car reserved")
    func dealFromPickerToReservation() throws {
        let conninfo = try StockEndToEndTests.demoDatabase()
        let connection = try PGConnection(conninfo)
        struct Car: Decodable { var id: Int64; var stockNumber: String; var vin: String }
        let car = try #require(try connection.fetchOne(Car.self, """
            SELECT v.id, v.stock_number, v.vin FROM vehicles v JOIN dealerships d ON d.id = v.dealership_id
            WHERE d.code = 'MSK' AND v.status = 'in_stock' AND NOT EXISTS (SELECT 1 FROM deals WHERE vehicle_id = v.id)
            ORDER BY v.stock_number DESC LIMIT 1
            """))

        let watcher = try open(conninfo, user: "sidorova")
        try watcher.send("/")
        try watcher.type(car.stockNumber)
        try watcher.waitFor("\(car.stockNumber) in stock") { $0.contains("Найдено: 1") && $0.contains("на складе") }

        let manager = try open(conninfo, user: "ivanova")
        try manager.waitFor(text: "● в сети")
        try manager.send(":")
        try manager.type("deal new")
        try manager.send("Enter")
        try manager.waitFor(text: "Сделка · новая")
        // Typing on the customer field opens the picker; Ins makes a new customer with that name.
        try manager.type("Голубев Степан Ильич")
        try manager.waitFor(text: "Поиск: Голубев Степан Ильич")
        try manager.send("IC")
        try manager.waitFor(text: "Клиент · новый")
        try manager.type("8 905 111-22-33")
        try manager.send("F2")
        try manager.waitFor(text: "Голубев Степан Ильич · +79051112233")
        // The vehicle picker, by stock number.
        try manager.send("Enter")
        try manager.type(car.stockNumber)
        try manager.waitFor(text: car.vin)
        try manager.send("Enter")
        try manager.waitFor(text: "· \(car.vin) · \(car.stockNumber)")
        // An accessory line.
        try manager.send("F3")
        try manager.waitFor(text: "Новая строка: Доп. позиции")
        try manager.send("Tab")
        try manager.type("Фаркоп")
        try manager.send("Tab", "Tab")
        try manager.type("15000")
        try manager.send("F2")
        try manager.waitFor(text: "Фаркоп")
        try manager.send("Escape")
        try manager.send("F2")
        try manager.waitFor(text: "Сохранено: сделка MSK-")
        try manager.send("F9")
        try manager.waitFor(text: "Зарезервировать")
        try manager.send("Enter")
        try manager.waitFor(text: "резерв до")

        // No key pressed in the watcher's terminal.
        try watcher.waitFor("the car to show as reserved without a key press", timeout: 3) { screen in
            screen.contains(car.stockNumber) && screen.contains("резерв")
        }
        #expect(try connection.fetchOne(String.self, "SELECT status FROM vehicles WHERE id = \(car.id)") == "reserved")
        #expect(try connection.fetchOne(Int.self, """
            SELECT count(*)::int FROM deals d JOIN deal_lines l ON l.deal_id = d.id
            WHERE d.vehicle_id = \(car.id) AND d.stage = 'reserved' AND l.description = 'Фаркоп'
            """) == 1)
    }
}
