import KiteDomain
import Testing

@Suite struct PaymentKindAndTradeInTests {
    let day = CivilDate(year: 2026, month: 3, day: 10)!

    @Test func kindsNeedTheirMethodDealAndCounterparty() {
        func fields(_ kind: PaymentKind, _ method: PaymentMethod, deal: Bool = true, party: String = "") -> [String] {
            PaymentRules.validateNew(kind: kind, method: method, amount: Money(roubles: 10), hasDeal: deal, counterparty: party).map(\.field)
        }
        #expect(fields(.prepayment, .cash) == [])
        #expect(fields(.loan, .cash) == ["method"])
        #expect(fields(.payment, .loan) == ["method"])
        #expect(fields(.tradeIn, .tradeInOffset) == [])
        #expect(fields(.refund, .tradeInOffset) == ["method"])
        #expect(fields(.prepayment, .cash, deal: false) == ["deal", "counterparty"])
        #expect(fields(.carrier, .bankTransfer, deal: false) == ["counterparty"])
        #expect(fields(.carrier, .bankTransfer, deal: false, party: "ООО «Автовоз»") == [])
        #expect(PaymentKind.kinds(for: .outgoing) == [.refund, .sellerPayout, .carrier, .otherOutgoing])
    }

    @Test("worked example: total 3 000 000, trade-in credit 800 000 → amount due 2 200 000; the offset is recorded, not paid twice")
    func tradeInIsNotCountedTwice() {
        let due = Money(roubles: 2_200_000)
        let offset = PaymentEntry(id: 1, direction: .incoming, method: .tradeInOffset, amount: Money(roubles: 800_000), date: day,
                                  state: .confirmed, kind: .tradeIn)
        var balance = DealBalance.compute(due: due, payments: [offset])
        #expect(balance.tradeInOffset == Money(roubles: 800_000))
        #expect(balance.paid == .zero)
        #expect(balance.state == .unpaid)
        #expect(balance.hasPayments)
        let loan = PaymentEntry(id: 2, direction: .incoming, method: .loan, amount: Money(roubles: 2_200_000), date: day,
                                state: .confirmed, kind: .loan)
        balance = DealBalance.compute(due: due, payments: [offset, loan])
        #expect(balance.state == .paid)
        #expect(balance.isFullyPaid)
        #expect(!balance.needsRefund)
    }

    @Test("a payout for the deal's car is not the customer's money; a reversal keeps its original's kind")
    func payoutsDoNotMoveTheBalance() throws {
        let due = Money(roubles: 1_000_000)
        let payment = PaymentEntry(id: 1, direction: .incoming, method: .card, amount: due, date: day, state: .confirmed, kind: .payment)
        let payout = PaymentEntry(id: 2, direction: .outgoing, method: .bankTransfer, amount: Money(roubles: 600_000), date: day,
                                  state: .confirmed, kind: .sellerPayout)
        #expect(DealBalance.compute(due: due, payments: [payment, payout]).state == .paid)
        let reversal = try PaymentRules.reverse(payment, reason: "chargeback", reversalID: 3, date: day).get()
        #expect(reversal.reversal.kind == .payment)
        let balance = DealBalance.compute(due: due, payments: [reversal.original, reversal.reversal, payout])
        #expect(balance.paid == .zero)
        #expect(balance.state == .unpaid)
    }
}
