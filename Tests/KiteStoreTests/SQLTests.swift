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
}
