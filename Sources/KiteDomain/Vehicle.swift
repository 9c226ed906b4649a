import Foundation

/// New or used, as the dealer sells it.
public enum VehicleCondition: String, Sendable, Hashable, Codable, CaseIterable {
    case new
    case used

    public var label: LocalizedText {
        switch self {
        case .new: LocalizedText(ru: "новый", en: "new")
        case .used: LocalizedText(ru: "с пробегом", en: "used")
        }
    }
}

/// A vehicle as stored: one row of `vehicles`.
public struct Vehicle: Sendable, Hashable {
    public var id: Int64
    /// The dealer's own stock number (`MSK-000123`).
    public var stockNumber: String
    public var vin: String
    public var make: String
    public var model: String
    public var trim: String
    public var year: Int
    public var colour: String
    public var body: String
    public var fuel: String
    public var transmission: String
    public var mileageKm: Int
    public var condition: VehicleCondition
    public var status: VehicleStatus
    public var vehicleType: String
    public var dealershipID: Int64
    public var locationID: Int64?
    public var purchaseCost: Money
    public var listPrice: Money
    public var arrivalDate: Date?
    /// Type-specific values from `attributes jsonb`, as text keyed by bind name.
    public var attributes: [String: String]
    /// Bought (used) from a private person: sold with VAT on the margin only.
    public var boughtFromPrivatePerson: Bool
    public var version: Int
    public var updatedAt: Date
    public var updatedBy: String

    public init(id: Int64 = 0, stockNumber: String = "", vin: String = "", make: String = "", model: String = "",
                trim: String = "", year: Int = 0, colour: String = "", body: String = "", fuel: String = "",
                transmission: String = "", mileageKm: Int = 0, condition: VehicleCondition = .new,
                status: VehicleStatus = .inStock, vehicleType: String = "car", dealershipID: Int64 = 0,
                locationID: Int64? = nil, purchaseCost: Money = .zero, listPrice: Money = .zero,
                arrivalDate: Date? = nil, attributes: [String: String] = [:], boughtFromPrivatePerson: Bool = false,
                version: Int = 0,
                updatedAt: Date = Date(timeIntervalSince1970: 0), updatedBy: String = "") {
        self.id = id
        self.stockNumber = stockNumber
        self.vin = vin
        self.make = make
        self.model = model
        self.trim = trim
        self.year = year
        self.colour = colour
        self.body = body
        self.fuel = fuel
        self.transmission = transmission
        self.mileageKm = mileageKm
        self.condition = condition
        self.status = status
        self.vehicleType = vehicleType
        self.dealershipID = dealershipID
        self.locationID = locationID
        self.purchaseCost = purchaseCost
        self.listPrice = listPrice
        self.arrivalDate = arrivalDate
        self.attributes = attributes
        self.boughtFromPrivatePerson = boughtFromPrivatePerson
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}
