import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Each bind reaches the server as its type, so SQL needs no cast for it.
@Suite("Typed binds against PostgreSQL")
struct TypedBindTests {
    struct Types: Decodable, Equatable {
        var money: String
        var int32: String
        var int64: String
        var flag: String
        var at: String
        var day: String
        var attributes: String
        var texts: String
        var ids: String
        var status: String
        var noDay: String
    }

    @Test func theServerSeesEachBindAsItsType() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        let noDay: CivilDate? = nil
        let types = try connection.fetchOne(Types.self, """
            SELECT pg_typeof(\(Money(kopecks: 1)))::text AS money, pg_typeof(\(Int32(1)))::text AS int32,
                   pg_typeof(\(Int64(1)))::text AS int64, pg_typeof(\(true))::text AS flag,
                   pg_typeof(\(Date()))::text AS at, pg_typeof(\(CivilDate(year: 2026, month: 3, day: 1)!))::text AS day,
                   pg_typeof(\(["a": "b"]))::text AS attributes, pg_typeof(\(["x"]))::text AS texts,
                   pg_typeof(\([Int64(1)]))::text AS ids, pg_typeof(\(VehicleStatus.sold))::text AS status,
                   pg_typeof(\(noDay))::text AS no_day
            """)
        #expect(types == Types(money: "numeric", int32: "integer", int64: "bigint", flag: "boolean",
                               at: "timestamp with time zone", day: "date", attributes: "jsonb", texts: "text[]",
                               ids: "bigint[]", status: "text", noDay: "date"))
    }

    struct Uses: Decodable, Equatable {
        var kwh: String?
        var nextDay: CivilDate
        var total: Money
        var found: Bool
        var idFound: Bool
        var isNull: Bool
    }

    /// Operators that need the type (`->>`, date + int, numeric sum, `= ANY`,
    /// `IS NULL` of a typed NULL) work without casts.
    @Test func typedBindsNeedNoCasts() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        let noDay: CivilDate? = nil
        let uses = try connection.fetchOne(Uses.self, """
            SELECT \(["kwh": "75.5"]) ->> 'kwh' AS kwh, \(CivilDate(year: 2026, month: 2, day: 28)!) + 1 AS next_day,
                   \(Money(kopecks: 10)) + \(Money(kopecks: 20)) AS total,
                   'b' = ANY(\(["a", "b"])) AS found, 3 = ANY(\([Int64(1), 3])) AS id_found,
                   \(noDay) IS NULL AS is_null
            """)
        #expect(uses == Uses(kwh: "75.5", nextDay: CivilDate(year: 2026, month: 3, day: 1)!,
                             total: Money(kopecks: 30), found: true, idFound: true, isNull: true))
    }
}
