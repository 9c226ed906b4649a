import Foundation
import KiteStore

/// The admin commands behind `kite migrate`, `kite seed` and `kite demo`.
public enum Maintenance {
    public static func migrate(conninfo: String, statusOnly: Bool) throws -> String {
        let connection = try PGConnection(conninfo)
        let migrator = try Migrator(connection: connection)
        if statusOnly {
            return try migrator.status().map { status in
                let state = status.appliedAt.map { "applied \(DayFormat.display($0)) by \(status.appliedBy ?? "?")" } ?? "pending"
                return String(format: "%04d ", status.version) + status.name + ": " + state
            }.joined(separator: "\n")
        }
        let applied = try migrator.migrate()
        if applied.isEmpty { return "kite migrate: the database is up to date (version \(migrator.latestKnownVersion))" }
        return applied.map { "applied \($0.fileName)" }.joined(separator: "\n")
    }

    @discardableResult
    public static func seed(conninfo: String, demo: Bool, vehicles: Int?, login: String? = nil,
                            report: (String) -> Void) throws -> Int {
        let connection = try PGConnection(conninfo)
        // The person seeding is the database login, whatever $USER says.
        let login = try login ?? DatabaseIdentity.login(of: connection) ?? ""
        var total = 0
        if demo {
            let summary = try Seeder.seedDemo(connection, login: login)
            if let summary {
                report("kite seed: \(summary.dealerships) dealerships, \(summary.locations) showrooms and yards, \(summary.employees) employees, \(summary.vehicles) vehicles")
                total += summary.vehicles
            } else {
                report("kite seed: demo data already present, nothing added")
            }
            if let sales = try Seeder.seedDemoSales(connection, login: login) {
                report("kite seed: \(sales.customers) customers, \(sales.deals) deals")
            }
            // The appraiser's appraisals come with the demo's cars (a seed without cars, as the
            // screen tests and the benchmarks make, gets none), after the sales: their sellers
            // are customers, and the sales are seeded only into a database without customers.
            if let summary, summary.vehicles > 0 { try Seeder.seedAppraisals(connection, today: Date()) }
        }
        if let vehicles {
            let started = Date()
            let inserted = try Seeder.seedVehicles(connection, count: vehicles, login: login) { done in
                FileHandle.standardError.write(Data("  \(done) vehicles…\n".utf8))
            }
            let seconds = Date().timeIntervalSince(started)
            report(String(format: "kite seed: %d synthetic vehicles in %.1f s", inserted, seconds))
            total += inserted
        }
        return total
    }
}

/// The private PostgreSQL of `make demo`, under `.kite/` (or `$KITE_DEMO_DIR`).
public enum DemoCluster {
    public static let databaseName = "kite"

    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = environment["KITE_DEMO_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".kite")
    }

    /// Starts (or reuses) the cluster, migrates, and loads the demo once.
    /// Returns the conninfo of the demo database.
    public static func prepare(reset: Bool, report: (String) -> Void) throws -> String {
        let directory = directory()
        let cluster = try LocalCluster(directory: directory)
        if reset {
            report("Stopping and removing \(directory.path)…")
            try cluster.stop()
            try? FileManager.default.removeItem(at: directory)
        }
        report(cluster.isInitialized ? "Starting PostgreSQL in \(directory.path)…"
                                     : "Creating a private PostgreSQL in \(directory.path) (first run)…")
        try cluster.start()
        try cluster.createDatabase(databaseName)
        let conninfo = cluster.conninfo(database: databaseName)
        let applied = try Migrator(connection: PGConnection(conninfo)).migrate()
        if !applied.isEmpty { report("Migrated: " + applied.map(\.fileName).joined(separator: ", ")) }
        try Maintenance.seed(conninfo: conninfo, demo: true, vehicles: nil, login: "postgres", report: report)
        try Seeder.ensureDemoLogins(PGConnection(conninfo))
        report("Database: \(conninfo)")
        return conninfo
    }

    /// The demo opens as the cluster's superuser (`postgres`, the demo's admin),
    /// or as `login` (`kite demo --as ivanova`): one of the demo staff's own
    /// database logins, with their group role and dealerships.
    public static func personal(conninfo: String, login: String) throws -> String {
        let known = try PGConnection(conninfo).fetchOne(Int.self, """
            SELECT count(*)::int FROM employees e JOIN pg_roles r ON r.rolname = e.login WHERE e.login = \(login) AND r.rolcanlogin
            """) ?? 0
        guard known == 1 else {
            throw SeedError("kite demo --as \(login): no such demo login (try ivanova, petrov, sidorova, kuznetsov, smirnov, volkova, orlov)")
        }
        return conninfo + " user=\(login)"
    }

    public static func stop(report: (String) -> Void) throws {
        let directory = directory()
        guard FileManager.default.fileExists(atPath: directory.path) else {
            report("kite demo: nothing to stop (\(directory.path) does not exist)")
            return
        }
        let cluster = try LocalCluster(directory: directory)
        if cluster.isRunning {
            try cluster.stop()
            report("kite demo: PostgreSQL in \(directory.path) stopped")
        } else {
            report("kite demo: PostgreSQL in \(directory.path) was not running")
        }
    }
}
