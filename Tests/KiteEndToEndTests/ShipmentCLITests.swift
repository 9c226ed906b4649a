import Foundation
import KiteStore
import KiteTestSupport
import Testing

/// `kite import shipments` and `kite export trips` as an operator runs them: a notice as
/// Russian Excel saves it (BOM, `;`), bad rows named by line in Russian with nothing
/// written, then the good notice planning a trip that the export lists.
@Suite("kite import shipments on the command line")
struct ShipmentCLITests {
    private func kite(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(["/usr/bin/env", "LANG=ru_RU.UTF-8", "LC_ALL=", "LC_MESSAGES=", "HOME=/nonexistent",
                            "KITE_HOME=\(StockEndToEndTests.packageRoot.path)", StockEndToEndTests.kiteBinary] + arguments)
    }

    private func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kite-shipments-\(UUID().uuidString).csv").path
        try Data(("\u{FEFF}" + text).utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a bad notice is refused row by row; a good one plans a trip without carrier that the export lists")
    func importAndExport() throws {
        let conninfo = try TestDatabase.makeMigrated()
        #expect(try kite(["seed", "--demo", "--database", conninfo]).status == 0)
        let connection = try PGConnection(conninfo)
        let vins = try connection.fetch(String.self, """
            SELECT vin::text FROM vehicles v WHERE status = 'in_stock'
               AND NOT EXISTS (SELECT 1 FROM trip_vehicles tv WHERE tv.vehicle_id = v.id AND tv.state IN ('assigned', 'on_board'))
             ORDER BY id LIMIT 2
            """)
        let yard = try #require(try connection.fetchOne(String.self, """
            SELECT l.name FROM locations l JOIN dealerships d ON d.id = l.dealership_id
             WHERE d.code = 'MSK' AND l.kind = 'yard' ORDER BY l.id LIMIT 1
            """))
        let bad = try write("VIN;Откуда;Куда;Дилерский центр;Прибытие\n"
            + "\(vins[0]);Порт Усть-Луга;\(yard);MSK;10.12.2030 14:00\n"
            + "XW899999999999999;Порт Усть-Луга;\(yard);MSK;10.12.2030 14:00\n")
        let refused = try kite(["import", "shipments", bad, "--database", conninfo])
        #expect(refused.status == 1)
        #expect(refused.output.contains("строка 3: vin: нет автомобиля с VIN XW899999999999999"), "\(refused.output)")
        #expect(refused.output.contains("ничего не импортировано"), "\(refused.output)")
        #expect(try connection.fetchOne(Int.self, "SELECT count(*)::int FROM trips WHERE carrier_id IS NULL") == 0)

        let good = try write("VIN;Откуда;Куда;Дилерский центр;Прибытие\n"
            + "\(vins[0]);Порт Усть-Луга;\(yard);MSK;10.12.2030 14:00\n"
            + "\(vins[1]);Порт Усть-Луга;\(yard);MSK;10.12.2030 18:00\n")
        let imported = try kite(["import", "shipments", good, "--database", conninfo])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("новых рейсов: 1 (машин в них: 2)"), "\(imported.output)")
        let number = try #require(try connection.fetchOne(String.self, "SELECT number FROM trips WHERE carrier_id IS NULL"))
        #expect(imported.output.contains(number))

        let export = FileManager.default.temporaryDirectory.appendingPathComponent("kite-trips-\(UUID().uuidString).csv").path
        let exported = try kite(["export", "trips", export, "--database", conninfo])
        #expect(exported.status == 0, "\(exported.output)")
        #expect(exported.output.contains("записано рейсов:"), "\(exported.output)")
        let csv = try String(contentsOfFile: export, encoding: .utf8)
        #expect(csv.contains("\(number);planned;MSK;;;Порт Усть-Луга;\(yard);2;;;10.12.2030 18:00;"), "\(csv)")
    }
}
