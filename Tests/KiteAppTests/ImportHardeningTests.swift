import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Issue 10: hostile CSV files, long fields, formula cells, export folders, the import's language.
@Suite("Imports and exports against hostile input")
struct ImportHardeningTests {
    private func database() throws -> PGConnection {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        try Seeder.seedDemo(connection, login: "test", vehicles: 0)
        return connection
    }

    private func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kite-import-\(UUID().uuidString).csv")
        try Data(("\u{FEFF}" + text).utf8).write(to: url)
        return url
    }

    private func count(_ connection: PGConnection, _ table: String) throws -> Int {
        try connection.fetchOne(Int.self, "SELECT count(*)::int FROM \(identifier: table)") ?? -1
    }

    @Test("item 9: ESC, OSC 52 and NUL in cells are refused with line, field and rule; nothing is stored, nothing cut")
    func controlCharacters() throws {
        let connection = try database()
        let file = try write("""
            vin;make;model;year;dealership;list_price
            XTAGFL110TD000777;Lada;Ves\u{0}ta;2026;MSK;1650000
            XTAGFL110TD000778;\u{1B}[2JLada;Vesta;2026;MSK;1650000
            XTAGFL110TD000779;Lada;\u{1B}]52;c;cm0gLXJmIH4=\u{07};2026;MSK;1650000
            XTAGFL110TD000780;Lada;Vesta\tCross;2026;MSK;1650000

            """)
        let report = try VehicleCSV.importFile(file, into: connection, actor: "test", skipInvalid: true)
        let text = report.errors.map(\.description)
        #expect(text.contains("line 2: model: The character U+0000 (NUL) at position 4 is not allowed: such text is refused, not cut"))
        #expect(text.contains("line 3: make: The control character U+001B (ESC) at position 1 is not allowed (nor is a tab)"))
        #expect(text.contains("line 4: model: The control character U+001B (ESC) at position 1 is not allowed (nor is a tab)"))
        #expect(text.contains("line 5: model: The control character U+0009 (TAB) at position 6 is not allowed (nor is a tab)"))
        #expect(report.imported == 0)
        #expect(try count(connection, "vehicles") == 0)
        #expect(try connection.fetchOne(Int.self, "SELECT count(*)::int FROM vehicles WHERE model = 'Ves'") == 0)
    }

    @Test("item 9: customers too — a NUL in a name is refused, in Russian under a Russian locale")
    func customerNUL() throws {
        let connection = try database()
        let report = try CustomerCSV.importFile(try write("name;phone\nВес\u{0}та;+79161234567\n"), into: connection, actor: "test",
                                                skipInvalid: true, language: .ru)
        #expect(report.errors.map { $0.text(.ru) } == [
            "строка 2: name: Символ U+0000 (NUL) в позиции 4 недопустим: текст с ним не сохраняется (и не обрезается)",
        ])
        #expect(try count(connection, "customers") == 0)
    }

    @Test("item 10: a 1 MB field names line, field and limit instead of failing in an index")
    func megabyteField() throws {
        let connection = try database()
        let huge = String(repeating: "A", count: 1_048_576)
        let report = try VehicleCSV.importFile(try write("vin;make;model;year;dealership;list_price\nXTAGFL110TD000777;\(huge);Vesta;2026;MSK;1650000\n"),
                                               into: connection, actor: "test", skipInvalid: false)
        #expect(report.errors.map(\.description) == ["line 2: make: At most 60 characters (this has 1048576)"])
        let customers = try CustomerCSV.importFile(try write("name;address\nИванов;\(huge)\n"), into: connection, actor: "test",
                                                   skipInvalid: false)
        #expect(customers.errors.map(\.description) == ["line 2: address: At most 500 characters (this has 1048576)"])
    }

    @Test("item 10: a value the database refuses for its length is named with its field and limit")
    func databaseLengthMessage() throws {
        let connection = try database()
        do {
            try connection.execute("UPDATE vehicles SET make = \(String(repeating: "x", count: 61))")
            try connection.execute("INSERT INTO locations (dealership_id, name, kind) SELECT id, \(String(repeating: "x", count: 101)), 'yard' FROM dealerships LIMIT 1")
            Issue.record("stored")
        } catch {
            #expect(ErrorText.describe(error, language: .ru) == "База отклонила текст поля name: не длиннее 100 знаков.")
            #expect(ErrorText.describe(error, language: .en) == "The database refused the text of name: at most 100 characters.")
        }
    }

    @Test("item 14: text cells starting with = + - @ tab CR get a leading '; numbers stay numbers")
    func formulaCells() throws {
        #expect(CSV.line(["=HYPERLINK(\"http://x\",\"y\")", "+79161234567", "-1250000,50", "@SUM(A1)", "-3", "\tx", "\rx", "Lada"])
                == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";'+79161234567;-1250000,50;'@SUM(A1);-3;'\tx;\"'\rx\";Lada\r\n")
        #expect(CSV.line(["-2+3", "=1", "-"]) == "'-2+3;'=1;'-\r\n")

        let connection = try database()
        let dealership = try #require(try ReferenceRepository(connection: connection).dealership(code: "MSK"))
        var v = Vehicle(vin: "XTAGFL110TD000777", make: "=cmd|'/c calc'!A1", model: "@Vesta", updatedBy: "test")
        v.year = 2026
        v.dealershipID = dealership.id
        v.listPrice = Money(roubles: 1_650_000)
        _ = try VehicleRepository(connection: connection).insertNumbered(v, dealershipCode: "MSK", actor: "test")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kite-export-\(UUID().uuidString).csv")
        _ = try VehicleCSV.export(connection, to: file)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(";'=cmd|'/c calc'!A1;'@Vesta;"))
        #expect(text.contains(";1650000,00;"))
        // Imported again, the cells read as they were typed.
        let target = try database()
        let report = try VehicleCSV.importFile(file, into: target, actor: "test", skipInvalid: false)
        #expect(report.errors.isEmpty)
        #expect(try target.fetchOne(String.self, "SELECT make || ' ' || model FROM vehicles") == "=cmd|'/c calc'!A1 @Vesta")
    }

    @Test("item 15: a missing export folder is created; one that cannot be, is named in the user's language")
    func exportFolder() throws {
        let connection = try database()
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kite-export-\(UUID().uuidString)")
        let nested = base.appendingPathComponent("a/b/vehicles.csv")
        #expect(try VehicleCSV.export(connection, to: nested, language: .ru) == 0)
        #expect(FileManager.default.fileExists(atPath: nested.path))

        let blocker = base.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let impossible = blocker.appendingPathComponent("sub/vehicles.csv")
        do {
            _ = try VehicleCSV.export(connection, to: impossible, language: .ru)
            Issue.record("written under a file")
        } catch {
            let message = String(describing: error)
            #expect(message.hasPrefix("Не удалось создать папку \(blocker.path)"))
            #expect(message.contains("часть пути — файл, а не папка"))
            #expect(!message.contains("NSCocoaErrorDomain"))
        }
    }

    @Test("item 27: the import speaks Russian under a Russian locale")
    func russianMessages() throws {
        let connection = try database()
        let report = try VehicleCSV.importFile(try write("vin;make;model;year;dealership;list_price\nXTAGFL110TD000777;Lada;Vesta;20x6;XXX;1650000\n"),
                                               into: connection, actor: "test", skipInvalid: false, language: .ru)
        #expect(report.errors.map { $0.text(.ru) } == [
            "строка 2: year: «20x6» — не целое число",
            "строка 2: dealership: неизвестный код дилерского центра «XXX» (есть: KZN, MSK, SPB)",
        ])
    }

    @Test("item 29: the counter alone numbers cars; numbers that came with the file move it on")
    func stockNumbersFromTheCounter() throws {
        let connection = try database()
        let dealership = try #require(try ReferenceRepository(connection: connection).dealership(code: "MSK"))
        // Taking a number reads no vehicle row (before: max(substring(stock_number …)) over the stock).
        let scans: SQL = "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables WHERE relname = 'vehicles'"
        try connection.transaction { connection in
            let before = try connection.fetchOne(Int64.self, scans)
            _ = try VehicleRepository.takeStockNumbers(connection, dealershipID: dealership.id, count: 1)
            #expect(try connection.fetchOne(Int64.self, scans) == before)
        }
        let report = try VehicleCSV.importFile(try write("""
            stock_number;vin;make;model;year;dealership;list_price
            MSK-000500;XTAGFL110TD000777;Lada;Vesta;2026;MSK;1650000
            ;XTAGFL110TD000778;Lada;Vesta;2026;MSK;1650000
            ;XTAGFL110TD000779;Lada;Vesta;2026;SPB;1650000

            """), into: connection, actor: "test", skipInvalid: false)
        #expect(report.errors.isEmpty)
        #expect(try connection.fetch(String.self, "SELECT stock_number FROM vehicles ORDER BY stock_number")
                == ["MSK-000500", "MSK-000501", "SPB-000001"])
        // Every imported car has its audit row and its verification job, as a card's save gives.
        #expect(try connection.fetchOne(Int.self, "SELECT count(*)::int FROM audit_log WHERE entity = 'vehicle' AND action = 'insert'") == 3)
        #expect(try connection.fetchOne(Int.self, "SELECT count(*)::int FROM jobs WHERE kind = 'vehicle.verify'") == 3)
        // A dealership added later has its counter from the start.
        try connection.execute("INSERT INTO dealerships (code, name) VALUES ('EKB', 'Екатеринбург')")
        #expect(try connection.fetchOne(Int64.self, """
            SELECT last_number FROM stock_number_counters c JOIN dealerships d ON d.id = c.dealership_id WHERE d.code = 'EKB'
            """) == 0)
    }

    @Test("item 27: money in the fields is written as the language writes it, as the totals are")
    func moneyFieldFormat() {
        let amount = Money(kopecks: 745_000_050)
        #expect(VehicleFormValues.editable(amount, .ru) == "7 450 000,50")
        #expect(VehicleFormValues.editable(amount, .en) == "7 450 000.50")
        #expect(amount.formatted(.en) == "7\u{00A0}450\u{00A0}000.50\u{00A0}₽")
    }
}
