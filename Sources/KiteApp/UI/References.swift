import KiteDomain
import KiteStore

/// Reference data the screens show by name: loaded once when the app opens.
public struct References: Sendable {
    public var dealerships: [Dealership] = []
    public var locations: [Location] = []
    public var vehicleTypes: [VehicleType] = []
    public var discountReasons: [DiscountReason] = []
    public var employee: Employee?
    /// The dealership this user works in (from the employee row, else the config).
    public var dealership: Dealership?

    public init() {}

    static func load(_ connection: PGConnection, login: String, dealershipCode: String) throws -> References {
        let repository = ReferenceRepository(connection: connection)
        var references = References()
        references.dealerships = try repository.dealerships()
        references.locations = try references.dealerships.flatMap { try repository.locations(dealershipID: $0.id) }
        references.vehicleTypes = try repository.vehicleTypes()
        references.discountReasons = try SalesReferenceRepository(connection: connection).discountReasons()
        references.employee = try repository.employee(login: login)
        if let id = references.employee?.dealershipID {
            references.dealership = references.dealerships.first { $0.id == id }
        }
        if references.dealership == nil {
            references.dealership = references.dealerships.first { $0.code == dealershipCode } ?? references.dealerships.first
        }
        return references
    }

    public func location(_ id: Int64?) -> Location? {
        guard let id else { return nil }
        return locations.first { $0.id == id }
    }

    public func dealership(_ id: Int64) -> Dealership? {
        dealerships.first { $0.id == id }
    }
}
