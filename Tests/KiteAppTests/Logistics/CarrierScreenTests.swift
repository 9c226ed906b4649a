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
        try harness.connection.execute("DELETE FROM carriers")   // the demo's, for an empty list first
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
}
