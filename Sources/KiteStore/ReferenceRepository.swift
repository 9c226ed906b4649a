import Foundation
import KiteDomain

public struct Dealership: Sendable, Hashable, Decodable {
    public var id: Int64
    /// Short code shown in lists: `MSK`.
    public var code: String
    public var name: String
    public var city: String
    /// VAT rate in hundredths of a percent: 2200 is 22 %.
    public var vatRateBasisPoints: Int
    public var reservationDays: Int
    /// The dealership's time zone (`Europe/Moscow`): its "today" and every time shown.
    public var timeZone: String = "Europe/Moscow"
    /// Minutes without a key before the screen locks (0: never).
    public var idleLockMinutes: Int = 15
}

public struct Location: Sendable, Hashable, Decodable {
    public enum Kind: String, Sendable, Hashable, Decodable, CaseIterable {
        case showroom, yard, port, external
    }

    public var id: Int64
    public var dealershipID: Int64
    public var name: String
    public var kind: Kind
    public var city: String
    public var address: String
}

public struct VehicleType: Sendable, Hashable, Decodable {
    /// `car`, `ev`, `truck`, `moto`, …
    public var code: String
    public var nameRu: String
    public var nameEn: String
}

public struct Employee: Sendable, Hashable, Decodable {
    public var id: Int64
    public var login: String
    public var fullName: String
    public var role: Role
    public var dealershipID: Int64?
    public var active: Bool
}

/// Dealerships, locations, vehicle types and employees: reads, and inserts for seeding.
public struct ReferenceRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    private static let dealershipColumns = """
        id, code, name, city, (vat_rate_percent * 100)::int AS vat_rate_basis_points, reservation_days, time_zone,
        idle_lock_minutes
        """

    public func dealerships() throws -> [Dealership] {
        try connection.fetch(Dealership.self, "SELECT \(raw: Self.dealershipColumns) FROM dealerships ORDER BY code")
    }

    public func dealership(code: String) throws -> Dealership? {
        try connection.fetchOne(Dealership.self, "SELECT \(raw: Self.dealershipColumns) FROM dealerships WHERE code = \(code)")
    }

    public func dealership(id: Int64) throws -> Dealership? {
        try connection.fetchOne(Dealership.self, "SELECT \(raw: Self.dealershipColumns) FROM dealerships WHERE id = \(id)")
    }

    public func locations(dealershipID: Int64) throws -> [Location] {
        try connection.fetch(Location.self, """
            SELECT id, dealership_id, name, kind, city, address FROM locations
            WHERE dealership_id = \(dealershipID) ORDER BY name, id
            """)
    }

    public func vehicleTypes() throws -> [VehicleType] {
        try connection.fetch(VehicleType.self, "SELECT code, name_ru, name_en FROM vehicle_types ORDER BY code")
    }

    public func employee(login: String) throws -> Employee? {
        try connection.fetchOne(Employee.self, """
            SELECT id, login, full_name, role, dealership_id, active FROM employees WHERE login = \(login)
            """)
    }

    // MARK: - Seeding

    @discardableResult
    public func insertDealership(code: String, name: String, city: String,
                                 vatRateBasisPoints: Int = 2200, reservationDays: Int = 3) throws -> Dealership {
        let vat = "\(vatRateBasisPoints / 100).\(vatRateBasisPoints % 100 < 10 ? "0" : "")\(vatRateBasisPoints % 100)"
        guard let row = try connection.fetchOne(Dealership.self, """
            INSERT INTO dealerships (code, name, city, vat_rate_percent, reservation_days)
            VALUES (\(code), \(name), \(city), \(vat)::numeric, \(reservationDays))
            RETURNING \(raw: Self.dealershipColumns)
            """) else { throw DatabaseError.usage("INSERT returned no row") }
        return row
    }

    @discardableResult
    public func insertLocation(dealershipID: Int64, name: String, kind: Location.Kind,
                               city: String = "", address: String = "") throws -> Location {
        guard let row = try connection.fetchOne(Location.self, """
            INSERT INTO locations (dealership_id, name, kind, city, address)
            VALUES (\(dealershipID), \(name), \(kind.rawValue), \(city), \(address))
            RETURNING id, dealership_id, name, kind, city, address
            """) else { throw DatabaseError.usage("INSERT returned no row") }
        return row
    }

    @discardableResult
    public func insertVehicleType(code: String, nameRu: String, nameEn: String) throws -> VehicleType {
        guard let row = try connection.fetchOne(VehicleType.self, """
            INSERT INTO vehicle_types (code, name_ru, name_en) VALUES (\(code), \(nameRu), \(nameEn))
            RETURNING code, name_ru, name_en
            """) else { throw DatabaseError.usage("INSERT returned no row") }
        return row
    }

    @discardableResult
    public func insertEmployee(login: String, fullName: String, role: Role,
                               dealershipID: Int64?, active: Bool = true) throws -> Employee {
        guard let row = try connection.fetchOne(Employee.self, """
            INSERT INTO employees (login, full_name, role, dealership_id, active)
            VALUES (\(login), \(fullName), \(role.rawValue), \(dealershipID), \(active))
            RETURNING id, login, full_name, role, dealership_id, active
            """) else { throw DatabaseError.usage("INSERT returned no row") }
        return row
    }
}
