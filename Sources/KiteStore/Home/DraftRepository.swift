import Foundation
import KiteDomain

/// What a person typed into a card and has not saved: kept per login (`session_user`),
/// screen and record (0: a record not saved yet), migration 0035. Row-level security
/// lets a login see only its own; every statement here also names `session_user`, so an
/// owner's connection (which policies do not bind) reads only its own too.
public struct Draft: Sendable, Hashable, Decodable {
    public var screen: String
    public var recordId: Int64
    public var title: String
    public var fields: [String: String]
    /// The rows of the card's detail tables, by table (0049).
    public var details: DraftRows
    public var baseVersion: Int?
    public var updatedAt: Date

    public init(screen: String, recordId: Int64, title: String, fields: [String: String], details: DraftRows = DraftRows(),
                baseVersion: Int? = nil, updatedAt: Date = Date()) {
        self.screen = screen
        self.recordId = recordId
        self.title = title
        self.fields = fields
        self.details = details
        self.baseVersion = baseVersion
        self.updatedAt = updatedAt
    }

    /// The record's id, nil for a new record.
    public var recordID: Int64? { recordId == 0 ? nil : recordId }
}

/// The rows of a card's detail tables as their row dialogs hold them, by table name:
/// `["lines": [["kind": "service", "description": "Мойка", …], …]]`. A `jsonb` object of
/// arrays of objects; a table left out was not kept.
public struct DraftRows: Sendable, Hashable, Decodable, SQLBindable {
    public var tables: [String: [[String: String]]]

    public init(_ tables: [String: [[String: String]]] = [:]) {
        self.tables = tables
    }

    public subscript(table: String) -> [[String: String]]? { tables[table] }

    public var isEmpty: Bool { tables.isEmpty }

    /// Read from the column's JSON text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        tables = try JSONDecoder().decode([String: [[String: String]]].self, from: Data(text.utf8))
    }

    /// Keys sorted, so the same rows are the same text.
    public var sqlText: String? {
        var text = "{"
        for (index, name) in tables.keys.sorted().enumerated() {
            if index > 0 { text += "," }
            text += JSONText.quote(name) + ":[" + tables[name]!.map(JSONText.object).joined(separator: ",") + "]"
        }
        return text + "}"
    }

    public static var sqlType: PGType { .jsonb }
}

public struct DraftRepository {
    public let connection: PGConnection
    /// kited's periodic job that prunes old drafts.
    public static let pruneJobKind = "drafts.prune"

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// Writes (or rewrites) the draft of `screen`/`recordID` for the session's login.
    /// Idempotent: after a reconnect it may safely run again.
    public func save(screen: String, recordID: Int64?, title: String, fields: [String: String],
                     details: DraftRows = DraftRows(), baseVersion: Int?) throws {
        let title = String(String(String.UnicodeScalarView(title.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) })).prefix(200))
        let sql: SQL = """
            INSERT INTO drafts (login, screen, record_id, title, fields, details, base_version, updated_at)
            VALUES (session_user, \(screen), \(recordID ?? 0), \(title), \(fields), \(details), \(baseVersion), now())
            ON CONFLICT (login, screen, record_id)
            DO UPDATE SET title = EXCLUDED.title, fields = EXCLUDED.fields, details = EXCLUDED.details,
                          base_version = EXCLUDED.base_version, updated_at = now()
            """
        try connection.execute(sql.idempotent())
    }

    public func get(screen: String, recordID: Int64?) throws -> Draft? {
        try connection.fetchOne(Draft.self, """
            SELECT screen, record_id, title, fields, details, base_version, updated_at FROM drafts
             WHERE login = session_user AND screen = \(screen) AND record_id = \(recordID ?? 0)
            """)
    }

    /// The session login's drafts, newest first.
    public func list() throws -> [Draft] {
        try connection.fetch(Draft.self, """
            SELECT screen, record_id, title, fields, details, base_version, updated_at FROM drafts
             WHERE login = session_user ORDER BY updated_at DESC
            """)
    }

    public func delete(screen: String, recordID: Int64?) throws {
        let sql: SQL = "DELETE FROM drafts WHERE login = session_user AND screen = \(screen) AND record_id = \(recordID ?? 0)"
        try connection.execute(sql.idempotent())
    }

    /// kited's pruning: every login's drafts untouched for `maxAgeHours`; how many went.
    public func prune(maxAgeHours: Int) throws -> Int {
        Int(try connection.fetchOne(Int64.self, "SELECT kite_prune_drafts(make_interval(hours => \(maxAgeHours)))") ?? 0)
    }
}
