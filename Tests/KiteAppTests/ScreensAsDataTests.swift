import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

@MainActor
@Suite("Screens are data")
struct ScreensAsDataTests {
    /// A copy of the shipped data folders with a motorcycle section added to
    /// Screens/vehicle.toml — no Swift involved.
    private func dataFolderWithMotorcycles() throws -> URL {
        let source = AppEnvironment.sourceCheckout!
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("kite-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        for folder in ["Screens", "Keymaps", "config"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(folder), to: home.appendingPathComponent(folder))
        }
        let form = home.appendingPathComponent("Screens/vehicle.toml")
        let addition = """

            [[sections]]
            title = { ru = "Мотоцикл", en = "Motorcycle" }
            vehicle_types = ["moto"]

            [[sections.fields]]
            field = "engine_cc"
            title = { ru = "Объём двигателя, см³", en = "Engine, cc" }
            type = "integer"
            storage = "attribute"
            help = { ru = "Рабочий объём по ПТС", en = "Displacement as in the registration papers" }

            """
        try (try String(contentsOf: form, encoding: .utf8) + addition).write(to: form, atomically: true, encoding: .utf8)
        return home
    }

    @Test("a field added in TOML for motorcycles shows on a motorcycle's card, not a car's, and is saved in attributes")
    func motorcycleFieldFromTOML() throws {
        let harness = try AppHarness(rows: 48, columns: 120, kiteHome: try dataFolderWithMotorcycles())
        defer { harness.shutdown() }
        let msk = try harness.dealershipID("MSK")
        let repository = VehicleRepository(connection: harness.connection)
        try repository.insert(Vehicle(stockNumber: "MSK-000001", vin: "JYARN23E0MA000001", make: "Yamaha", model: "MT-07",
                                      year: 2025, status: .inStock, vehicleType: "moto", dealershipID: msk,
                                      listPrice: Money(roubles: 1_190_000), updatedBy: "seed"), actor: "seed")
        try repository.insert(Vehicle(stockNumber: "MSK-000002", vin: "XTAGFL110TD000102", make: "Lada", model: "Vesta",
                                      year: 2026, status: .inStock, vehicleType: "car", dealershipID: msk,
                                      listPrice: Money(roubles: 1_650_000), updatedBy: "seed"), actor: "seed")
        harness.app.run("list.refresh")
        harness.settle()

        harness.press(.down, .enter)               // the Lada
        #expect(harness.screen.contains("Lada"))
        #expect(!harness.screen.contains("Объём двигателя"))
        harness.press(.escape)

        harness.press(.up, .enter)                 // the Yamaha
        #expect(harness.screen.contains("Объём двигателя, см³"))
        harness.press(.shiftTabOrUp)
        #expect(harness.screen.contains("Рабочий объём по ПТС"))   // the field's help line: it has the focus
        harness.type("689")
        harness.press(.function(2), .function(2))
        let stored = try harness.connection.fetchOne(String.self,
            "SELECT attributes->>'engine_cc' FROM vehicles WHERE stock_number = 'MSK-000001'")
        #expect(stored == "689")
    }
}

extension Key {
    /// Up from the first field wraps to the last one: the new motorcycle field.
    static let shiftTabOrUp = Key.up
}
