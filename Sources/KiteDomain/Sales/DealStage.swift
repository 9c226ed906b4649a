import Foundation

/// draft → reserved → contracted → delivered → closed; cancelled from any
/// stage before delivered. Payment state is not a stage: it is derived
/// from payments (`DealBalance`).
public enum DealStage: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case reserved
    case contracted
    case delivered
    case closed
    case cancelled

    public var label: LocalizedText {
        switch self {
        case .draft: LocalizedText(ru: "черновик", en: "draft")
        case .reserved: LocalizedText(ru: "резерв", en: "reserved")
        case .contracted: LocalizedText(ru: "договор", en: "contracted")
        case .delivered: LocalizedText(ru: "выдана", en: "delivered")
        case .closed: LocalizedText(ru: "закрыта", en: "closed")
        case .cancelled: LocalizedText(ru: "отменена", en: "cancelled")
        }
    }

    /// A deal that holds its vehicle (one active deal per vehicle).
    public var holdsVehicle: Bool { self == .reserved || self == .contracted }

    /// No further transition is possible.
    public var isFinal: Bool { self == .closed || self == .cancelled }

    /// Stages the machine allows next, before looking at the facts.
    /// `reserved → reserved` renews an expired reservation.
    public var possibleNext: [DealStage] {
        switch self {
        case .draft: [.reserved, .cancelled]
        case .reserved: [.reserved, .contracted, .cancelled]
        case .contracted: [.delivered, .cancelled]
        case .delivered: [.closed]
        case .closed, .cancelled: []
        }
    }
}

/// The named commands of the deal form, each a transition to one stage.
public enum DealCommand: String, Sendable, Hashable, Codable, CaseIterable {
    case reserve
    case contract
    case deliver
    case close
    case cancel

    public var target: DealStage {
        switch self {
        case .reserve: .reserved
        case .contract: .contracted
        case .deliver: .delivered
        case .close: .closed
        case .cancel: .cancelled
        }
    }

    public var label: LocalizedText {
        switch self {
        case .reserve: LocalizedText(ru: "Зарезервировать", en: "Reserve")
        case .contract: LocalizedText(ru: "Заключить договор", en: "Sign the contract")
        case .deliver: LocalizedText(ru: "Выдать автомобиль", en: "Hand over the vehicle")
        case .close: LocalizedText(ru: "Закрыть сделку", en: "Close the deal")
        case .cancel: LocalizedText(ru: "Отменить сделку", en: "Cancel the deal")
        }
    }
}

/// What the store knows about a deal when a transition is asked for.
public struct DealFacts: Sendable, Hashable {
    /// Everything the contract needs about the customer is filled in.
    public var customerDataComplete: Bool
    /// What is missing, for the refusal message (`паспорт`, `адрес`).
    public var missingCustomerData: [LocalizedText]
    /// The vehicle is in stock and not held by another deal (or is held by this one).
    public var vehicleAvailable: Bool
    /// The reservation's date has passed.
    public var reservationExpired: Bool
    public var paymentState: DealPaymentState
    public var paid: Money
    public var due: Money
    /// The deal has at least one payment that counts (confirmed or reversed).
    public var hasPayments: Bool
    /// The finance module keeps this dealership's payments: delivery then
    /// needs full payment even when no payment exists yet. Before it is
    /// wired (issue 4), only deals that have payments are checked.
    public var paymentsEnforced: Bool

    public init(customerDataComplete: Bool = true, missingCustomerData: [LocalizedText] = [], vehicleAvailable: Bool = true,
                reservationExpired: Bool = false, paymentState: DealPaymentState = .unpaid, paid: Money = .zero,
                due: Money = .zero, hasPayments: Bool = false, paymentsEnforced: Bool = false) {
        self.customerDataComplete = customerDataComplete
        self.missingCustomerData = missingCustomerData
        self.vehicleAvailable = vehicleAvailable
        self.reservationExpired = reservationExpired
        self.paymentState = paymentState
        self.paid = paid
        self.due = due
        self.hasPayments = hasPayments
        self.paymentsEnforced = paymentsEnforced
    }

    /// Fills the payment facts from a computed balance.
    public mutating func apply(_ balance: DealBalance) {
        paymentState = balance.state
        paid = balance.paid
        due = balance.due
        hasPayments = balance.hasPayments
    }
}

public struct DealTransitionRefusal: Error, Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        case notAllowedFromStage
        case vehicleNotAvailable
        case reservationExpired
        case customerDataIncomplete
        case notFullyPaid
    }

    public var from: DealStage
    public var to: DealStage
    public var reason: Reason
    public var message: LocalizedText
}

extension DealStage {
    /// The stage after `target`, or why not.
    public func transition(to target: DealStage, facts: DealFacts) -> Result<DealStage, DealTransitionRefusal> {
        func refuse(_ reason: DealTransitionRefusal.Reason, ru: String, en: String) -> Result<DealStage, DealTransitionRefusal> {
            .failure(DealTransitionRefusal(from: self, to: target, reason: reason, message: LocalizedText(ru: ru, en: en)))
        }

        guard possibleNext.contains(target), !(self == .reserved && target == .reserved && !facts.reservationExpired) else {
            switch (self, target) {
            case (.delivered, .cancelled), (.closed, .cancelled):
                return refuse(.notAllowedFromStage, ru: "Нельзя отменить сделку: автомобиль уже выдан",
                              en: "Cannot cancel the deal: the vehicle has already been handed over")
            case (_, .closed) where self != .closed:
                return refuse(.notAllowedFromStage, ru: "Нельзя закрыть сделку: автомобиль ещё не выдан",
                              en: "Cannot close the deal: the vehicle has not been handed over yet")
            case (.reserved, .reserved):
                return refuse(.notAllowedFromStage, ru: "Автомобиль уже зарезервирован по этой сделке, резерв действует",
                              en: "The vehicle is already reserved for this deal and the reservation is valid")
            default:
                return refuse(.notAllowedFromStage,
                              ru: "Нельзя перевести сделку из стадии «\(label.ru)» в стадию «\(target.label.ru)»",
                              en: "Cannot move the deal from '\(label.en)' to '\(target.label.en)'")
            }
        }

        switch target {
        case .reserved:
            guard facts.vehicleAvailable else {
                return refuse(.vehicleNotAvailable, ru: "Нельзя зарезервировать: автомобиль недоступен для продажи",
                              en: "Cannot reserve: the vehicle is not available for sale")
            }
        case .contracted:
            guard !facts.reservationExpired else {
                return refuse(.reservationExpired, ru: "Нельзя заключить договор: срок резерва истёк, продлите резерв",
                              en: "Cannot sign the contract: the reservation has expired; renew it first")
            }
            guard facts.customerDataComplete else {
                let missingRU = facts.missingCustomerData.map(\.ru).joined(separator: ", ")
                let missingEN = facts.missingCustomerData.map(\.en).joined(separator: ", ")
                return refuse(.customerDataIncomplete,
                              ru: "Нельзя заключить договор: не заполнены данные клиента" + (missingRU.isEmpty ? "" : " (\(missingRU))"),
                              en: "Cannot sign the contract: the customer's data is incomplete" + (missingEN.isEmpty ? "" : " (\(missingEN))"))
            }
        case .delivered:
            if (facts.hasPayments || facts.paymentsEnforced) && (facts.paymentState == .unpaid || facts.paymentState == .partial) {
                return refuse(.notFullyPaid,
                              ru: "Нельзя выдать автомобиль: сделка не оплачена полностью (оплачено \(facts.paid.formatted(.ru)) из \(facts.due.formatted(.ru)))",
                              en: "Cannot hand over the vehicle: the deal is not fully paid (paid \(facts.paid.formatted(.en)) of \(facts.due.formatted(.en)))")
            }
        case .draft, .closed, .cancelled:
            break
        }
        return .success(target)
    }

    public func apply(_ command: DealCommand, facts: DealFacts) -> Result<DealStage, DealTransitionRefusal> {
        transition(to: command.target, facts: facts)
    }
}
