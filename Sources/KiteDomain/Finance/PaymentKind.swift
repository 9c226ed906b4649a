import Foundation

/// What a payment is for. Stored as the raw value in `payments.kind`.
public enum PaymentKind: String, Sendable, Hashable, Codable, CaseIterable {
    // Incoming
    case prepayment
    case payment
    /// A bank's loan disbursement for the deal (method `loan`).
    case loan
    /// The customer's car taken in trade (method `trade_in_offset`).
    case tradeIn = "trade_in"
    case otherIncoming = "other_in"
    // Outgoing
    /// Money given back to the deal's customer.
    case refund
    /// A private seller paid for the car the dealer bought.
    case sellerPayout = "seller_payout"
    /// A carrier's invoice.
    case carrier
    case otherOutgoing = "other_out"

    public var direction: PaymentDirection {
        switch self {
        case .prepayment, .payment, .loan, .tradeIn, .otherIncoming: .incoming
        case .refund, .sellerPayout, .carrier, .otherOutgoing: .outgoing
        }
    }

    /// Kinds that belong to a deal's customer and need the deal.
    public var requiresDeal: Bool {
        switch self {
        case .prepayment, .payment, .loan, .tradeIn, .refund: true
        default: false
        }
    }

    /// Whether a confirmed entry of this kind moves the deal's `paid`:
    /// customer and bank money in, refunds out. A trade-in offset does not —
    /// see `DealBalance` — and a payout for the deal's car is not the customer's money.
    public var countsInDealBalance: Bool {
        switch self {
        case .prepayment, .payment, .loan, .otherIncoming, .refund: true
        case .tradeIn, .sellerPayout, .carrier, .otherOutgoing: false
        }
    }

    /// The kinds offered for a direction, in display order.
    public static func kinds(for direction: PaymentDirection) -> [PaymentKind] {
        allCases.filter { $0.direction == direction }
    }

    public var label: LocalizedText {
        switch self {
        case .prepayment: LocalizedText(ru: "предоплата", en: "prepayment")
        case .payment: LocalizedText(ru: "оплата", en: "payment")
        case .loan: LocalizedText(ru: "кредит банка", en: "loan disbursement")
        case .tradeIn: LocalizedText(ru: "зачёт трейд-ин", en: "trade-in offset")
        case .otherIncoming: LocalizedText(ru: "прочее поступление", en: "other incoming")
        case .refund: LocalizedText(ru: "возврат клиенту", en: "refund")
        case .sellerPayout: LocalizedText(ru: "выплата продавцу", en: "seller payout")
        case .carrier: LocalizedText(ru: "счёт перевозчика", en: "carrier invoice")
        case .otherOutgoing: LocalizedText(ru: "прочая выплата", en: "other outgoing")
        }
    }

    /// The method a kind forces (loan and trade-in have their own), if any.
    public var requiredMethod: PaymentMethod? {
        switch self {
        case .loan: .loan
        case .tradeIn: .tradeInOffset
        default: nil
        }
    }
}

extension PaymentRules {
    /// A new payment with its purpose: the checks of `validateNew` plus the
    /// kind's direction and method, a deal for customer kinds, a
    /// counterparty when there is no deal.
    public static func validateNew(kind: PaymentKind, method: PaymentMethod, amount: Money, hasDeal: Bool,
                                   counterparty: String) -> [FieldIssue] {
        var issues = validateNew(direction: kind.direction, method: method, amount: amount)
        if let required = kind.requiredMethod, method != required {
            issues.append(.error("method",
                ru: "Способ: для «\(kind.label.ru)» — только «\(required.label.ru)»",
                en: "Method: '\(kind.label.en)' is paid by '\(required.label.en)' only"))
        } else if kind.requiredMethod == nil, method == .loan || method == .tradeInOffset,
                  !issues.contains(where: { $0.field == "method" }) {
            let kindFor: PaymentKind = method == .loan ? .loan : .tradeIn
            issues.append(.error("method",
                ru: "Способ «\(method.label.ru)»: только для вида «\(kindFor.label.ru)»",
                en: "Method '\(method.label.en)': only for '\(kindFor.label.en)'"))
        }
        if kind.requiresDeal && !hasDeal {
            issues.append(.error("deal", ru: "Сделка: обязательна для «\(kind.label.ru)»",
                                 en: "Deal: required for '\(kind.label.en)'"))
        }
        if !hasDeal && counterparty.trimmingWhitespace().isEmpty {
            issues.append(.error("counterparty", ru: "Контрагент: укажите плательщика или получателя, если нет сделки",
                                 en: "Counterparty: name the payer or payee when there is no deal"))
        }
        return issues
    }
}

extension DealStage {
    /// Whether the deal takes a payment of `kind`: a cancelled or closed deal
    /// takes only a refund (the database holds the same rule, `payments_deal_open`).
    public func takesPayment(_ kind: PaymentKind) -> Bool {
        switch self {
        case .cancelled, .closed: kind == .refund
        default: true
        }
    }

    /// The refusal of a payment of `kind`, naming the field and the rule; nil when it is taken.
    public func paymentIssue(_ kind: PaymentKind, dealNumber: String) -> FieldIssue? {
        guard !takesPayment(kind) else { return nil }
        return .error("deal",
            ru: "Сделка: \(dealNumber) \(self == .cancelled ? "отменена" : "закрыта") — платежи по ней не принимаются, только возврат",
            en: "Deal: \(dealNumber) is \(self == .cancelled ? "cancelled" : "closed") — it takes no payments, only a refund")
    }
}
