import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// `kite bench trips`: the trips list as a logistics clerk of one dealership drives it —
/// row-level security on, so the trips policies (and `kite_trip_visible()` for the trips
/// of the other dealerships) are in every figure. Query plus render from the key press,
/// on a 160×48 in-memory surface. Reports; never fails on time.
@MainActor
public enum TripBenchmark {
    /// The clerk the benchmark reads as: logistics, SPB only.
    nonisolated public static let login = "bench_logistics"

    public struct Figures: Sendable {
        public var trips: Int
        public var visible: Int
        public var firstPage: [Double] = []
        public var filterKeystroke: [Double] = []
        public var slowestFilters: [(text: String, ms: Double)] = []

        public func report() -> String {
            func line(_ name: String, _ samples: [Double], target: String) -> String {
                name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: "p50 %7.2f ms   p95 %7.2f ms   n=%-4d target %@",
                             StockBenchmark.percentile(samples, 0.50), StockBenchmark.percentile(samples, 0.95),
                             samples.count, target)
            }
            return """
                Trips list at \(CellFormatter.grouped(trips)) trips, \(CellFormatter.grouped(visible)) of them visible to \(TripBenchmark.login) (logistics, SPB; RLS on; query + render, 160×48 in-memory surface)
                \(line("first page", firstPage, target: "< 50 ms"))
                \(line("filter keystroke", filterKeystroke, target: "p95 < 30 ms"))
                slowest filter keystrokes: \(slowestFilters.map { String(format: "“%@” %.1f ms", $0.text, $0.ms) }.joined(separator: ", "))
                """
        }
    }

    /// Adds synthetic trips (two stops each, every stage but cancelled, spread over the
    /// dealerships, carriers and their locations) until there are `count`, and the clerk's
    /// login. Written as the owner in one statement per table; audit triggers off for the load.
    nonisolated public static func seed(_ connection: PGConnection, count: Int) throws -> Int {
        let present = try connection.fetchOne(Int.self, "SELECT count(*)::int FROM trips") ?? 0
        if present < count {
            try connection.transaction { connection in
                try connection.execute("SET LOCAL session_replication_role = replica")
                if try connection.fetchOne(Int.self, "SELECT count(*)::int FROM carriers") == 0 {
                    try connection.execute("""
                        INSERT INTO carriers (name, inn, updated_by)
                        SELECT 'ООО «Автовоз-' || n || '»', '77' || lpad(n::text, 8, '0'), 'bench' FROM generate_series(1, 12) n
                        """)
                    try connection.execute("""
                        INSERT INTO trucks (carrier_id, plate, capacity, updated_by)
                        SELECT c.id, 'А' || lpad((100 + c.id)::text, 3, '0') || 'ВС77', 8, 'bench' FROM carriers c
                        """)
                    try connection.execute("""
                        INSERT INTO drivers (carrier_id, full_name, licence_number, updated_by)
                        SELECT c.id, 'Водитель ' || c.id, '7700' || lpad(c.id::text, 6, '0'), 'bench' FROM carriers c
                        """)
                }
                try connection.execute("""
                    WITH d AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(code ORDER BY id) AS codes FROM dealerships),
                         c AS (SELECT array_agg(c.id ORDER BY c.id) AS ids, array_agg(t.id ORDER BY c.id) AS trucks,
                                      array_agg(r.id ORDER BY c.id) AS drivers
                                 FROM carriers c
                                 JOIN LATERAL (SELECT id FROM trucks WHERE carrier_id = c.id ORDER BY id LIMIT 1) t ON true
                                 JOIN LATERAL (SELECT id FROM drivers WHERE carrier_id = c.id ORDER BY id LIMIT 1) r ON true),
                         s AS (SELECT \(present) + n AS n, CASE n % 5 WHEN 0 THEN 'planned' WHEN 1 THEN 'in_transit'
                                      WHEN 2 THEN 'arrived' ELSE 'closed' END AS stage FROM generate_series(1, \(count - present)) n)
                    INSERT INTO trips (number, dealership_id, carrier_id, truck_id, driver_id, stage, planned_departure,
                                       departed_at, closed_at, price, clerk_login, created_at, updated_at, updated_by)
                    SELECT d.codes[1 + s.n % cardinality(d.ids)] || '-TR-' || (2000 + s.n / 999999) || '-' || lpad((s.n % 999999 + 1)::text, 6, '0'),
                           d.ids[1 + s.n % cardinality(d.ids)], c.ids[1 + s.n % cardinality(c.ids)],
                           c.trucks[1 + s.n % cardinality(c.ids)], c.drivers[1 + s.n % cardinality(c.ids)], s.stage,
                           now() - (s.n || ' minutes')::interval,
                           CASE WHEN s.stage <> 'planned' THEN now() - (s.n || ' minutes')::interval END,
                           CASE WHEN s.stage = 'closed' THEN now() - (s.n || ' minutes')::interval + interval '2 days' END,
                           50000 + (s.n % 100) * 1000, 'bench', now() - (s.n || ' minutes')::interval, now(), 'bench'
                      FROM s, d, c
                    """)
                // Each new trip: from a location of its own dealership to one of the next dealership's.
                try connection.execute("""
                    WITH l AS (SELECT dealership_id, array_agg(id ORDER BY id) AS ids FROM locations GROUP BY dealership_id),
                         d AS (SELECT array_agg(id ORDER BY id) AS ids FROM dealerships),
                         t AS (SELECT t.id, t.dealership_id, t.stage, t.planned_departure,
                                      d.ids[1 + (array_position(d.ids, t.dealership_id)) % cardinality(d.ids)] AS next_dealership
                                 FROM trips t, d WHERE NOT EXISTS (SELECT 1 FROM trip_stops s WHERE s.trip_id = t.id))
                    INSERT INTO trip_stops (trip_id, position, location_id, eta, arrived_at)
                    SELECT t.id, 1, l1.ids[1 + t.id % cardinality(l1.ids)], NULL,
                           CASE WHEN t.stage <> 'planned' THEN t.planned_departure END
                      FROM t JOIN l l1 ON l1.dealership_id = t.dealership_id
                    UNION ALL
                    SELECT t.id, 2, l2.ids[1 + t.id % cardinality(l2.ids)], t.planned_departure + interval '2 days',
                           CASE WHEN t.stage IN ('arrived', 'closed') THEN t.planned_departure + interval '2 days 3 hours' END
                      FROM t JOIN l l2 ON l2.dealership_id = t.next_dealership
                    """)
            }
        }
        try connection.execute("VACUUM ANALYZE trips")
        try connection.execute("VACUUM ANALYZE trip_stops")
        if try connection.fetchOne(Int.self, "SELECT count(*)::int FROM pg_roles WHERE rolname = \(login)") == 0 {
            try connection.execute("CREATE ROLE \(identifier: login) LOGIN")
        }
        if try connection.fetchOne(Int.self, "SELECT count(*)::int FROM employees WHERE login = \(login)") == 0 {
            try connection.execute("SELECT kite_user_add(\(login), 'Логистов Бенч Тестович', 'logistics', '{SPB}')")
        }
        return try connection.fetchOne(Int.self, "SELECT count(*)::int FROM trips") ?? 0
    }

    /// `conninfo` is the owner's; the list reads as `login`.
    public static func run(environment: AppEnvironment, conninfo: String, trips: Int) throws -> Figures {
        let clerk = conninfo + " user=\(login)"
        let visible = try PGConnection(clerk).fetchOne(Int.self, "SELECT count(*)::int FROM trips") ?? 0
        let surface = MemorySurface(rows: 48, columns: 160)
        let app = KiteApplication(environment: environment, conninfo: clerk, login: login, listensForChanges: false)
        defer { app.shutdown() }
        app.start()
        app.database.settle()
        app.openTrips(filter: "")
        app.database.settle()
        guard let list = app.stack.last as? BrowserScreen<TripListSource> else { throw SeedError("no trips list") }
        var figures = Figures(trips: trips, visible: visible)
        func timed(_ action: () -> Void) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            action()
            while list.isLoading || list.isPaging { app.database.waitAndDeliver(timeout: 100) }
            app.draw(on: surface)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
            app.database.settle()
            return elapsed
        }
        for _ in 0..<30 { figures.firstPage.append(timed { list.reload() }) }
        // Numbers, carriers and plates as a clerk types them.
        for word in ["SPB-TR", "000123", "автовоз-7", "А105", "msk-tr-2000-0999", "zzz"] {
            app.handleKey(.character("/"))
            var typed = ""
            for character in word {
                typed.append(character)
                let ms = timed { app.handleKey(.character(character)) }
                figures.filterKeystroke.append(ms)
                figures.slowestFilters.append((typed, ms))
            }
            for _ in word { app.handleKey(.backspace) }
            app.database.settle()
            app.handleKey(.escape)
        }
        figures.slowestFilters = Array(figures.slowestFilters.sorted { $0.ms > $1.ms }.prefix(6))
        return figures
    }
}
