import Foundation
import TOMLKit

/// The settings of `kited` (`config/kited.toml`).
public struct DaemonConfig: Sendable, Hashable {
    /// libpq conninfo; empty means the PG* environment variables.
    public var database: String = ""
    /// Worker slots (jobs run at once) per queue.
    public var queues: [String: Int] = ["default": 4]
    /// How long a claim is held before the leader may rescue it (renewed every third of it).
    public var leaseSeconds: Double = 30
    /// How long running jobs may take to finish after SIGTERM before they are released.
    public var gracePeriodSeconds: Double = 20
    /// Claim at least this often when no NOTIFY arrives.
    public var pollIntervalSeconds: Double = 1
    /// Leadership lease; renewed every third of it.
    public var leaderTTLSeconds: Double = 15
    /// The leader rescues expired leases this often.
    public var rescueIntervalSeconds: Double = 30
    /// Completed and cancelled jobs are deleted this long after they finished.
    public var pruneCompletedAfterHours: Double = 24
    /// Discarded jobs (the dead letters) are deleted this long after they finished.
    public var pruneDiscardedAfterHours: Double = 720

    public init() {}

    /// Where the file came from (nil: built-in defaults).
    public var source: String?

    // MARK: - Locating

    /// `--config PATH`, else `$KITE_HOME/config/kited.toml`, else `/etc/kite/kited.toml`;
    /// nil when neither default file exists (built-in defaults). An explicit path must exist.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> String?
    {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw DaemonConfigError(file: explicit, key: nil, message: "no such file")
            }
            return explicit
        }
        if let home = environment["KITE_HOME"], !home.isEmpty {
            let path = URL(fileURLWithPath: home).appendingPathComponent("config/kited.toml").path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        if FileManager.default.fileExists(atPath: "/etc/kite/kited.toml") { return "/etc/kite/kited.toml" }
        return nil
    }

    /// Locates and loads the configuration (defaults when there is no file).
    public static func load(explicit: String?,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DaemonConfig {
        guard let path = try locate(explicit: explicit, environment: environment) else { return DaemonConfig() }
        return try load(path: path)
    }

    public static func load(path: String) throws -> DaemonConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DaemonConfigError(file: path, key: nil, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    // MARK: - Parsing

    /// Parses TOML text; every error names `file` and, when there is one, the key.
    public static func parse(_ text: String, file: String) throws -> DaemonConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw DaemonConfigError(file: file, key: nil,
                                    message: "line \(error.source.begin.line): syntax error: \(error.description)")
        } catch {
            throw DaemonConfigError(file: file, key: nil, message: "syntax error: \(error)")
        }
        var config = DaemonConfig()
        config.source = file
        for key in table.keys.sorted() {
            guard let value = table[key] else { continue }
            switch key {
            case "database":
                guard let string = value.string else { throw wrongType(file, key, "a string", value) }
                config.database = string
            case "lease_seconds":
                config.leaseSeconds = try positive(file, key, value, minimum: 1)
            case "grace_period_seconds":
                config.gracePeriodSeconds = try positive(file, key, value, minimum: 0)
            case "poll_interval_seconds":
                config.pollIntervalSeconds = try positive(file, key, value, minimum: 0.01)
            case "leader_ttl_seconds":
                config.leaderTTLSeconds = try positive(file, key, value, minimum: 1)
            case "rescue_interval_seconds":
                config.rescueIntervalSeconds = try positive(file, key, value, minimum: 0.1)
            case "prune_completed_after_hours":
                config.pruneCompletedAfterHours = try positive(file, key, value, minimum: 0)
            case "prune_discarded_after_hours":
                config.pruneDiscardedAfterHours = try positive(file, key, value, minimum: 0)
            case "queues":
                guard let queues = value.table else { throw wrongType(file, key, "a table [queues]", value) }
                var parsed: [String: Int] = [:]
                for name in queues.keys.sorted() {
                    let keyPath = "queues.\(name)"
                    guard isValidQueueName(name) else {
                        throw DaemonConfigError(file: file, key: keyPath,
                                                message: "a queue name is 1 to 40 of a-z, 0-9 and _")
                    }
                    guard let workers = queues[name]?.int else {
                        throw wrongType(file, keyPath, "an integer (worker slots)", queues[name]!)
                    }
                    guard (1...256).contains(workers) else {
                        throw DaemonConfigError(file: file, key: keyPath, message: "must be 1 to 256, found \(workers)")
                    }
                    parsed[name] = workers
                }
                guard !parsed.isEmpty else {
                    throw DaemonConfigError(file: file, key: key, message: "at least one queue is needed")
                }
                config.queues = parsed
            default:
                throw DaemonConfigError(file: file, key: key, message: "unknown key")
            }
        }
        return config
    }

    public static func isValidQueueName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 40
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    private static func positive(_ file: String, _ key: String, _ value: any TOMLValueConvertible,
                                 minimum: Double) throws -> Double {
        let number: Double
        if let int = value.int {
            number = Double(int)
        } else if let double = value.double {
            number = double
        } else {
            throw wrongType(file, key, "a number", value)
        }
        guard number >= minimum else {
            throw DaemonConfigError(file: file, key: key, message: "must be at least \(minimum), found \(number)")
        }
        return number
    }

    private static func wrongType(_ file: String, _ key: String, _ expected: String,
                                  _ value: any TOMLValueConvertible) -> DaemonConfigError {
        DaemonConfigError(file: file, key: key, message: "expected \(expected), found \(value.type)")
    }
}

/// A configuration problem: `kited.toml: key 'queues.x': unknown key`.
public struct DaemonConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var key: String?
    public var message: String

    public init(file: String, key: String?, message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    public var description: String {
        if let key { return "\(file): key '\(key)': \(message)" }
        return "\(file): \(message)"
    }
}
