import Foundation
import KiteStore
import KiteTestSupport
import Testing

@Suite("JobQueue: enqueue, claim, complete")
struct JobQueueTests {
    struct Marker: Error {}

    @Test func enqueueJoinsTheCallersTransaction() throws {
        let fixture = try JobQueueFixture()
        #expect(throws: Marker.self) {
            try fixture.connection.transaction { connection in
                let result = try JobQueue.enqueue(NewJob(kind: "vin_check", args: ["vin": "XW8000"]), on: connection)
                #expect(result.inserted)
                throw Marker()
            }
        }
        #expect(try fixture.count() == 0)
        let id = try fixture.connection.transaction { connection in
            try JobQueue(connection: connection).enqueue(NewJob(kind: "vin_check", args: ["vin": "XW8001"])).id
        }
        let newID = try #require(id)
        let job = try #require(try fixture.queue.job(id: newID))
        #expect(job.state == .available)
        #expect(job.kind == "vin_check")
        #expect(job.args == #"{"vin": "XW8001"}"#)
        #expect(job.attempt == 0 && job.maxAttempts == 20 && job.priority == 2 && job.errors.isEmpty)
    }

    @Test func uniqueKeyDedupesWhilePendingAndAllowsAgainAfterCompletion() throws {
        let fixture = try JobQueueFixture()
        let queue = fixture.queue
        let first = try queue.enqueue(NewJob(kind: "vin_check", uniqueKey: "vin_check:XW8"))
        #expect(first.inserted)
        #expect(try !queue.enqueue(NewJob(kind: "vin_check", uniqueKey: "vin_check:XW8")).inserted)
        // Duplicates inside one batch: only the first of each key goes in.
        let batch = try queue.enqueueBatch([
            NewJob(kind: "a", uniqueKey: "k1"), NewJob(kind: "b"), NewJob(kind: "c", uniqueKey: "k1"),
            NewJob(kind: "d", uniqueKey: "vin_check:XW8"), NewJob(kind: "e"), NewJob(kind: "f", uniqueKey: "k2"),
        ])
        #expect(batch.map(\.inserted) == [true, true, false, false, true, true])
        // Results are in input order: each id holds the kind given at its position.
        for (result, kind) in zip(batch, ["a", "b", "c", "d", "e", "f"]) {
            if let id = result.id { #expect(try queue.job(id: id)?.kind == kind) }
        }
        // Still deduped while running.
        let claimed = try queue.claim(queue: "default", limit: 10, worker: "w1", lease: .seconds(30))
        #expect(claimed.count == 5)
        #expect(try !queue.enqueue(NewJob(kind: "vin_check", uniqueKey: "vin_check:XW8")).inserted)
        // Finished: a new one may go in.
        let applied = try queue.complete(claimed.map { $0.succeeded() }, worker: "w1")
        #expect(applied == Set(claimed.map(\.id)))
        #expect(try queue.enqueue(NewJob(kind: "vin_check", uniqueKey: "vin_check:XW8")).inserted)
        #expect(try fixture.count("unique_key = 'vin_check:XW8'") == 2)
        // Scheduled jobs hold their key too.
        #expect(try queue.enqueue(NewJob(kind: "later", runAt: Date().addingTimeInterval(3600), uniqueKey: "k3")).inserted)
        #expect(try !queue.enqueue(NewJob(kind: "later", uniqueKey: "k3")).inserted)
    }

    @Test func scheduledJobsWaitAndPromoteDueMakesThemAvailable() throws {
        let fixture = try JobQueueFixture()
        let queue = fixture.queue
        let later = try #require(try queue.enqueue(NewJob(kind: "remind", runAt: Date().addingTimeInterval(3600))).id)
        let now = try #require(try queue.enqueue(NewJob(kind: "now", runAt: Date().addingTimeInterval(-5))).id)
        #expect(try fixture.state(later) == .scheduled)
        #expect(try fixture.state(now) == .available)
        #expect(try queue.promoteDue().isEmpty)
        #expect(try queue.claim(queue: "default", limit: 10, worker: "w", lease: .seconds(30)).map(\.id) == [now])
        try fixture.makeDue(later)
        #expect(try queue.promoteDue() == ["default": 1])
        #expect(try fixture.state(later) == .available)
        #expect(try queue.claim(queue: "default", limit: 10, worker: "w", lease: .seconds(30)).map(\.id) == [later])
    }

    @Test func claimTakesPriorityThenAgeAndOnlyItsQueue() throws {
        let fixture = try JobQueueFixture()
        let queue = fixture.queue
        let ids = try queue.enqueueBatch([
            NewJob(kind: "low", priority: 5), NewJob(kind: "high", priority: 0),
            NewJob(kind: "other", queue: "checks", priority: 0), NewJob(kind: "mid"),
        ]).map { try #require($0.id) }
        let claimed = try queue.claim(queue: "default", limit: 2, worker: "w", lease: .seconds(30))
        #expect(claimed.map(\.kind) == ["high", "mid"])
        #expect(claimed.allSatisfy { $0.attempt == 1 && $0.leaseUntil > Date().addingTimeInterval(20) })
        #expect(try queue.claim(queue: "default", limit: 5, worker: "w", lease: .seconds(30)).map(\.id) == [ids[0]])
        #expect(try queue.claim(queue: "default", limit: 5, worker: "w", lease: .seconds(30)).isEmpty)
        let other = try queue.claim(queue: "checks", limit: 5, worker: "w", lease: .seconds(30))
        #expect(other.map(\.id) == [ids[2]])
        #expect(try other[0].argsDictionary() == [:])
    }

    @Test func twoConnectionsClaimingAtOnceNeverGetTheSameJob() throws {
        let fixture = try JobQueueFixture()
        let total = 3000
        _ = try fixture.queue.enqueueBatch((0..<total).map { NewJob(kind: "noop", args: ["n": "\($0)"]) })
        let claimed = ThreadResults<Int64>()
        let conninfo = fixture.conninfo
        runOnThreads(2, results: claimed) { index in
            let queue = JobQueue(connection: try PGConnection(conninfo))
            while true {
                let jobs = try queue.claim(queue: "default", limit: 7, worker: "w\(index)", lease: .seconds(60))
                if jobs.isEmpty { break }
                claimed.append(contentsOf: jobs.map(\.id))
            }
        }
        #expect(claimed.errors == [])
        #expect(claimed.values.count == total)
        #expect(Set(claimed.values).count == total)
        #expect(try fixture.count("state = 'running'") == total)
    }

    @Test func outcomesAndTheNextClaimCommitTogether() throws {
        let fixture = try JobQueueFixture()
        let queue = fixture.queue
        _ = try queue.enqueueBatch((0..<4).map { _ in NewJob(kind: "noop") })
        let first = try queue.claim(queue: "default", limit: 2, worker: "w", lease: .seconds(30))
        // An outcome for an attempt that is not the current one is fenced out; the claim still happens.
        let stale = JobOutcome(id: first[1].id, attempt: first[1].attempt + 1, result: .success)
        let both = try queue.completeAndClaim([first[0].succeeded(), stale], worker: "w", queue: "default",
                                              limit: 2, lease: .seconds(30))
        #expect(both.applied == [first[0].id])
        #expect(both.claimed.count == 2)
        #expect(try fixture.state(first[0].id) == .completed)
        #expect(try fixture.count("state = 'running'") == 3)

        // When the claim fails, the outcomes written before it in the transaction roll back with it.
        try fixture.connection.execute("""
            CREATE FUNCTION refuse_claims() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'claims refused for the test'; END $$
            """)
        try fixture.connection.execute("""
            CREATE TRIGGER refuse_claims BEFORE UPDATE ON jobs FOR EACH ROW
            WHEN (OLD.state = 'available' AND NEW.state = 'running') EXECUTE FUNCTION refuse_claims()
            """)
        let held = both.claimed[0]
        _ = try queue.enqueue(NewJob(kind: "noop"))
        #expect(throws: DatabaseError.self) {
            try queue.completeAndClaim([held.succeeded()], worker: "w", queue: "default", limit: 1, lease: .seconds(30))
        }
        #expect(try fixture.state(held.id) == .running)
    }

    @Test func completionIsFencedOnTheClaim() throws {
        let fixture = try JobQueueFixture()
        let queue = fixture.queue
        _ = try queue.enqueueBatch([NewJob(kind: "slow"), NewJob(kind: "fast")])
        let jobs = try queue.claim(queue: "default", limit: 2, worker: "old", lease: .milliseconds(50))
        #expect(jobs.count == 2)
        // Another worker cannot complete jobs it does not hold.
        #expect(try queue.complete(jobs.map { $0.succeeded() }, worker: "intruder").isEmpty)
        // Renewal keeps one alive; the other's lease runs out and is rescued.
        Thread.sleep(forTimeInterval: 0.2)
        #expect(try queue.renewLeases(worker: "old", lease: .seconds(30), ids: [jobs[1].id]) == [jobs[1].id])
        #expect(try queue.rescueExpired() == [jobs[0].id])
        let rescued = try #require(try queue.job(id: jobs[0].id))
        #expect(rescued.state == .retryable)
        #expect(rescued.errors.map(\.error) == ["lease expired: worker stopped renewing it"])
        #expect(rescued.errors.first?.worker == "old")
        // The old worker finishes late: the rescued job is refused, the renewed one applied.
        let applied = try queue.complete(jobs.map { $0.succeeded() }, worker: "old")
        #expect(applied == [jobs[1].id])
        #expect(try fixture.state(jobs[0].id) == .retryable)
        #expect(try fixture.state(jobs[1].id) == .completed)
        // Claimed again by the same worker name: the old attempt is still refused.
        try fixture.makeDue(jobs[0].id)
        #expect(try queue.promoteDue() == ["default": 1])
        let again = try queue.claim(queue: "default", limit: 1, worker: "old", lease: .seconds(30))
        #expect(again.map(\.attempt) == [2])
        #expect(try queue.complete([jobs[0].succeeded()], worker: "old").isEmpty)
        #expect(try queue.complete([again[0].succeeded()], worker: "old") == [jobs[0].id])
        // Renewal reports only what is still held.
        #expect(try queue.renewLeases(worker: "old", lease: .seconds(30)).isEmpty)
    }

    @Test func failuresBackOffThenDiscardWithTheErrorHistory() throws {
        let fixture = try JobQueueFixture()
        let queue = fixture.queue
        let id = try #require(try queue.enqueue(NewJob(kind: "flaky", maxAttempts: 3)).id)
        for attempt in 1...3 {
            let jobs = try queue.claim(queue: "default", limit: 1, worker: "w", lease: .seconds(30))
            #expect(jobs.map(\.attempt) == [attempt])
            #expect(try queue.complete([jobs[0].failed("timeout \(attempt)")], worker: "w") == [id])
            let job = try #require(try queue.job(id: id))
            #expect(job.errors.map(\.error) == (1...attempt).map { "timeout \($0)" })
            #expect(job.errors.map(\.attempt) == Array(1...attempt))
            if attempt < 3 {
                #expect(job.state == .retryable)
                #expect(job.finalizedAt == nil && job.leaseUntil == nil)
                // attempt⁴ + 15 s, ±10 %.
                let delay = try #require(try fixture.connection.fetchOne(Double.self,
                    "SELECT extract(epoch FROM scheduled_at - now())::float8 FROM jobs WHERE id = \(id)"))
                let base = pow(Double(attempt), 4) + 15
                #expect(delay > base * 0.9 - 2 && delay <= base * 1.1, "attempt \(attempt): delay \(delay)")
                #expect(try queue.claim(queue: "default", limit: 1, worker: "w", lease: .seconds(30)).isEmpty)
                #expect(try queue.promoteDue().isEmpty)
                try fixture.makeDue(id)
                #expect(try queue.promoteDue() == ["default": 1])
            } else {
                #expect(job.state == .discarded)
                #expect(job.finalizedAt != nil)
            }
        }
        // A permanent error discards at once.
        let permanent = try #require(try queue.enqueue(NewJob(kind: "bad_request")).id)
        let jobs = try queue.claim(queue: "default", limit: 1, worker: "w", lease: .seconds(30))
        try queue.complete([jobs[0].failed("HTTP 400", permanent: true)], worker: "w")
        let job = try #require(try queue.job(id: permanent))
        #expect(job.state == .discarded && job.attempt == 1 && job.errors.map(\.error) == ["HTTP 400"])
        // The admin puts the dead one back with an attempt left.
        #expect(try queue.retry(id: id))
        let retried = try #require(try queue.job(id: id))
        #expect(retried.state == .available && retried.maxAttempts == 4 && retried.finalizedAt == nil)
        #expect(try queue.claim(queue: "default", limit: 1, worker: "w", lease: .seconds(30)).map(\.attempt) == [4])
        let stats = try queue.stats()
        #expect(stats.failuresLastHour == 4)
        #expect(stats.discardedLastHour == 1)
        #expect(stats.count(state: .running) == 1)
        #expect(stats.count(queue: "default", state: .discarded) == 1)
    }

    @Test func backoffIsCappedAtSixHours() throws {
        let fixture = try JobQueueFixture()
        let queue = fixture.queue
        let id = try #require(try queue.enqueue(NewJob(kind: "flaky")).id)
        try fixture.connection.execute("UPDATE jobs SET attempt = 14 WHERE id = \(id)")  // 15⁴ s ≈ 14 h
        let jobs = try queue.claim(queue: "default", limit: 1, worker: "w", lease: .seconds(30))
        try queue.complete([jobs[0].failed("still down")], worker: "w")
        let delay = try #require(try fixture.connection.fetchOne(Double.self,
            "SELECT extract(epoch FROM scheduled_at - now())::float8 FROM jobs WHERE id = \(id)"))
        #expect(delay > 21_590 && delay <= 21_600)
    }

    @Test func adminCancelStopsPendingAndRunningJobs() throws {
        let fixture = try JobQueueFixture()
        let queue = fixture.queue
        let ids = try queue.enqueueBatch([NewJob(kind: "a"), NewJob(kind: "b")]).map { try #require($0.id) }
        #expect(try queue.cancel(id: ids[0]))
        #expect(try !queue.cancel(id: ids[0]))
        let running = try queue.claim(queue: "default", limit: 5, worker: "w", lease: .seconds(30))
        #expect(running.map(\.id) == [ids[1]])
        #expect(try queue.cancel(id: ids[1], reason: "vehicle sold"))
        #expect(try queue.renewLeases(worker: "w", lease: .seconds(30)).isEmpty)
        #expect(try queue.complete([running[0].succeeded()], worker: "w").isEmpty)
        let job = try #require(try queue.job(id: ids[1]))
        #expect(job.state == .cancelled && job.errors.map(\.error) == ["vehicle sold"])
        #expect(try !queue.cancel(id: 999_999))
        #expect(try !queue.retry(id: 999_999))
    }

    @Test func releaseGivesJobsBackWithoutSpendingAnAttempt() throws {
        let fixture = try JobQueueFixture()
        let queue = fixture.queue
        try queue.enqueue(NewJob(kind: "a"))
        let jobs = try queue.claim(queue: "default", limit: 1, worker: "w", lease: .seconds(30))
        #expect(try queue.release(jobs, worker: "w") == [jobs[0].id])
        let again = try queue.claim(queue: "default", limit: 1, worker: "w2", lease: .seconds(30))
        #expect(again.map(\.attempt) == [1])
    }

    @Test func pruneDeletesOnlyOldFinishedJobs() throws {
        let fixture = try JobQueueFixture()
        let queue = fixture.queue
        _ = try queue.enqueueBatch((0..<4).map { NewJob(kind: "k\($0)") })
        let jobs = try queue.claim(queue: "default", limit: 3, worker: "w", lease: .seconds(30))
        try queue.complete(jobs.map { $0.succeeded() }, worker: "w")
        try fixture.connection.execute("""
            UPDATE jobs SET finalized_at = now() - interval '2 days' WHERE id = ANY(\([jobs[0].id, jobs[1].id])::bigint[])
            """)
        #expect(try queue.prune(olderThan: .seconds(86_400)) == 2)
        #expect(try fixture.count() == 2)
        #expect(try fixture.count("state = 'available'") == 1)
    }

    @Test func snoozeReschedulesWithoutSpendingAnAttempt() throws {
        let fixture = try JobQueueFixture()
        let queue = fixture.queue
        let id = try #require(try queue.enqueue(NewJob(kind: "http_check", maxAttempts: 1)).id)
        let jobs = try queue.claim(queue: "default", limit: 1, worker: "w", lease: .seconds(30))
        #expect(try queue.complete([jobs[0].snoozed(for: .seconds(120))], worker: "w") == [id])
        let job = try #require(try queue.job(id: id))
        #expect(job.state == .scheduled && job.attempt == 0 && job.errors.isEmpty && job.leaseUntil == nil)
        let delay = try #require(try fixture.connection.fetchOne(Double.self,
            "SELECT extract(epoch FROM scheduled_at - now())::float8 FROM jobs WHERE id = \(id)"))
        #expect(delay > 110 && delay <= 120)
        try fixture.makeDue(id)
        try queue.promoteDue()
        #expect(try queue.claim(queue: "default", limit: 1, worker: "w", lease: .seconds(30)).map(\.attempt) == [1])
    }

    /// With many finished and future jobs in the table, the hot paths read
    /// their partial indexes, never the whole table.
    @Test func hotPathsUseTheirPartialIndexes() throws {
        let fixture = try JobQueueFixture()
        let queue = fixture.queue
        try fixture.connection.execute("""
            INSERT INTO jobs (kind, state, finalized_at, attempt)
            SELECT 'old', 'completed', now() - interval '1 minute', 1 FROM generate_series(1, 60000)
            """)
        try fixture.connection.execute("""
            INSERT INTO jobs (kind, state, scheduled_at)
            SELECT 'later', 'scheduled', now() + interval '1 day' FROM generate_series(1, 30000)
            """)
        _ = try queue.enqueueBatch((0..<20).map { NewJob(kind: "now\($0)") })
        try fixture.connection.execute("ANALYZE jobs")
        func scans() throws -> (seq: Int, fetch: Int, due: Int, lease: Int) {
            try fixture.connection.execute("SELECT pg_stat_force_next_flush()")
            try fixture.connection.execute("SELECT pg_stat_clear_snapshot()")
            let seq = try fixture.connection.fetchOne(Int.self,
                "SELECT seq_scan::int FROM pg_stat_user_tables WHERE relname = 'jobs'") ?? -1
            func index(_ name: String) throws -> Int {
                try fixture.connection.fetchOne(Int.self,
                    "SELECT idx_scan::int FROM pg_stat_user_indexes WHERE indexrelname = \(name)") ?? -1
            }
            return (seq, try index("jobs_fetch"), try index("jobs_due"), try index("jobs_lease"))
        }
        let before = try scans()
        let claimed = try queue.claim(queue: "default", limit: 5, worker: "w", lease: .seconds(30))
        #expect(claimed.count == 5)
        try queue.promoteDue()
        try queue.rescueExpired()
        let after = try scans()
        #expect(after.seq == before.seq, "a sequential scan of jobs")
        #expect(after.fetch > before.fetch)
        #expect(after.due > before.due)
        #expect(after.lease > before.lease)
    }
}
