import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Issue 10, item 10: the same length limits in the domain and in the database; item 9: a NUL
/// never reaches libpq, where a C string would cut the value short.
@Suite("Text limits: domain and database agree")
struct TextLimitTests {
    struct Check: Decodable {
        var table: String
        var definition: String
    }

    @Test("every limit of TextLimits is a CHECK of the same number in the database, and every free-text column has one")
    func limitsMatch() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        let checks = try connection.fetch(Check.self, """
            SELECT c.conrelid::regclass::text AS table, pg_get_constraintdef(c.oid) AS definition
            FROM pg_constraint c WHERE c.contype = 'c' AND c.conrelid::regclass::text = ANY(\(Array(TextLimits.byTable.keys)))
            """)
        func limit(_ table: String, _ column: String) -> Int? {
            let pattern = try! NSRegularExpression(pattern: "length\\((btrim\\()?\"?\(column)\"?\\)?\\) <= (\\d+)")
            for check in checks where check.table == table {
                let text = check.definition
                if let match = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                   let range = Range(match.range(at: 2), in: text) {
                    return Int(text[range])
                }
            }
            return nil
        }
        for (table, limits) in TextLimits.byTable {
            for (column, domain) in limits {
                #expect(limit(table, column) == domain, "\(table).\(column): domain \(domain), database \(limit(table, column).map(String.init) ?? "none")")
            }
        }
        // The other way round: a text column of these tables is either limited or bounded by
        // another rule (a code list, a pattern, a reference to a code table).
        struct Column: Decodable { var table: String; var column: String }
        let columns = try connection.fetch(Column.self, """
            SELECT table_name AS table, column_name AS column FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type = 'text' AND table_name = ANY(\(Array(TextLimits.byTable.keys)))
            """)
        let references = try connection.fetch(Column.self, """
            SELECT c.conrelid::regclass::text AS table, a.attname AS column
            FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
            WHERE c.contype = 'f'
            """).map { "\($0.table).\($0.column)" }
        for column in columns where TextLimits.byTable[column.table]?[column.column] == nil {
            let bounded = checks.contains { check in
                check.table == column.table && check.definition.contains(column.column)
                    && (check.definition.contains("~ '^") || check.definition.contains("ANY (ARRAY["))
            } || references.contains("\(column.table).\(column.column)")
            #expect(bounded, "\(column.table).\(column.column) has no length limit in TextLimits and the database")
        }
    }

    @Test("a value longer than the limit is refused by the database, naming the constraint")
    func databaseRefuses() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        do {
            try connection.execute("INSERT INTO dealerships (code, name) VALUES ('TST', \(String(repeating: "Я", count: 201)))")
            Issue.record("a 201-character name was stored")
        } catch let error as DatabaseError {
            #expect(error.constraint == "dealerships_name_length")
        }
    }

    @Test("a NUL in a bind is refused before libpq sees it, never cut to `Ves`")
    func nulNeverTruncates() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        #expect(throws: DatabaseError.self) { try connection.fetchOne(String.self, "SELECT \("Ves\u{0}ta")::text") }
        #expect(try connection.fetchOne(String.self, "SELECT \("Vesta")::text") == "Vesta")
    }
}
