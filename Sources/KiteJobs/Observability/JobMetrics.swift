import CoreMetrics
import Foundation
import KiteStore

/// The metrics `kited` exports (names as Prometheus shows them; the Grafana
/// dashboard in `config/grafana/` and the README use these names).
public enum KiteMetric: String, CaseIterable, Sendable {
    case enqueued = "kite_jobs_enqueued_total"
    case claimed = "kite_jobs_claimed_total"
    case completed = "kite_jobs_completed_total"
    case retried = "kite_jobs_retried_total"
    case failed = "kite_jobs_failed_total"
    case cancelled = "kite_jobs_cancelled_total"
    case snoozed = "kite_jobs_snoozed_total"
    case timedOut = "kite_jobs_timed_out_total"
    case released = "kite_jobs_released_total"
    case fenced = "kite_job_outcomes_fenced_total"
    case duration = "kite_job_duration_seconds"
    case jobs = "kite_jobs"
    case oldestAvailableAge = "kite_queue_oldest_available_age_seconds"
    case leader = "kite_daemon_leader"
    case listenHealthy = "kite_daemon_listen_healthy"
    case reconnects = "kite_daemon_reconnects_total"
    case databaseUp = "kite_metrics_database_up"
    case refreshErrors = "kite_metrics_refresh_errors_total"

    /// The `# HELP` line.
    public var help: String {
        switch self {
        case .enqueued: "Jobs inserted into the queue since this kited started, by queue and kind (read from the jobs table)."
        case .claimed: "Jobs claimed by this kited, by queue and kind."
        case .completed: "Jobs completed by this kited, by queue and kind."
        case .retried: "Failed attempts that will be retried, by queue and kind."
        case .failed: "Jobs discarded after a permanent error or their last attempt (the dead letters), by queue and kind."
        case .cancelled: "Jobs cancelled by their handler, by queue and kind."
        case .snoozed: "Jobs put back for later without spending an attempt, by queue and kind."
        case .timedOut: "Jobs given up after job_timeout_seconds (and retried), by queue and kind."
        case .released: "Running jobs released at shutdown when the grace period ended, by queue."
        case .fenced: "Outcomes dropped because the job's lease had been lost, by queue."
        case .duration: "Time a job's handler ran, by queue and kind."
        case .jobs: "Jobs in the table by queue and state (refreshed from the database at each scrape)."
        case .oldestAvailableAge: "Seconds since the oldest available job of the queue became due (0: none waiting)."
        case .leader: "1 while this kited holds the leadership lease."
        case .listenHealthy: "1 while LISTEN/NOTIFY wake-ups arrive (0: polling alone)."
        case .reconnects: "Connections of this kited to PostgreSQL opened again after they were lost, by role (leader, listen, queue_<name>)."
        case .databaseUp: "1 when the last scrape could read the queue from the database."
        case .refreshErrors: "Scrapes that could not read the queue from the database."
        }
    }

    /// The histogram buckets of `kite_job_duration_seconds`: from a no-op to the default job timeout.
    public static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
    ]
}

/// What the daemon's threads record, through swift-metrics: a no-op until
/// `MetricsSystem.bootstrap` (kited does it when `[metrics] listen` is set).
struct JobMetrics: Sendable {
    private func counter(_ metric: KiteMetric, _ dimensions: [(String, String)]) -> Counter {
        Counter(label: metric.rawValue, dimensions: dimensions)
    }

    private func labels(_ job: ClaimedJob) -> [(String, String)] {
        [("queue", job.queue), ("kind", job.kind)]
    }

    /// Every series the dashboard plots without a kind, present at 0 from the start.
    func registerDaemon(queues: [String]) {
        for role in ["leader", "listen"] + queues.map({ "queue_\($0)" }) {
            counter(.reconnects, [("role", role)]).increment(by: 0)
        }
        for queue in queues {
            counter(.released, [("queue", queue)]).increment(by: 0)
            counter(.fenced, [("queue", queue)]).increment(by: 0)
        }
        leader(false)
        listenHealthy(false)
    }

    func claimed(_ job: ClaimedJob) {
        counter(.claimed, labels(job)).increment()
    }

    /// An outcome the database accepted (not fenced).
    func recorded(_ outcome: JobOutcome, of job: ClaimedJob) {
        let metric: KiteMetric
        switch outcome.result {
        case .success: metric = .completed
        case .retry(_, let permanent):
            metric = permanent || job.attempt >= job.maxAttempts ? .failed : .retried
        case .retryAfter:
            metric = job.attempt >= job.maxAttempts ? .failed : .retried
        case .cancel: metric = .cancelled
        case .snooze: metric = .snoozed
        }
        counter(metric, labels(job)).increment()
    }

    func ran(_ job: ClaimedJob, for duration: Duration) {
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        CoreMetrics.Timer(label: KiteMetric.duration.rawValue, dimensions: labels(job)).recordNanoseconds(nanoseconds)
    }

    func timedOut(_ job: ClaimedJob) {
        counter(.timedOut, labels(job)).increment()
    }

    func released(queue: String, count: Int) {
        counter(.released, [("queue", queue)]).increment(by: count)
    }

    func fenced(queue: String, count: Int) {
        counter(.fenced, [("queue", queue)]).increment(by: count)
    }

    /// `role`: `leader`, `listen` or `queue_<name>`.
    func reconnect(role: String, count: Int = 1) {
        counter(.reconnects, [("role", role)]).increment(by: count)
    }

    func leader(_ isLeader: Bool) {
        Gauge(label: KiteMetric.leader.rawValue).record(isLeader ? 1 : 0)
    }

    func listenHealthy(_ healthy: Bool) {
        Gauge(label: KiteMetric.listenHealthy.rawValue).record(healthy ? 1 : 0)
    }
}
