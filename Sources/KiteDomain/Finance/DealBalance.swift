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

public struct DealBalance: Sendable, Hashable {
    /// What the deal asks for (the price sheet's `amountDue`).
    public var due: Money
    /// Incoming confirmed money, less reversals of it.
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

    public var overpayment: Money { max(.zero, paid - due) }

    /// `payments` are the deal's journal entries in any state; only
    /// `countsInBalances` entries are summed, so pending ones are ignored
    /// and a reversed payment with its reversal nets to zero.
    public static func compute(due: Money, payments: [PaymentEntry]) -> DealBalance {
        var received = Money.zero
        var refunded = Money.zero
        var any = false
        for entry in payments where entry.countsInBalances {
            any = true
            switch entry.direction {
            case .incoming: received += entry.amount
            case .outgoing: refunded += entry.amount
            }
        }
        let paid = received - refunded
        return DealBalance(due: due, received: received, refunded: refunded, paid: paid, outstanding: due - paid,
                           state: state(paid: paid, due: due), hasPayments: any)
    }

    /// unpaid: nothing (or less than nothing) paid while something is due;
    /// partial: some but less than due; paid: exactly due; overpaid: more.
    public static func state(paid: Money, due: Money) -> DealPaymentState {
        if paid == due { return .paid }
        if paid > due { return .overpaid }
        return paid <= .zero ? .unpaid : .partial
    }
}
