import Foundation

/// A trip as its print forms need it: the transport waybill (транспортная накладная,
/// Постановление Правительства РФ № 2200) and the handover act of each car at delivery.
public struct PrintableTrip: Sendable, Hashable {
    /// A party of the carriage: one of our dealerships (with its requisites) or an
    /// external address (a port, an importer's yard).
    public struct Party: Sendable, Hashable {
        public var name: String
        public var requisites: SellerRequisites?
        public var address: String

        public init(name: String, requisites: SellerRequisites? = nil, address: String = "") {
            self.name = name
            self.requisites = requisites
            self.address = address
        }
    }

    public struct Stop: Sendable, Hashable {
        public var position: Int
        /// `MSK · Склад`, or the external address.
        public var place: String
        public var address: String
        public var eta: Date?
        public var arrivedAt: Date?

        public init(position: Int, place: String, address: String = "", eta: Date? = nil, arrivedAt: Date? = nil) {
            self.position = position
            self.place = place
            self.address = address
            self.eta = eta
            self.arrivedAt = arrivedAt
        }
    }

    /// A damage on the delivery inspection, and whether the pickup listed it already.
    public struct Damage: Sendable, Hashable {
        public var code: DamageCode
        public var description: String
        public var notes: String
        public var atPickup: Bool
        /// The claim it opened (`№ 12`), empty when none.
        public var claim: String

        public init(code: DamageCode, description: String, notes: String = "", atPickup: Bool = false, claim: String = "") {
            self.code = code
            self.description = description
            self.notes = notes
            self.atPickup = atPickup
            self.claim = claim
        }
    }

    public struct Car: Sendable, Hashable {
        public var bay: Int
        public var title: String
        public var vin: String
        public var stockNumber: String
        public var year: Int
        public var colour: String
        public var pickup: Stop
        public var drop: Stop
        public var droppedAt: Date?
        public var pickupInspection: Inspection?
        public var deliveryInspection: Inspection?
        public var damages: [Damage]

        public init(bay: Int, title: String, vin: String, stockNumber: String, year: Int = 0, colour: String = "",
                    pickup: Stop, drop: Stop, droppedAt: Date? = nil, pickupInspection: Inspection? = nil,
                    deliveryInspection: Inspection? = nil, damages: [Damage] = []) {
            self.bay = bay
            self.title = title
            self.vin = vin
            self.stockNumber = stockNumber
            self.year = year
            self.colour = colour
            self.pickup = pickup
            self.drop = drop
            self.droppedAt = droppedAt
            self.pickupInspection = pickupInspection
            self.deliveryInspection = deliveryInspection
            self.damages = damages
        }
    }

    public var number: String
    public var date: CivilDate
    public var stage: TripStage
    /// The dealership that planned the trip (the shipper) and where the cars go (the consignee).
    public var shipper: Party
    public var consignee: Party
    public var carrier: Carrier
    public var truck: Truck?
    public var drivers: [Driver]
    public var stops: [Stop]
    public var plannedDeparture: Date?
    public var departedAt: Date?
    public var price: Money?
    public var notes: String
    public var cars: [Car]

    public init(number: String, date: CivilDate, stage: TripStage, shipper: Party, consignee: Party, carrier: Carrier,
                truck: Truck?, drivers: [Driver], stops: [Stop], plannedDeparture: Date?, departedAt: Date?,
                price: Money?, notes: String = "", cars: [Car]) {
        self.number = number
        self.date = date
        self.stage = stage
        self.shipper = shipper
        self.consignee = consignee
        self.carrier = carrier
        self.truck = truck
        self.drivers = drivers
        self.stops = stops
        self.plannedDeparture = plannedDeparture
        self.departedAt = departedAt
        self.price = price
        self.notes = notes
        self.cars = cars
    }
}
