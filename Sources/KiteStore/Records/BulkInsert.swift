import Foundation

/// Many new rows of one table at once (imports): ids reserved from the table's identity
/// sequence, the rows sent with one COPY, their audit rows written by one statement. Call it
/// inside the caller's transaction; a few statements per batch instead of several per row.
enum BulkInsert {
    /// Stores `records` (each as `copyLine` gives it, the actor columns set to `actor`) and
    /// appends an `insert` audit row for each, as `VersionedWrites.auditRow` does. Returns the
    /// new ids in input order.
    static func insert<R: StoredRecord>(_ records: [R], entity: String, actor: String,
                                        on connection: PGConnection) throws -> [Int64] {
        guard !records.isEmpty else { return [] }
        let ids = try connection.fetch(Int64.self, """
            SELECT nextval(pg_get_serial_sequence(\(R.table), 'id')) FROM generate_series(1, \(records.count))
            """)
        guard ids.count == records.count else { throw DatabaseError.usage("\(R.table): reserved \(ids.count) ids for \(records.count) rows") }
        let inserted = R.columns.filter(\.isInserted)
        // COPY writes the given value into an identity column (as OVERRIDING SYSTEM VALUE).
        let statement = SQL(unsafeRaw: "COPY \(SQL.quoteIdentifier(R.table)) (id, "
            + inserted.map(\.name).joined(separator: ", ") + ") FROM STDIN")
        let lines = zip(ids, records).lazy.map { id, record in String(id) + "\t" + R.copyLine(record, columns: inserted) }
        let copied = try connection.copyIn(statement, lines: lines)
        guard copied == records.count else { throw DatabaseError.usage("\(R.table): COPY stored \(copied) of \(records.count) rows") }
        try connection.execute("""
            INSERT INTO audit_log (entity, entity_id, action, actor, data)
            SELECT \(entity), t.id, 'insert', \(actor), to_jsonb(t) FROM \(identifier: R.table) t WHERE t.id = ANY(\(ids))
            """)
        return ids
    }
}
