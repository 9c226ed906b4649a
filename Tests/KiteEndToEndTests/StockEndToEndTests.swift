import Foundation
import KiteApp
import KiteStore
import KiteTestSupport
import Testing

/// The real `kite` binary in tmux, as a manager would use it over SSH.
@Suite("kite in a terminal (tmux)", .serialized)
struct StockEndToEndTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var kiteBinary: String {
        for configuration in ["debug", "release"] {
            let path = packageRoot.appendingPathComponent(".build/\(configuration)/kite").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return packageRoot.appendingPathComponent(".build/debug/kite").path
    }

    /// A fresh database loaded by `kite seed --demo`, with the demo staff's
    /// own database logins (as `kite demo` makes them), and its conninfo.
    static func demoDatabase() throws -> String {
        let conninfo = try TestDatabase.makeMigrated()
        let seed = try Subprocess.run([Self.kiteBinary, "seed", "--demo", "--database", conninfo])
        #expect(seed.status == 0, "kite seed --demo failed: \(seed.output)")
        try Seeder.ensureDemoLogins(PGConnection(conninfo))
        return conninfo
    }

    /// The person is the database login: `user=` in the conninfo, not `$USER`.
    static func conninfo(_ conninfo: String, as login: String) -> String { conninfo + " user=\(login)" }

    private func demoDatabase() throws -> String { try Self.demoDatabase() }

    private func open(_ conninfo: String, language: String = "ru_RU.UTF-8", columns: Int = 120, rows: Int = 36) throws -> TmuxSession {
        try TmuxSession(command: [Self.kiteBinary, "--database", Self.conninfo(conninfo, as: "sidorova"), "--start", "stock"],
                        environment: ["LANG": language, "TERM": "xterm-256color", "HOME": "/nonexistent",
                                      "KITE_HOME": Self.packageRoot.path],
                        columns: columns, rows: rows)
    }

    @Test("/ filters by a VIN fragment, Enter opens the card, F2 saves a new price, the list shows it")
    func filterOpenEditSave() throws {
        let conninfo = try demoDatabase()
        let connection = try PGConnection(conninfo)
        struct Car: Decodable { var stockNumber: String; var vin: String }
        let car = try #require(try connection.fetchOne(Car.self,
            """
            SELECT stock_number, vin FROM vehicles WHERE status = 'in_stock' AND vehicle_type = 'car'
              AND dealership_id = (SELECT id FROM dealerships WHERE code = 'MSK')   -- sidorova works in MSK (and KZN)
            ORDER BY stock_number DESC LIMIT 1
            """))
        let fragment = String(car.vin.suffix(8))

        let kite = try open(conninfo)
        try kite.waitFor(text: "Склад")
        try kite.waitFor(text: "● в сети")
        try kite.send("/")
        try kite.type(fragment)
        try kite.waitFor("the filtered list with only \(car.stockNumber)") { screen in
            screen.contains(car.stockNumber) && screen.contains("Найдено: 1")
        }
        try kite.send("Enter")
        try kite.waitFor(text: "Автомобиль · \(car.stockNumber)")
        // Up from the first field wraps to the last one: the list price.
        try kite.send("Up")
        try kite.waitFor(text: "Цена продажи")
        try kite.send("C-u")
        try kite.type("9 876 543,21")
        try kite.send("F2")
        try kite.waitFor(text: "Сохранено: \(car.stockNumber)")
        let screen = try kite.waitFor(text: "9\u{00A0}876\u{00A0}543,21\u{00A0}₽")   // no-break spaces, as on screen
        #expect(screen.contains("Склад"))
        #expect(try connection.fetchOne(String.self,
            "SELECT list_price::text FROM vehicles WHERE stock_number = \(car.stockNumber)") == "9876543.21")

        try kite.send("F10")
        try kite.waitFor("the program to exit") { !$0.contains("КАЙТ АВТО") }
    }

    @Test("a status change in one terminal shows in another terminal's open list within a second")
    func liveStatusAcrossTerminals() throws {
        let conninfo = try demoDatabase()
        let connection = try PGConnection(conninfo)
        let number = try #require(try connection.fetchOne(String.self,
            "SELECT stock_number FROM vehicles WHERE status = 'in_stock' ORDER BY stock_number LIMIT 1"))
        let watcher = try open(conninfo)
        try watcher.send("/")
        try watcher.type(number)
        try watcher.waitFor("\(number) in stock") { $0.contains("Найдено: 1") && $0.contains("на складе") }

        let operator_ = try open(conninfo)
        try operator_.send("/")
        try operator_.type(number)
        try operator_.waitFor("\(number) in stock") { $0.contains("Найдено: 1") && $0.contains("на складе") }
        try operator_.send("F8")
        try operator_.waitFor(text: "Статус: на складе →")
        try operator_.type("п")                  // jump to «предпродажная»
        try operator_.send("Enter")
        try operator_.waitFor(text: "Перевести автомобиль")
        try operator_.send("y")
        try operator_.waitFor(text: "Статус изменён")

        // No key pressed in the watcher's terminal.
        try watcher.waitFor("the status to change without a key press", timeout: 3) { screen in
            screen.contains(number) && screen.contains("предпродажная")
        }
    }

    @Test("English, the vim keymap, a narrow terminal asks for more room, and resizing back works")
    func languageKeymapAndSize() throws {
        let conninfo = try demoDatabase()
        let kite = try TmuxSession(command: [Self.kiteBinary, "--database", conninfo, "--keymap", "vim", "--start", "stock"],
                                   environment: ["LANG": "en_US.UTF-8", "HOME": "/nonexistent", "KITE_HOME": Self.packageRoot.path],
                                   columns: 100, rows: 30)
        try kite.waitFor(text: "List price")
        try kite.send("j")
        try kite.send("F1")
        try kite.waitFor(text: "Keys")
        try kite.send("Escape")
        try kite.waitFor("the help to close") { !$0.contains("Keys") }
        try kite.resize(columns: 60, rows: 20)
        try kite.waitFor(text: "80×24")
        try kite.resize(columns: 100, rows: 30)
        try kite.waitFor(text: "List price")
    }

    @Test("a database that cannot be reached is a clear sentence, not a broken screen")
    func unreachableDatabase() throws {
        let kite = try TmuxSession(command: [Self.kiteBinary, "--database", "host=/nonexistent-socket-dir dbname=kite"],
                                   environment: ["LANG": "C.UTF-8", "HOME": "/nonexistent", "KITE_HOME": Self.packageRoot.path])
        let screen = try kite.waitFor(text: "Set --database")
        #expect(screen.contains("make demo"))
        #expect(!screen.contains("КАЙТ АВТО"))
    }
}
