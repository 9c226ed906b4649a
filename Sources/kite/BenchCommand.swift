import ArgumentParser
import Foundation
import KiteApp
import KiteStore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure a screen or a query as people use it: stock (first page, filter keystrokes, page-down, peak RSS), customers (the picker at many customers), home (the АРЦ first paint), trips (the trips list as a logistics clerk under row-level security), appraisals (the buyout comparables at many sold cars), sessions (many sessions at once: connections, RSS per session, keystroke p95).")

    @Argument(help: "What to measure: stock, customers, home, trips, appraisals or sessions.")
    var target: String = "stock"

    @Option(help: "`kite bench sessions`: how many `kite` sessions run at once, each its own process.")
    var sessions: Int = 100

    @Option(help: "`kite bench sessions`: how long each session types, in seconds.")
    var seconds: Double = 60

    @Option(help: "`kite bench sessions`: seconds between two filter keys of one session.")
    var interval: Double = 2

    @Option(help: "`kite bench sessions`: the database login the sessions use (a manager of the first dealership, made when missing).")
    var login: String = "benchmgr"

    @Option(name: .customLong("as"), help: "`kite bench home`: measure also as this person's login (a manager of the first dealership, made when missing), under row-level security, beside the owner.")
    var asLogin: String?

    @Option(help: .hidden)
    var sessionIndex: Int = 0

    @Option(help: "Trips in the benchmark database for `kite bench trips` (added when fewer are there).")
    var trips: Int = 100_000

    @Option(help: "Sold cars in the benchmark database for `kite bench appraisals` (added when fewer are there).")
    var sold: Int = 1_000_000

    @Option(help: "Vehicles in the benchmark database (added with COPY when fewer are there).")
    var vehicles: Int = 1_000_000

    @Option(help: "Customers in the benchmark database for `kite bench customers` (added with COPY when fewer are there).")
    var customers: Int = 300_000

    @Option(help: "Benchmark database (default: a private cluster under .kite-bench/).")
    var database: String?

    func validate() throws {
        guard ["stock", "customers", "home", "trips", "appraisals", "sessions", "session"].contains(target) else {
            throw ValidationError("what to measure: stock, customers, home, trips, appraisals or sessions")
        }
        guard sessions > 0, seconds > 0, interval > 0 else {
            throw ValidationError("--sessions, --seconds and --interval: more than zero")
        }
    }

    func run() throws {
        let environment = loadEnvironment()
        if target == "session" {
            // One session of `kite bench sessions`: its figures as one JSON line.
            do {
                let session = try MainActor.assumeIsolated {
                    try SessionBenchmark.runSession(environment: environment, conninfo: database ?? "", seconds: seconds,
                                                    interval: interval, index: sessionIndex)
                }
                print(String(decoding: try JSONEncoder().encode(session), as: UTF8.self))
            } catch {
                fail(String(describing: error))
            }
            return
        }
        do {
            let conninfo = try database ?? BenchDatabase.prepare(connections: target == "sessions" ? sessions * 2 + 50 : nil)
            let connection = try PGConnection(conninfo)
            _ = try Migrator(connection: connection).migrate()
            if target == "appraisals" {
                if try (connection.fetchOne(Int.self, "SELECT count(*)::int FROM dealerships") ?? 0) == 0 {
                    try Maintenance.seed(conninfo: conninfo, demo: false, vehicles: 1_000, login: "bench") { print($0) }
                }
                let total = try AppraisalBenchmark.seed(connection, count: sold) { print($0) }
                print(try AppraisalBenchmark.run(conninfo: conninfo, soldCars: total).report())
                return
            }
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
            if target == "sessions" {
                print(try SessionsBench(sessions: sessions, seconds: seconds, interval: interval, login: login)
                    .run(conninfo: conninfo, owner: connection, vehicles: total))
                return
            }
            if target == "home" {
                let figures = try MainActor.assumeIsolated {
                    try HomeBenchmark.run(environment: environment, conninfo: conninfo, vehicles: total)
                }
                print(figures.report())
                if let asLogin {
                    try SessionsBench.ensureManager(asLogin, owner: connection)
                    let person = try MainActor.assumeIsolated {
                        try HomeBenchmark.run(environment: environment, conninfo: conninfo, vehicles: total, login: asLogin)
                    }
                    print(person.report())
                }
                return
            }
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
    /// The private benchmark cluster; `connections` raises its max_connections (a restart) when it is lower.
    static func prepare(connections: Int? = nil) throws -> String {
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".kite-bench")
        let cluster = try LocalCluster(directory: directory)
        try cluster.start()
        if let connections {
            let admin = try PGConnection(cluster.conninfo(database: "postgres"))
            let current = Int(try admin.fetchOne(String.self, "SHOW max_connections") ?? "") ?? 0
            if current < connections {
                try admin.execute("ALTER SYSTEM SET max_connections = \(raw: String(connections))")
                try cluster.stop()
                try cluster.start()
            }
        }
        try cluster.createDatabase("kite_bench")
        return cluster.conninfo(database: "kite_bench")
    }
}

/// `kite bench sessions`: starts `sessions` processes of `kite bench session`, each a
/// headless TUI session under the manager's login, counts the connections they hold
/// while they type, and reports what they measured.
struct SessionsBench {
    var sessions: Int
    var seconds: Double
    var interval: Double
    var login: String

    /// `login` as a manager of the first dealership, made when missing.
    static func ensureManager(_ login: String, owner: PGConnection) throws {
        if try owner.fetchOne(Bool.self, "SELECT true FROM employees WHERE login = \(login)") == nil {
            let code = try owner.fetchOne(String.self, "SELECT code FROM dealerships ORDER BY id LIMIT 1") ?? "MSK"
            try AccessRepository(connection: owner).addUser(login: login, fullName: "Бенчмарк Менеджер", role: .manager,
                                                            dealerships: [code])
        }
    }

    func run(conninfo: String, owner: PGConnection, vehicles: Int) throws -> String {
        try Self.ensureManager(login, owner: owner)
        let sessionConninfo = conninfo + " user=\(login)"
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        var processes: [(Process, Pipe)] = []
        for index in 0..<sessions {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["bench", "session", "--database", sessionConninfo, "--seconds", String(seconds),
                                 "--interval", String(interval), "--session-index", String(index)]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            processes.append((process, pipe))
        }
        print("Started \(sessions) sessions as \(login); they type for \(Int(seconds)) s…")
        // Connections held by the sessions' login, sampled every second while they run.
        var peak = 0, middle = 0
        let start = Date()
        let outputs = ThreadSafeOutputs(count: processes.count)
        for (index, (_, pipe)) in processes.enumerated() {
            Thread.detachNewThread { outputs.set(index, pipe.fileHandleForReading.readDataToEndOfFile()) }
        }
        while processes.contains(where: { $0.0.isRunning }) {
            let count = try owner.fetchOne(Int.self, """
                SELECT count(*)::int FROM pg_stat_activity WHERE usename = \(login) AND datname = current_database()
                """) ?? 0
            peak = max(peak, count)
            if middle == 0 && Date().timeIntervalSince(start) > seconds / 2 { middle = count }
            usleep(1_000_000)
        }
        var results: [SessionBenchmark.Session] = []
        var failures: [String] = []
        for index in processes.indices {
            let text = String(decoding: outputs.wait(index), as: UTF8.self)
            let line = text.split(separator: "\n").last(where: { $0.hasPrefix("{") }).map(String.init) ?? ""
            if let session = try? JSONDecoder().decode(SessionBenchmark.Session.self, from: Data(line.utf8)) {
                results.append(session)
            } else {
                failures.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        var report = MainActor.assumeIsolated {
            SessionBenchmark.report(sessions: results, started: sessions, connectionsPeak: peak,
                                    connectionsIdleSample: middle, seconds: seconds, interval: interval, login: login,
                                    vehicles: vehicles)
        }
        if let first = failures.first {
            report += "\n\(failures.count) sessions failed; the first said: \(first.prefix(300))"
        }
        return report
    }
}

/// The sessions' outputs, read on their own threads (a full pipe would block a session).
final class ThreadSafeOutputs: @unchecked Sendable {
    private var data: [Data?]
    private let condition = NSCondition()
    init(count: Int) { data = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Data) {
        condition.lock(); data[index] = value; condition.broadcast(); condition.unlock()
    }
    func wait(_ index: Int) -> Data {
        condition.lock(); defer { condition.unlock() }
        while data[index] == nil { condition.wait() }
        return data[index]!
    }
}
