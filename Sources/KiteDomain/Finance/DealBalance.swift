import Foundation

/// Derived from confirmed payments; never stored as a deal stage.
public enum DealPaymentState: String, Sendable, Hashable, Codable, CaseIterable {
    case unpaid
    case partial
    case paid
    /// Paid more than due: flagged for a refund.
    case overpaid

    public var label: LocalizedText {
        switch self {
        case .unpaid: LocalizedText(ru: "не оплачена", en: "unpaid")
        case .partial: LocalizedText(ru: "оплачена частично", en: "partially paid")
        case .paid: LocalizedText(ru: "оплачена", en: "paid")
        case .overpaid: LocalizedText(ru: "переплата", en: "overpaid")
        }
    }
}

/// A deal's balance from its confirmed journal entries.
///
/// Trade-in rule: `due` is the deal's `amount_due`, which already has the
/// trade-in credit taken off (total − trade-in credit). A `trade_in_offset`
/// entry records that settlement in the journal, so it is kept apart in
/// `tradeInOffset` and never added to `received`/`paid` — otherwise the
/// trade-in would be counted twice. (The database also refuses offsets that
/// add up to more than the deal's trade-in credit.)
public struct DealBalance: Sendable, Hashable {
    /// What the deal asks for (the price sheet's `amountDue`).
    public var due: Money
    /// Incoming confirmed money, less reversals of it (trade-in offsets excluded).
    public var received: Money
    /// Outgoing confirmed refunds, less reversals of them.
    public var refunded: Money
    /// `received − refunded`.
    public var paid: Money
    /// `due − paid`: positive while money is owed, negative when overpaid.
    public var outstanding: Money
    public var state: DealPaymentState
    /// Whether any entry counts (confirmed, reversed or a reversal).
    public var hasPayments: Bool
    /// Confirmed trade-in offsets, less reversals: informational, not in `paid`.
    public var tradeInOffset: Money = .zero

    public init(due: Money, received: Money, refunded: Money, paid: Money, outstanding: Money,
                state: DealPaymentState, hasPayments: Bool, tradeInOffset: Money = .zero) {
        self.due = due
        self.received = received
        self.refunded = refunded
        self.paid = paid
        self.outstanding = outstanding
        self.state = state
        self.hasPayments = hasPayments
        self.tradeInOffset = tradeInOffset
    }

    /// From stored sums (the store's `deal_payment_totals`).
    public static func from(due: Money, received: Money, refunded: Money, tradeInOffset: Money,
                            hasPayments: Bool) -> DealBalance {
        let paid = received - refunded
        return DealBalance(due: due, received: received, refunded: refunded, paid: paid, outstanding: due - paid,
                           state: state(paid: paid, due: due), hasPayments: hasPayments, tradeInOffset: tradeInOffset)
    }

    public var overpayment: Money { max(.zero, paid - due) }

    /// Paid in full (or more): what "delivered only when paid" asks.
    public var isFullyPaid: Bool { paid >= due }

    /// Overpaid: the deal is flagged for a refund of `overpayment`.
    public var needsRefund: Bool { state == .overpaid }

    /// `payments` are the deal's journal entries in any state; only
    /// `countsInBalances` entries are summed, so pending ones are ignored
    /// and a reversed payment with its reversal nets to zero.
    public static func compute(due: Money, payments: [PaymentEntry]) -> DealBalance {
        var received = Money.zero
        var refunded = Money.zero
        var tradeIn = Money.zero
        var any = false
        for entry in payments where entry.countsInBalances {
            if entry.method == .tradeInOffset {
                tradeIn += entry.amount
                any = true
                continue
            }
            if let kind = entry.kind, !kind.countsInDealBalance { continue }
            any = true
            switch entry.direction {
            case .incoming: received += entry.amount
            case .outgoing: refunded += entry.amount
            }
        }
        return from(due: due, received: received, refunded: refunded, tradeInOffset: tradeIn, hasPayments: any)
    }

    /// unpaid: nothing (or less than nothing) paid while something is due;
    /// partial: some but less than due; paid: exactly due; overpaid: more.
    public static func state(paid: Money, due: Money) -> DealPaymentState {
        if paid == due { return .paid }
        if paid > due { return .overpaid }
        return paid <= .zero ? .unpaid : .partial
    }
}
