import Foundation
import KiteDomain

/// `carriers`: each column once. The audit row is written by the table's trigger.
extension Carrier: StoredRecord, VersionedRecord {
    public static let table = "carriers"
    public static var blank: Carrier { Carrier() }

    public static var columns: [StoredColumn<Carrier>] {
        [
            .column("id", \.id, .serverManaged),
            .column("name", \.name),
            .column("inn", \.inn),
            .column("kpp", \.kpp),
            .column("contract_number", \.contractNumber),
            .column("contract_date", \.contractDate),
            .column("contact_person", \.contactPerson),
            .column("phone", \.phone),
            .column("email", \.email),
            .column("rate_per_car", \.ratePerCar),
            .column("rate_per_trip", \.ratePerTrip),
            .column("version", \.version, .version),
            .column("updated_at", \.updatedAt, .updatedAt),
            .column("updated_by", \.updatedBy, .actor),
        ]
    }
}

/// Carriers: the list by name (search by name, INN or contract), reads, versioned writes.
/// Who may write is the database's rule (kite_logistics, kite_admin: migration 0014).
public struct CarrierRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// Carriers whose name, INN or contract number contains every typed word, by name,
    /// `limit` of them after skipping `offset`.
    public func list(_ text: String, offset: Int = 0, limit: Int = 100) throws -> [Carrier] {
        var conditions: [SQL] = []
        for word in text.split(whereSeparator: \.isWhitespace) {
            let pattern = "%" + likeEscaped(word.lowercased()) + "%"
            conditions.append("(lower(name) LIKE \(pattern) OR inn LIKE \(pattern) OR lower(contract_number) LIKE \(pattern))")
        }
        var sql: SQL = "SELECT \(fragment: Carrier.selectList) FROM carriers"
        if !conditions.isEmpty { sql += " WHERE " + SQL.joined(conditions, separator: " AND ") }
        sql += " ORDER BY lower(name), id OFFSET \(max(0, offset)) LIMIT \(max(0, limit))"
        return try connection.fetch(Carrier.self, sql)
    }

    public func get(id: Int64) throws -> Carrier? {
        try connection.fetchOne(Carrier.self, "SELECT \(fragment: Carrier.selectList) FROM carriers WHERE id = \(id)")
    }

    @discardableResult
    public func insert(_ carrier: Carrier, actor: String) throws -> Carrier {
        try connection.insertReturning(Self.normalized(carrier), entity: "carrier", actor: actor)
    }

    /// Saves every field if the row is still at `carrier.version`; otherwise throws
    /// `StaleWriteError` (who changed it, when) and changes nothing.
    @discardableResult
    public func update(_ carrier: Carrier, actor: String) throws -> Carrier {
        try connection.updateVersioned(Self.normalized(carrier), entity: "carrier", actor: actor)
    }

    /// Trimmed text; INN and KPP as digits only.
    static func normalized(_ carrier: Carrier) -> Carrier {
        var c = carrier
        c.name = c.name.trimmingCharacters(in: .whitespaces)
        c.inn = INN.normalized(c.inn)
        c.kpp = KPP.normalized(c.kpp).uppercased()
        c.contractNumber = c.contractNumber.trimmingCharacters(in: .whitespaces)
        c.contactPerson = c.contactPerson.trimmingCharacters(in: .whitespaces)
        c.email = c.email.trimmingCharacters(in: .whitespaces)
        if !c.phone.isEmpty, let phone = PhoneNumber.normalize(c.phone).phone { c.phone = phone }
        return c
    }
}
