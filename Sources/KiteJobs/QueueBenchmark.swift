import Foundation
import KiteStore
import Logging
import Synchronization

/// `kited bench`: the daemon's queue on no-op jobs, in-process, against a
/// database of its own on the given server.
///
/// - drain: `drainJobs` no-op jobs enqueued first (batches of 1,000), then
///   the time until the daemon has completed all of them;
/// - throughput: for `throughputSeconds`, one enqueuer inserts batches of 10
///   as fast as it can while the daemon runs them; jobs completed per second;
/// - latency: jobs enqueued one per transaction at `latencyRate` per second
///   for `latencySeconds`; from the enqueue's COMMIT returning to the
///   handler starting, p50/p95/p99 (same process, same clock).
public struct QueueBenchmark {
    public struct Options: Sendable {
        public var drainJobs = 50_000
        public var throughputSeconds = 30.0
        public var latencySeconds = 10.0
        public var latencyRate = 100.0
        public var slots = 64
        public init() {}
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var drainJobs: Int
        public var drainSeconds: Double
        public var throughputJobs: Int
        public var throughputSeconds: Double
        public var latencyP50: Double
        public var latencyP95: Double
        public var latencyP99: Double
        public var latencySamples: Int
        public var synchronousCommit: String

        public var drainRate: Double { Double(drainJobs) / drainSeconds }
        public var throughputRate: Double { Double(throughputJobs) / throughputSeconds }

        public var description: String {
            """
            kited bench (synchronous_commit = \(synchronousCommit))
              drain:      \(drainJobs) no-op jobs in \(String(format: "%.2f", drainSeconds)) s = \(Int(drainRate.rounded())) jobs/s
              throughput: \(throughputJobs) jobs in \(String(format: "%.0f", throughputSeconds)) s (1 enqueuer × batches of 10) = \(Int(throughputRate.rounded())) jobs/s
              latency:    enqueue commit → start, \(latencySamples) jobs one per transaction: p50 \(String(format: "%.2f", latencyP50)) ms, p95 \(String(format: "%.2f", latencyP95)) ms, p99 \(String(format: "%.2f", latencyP99)) ms
            """
        }
    }

    public let conninfo: String
    public let options: Options
    public let logger: Logger

    public init(conninfo: String, options: Options, logger: Logger) {
        self.conninfo = conninfo
        self.options = options
        self.logger = logger
    }

    private func config() -> DaemonConfig {
        var config = DaemonConfig()
        config.queues = ["default": options.slots]
        config.periodic = []
        config.pollIntervalSeconds = 1
        return config
    }

    /// Started, per job id, from the handler threads.
    final class Starts: Sendable {
        let times = Mutex<[Int64: UInt64]>([:])
        let count = Atomic<Int>(0)
        func record(_ id: Int64) {
            let now = DispatchTime.now().uptimeNanoseconds
            times.withLock { $0[id] = now }
            count.add(1, ordering: .relaxed)
        }
    }

    public func run() throws -> Report {
        let connection = try PGConnection(conninfo)
        let store = QueueBenchmarkStore(connection: connection)
        let synchronousCommit = try store.synchronousCommit()
        let queue = JobQueue(connection: connection)
        let starts = Starts()
        var handlers = JobHandlers()
        handlers.register("noop") { job in starts.record(job.id) }
        var quiet = logger
        quiet.logLevel = .warning

        // Drain.
        try store.emptyQueue()
        logger.info("drain: enqueuing \(options.drainJobs) jobs")
        var left = options.drainJobs
        while left > 0 {
            let batch = min(1000, left)
            try queue.enqueueBatch(Array(repeating: NewJob(kind: "noop"), count: batch))
            left -= batch
        }
        var daemon = JobDaemon(config: config(), conninfo: conninfo, handlers: handlers, logger: quiet)
        let drainStart = DispatchTime.now()
        daemon.start()
        // Done when every outcome is recorded (counted by the daemon, no polling query).
        while daemon.counters.finished < options.drainJobs {
            Thread.sleep(forTimeInterval: 0.002)
        }
        let drainSeconds = Double(DispatchTime.now().uptimeNanoseconds - drainStart.uptimeNanoseconds) / 1e9
        daemon.shutdown()
        let drained = try store.completedJobCount()
        guard drained == options.drainJobs else {
            throw HandlerError(message: "drain: \(drained) of \(options.drainJobs) jobs completed")
        }
        logger.info("drain: \(String(format: "%.2f", drainSeconds)) s")

        // Throughput: one enqueuer, batches of 10, for the whole run.
        try store.emptyQueue()
        daemon = JobDaemon(config: config(), conninfo: conninfo, handlers: handlers, logger: quiet)
        daemon.start()
        let enqueuer = try PGConnection(conninfo)
        let throughputStart = DispatchTime.now()
        let before = daemon.counters.finished
        let deadline = throughputStart.uptimeNanoseconds + UInt64(options.throughputSeconds * 1e9)
        while DispatchTime.now().uptimeNanoseconds < deadline {
            try JobQueue.enqueueBatch(Array(repeating: NewJob(kind: "noop"), count: 10), on: enqueuer)
        }
        let throughputJobs = daemon.counters.finished - before
        daemon.shutdown()
        logger.info("throughput: \(throughputJobs) jobs")

        // Latency: one job per transaction at a steady rate.
        try store.emptyQueue()
        daemon = JobDaemon(config: config(), conninfo: conninfo, handlers: handlers, logger: quiet)
        daemon.start()
        Thread.sleep(forTimeInterval: 1)  // LISTEN up and probed
        var committed: [Int64: UInt64] = [:]
        let total = Int(options.latencySeconds * options.latencyRate)
        let interval = UInt64(1e9 / options.latencyRate)
        let latencyStart = DispatchTime.now().uptimeNanoseconds
        for index in 0..<total {
            let due = latencyStart + UInt64(index) * interval
            let now = DispatchTime.now().uptimeNanoseconds
            if due > now { Thread.sleep(forTimeInterval: Double(due - now) / 1e9) }
            if let id = try JobQueue.enqueue(NewJob(kind: "noop"), on: enqueuer).id {
                committed[id] = DispatchTime.now().uptimeNanoseconds
            }
        }
        let waitUntil = Date().addingTimeInterval(10)
        while Date() < waitUntil && committed.keys.contains(where: { id in starts.times.withLock { $0[id] == nil } }) {
            Thread.sleep(forTimeInterval: 0.01)
        }
        daemon.shutdown()
        let startTimes = starts.times.withLock { $0 }
        let latencies = committed.compactMap { id, at -> Double? in
            guard let started = startTimes[id] else { return nil }
            return started >= at ? Double(started - at) / 1e6 : 0
        }.sorted()
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return .nan }
            return latencies[min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.down)))]
        }
        return Report(drainJobs: options.drainJobs, drainSeconds: drainSeconds, throughputJobs: throughputJobs,
                      throughputSeconds: options.throughputSeconds, latencyP50: percentile(0.5),
                      latencyP95: percentile(0.95), latencyP99: percentile(0.99), latencySamples: latencies.count,
                      synchronousCommit: synchronousCommit)
    }
}
