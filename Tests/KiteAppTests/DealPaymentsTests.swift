import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// A deal's money from its own form: the balance line, Alt-n to pay in
/// against the deal, Alt-p for the deal's payments.
@MainActor
@Suite("Deal form: its balance and its payments")
struct DealPaymentsTests {
    private func openDeal(_ harness: AppHarness, _ number: String) {
        harness.press(.alt("x"))
        harness.type("deal \(number)")
        harness.press(.enter)
    }

    @Test("the stage line says unpaid and what is due, then what is paid and what is left")
    func balanceLine() throws {
        let harness = try AppHarness(rows: 24, columns: 160)
        defer { harness.shutdown() }
        let deal = try FinanceAppData.deal(harness, number: 77, due: Money(roubles: 2_450_000), customer: "Ёлкин Артём Сергеевич")
        openDeal(harness, "MSK-2026-000077")
        var plain: String { harness.screen.replacingOccurrences(of: "\u{00A0}", with: " ") }
        #expect(plain.contains("Не оплачена, к оплате 2 450 000 ₽"))

        _ = try FinanceAppData.payment(harness, .prepayment, .cash, "500 000", deal: deal)
        harness.press(.escape)
        openDeal(harness, "MSK-2026-000077")
        #expect(plain.contains("Оплачено 500 000 ₽ из 2 450 000 ₽, остаток 1 950 000 ₽"))
    }

    @Test("a cancelled deal says what was paid and is to be refunded; a new payment for it is refused at once, a refund is not")
    func cancelledDealTakesOnlyARefund() throws {
        let harness = try AppHarness(rows: 30, columns: 120)
        defer { harness.shutdown() }
        let deal = try FinanceAppData.deal(harness, number: 81, due: Money(roubles: 1_000_000), customer: "Ёлкин Артём Сергеевич")
        _ = try FinanceAppData.payment(harness, .prepayment, .card, "100 000", deal: deal)
        try harness.connection.execute(
            "UPDATE deals SET stage = 'cancelled', cancelled_at = now(), cancel_reason = 'передумал' WHERE id = \(deal)")
        var plain: String { harness.screen.replacingOccurrences(of: "\u{00A0}", with: " ") }
        openDeal(harness, "MSK-2026-000081")
        #expect(plain.contains("Сделка отменена, оплачено 100 000 ₽ · к возврату 100 000 ₽"))
        #expect(!plain.contains("к оплате"))

        harness.press(.alt("n"))
        #expect(harness.screen.contains("Платёж · новый"))
        // Said at once, before anything is typed or saved.
        #expect(plain.contains("MSK-2026-000081 отменена — платежи по ней не принимаются, только возврат"))
        for _ in 0..<40 where !(harness.surface.cursor.map { harness.surface.line($0.row).hasPrefix("Сумма") } ?? false) {
            harness.press(.tab)
        }
        harness.type("5 000")
        harness.press(.function(2))
        #expect(try PaymentRepository(connection: harness.connection).payments(dealID: deal).count == 1)
        #expect(plain.contains("Не сохранено"))
    }

    @Test("Alt-n enters a payment with the deal already chosen; Alt-p lists only this deal's payments")
    func paymentsFromTheDeal() throws {
        let harness = try AppHarness(rows: 30, columns: 120)
        defer { harness.shutdown() }
        let deal = try FinanceAppData.deal(harness, number: 78, due: Money(roubles: 1_000_000), customer: "Ёлкин Артём Сергеевич")
        let other = try FinanceAppData.deal(harness, number: 79, due: Money(roubles: 900_000), customer: "Петров Пётр")
        _ = try FinanceAppData.payment(harness, .prepayment, .card, "100 000", deal: other)

        openDeal(harness, "MSK-2026-000078")
        harness.press(.alt("n"))
        #expect(harness.screen.contains("Платёж · новый"))
        #expect(harness.screen.contains("MSK-2026-000078 · Ёлкин А. С."))
        for _ in 0..<40 where !(harness.surface.cursor.map { harness.surface.line($0.row).hasPrefix("Сумма") } ?? false) {
            harness.press(.tab)
        }
        harness.type("250 000")
        harness.press(.function(2))
        let stored = try #require(try PaymentRepository(connection: harness.connection).payments(dealID: deal).first)
        #expect(stored.amount == Money(roubles: 250_000))
        #expect(stored.state == .pending)

        harness.press(.escape)
        #expect(harness.screen.contains("Сделка · MSK-2026-000078"))
        harness.press(.alt("p"))
        #expect(harness.screen.contains("Платежи"))
        #expect(harness.screen.contains("сделка MSK-2026-000078"))   // the filter line says whose payments these are
        #expect(!harness.screen.contains("MSK-2026-000079"))
    }

    @Test("help on the deal form gives Alt-p to the deal's payments, not to the global list it shadows")
    func helpShowsTheKeyWhereItActs() throws {
        let harness = try AppHarness(rows: 40, columns: 120)
        defer { harness.shutdown() }
        _ = try FinanceAppData.deal(harness, number: 80, due: Money(roubles: 1_000_000), customer: "Ёлкин Артём Сергеевич")
        openDeal(harness, "MSK-2026-000080")
        harness.press(.function(1))
        let lines = harness.screen.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("F12 Alt-p") && $0.contains("Платежи по этой сделке") }, "\(harness.screen)")
        #expect(!lines.contains { $0.contains("Alt-p") && $0.contains("Открыть список платежей") }, "\(harness.screen)")
        #expect(lines.contains { $0.contains("Alt-n") && $0.contains("Внести платёж по этой сделке") })
    }

    @Test("help lists keys apart by a space and quotes punctuation keys: never «F1, ,, ?»")
    func helpKeysReadable() throws {
        let harness = try AppHarness(rows: 40, columns: 120)
        defer { harness.shutdown() }
        harness.press(.function(1))
        let screen = harness.screen
        #expect(!screen.contains(", ,"), "\(screen)")
        #expect(screen.contains("F1 «,» «?» Alt-h"), "\(screen)")
    }

    @Test(":vin shows its report a fact a line, not squeezed into one paragraph")
    func vinReportLines() throws {
        let harness = try AppHarness(rows: 24, columns: 80)
        defer { harness.shutdown() }
        harness.press(.alt("x"))
        harness.type("vin 1HGCM82633A004352")
        harness.press(.enter)
        let lines = harness.screen.split(separator: "\n").map(String.init)
        let wmi = try #require(lines.first { $0.contains("WMI") }, "\(harness.screen)")
        #expect(wmi.contains("1HG") && !wmi.contains("Изготовитель"), "\(harness.screen)")
        #expect(lines.contains { $0.contains("Изготовитель") && !$0.contains("WMI") }, "\(harness.screen)")
        #expect(lines.contains { $0.contains("Контрольная цифра") && !$0.contains("Изготовитель") }, "\(harness.screen)")
    }

    @Test("Tab on an ambiguous command word completes the common prefix and lists the choices")
    func tabListsTheChoices() throws {
        let harness = try AppHarness(rows: 24, columns: 80)
        defer { harness.shutdown() }
        harness.press(.alt("x"))
        harness.type("de")
        harness.press(.tab)
        let screen = harness.screen
        #expect(screen.contains(":deal"), "\(screen)")
        #expect(screen.split(separator: "\n").contains { $0.contains("deal") && $0.contains("deals") }, "\(screen)")
    }

    @Test("an unsaved deal has no payments yet: the message says to save it first")
    func unsavedDeal() throws {
        let harness = try AppHarness(rows: 24, columns: 100)
        defer { harness.shutdown() }
        harness.press(.alt("x"))
        harness.type("deal new")
        harness.press(.enter)
        harness.press(.alt("n"))
        #expect(harness.screen.contains("Сначала сохраните сделку (F2)"))
        #expect(!harness.screen.contains("Платёж · новый"))
    }
}
