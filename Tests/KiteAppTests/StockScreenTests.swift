import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

@MainActor
@Suite("Stock screen on a real database")
struct StockScreenTests {
    @Test("golden: the stock list at 80×24 in Russian")
    func stockList80x24() throws {
        let harness = try AppHarness(rows: 24, columns: 80)
        defer { harness.shutdown() }
        try insertGolden(harness)
        harness.app.run("list.refresh")
        harness.settle()
        expectScreen(harness.screen, golden: "stock-80x24-ru")
    }

    @Test("golden: the stock list at 160×48 in English")
    func stockList160x48() throws {
        let harness = try AppHarness(rows: 48, columns: 160, language: .en)
        defer { harness.shutdown() }
        try insertGolden(harness)
        harness.app.run("list.refresh")
        harness.settle()
        expectScreen(harness.screen, golden: "stock-160x48-en")
    }

    @Test("golden: the vehicle card at 80×24 and 160×48")
    func vehicleCard() throws {
        for (rows, columns, golden) in [(24, 80, "vehicle-card-80x24-ru"), (48, 160, "vehicle-card-160x48-ru")] {
            let harness = try AppHarness(rows: rows, columns: columns)
            defer { harness.shutdown() }
            try insertGolden(harness)
            harness.app.run("list.refresh")
            harness.settle()
            harness.press(.down, .down, .down, .enter)   // MSK-000004, the Geely with a CJK model name
            // Its purchase line is dated today by the database.
            expectScreen(harness.screen.replacingOccurrences(of: DayFormat.display(Date()), with: "ДД.ММ.ГГГГ"), golden: golden)
        }
    }

    @Test("typing a VIN fragment filters as you type; a status filter narrows further")
    func filterAsYouType() throws {
        let harness = try AppHarness()
        defer { harness.shutdown() }
        try insertGolden(harness)
        harness.app.run("list.refresh")
        harness.settle()
        harness.press(.character("/"))
        harness.type("xzg")
        #expect(harness.screen.contains("MSK-000002"))
        #expect(!harness.screen.contains("MSK-000001"))
        harness.press(.escape)
        for _ in 0..<3 { harness.press(.backspace) }
        harness.press(.character("/"))
        for _ in 0..<3 { harness.press(.backspace) }
        harness.type("hyundai creta")
        #expect(harness.screen.contains("MSK-000005"))
        #expect(!harness.screen.contains("MSK-000002"))
    }

    @Test("paging through 2 500 vehicles shows every one exactly once, in order")
    func keysetWindow() throws {
        let harness = try AppHarness(rows: 24, columns: 80)
        defer { harness.shutdown() }
        _ = try Seeder.seedVehicles(harness.connection, count: 2_500, login: "test")
        harness.app.run("list.refresh")
        harness.settle()
        var seen: [String] = []
        var previousScreen = ""
        for _ in 0..<400 {
            let numbers = harness.screen.split(separator: "\n").compactMap { line -> String? in
                let first = line.split(separator: " ").first.map(String.init) ?? ""
                return first.count == 10 && first.dropFirst(3).first == "-" ? first : nil
            }
            for number in numbers where !seen.contains(number) { seen.append(number) }
            harness.press(.pageDown)
            if harness.screen == previousScreen { break }   // the end: Page Down no longer moves
            previousScreen = harness.screen
        }
        #expect(seen.count == 2_500)
        #expect(seen == seen.sorted())
        // And back to the top through the trimmed window.
        for _ in 0..<200 { harness.press(.pageUp) }
        #expect(harness.screen.contains(seen.first!))
    }

    private func insertGolden(_ harness: AppHarness) throws {
        let repository = VehicleRepository(connection: harness.connection)
        for vehicle in GoldenStock.vehicles(dealershipID: try harness.dealershipID("MSK")) {
            try repository.insert(vehicle, actor: "seed")
        }
    }
}

