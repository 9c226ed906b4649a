import Testing
@testable import KiteDomain

private let march10 = CivilDate(year: 2026, month: 3, day: 10)!

private func entry(_ id: Int64, _ direction: PaymentDirection, _ method: PaymentMethod, _ amount: String,
                   _ state: PaymentState = .confirmed, reverses: Int64? = nil) -> PaymentEntry {
    PaymentEntry(id: id, direction: direction, method: method, amount: moneyRU(amount), date: march10, state: state,
                 reversesPaymentID: reverses, reason: reverses == nil ? "" : "ошибка кассира")
}

@Suite struct PaymentRuleTests {
    @Test func newPaymentValidation() {
        #expect(PaymentRules.validateNew(direction: .incoming, method: .cash, amount: moneyRU("100 000")).isEmpty)
        #expect(PaymentRules.validateNew(direction: .incoming, method: .cash, amount: .zero).map(\.field) == ["amount"])
        #expect(PaymentRules.validateNew(direction: .incoming, method: .card, amount: moneyRU("-1")).map(\.field) == ["amount"])
        #expect(PaymentRules.validateNew(direction: .outgoing, method: .loan, amount: moneyRU("1")).map(\.field) == ["method"])
        #expect(PaymentRules.validateNew(direction: .outgoing, method: .tradeInOffset, amount: moneyRU("1")).map(\.field) == ["method"])
        #expect(PaymentRules.validateNew(direction: .outgoing, method: .bankTransfer, amount: moneyRU("1")).isEmpty)
    }

    @Test func confirmOnlyPending() throws {
        let pending = entry(1, .incoming, .cash, "100 000", .pending)
        let confirmed = try PaymentRules.confirm(pending).get()
        #expect(confirmed.state == .confirmed)
        #expect(throws: PaymentRefusal.self) { try PaymentRules.confirm(confirmed).get() }
    }

    @Test func reversalIsALinkedEntryWithTheOppositeSign() throws {
        let original = entry(7, .incoming, .card, "250 000")
        let result = try PaymentRules.reverse(original, reason: "  двойное списание  ", reversalID: 8,
                                              date: CivilDate(year: 2026, month: 3, day: 11)!).get()
        #expect(result.reversal == PaymentEntry(id: 8, direction: .incoming, method: .card, amount: moneyRU("-250 000"),
                                                date: CivilDate(year: 2026, month: 3, day: 11)!, state: .confirmed,
                                                reversesPaymentID: 7, reason: "двойное списание"))
        #expect(result.original.state == .reversed)
        #expect(result.original.amount == moneyRU("250 000"))
    }

    @Test func reversalRefusals() {
        func refusal(_ result: Result<PaymentReversal, PaymentRefusal>) -> PaymentRefusal.Reason? {
            if case .failure(let refusal) = result { return refusal.reason }
            return nil
        }
        #expect(refusal(PaymentRules.reverse(entry(1, .incoming, .cash, "10", .pending), reason: "x", reversalID: 2, date: march10)) == .notConfirmed)
        #expect(refusal(PaymentRules.reverse(entry(1, .incoming, .cash, "10", .reversed), reason: "x", reversalID: 2, date: march10)) == .alreadyReversed)
        #expect(refusal(PaymentRules.reverse(entry(2, .incoming, .cash, "-10", reverses: 1), reason: "x", reversalID: 3, date: march10)) == .reversalCannotBeReversed)
        #expect(refusal(PaymentRules.reverse(entry(1, .incoming, .cash, "10"), reason: "   ", reversalID: 2, date: march10)) == .reasonRequired)
        if case .failure(let refusal) = PaymentRules.reverse(entry(2, .incoming, .cash, "-10", reverses: 1), reason: "x", reversalID: 3, date: march10) {
            #expect(refusal.message.ru == "Платёж №2 — сторно платежа №1; сторно нельзя сторнировать")
        }
    }
}

@Suite struct PaymentCancelRuleTests {
    private func refusal(_ payment: PaymentEntry, reason: String = "дубль") -> PaymentRefusal? {
        if case .failure(let refusal) = PaymentRules.cancel(payment, reason: reason) { return refusal }
        return nil
    }

    @Test func onlyAPendingPaymentIsCancelledWithAReason() throws {
        let result = try PaymentRules.cancel(entry(1, .incoming, .cash, "100 000", .pending), reason: "  дубль  ").get()
        #expect(result.entry.state == .cancelled)
        #expect(result.reason == "дубль")
        #expect(refusal(entry(1, .incoming, .cash, "10", .pending), reason: " ")?.reason == .reasonRequired)
        #expect(refusal(entry(1, .incoming, .cash, "10", .pending), reason: " ")?.message.ru == "Причина отмены: обязательное поле")
        #expect(refusal(entry(1, .incoming, .cash, "10", .confirmed))?.reason == .notPending)
        #expect(refusal(entry(1, .incoming, .cash, "10", .reversed))?.reason == .notPending)
        #expect(refusal(entry(1, .incoming, .cash, "10", .cancelled))?.reason == .alreadyCancelled)
        #expect(refusal(entry(2, .incoming, .cash, "-10", reverses: 1))?.reason == .notPending)
        #expect(refusal(entry(1, .incoming, .cash, "10", .confirmed))?.message.en
                == "Payment #1 is confirmed: only a pending payment can be cancelled; reverse a confirmed one")
    }

    @Test func aCancelledPaymentIsNeitherConfirmedNorReversedNorCounted() {
        let cancelled = entry(3, .incoming, .card, "50 000", .cancelled)
        #expect(throws: PaymentRefusal.self) { try PaymentRules.confirm(cancelled).get() }
        if case .failure(let refusal) = PaymentRules.reverse(cancelled, reason: "x", reversalID: 4, date: march10) {
            #expect(refusal.message.ru == "Платёж №3 отменён: он не был подтверждён, сторнировать нечего")
        } else {
            Issue.record("a cancelled payment was reversed")
        }
        #expect(!cancelled.countsInBalances)
        let balance = DealBalance.compute(due: moneyRU("100 000"), payments: [cancelled, entry(5, .incoming, .card, "10 000")])
        #expect(balance.paid == moneyRU("10 000"))
        #expect(PaymentState.cancelled.label == LocalizedText(ru: "отменён", en: "cancelled"))
    }
}

@Suite struct DealBalanceTests {
    let due = moneyRU("2 500 000")

    @Test func noPaymentsIsUnpaid() {
        let balance = DealBalance.compute(due: due, payments: [])
        #expect(balance.state == .unpaid)
        #expect(!balance.hasPayments)
        #expect(balance.outstanding == due)
    }

    @Test func pendingPaymentsDoNotCount() {
        let balance = DealBalance.compute(due: due, payments: [entry(1, .incoming, .cash, "500 000", .pending)])
        #expect(balance.paid == .zero)
        #expect(balance.state == .unpaid)
        #expect(!balance.hasPayments)
    }

    @Test func prepaymentAndLoanMakePartialThenPaid() {
        // 300 000 cash + 700 000 card = 1 000 000 of 2 500 000 → partial, 1 500 000 outstanding.
        var payments = [entry(1, .incoming, .cash, "300 000"), entry(2, .incoming, .card, "700 000")]
        var balance = DealBalance.compute(due: due, payments: payments)
        #expect(balance.state == .partial)
        #expect(balance.paid == moneyRU("1 000 000"))
        #expect(balance.outstanding == moneyRU("1 500 000"))
        // + loan 1 500 000 → exactly paid.
        payments.append(entry(3, .incoming, .loan, "1 500 000"))
        balance = DealBalance.compute(due: due, payments: payments)
        #expect(balance.state == .paid)
        #expect(balance.outstanding == .zero)
    }

    @Test func overpaidThenRefunded() {
        // 2 600 000 received → overpaid by 100 000; a 100 000 refund → paid.
        var payments = [entry(1, .incoming, .bankTransfer, "2 600 000")]
        var balance = DealBalance.compute(due: due, payments: payments)
        #expect(balance.state == .overpaid)
        #expect(balance.overpayment == moneyRU("100 000"))
        #expect(balance.outstanding == moneyRU("-100 000"))
        payments.append(entry(2, .outgoing, .bankTransfer, "100 000"))
        balance = DealBalance.compute(due: due, payments: payments)
        #expect(balance.state == .paid)
        #expect(balance.received == moneyRU("2 600 000"))
        #expect(balance.refunded == moneyRU("100 000"))
    }

    @Test func reversalArithmetic() throws {
        // 1 000 000 card confirmed, reversed (−1 000 000), then 400 000 cash: paid 400 000, partial.
        let card = entry(1, .incoming, .card, "1 000 000")
        let reversal = try PaymentRules.reverse(card, reason: "карта отклонена банком", reversalID: 2, date: march10).get()
        let payments = [reversal.original, reversal.reversal, entry(3, .incoming, .cash, "400 000")]
        let balance = DealBalance.compute(due: due, payments: payments)
        #expect(balance.received == moneyRU("400 000"))
        #expect(balance.paid == moneyRU("400 000"))
        #expect(balance.state == .partial)
        #expect(balance.hasPayments)
        // Reversing a refund gives the money back to the balance: 2 500 000 in, 100 000 refund reversed.
        let refund = entry(5, .outgoing, .cash, "100 000")
        let refundReversal = try PaymentRules.reverse(refund, reason: "возврат не выдан", reversalID: 6, date: march10).get()
        let second = DealBalance.compute(due: due, payments: [entry(4, .incoming, .bankTransfer, "2 500 000"),
                                                              refundReversal.original, refundReversal.reversal])
        #expect(second.refunded == .zero)
        #expect(second.state == .paid)
    }

    @Test func states() {
        #expect(DealBalance.state(paid: .zero, due: .zero) == .paid)
        #expect(DealBalance.state(paid: moneyRU("-1"), due: moneyRU("10")) == .unpaid)
        #expect(DealBalance.state(paid: moneyRU("0,01"), due: moneyRU("10")) == .partial)
        #expect(DealBalance.state(paid: moneyRU("10,01"), due: moneyRU("10")) == .overpaid)
    }
}
