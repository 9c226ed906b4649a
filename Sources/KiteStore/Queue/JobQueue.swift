import Foundation

/// The PostgreSQL job queue (`jobs`, migration 0004) over one connection.
///
/// Like `PGConnection` it is confined to one thread. Every call is one
/// statement (autocommit unless the caller has a transaction open), so
/// `enqueue` joins the caller's transaction and `claim` commits at once.
/// Times (scheduling, leases, backoff) use the database clock `now()`.
public struct JobQueue {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// The LISTEN/NOTIFY channel of a queue: `kite_jobs_<queue>`.
    public static func channel(for queue: String) -> String { "kite_jobs_" + queue }

    // MARK: - Enqueue

    /// Inserts one job (in the caller's transaction when one is open on
    /// `connection`). See `enqueueBatch`.
    @discardableResult
    public static func enqueue(_ job: NewJob, on connection: PGConnection) throws -> EnqueueResult {
        try enqueueBatch([job], on: connection)[0]
    }

    /// Inserts the jobs with one `INSERT … SELECT FROM unnest(…)`. A job whose
    /// unique key is held by a pending or running job (or by an earlier job of
    /// the same batch) is skipped: its result has `id == nil`. Jobs whose
    /// `runAt` is in the future go in as `scheduled`. Sends at most one
    /// `pg_notify('kite_jobs_<queue>', '')` per queue that got an available
    /// job, delivered when the transaction commits. Results are in input order.
    @discardableResult
    public static func enqueueBatch(_ jobs: [NewJob], on connection: PGConnection) throws -> [EnqueueResult] {
        guard !jobs.isEmpty else { return [] }
        struct Inserted: Decodable {
            var ord: Int
            var id: Int64
        }
        let rows = try connection.fetch(Inserted.self, """
            WITH input AS (
                SELECT * FROM unnest(\(PGArrayLiteral(jobs.map(\.queue)))::text[],
                                     \(PGArrayLiteral(jobs.map(\.kind)))::text[],
                                     \(PGArrayLiteral(jobs.map(\.argsJSON)))::jsonb[],
                                     \(PGArrayLiteral(jobs.map { String($0.priority) }))::smallint[],
                                     \(PGArrayLiteral(jobs.map { $0.runAt.flatMap(\.sqlText) }))::timestamptz[],
                                     \(PGArrayLiteral(jobs.map { String($0.maxAttempts) }))::smallint[],
                                     \(PGArrayLiteral(jobs.map(\.uniqueKey)))::text[])
                    WITH ORDINALITY AS i(queue, kind, args, priority, run_at, max_attempts, unique_key, ord)
            ), inserted AS (
                INSERT INTO jobs (queue, kind, args, state, priority, scheduled_at, max_attempts, unique_key)
                SELECT queue, kind, args,
                       CASE WHEN run_at > now() THEN 'scheduled'::job_state ELSE 'available'::job_state END,
                       priority, coalesce(run_at, now()), max_attempts, unique_key
                FROM input ORDER BY ord
                ON CONFLICT (unique_key)
                    WHERE unique_key IS NOT NULL AND state IN ('available', 'scheduled', 'retryable', 'running')
                    DO NOTHING
                RETURNING id, queue, state, unique_key
            ), notified AS (
                -- One NOTIFY per queue that got an available job.
                SELECT count(*) AS n FROM (
                    SELECT pg_notify('kite_jobs_' || queue, '')
                    FROM (SELECT DISTINCT queue FROM inserted WHERE state = 'available') AS q) AS sent
            ), numbered AS (
                -- A keyed job belongs to the first input row with its key (later
                -- ones conflicted with it); unkeyed jobs pair up in id = input order.
                -- (a join on the keys' first rows, not a subquery per row: a batch of
                -- 5,000 keyed jobs took 7 s that way, quadratic in the batch)
                SELECT inserted.id, k.ord
                FROM inserted JOIN (SELECT unique_key, min(ord) AS ord FROM input
                                    WHERE unique_key IS NOT NULL GROUP BY unique_key) k USING (unique_key)
                UNION ALL
                SELECT u.id, i.ord
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM inserted WHERE unique_key IS NULL) u
                JOIN (SELECT ord, row_number() OVER (ORDER BY ord) AS rn FROM input WHERE unique_key IS NULL) i
                    ON i.rn = u.rn
            )
            SELECT id, ord FROM numbered CROSS JOIN notified
            """)
        var results = Array(repeating: EnqueueResult(id: nil), count: jobs.count)
        for row in rows { results[row.ord - 1] = EnqueueResult(id: row.id) }
        return results
    }

    @discardableResult
    public func enqueue(_ job: NewJob) throws -> EnqueueResult {
        try Self.enqueue(job, on: connection)
    }

    @discardableResult
    public func enqueueBatch(_ jobs: [NewJob]) throws -> [EnqueueResult] {
        try Self.enqueueBatch(jobs, on: connection)
    }

    // MARK: - Claim

    /// Claims up to `limit` available jobs of `queue` (priority, then due
    /// time, then id) for `worker`, leased for `lease`, skipping rows other
    /// workers are claiming. One statement, committed at once unless the
    /// caller opened a transaction (do not: never hold one while jobs run).
    public func claim(queue: String, limit: Int, worker: String, lease: Duration) throws -> [ClaimedJob] {
        guard limit > 0 else { return [] }
        let jobs = try connection.fetch(ClaimedJob.self, """
            WITH claimable AS MATERIALIZED (
                SELECT id FROM jobs
                WHERE state = 'available' AND queue = \(queue) AND scheduled_at <= now()
                ORDER BY priority, scheduled_at, id
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE jobs j
            SET state = 'running', attempt = j.attempt + 1, attempted_by = \(worker),
                lease_until = now() + make_interval(secs => \(lease.queueMilliseconds) / 1000.0)
            FROM claimable
            WHERE j.id = claimable.id
            RETURNING j.id, j.queue, j.kind, j.args::text AS args, j.attempt, j.max_attempts, j.priority, j.lease_until
            """)
        return jobs.sorted { ($0.priority, $0.id) < ($1.priority, $1.id) }
    }

    /// Records `outcomes` and claims up to `limit` more in one transaction:
    /// one durable commit instead of two, which is what bounds a busy queue
    /// under `synchronous_commit = on`. Fenced as `complete`, ordered as `claim`.
    public func completeAndClaim(_ outcomes: [JobOutcome], worker: String, queue: String, limit: Int,
                                 lease: Duration) throws -> (applied: Set<Int64>, claimed: [ClaimedJob]) {
        try connection.transaction { _ in
            let applied = try complete(outcomes, worker: worker)
            return (applied, try claim(queue: queue, limit: limit, worker: worker, lease: lease))
        }
    }

    // MARK: - Completion

    /// Records the outcomes of claimed jobs in one `UPDATE … FROM unnest(…)`,
    /// fenced on the claim: a job is updated only while it is still `running`
    /// with the same `attempt` and `attempted_by == worker`. Returns the ids
    /// that were applied; the others had lost their lease (rescued, cancelled
    /// by an admin, or claimed again) and their outcome is dropped.
    ///
    /// A retry goes to `retryable` at `now() + attempt⁴ + 15 s` (±10 % jitter,
    /// at most 6 h); a permanent error, or a failure of the last attempt, goes
    /// to `discarded`. Every failure is appended to `errors`. A snooze goes
    /// back to `scheduled` and gives the attempt back. A `retryAfter` waits
    /// the later of the backoff and its delay.
    @discardableResult
    public func complete(_ outcomes: [JobOutcome], worker: String) throws -> Set<Int64> {
        guard !outcomes.isEmpty else { return [] }
        var ids: [String?] = [], attempts: [String?] = [], kinds: [String?] = [], errors: [String?] = []
        var delays: [String?] = []
        for outcome in outcomes {
            ids.append(String(outcome.id))
            attempts.append(String(outcome.attempt))
            switch outcome.result {
            case .snooze(let delay), .retryAfter(_, let delay):
                delays.append(String(max(0, delay.queueMilliseconds)))
            default:
                delays.append(nil)
            }
            switch outcome.result {
            case .success:
                kinds.append("success"); errors.append(nil)
            case .retry(let error, let permanent):
                kinds.append(permanent ? "discard" : "retry"); errors.append(error)
            case .retryAfter(let error, _):
                kinds.append("retry"); errors.append(error)
            case .cancel(let reason):
                kinds.append("cancel"); errors.append(reason)
            case .snooze:
                kinds.append("snooze"); errors.append(nil)
            }
        }
        let applied = try connection.fetch(Int64.self, """
            UPDATE jobs j
            SET state = CASE
                    WHEN u.outcome = 'success' THEN 'completed'::job_state
                    WHEN u.outcome = 'cancel' THEN 'cancelled'::job_state
                    WHEN u.outcome = 'snooze' THEN 'scheduled'::job_state
                    WHEN u.outcome = 'discard' OR j.attempt >= j.max_attempts THEN 'discarded'::job_state
                    ELSE 'retryable'::job_state END,
                attempt = CASE WHEN u.outcome = 'snooze' THEN j.attempt - 1 ELSE j.attempt END,
                scheduled_at = CASE
                    WHEN u.outcome = 'snooze' THEN now() + make_interval(secs => u.delay_ms / 1000.0)
                    WHEN u.outcome = 'retry' AND j.attempt < j.max_attempts
                    THEN now() + make_interval(secs => greatest(coalesce(u.delay_ms, 0) / 1000.0, least(21600.0,
                             (power(j.attempt, 4) + 15) * (0.9 + 0.2 * random()))))
                    ELSE j.scheduled_at END,
                lease_until = NULL,
                finalized_at = CASE
                    WHEN u.outcome = 'snooze' OR (u.outcome = 'retry' AND j.attempt < j.max_attempts) THEN NULL
                    ELSE now() END,
                errors = CASE
                    WHEN u.err IS NULL THEN j.errors
                    ELSE array_append(j.errors, jsonb_build_object(
                        'attempt', j.attempt, 'at', now(), 'error', u.err, 'worker', j.attempted_by)) END
            FROM unnest(\(PGArrayLiteral(ids))::bigint[], \(PGArrayLiteral(attempts))::smallint[],
                        \(PGArrayLiteral(kinds))::text[], \(PGArrayLiteral(errors))::text[],
                        \(PGArrayLiteral(delays))::bigint[])
                AS u(id, attempt, outcome, err, delay_ms)
            WHERE j.id = u.id AND j.state = 'running' AND j.attempt = u.attempt AND j.attempted_by = \(worker)
            RETURNING j.id
            """)
        return Set(applied)
    }

    /// Gives claimed jobs back untouched (shutdown: `available` again, the
    /// attempt not counted). Fenced like `complete`; returns the ids released.
    @discardableResult
    public func release(_ jobs: [ClaimedJob], worker: String) throws -> Set<Int64> {
        guard !jobs.isEmpty else { return [] }
        let applied = try connection.fetch(Int64.self, """
            WITH released AS (
                UPDATE jobs j
                SET state = 'available', attempt = j.attempt - 1, lease_until = NULL, attempted_by = NULL
                FROM unnest(\(PGArrayLiteral(jobs.map { String($0.id) }))::bigint[],
                            \(PGArrayLiteral(jobs.map { String($0.attempt) }))::smallint[]) AS u(id, attempt)
                WHERE j.id = u.id AND j.state = 'running' AND j.attempt = u.attempt AND j.attempted_by = \(worker)
                RETURNING j.id, j.queue
            ), notified AS (
                    SELECT count(*) AS n FROM (
                    SELECT pg_notify('kite_jobs_' || queue, '') FROM (SELECT DISTINCT queue FROM released) q) AS sent
            )
            SELECT id FROM released CROSS JOIN notified
            """)
        return Set(applied)
    }

    /// Extends the leases of `worker`'s running jobs (all of them, or only
    /// `ids`) to `now() + lease`. Returns the ids still held: a job missing
    /// from the answer was rescued or cancelled, and its run should stop.
    @discardableResult
    public func renewLeases(worker: String, lease: Duration, ids: [Int64]? = nil) throws -> Set<Int64> {
        var filter: SQL = ""
        if let ids { filter = "AND id = ANY(\(ids))" }
        let renewed = try connection.fetch(Int64.self, """
            UPDATE jobs SET lease_until = now() + make_interval(secs => \(lease.queueMilliseconds) / 1000.0)
            WHERE state = 'running' AND attempted_by = \(worker) \(fragment: filter)
            RETURNING id
            """)
        return Set(renewed)
    }

    // MARK: - Maintenance (run by the leader)

    /// Moves up to `limit` scheduled and retryable jobs whose time has come to
    /// `available` and notifies each queue that got some. Returns how many
    /// were promoted per queue.
    @discardableResult
    public func promoteDue(limit: Int = 5000) throws -> [String: Int] {
        struct Row: Decodable { var queue: String; var promoted: Int }
        let rows = try connection.fetch(Row.self, """
            WITH due AS MATERIALIZED (
                SELECT id FROM jobs
                WHERE state IN ('scheduled', 'retryable') AND scheduled_at <= now()
                ORDER BY scheduled_at
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            ), promoted AS (
                UPDATE jobs j SET state = 'available'
                FROM due WHERE j.id = due.id AND j.state IN ('scheduled', 'retryable')
                RETURNING j.queue
            )
            SELECT queue, count(*)::int AS promoted, pg_notify('kite_jobs_' || queue, '')::text AS notified
            FROM promoted GROUP BY queue
            """)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.queue, $0.promoted) })
    }

    /// Takes back up to `limit` running jobs whose lease expired (their worker
    /// died or hung): `retryable` at once, or `discarded` when that was the
    /// last attempt, with "lease expired" in `errors`. The old worker can no
    /// longer complete them. Returns the ids rescued.
    @discardableResult
    public func rescueExpired(limit: Int = 1000) throws -> [Int64] {
        try connection.fetch(Int64.self, """
            WITH expired AS MATERIALIZED (
                SELECT id FROM jobs
                WHERE state = 'running' AND lease_until < now()
                ORDER BY lease_until
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE jobs j
            SET state = CASE WHEN j.attempt >= j.max_attempts THEN 'discarded'::job_state
                             ELSE 'retryable'::job_state END,
                scheduled_at = now(),
                lease_until = NULL,
                finalized_at = CASE WHEN j.attempt >= j.max_attempts THEN now() END,
                errors = array_append(j.errors, jsonb_build_object(
                    'attempt', j.attempt, 'at', now(),
                    'error', 'lease expired: worker stopped renewing it', 'worker', j.attempted_by))
            FROM expired
            WHERE j.id = expired.id AND j.state = 'running' AND j.lease_until < now()
            RETURNING j.id
            """).sorted()
    }

    /// The `application_name` a daemon sets on every connection, by which
    /// `rescueOrphaned` tells a live daemon from a dead one.
    public static func applicationName(daemon identity: String) -> String { "kited " + identity }

    /// Takes back the running jobs of earlier daemons of `instance` (workers
    /// `<instance>:<pid>:<tag>:<queue>`) other than `identity`, when no
    /// connection of that daemon is left (`pg_stat_activity`, by
    /// `applicationName(daemon:)`): the previous incarnation of a restarted
    /// daemon, whose leases would otherwise have to expire first. Like
    /// `rescueExpired`: `retryable` at once (or `discarded` when that was the
    /// last attempt) with the reason in `errors`. Returns the ids.
    @discardableResult
    public func rescueOrphaned(instance: String, identity: String) throws -> [Int64] {
        try connection.fetch(Int64.self, """
            WITH live AS (
                SELECT DISTINCT substr(application_name, 7) AS daemon
                FROM pg_stat_activity WHERE application_name LIKE 'kited %'
            ), orphaned AS MATERIALIZED (
                SELECT id FROM jobs
                WHERE state = 'running'
                  AND split_part(attempted_by, ':', 1) = \(instance)
                  AND NOT starts_with(attempted_by, \(identity + ":"))
                  AND array_to_string((string_to_array(attempted_by, ':'))[1:3], ':') NOT IN (SELECT daemon FROM live)
                ORDER BY id
                FOR UPDATE SKIP LOCKED
            )
            UPDATE jobs j
            SET state = CASE WHEN j.attempt >= j.max_attempts THEN 'discarded'::job_state
                             ELSE 'retryable'::job_state END,
                scheduled_at = now(),
                lease_until = NULL,
                finalized_at = CASE WHEN j.attempt >= j.max_attempts THEN now() END,
                errors = array_append(j.errors, jsonb_build_object(
                    'attempt', j.attempt, 'at', now(),
                    'error', 'worker stopped without finishing: daemon restarted', 'worker', j.attempted_by))
            FROM orphaned
            WHERE j.id = orphaned.id AND j.state = 'running'
            RETURNING j.id
            """).sorted()
    }

    /// Deletes up to `limit` finished jobs (completed, discarded, cancelled,
    /// or only `states`) finalized more than `olderThan` ago. Returns the count.
    @discardableResult
    public func prune(olderThan age: Duration, states: Set<JobState> = [.completed, .discarded, .cancelled],
                      limit: Int = 10_000) throws -> Int {
        let finalStates = states.filter(\.isFinal).map(\.rawValue).sorted()
        guard !finalStates.isEmpty else { return 0 }
        return try connection.execute("""
            DELETE FROM jobs WHERE id IN (
                SELECT id FROM jobs
                WHERE finalized_at < now() - make_interval(secs => \(age.queueMilliseconds) / 1000.0)
                  AND state::text = ANY(\(finalStates))
                ORDER BY finalized_at
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            """).affectedRows
    }

    // MARK: - Admin

    /// Makes a job that is not running available again at once (a discarded
    /// job from the dead-letter state, a cancelled one, or one waiting for its
    /// backoff), with at least one attempt left. False when the job does not
    /// exist or is running. Throws a unique violation when another pending
    /// job holds its unique key.
    @discardableResult
    public func retry(id: Int64) throws -> Bool {
        // Through the database's function (migration 0019; EXECUTE for kite_admin only,
        // 0037): it checks the login, writes the audit row and wakes the workers.
        try StateCommand.run(role: .adminRole, action: "retry_job") {
            (try connection.fetchOne(String?.self, "SELECT kite_job_retry(\(id))") ?? nil) != nil
        }
    }

    /// Cancels a job that has not finished. A running job is marked cancelled
    /// at once: its worker's completion is then refused, and its next lease
    /// renewal no longer returns it. False when the job does not exist or
    /// has already finished.
    @discardableResult
    public func cancel(id: Int64, reason: String = "cancelled by an administrator") throws -> Bool {
        // Through the database's function (migration 0019), for kite_admin logins (0037).
        try StateCommand.run(role: .adminRole, action: "cancel_job") {
            try connection.fetchOne(Bool.self, "SELECT kite_job_cancel(\(id), \(reason)::text)") == true
        }
    }

    /// One job with its error history, or nil.
    public func job(id: Int64) throws -> JobRecord? {
        try records("WHERE id = \(id)").first
    }

    /// The jobs that failed and did not (yet) succeed, newest first: discarded
    /// ones (the dead letters) and retryable ones waiting for their backoff,
    /// with their error history. For the admin screen.
    public func failedJobs(limit: Int = 200) throws -> [JobRecord] {
        try records("""
            WHERE state IN ('discarded', 'retryable')
            ORDER BY coalesce(finalized_at, scheduled_at) DESC, id DESC
            LIMIT \(limit)
            """)
    }

    private func records(_ filter: SQL) throws -> [JobRecord] {
        struct Row: Decodable {
            var id: Int64, queue: String, kind: String, args: String, state: JobState, priority: Int
            var scheduledAt: Date, attempt: Int, maxAttempts: Int, attemptedBy: String?, leaseUntil: Date?
            var errorsJson: String, uniqueKey: String?, finalizedAt: Date?, createdAt: Date
        }
        let rows = try connection.fetch(Row.self, """
            SELECT id, queue, kind, args::text AS args, state, priority, scheduled_at, attempt, max_attempts,
                   attempted_by, lease_until, array_to_json(errors)::text AS errors_json, unique_key,
                   finalized_at, created_at
            FROM jobs \(fragment: filter)
            """)
        return try rows.map { row in
            let errors = try JSONDecoder().decode([JobError].self, from: Data(row.errorsJson.utf8))
            return JobRecord(id: row.id, queue: row.queue, kind: row.kind, args: row.args, state: row.state,
                             priority: row.priority, scheduledAt: row.scheduledAt, attempt: row.attempt,
                             maxAttempts: row.maxAttempts, attemptedBy: row.attemptedBy, leaseUntil: row.leaseUntil,
                             errors: errors, uniqueKey: row.uniqueKey, finalizedAt: row.finalizedAt,
                             createdAt: row.createdAt)
        }
    }

    /// Counts per queue and state, the age of the oldest available job per
    /// queue, and the failures of the last hour.
    public func stats() throws -> JobStats {
        let depth = try self.depth()
        struct Failures: Decodable { var failures: Int; var discarded: Int }
        // A failure in the last hour means the row is unfinished or was
        // finalized after it, so finished rows older than an hour are skipped.
        let failures = try connection.fetchOne(Failures.self, """
            SELECT coalesce(sum((SELECT count(*) FROM unnest(j.errors) e
                                 WHERE (e->>'at')::timestamptz > now() - interval '1 hour')), 0)::int AS failures,
                   count(*) FILTER (WHERE j.state = 'discarded' AND j.finalized_at > now() - interval '1 hour')::int
                       AS discarded
            FROM jobs j
            WHERE j.errors <> '{}' AND (j.finalized_at IS NULL OR j.finalized_at > now() - interval '1 hour')
            """)
        return JobStats(counts: depth.counts, oldestAvailableAge: depth.oldestAvailableAge,
                        failuresLastHour: failures?.failures ?? 0, discardedLastHour: failures?.discarded ?? 0)
    }

    /// Jobs per queue and state, and per queue the seconds since the oldest
    /// available job became due (the metrics endpoint reads this at each scrape).
    public func depth() throws -> QueueDepth {
        let counts = try connection.fetch(JobStats.Count.self, """
            SELECT queue, state, count(*)::int AS count FROM jobs GROUP BY queue, state ORDER BY queue, state
            """)
        struct Age: Decodable { var queue: String; var seconds: Double }
        let ages = try connection.fetch(Age.self, """
            SELECT queue, extract(epoch FROM now() - min(scheduled_at))::float8 AS seconds
            FROM jobs WHERE state = 'available' GROUP BY queue
            """)
        return QueueDepth(counts: counts,
                          oldestAvailableAge: Dictionary(uniqueKeysWithValues: ages.map { ($0.queue, $0.seconds) }))
    }

    /// The highest job id so far (0 for an empty table): where counting enqueued jobs starts.
    public func lastJobID() throws -> Int64 {
        try connection.fetchOne(Int64.self, "SELECT coalesce(max(id), 0)::int8 FROM jobs") ?? 0
    }

    /// Jobs inserted with an id above `id`, per queue and kind, each group with its highest id
    /// (the primary key's index: a scrape reads only the new rows).
    public func enqueued(after id: Int64) throws -> [EnqueuedJobs] {
        try connection.fetch(EnqueuedJobs.self, """
            SELECT queue, kind, count(*)::int AS count, max(id)::int8 AS last_id
            FROM jobs WHERE id > \(id) GROUP BY queue, kind ORDER BY queue, kind
            """)
    }

    // MARK: - Leadership

    /// Takes or renews the lease row `name` for `holder` until `now() + ttl`.
    /// True when `holder` is the leader: the row was free, expired, or already
    /// its own. Two callers never both get true for an unexpired lease (the
    /// upsert locks the row and re-checks the condition).
    public func acquireLeadership(name: String, holder: String, ttl: Duration) throws -> Bool {
        try !connection.fetch(String.self, """
            INSERT INTO job_leader AS l (name, holder, elected_at, expires_at)
            VALUES (\(name), \(holder), now(), now() + make_interval(secs => \(ttl.queueMilliseconds) / 1000.0))
            ON CONFLICT (name) DO UPDATE
                SET holder = excluded.holder,
                    elected_at = CASE WHEN l.holder = excluded.holder THEN l.elected_at ELSE now() END,
                    expires_at = excluded.expires_at
                WHERE l.holder = excluded.holder OR l.expires_at < now()
            RETURNING l.holder
            """).isEmpty
    }

    /// Gives up the lease (shutdown) so another holder is elected at once.
    @discardableResult
    public func resignLeadership(name: String, holder: String) throws -> Bool {
        try connection.execute("DELETE FROM job_leader WHERE name = \(name) AND holder = \(holder)").affectedRows == 1
    }

    /// The current unexpired leader of `name`, or nil.
    public func leader(name: String) throws -> String? {
        try connection.fetchOne(String.self,
            "SELECT holder FROM job_leader WHERE name = \(name) AND expires_at >= now()")
    }
}
