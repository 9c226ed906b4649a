import KiteDomain

/// Another vehicle row that carries the VIN being checked.
public struct SameVINVehicle: Sendable, Hashable, Decodable {
    public var id: Int64
    public var stockNumber: String
    public var status: VehicleStatus
}

/// The other vehicles with a given VIN: the duplicate-VIN check, and the
/// vehicles a `vehicle.verify` job of that VIN checks as well.
public struct SameVINRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// Active vehicles (`VehicleStatus.isActive`) with `vin`, other than `vehicleID`, in id order.
    public func activeVehicles(vin: String, except vehicleID: Int64) throws -> [SameVINVehicle] {
        try connection.fetch(SameVINVehicle.self, """
            SELECT id, stock_number, status FROM vehicles
            WHERE vin = \(vin) AND id <> \(vehicleID) AND \(fragment: .vehicleIsActive())
            ORDER BY id
            """)
    }

    /// Every vehicle with `vin`, whatever its status, other than `vehicleID`, in id order.
    public func vehicleIDs(vin: String, except vehicleID: Int64) throws -> [Int64] {
        try connection.fetch(Int64.self, "SELECT id FROM vehicles WHERE vin = \(vin) AND id <> \(vehicleID) ORDER BY id")
    }
}
