import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// Issue 10, item 27: a payment card names the rule an amount breaks.
@MainActor
@Suite("The payment card's amount")
struct PaymentAmountTests {
    private func focus(_ harness: AppHarness, label: String) {
        for _ in 0..<20 {
            if let cursor = harness.surface.cursor, harness.surface.line(cursor.row).hasPrefix(label) { return }
            harness.press(.tab)
        }
        Issue.record("no field labelled \(label)")
    }

    @Test("a 23-digit amount is «слишком большая», not a question of kopeck digits")
    func hugeAmount() throws {
        let harness = try AppHarness(rows: 24, columns: 120)
        defer { harness.shutdown() }
        harness.app.run("app.new_payment")
        harness.settle()
        focus(harness, label: "Сумма")
        harness.type("12345678901234567890123")
        harness.press(.function(2))
        #expect(harness.screen.contains("Сумма слишком большая"))
        #expect(!harness.screen.contains("двух знаков"))
    }
}
