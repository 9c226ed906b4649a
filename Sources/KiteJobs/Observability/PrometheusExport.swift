import CoreMetrics
import Foundation
import KiteStore
import Logging
import Prometheus
import Synchronization

/// swift-metrics → swift-prometheus, with the `# HELP` text and histogram
/// buckets of `KiteMetric` (the stock `PrometheusMetricsFactory` registers
/// every metric without help, and its registry refuses a second, different help).
public struct KiteMetricsFactory: MetricsFactory {
    public let registry: PrometheusCollectorRegistry
    private let prometheus: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[KiteMetric.duration.rawValue] = KiteMetric.durationBuckets
        self.prometheus = factory
    }

    private func descriptor(_ label: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, unitName: "", helpText: KiteMetric(rawValue: label)?.help ?? "")
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard !aggregate else { return prometheus.makeRecorder(label: label, dimensions: dimensions, aggregate: true) }
        return registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let buckets = label == KiteMetric.duration.rawValue
            ? KiteMetric.durationBuckets : prometheus.defaultDurationHistogramBuckets
        return registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions, buckets: buckets)
    }

    public func destroyCounter(_ handler: any CounterHandler) { prometheus.destroyCounter(handler) }
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        prometheus.destroyFloatingPointCounter(handler)
    }
    public func destroyRecorder(_ handler: any RecorderHandler) { prometheus.destroyRecorder(handler) }
    public func destroyMeter(_ handler: any MeterHandler) { prometheus.destroyMeter(handler) }
    public func destroyTimer(_ handler: any TimerHandler) { prometheus.destroyTimer(handler) }
}

/// The queue's state in the database, read at each scrape by the metrics
/// server's thread on a connection of its own: `kite_jobs{queue,state}`,
/// `kite_queue_oldest_available_age_seconds{queue}`, and the jobs inserted
/// since the last scrape into `kite_jobs_enqueued_total{queue,kind}`.
///
/// Enqueued jobs are counted from the table's identity column (`id > last
/// seen`), so every enqueue counts whoever made it (`kite`, a handler, a
/// periodic run), once per `kited`: with several daemons, take `max` over
/// instances. A job whose transaction commits after a higher-numbered job was
/// already counted is missed; pruned jobs are not subtracted.
public final class QueueMetricsCollector: Sendable {
    private struct State {
        var connection: PGConnection?
        /// Jobs with a higher id are new; nil until the first read.
        var lastJobID: Int64?
        var seenStates: Set<[String]> = []
        var seenQueues: Set<String> = []
    }

    private let conninfo: String
    private let identity: String
    private let queues: [String]
    private let logger: Logger
    private let state = Mutex(State())

    /// - Parameter queues: the configured queues, whose gauges exist even when empty.
    public init(conninfo: String, identity: String, queues: [String], logger: Logger) {
        self.conninfo = conninfo
        self.identity = identity
        self.queues = queues
        self.logger = logger
    }

    /// Reads where counting enqueued jobs starts (at start, before any scrape);
    /// when the database is away, the first scrape that reaches it does.
    public func start() {
        Counter(label: KiteMetric.refreshErrors.rawValue).increment(by: 0)
        refresh(countEnqueued: false)
    }

    /// Updates the gauges and counters from the database.
    public func refresh() {
        refresh(countEnqueued: true)
    }

    private func refresh(countEnqueued: Bool) {
        state.withLock { state in
            do {
                let connection: PGConnection
                if let open = state.connection, open.isConnected { connection = open } else {
                    connection = try PGConnection(conninfo, logger: logger)
                    try DaemonSession.configure(connection, identity: identity + ":metrics",
                                                statementTimeoutMilliseconds: 5000,
                                                idleInTransactionTimeoutMilliseconds: 5000)
                    state.connection = connection
                }
                let queue = JobQueue(connection: connection)
                if let last = state.lastJobID {
                    if countEnqueued {
                        var highest = last
                        for group in try queue.enqueued(after: last) {
                            Counter(label: KiteMetric.enqueued.rawValue,
                                    dimensions: [("queue", group.queue), ("kind", group.kind)]).increment(by: group.count)
                            highest = max(highest, group.lastId)
                        }
                        state.lastJobID = highest
                    }
                } else {
                    state.lastJobID = try queue.lastJobID()
                }
                let depth = try queue.depth()
                var present: Set<[String]> = []
                for count in depth.counts {
                    present.insert([count.queue, count.state.rawValue])
                }
                for queueName in queues {
                    for jobState in JobState.allCases { present.insert([queueName, jobState.rawValue]) }
                }
                let counts = Dictionary(depth.counts.map { ([$0.queue, $0.state.rawValue], $0.count) },
                                        uniquingKeysWith: +)
                // A state that emptied since the last scrape reads 0, not its last value.
                for key in present.union(state.seenStates) {
                    Gauge(label: KiteMetric.jobs.rawValue, dimensions: [("queue", key[0]), ("state", key[1])])
                        .record(counts[key] ?? 0)
                }
                state.seenStates.formUnion(present)
                let queueNames = Set(queues).union(depth.counts.map(\.queue)).union(state.seenQueues)
                for name in queueNames {
                    Gauge(label: KiteMetric.oldestAvailableAge.rawValue, dimensions: [("queue", name)])
                        .record(depth.oldestAvailableAge[name] ?? 0)
                }
                state.seenQueues = queueNames
                Gauge(label: KiteMetric.databaseUp.rawValue).record(1)
            } catch {
                if let open = state.connection, !open.isConnected { state.connection = nil }
                Counter(label: KiteMetric.refreshErrors.rawValue).increment()
                Gauge(label: KiteMetric.databaseUp.rawValue).record(0)
                logger.warning("metrics: cannot read the queue from the database: \(error)")
            }
        }
    }
}

/// The Prometheus endpoint of a daemon: bootstraps swift-metrics into a
/// Prometheus registry (once per process), reads where enqueued counting
/// starts, binds `listen` and serves `GET /metrics`, each scrape first
/// reading the queue from the database.
public enum DaemonMetrics {
    public static func start(listen: ListenAddress, daemon: JobDaemon, logger: Logger) throws -> MetricsServer {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(KiteMetricsFactory(registry: registry))
        let collector = QueueMetricsCollector(conninfo: daemon.conninfo, identity: daemon.identity,
                                              queues: daemon.config.queues.keys.sorted(), logger: logger)
        collector.start()
        let server = try MetricsServer(listen: listen, logger: logger) {
            collector.refresh()
            return registry.emitToString()
        }
        server.start()
        return server
    }
}
