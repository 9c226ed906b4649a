import ArgumentParser
import Foundation
import KiteJobs
import KiteStore
import Logging
import ServiceLifecycle

@main
struct Kited: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kited",
        abstract: "Kite Auto's job daemon: runs the PostgreSQL job queue.",
        subcommands: [Run.self, Status.self, Migrate.self, Bench.self],
        defaultSubcommand: Run.self)
}

struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "kited.toml (default: $KITE_HOME/config/kited.toml, then /etc/kite/kited.toml, then built-in defaults).")
    var config: String?

    @Option(name: .long, help: "libpq connection string or URI (default: `database` in kited.toml, then the PG* variables).")
    var database: String?

    func load() -> DaemonConfig {
        do {
            var config = try DaemonConfig.load(explicit: self.config)
            if let database { config.database = database }
            return config
        } catch {
            fail("\(error)")
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("kited: " + message + "\n").utf8))
    exit(1)
}

func connect(_ conninfo: String) -> PGConnection {
    do {
        return try PGConnection(conninfo)
    } catch {
        fail("cannot connect to the database: \(error)")
    }
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the workers until SIGTERM or SIGINT (the default command).")

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical (default: [log] level in kited.toml, else info).")
    var logLevel: String?

    @Option(name: .long, help: "Log format: plain (for the journal) or json (one object per line, for Loki and Graylog); default: [log] format in kited.toml, else plain.")
    var logFormat: String?

    func run() async throws {
        let config = options.load()
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            fail("--log-level: must be one of \(LogFormat.levels.joined(separator: ", ")), found '\(logLevel)'")
        }
        let format: LogFormat
        if let logFormat {
            guard let parsed = LogFormat(rawValue: logFormat) else {
                fail("--log-format: must be plain or json, found '\(logFormat)'")
            }
            format = parsed
        } else {
            format = config.logFormat
        }
        let level = (logLevel ?? config.logLevel).flatMap(Logger.Level.init(rawValue:)) ?? .info
        DaemonLogging.bootstrap(format: format, level: level)
        let logger = Logger(label: "kited")
        logger.info("configuration: \(config.source ?? "built-in defaults")")
        // The handlers connect where the daemon does (kited.toml or --database), not only via PG*.
        let daemon = JobDaemon(config: config,
                               handlers: .builtIn(logger: logger, conninfo: config.database, providers: config.registryProvider,
                                                 etaMarginMinutes: config.etaChangeMarginMinutes,
                                                 draftMaxAgeHours: config.draftMaxAgeHours),
                               logger: logger)
        var server: MetricsServer?
        if let listen = config.metricsListen {
            do {
                server = try DaemonMetrics.start(listen: listen, daemon: daemon, logger: logger)
            } catch {
                fail("\(error)")
            }
        }
        let group = ServiceGroup(
            services: [JobDaemonService(daemon: daemon)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger)
        try await group.run()
        server?.stop()
        let counters = daemon.counters
        logger.info("stopped: \(counters.finished) job outcomes recorded, \(counters.released) jobs released")
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Queue depth per queue and state, oldest available job, failures in the last hour, leader.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = options.load()
        let queue = JobQueue(connection: connect(config.database))
        do {
            let stats = try queue.stats()
            let leader = try queue.leader(name: JobDaemon.leaderName)
            print(StatusReport.render(stats, leader: leader))
        } catch {
            fail("\(error)")
        }
    }
}

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the KiteStore migrations.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = options.load()
        do {
            let applied = try Migrator(connection: connect(config.database)).migrate()
            if applied.isEmpty {
                print("database is up to date")
            } else {
                for migration in applied { print("applied \(migration.fileName)") }
            }
        } catch {
            fail("\(error)")
        }
    }
}
