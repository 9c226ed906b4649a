import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

@MainActor
@Suite("Payment card: cancelling a pending payment entered by mistake")
struct PaymentCancelScreenTests {
    private func openCard(_ app: KiteApplication, id: Int64, press: (Key...) -> Void, type: (String) -> Void) {
        app.run("app.command")
        type("платёж \(id)")
        press(.enter)
    }

    /// The screen as one line of words: a message box's wrapped text reads through.
    private func flat(_ screen: String) -> String {
        screen.replacingOccurrences(of: "│", with: " ").split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test("its author cancels it (F8): the reason is required, a question follows, the card shows who, when and why")
    func authorCancelsFromTheCard() throws {
        let harness = try AppHarness(rows: 24, columns: 100)  // sidorova, an operator
        defer { harness.shutdown() }
        let deal = try FinanceAppData.deal(harness, number: 7, due: Money(roubles: 1_000_000), customer: "Ёлкин Артём Сергеевич")
        let payment = try FinanceAppData.payment(harness, .prepayment, .cash, "200 000", deal: deal, confirm: false)
        openCard(harness.app, id: payment.id, press: harness.press, type: harness.type)
        #expect(harness.screen.contains("Платёж №\(payment.id)"))
        #expect(harness.screen.contains("Отменить платёж"))  // the hint bar offers it on a pending payment

        harness.press(.function(8))
        #expect(harness.screen.contains("Отмена платежа №\(payment.id)"))
        harness.press(.function(2))  // no reason yet
        #expect(harness.screen.contains("Причина отмены: обязательное поле"))
        harness.type("дубль чека 15")
        harness.press(.function(2))
        #expect(harness.screen.contains("Отменить платёж №\(payment.id) на 200"))
        harness.press(.character("y"))

        let stored = try #require(try PaymentRepository(connection: harness.connection).get(id: payment.id))
        #expect(stored.state == .cancelled)
        #expect(stored.cancelledBy == "sidorova")
        #expect(stored.cancelReason == "дубль чека 15")
        let screen = harness.screen
        #expect(screen.contains("Платёж №\(payment.id) · поступление · отменён"))
        #expect(screen.contains("отменил sidorova " + FinanceAppData.today.russianText))
        #expect(screen.contains("Отменён: дубль чека 15 · не учитывается нигде"))
        #expect(!screen.contains("Отменить платёж"))  // nothing more to cancel
        #expect(try PaymentRepository(connection: harness.connection).balance(dealID: deal)?.paid == .zero)

        // The payments list's state filter offers «отменён» and finds it.
        harness.app.run("app.payments")
        harness.settle()
        harness.press(.function(3), .home)
        for _ in 0..<5 { harness.press(.down) }  // «Состояние»
        harness.press(.enter)
        #expect(harness.screen.contains("отменён"))
        harness.press(.end, .enter)
        #expect(harness.screen.contains("\(payment.id)"))
        #expect(harness.screen.contains("отменён"))
    }

    @Test("someone else's pending payment: refused unless finance; a confirm that wins the race is named")
    func othersAndTheRace() throws {
        let harness = try AppHarness(rows: 24, columns: 100)
        defer { harness.shutdown() }
        let deal = try FinanceAppData.deal(harness, number: 8, due: Money(roubles: 1_000_000), customer: "Ёлкин Артём Сергеевич")
        let payment = try FinanceAppData.payment(harness, .payment, .card, "50 000", deal: deal, confirm: false)

        // A manager who did not enter it may not cancel it.
        let manager = try SecondTerminal(harness, login: "ivanova")
        defer { manager.shutdown() }
        openCard(manager.app, id: payment.id, press: manager.press, type: manager.type)
        manager.press(.function(8))
        #expect(manager.screen.contains("┌ Нельзя"))
        // The dialog's two lines, each whole (the form's labels show left of the dialog).
        #expect(manager.screen.contains("Отменить платёж может только тот, кто его ввёл (sidorova),"))
        #expect(manager.screen.contains("или финансист"))
        #expect(!manager.screen.contains("Отмена платежа №"))
        manager.press(.enter)

        // Finance may (Alt-c works as F8), but here another terminal confirms it first.
        let finance = try SecondTerminal(harness, login: "kuznetsov")
        defer { finance.shutdown() }
        openCard(finance.app, id: payment.id, press: finance.press, type: finance.type)
        finance.press(.alt("c"))
        #expect(finance.screen.contains("Отмена платежа №\(payment.id)"))
        finance.type("не наш платёж")
        finance.press(.function(2))
        #expect(finance.screen.contains("Отменить платёж №\(payment.id)"))
        try PaymentRepository(connection: harness.connection).confirm(id: payment.id, actor: "petrova")
        finance.press(.character("y"))
        // The refusal box names who won and the rule (its lines share the rows with the form's labels).
        #expect(finance.screen.contains("┌ Нельзя"))
        #expect(finance.screen.contains("Платёж №\(payment.id) уже подтвердил petrova "))
        #expect(finance.screen.contains("отменить можно только ожидающий подтверждения,"))
        #expect(finance.screen.contains("подтверждённый — сторнировать"))
        finance.press(.enter)
        #expect(finance.screen.contains("Платёж №\(payment.id) · поступление · подтверждён"))
        #expect(try PaymentRepository(connection: harness.connection).get(id: payment.id)?.state == .confirmed)
    }
}
