import Foundation
import KiteJobs
import KiteStore
import KiteTestSupport
import Logging
import Synchronization

/// Fast settings for tests: short poll, lease, grace and leader TTL.
func testConfig(queues: [String: Int] = ["default": 4], grace: Double = 2) -> DaemonConfig {
    var config = DaemonConfig()
    config.queues = queues
    config.leaseSeconds = 10
    config.gracePeriodSeconds = grace
    config.pollIntervalSeconds = 0.2
    config.leaderTTLSeconds = 3
    config.rescueIntervalSeconds = 1
    return config
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass.
func waitUntil(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}

/// Counts how often each job ran, from the handler threads.
final class RunLog: Sendable {
    private let runs = Mutex<[Int64: Int]>([:])
    func record(_ id: Int64) { runs.withLock { $0[id, default: 0] += 1 } }
    var counts: [Int64: Int] { runs.withLock { $0 } }
}

/// A migrated database, a connection for the test's own queries.
struct DaemonFixture {
    let conninfo: String
    let connection: PGConnection
    var queue: JobQueue { JobQueue(connection: connection) }

    init() throws {
        conninfo = try TestDatabase.makeMigrated()
        connection = try PGConnection(conninfo)
    }

    func daemon(_ config: DaemonConfig, handlers: JobHandlers = .builtIn()) -> JobDaemon {
        var logger = Logger(label: "kited.test")
        logger.logLevel = .warning
        return JobDaemon(config: config, conninfo: conninfo, handlers: handlers, logger: logger)
    }

    func count(_ where: SQL = "true") throws -> Int {
        try connection.fetchOne(Int.self, "SELECT count(*)::int FROM jobs WHERE \(fragment: `where`)") ?? 0
    }

    func state(_ id: Int64) throws -> JobState? {
        try queue.job(id: id)?.state
    }
}
