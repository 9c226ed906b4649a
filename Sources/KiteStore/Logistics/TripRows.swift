import Foundation
import KiteDomain

/// A trip as the trips list shows it: who carries, the load against the truck's
/// capacity, where from and where to, the next stop's ETA.
public struct TripRow: Sendable, Hashable, Decodable {
    public var id: Int64
    public var number: String
    public var stage: TripStage
    public var dealershipCode: String
    public var carrierName: String
    public var truckPlate: String
    public var capacity: Int?
    public var cars: Int
    public var origin: String
    public var destination: String
    public var plannedDeparture: Date?
    public var nextETA: Date?
    public var price: Money?

    public var load: TripLoad { TripLoad(cars: cars, capacity: capacity) }

    /// On the way and past the next stop's ETA: how late, in minutes.
    public func minutesLate(at now: Date) -> Int? {
        guard stage == .inTransit, let nextETA, now > nextETA else { return nil }
        return Int(now.timeIntervalSince(nextETA) / 60)
    }
}

/// A stop of a trip with the name of its location (or its address).
public struct TripStopRow: Sendable, Hashable, Decodable {
    public var id: Int64
    public var position: Int
    public var locationID: Int64?
    public var place: String
    public var address: String
    public var dealershipCode: String
    public var eta: Date?
    public var arrivedAt: Date?
    /// Cars picked up here and dropped here (not taken off).
    public var pickups: Int
    public var drops: Int

    /// A stop typed on the card, not stored yet (id 0).
    public init(position: Int, locationID: Int64? = nil, place: String = "", address: String = "",
                dealershipCode: String = "", eta: Date? = nil) {
        id = 0
        self.position = position
        self.locationID = locationID
        self.place = place
        self.address = address
        self.dealershipCode = dealershipCode
        self.eta = eta
        arrivedAt = nil
        pickups = 0
        drops = 0
    }
}

/// A car on a trip with what the trip card shows of it.
public struct TripCarRow: Sendable, Hashable, Decodable {
    public var vehicleID: Int64
    public var stockNumber: String
    public var vin: String
    public var makeModel: String
    public var vehicleStatus: VehicleStatus
    public var bay: Int
    public var pickupStopID: Int64
    public var pickupPosition: Int
    public var dropStopID: Int64
    public var dropPosition: Int
    public var state: TripVehicle.State
    public var transferPrice: Money?
    public var removedReason: String
    public var droppedAt: Date?
}

/// Filters of the trips list.
public struct TripFilter: Sendable, Hashable {
    public var text = ""
    public var stages: Set<TripStage> = []
    public var carrierID: Int64?
    /// The last stop is this location of ours.
    public var destinationID: Int64?
    /// On the way and past the next stop's ETA.
    public var lateOnly = false
    /// The next stop's ETA falls in [start, end) — "today" in the dealership's time zone.
    public var arrivingBetween: ClosedRange<Date>?
    /// Only trips older than this one (keyset paging, newest first).
    public var beforeID: Int64?
    /// Only the trips of the caller's dealerships (all of them for head office), as the home tiles count.
    public var callersDealershipsOnly = false

    public init(text: String = "", stages: Set<TripStage> = [], carrierID: Int64? = nil, destinationID: Int64? = nil,
                lateOnly: Bool = false, arrivingBetween: ClosedRange<Date>? = nil) {
        self.text = text
        self.stages = stages
        self.carrierID = carrierID
        self.destinationID = destinationID
        self.lateOnly = lateOnly
        self.arrivingBetween = arrivingBetween
    }
}

/// A trip rule said no (the database's trip commands, migration 0025): the rule's code
/// and the values it named, said in the person's language.
public struct TripRefusal: Refusal, Hashable {
    public var code: String
    public var values: [String: String]

    public init(code: String, values: [String: String] = [:]) {
        self.code = code
        self.values = values
    }

    public var localizedReason: LocalizedText {
        guard let key = TripRefusalText(rawValue: code) else {
            return LocalizedText(ru: code, en: code)
        }
        var ru = values, en = values
        if let stage = values["stage"].flatMap(TripStage.init(rawValue:)) {
            ru["stage"] = stage.label.ru
            en["stage"] = stage.label.en
        }
        if let status = values["status"].flatMap(VehicleStatus.init(rawValue:)) {
            ru["status"] = status.label.ru
            en["status"] = status.label.en
        }
        if let action = values["action"] {
            ru["action"] = TripRefusalText.action(action).ru
            en["action"] = TripRefusalText.action(action).en
        }
        return LocalizedText(ru: LocalizedText.fill(key.text.ru, ru), en: LocalizedText.fill(key.text.en, en))
    }

    /// The refusal a database error carries, if it is one of the trip rules.
    public static func from(_ error: any Error) -> TripRefusal? {
        guard let error = error as? DatabaseError, let constraint = error.constraint,
              TripRefusalText(rawValue: constraint) != nil else { return nil }
        var values: [String: String] = [:]
        if let detail = error.detail, let data = detail.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            for (key, value) in object { values[key] = "\(value)" }
        }
        return TripRefusal(code: constraint, values: values)
    }
}
