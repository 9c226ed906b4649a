import Foundation
import KiteDomain
import KiteStore
import Testing

@Suite("SQL interpolation (no server)")
struct SQLTests {
    @Test func valuesBecomeNumberedBinds() {
        let name = "O'Brien'); DROP TABLE vehicles;--"
        let id: Int64 = 42
        let sql: SQL = "UPDATE vehicles SET make = \(name) WHERE id = \(id)"
        #expect(sql.text == "UPDATE vehicles SET make = $1 WHERE id = $2")
        #expect(sql.bindings == [name, "42"])
    }

    @Test func composingRenumbers() {
        let a: SQL = "SELECT * FROM vehicles WHERE year = \(2025)"
        let b: SQL = " AND make = \("Haval") AND model = \("Jolion")"
        let combined = a + b
        #expect(combined.text == "SELECT * FROM vehicles WHERE year = $1 AND make = $2 AND model = $3")
        #expect(combined.bindings == ["2025", "Haval", "Jolion"])
        let nested: SQL = "SELECT count(*) FROM (\(fragment: combined)) s WHERE \(true)"
        #expect(nested.text.hasSuffix("model = $3) s WHERE $4"))
        #expect(nested.bindings.last == "true")
        let joined = SQL.joined(["a = \(1)", "b = \(2)"], separator: " AND ")
        #expect(joined.text == "a = $1 AND b = $2")
    }

    @Test func rawAndIdentifier() {
        let sql: SQL = "SELECT \(identifier: "we\"ird") FROM t ORDER BY \(raw: "make DESC")"
        #expect(sql.text == "SELECT \"we\"\"ird\" FROM t ORDER BY make DESC")
        #expect(sql.bindings.isEmpty)
    }

    @Test func bindableTextForms() {
        let missing: String? = nil
        let sql: SQL = """
            \(Money(kopecks: 125_000_050)) \(Int32(7)) \(true) \(VehicleStatus.inTransit) \(VehicleCondition.used) \
            \(missing) \(["b": "2", "a": "x\"y"]) \([Int64(1), 2]) \(["a\"b", "c\\d", "e,f"]) \
            \(Date(timeIntervalSince1970: 1_764_000_000.25))
            """
        #expect(sql.bindings == [
            "1250000.50", "7", "true", "in_transit", "used", nil, #"{"a":"x\"y","b":"2"}"#,
            #"{"1","2"}"#, #"{"a\"b","c\\d","e,f"}"#, "2025-11-24T16:00:00.250000Z",
        ])
        #expect(sql.text == "$1 $2 $3 $4 $5 $6 $7 $8 $9 $10")
    }

    @Test func onlyReadsAndSessionStatementsMayRunAgain() {
        let again = [
            "SELECT 1",
            "select count(*) FROM vehicles v WHERE v.status = ANY($1) ORDER BY lower(v.make), v.id LIMIT $2",
            "WITH m AS MATERIALIZED (SELECT id FROM customers WHERE lower(name) LIKE $1 LIMIT 10) SELECT * FROM m",
            "SELECT reltuples::bigint FROM pg_class WHERE oid = 'vehicles'::regclass",
            "SELECT $1::numeric(14,2) + $2::numeric(14,2)",
            "SELECT 'INSERT INTO x; pg_notify(1)' AS text, \"update\" FROM t -- DELETE\n",
            "SELECT jsonb_build_object('a', coalesce(sum(amount), 0)) FROM pg_catalog.pg_class",
            "VALUES (1), (2)", "TABLE vehicles", "SHOW TimeZone", "EXPLAIN SELECT * FROM vehicles",
            "SET TIME ZONE 'UTC'", "LISTEN \"kite jobs\"", "UNLISTEN *", "BEGIN", "RESET ALL",
            "SELECT set_config('application_name', $1, false)",
            "SELECT E'it\\'s' AS a, $tag$ DELETE FROM t $tag$ AS b, now() - interval '1 day'",
        ]
        for text in again {
            #expect(SQLRetryClassifier.mayRunAgain(text), "\(text)")
        }
        let never = [
            "INSERT INTO payments (amount) VALUES ($1)", "UPDATE vehicles SET status = $1", "DELETE FROM t",
            "SELECT id FROM payments WHERE id = $1 FOR UPDATE", "SELECT id FROM deals FOR NO KEY UPDATE",
            "SELECT 1 FROM t FOR KEY SHARE", "SELECT * INTO copy FROM vehicles",
            "WITH next AS (INSERT INTO c (n) VALUES (1) RETURNING n) SELECT n FROM next",
            "WITH gone AS (DELETE FROM jobs RETURNING id) SELECT count(*) FROM gone",
            "SELECT pg_notify($1, $2)", "SELECT nextval('s')", "SELECT pg_advisory_lock($1)",
            "SELECT kite_lock_cash_desk($1, true)", "SELECT public.probe_insert('x')", "SELECT \"Odd\"(1)",
            "SELECT pg_notify ('a', '')", "EXPLAIN ANALYZE SELECT 1", "SELECT 1; DELETE FROM t",
            "COPY vehicles FROM STDIN", "COMMIT", "CREATE TABLE t (a int)", "CALL p()", "", "-- nothing",
            "SELECT pg_terminate_backend($1)", "SELECT setval('s', 1)",
        ]
        for text in never {
            #expect(!SQLRetryClassifier.mayRunAgain(text), "\(text)")
        }
    }

    @Test func idempotentIsDeclaredAndSurvivesOnlyIdempotentComposition() {
        let upsert: SQL = "INSERT INTO settings (key, value) VALUES (\("a"), \("b")) ON CONFLICT (key) DO UPDATE SET value = \("b")"
        #expect(!upsert.mayRunAgain)
        #expect(upsert.idempotent().mayRunAgain)
        #expect(upsert.idempotent().isDeclaredIdempotent)
        #expect(upsert.idempotent().bindings == upsert.bindings)
        var composed = upsert.idempotent()
        composed += " RETURNING \(raw: "key")"
        #expect(!composed.isDeclaredIdempotent)
        let read: SQL = "SELECT make FROM vehicles WHERE id = \(Int64(1))"
        #expect(read.mayRunAgain && !read.isDeclaredIdempotent)
    }

    @Test func bindsCarryTheirPostgreSQLTypes() {
        let missingDay: CivilDate? = nil
        let sql: SQL = """
            \(Money(kopecks: 1)) \(Int32(7)) \(Int64(8)) \(true) \(Date(timeIntervalSince1970: 0)) \
            \(CivilDate(year: 2026, month: 1, day: 31)!) \(missingDay) \(["a": "b"]) \(["x"]) \([Int64(1)]) \
            \([Int32(1)]) \([VehicleStatus.inStock]) \(VehicleStatus.sold) \(PaymentState.pending) \(CheckStatus.passed) \
            \("text") \(5) \(JobState.running)
            """
        #expect(sql.bindTypes.map(\.name) == [
            "numeric", "int4", "int8", "bool", "timestamptz", "date", "date", "jsonb", "text[]", "int8[]", "int4[]",
            "text[]", "text", "text", "text", "unknown", "unknown", "unknown",
        ])
        #expect(sql.bindTypes.map(\.oid) == [1700, 23, 20, 16, 1184, 1082, 1082, 3802, 1009, 1016, 1007,
                                             1009, 25, 25, 25, 0, 0, 0])
    }
}
