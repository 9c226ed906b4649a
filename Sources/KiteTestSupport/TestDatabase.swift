import Foundation
import KiteStore
import Synchronization

/// Databases for tests against a real PostgreSQL — never a mock, never skipped.
///
/// Where the server comes from:
/// - `KITE_TEST_CONNINFO` (a keyword conninfo like `host=/run/postgresql user=postgres`)
///   or `PGHOST` set: that server is used (the role needs CREATEDB);
/// - otherwise ONE throwaway `LocalCluster` per test process is started in a
///   temporary directory and stopped (directory removed) at process exit.
///
/// Each test gets a fresh database: `makeMigrated()` clones a template
/// database migrated once per process (fast), `makeEmpty()` an empty one.
/// Thread-safe: Swift Testing runs tests in parallel.
public enum TestDatabase {
    private struct State: ~Copyable {
        var server: Server?
        var templateName: String?
        var created: [String] = []
        var counter = 0
        var exitHookInstalled = false
    }

    private struct Server: Sendable {
        var cluster: LocalCluster?
        /// Keyword conninfo without dbname.
        var baseConninfo: String
        var temporaryDirectory: URL?
    }

    private static let state = Mutex(State())

    private static var prefix: String { "kite_test_\(getpid())" }

    /// Conninfo of a fresh database with every migration applied.
    public static func makeMigrated() throws -> String {
        try state.withLock { state in
            let server = try ensureServer(&state)
            let template = try ensureTemplate(&state, server: server)
            return try createDatabase(&state, server: server, template: template)
        }
    }

    /// Conninfo of a fresh, empty database (for migration tests).
    public static func makeEmpty() throws -> String {
        try state.withLock { state in
            let server = try ensureServer(&state)
            return try createDatabase(&state, server: server, template: "template0")
        }
    }

    /// Conninfo of the server's `postgres` database (administration).
    public static func serverConninfo() throws -> String {
        try state.withLock { state in
            conninfo(try ensureServer(&state), database: "postgres")
        }
    }

    private static func conninfo(_ server: Server, database: String) -> String {
        if let cluster = server.cluster { return cluster.conninfo(database: database) }
        return server.baseConninfo + " dbname='\(database)'"
    }

    private static func ensureServer(_ state: inout State) throws -> Server {
        if let server = state.server { return server }
        let environment = ProcessInfo.processInfo.environment
        let server: Server
        if let given = environment["KITE_TEST_CONNINFO"], !given.isEmpty {
            guard !given.contains("://") else {
                throw TestDatabaseError("KITE_TEST_CONNINFO must be a keyword conninfo (host=… user=…), not a URI: \(given)")
            }
            server = Server(cluster: nil, baseConninfo: given, temporaryDirectory: nil)
        } else if let host = environment["PGHOST"], !host.isEmpty {
            server = Server(cluster: nil, baseConninfo: "", temporaryDirectory: nil)
        } else {
            let directory = URL(fileURLWithPath: "/tmp/kite-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            do {
                let cluster = try LocalCluster(directory: directory, unsafeFastMode: true)
                server = Server(cluster: cluster, baseConninfo: "", temporaryDirectory: directory)
                do {
                    try cluster.start()
                } catch {
                    try? cluster.stop()
                    try? FileManager.default.removeItem(at: directory)
                    throw error
                }
            } catch {
                throw TestDatabaseError("no PostgreSQL for tests: set KITE_TEST_CONNINFO or PGHOST, or install the Debian package postgresql so a throwaway cluster can start (\(error))")
            }
        }
        state.server = server
        installExitHook(&state)
        // Check we can reach it and create databases.
        do {
            _ = try PGConnection(conninfo(server, database: "postgres")).execute("SELECT 1")
        } catch {
            throw TestDatabaseError("cannot reach the test PostgreSQL server: \(error)")
        }
        return server
    }

    private static func installExitHook(_ state: inout State) {
        guard !state.exitHookInstalled else { return }
        state.exitHookInstalled = true
        atexit { TestDatabase.shutdown() }
    }

    private static func ensureTemplate(_ state: inout State, server: Server) throws -> String {
        if let name = state.templateName { return name }
        let name = "\(prefix)_template"
        let admin = try PGConnection(conninfo(server, database: "postgres"))
        try admin.execute("DROP DATABASE IF EXISTS \(identifier: name)")
        try admin.execute("CREATE DATABASE \(identifier: name) TEMPLATE template0")
        state.created.append(name)
        do {
            let connection = try PGConnection(conninfo(server, database: name))
            _ = try Migrator(connection: connection).migrate(actor: "tests")
        }
        state.templateName = name
        return name
    }

    private static func createDatabase(_ state: inout State, server: Server, template: String) throws -> String {
        state.counter += 1
        let name = "\(prefix)_\(state.counter)"
        let admin = try PGConnection(conninfo(server, database: "postgres"))
        try admin.execute("CREATE DATABASE \(identifier: name) TEMPLATE \(identifier: template)")
        state.created.append(name)
        return conninfo(server, database: name)
    }

    /// Stops the throwaway cluster (or drops this process's databases on an
    /// external server). Runs at exit; safe to call twice.
    public static func shutdown() {
        state.withLock { state in
            guard let server = state.server else { return }
            state.server = nil
            if let cluster = server.cluster {
                try? cluster.stop()
                if let directory = server.temporaryDirectory {
                    try? FileManager.default.removeItem(at: directory)
                }
            } else if let admin = try? PGConnection(conninfo(server, database: "postgres")) {
                for name in state.created.reversed() {
                    _ = try? admin.execute("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
                }
            }
            state.created = []
        }
    }
}

public struct TestDatabaseError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
