import Foundation

/// A private PostgreSQL server living under one directory, reachable only
/// through a Unix socket in that directory (`listen_addresses = ''`).
///
/// Layout: `<directory>/data` (PGDATA), `<directory>/server.log`, and the
/// socket `<directory>/.s.PGSQL.<port>`. When the process runs as root the
/// server binaries run as the `postgres` user (initdb refuses root) and the
/// directory is chowned to it; otherwise they run as the current user.
/// The superuser is always `postgres`, with `trust` authentication (the
/// socket is only reachable through the directory's permissions).
public final class LocalCluster: Sendable {
    public let directory: URL
    public let port: Int
    /// Tests only: fsync, synchronous_commit and full_page_writes off.
    public let unsafeFastMode: Bool
    public let binDirectory: URL

    public var dataDirectory: URL { directory.appendingPathComponent("data") }
    public var logFile: URL { directory.appendingPathComponent("server.log") }

    /// - Parameters:
    ///   - port: the socket's port number; by default derived from the path,
    ///     so each cluster directory keeps its own.
    public init(directory: URL, port: Int? = nil, unsafeFastMode: Bool = false) throws {
        self.directory = directory.standardizedFileURL
        self.port = port ?? LocalCluster.defaultPort(for: directory.standardizedFileURL.path)
        self.unsafeFastMode = unsafeFastMode
        self.binDirectory = try LocalCluster.findBinaries()
        guard self.directory.path.utf8.count + 20 < 108 else {
            throw LocalClusterError.pathTooLong(self.directory.path)
        }
    }

    static func defaultPort(for path: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return 20_000 + Int(hash % 30_000)
    }

    /// `/usr/lib/postgresql/<newest>/bin`, else `pg_config --bindir`.
    public static func findBinaries() throws -> URL {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let sorted = versions.compactMap { name -> (Int, String)? in
            guard let number = Int(name.split(separator: ".").first ?? "") else { return nil }
            return (number, name)
        }.sorted { $0.0 > $1.0 }
        for (_, name) in sorted {
            let bin = root.appendingPathComponent(name).appendingPathComponent("bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path) { return bin }
        }
        if let output = try? run(["/usr/bin/env", "pg_config", "--bindir"], asPostgres: false),
           case let path = output.trimmingCharacters(in: .whitespacesAndNewlines), !path.isEmpty,
           FileManager.default.isExecutableFile(atPath: path + "/initdb") {
            return URL(fileURLWithPath: path)
        }
        throw LocalClusterError.binariesNotFound
    }

    static var runningAsRoot: Bool { geteuid() == 0 }

    // MARK: - Lifecycle

    public var isInitialized: Bool {
        FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path)
    }

    public var isRunning: Bool {
        (try? LocalCluster.run([tool("pg_ctl"), "status", "-D", dataDirectory.path], asPostgres: true)) != nil
    }

    /// Initialises the cluster on first use, then starts it (`pg_ctl -w`).
    /// Does nothing when it is already running.
    public func start() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if LocalCluster.runningAsRoot {
            try LocalCluster.run(["/bin/chown", "-R", "postgres:postgres", directory.path], asPostgres: false)
        }
        if !isInitialized { try initialise() }
        if isRunning { return }
        try LocalCluster.run([tool("pg_ctl"), "start", "-w", "-t", "60", "-D", dataDirectory.path,
                              "-l", logFile.path], asPostgres: true)
    }

    private func initialise() throws {
        try LocalCluster.run([tool("initdb"), "-D", dataDirectory.path, "-E", "UTF8", "--locale=C.UTF-8",
                              "--auth=trust", "-U", "postgres", "--no-instructions"]
                             + (unsafeFastMode ? ["--no-sync"] : []), asPostgres: true)
        var settings = """

            # Kite Auto local cluster
            listen_addresses = ''
            unix_socket_directories = '\(directory.path.replacingAll("'", with: "''"))'
            port = \(port)
            max_connections = 200
            """
        if unsafeFastMode {
            settings += "\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
        }
        let configuration = dataDirectory.appendingPathComponent("postgresql.conf")
        let handle = try FileHandle(forWritingTo: configuration)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((settings + "\n").utf8))
        try handle.close()
    }

    /// Stops the server (`pg_ctl stop -m fast -w`) if it runs.
    public func stop() throws {
        guard isRunning else { return }
        try LocalCluster.run([tool("pg_ctl"), "stop", "-w", "-m", "fast", "-D", dataDirectory.path], asPostgres: true)
    }

    /// `host=<dir> port=<port> dbname=<database> user=postgres`.
    public func conninfo(database: String = "postgres") -> String {
        "host='\(escape(directory.path))' port=\(port) dbname='\(escape(database))' user=postgres"
    }

    private func escape(_ value: String) -> String {
        value.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'")
    }

    /// Creates the database unless it exists.
    public func createDatabase(_ name: String) throws {
        let connection = try PGConnection(conninfo(database: "postgres"))
        let exists = try connection.execute("SELECT 1 FROM pg_database WHERE datname = \(name)").rowCount > 0
        guard !exists else { return }
        do {
            try connection.execute("CREATE DATABASE \(identifier: name)")
        } catch let error as DatabaseError where error.sqlstate == "42P04" {
            // Created meanwhile by someone else.
        }
    }

    private func tool(_ name: String) -> String { binDirectory.appendingPathComponent(name).path }

    // MARK: - Running commands

    @discardableResult
    static func run(_ arguments: [String], asPostgres: Bool) throws -> String {
        // Run in / so the postgres user never needs access to our cwd.
        var command = ["/bin/sh", "-c", "cd / && exec \"$@\"", "sh"] + arguments
        if asPostgres && runningAsRoot {
            command = ["/usr/sbin/runuser", "-u", "postgres", "--"] + command
        }
        let display = arguments.joined(separator: " ")
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(command)
        } catch {
            throw LocalClusterError.commandFailed(command: display, status: -1, output: "\(error)")
        }
        guard result.status == 0 else {
            throw LocalClusterError.commandFailed(command: display, status: result.status, output: result.output)
        }
        return result.output
    }
}

public enum LocalClusterError: Error, Sendable, CustomStringConvertible {
    case binariesNotFound
    case pathTooLong(String)
    case commandFailed(command: String, status: Int32, output: String)

    public var description: String {
        switch self {
        case .binariesNotFound:
            "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or via pg_config --bindir: install the Debian package postgresql"
        case .pathTooLong(let path):
            "cluster directory path is too long for a Unix socket (max ~100 bytes): \(path)"
        case .commandFailed(let command, let status, let output):
            "`\(command)` failed with status \(status): \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }
}
