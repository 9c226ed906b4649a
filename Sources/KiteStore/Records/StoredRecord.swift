import Foundation

/// A record type that declares its table and each column once — name, the
/// property it reads and writes, and its role — from which the select list,
/// `INSERT`, `UPDATE … SET` (with the version bump), `COPY` and the row
/// decoding are derived. (The idea is GRDB's: the record owns its table.)
///
/// ```swift
/// extension Vehicle: StoredRecord {
///     public static let table = "vehicles"
///     public static var blank: Vehicle { Vehicle() }
///     public static var columns: [StoredColumn<Vehicle>] {
///         [.column("id", \.id, .serverManaged), .column("vin", \.vin), …,
///          .column("version", \.version, .version), .column("updated_at", \.updatedAt, .updatedAt),
///          .column("updated_by", \.updatedBy, .actor)]
///     }
/// }
/// ```
public protocol StoredRecord {
    /// The table the record is a row of.
    static var table: String { get }
    /// The alias that qualifies its columns in select lists (`p` in
    /// `FROM payments p`), or nil for bare names.
    static var alias: String? { get }
    /// Every column, in select-list order.
    static var columns: [StoredColumn<Self>] { get }
    /// The value decoding starts from; every selected column then sets its property.
    static var blank: Self { get }
}

extension StoredRecord {
    public static var alias: String? { nil }

    /// `id, vin, …` (or `p.id, ds.code AS dealership_code, …` with an alias and joined columns).
    public static var selectList: SQL {
        let prefix = alias.map { $0 + "." } ?? ""
        let items = columns.compactMap { column -> String? in
            guard column.isSelected else { return nil }
            if let expression = column.expression { return "\(expression) AS \(column.name)" }
            return prefix + column.name
        }
        return SQL(unsafeRaw: items.joined(separator: ", "))
    }

    /// `INSERT INTO table (…) VALUES (…)` of every column written on insert;
    /// `actor` fills the `.actor` and `.insertedActor` columns. Append `RETURNING`.
    public static func insert(_ record: Self, actor: String) -> SQL {
        let written = columns.filter(\.isInserted)
        var sql: SQL = "INSERT INTO \(identifier: table) ("
        sql += SQL(unsafeRaw: written.map(\.name).joined(separator: ", "))
        sql += ") VALUES ("
        sql += SQL.joined(written.map { $0.value(of: record, actor: actor) }, separator: ", ")
        sql += ")"
        return sql
    }

    /// `UPDATE table SET …` of every updatable column, `version = version + 1`,
    /// `updated_at = now()` and the actor, then `extra` assignments. Append `WHERE`.
    public static func update(_ record: Self, actor: String, extra: [SQL] = []) -> SQL {
        var assignments: [SQL] = []
        for column in columns {
            switch column.role {
            case .written, .actor:
                assignments.append("\(raw: column.name) = \(fragment: column.value(of: record, actor: actor))")
            case .version: assignments.append("\(raw: column.name) = \(raw: column.name) + 1")
            case .updatedAt: assignments.append("\(raw: column.name) = now()")
            case .serverManaged, .insertOnly, .readOnly, .insertedActor: break
            }
        }
        return "UPDATE \(identifier: table) SET " + SQL.joined(assignments + extra, separator: ", ")
    }

    /// `COPY table (…) FROM STDIN` for `copyLine`: the columns written on insert.
    public static var copyStatement: SQL {
        SQL(unsafeRaw: "COPY \(SQL.quoteIdentifier(table)) ("
            + columns.filter(\.isInserted).map(\.name).joined(separator: ", ") + ") FROM STDIN")
    }

    /// One COPY line of `record`; the actor columns keep the record's own
    /// login (`copy` when empty).
    public static func copyLine(_ record: Self, columns: [StoredColumn<Self>] = Self.columns) -> String {
        CopyText.line(columns.filter(\.isInserted).map { $0.copyText(record) })
    }

    /// Every row of `result` as a record: `blank` with each selected column's property set.
    static func decodeAll(_ result: QueryResult) throws -> [Self] {
        let readers = try columns.compactMap { column -> (Int, StoredColumn<Self>)? in
            guard column.isSelected else { return nil }
            guard let index = result.columnIndex(column.name) else {
                throw DatabaseError.usage("\(table): no column \(column.name) in \(result.columnNames)")
            }
            return (index, column)
        }
        return try (0..<result.rowCount).map { row in
            var record = blank
            for (index, column) in readers {
                try column.read?(&record, ColumnDecoder(row: RowValuesDecoder(result: result, row: row, keys: .useDefaultKeys),
                                                        column: index, codingPath: []))
            }
            return record
        }
    }
}

extension PGConnection {
    /// Every row decoded as the record `R` (its declared columns).
    public func fetch<R: StoredRecord>(_ type: R.Type, _ sql: SQL) throws -> [R] {
        try R.decodeAll(execute(sql))
    }

    /// The first row decoded as `R`, or nil.
    public func fetchOne<R: StoredRecord>(_ type: R.Type, _ sql: SQL) throws -> R? {
        try fetch(type, sql).first
    }
}
