import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// The logistics module's first screens, built on the kit: `:carriers` and the carrier card.
@MainActor
@Suite("Carriers: the list and the card")
struct CarrierScreenTests {
    private func focus(_ harness: AppHarness, label: String) {
        for _ in 0..<20 {
            if let cursor = harness.surface.cursor, harness.surface.line(cursor.row).hasPrefix(label) { return }
            harness.press(.tab)
        }
        Issue.record("no field labelled \(label)")
    }

    @Test("a new carrier: a bad INN is named with its rule and the typed text stays; fixed, it is saved and listed")
    func newCarrier() throws {
        let harness = try AppHarness(rows: 24, columns: 100)
        defer { harness.shutdown() }
        for table in ["trucks", "drivers", "carriers"] {   // the demo's, for an empty list first
            try harness.connection.execute("DELETE FROM \(identifier: table)")
        }
        harness.press(.alt("x"))
        harness.type("перевозчики")
        harness.press(.enter)
        #expect(harness.screen.contains("Перевозчики"))
        #expect(harness.screen.contains("Перевозчиков нет — Ins добавить"))
        harness.press(.insert)
        #expect(harness.screen.contains("Перевозчик · новый"))
        harness.type("ООО «Автовоз-Транс»")
        focus(harness, label: "ИНН")
        harness.type("7707083894")
        focus(harness, label: "КПП")
        harness.type("773601001")
        focus(harness, label: "Ставка за машину")
        harness.type("18500")
        harness.press(.function(2))
        #expect(harness.screen.contains("ИНН: неверная контрольная цифра"), "\(harness.screen)")
        #expect(harness.screen.contains("7707083894"))
        #expect(try CarrierRepository(connection: harness.connection).list("").isEmpty)

        focus(harness, label: "ИНН")
        harness.press(.backspace)
        harness.type("3")
        harness.press(.function(2))
        #expect(harness.screen.contains("Перевозчик сохранён: ООО «Автовоз-Транс»"), "\(harness.screen)")
        let stored = try #require(try CarrierRepository(connection: harness.connection).list("").first)
        #expect(stored.inn == "7707083893" && stored.ratePerCar == Money(roubles: 18_500) && stored.updatedBy == "sidorova")
        #expect(harness.screen.contains("ООО «Автовоз-Транс»"))
        #expect(harness.screen.contains("18\u{00A0}500"))

        // Opened again from the list, it shows what is stored.
        harness.press(.enter)
        #expect(harness.screen.contains("Перевозчик · ООО «Автовоз-Транс»"))
        #expect(harness.screen.contains("773601001"))
    }

    @Test("trucks and drivers are rows of the carrier card: added in their dialogs, a bad plate named, saved with F2")
    func trucksAndDrivers() throws {
        let harness = try AppHarness(rows: 30, columns: 100)
        defer { harness.shutdown() }
        let carrier = try #require(try CarrierRepository(connection: harness.connection).list("").first)
        harness.press(.alt("x"))
        harness.type("перевозчики")
        harness.press(.enter)
        harness.press(.enter)
        #expect(harness.screen.contains("Автовозы") && harness.screen.contains("Водители"), "\(harness.screen)")
        harness.press(.function(3))
        #expect(harness.screen.contains("Автовозы"))
        harness.type("b777")
        harness.press(.function(2))
        #expect(harness.screen.contains("Госномер: в форме А123ВС77"), "\(harness.screen)")
        // The dialog stays open on the plate with what was typed.
        for _ in 0..<4 { harness.press(.backspace) }
        harness.type("a777aa77")
        harness.press(.function(2))
        #expect(harness.screen.contains("А777АА77"), "\(harness.screen)")
        harness.press(.tab)
        // Tab walks on to the drivers; Ins adds one.
        harness.press(.insert)
        harness.type("Сидоров Пётр")
        harness.press(.enter)
        harness.type("+79161112233")
        harness.press(.enter)
        harness.type("7711654321")
        harness.press(.function(2))
        #expect(harness.screen.contains("Сидоров Пётр"), "\(harness.screen)")
        harness.press(.escape)
        harness.press(.function(2))
        #expect(harness.screen.contains("Перевозчик сохранён"), "\(harness.screen)")
        let fleet = FleetRepository(connection: harness.connection)
        let trucks = try fleet.trucks(carrierID: carrier.id)
        // Capacity 8 is the new row's default.
        #expect(trucks.contains { $0.plate == "А777АА77" && $0.capacity == 8 && $0.updatedBy == "sidorova" })
        let drivers = try fleet.drivers(carrierID: carrier.id)
        #expect(drivers.contains { $0.licenceNumber == "7711654321" && $0.phone == "+79161112233" }, "\(drivers)")
    }
}
