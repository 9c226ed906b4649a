import Foundation

/// planned → loading → in transit → arrived (when the last car is dropped) → closed;
/// cancelled before departure. Each step is a named command of the database
/// (`trip_start_loading`, `trip_depart`, `trip_arrive`, `trip_close`, `trip_cancel`),
/// which moves the cars with it.
public enum TripStage: String, Sendable, Hashable, Codable, CaseIterable {
    case planned
    case loading
    case inTransit = "in_transit"
    case arrived
    case closed
    case cancelled

    public var label: LocalizedText {
        switch self {
        case .planned: LocalizedText(ru: "запланирован", en: "planned")
        case .loading: LocalizedText(ru: "погрузка", en: "loading")
        case .inTransit: LocalizedText(ru: "в пути", en: "in transit")
        case .arrived: LocalizedText(ru: "прибыл", en: "arrived")
        case .closed: LocalizedText(ru: "закрыт", en: "closed")
        case .cancelled: LocalizedText(ru: "отменён", en: "cancelled")
        }
    }

    /// Cars may be put on or taken off, the route and crew changed.
    public var isBeforeDeparture: Bool { self == .planned || self == .loading }

    public var isFinal: Bool { self == .closed || self == .cancelled }
}

/// The named commands of the trip card, in workflow order.
public enum TripCommand: String, Sendable, Hashable, CaseIterable {
    case startLoading = "start_loading"
    case depart
    case arrive
    case close
    case cancel

    /// The stages the command starts from.
    public var from: Set<TripStage> {
        switch self {
        case .startLoading: [.planned]
        case .depart: [.planned, .loading]
        case .arrive: [.inTransit]
        case .close: [.arrived]
        case .cancel: [.planned, .loading]
        }
    }

    public var label: LocalizedText {
        switch self {
        case .startLoading: LocalizedText(ru: "Начать погрузку", en: "Start loading")
        case .depart: LocalizedText(ru: "Отправить", en: "Depart")
        case .arrive: LocalizedText(ru: "Прибытие на точку", en: "Arrive at a stop")
        case .close: LocalizedText(ru: "Закрыть рейс", en: "Close the trip")
        case .cancel: LocalizedText(ru: "Отменить рейс", en: "Cancel the trip")
        }
    }
}

/// A trip number: `MSK-TR-2026-000045` — the dealership, the year, the sequence.
public enum TripNumber {
    public static func isValid(_ number: String) -> Bool {
        number.range(of: "^[A-Z0-9]{2,10}-TR-[0-9]{4}-[0-9]{6}$", options: .regularExpression) != nil
    }
}

/// One stop of a trip's route, in order: a location of ours or an external address,
/// with its ETA and when the truck really came.
public struct TripStop: Sendable, Hashable {
    public var id: Int64 = 0
    public var tripID: Int64 = 0
    public var position = 0
    public var locationID: Int64?
    public var address = ""
    public var eta: Date?
    public var arrivedAt: Date?

    public init() {}

    public init(position: Int, locationID: Int64? = nil, address: String = "", eta: Date? = nil) {
        self.position = position
        self.locationID = locationID
        self.address = address
        self.eta = eta
    }

    public static let maxAddressLength = 300

    /// Past its ETA and the truck not there yet: how late, in whole minutes.
    public func minutesLate(at now: Date) -> Int? {
        guard arrivedAt == nil, let eta, now > eta else { return nil }
        return Int(now.timeIntervalSince(eta) / 60)
    }

    public func validate() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if locationID == nil, address.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(.error("location_id", ru: "Точка: выберите площадку или введите адрес",
                                 en: "Stop: choose a location of ours or type an address"))
        }
        if address.unicodeScalars.count > Self.maxAddressLength {
            issues.append(.error("address", ru: "Не длиннее \(Self.maxAddressLength) знаков", en: "At most \(Self.maxAddressLength) characters"))
        }
        return issues
    }
}

/// A car on a trip: its bay, where it is picked up and dropped, and where it is in the trip.
public struct TripVehicle: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case assigned, onBoard = "on_board", dropped, removed

        public var label: LocalizedText {
            switch self {
            case .assigned: LocalizedText(ru: "к погрузке", en: "to load")
            case .onBoard: LocalizedText(ru: "на борту", en: "on board")
            case .dropped: LocalizedText(ru: "выгружен", en: "dropped")
            case .removed: LocalizedText(ru: "снят", en: "taken off")
            }
        }
    }

    public var tripID: Int64 = 0
    public var vehicleID: Int64 = 0
    public var bay = 0
    public var pickupStopID: Int64 = 0
    public var dropStopID: Int64 = 0
    public var state = State.assigned
    public var transferPrice: Money?
    public var removedReason = ""
    public var droppedAt: Date?

    public init() {}

    /// Counts toward the truck's capacity.
    public var holdsBay: Bool { state == .assigned || state == .onBoard }
}

/// A trip: who carries (carrier, truck, one or two drivers), when it leaves, what it costs.
public struct Trip: Sendable, Hashable {
    public var id: Int64 = 0
    public var number = ""
    public var dealershipID: Int64 = 0
    /// None while a planned trip waits for its carrier (planned from a shipment notice);
    /// required from loading on (the database refuses to load or depart without it).
    public var carrierID: Int64?
    public var truckID: Int64?
    public var driverID: Int64?
    public var secondDriverID: Int64?
    public var stage = TripStage.planned
    public var plannedDeparture: Date?
    public var departedAt: Date?
    public var closedAt: Date?
    public var price: Money?
    public var notes = ""
    public var cancelReason = ""
    public var clerkLogin = ""
    public var version = 0
    public var createdAt = Date(timeIntervalSince1970: 0)
    public var updatedAt = Date(timeIntervalSince1970: 0)
    public var updatedBy = ""

    public init() {}

    public static let maxNotesLength = 2000

    /// Problems by field before a save: a carrier, two different drivers, a price not
    /// below zero; the crew is the carrier's (the database checks that too).
    public func validate() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if carrierID == nil {
            if stage == .planned {
                issues.append(.warning("carrier_id", ru: "Перевозчик не выбран: без него рейс не начнёт погрузку",
                                       en: "No carrier yet: the trip cannot start loading without one"))
            } else {
                issues.append(.error("carrier_id", ru: "Перевозчик: обязательное поле", en: "Carrier: required"))
            }
        }
        if let secondDriverID, secondDriverID == driverID {
            issues.append(.error("second_driver_id", ru: "Второй водитель: не тот же, что первый",
                                 en: "Second driver: not the same as the first"))
        }
        if let price, price.isNegative {
            issues.append(.error("price", ru: "Стоимость рейса: не меньше нуля", en: "Trip price: not below zero"))
        }
        if notes.unicodeScalars.count > Self.maxNotesLength {
            issues.append(.error("notes", ru: "Не длиннее \(Self.maxNotesLength) знаков", en: "At most \(Self.maxNotesLength) characters"))
        }
        if truckID == nil {
            issues.append(.warning("truck_id", ru: "Автовоз не выбран: машины можно будет поставить, когда он будет",
                                   en: "No truck yet: cars can be loaded once one is chosen"))
        }
        return issues
    }
}

/// «6 / 8»: cars holding a bay against the truck's capacity.
public struct TripLoad: Sendable, Hashable {
    public var cars: Int
    public var capacity: Int?

    public init(cars: Int, capacity: Int?) {
        self.cars = cars
        self.capacity = capacity
    }

    public var isFull: Bool { capacity.map { cars >= $0 } ?? false }
    public var text: String { "\(cars) / " + (capacity.map(String.init) ?? "—") }
}
