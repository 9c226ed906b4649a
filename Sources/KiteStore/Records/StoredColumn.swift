import Foundation

/// One column of a `StoredRecord`: its name, its role, and how its value is
/// bound, copied and read (through the record's key path).
public struct StoredColumn<Record> {
    public enum Role: Sendable, Hashable {
        /// Inserted, updated and copied.
        case written
        /// Inserted and copied, never changed by an update (a deal's number).
        case insertOnly
        /// Filled by the database (`id`, `created_at`): only read.
        case serverManaged
        /// Read; written only by dedicated statements (a state, a stage).
        case readOnly
        /// Read; an update adds 1.
        case version
        /// Read; an update sets `now()`.
        case updatedAt
        /// `updated_by`: the acting login on insert and update; COPY keeps the record's.
        case actor
        /// `created_by`: the acting login on insert; COPY keeps the record's.
        case insertedActor
    }

    public let name: String
    public let role: Role
    /// A select-list expression in place of the column (`ds.code` of a join).
    let expression: String?
    let bind: ((Record) -> SQL)?
    let copyText: (Record) -> String?
    let read: ((inout Record, ColumnDecoder) throws -> Void)?

    /// A column of the table, read into and written from `keyPath`.
    public static func column<Value: SQLBindable & Decodable>(_ name: String, _ keyPath: WritableKeyPath<Record, Value>,
                                                               _ role: Role = .written) -> StoredColumn {
        let isActor = role == .actor || role == .insertedActor
        return StoredColumn(
            name: name, role: role, expression: nil,
            bind: { record in "\(record[keyPath: keyPath])" },
            copyText: { record in
                let text = record[keyPath: keyPath].sqlText
                return isActor && (text ?? "").isEmpty ? "copy" : text
            },
            read: { record, cell in record[keyPath: keyPath] = try cell.decodeValue(Value.self) })
    }

    /// A column written from a value computed from the record and never read
    /// back (a deal's totals from its price sheet).
    public static func computed<Value: SQLBindable>(_ name: String, _ value: @escaping (Record) -> Value) -> StoredColumn {
        StoredColumn(name: name, role: .written, expression: nil, bind: { record in "\(value(record))" },
                     copyText: { value($0).sqlText }, read: nil)
    }

    /// A value the select list reads from another table or a subquery
    /// (`ds.code AS dealership_code`); never written.
    public static func joined<Value: Decodable>(_ expression: String, as name: String,
                                                _ keyPath: WritableKeyPath<Record, Value>) -> StoredColumn {
        StoredColumn(name: name, role: .readOnly, expression: expression, bind: nil, copyText: { _ in nil },
                     read: { record, cell in record[keyPath: keyPath] = try cell.decodeValue(Value.self) })
    }

    var isSelected: Bool { read != nil }

    var isInserted: Bool {
        bind != nil && [.written, .insertOnly, .actor, .insertedActor].contains(role)
    }

    /// The bind of this column's value in an INSERT or UPDATE.
    func value(of record: Record, actor: String) -> SQL {
        if role == .actor || role == .insertedActor { return "\(actor)" }
        return bind?(record) ?? "NULL"
    }
}
