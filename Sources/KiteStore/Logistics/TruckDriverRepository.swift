import Foundation
import KiteDomain

/// `trucks`: each column once. The audit row is written by the table's trigger.
extension Truck: StoredRecord, VersionedRecord {
    public static let table = "trucks"
    public static var blank: Truck { Truck() }

    public static var columns: [StoredColumn<Truck>] {
        [
            .column("id", \.id, .serverManaged),
            .column("carrier_id", \.carrierID),
            .column("plate", \.plate),
            .column("trailer_plate", \.trailerPlate),
            .column("capacity", \.capacity),
            .column("model", \.model),
            .column("active", \.active),
            .column("version", \.version, .version),
            .column("updated_at", \.updatedAt, .updatedAt),
            .column("updated_by", \.updatedBy, .actor),
        ]
    }
}

/// `drivers`: each column once. The audit row is written by the table's trigger.
extension Driver: StoredRecord, VersionedRecord {
    public static let table = "drivers"
    public static var blank: Driver { Driver() }

    public static var columns: [StoredColumn<Driver>] {
        [
            .column("id", \.id, .serverManaged),
            .column("carrier_id", \.carrierID),
            .column("full_name", \.fullName),
            .column("phone", \.phone),
            .column("licence_number", \.licenceNumber),
            .column("active", \.active),
            .column("version", \.version, .version),
            .column("updated_at", \.updatedAt, .updatedAt),
            .column("updated_by", \.updatedBy, .actor),
        ]
    }
}

/// A carrier's trucks and drivers: lists per carrier, reads, versioned writes. Who may
/// write is the database's rule (kite_logistics, kite_admin: migration 0025).
public struct FleetRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// The trucks of `carrierID` (every carrier's when nil) whose plate contains `text`, by plate.
    public func trucks(carrierID: Int64? = nil, matching text: String = "", activeOnly: Bool = false,
                       offset: Int = 0, limit: Int = 200) throws -> [Truck] {
        var sql: SQL = "SELECT \(fragment: Truck.selectList) FROM trucks WHERE true"
        if let carrierID { sql += " AND carrier_id = \(carrierID)" }
        if activeOnly { sql += " AND active" }
        let plate = RegistrationPlate.normalized(text)
        if !plate.isEmpty { sql += " AND plate LIKE \("%" + likeEscaped(plate) + "%")" }
        sql += " ORDER BY plate, id OFFSET \(max(0, offset)) LIMIT \(max(0, limit))"
        return try connection.fetch(Truck.self, sql)
    }

    public func truck(id: Int64) throws -> Truck? {
        try connection.fetchOne(Truck.self, "SELECT \(fragment: Truck.selectList) FROM trucks WHERE id = \(id)")
    }

    /// The drivers of `carrierID` (every carrier's when nil) whose name contains every typed word.
    public func drivers(carrierID: Int64? = nil, matching text: String = "", activeOnly: Bool = false,
                        offset: Int = 0, limit: Int = 200) throws -> [Driver] {
        var sql: SQL = "SELECT \(fragment: Driver.selectList) FROM drivers WHERE true"
        if let carrierID { sql += " AND carrier_id = \(carrierID)" }
        if activeOnly { sql += " AND active" }
        for word in text.split(whereSeparator: \.isWhitespace) {
            sql += " AND lower(full_name) LIKE \("%" + likeEscaped(word.lowercased()) + "%")"
        }
        sql += " ORDER BY lower(full_name), id OFFSET \(max(0, offset)) LIMIT \(max(0, limit))"
        return try connection.fetch(Driver.self, sql)
    }

    public func driver(id: Int64) throws -> Driver? {
        try connection.fetchOne(Driver.self, "SELECT \(fragment: Driver.selectList) FROM drivers WHERE id = \(id)")
    }

    @discardableResult
    public func insert(_ truck: Truck, actor: String) throws -> Truck {
        try connection.insertReturning(Self.normalized(truck), entity: "truck", actor: actor)
    }

    /// Saves every field if the row is still at `truck.version`; otherwise `StaleWriteError`.
    @discardableResult
    public func update(_ truck: Truck, actor: String) throws -> Truck {
        try connection.updateVersioned(Self.normalized(truck), entity: "truck", actor: actor)
    }

    @discardableResult
    public func insert(_ driver: Driver, actor: String) throws -> Driver {
        try connection.insertReturning(Self.normalized(driver), entity: "driver", actor: actor)
    }

    @discardableResult
    public func update(_ driver: Driver, actor: String) throws -> Driver {
        try connection.updateVersioned(Self.normalized(driver), entity: "driver", actor: actor)
    }

    /// Plates in their Cyrillic form, trimmed text.
    static func normalized(_ truck: Truck) -> Truck {
        var t = truck
        t.plate = RegistrationPlate.normalized(t.plate)
        t.trailerPlate = RegistrationPlate.normalized(t.trailerPlate)
        t.model = t.model.trimmingCharacters(in: .whitespaces)
        return t
    }

    /// The licence as ten characters, the phone as +7XXXXXXXXXX, the name trimmed.
    static func normalized(_ driver: Driver) -> Driver {
        var d = driver
        d.fullName = d.fullName.trimmingCharacters(in: .whitespaces)
        d.licenceNumber = DrivingLicence.normalized(d.licenceNumber)
        if !d.phone.isEmpty, let phone = PhoneNumber.normalize(d.phone).phone { d.phone = phone }
        return d
    }
}
