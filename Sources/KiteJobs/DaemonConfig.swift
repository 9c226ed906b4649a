import Foundation
import KiteStore
import TOMLKit

/// The settings of `kited` (`config/kited.toml`).
public struct DaemonConfig: Sendable, Hashable {
    /// libpq conninfo; empty means the PG* environment variables.
    public var database: String = ""
    /// This daemon's name among daemons sharing the database (empty: the host
    /// name). A restarted daemon frees the running jobs its dead predecessor
    /// of the same instance left behind. One running daemon per instance.
    public var instance: String = ""

    /// `instance`, or the host name (at most 30 characters, without `:`).
    public var instanceName: String {
        let name = instance.isEmpty ? ProcessInfo.processInfo.hostName : instance
        let cleaned = String(name.replacingOccurrences(of: ":", with: "_").prefix(30))
        return cleaned.isEmpty ? "kited" : cleaned
    }

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
    /// A job running longer than this is abandoned (its outcome: a retryable
    /// timeout error) and its worker slot freed. 0: no limit.
    public var jobTimeoutSeconds: Double = 300
    /// `statement_timeout` of the daemon's connections (0: none).
    public var statementTimeoutSeconds: Double = 30
    /// `idle_in_transaction_session_timeout` of the daemon's connections (0: none).
    public var idleInTransactionTimeoutSeconds: Double = 60
    /// Outcomes of finished jobs are written together at most this long after
    /// the first of them finished (or when 500 are waiting).
    public var completionBatchMilliseconds: Double = 20
    /// Where the pledge, wanted and restriction checks look VINs up.
    public var registryProvider: RegistryProviderSettings = .local
    /// Jobs the leader enqueues on a schedule, by name.
    public var periodic: [PeriodicJob] = DaemonConfig.defaultPeriodic
    /// The zone the periodic schedules are read in.
    public var timeZone = TimeZone(identifier: "Europe/Moscow") ?? TimeZone(identifier: "UTC")!
    /// A stop's ETA that moves by more than this (minutes) is told to the trip's clerk.
    public var etaChangeMarginMinutes = 60
    /// Drafts (what people typed and never saved) untouched this long are pruned (hours).
    public var draftMaxAgeHours = 168
    /// `[metrics] listen = "host:port"`: where the Prometheus endpoint listens; nil: no endpoint.
    public var metricsListen: ListenAddress?
    /// `[log] format`: plain lines for the journal (default) or JSON lines for Loki and Graylog.
    public var logFormat: LogFormat = .plain
    /// `[log] level`; nil: `--log-level`, else info.
    public var logLevel: String?

    public static let defaultPeriodic: [PeriodicJob] = [
        PeriodicJob(name: "expire_reservations", kind: "reservations.expire", schedule: try! CronSpec("*/10 * * * *"),
                    timeZone: TimeZone(identifier: "Europe/Moscow") ?? TimeZone(identifier: "UTC")!),
        PeriodicJob(name: "recheck_stock", kind: "stock.recheck", schedule: try! CronSpec("30 3 * * *"),
                    timeZone: TimeZone(identifier: "Europe/Moscow") ?? TimeZone(identifier: "UTC")!),
        PeriodicJob(name: "watch_trip_etas", kind: "trips.watch_eta", schedule: try! CronSpec("*/5 * * * *"),
                    timeZone: TimeZone(identifier: "Europe/Moscow") ?? TimeZone(identifier: "UTC")!),
        PeriodicJob(name: "prune_drafts", kind: "drafts.prune", schedule: try! CronSpec("15 4 * * *"),
                    timeZone: TimeZone(identifier: "Europe/Moscow") ?? TimeZone(identifier: "UTC")!),
        PeriodicJob(name: "expire_appraisal_offers", kind: "appraisals.expire", schedule: try! CronSpec("5 * * * *"),
                    timeZone: TimeZone(identifier: "Europe/Moscow") ?? TimeZone(identifier: "UTC")!),
    ]

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
            case "instance":
                guard let name = value.string else { throw wrongType(file, key, "a string", value) }
                guard name.count <= 30, !name.contains(":") else {
                    throw DaemonConfigError(file: file, key: key, message: "at most 30 characters, without ':'")
                }
                config.instance = name
            case "job_timeout_seconds":
                config.jobTimeoutSeconds = try positive(file, key, value, minimum: 0)
            case "statement_timeout_seconds":
                config.statementTimeoutSeconds = try positive(file, key, value, minimum: 0)
            case "idle_in_transaction_timeout_seconds":
                config.idleInTransactionTimeoutSeconds = try positive(file, key, value, minimum: 0)
            case "completion_batch_milliseconds":
                config.completionBatchMilliseconds = try positive(file, key, value, minimum: 0)
            case "time_zone":
                guard let name = value.string else { throw wrongType(file, key, "a string", value) }
                guard let zone = TimeZone(identifier: name) else {
                    throw DaemonConfigError(file: file, key: key, message: "unknown time zone '\(name)' (e.g. Europe/Moscow, UTC)")
                }
                config.timeZone = zone
            case "eta_change_margin_minutes":
                guard let minutes = value.int, minutes >= 1 else { throw wrongType(file, key, "a whole number of minutes, at least 1", value) }
                config.etaChangeMarginMinutes = minutes
            case "draft_max_age_hours":
                guard let hours = value.int, hours >= 1 else { throw wrongType(file, key, "a whole number of hours, at least 1", value) }
                config.draftMaxAgeHours = hours
            case "metrics":
                guard let table = value.table else { throw wrongType(file, key, "a table [metrics]", value) }
                config.metricsListen = try parseMetrics(table, file: file)
            case "log":
                guard let table = value.table else { throw wrongType(file, key, "a table [log]", value) }
                try parseLog(table, file: file, into: &config)
            case "providers":
                guard let table = value.table else { throw wrongType(file, key, "a table [providers]", value) }
                config.registryProvider = try parseProviders(table, file: file)
            case "periodic":
                guard let table = value.table else { throw wrongType(file, key, "a table [periodic.<name>]", value) }
                config.periodic = try parsePeriodic(table, file: file)
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
        // The zone applies to every schedule, wherever time_zone stood in the file.
        config.periodic = config.periodic.map { job in
            var job = job
            job.timeZone = config.timeZone
            return job
        }
        if table["periodic"] == nil, config.queues["default"] == nil, let first = config.queues.keys.sorted().first {
            // The built-in schedules go to a queue this daemon serves.
            config.periodic = config.periodic.map { job in
                var job = job
                job.queue = first
                return job
            }
        }
        for job in config.periodic where config.queues[job.queue] == nil {
            throw DaemonConfigError(file: file, key: "periodic.\(job.name).queue",
                                    message: "queue '\(job.queue)' is not in [queues]")
        }
        return config
    }

    /// `[metrics]`: `listen = "host:port"` (port 0: any free port, logged at start).
    private static func parseMetrics(_ table: TOMLTable, file: String) throws -> ListenAddress? {
        var listen: ListenAddress?
        for key in table.keys.sorted() {
            let path = "metrics.\(key)"
            let value = table[key]!
            switch key {
            case "listen":
                guard let text = value.string else { throw wrongType(file, path, "a string \"host:port\"", value) }
                do { listen = try ListenAddress(text) } catch {
                    throw DaemonConfigError(file: file, key: path, message: "\(error)")
                }
            default:
                throw DaemonConfigError(file: file, key: path, message: "unknown key")
            }
        }
        return listen
    }

    /// `[log]`: `format = "plain" | "json"`, `level = "info"` (trace … critical).
    private static func parseLog(_ table: TOMLTable, file: String, into config: inout DaemonConfig) throws {
        for key in table.keys.sorted() {
            let path = "log.\(key)"
            let value = table[key]!
            switch key {
            case "format":
                guard let text = value.string, let format = LogFormat(rawValue: text) else {
                    throw DaemonConfigError(file: file, key: path, message: "must be \"plain\" or \"json\"")
                }
                config.logFormat = format
            case "level":
                guard let text = value.string, LogFormat.levels.contains(text) else {
                    throw DaemonConfigError(file: file, key: path,
                                            message: "must be one of \(LogFormat.levels.joined(separator: ", "))")
                }
                config.logLevel = text
            default:
                throw DaemonConfigError(file: file, key: path, message: "unknown key")
            }
        }
    }

    /// `[providers]`: `registry = "local"` or `"http"`, and `[providers.http]`
    /// with `base_url`, `token`, `timeout_seconds`.
    private static func parseProviders(_ table: TOMLTable, file: String) throws -> RegistryProviderSettings {
        var kind = "local"
        var http: HTTPProviderSettings?
        for key in table.keys.sorted() {
            let path = "providers.\(key)"
            let value = table[key]!
            switch key {
            case "registry":
                guard let name = value.string, ["local", "http"].contains(name) else {
                    throw DaemonConfigError(file: file, key: path, message: "must be \"local\" or \"http\"")
                }
                kind = name
            case "http":
                guard let settings = value.table else { throw wrongType(file, path, "a table [providers.http]", value) }
                var parsed = HTTPProviderSettings(baseURL: "")
                for field in settings.keys.sorted() {
                    let fieldPath = "\(path).\(field)"
                    let fieldValue = settings[field]!
                    switch field {
                    case "base_url":
                        guard let url = fieldValue.string else { throw wrongType(file, fieldPath, "a string", fieldValue) }
                        guard let parsedURL = URL(string: url), ["http", "https"].contains(parsedURL.scheme ?? ""),
                              parsedURL.host != nil else {
                            throw DaemonConfigError(file: file, key: fieldPath, message: "expected an http:// or https:// URL, found '\(url)'")
                        }
                        parsed.baseURL = url
                    case "token":
                        guard let token = fieldValue.string else { throw wrongType(file, fieldPath, "a string", fieldValue) }
                        parsed.token = token
                    case "timeout_seconds":
                        parsed.timeoutSeconds = try positive(file, fieldPath, fieldValue, minimum: 0.1)
                    default:
                        throw DaemonConfigError(file: file, key: fieldPath, message: "unknown key")
                    }
                }
                http = parsed
            default:
                throw DaemonConfigError(file: file, key: path, message: "unknown key")
            }
        }
        guard kind == "http" else { return .local }
        guard let http, !http.baseURL.isEmpty else {
            throw DaemonConfigError(file: file, key: "providers.http.base_url",
                                    message: "required when providers.registry is \"http\"")
        }
        return .http(http)
    }

    /// `[periodic.<name>]` with `kind`, `schedule` and optionally `queue`.
    private static func parsePeriodic(_ table: TOMLTable, file: String) throws -> [PeriodicJob] {
        var jobs: [PeriodicJob] = []
        for name in table.keys.sorted() {
            let path = "periodic.\(name)"
            guard isValidQueueName(name) else {
                throw DaemonConfigError(file: file, key: path, message: "a periodic job name is 1 to 40 of a-z, 0-9 and _")
            }
            guard let entry = table[name]?.table else { throw wrongType(file, path, "a table", table[name]!) }
            var kind: String?, schedule: CronSpec?, queue = "default"
            for field in entry.keys.sorted() {
                let fieldPath = "\(path).\(field)"
                let value = entry[field]!
                guard let text = value.string else { throw wrongType(file, fieldPath, "a string", value) }
                switch field {
                case "kind": kind = text
                case "queue": queue = text
                case "schedule":
                    do { schedule = try CronSpec(text) } catch {
                        throw DaemonConfigError(file: file, key: fieldPath, message: "\(error)")
                    }
                default: throw DaemonConfigError(file: file, key: fieldPath, message: "unknown key")
                }
            }
            guard let kind, !kind.isEmpty else {
                throw DaemonConfigError(file: file, key: "\(path).kind", message: "required (the job kind to enqueue)")
            }
            guard let schedule else {
                throw DaemonConfigError(file: file, key: "\(path).schedule", message: "required (e.g. \"*/10 * * * *\")")
            }
            jobs.append(PeriodicJob(name: name, kind: kind, queue: queue, schedule: schedule))
        }
        return jobs
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

/// How `kited` writes its log.
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    /// One human line per record, for the journal (swift-log's stream handler).
    case plain
    /// One JSON object per line (`JSONLogHandler`), for Loki and Graylog.
    case json

    /// swift-log's level names, lowest first.
    public static let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
}

/// `host:port` for a listening socket: `127.0.0.1:9464`, `[::1]:9464`, `0.0.0.0:9464`,
/// `localhost:9464`. Port 0 takes any free port.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(_ text: String) throws {
        let hostPart: Substring, portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ListenAddressError(text: text)
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw ListenAddressError(text: text)
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty, let port = Int(portPart), (0...65535).contains(port),
              hostPart.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:_".contains($0)) }) else {
            throw ListenAddressError(text: text)
        }
        self.host = String(hostPart)
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

public struct ListenAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var description: String {
        "expected \"host:port\" (e.g. \"127.0.0.1:9464\", \"[::1]:9464\"; port 0 to 65535), found '\(text)'"
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
