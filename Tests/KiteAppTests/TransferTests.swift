import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@Suite("CSV for Russian Excel")
struct CSVTests {
    @Test("a BOM, semicolons, quotes, doubled quotes and a line break inside quotes")
    func parseExcelFile() throws {
        let text = "\u{FEFF}vin;make;comment\r\nXTA;\"Лада; «Веста»\";\"он сказал \"\"да\"\"\nвторая строка\"\r\n\r\nXTB;Haval;\r\n"
        let records = try CSV.parse(Data(text.utf8))
        #expect(records.count == 3)
        #expect(records[0].fields == ["vin", "make", "comment"])
        #expect(records[1].fields == ["XTA", "Лада; «Веста»", "он сказал \"да\"\nвторая строка"])
        #expect(records[2].line == 5)
        #expect(records[2].fields == ["XTB", "Haval", ""])
    }

    @Test("commas as separators when the header has more commas than semicolons")
    func commaSeparated() throws {
        let records = try CSV.parse("vin,make\nXTA,Lada\n")
        #expect(records[1].fields == ["XTA", "Lada"])
    }

    @Test("an unterminated quote names its line")
    func unterminated() {
        #expect(throws: CSV.ReadError.self) { try CSV.parse("a;b\n1;\"open\n") }
    }

    @Test("writing quotes only what needs it; a decimal comma stays bare for Excel")
    func writeLine() {
        #expect(CSV.line(["MSK-000001", "1250000,50", "Лада; «Веста»", "say \"hi\""])
                == "MSK-000001;1250000,50;\"Лада; «Веста»\";\"say \"\"hi\"\"\"\r\n")
    }
}

@Suite("kite import / export vehicles on a real database")
struct VehicleTransferTests {
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

    private func vehicleCount(_ connection: PGConnection) throws -> Int {
        try connection.fetchOne(Int.self, "SELECT count(*)::int FROM vehicles") ?? -1
    }

    static let mixed = """
        vin;make;model;year;dealership;location;list_price;purchase_cost;status;arrival_date
        XTAGFL110TD000777;Lada;Vesta;2026;MSK;Склад «Химки»;1 650 000;1 320 000;на складе;20.11.2026
        XTAGFL11OTD000778;Lada;Vesta;2026;MSK;;1650000;;;
        XZGFF7A10TD000779;Haval;Jolion;20x6;SPB;;2449900,999;;in_stock;
        LVVDB21B1TD000780;Chery;Tiggo 7;2025;XXX;;2890000;;на складе;31.02.2026
        XTAGFL110TD000777;Lada;Vesta;2026;MSK;;1650000;;;

        """

    @Test("every bad row is reported with its line and reason, and nothing is imported")
    func allOrNothing() throws {
        let connection = try database()
        let report = try VehicleCSV.importFile(try write(Self.mixed), into: connection, actor: "test", skipInvalid: false)
        let text = report.errors.map(\.description).joined(separator: "\n")
        #expect(text.contains("line 3: vin:"))                      // letter O in the VIN
        #expect(text.contains("line 4: year: \"20x6\" is not a whole number"))
        #expect(text.contains("line 4: list_price:"))               // three kopeck digits
        #expect(text.contains("line 5: dealership: unknown dealership code \"XXX\""))
        #expect(text.contains("line 5: arrival_date:"))
        #expect(text.contains("line 6: vin: XTAGFL110TD000777 also on line 2"))
        #expect(!text.contains("line 2:"))
        #expect(report.imported == 0)
        #expect(try vehicleCount(connection) == 0)
    }

    @Test("--skip-invalid imports the good rows, numbered per dealership, placed by location name")
    func skipInvalid() throws {
        let connection = try database()
        let report = try VehicleCSV.importFile(try write(Self.mixed), into: connection, actor: "test", skipInvalid: true)
        #expect(report.imported == 1)
        #expect(report.skipped == 4)
        struct Row: Decodable { var stockNumber: String; var listPrice: Money; var status: String; var location: String? }
        let row = try #require(try connection.fetchOne(Row.self, """
            SELECT v.stock_number, v.list_price, v.status, l.name AS location
            FROM vehicles v LEFT JOIN locations l ON l.id = v.location_id
            """))
        #expect(row.stockNumber == "MSK-000001")
        #expect(row.listPrice == Money(roubles: 1_650_000))
        #expect(row.status == "in_stock")
        #expect(row.location == "Склад «Химки»")
    }

    @Test("a VIN already active in stock is refused; the database is left as it was")
    func activeVINInDatabase() throws {
        let connection = try database()
        _ = try VehicleCSV.importFile(try write("vin;make;model;year;dealership;list_price\nXTAGFL110TD000777;Lada;Vesta;2026;MSK;1650000\n"),
                                      into: connection, actor: "test", skipInvalid: false)
        let report = try VehicleCSV.importFile(try write("vin;make;model;year;dealership;list_price\nXTAGFL110TD000777;Lada;Vesta;2026;KZN;1700000\n"),
                                               into: connection, actor: "test", skipInvalid: false)
        #expect(report.errors.map(\.description) == ["line 2: vin: XTAGFL110TD000777 is already an active vehicle in stock"])
        #expect(try vehicleCount(connection) == 1)
    }

    @Test("reserved, sold and delivered belong to deals: a row with one is refused, naming line, field and the statuses allowed")
    func dealStatusesAreRefused() throws {
        let connection = try database()
        let report = try VehicleCSV.importFile(try write("""
            vin;make;model;year;dealership;list_price;status
            XTAGFL110TD000777;Lada;Vesta;2026;MSK;1650000;reserved
            XTAGFL110TD000778;Lada;Vesta;2026;MSK;1650000;продан
            XTAGFL110TD000779;Lada;Vesta;2026;MSK;1650000;delivered
            XTAGFL110TD000780;Lada;Vesta;2026;MSK;1650000;in_preparation

            """), into: connection, actor: "test", skipInvalid: true)
        let errors = report.errors.map(\.description)
        #expect(errors.count == 3)
        #expect(errors.first?.hasPrefix("line 2: status: \"reserved\" belongs to a deal") == true)
        #expect(errors.dropFirst().first?.hasPrefix("line 3: status: \"продан\" belongs to a deal") == true)
        #expect(errors.last?.contains("in_stock, in_preparation") == true)
        #expect(report.imported == 1)
        #expect(try connection.fetch(String.self, "SELECT status FROM vehicles") == ["in_preparation"])
    }

    @Test("a missing required column is refused before any row is read")
    func missingColumn() throws {
        let connection = try database()
        #expect(throws: TransferError.self) {
            try VehicleCSV.importFile(try write("vin;make\nXTA;Lada\n"), into: connection, actor: "test", skipInvalid: true)
        }
    }

    @Test("export then import into an empty database gives the same stock, to the kopeck")
    func roundTrip() throws {
        let source = try database()
        _ = try Seeder.seedVehicles(source, count: 250, login: "test")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kite-export-\(UUID().uuidString).csv")
        #expect(try VehicleCSV.export(source, to: file) == 250)
        let bytes = try Data(contentsOf: file)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))   // Excel needs the BOM to read UTF-8

        let target = try database()
        let report = try VehicleCSV.importFile(file, into: target, actor: "test", skipInvalid: false)
        #expect(report.errors.isEmpty)
        #expect(report.imported == 250)
        let query: SQL = """
            SELECT string_agg(stock_number || vin || list_price::text || purchase_cost::text || status || coalesce(arrival_date::text, ''), ',' ORDER BY stock_number)
            FROM vehicles
            """
        #expect(try source.fetchOne(String.self, query) == (try target.fetchOne(String.self, query)))
    }
}
