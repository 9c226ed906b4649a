import Foundation
import KiteDomain

extension PaymentDirection: SQLTextEnum {}
extension PaymentMethod: SQLTextEnum {}
extension PaymentState: SQLTextEnum {}
extension PaymentKind: SQLTextEnum {}

/// One row of the payment journal with what the screens show beside it.
public struct Payment: Sendable, Hashable {
    public var id: Int64 = 0
    public var dealershipID: Int64 = 0
    public var dealershipCode: String = ""
    public var direction: PaymentDirection = .incoming
    public var kind: PaymentKind = .prepayment
    public var method: PaymentMethod = .cash
    /// Positive; a reversal entry carries its original's amount negated.
    public var amount: Money = .zero
    public var date: CivilDate = CivilDate(year: 2000, month: 1, day: 1)!
    public var dealID: Int64? = nil
    public var dealNumber: String? = nil
    /// The trip a carrier's invoice (kind `carrier`) is for: its confirmation re-splits the
    /// trip's freight over the cars (migration 0027).
    public var tripID: Int64? = nil
    /// That trip's number (`MSK-TR-2026-000045`).
    public var tripNumber: String? = nil
    /// The deal's customer, when there is a deal.
    public var customerName: String? = nil
    public var counterparty: String = ""
    public var purpose: String = ""
    public var documentRef: String = ""
    public var idempotencyKey: String? = nil
    public var state: PaymentState = .pending
    public var reversesPaymentID: Int64? = nil
    /// The reversal entry of a reversed payment.
    public var reversedByPaymentID: Int64? = nil
    public var reason: String = ""
    public var createdAt: Date = Date(timeIntervalSince1970: 0)
    public var createdBy: String = ""
    public var confirmedAt: Date? = nil
    public var confirmedBy: String? = nil
    public var reversedAt: Date? = nil
    public var reversedBy: String? = nil
    public var cancelledAt: Date? = nil
    public var cancelledBy: String? = nil
    /// Why a pending payment was cancelled (empty unless cancelled).
    public var cancelReason: String = ""
    public var version: Int = 0
    public var updatedAt: Date = Date(timeIntervalSince1970: 0)
    public var updatedBy: String = ""

    public var isReversal: Bool { reversesPaymentID != nil }

    /// The payer or payee as a person reads it: the counterparty, else the deal's customer.
    public var party: String {
        let own = counterparty.trimmingCharacters(in: .whitespaces)
        return own.isEmpty ? (customerName ?? "") : own
    }

    /// The domain's view of the row, for the balance and cash-day rules.
    public var entry: PaymentEntry {
        PaymentEntry(id: id, direction: direction, method: method, amount: amount, date: date, state: state,
                     reversesPaymentID: reversesPaymentID, reason: reason, kind: kind)
    }
}

/// What a person enters for a new payment, or changes in a pending one.
public struct PaymentDraft: Sendable, Hashable {
    public var dealershipID: Int64
    public var kind: PaymentKind
    public var method: PaymentMethod
    public var amount: Money
    public var date: CivilDate
    public var dealID: Int64?
    public var counterparty: String
    public var purpose: String
    public var documentRef: String
    public var idempotencyKey: String?
    /// The trip of a carrier's invoice.
    public var tripID: Int64?

    public var direction: PaymentDirection { kind.direction }

    public init(dealershipID: Int64, kind: PaymentKind, method: PaymentMethod, amount: Money, date: CivilDate,
                dealID: Int64? = nil, counterparty: String = "", purpose: String = "", documentRef: String = "",
                idempotencyKey: String? = nil, tripID: Int64? = nil) {
        self.tripID = tripID
        self.dealershipID = dealershipID
        self.kind = kind
        self.method = method
        self.amount = amount
        self.date = date
        self.dealID = dealID
        self.counterparty = counterparty
        self.purpose = purpose
        self.documentRef = documentRef
        self.idempotencyKey = idempotencyKey
    }

    public var issues: [FieldIssue] {
        PaymentRules.validateNew(kind: kind, method: method, amount: amount, hasDeal: dealID != nil,
                                 counterparty: counterparty)
    }
}

/// A confirm, reverse, cancel or close refused by the rules (already confirmed, no
/// reason, a closed day…): the reason says why, in both languages.
public struct FinanceRefusal: Refusal, Hashable {
    public var code: String
    public var message: LocalizedText
    public init(_ code: String, message: LocalizedText) {
        self.code = code
        self.message = message
    }
    public init(_ code: String, ru: String, en: String) { self.init(code, message: LocalizedText(ru: ru, en: en)) }
    public var localizedReason: LocalizedText { message }
}

/// Filters of the payments list.
public struct PaymentFilter: Sendable, Hashable {
    public var from: CivilDate?
    public var to: CivilDate?
    public var dealershipID: Int64?
    public var method: PaymentMethod?
    public var direction: PaymentDirection?
    public var state: PaymentState?
    public var dealID: Int64?
    /// Words matched against the deal number, the customer, the counterparty and the document.
    public var text: String

    public init(from: CivilDate? = nil, to: CivilDate? = nil, dealershipID: Int64? = nil, method: PaymentMethod? = nil,
                direction: PaymentDirection? = nil, state: PaymentState? = nil, dealID: Int64? = nil, text: String = "") {
        self.from = from
        self.to = to
        self.dealershipID = dealershipID
        self.method = method
        self.direction = direction
        self.state = state
        self.dealID = dealID
        self.text = text
    }

    public var words: [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" }).map(String.init)
    }
}

/// Where the next page of the payments list starts (newest first).
public struct PaymentCursor: Sendable, Hashable {
    public var date: CivilDate
    public var id: Int64

    public init(date: CivilDate, id: Int64) {
        self.date = date
        self.id = id
    }

    public init(_ payment: Payment) {
        self.init(date: payment.date, id: payment.id)
    }
}

/// A deal as the payment form's picker shows it.
public struct DealPick: Sendable, Hashable {
    public var id: Int64
    public var number: String
    public var dealershipID: Int64
    public var stage: String
    public var customerName: String
    public var managerLogin: String
    public var balance: DealBalance
}
