import ArgumentParser
import Foundation
import KiteApp
import KiteStore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the stock screen (first page, filter keystrokes, page-down, peak RSS), the customer picker (keystrokes at many customers) or the trips list (first page, filter keystrokes, as a logistics clerk under row-level security).")

    @Argument(help: "What to measure: stock, customers or trips.")
    var target: String = "stock"

    @Option(help: "Vehicles in the benchmark database (added with COPY when fewer are there).")
    var vehicles: Int = 1_000_000

    @Option(help: "Customers in the benchmark database for `kite bench customers` (added with COPY when fewer are there).")
    var customers: Int = 300_000

    @Option(help: "Trips in the benchmark database for `kite bench trips` (added when fewer are there).")
    var trips: Int = 100_000

    @Option(help: "Benchmark database (default: a private cluster under .kite-bench/).")
    var database: String?

    func validate() throws {
        guard ["stock", "customers", "trips"].contains(target) else {
            throw ValidationError("what to measure: stock, customers or trips")
        }
    }

    func run() throws {
        let environment = loadEnvironment()
        do {
            let conninfo = try database ?? BenchDatabase.prepare()
            let connection = try PGConnection(conninfo)
            _ = try Migrator(connection: connection).migrate()
            if target == "trips" {
                if try (connection.fetchOne(Int.self, "SELECT count(*)::int FROM dealerships") ?? 0) == 0 {
                    try Maintenance.seed(conninfo: conninfo, demo: false, vehicles: 1_000, login: "bench") { print($0) }
                }
                print("Trips: seeding up to \(trips) (kept for the next run)…")
                let total = try TripBenchmark.seed(connection, count: trips)
                let figures = try MainActor.assumeIsolated {
                    try TripBenchmark.run(environment: environment, conninfo: conninfo, trips: total)
                }
                print(figures.report())
                return
            }
            if target == "customers" {
                if try (connection.fetchOne(Int.self, "SELECT count(*)::int FROM dealerships") ?? 0) == 0 {
                    try Maintenance.seed(conninfo: conninfo, demo: false, vehicles: 1_000, login: "bench") { print($0) }
                }
                print("Customers: seeding up to \(customers) with COPY (kept for the next run)…")
                let total = try CustomerLookupBenchmark.seed(connection, count: customers)
                let figures = try MainActor.assumeIsolated {
                    try CustomerLookupBenchmark.run(environment: environment, conninfo: conninfo, customers: total)
                }
                print(figures.report())
                return
            }
            let present = try connection.fetchOne(Int.self, "SELECT count(*)::int FROM vehicles") ?? 0
            if present < vehicles {
                print("Seeding \(vehicles - present) vehicles (once; the database is kept for the next run)…")
                try Maintenance.seed(conninfo: conninfo, demo: false, vehicles: vehicles - present, login: "bench") { print($0) }
            }
            try connection.execute("VACUUM ANALYZE vehicles")
            let total = try connection.fetchOne(Int.self, "SELECT count(*)::int FROM vehicles") ?? 0
            let figures = try MainActor.assumeIsolated {
                try StockBenchmark.run(environment: environment, conninfo: conninfo, vehicles: total)
            }
            print(figures.report())
        } catch {
            fail(String(describing: error))
        }
    }
}

enum BenchDatabase {
    static func prepare() throws -> String {
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".kite-bench")
        let cluster = try LocalCluster(directory: directory)
        try cluster.start()
        try cluster.createDatabase("kite_bench")
        return cluster.conninfo(database: "kite_bench")
    }
}
