import Foundation
import KiteJobs
import KiteStore
import Logging
import Synchronization
import Testing

/// The lines a logger was given, for tests that read what kited said.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "kited.test") { _ in Handler(log: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.append("\(event.level) \(event.message)")
        }
    }
}

extension DaemonTests {
    /// PostgreSQL restarts under a running kited (its own private cluster, so
    /// the other tests' server stays up): the daemon says so, reconnects, and
    /// jobs queued afterwards still run.
    @Suite
    struct DaemonRestartTests {
        @Test func reconnectsWhenPostgreSQLRestartsAndSaysSo() throws {
            let directory = URL(fileURLWithPath: "/tmp/kited-restart-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            let cluster = try LocalCluster(directory: directory, unsafeFastMode: true)
            defer {
                try? cluster.stop()
                try? FileManager.default.removeItem(at: directory)
            }
            try cluster.start()
            let conninfo = cluster.conninfo()
            _ = try Migrator(connection: try PGConnection(conninfo)).migrate(actor: "tests")

            let ran = Mutex<Int>(0)
            var handlers = JobHandlers()
            handlers.register("noop") { _ in ran.withLock { $0 += 1 } }
            let log = CapturedLog()
            let daemon = JobDaemon(config: testConfig(), conninfo: conninfo, handlers: handlers, logger: log.logger())
            daemon.start()
            defer { daemon.shutdown() }

            _ = try JobQueue(connection: try PGConnection(conninfo)).enqueue(NewJob(kind: "noop"))
            #expect(try waitUntil(20) { ran.withLock { $0 } == 1 })

            try cluster.stop()
            #expect(try waitUntil(20) { daemon.counters.reconnects > 0 })
            try cluster.start()

            // A job queued after the restart runs on the new connections.
            _ = try JobQueue(connection: try PGConnection(conninfo)).enqueue(NewJob(kind: "noop"))
            #expect(try waitUntil(30) { ran.withLock { $0 } == 2 }, "\(log.text)")
            let text = log.text
            // Said at warning level; a connection that was idle is simply reset
            // (libpq's reset, logged as "connection lost, reconnecting").
            #expect(text.contains("warning listen: database unavailable"), "\(text)")
            // The LISTEN connection comes back on its own backoff (up to 5 s), maybe after the job ran by polling.
            let listensAgain = waitUntil(30) { log.text.components(separatedBy: "listen: LISTEN kite_jobs_default").count - 1 >= 2 }
            #expect(listensAgain, "LISTEN again: \(log.text)")
        }
    }
}
