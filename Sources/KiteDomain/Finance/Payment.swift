import Foundation

public enum PaymentDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case incoming
    case outgoing

    public var label: LocalizedText {
        switch self {
        case .incoming: LocalizedText(ru: "поступление", en: "incoming")
        case .outgoing: LocalizedText(ru: "выплата", en: "outgoing")
        }
    }
}

/// Stored as the raw value (`bank_transfer`, `trade_in_offset`).
public enum PaymentMethod: String, Sendable, Hashable, Codable, CaseIterable {
    case cash
    case card
    case bankTransfer = "bank_transfer"
    /// A bank's loan disbursement for the deal.
    case loan
    /// The customer's car taken in trade, offset against the deal.
    case tradeInOffset = "trade_in_offset"

    public var label: LocalizedText {
        switch self {
        case .cash: LocalizedText(ru: "наличные", en: "cash")
        case .card: LocalizedText(ru: "карта", en: "card")
        case .bankTransfer: LocalizedText(ru: "безналичный перевод", en: "bank transfer")
        case .loan: LocalizedText(ru: "кредит", en: "loan")
        case .tradeInOffset: LocalizedText(ru: "зачёт трейд-ин", en: "trade-in offset")
        }
    }

    /// Methods that only bring money in: a bank disburses a loan to the
    /// dealer, a trade-in is offset against what the customer owes.
    public var isIncomingOnly: Bool { self == .loan || self == .tradeInOffset }
}

public enum PaymentState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending
    case confirmed
    /// Was confirmed, then cancelled by a linked reversal entry.
    case reversed
    /// Was pending and entered by mistake; cancelled with a reason, never
    /// confirmed, counts nowhere, stays in the journal.
    case cancelled

    public var label: LocalizedText {
        switch self {
        case .pending: LocalizedText(ru: "ожидает подтверждения", en: "pending")
        case .confirmed: LocalizedText(ru: "подтверждён", en: "confirmed")
        case .reversed: LocalizedText(ru: "сторнирован", en: "reversed")
        case .cancelled: LocalizedText(ru: "отменён", en: "cancelled")
        }
    }
}

/// One row of the payment journal, as the balance rules see it.
///
/// A payment's `amount` is positive. A reversal (storno) is its own entry
/// with the same direction and method, the opposite sign (`−amount`), a
/// reason, and `reversesPaymentID` pointing at the original; the original
/// moves to `.reversed`. Nothing is ever deleted or edited after confirmation.
public struct PaymentEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var direction: PaymentDirection
    public var method: PaymentMethod
    public var amount: Money
    public var date: CivilDate
    public var state: PaymentState
    public var reversesPaymentID: Int64?
    /// Required for a reversal; free text otherwise.
    public var reason: String
    /// What the money is for; nil when the caller does not know (then an
    /// outgoing entry of a deal is taken as a refund).
    public var kind: PaymentKind?

    public init(id: Int64, direction: PaymentDirection, method: PaymentMethod, amount: Money, date: CivilDate,
                state: PaymentState = .pending, reversesPaymentID: Int64? = nil, reason: String = "",
                kind: PaymentKind? = nil) {
        self.kind = kind
        self.id = id
        self.direction = direction
        self.method = method
        self.amount = amount
        self.date = date
        self.state = state
        self.reversesPaymentID = reversesPaymentID
        self.reason = reason
    }

    public var isReversal: Bool { reversesPaymentID != nil }

    /// Entries that move money: confirmed ones, reversed originals (they were
    /// confirmed; their reversal entry cancels them) and reversal entries.
    /// Pending and cancelled entries count nowhere.
    public var countsInBalances: Bool { state == .confirmed || state == .reversed }

    /// The effect on "money received from the customer": incoming adds,
    /// outgoing subtracts; a reversal's negative amount undoes its original.
    public var signedAmount: Money { direction == .incoming ? amount : -amount }
}

public struct PaymentRefusal: Error, Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        case notPending
        case notConfirmed
        case alreadyReversed
        case reversalCannotBeReversed
        case reasonRequired
        case alreadyCancelled
    }

    public var reason: Reason
    public var message: LocalizedText
}

/// A reversal's two effects, to be written in one transaction.
public struct PaymentReversal: Sendable, Hashable {
    /// The new entry: opposite sign, linked, confirmed.
    public var reversal: PaymentEntry
    /// The original, now `.reversed`.
    public var original: PaymentEntry
}

public enum PaymentRules {
    /// A new payment: amount > 0 and within `numeric(14,2)`; a loan or a
    /// trade-in offset only as incoming (money going back to a bank is a
    /// bank transfer).
    public static func validateNew(direction: PaymentDirection, method: PaymentMethod, amount: Money) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if amount <= .zero {
            issues.append(.error("amount", ru: "Сумма: должна быть больше нуля", en: "Amount: must be greater than zero"))
        } else if amount > Money.databaseMaximum {
            issues.append(.error("amount", ru: "Сумма: слишком большая", en: "Amount: too large"))
        }
        if method.isIncomingOnly && direction == .outgoing {
            issues.append(.error("method",
                ru: "Способ «\(method.label.ru)»: возможен только для поступления",
                en: "Method '\(method.label.en)': only for incoming payments"))
        }
        return issues
    }

    /// pending → confirmed. Anything else is refused (confirming twice confirms once).
    public static func confirm(_ payment: PaymentEntry) -> Result<PaymentEntry, PaymentRefusal> {
        guard payment.state == .pending else {
            return .failure(PaymentRefusal(reason: .notPending, message: LocalizedText(
                ru: "Платёж №\(payment.id) нельзя подтвердить: он \(payment.state.label.ru)",
                en: "Payment #\(payment.id) cannot be confirmed: it is \(payment.state.label.en)")))
        }
        var confirmed = payment
        confirmed.state = .confirmed
        return .success(confirmed)
    }

    /// Reverses a confirmed payment. Refused for a pending or already reversed
    /// payment, for a reversal entry itself, and without a reason.
    public static func reverse(_ original: PaymentEntry, reason: String, reversalID: Int64,
                               date: CivilDate) -> Result<PaymentReversal, PaymentRefusal> {
        if original.isReversal {
            return .failure(PaymentRefusal(reason: .reversalCannotBeReversed, message: LocalizedText(
                ru: "Платёж №\(original.id) — сторно платежа №\(original.reversesPaymentID!); сторно нельзя сторнировать",
                en: "Payment #\(original.id) reverses payment #\(original.reversesPaymentID!); a reversal cannot be reversed")))
        }
        switch original.state {
        case .confirmed:
            break
        case .reversed:
            return .failure(PaymentRefusal(reason: .alreadyReversed, message: LocalizedText(
                ru: "Платёж №\(original.id) уже сторнирован", en: "Payment #\(original.id) is already reversed")))
        case .pending:
            return .failure(PaymentRefusal(reason: .notConfirmed, message: LocalizedText(
                ru: "Платёж №\(original.id) не подтверждён: сторнировать можно только подтверждённый платёж",
                en: "Payment #\(original.id) is not confirmed: only confirmed payments can be reversed")))
        case .cancelled:
            return .failure(PaymentRefusal(reason: .notConfirmed, message: LocalizedText(
                ru: "Платёж №\(original.id) отменён: он не был подтверждён, сторнировать нечего",
                en: "Payment #\(original.id) is cancelled: it was never confirmed, there is nothing to reverse")))
        }
        let trimmedReason = reason.trimmingWhitespace()
        guard !trimmedReason.isEmpty else {
            return .failure(PaymentRefusal(reason: .reasonRequired, message: LocalizedText(
                ru: "Укажите причину сторно", en: "A reason for the reversal is required")))
        }
        let reversal = PaymentEntry(id: reversalID, direction: original.direction, method: original.method,
                                    amount: -original.amount, date: date, state: .confirmed,
                                    reversesPaymentID: original.id, reason: trimmedReason, kind: original.kind)
        var reversedOriginal = original
        reversedOriginal.state = .reversed
        return .success(PaymentReversal(reversal: reversal, original: reversedOriginal))
    }

    /// pending → cancelled, for a payment entered by mistake. Refused for a
    /// confirmed payment (reverse it instead), a reversed or already cancelled
    /// one, and without a reason. Returns the cancelled entry and the trimmed reason.
    public static func cancel(_ payment: PaymentEntry, reason: String) -> Result<(entry: PaymentEntry, reason: String), PaymentRefusal> {
        switch payment.state {
        case .pending:
            break
        case .cancelled:
            return .failure(PaymentRefusal(reason: .alreadyCancelled, message: LocalizedText(
                ru: "Платёж №\(payment.id) уже отменён", en: "Payment #\(payment.id) is already cancelled")))
        case .confirmed:
            return .failure(PaymentRefusal(reason: .notPending, message: LocalizedText(
                ru: "Платёж №\(payment.id) подтверждён: отменить можно только ожидающий подтверждения, подтверждённый — сторнировать",
                en: "Payment #\(payment.id) is confirmed: only a pending payment can be cancelled; reverse a confirmed one")))
        case .reversed:
            return .failure(PaymentRefusal(reason: .notPending, message: LocalizedText(
                ru: "Платёж №\(payment.id) сторнирован: отменить можно только ожидающий подтверждения",
                en: "Payment #\(payment.id) is reversed: only a pending payment can be cancelled")))
        }
        let trimmedReason = reason.trimmingWhitespace()
        guard !trimmedReason.isEmpty else {
            return .failure(PaymentRefusal(reason: .reasonRequired, message: LocalizedText(
                ru: "Причина отмены: обязательное поле", en: "Cancel reason: required")))
        }
        var cancelled = payment
        cancelled.state = .cancelled
        return .success((cancelled, trimmedReason))
    }
}
