import Foundation

/// A job the leader enqueues on a schedule (`[periodic.<name>]` in kited.toml).
public struct PeriodicJob: Sendable, Hashable {
    /// `[a-z0-9_]{1,40}`: the row in `job_cron` and part of each run's unique key.
    public var name: String
    public var kind: String
    public var queue: String
    public var schedule: CronSpec
    /// The zone the schedule is read in (`Europe/Moscow`).
    public var timeZone: TimeZone

    public init(name: String, kind: String, queue: String = "default", schedule: CronSpec,
                timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.name = name
        self.kind = kind
        self.queue = queue
        self.schedule = schedule
        self.timeZone = timeZone
    }
}

/// One periodic run that was enqueued.
public struct PeriodicRun: Sendable, Hashable {
    public var name: String
    public var runAt: Date
    /// nil when a job with the run's unique key was already pending.
    public var jobID: Int64?
    public var nextRunAt: Date
}

/// The `job_cron` table: schedules and their next run, kept on the database
/// clock so that any daemon that becomes leader continues where the last left off.
public struct PeriodicJobs {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// Makes `job_cron` hold exactly `jobs`: new ones get their first run
    /// after the database's `now()`; a changed schedule or zone is
    /// rescheduled; an unchanged one keeps its next run; rows not in `jobs`
    /// are deleted.
    public func register(_ jobs: [PeriodicJob]) throws {
        try connection.transaction { connection in
            let now = try Self.databaseNow(connection)
            for job in jobs {
                let next = job.schedule.next(after: now, timeZone: job.timeZone)
                try connection.execute("""
                    INSERT INTO job_cron (name, kind, queue, spec, time_zone, next_run_at)
                    VALUES (\(job.name), \(job.kind), \(job.queue), \(job.schedule.text), \(job.timeZone.identifier), \(next))
                    ON CONFLICT (name) DO UPDATE
                        SET kind = excluded.kind, queue = excluded.queue, spec = excluded.spec,
                            time_zone = excluded.time_zone,
                            next_run_at = CASE WHEN job_cron.spec = excluded.spec
                                                    AND job_cron.time_zone = excluded.time_zone
                                               THEN job_cron.next_run_at ELSE excluded.next_run_at END
                    """)
            }
            try connection.execute("DELETE FROM job_cron WHERE NOT (name = ANY(\(jobs.map(\.name))))")
        }
    }

    /// Enqueues the job of every schedule whose `next_run_at` has come
    /// (database clock), with the unique key `cron:<name>:<run time>`, and
    /// advances `next_run_at` past `now()` in the same transaction (missed
    /// runs while no daemon was up collapse into one). Rows another session
    /// holds are skipped, so two leaders could not run one tick twice either.
    @discardableResult
    public func enqueueDue() throws -> [PeriodicRun] {
        struct Due: Decodable {
            var name: String, kind: String, queue: String, spec: String, timeZone: String
            var nextRunAt: Date, dbNow: Date
        }
        return try connection.transaction { connection in
            let due = try connection.fetch(Due.self, """
                SELECT name, kind, queue, spec, time_zone, next_run_at, now() AS db_now
                FROM job_cron WHERE next_run_at <= now()
                ORDER BY next_run_at
                FOR UPDATE SKIP LOCKED
                """)
            var runs: [PeriodicRun] = []
            for row in due {
                let spec = try CronSpec(row.spec)
                let zone = TimeZone(identifier: row.timeZone) ?? TimeZone(identifier: "UTC")!
                let next = spec.next(after: max(row.dbNow, row.nextRunAt), timeZone: zone)
                let key = "cron:\(row.name):\(Int64(row.nextRunAt.timeIntervalSince1970))"
                let result = try JobQueue.enqueue(
                    NewJob(kind: row.kind, argsJSON: "{}", queue: row.queue, priority: 1, maxAttempts: 3,
                           uniqueKey: key), on: connection)
                try connection.execute("""
                    UPDATE job_cron SET next_run_at = \(next), last_run_at = \(row.nextRunAt),
                        last_job_id = coalesce(\(result.id), last_job_id)
                    WHERE name = \(row.name)
                    """)
                runs.append(PeriodicRun(name: row.name, runAt: row.nextRunAt, jobID: result.id, nextRunAt: next))
            }
            return runs
        }
    }

    /// The database's clock.
    static func databaseNow(_ connection: PGConnection) throws -> Date {
        try connection.fetchOne(Date.self, "SELECT now()")!
    }
}
