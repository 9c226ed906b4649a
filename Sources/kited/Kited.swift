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

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
        let config = options.load()
        let logger = Logger(label: "kited")
        logger.info("configuration: \(config.source ?? "built-in defaults")")
        // The handlers connect where the daemon does (kited.toml or --database), not only via PG*.
        let daemon = JobDaemon(config: config,
                               handlers: .builtIn(logger: logger, conninfo: config.database, providers: config.registryProvider,
                                                 etaMarginMinutes: config.etaChangeMarginMinutes,
                                                 draftMaxAgeHours: config.draftMaxAgeHours),
                               logger: logger)
        let group = ServiceGroup(
            services: [JobDaemonService(daemon: daemon)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger)
        try await group.run()
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
