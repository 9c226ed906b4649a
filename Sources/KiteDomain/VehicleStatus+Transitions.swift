/// Why a status change was refused, in words a manager understands.
public struct StatusTransitionRefusal: Error, Sendable, Hashable {
    public var from: VehicleStatus
    public var to: VehicleStatus
    public var reason: LocalizedText

    public init(from: VehicleStatus, to: VehicleStatus, reason: LocalizedText) {
        self.from = from
        self.to = to
        self.reason = reason
    }
}

extension VehicleStatus {
    /// Not delivered and not written off. The database keeps one active vehicle per VIN.
    public var isActive: Bool {
        switch self {
        case .delivered, .writtenOff: false
        default: true
        }
    }

    /// The vehicle can go into a deal: it is in stock or in pre-sale preparation,
    /// not on its way, not held by another deal, not gone.
    public var isAvailableForSale: Bool {
        switch self {
        case .inStock, .inPreparation: true
        default: false
        }
    }

    /// The statuses a vehicle can go into a deal from, in declaration order
    /// (for a SQL condition or a stock filter).
    public static var availableForSale: [VehicleStatus] { allCases.filter(\.isAvailableForSale) }

    /// The place in the workflow (1 ordered … 7 delivered, 8 written off): lists sort by it.
    /// The database's `kite_vehicle_status_rank` gives the same numbers.
    public var workflowRank: Int { (Self.allCases.firstIndex(of: self) ?? Self.allCases.count) + 1 }

    /// Delivered and written off: the statuses in which a vehicle no longer holds its VIN.
    public static var inactive: [VehicleStatus] { allCases.filter { !$0.isActive } }

    /// Sold, delivered or written off: nothing but a deal reversal brings it back.
    public var isFinal: Bool {
        switch self {
        case .sold, .delivered, .writtenOff: true
        default: false
        }
    }

    /// The statuses this one may change to, in the order a menu should list them.
    ///
    /// ordered → in_transit | in_stock (arrived without a transit record);
    /// in_transit → in_stock; in_stock ⇄ in_preparation; in_stock | in_preparation
    /// → reserved; reserved → in_stock (released) | sold; sold → delivered;
    /// written_off from anything before sold.
    public var allowedNext: [VehicleStatus] {
        switch self {
        case .ordered: [.inTransit, .inStock, .writtenOff]
        case .inTransit: [.inStock, .writtenOff]
        case .inStock: [.inPreparation, .reserved, .writtenOff]
        case .inPreparation: [.inStock, .reserved, .writtenOff]
        case .reserved: [.inStock, .sold, .writtenOff]
        case .sold: [.delivered]
        case .delivered: []
        case .writtenOff: []
        }
    }

    public func canTransition(to next: VehicleStatus) -> Bool { allowedNext.contains(next) }

    /// Reserved, sold and delivered belong to a deal: only the deal's stage
    /// commands move a car into or out of them.
    public var isDealManaged: Bool { self == .reserved || self == .sold || self == .delivered }

    /// A change typed on the stock screen: the state machine, and nothing a deal owns.
    public func manualTransition(to next: VehicleStatus) -> Result<VehicleStatus, StatusTransitionRefusal> {
        if case .failure(let refusal) = transition(to: next) { return .failure(refusal) }
        if isDealManaged || next.isDealManaged {
            return .failure(StatusTransitionRefusal(from: self, to: next, reason: LocalizedText(
                ru: "Резерв, продажа и выдача идут через сделку: на складе клавиша d — новая сделка; снять резерв — отменить сделку",
                en: "Reserving, selling and handing over go through a deal: press d on the stock list for a new deal; cancel the deal to release the car")))
        }
        return .success(next)
    }

    /// The new status, or the reason it is not allowed.
    public func transition(to next: VehicleStatus) -> Result<VehicleStatus, StatusTransitionRefusal> {
        if canTransition(to: next) { return .success(next) }
        return .failure(StatusTransitionRefusal(from: self, to: next, reason: refusalReason(to: next)))
    }

    private func refusalReason(to next: VehicleStatus) -> LocalizedText {
        let head = LocalizedText(ru: "Нельзя перевести из «\(label.ru)» в «\(next.label.ru)»",
                                 en: "Cannot change from “\(label.en)” to “\(next.label.en)”")
        func because(_ ru: String, _ en: String) -> LocalizedText {
            LocalizedText(ru: head.ru + ": " + ru, en: head.en + ": " + en)
        }
        if next == self {
            return LocalizedText(ru: "Автомобиль уже в статусе «\(label.ru)»",
                                 en: "The vehicle is already “\(label.en)”")
        }
        switch self {
        case .sold:
            return because("проданный автомобиль возвращается только сторнированием сделки",
                           "a sold vehicle comes back only by reversing its deal")
        case .delivered:
            return because("автомобиль выдан покупателю; вернуть его можно только сторнированием сделки",
                           "the vehicle has been handed over to the buyer; only reversing the deal brings it back")
        case .writtenOff:
            return because("списание окончательное; ошибочное списание исправляет администратор",
                           "a write-off is final; an administrator corrects a mistaken one")
        default:
            break
        }
        switch next {
        case .ordered:
            return because("«заказан» — только начальный статус нового автомобиля",
                           "“ordered” is only the initial status of a new vehicle")
        case .inTransit:
            return because("в пути бывает только заказанный автомобиль; перемещение между площадками оформляется перевозкой",
                           "only an ordered vehicle is in transit; moves between sites are recorded as shipments")
        case .inPreparation:
            return because("на предпродажную подготовку ставят только автомобиль, который уже на складе",
                           "only a vehicle already in stock goes into pre-sale preparation")
        case .reserved:
            return because("зарезервировать можно только автомобиль на складе или на предпродажной подготовке",
                           "only a vehicle in stock or in preparation can be reserved")
        case .sold:
            return because("продать можно только зарезервированный автомобиль: сначала оформите резерв по сделке",
                           "only a reserved vehicle can be sold: reserve it for a deal first")
        case .delivered:
            return because("выдать покупателю можно только проданный автомобиль",
                           "only a sold vehicle can be handed over to the buyer")
        case .writtenOff:
            return because("списать можно только автомобиль, который ещё не продан",
                           "only a vehicle that is not yet sold can be written off")
        case .inStock:
            return because("такой переход не предусмотрен", "this change is not provided for")
        }
    }
}
