import Foundation

/// The two steps every versioned write shares: lock the row and check its
/// version, then leave an audit row.
enum VersionedRow {
    /// Locks the row of `table` (`FOR UPDATE`, so a racing writer waits and
    /// then sees the new version), checks the version, and returns the row as
    /// jsonb text. A stale version throws `StaleWriteError` with who and when.
    static func lock(_ connection: PGConnection, table: String, entity: String, id: Int64,
                     expectedVersion: Int) throws -> String {
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
        guard current.version == expectedVersion else {
            throw StaleWriteError(entity: entity, id: id, changedBy: current.updatedBy, changedAt: current.updatedAt,
                                  currentVersion: current.version, expectedVersion: expectedVersion)
        }
        return current.row
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
