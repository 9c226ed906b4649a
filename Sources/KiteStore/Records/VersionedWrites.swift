import Foundation

/// A record with optimistic locking: `version`, and who changed it last and when.
public protocol VersionedRecord {
    var id: Int64 { get }
    var version: Int { get }
    var updatedBy: String { get }
    var updatedAt: Date { get }
}

/// The steps every versioned write shares, for one table: lock the row and
/// check its version (a stale one is refused with who changed it and when),
/// and leave an audit row.
struct VersionedWrites {
    let connection: PGConnection
    let table: String
    /// The audit log's and the errors' name of the row (`vehicle`).
    let entity: String

    init(_ entity: String, table: String, on connection: PGConnection) {
        self.entity = entity
        self.table = table
        self.connection = connection
    }

    /// Locks the row (`FOR UPDATE`, so a racing writer waits and then sees the
    /// new version), checks the version, and returns the row as jsonb text.
    func lock(id: Int64, expectedVersion: Int) throws -> String {
        struct Current: Decodable {
            var version: Int
            var updatedBy: String
            var updatedAt: Date
            var row: String
        }
        guard let current = try connection.fetchOne(Current.self, """
            SELECT version, updated_by, updated_at, to_jsonb(t)::text AS row FROM \(identifier: table) t
            WHERE id = \(id) FOR UPDATE
            """) else {
            throw NotFoundError(entity: entity, id: id)
        }
        try check(id: id, version: current.version, updatedBy: current.updatedBy, updatedAt: current.updatedAt,
                  expectedVersion: expectedVersion)
        return current.row
    }

    /// Locks the row and returns it as the record `R`, if still at `expectedVersion`.
    func lock<R: StoredRecord & VersionedRecord>(_ type: R.Type, id: Int64, expectedVersion: Int) throws -> R {
        guard let current = try connection.fetchOne(R.self, """
            SELECT \(fragment: R.selectList) FROM \(identifier: table) WHERE id = \(id) FOR UPDATE
            """) else {
            throw NotFoundError(entity: entity, id: id)
        }
        try refuseStale(current, expectedVersion: expectedVersion)
        return current
    }

    /// Throws `stale(…)` when `current` is not at `expectedVersion`.
    func refuseStale(_ current: some VersionedRecord, expectedVersion: Int) throws {
        try check(id: current.id, version: current.version, updatedBy: current.updatedBy, updatedAt: current.updatedAt,
                  expectedVersion: expectedVersion)
    }

    /// The refusal of a save made at `expectedVersion`: who changed `current` and when.
    func stale(_ current: some VersionedRecord, expectedVersion: Int) -> StaleWriteError {
        StaleWriteError(entity: entity, id: current.id, changedBy: current.updatedBy, changedAt: current.updatedAt,
                        currentVersion: current.version, expectedVersion: expectedVersion)
    }

    private func check(id: Int64, version: Int, updatedBy: String, updatedAt: Date, expectedVersion: Int) throws {
        guard version == expectedVersion else {
            throw StaleWriteError(entity: entity, id: id, changedBy: updatedBy, changedAt: updatedAt,
                                  currentVersion: version, expectedVersion: expectedVersion)
        }
    }

    /// Appends to `audit_log`: who did `action` to the row, with `data` (a jsonb expression).
    func audit(id: Int64, action: String, actor: String, data: SQL) throws {
        try AuditLog.append(connection, entity: entity, id: id, action: action, actor: actor, data: data)
    }

    /// Appends to `audit_log` the row as it now is.
    func auditRow(id: Int64, action: String, actor: String) throws {
        try audit(id: id, action: action, actor: actor,
                  data: "(SELECT to_jsonb(t) FROM \(identifier: table) t WHERE t.id = \(id))")
    }
}

/// `audit_log`: who did what, append-only.
enum AuditLog {
    static func append(_ connection: PGConnection, entity: String, id: Int64, action: String, actor: String,
                       data: SQL) throws {
        try connection.execute("""
            INSERT INTO audit_log (entity, entity_id, action, actor, data)
            VALUES (\(entity), \(id), \(action), \(actor), \(fragment: data))
            """)
    }
}

extension PGConnection {
    /// Inserts `record` and returns its row as stored (the id, the defaults, the actor).
    func insertReturning<R: StoredRecord>(_ record: R, entity: String, actor: String) throws -> R {
        guard let stored = try fetchOne(R.self, R.insert(record, actor: actor) + " RETURNING \(fragment: R.selectList)") else {
            throw NotFoundError(entity: entity, id: 0)
        }
        return stored
    }

    /// Saves every updatable column of `record` if its row is still at `record.version`
    /// (otherwise `StaleWriteError`: who changed it, when) and returns the row as stored.
    func updateVersioned<R: StoredRecord & VersionedRecord>(_ record: R, entity: String, actor: String) throws -> R {
        try transaction { connection in
            _ = try VersionedWrites(entity, table: R.table, on: connection).lock(id: record.id, expectedVersion: record.version)
            guard let stored = try connection.fetchOne(R.self, R.update(record, actor: actor)
                + " WHERE id = \(record.id) RETURNING \(fragment: R.selectList)") else {
                throw NotFoundError(entity: entity, id: record.id)
            }
            return stored
        }
    }
}
