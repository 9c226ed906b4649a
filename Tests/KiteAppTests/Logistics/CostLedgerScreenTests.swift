import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// The manual lines of a car's cost ledger on the vehicle card (the `costs` table, saved
/// with the car by F2) and the vehicle-type weights of the freight split (`:weights`).
@MainActor
@Suite("Cost ledger and freight weights on screen")
struct CostLedgerScreenTests {
    private func harness(login: String, rows: Int = 30, columns: Int = 100) throws -> (AppHarness, Int64) {
        let harness = try AppHarness(rows: rows, columns: columns, login: login)
        let msk = try harness.dealershipID("MSK")
        var first: Int64 = 0
        for vehicle in GoldenStock.vehicles(dealershipID: msk) {
            let id = try VehicleRepository(connection: harness.connection).insert(vehicle, actor: "seed").id
            if first == 0 { first = id }
        }
        harness.app.run("list.refresh")
        harness.settle()
        return (harness, first)
    }

    private func masked(_ screen: String) -> String {
        screen.replacingOccurrences(of: DayFormat.display(Date()), with: "ДД.ММ.ГГГГ")
    }

    @Test("logistics adds a reconditioning line and a correction in the costs table; F2 writes them with the car")
    func logisticsAddsManualLines() throws {
        let (harness, vehicleID) = try harness(login: "smirnov")
        defer { harness.shutdown() }
        harness.press(.enter)   // MSK-000001
        harness.press(.function(6))   // the costs table
        harness.press(.insert)
        #expect(harness.screen.contains("Вид затрат"), "\(harness.screen)")
        harness.press(.tab)
        harness.type("12500")
        harness.press(.tab)
        harness.type("полировка, химчистка")
        harness.press(.function(2))   // the row
        #expect(harness.screen.contains("к записи"), "\(harness.screen)")
        harness.press(.insert)
        harness.press(.tab)
        harness.type("-500")
        harness.press(.tab)
        harness.type("скидка мойки")
        harness.press(.function(2))
        harness.press(.function(2))   // the card
        let lines = try CostLedgerRepository(connection: harness.connection).lines(vehicleID: vehicleID).filter { $0.source == .manual }
        #expect(lines.map(\.amount) == [Money(roubles: 12_500), Money(roubles: -500)])
        #expect(lines.map(\.kind) == [.reconditioning, .reconditioning])
        #expect(lines.first?.note == "полировка, химчистка" && lines.first?.actor == "smirnov")
        #expect(try harness.connection.fetchOne(Int.self,
            "SELECT count(*)::int FROM audit_log WHERE entity = 'vehicle' AND entity_id = \(vehicleID) AND action = 'cost_line'") == 2)
    }

    @Test("a sales manager is told that only logistics adds cost lines; nothing is written")
    func managerRefused() throws {
        let (harness, vehicleID) = try harness(login: "ivanova")
        defer { harness.shutdown() }
        harness.press(.enter)
        harness.press(.function(6))
        harness.press(.insert)
        harness.press(.tab)
        harness.type("1000")
        harness.press(.tab)
        harness.type("мойка")
        harness.press(.function(2))
        #expect(harness.screen.contains("Строки затрат добавляет логист"), "\(harness.screen)")
        harness.press(.escape)
        #expect(try CostLedgerRepository(connection: harness.connection).lines(vehicleID: vehicleID).filter { $0.source == .manual }.isEmpty)
    }

    @Test("golden: the vehicle card's costs table at 80×24 in Russian and 120×40")
    func costsGolden() throws {
        for (rows, columns, golden) in [(24, 80, "vehicle-costs-table-80x24-ru"), (40, 120, "vehicle-costs-table-120x40-ru")] {
            let (harness, vehicleID) = try harness(login: "smirnov", rows: rows, columns: columns)
            defer { harness.shutdown() }
            try CostLedgerRepository(connection: harness.connection).addManual(
                vehicleID: vehicleID, kind: .other, amount: Money(roubles: 3_000), note: "оформление ЭПТС", actor: "smirnov")
            harness.press(.enter)
            harness.press(.function(6))
            expectScreen(masked(harness.screen), golden: golden)
        }
    }

    @Test("the weights: a type's weight edited in its dialog and saved with F2; a bad weight is named")
    func weights() throws {
        let (harness, _) = try harness(login: "smirnov")
        defer { harness.shutdown() }
        harness.press(.alt("x"))
        harness.type("веса")
        harness.press(.enter)
        #expect(harness.screen.contains("Веса для распределения доставки"), "\(harness.screen)")
        #expect(harness.screen.contains("0,5"), "\(harness.screen)")
        expectScreen(harness.screen, golden: "cost-weights-100x30-ru")
        harness.press(.function(6))
        let rows = try CostLedgerRepository(connection: harness.connection).weights()
        let moto = try #require(rows.firstIndex { $0.vehicleType == "moto" })
        for _ in 0..<moto { harness.press(.down) }
        harness.press(.enter)
        harness.press(.control("u"))
        harness.type("0,")
        harness.press(.function(2))
        #expect(harness.screen.contains("Вес: число больше нуля"), "\(harness.screen)")
        harness.type("75")
        harness.press(.function(2))
        harness.press(.function(2))
        #expect(harness.screen.contains("Веса сохранены"), "\(harness.screen)")
        #expect(try CostLedgerRepository(connection: harness.connection).weights().first { $0.vehicleType == "moto" }?.weight
                == Decimal(string: "0.75"))
    }
}
