import Foundation
import KiteStore
import KiteTestSupport
import Testing

@Suite("JobQueue: leadership, NOTIFY, concurrent drain")
struct JobQueueConcurrencyTests {
    @Test func leadershipHasOneHolderUntilItExpires() throws {
        let fixture = try JobQueueFixture()
        let a = fixture.queue
        let b = JobQueue(connection: try PGConnection(fixture.conninfo))
        #expect(try a.acquireLeadership(name: "kited", holder: "a", ttl: .milliseconds(400)))
        #expect(try !b.acquireLeadership(name: "kited", holder: "b", ttl: .milliseconds(400)))
        #expect(try a.acquireLeadership(name: "kited", holder: "a", ttl: .milliseconds(400)))  // renewal
        #expect(try b.leader(name: "kited") == "a")
        Thread.sleep(forTimeInterval: 0.6)
        #expect(try b.leader(name: "kited") == nil)
        #expect(try b.acquireLeadership(name: "kited", holder: "b", ttl: .seconds(30)))
        #expect(try !a.acquireLeadership(name: "kited", holder: "a", ttl: .seconds(30)))
        #expect(try a.leader(name: "kited") == "b")
        // Resigning hands over at once.
        #expect(try b.resignLeadership(name: "kited", holder: "b"))
        #expect(try a.acquireLeadership(name: "kited", holder: "a", ttl: .seconds(30)))
    }

    @Test func racingHoldersNeverBothWin() throws {
        let fixture = try JobQueueFixture()
        let rounds = 40
        let wins = ThreadResults<String>()
        let conninfo = fixture.conninfo
        runOnThreads(2, results: wins) { index in
            let queue = JobQueue(connection: try PGConnection(conninfo))
            for round in 0..<rounds {
                if try queue.acquireLeadership(name: "round\(round)", holder: "h\(index)", ttl: .seconds(30)) {
                    wins.append("round\(round)")
                }
            }
        }
        #expect(wins.errors == [])
        #expect(wins.values.count == rounds)
        #expect(Set(wins.values).count == rounds)
    }

    @Test func enqueueNotifiesOncePerQueueAfterCommit() throws {
        let fixture = try JobQueueFixture()
        let listener = try PGConnection(fixture.conninfo)
        try listener.listen(JobQueue.channel(for: "default"))
        try listener.listen(JobQueue.channel(for: "checks"))
        func received(waitingFor expected: Int) throws -> [PGConnection.Notification] {
            var notes: [PGConnection.Notification] = []
            let deadline = Date().addingTimeInterval(5)
            while notes.count < expected && Date() < deadline {
                notes += try listener.drainNotifications()
                Thread.sleep(forTimeInterval: 0.01)
            }
            Thread.sleep(forTimeInterval: 0.1)  // and nothing more arrives
            return notes + (try listener.drainNotifications())
        }
        try fixture.connection.transaction { connection in
            try JobQueue.enqueueBatch((0..<10).map { NewJob(kind: "k", queue: $0 % 2 == 0 ? "default" : "checks") },
                                      on: connection)
            try JobQueue.enqueue(NewJob(kind: "k"), on: connection)
            #expect(try listener.drainNotifications().isEmpty)  // not before commit
        }
        let notes = try received(waitingFor: 2)
        #expect(notes.map(\.channel).sorted() == ["kite_jobs_checks", "kite_jobs_default"])
        #expect(notes.allSatisfy { $0.senderPID == fixture.connection.backendPID && $0.payload.isEmpty })
        // A future job sends nothing; its promotion does.
        let later = try #require(try fixture.queue.enqueue(NewJob(kind: "k", runAt: Date().addingTimeInterval(600))).id)
        #expect(try received(waitingFor: 0).isEmpty)
        try fixture.makeDue(later)
        try fixture.queue.promoteDue()
        #expect(try received(waitingFor: 1).map(\.channel) == ["kite_jobs_default"])
    }

    @Test func fourThreadsDrainFiveThousandJobsExactlyOnce() throws {
        let fixture = try JobQueueFixture()
        let total = 5000
        try fixture.connection.execute("CREATE TABLE executed (job_id bigint PRIMARY KEY, worker text NOT NULL)")
        for chunk in stride(from: 0, to: total, by: 1000) {
            _ = try fixture.queue.enqueueBatch((chunk..<(chunk + 1000)).map { NewJob(kind: "noop", args: ["n": "\($0)"]) })
        }
        let done = ThreadResults<Int>()
        let conninfo = fixture.conninfo
        let started = Date()
        runOnThreads(4, results: done) { index in
            let connection = try PGConnection(conninfo)
            let queue = JobQueue(connection: connection)
            let worker = "drain-\(index)"
            var count = 0
            while true {
                let jobs = try queue.claim(queue: "default", limit: 25, worker: worker, lease: .seconds(60))
                if jobs.isEmpty { break }
                // "Run" each job: record it; a second run of any job breaks the primary key.
                try connection.execute("""
                    INSERT INTO executed (job_id, worker) SELECT unnest(\(jobs.map(\.id))::bigint[]), \(worker)
                    """)
                let applied = try queue.complete(jobs.map { $0.succeeded() }, worker: worker)
                guard applied.count == jobs.count else { throw TestDatabaseError("lost leases: \(jobs.count - applied.count)") }
                count += jobs.count
            }
            done.append(count)
        }
        let seconds = Date().timeIntervalSince(started)
        let rate = Double(total) / seconds
        print("JobQueue drain: \(total) no-op jobs, 4 threads, batch 25: \(String(format: "%.2f", seconds)) s, \(Int(rate)) jobs/s")
        #expect(done.errors == [])
        #expect(done.values.reduce(0, +) == total)
        #expect(try fixture.connection.fetchOne(Int.self, "SELECT count(DISTINCT job_id)::int FROM executed") == total)
        #expect(try fixture.connection.fetchOne(Int.self,
            "SELECT count(*)::int FROM jobs j JOIN executed e ON e.job_id = j.id WHERE j.state = 'completed'") == total)
        #expect(try fixture.count("state <> 'completed'") == 0)
        let stats = try fixture.queue.stats()
        #expect(stats.count(state: .completed) == total)
        #expect(stats.oldestAvailableAge.isEmpty)
    }
}
