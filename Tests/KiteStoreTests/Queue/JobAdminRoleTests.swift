import Foundation
import KiteStore
import KiteTestSupport
import Testing

/// Migration 0011: retrying and cancelling jobs needs a database login in
/// kite_admin; everything kited does on its own still works without it.
@Suite struct JobAdminRoleTests {
    /// A non-superuser login with the table privileges kite and kited need,
    /// optionally a member of kite_admin. Dropped by `drop`.
    struct Login {
        let name: String
        let conninfo: String
        let owner: PGConnection

        init(_ fixture: JobQueueFixture, admin: Bool) throws {
            name = "kite_jobs_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
            owner = fixture.connection
            try owner.execute("CREATE ROLE \(identifier: name) LOGIN")
            try owner.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(identifier: name)")
            try owner.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \(identifier: name)")
            if admin { try owner.execute("GRANT kite_admin TO \(identifier: name)") }
            conninfo = fixture.conninfo + " user=\(name)"
        }

        func queue() throws -> JobQueue { JobQueue(connection: try PGConnection(conninfo)) }

        func drop() {
            _ = try? owner.execute("DROP OWNED BY \(identifier: name)")
            _ = try? owner.execute("DROP ROLE IF EXISTS \(identifier: name)")
        }
    }

    /// One job of each kind the jobs screen lists: a discarded one and one waiting to retry.
    func failedJobs(_ queue: JobQueue) throws -> (discarded: Int64, retryable: Int64) {
        try queue.enqueueBatch([NewJob(kind: "dead"), NewJob(kind: "flaky")])
        let claimed = try queue.claim(queue: "default", limit: 2, worker: "w", lease: .seconds(30))
        let dead = try #require(claimed.first { $0.kind == "dead" })
        let flaky = try #require(claimed.first { $0.kind == "flaky" })
        try queue.complete([dead.failed("HTTP 400", permanent: true), flaky.failed("HTTP 503")], worker: "w")
        return (dead.id, flaky.id)
    }

    @Test func aLoginOutsideKiteAdminMayNotRetryOrCancel() throws {
        let fixture = try JobQueueFixture()
        let clerk = try Login(fixture, admin: false)
        defer { clerk.drop() }
        let queue = try clerk.queue()
        let (discarded, retryable) = try failedJobs(queue)
        let waiting = try #require(try queue.enqueue(NewJob(kind: "later", runAt: Date().addingTimeInterval(3600))).id)

        func refused(_ action: String, _ body: () throws -> Bool) {
            // No EXECUTE on the functions for a login outside kite_admin (0037): the
            // program names the role it lacks.
            let error = #expect(throws: StateCommandRefusal.self) { _ = try body() }
            #expect(error?.code == "kite_admin_role")
            #expect(error?.localizedReason.en == "Refused by the database: only an admin (the kite_admin role) may \(action) jobs",
                    "\(String(describing: error))")
        }
        refused("retry") { try queue.retry(id: discarded) }
        refused("retry") { try queue.retry(id: retryable) }     // before its backoff is over
        refused("cancel") { try queue.cancel(id: retryable) }
        refused("cancel") { try queue.cancel(id: waiting) }
        // Nothing changed.
        #expect(try fixture.state(discarded) == .discarded)
        #expect(try fixture.state(retryable) == .retryable)
        #expect(try fixture.state(waiting) == .scheduled)
        #expect(try fixture.queue.job(id: discarded)?.errors.map(\.error) == ["HTTP 400"])
    }

    @Test func theDaemonsOwnWorkNeedsNoAdmin() throws {
        let fixture = try JobQueueFixture()
        let daemon = try Login(fixture, admin: false)
        defer { daemon.drop() }
        let queue = try daemon.queue()
        // Promotion of a due retry, a release, a worker's own cancel outcome, a rescue and pruning.
        let (_, retryable) = try failedJobs(queue)
        try fixture.makeDue(retryable)
        #expect(try queue.promoteDue() == ["default": 1])
        try queue.enqueueBatch([NewJob(kind: "released"), NewJob(kind: "gives_up"), NewJob(kind: "orphan")])
        var claimed = try queue.claim(queue: "default", limit: 10, worker: "w", lease: .seconds(30))
        let released = try #require(claimed.first { $0.kind == "released" })
        let givesUp = try #require(claimed.first { $0.kind == "gives_up" })
        #expect(try queue.release([released], worker: "w") == [released.id])
        #expect(try queue.complete([givesUp.cancelled("vehicle sold")], worker: "w") == [givesUp.id])
        #expect(try fixture.state(givesUp.id) == .cancelled)
        try fixture.connection.execute("UPDATE jobs SET lease_until = now() - interval '1 second' WHERE kind = 'orphan'")
        #expect(try queue.rescueExpired().count == 1)
        claimed = try queue.claim(queue: "default", limit: 10, worker: "w", lease: .seconds(30))
        #expect(try queue.complete(claimed.map { $0.succeeded() }, worker: "w").count == claimed.count)
        try fixture.connection.execute("UPDATE jobs SET finalized_at = now() - interval '2 days' WHERE state = 'completed'")
        #expect(try queue.prune(olderThan: .seconds(3600)) >= claimed.count)
    }

    @Test func aMemberOfKiteAdminMayRetryAndCancel() throws {
        let fixture = try JobQueueFixture()
        let admin = try Login(fixture, admin: true)
        defer { admin.drop() }
        let queue = try admin.queue()
        let (discarded, retryable) = try failedJobs(queue)
        #expect(try queue.retry(id: discarded))
        #expect(try fixture.state(discarded) == .available)
        #expect(try queue.cancel(id: retryable, reason: "cancelled by root in kite"))
        #expect(try fixture.state(retryable) == .cancelled)
    }
}
