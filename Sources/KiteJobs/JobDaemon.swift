import Dispatch
import Foundation
import KiteStore
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The work of `kited`: per queue a runner thread with its own `PGConnection`
/// that claims jobs in batches sized to the free worker slots, runs each job
/// on a thread of its own, completes the outcomes in batches (fenced on the
/// claim) and renews the leases of running jobs; a LISTEN thread that wakes
/// the runners on `kite_jobs_<queue>`; and a leader thread (promote due jobs,
/// rescue expired leases, prune). Every thread owns its connection (libpq:
/// one thread per connection) and reconnects with backoff when PostgreSQL
/// goes away.
///
/// `start()` starts the threads; `beginShutdown()` stops claiming, lets
/// running jobs finish within the grace period, releases the rest and
/// resigns leadership; `waitUntilStopped()` / `stopped()` wait for that.
public final class JobDaemon: Sendable {
    /// The leadership lease row shared by every `kited`.
    public static let leaderName = "kited"

    public let config: DaemonConfig
    public let conninfo: String
    public let handlers: JobHandlers
    public let logger: Logger
    /// `<instance>:pid:random`; a queue runner claims as `<identity>:<queue>`.
    public let identity: String
    /// `instance` in kited.toml (default: the host name): a restarted daemon
    /// frees the running jobs of its earlier incarnations of this instance.
    public let instance: String
    private let listenWorks = Atomic<Bool>(false)
    /// True once the LISTEN connection received its own probe notification:
    /// wake-ups arrive; false means polling alone (pgbouncer in transaction mode).
    public var isListenHealthy: Bool { listenWorks.load(ordering: .acquiring) }

    private let queues: [QueueState]
    private let stopping = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let leader = Atomic<Bool>(false)
    private let stopSignal = DispatchSemaphore(value: 0)
    private let threads = DispatchGroup()
    private let totals = Mutex(Counters())
    private let metrics = JobMetrics()

    /// Running totals, for logs and tests.
    public struct Counters: Sendable, Hashable {
        public var claimed = 0
        /// Outcomes recorded (completed, retried, discarded, cancelled, snoozed).
        public var finished = 0
        /// Outcomes refused by the fence (the lease had been lost).
        public var fenced = 0
        public var released = 0
        public var reconnects = 0
        /// Jobs abandoned after `job_timeout_seconds`.
        public var timedOut = 0
        /// Running jobs of a previous incarnation freed at start.
        public var orphansRescued = 0
        /// Periodic runs enqueued by this daemon as leader.
        public var periodicRuns = 0
    }

    /// - Parameter conninfo: overrides `config.database` when not nil.
    public init(config: DaemonConfig, conninfo: String? = nil, handlers: JobHandlers = .builtIn(),
                logger: Logger = Logger(label: "kited")) {
        self.config = config
        self.conninfo = conninfo ?? config.database
        self.handlers = handlers
        self.logger = logger
        self.instance = config.instanceName
        self.identity = "\(instance):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        self.queues = config.queues.keys.sorted().map { QueueState(name: $0, slots: config.queues[$0]!) }
    }

    public var isStopping: Bool { stopping.load(ordering: .acquiring) }
    /// True while this daemon holds the leadership lease.
    public var isLeader: Bool { leader.load(ordering: .acquiring) }
    public var counters: Counters { totals.withLock { $0 } }

    // MARK: - Life cycle

    /// Starts the threads (once).
    public func start() {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        metrics.registerDaemon(queues: queues.map(\.name))
        logger.info("kited \(identity) starting: queues \(queues.map { "\($0.name)×\($0.slots)" }.joined(separator: ", ")), lease \(config.leaseSeconds) s, grace \(config.gracePeriodSeconds) s")
        for queue in queues {
            spawn("kited-\(queue.name)") { self.runQueue(queue) }
        }
        spawn("kited-listen") { self.listen() }
        spawn("kited-leader") { self.lead() }
    }

    /// Stops claiming; running jobs get the grace period, then are released.
    public func beginShutdown() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        logger.info("shutting down: no more claims; running jobs have \(config.gracePeriodSeconds) s to finish")
        for queue in queues { queue.wake.signal() }
        for _ in 0..<4 { stopSignal.signal() }
    }

    /// Blocks until every thread has stopped (after `beginShutdown`).
    public func waitUntilStopped() {
        threads.wait()
    }

    /// Waits until every thread has stopped (after `beginShutdown`).
    public func stopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            threads.notify(queue: .global()) { continuation.resume() }
        }
    }

    /// `beginShutdown()` then `waitUntilStopped()`.
    public func shutdown() {
        beginShutdown()
        waitUntilStopped()
    }

    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        threads.enter()
        let thread = Thread { [threads] in
            defer { threads.leave() }
            body()
        }
        thread.name = name
        thread.start()
    }

    // MARK: - Connections

    private func connect(_ role: String) throws -> PGConnection {
        var connectionLogger = logger
        connectionLogger[metadataKey: "thread"] = "\(role)"
        let connection = try PGConnection(conninfo, logger: connectionLogger)
        try DaemonSession.configure(connection, identity: identity,
                                    statementTimeoutMilliseconds: Int(config.statementTimeoutSeconds * 1000),
                                    idleInTransactionTimeoutMilliseconds: Int(config.idleInTransactionTimeoutSeconds * 1000))
        return connection
    }

    /// After an error: logs it, drops a broken connection, and waits the
    /// backoff (woken early by `wake`). Returns the next backoff.
    private func recover(_ error: any Error, role: String, connection: inout PGConnection?,
                         backoff: Double, wake: DispatchSemaphore) -> Double {
        if let current = connection, !current.isConnected {
            connection = nil
        }
        if connection == nil {
            totals.withLock { $0.reconnects += 1 }
            // The first failure is a warning; the retries while it stays down are debug.
            let level: Logger.Level = backoff <= 0.1 ? .warning : .debug
            logger.log(level: level,
                       "\(role): database unavailable (\(error)); reconnecting in \(String(format: "%.1f", backoff)) s")
        } else {
            logger.error("\(role): \(error); retrying in \(String(format: "%.1f", backoff)) s")
        }
        _ = wake.wait(timeout: .now() + backoff)
        return min(backoff * 2, 5)
    }

    /// Reconnections made inside `db` (`PGConnection` resets a lost connection
    /// itself) since the last look, into `kite_daemon_reconnects_total`.
    private func countResets(_ db: PGConnection, role: String, counted: inout Int) {
        guard db.resets > counted else { return }
        metrics.reconnect(role: role, count: db.resets - counted)
        counted = db.resets
    }

    // MARK: - Queue runner

    private func runQueue(_ state: QueueState) {
        let role = "queue \(state.name)"
        let metricRole = "queue_\(state.name)"
        var countedResets = 0
        let worker = "\(identity):\(state.name)"
        let lease = Duration.milliseconds(Int64(config.leaseSeconds * 1000))
        let renewEvery = Duration.milliseconds(Int64(config.leaseSeconds * 1000 / 3))
        let timeout: Duration? = config.jobTimeoutSeconds > 0
            ? .milliseconds(Int64(config.jobTimeoutSeconds * 1000)) : nil
        let completionDelay = Duration.milliseconds(Int64(config.completionBatchMilliseconds))
        let clock = ContinuousClock()
        var connection: PGConnection?
        var running: [Int64: (job: ClaimedJob, started: ContinuousClock.Instant)] = [:]
        var outcomes: [JobOutcome] = []
        // The claims of the outcomes not yet recorded (their kind and attempts, for the metrics).
        var finishedJobs: [Int64: ClaimedJob] = [:]
        var firstOutcomeAt: ContinuousClock.Instant?
        var lastRenewal = clock.now
        var backoff = 0.1
        var graceDeadline: ContinuousClock.Instant?
        var announcedConnection = false
        // A backlog: the last claim filled every free slot, so outcomes need not wait to be batched.
        var lastClaimFilledSlots = false

        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        while true {
            for outcome in state.takeOutcomes() {
                // A job abandoned at its timeout (or claimed again since) is not ours to record.
                guard let entry = running[outcome.id], entry.job.attempt == outcome.attempt else { continue }
                metrics.ran(entry.job, for: clock.now - entry.started)
                finishedJobs[outcome.id] = entry.job
                running[outcome.id] = nil
                outcomes.append(outcome)
                if firstOutcomeAt == nil { firstOutcomeAt = clock.now }
            }
            if let timeout {
                for (id, entry) in running where clock.now - entry.started >= timeout {
                    running[id] = nil
                    metrics.timedOut(entry.job)
                    metrics.ran(entry.job, for: clock.now - entry.started)
                    finishedJobs[id] = entry.job
                    outcomes.append(entry.job.failed("timed out after \(config.jobTimeoutSeconds) s"))
                    if firstOutcomeAt == nil { firstOutcomeAt = clock.now }
                    totals.withLock { $0.timedOut += 1 }
                    logger.warning("\(role): job \(id) (\(entry.job.kind)) timed out after \(config.jobTimeoutSeconds) s; its slot is freed and the job will be retried")
                }
            }
            if graceDeadline == nil && isStopping {
                graceDeadline = clock.now + .milliseconds(Int64(config.gracePeriodSeconds * 1000))
            }
            // Stopping with nothing to run or record: done, even when the database is away.
            if graceDeadline != nil && running.isEmpty && outcomes.isEmpty { break }
            do {
                let db: PGConnection
                if let connection { db = connection } else {
                    db = try connect(role)
                    connection = db
                    if announcedConnection { metrics.reconnect(role: metricRole) }
                    countedResets = 0
                    logger.info("\(role): connected (\(state.slots) slots)\(announcedConnection ? " again" : "")")
                    announcedConnection = true
                }
                countResets(db, role: metricRole, counted: &countedResets)
                let queue = JobQueue(connection: db)
                // Outcomes are written together: when the oldest has waited
                // `completion_batch_milliseconds`, 500 are waiting, or on shutdown.
                func recorded(_ applied: Set<Int64>) {
                    let lost = outcomes.count - applied.count
                    totals.withLock { $0.finished += applied.count; $0.fenced += lost }
                    for outcome in outcomes {
                        guard let job = finishedJobs.removeValue(forKey: outcome.id) else { continue }
                        if applied.contains(outcome.id) { metrics.recorded(outcome, of: job) }
                    }
                    if lost > 0 { metrics.fenced(queue: state.name, count: lost) }
                    if lost > 0 { logger.warning("\(role): \(lost) outcomes dropped: their lease was lost") }
                    outcomes = []
                    firstOutcomeAt = nil
                }
                let free = state.slots - running.count
                let completionDue = firstOutcomeAt.map { clock.now - $0 >= completionDelay } ?? false
                let writeOutcomes = !outcomes.isEmpty
                    && (completionDue || outcomes.count >= 500 || graceDeadline != nil || lastClaimFilledSlots)
                // With slots free they ride along with the next claim: one commit for both.
                let rideAlong = writeOutcomes && graceDeadline == nil && free > 0
                if writeOutcomes && !rideAlong {
                    recorded(try queue.complete(outcomes, worker: worker))
                }
                if !running.isEmpty && clock.now - lastRenewal >= renewEvery {
                    let held = try queue.renewLeases(worker: worker, lease: lease, ids: Array(running.keys))
                    if held.count < running.count {
                        logger.warning("\(role): \(running.count - held.count) running jobs lost their lease")
                    }
                    lastRenewal = clock.now
                }
                if running.isEmpty { lastRenewal = clock.now }
                if let deadline = graceDeadline {
                    if running.isEmpty && outcomes.isEmpty { break }
                    if running.isEmpty { continue }
                    if clock.now >= deadline {
                        let released = try queue.release(running.values.map(\.job), worker: worker)
                        totals.withLock { $0.released += released.count }
                        metrics.released(queue: state.name, count: released.count)
                        logger.warning("\(role): grace period over; released \(released.count) running jobs: \(released.sorted())")
                        running = [:]
                        continue
                    }
                    // Woken by each job that finishes.
                    _ = state.wake.wait(timeout: .now() + min(max(seconds(deadline - clock.now), 0.001), 0.25))
                    continue
                }
                var full = false
                if free > 0 {
                    let jobs: [ClaimedJob]
                    if !rideAlong {
                        jobs = try queue.claim(queue: state.name, limit: free, worker: worker, lease: lease)
                    } else {
                        let both = try queue.completeAndClaim(outcomes, worker: worker, queue: state.name,
                                                              limit: free, lease: lease)
                        recorded(both.applied)
                        jobs = both.claimed
                    }
                    if !jobs.isEmpty { totals.withLock { $0.claimed += jobs.count } }
                    let now = clock.now
                    for job in jobs {
                        metrics.claimed(job)
                        running[job.id] = (job, now)
                        run(job, state)
                    }
                    full = jobs.count == free
                    lastClaimFilledSlots = full
                }
                backoff = 0.1
                if !full || !outcomes.isEmpty {
                    var wait = min(config.pollIntervalSeconds, config.leaseSeconds / 3)
                    if let first = firstOutcomeAt {
                        wait = min(wait, max(0, seconds(completionDelay - (clock.now - first))))
                    }
                    if let timeout, let oldest = running.values.map(\.started).min() {
                        wait = min(wait, max(0.01, seconds(timeout - (clock.now - oldest))))
                    }
                    if wait > 0 { _ = state.wake.wait(timeout: .now() + wait) }
                }
            } catch {
                if let deadline = graceDeadline, clock.now >= deadline {
                    logger.error("\(role): cannot record or release \(running.count + outcomes.count) jobs (\(error)); the leader will rescue the running ones when their lease expires")
                    break
                }
                backoff = recover(error, role: role, connection: &connection, backoff: backoff, wake: state.wake)
            }
        }
        logger.info("\(role): stopped")
    }

    private func run(_ job: ClaimedJob, _ state: QueueState) {
        let handlers = self.handlers
        let logger = self.logger
        let thread = Thread {
            let outcome = handlers.outcome(of: job)
            if case .retry(let error, let permanent) = outcome.result {
                let final = permanent || job.attempt >= job.maxAttempts
                logger.warning("job \(job.id) (\(job.kind)) attempt \(job.attempt)/\(job.maxAttempts) failed\(final ? ", discarded" : ", will retry"): \(error)")
            }
            state.put(outcome)
        }
        thread.name = "kited-job-\(job.id)"
        thread.start()
    }

    // MARK: - LISTEN

    private func listen() {
        let role = "listen"
        let clock = ContinuousClock()
        // A channel only this daemon listens on; the probe is sent from a
        // separate connection, as an enqueue would be.
        let probeChannel = "kited_probe_" + String(UInt64(bitPattern: Int64(identity.hashValue)), radix: 16)
        var probeSentAt: ContinuousClock.Instant?
        func sendProbe() throws -> ContinuousClock.Instant {
            let sender = try connect("listen probe")
            try sender.notify(probeChannel, payload: identity)
            return clock.now
        }
        var connection: PGConnection?
        var backoff = 0.1
        var connectedBefore = false
        var countedResets = 0
        var byChannel: [String: QueueState] = [:]
        for queue in queues { byChannel[JobQueue.channel(for: queue.name)] = queue }
        while !isStopping {
            do {
                let db: PGConnection
                if let connection { db = connection } else {
                    db = try connect(role)
                    for channel in byChannel.keys.sorted() { try db.listen(channel) }
                    try db.listen(probeChannel)
                    connection = db
                    if connectedBefore { metrics.reconnect(role: role) }
                    connectedBefore = true
                    countedResets = 0
                    logger.info("\(role): LISTEN \(byChannel.keys.sorted().joined(separator: ", "))")
                    // Anything sent while we were away: wake every runner once.
                    for queue in queues { queue.wake.signal() }
                    probeSentAt = try sendProbe()
                }
                countResets(db, role: role, counted: &countedResets)
                var descriptor = pollfd(fd: db.socketDescriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&descriptor, 1, 250)
                for notification in try db.drainNotifications() {
                    if notification.channel == probeChannel {
                        if !isListenHealthy { logger.info("\(role): notifications arrive (self-probe answered)") }
                        listenWorks.store(true, ordering: .releasing)
                        metrics.listenHealthy(true)
                        probeSentAt = nil
                    }
                    byChannel[notification.channel]?.wake.signal()
                }
                if let sent = probeSentAt, clock.now - sent > .seconds(5) {
                    listenWorks.store(false, ordering: .releasing)
                    metrics.listenHealthy(false)
                    probeSentAt = nil
                    logger.warning("\(role): the LISTEN self-probe got no notification within 5 s (a pooler in transaction mode?); relying on polling every \(config.pollIntervalSeconds) s")
                }
                backoff = 0.1
            } catch {
                // drainNotifications resets a lost connection; LISTEN again on a fresh one.
                connection = nil
                backoff = recover(error, role: role, connection: &connection, backoff: backoff, wake: stopSignal)
            }
        }
        logger.info("\(role): stopped")
    }

    // MARK: - Leader

    private func lead() {
        let role = "leader"
        let clock = ContinuousClock()
        let ttl = Duration.milliseconds(Int64(config.leaderTTLSeconds * 1000))
        let renewEvery = Duration.milliseconds(Int64(config.leaderTTLSeconds * 1000 / 3))
        let rescueEvery = Duration.milliseconds(Int64(config.rescueIntervalSeconds * 1000))
        let pruneEvery = Duration.seconds(60)
        var connection: PGConnection?
        var backoff = 0.1
        var lastAcquire: ContinuousClock.Instant?
        var lastRescue = clock.now
        var lastPrune: ContinuousClock.Instant?
        var orphansChecked = false
        var connectedBefore = false
        var countedResets = 0
        while !isStopping {
            do {
                let db: PGConnection
                if let connection { db = connection } else {
                    db = try connect(role)
                    connection = db
                    if connectedBefore { metrics.reconnect(role: role) }
                    connectedBefore = true
                    countedResets = 0
                    logger.info("\(role): connected")
                }
                countResets(db, role: role, counted: &countedResets)
                let queue = JobQueue(connection: db)
                if !orphansChecked {
                    // Jobs our previous incarnation (killed, or crashed) left running.
                    let freed = try queue.rescueOrphaned(instance: instance, identity: identity)
                    orphansChecked = true
                    if !freed.isEmpty {
                        totals.withLock { $0.orphansRescued += freed.count }
                        logger.warning("\(role): freed \(freed.count) jobs left running by an earlier kited of instance '\(instance)': \(freed)")
                    }
                }
                if lastAcquire.map({ clock.now - $0 >= renewEvery }) ?? true {
                    let wasLeader = isLeader
                    let nowLeader = try queue.acquireLeadership(name: Self.leaderName, holder: identity, ttl: ttl)
                    lastAcquire = clock.now
                    leader.store(nowLeader, ordering: .releasing)
                    metrics.leader(nowLeader)
                    if nowLeader && !wasLeader {
                        logger.info("\(role): elected leader")
                        lastRescue = clock.now - rescueEvery
                        try PeriodicJobs(connection: db).register(config.periodic)
                    } else if !nowLeader && wasLeader {
                        logger.warning("\(role): lost leadership")
                    }
                }
                if isLeader {
                    for run in try PeriodicJobs(connection: db).enqueueDue() {
                        totals.withLock { $0.periodicRuns += 1 }
                        logger.info("\(role): periodic \(run.name) due \(run.runAt.formatted(.iso8601)): \(run.jobID.map { "job \($0)" } ?? "already pending"); next \(run.nextRunAt.formatted(.iso8601))")
                    }
                    let promoted = try queue.promoteDue()
                    if !promoted.isEmpty { logger.debug("\(role): promoted \(promoted)") }
                    if clock.now - lastRescue >= rescueEvery {
                        let rescued = try queue.rescueExpired()
                        if !rescued.isEmpty { logger.warning("\(role): rescued \(rescued.count) jobs with expired leases") }
                        lastRescue = clock.now
                    }
                    if lastPrune.map({ clock.now - $0 >= pruneEvery }) ?? true {
                        let hours = { (h: Double) in Duration.milliseconds(Int64(h * 3_600_000)) }
                        let pruned = try queue.prune(olderThan: hours(config.pruneCompletedAfterHours),
                                                     states: [.completed, .cancelled])
                            + queue.prune(olderThan: hours(config.pruneDiscardedAfterHours), states: [.discarded])
                        if pruned > 0 { logger.info("\(role): pruned \(pruned) finished jobs") }
                        lastPrune = clock.now
                    }
                }
                backoff = 0.1
                _ = stopSignal.wait(timeout: .now() + 1)
            } catch {
                if leader.exchange(false, ordering: .acquiringAndReleasing) {
                    metrics.leader(false)
                    logger.warning("\(role): not leading until the database answers again")
                }
                lastAcquire = nil
                backoff = recover(error, role: role, connection: &connection, backoff: backoff, wake: stopSignal)
            }
        }
        metrics.leader(false)
        if leader.exchange(false, ordering: .acquiringAndReleasing), let connection {
            do {
                try JobQueue(connection: connection).resignLeadership(name: Self.leaderName, holder: identity)
                logger.info("\(role): resigned leadership")
            } catch {
                logger.warning("\(role): cannot resign leadership (\(error)); it expires in \(config.leaderTTLSeconds) s")
            }
        }
        logger.info("\(role): stopped")
    }
}

/// Shared between a queue runner and its job threads.
final class QueueState: Sendable {
    let name: String
    let slots: Int
    /// Signalled by NOTIFY, finished jobs and shutdown.
    let wake = DispatchSemaphore(value: 0)
    private let outbox = Mutex<[JobOutcome]>([])

    init(name: String, slots: Int) {
        self.name = name
        self.slots = slots
    }

    func put(_ outcome: JobOutcome) {
        outbox.withLock { $0.append(outcome) }
        wake.signal()
    }

    func takeOutcomes() -> [JobOutcome] {
        outbox.withLock { outcomes in
            defer { outcomes = [] }
            return outcomes
        }
    }
}
