import Foundation
import KiteJobs
import KiteStore
import KiteTestSupport
import Logging
import Testing

/// Every daemon test, one at a time: each runs several threads with their
/// own connections and waits by blocking, and on a 2-core machine the
/// cooperative pool has 2 threads — two blocked tests would starve the async
/// ServiceGroup test.
@Suite(.serialized)
struct DaemonTests {}

/// The daemon in-process against a real PostgreSQL.
extension DaemonTests {
    @Suite
    struct JobDaemonTests {
        @Test func drainsAThousandNoopJobsEachCompletedExactlyOnce() throws {
            let fixture = try DaemonFixture()
            let log = RunLog()
            var handlers = JobHandlers()
            handlers.register("noop") { job in log.record(job.id) }
            let ids = try fixture.queue.enqueueBatch((0..<1000).map { _ in NewJob(kind: "noop") }).compactMap(\.id)
            #expect(ids.count == 1000)

            let daemon = fixture.daemon(testConfig(queues: ["default": 8]), handlers: handlers)
            daemon.start()
            let drained = try waitUntil(60) { try fixture.count("state = 'completed'") == 1000 }
            daemon.shutdown()

            #expect(drained)
            #expect(try fixture.count("state <> 'completed'") == 0)
            let counts = log.counts
            #expect(counts.count == 1000)
            #expect(counts.values.allSatisfy { $0 == 1 })
            #expect(Set(counts.keys) == Set(ids))
            #expect(try fixture.count("attempt <> 1") == 0)
            #expect(daemon.counters.finished == 1000)
            #expect(daemon.counters.fenced == 0)
        }

        @Test func unknownKindIsDiscardedWithAnError() throws {
            let fixture = try DaemonFixture()
            let id = try #require(try fixture.queue.enqueue(NewJob(kind: "no_such_kind")).id)
            let daemon = fixture.daemon(testConfig())
            daemon.start()
            let discarded = try waitUntil(15) { try fixture.state(id) == .discarded }
            daemon.shutdown()

            #expect(discarded)
            let record = try #require(try fixture.queue.job(id: id))
            #expect(record.attempt == 1)
            #expect(record.errors.count == 1)
            #expect(record.errors.first?.error.contains("unknown job kind 'no_such_kind'") == true)
        }

        @Test func failingJobIsRetriedThenDiscardedAfterMaxAttempts() throws {
            let fixture = try DaemonFixture()
            let id = try #require(try fixture.queue.enqueue(
                NewJob(kind: "fail", args: ["message": "provider down"], maxAttempts: 2)).id)
            let daemon = fixture.daemon(testConfig())
            daemon.start()
            defer { daemon.shutdown() }

            #expect(try waitUntil(15) { try fixture.state(id) == .retryable })
            let afterFirst = try #require(try fixture.queue.job(id: id))
            #expect(afterFirst.attempt == 1)
            #expect(afterFirst.errors.map(\.error) == ["provider down"])
            // Skip the backoff (≈16 s): the leader promotes it once it is due.
            try fixture.connection.execute("UPDATE jobs SET scheduled_at = now() - interval '1 second' WHERE id = \(id)")

            #expect(try waitUntil(15) { try fixture.state(id) == .discarded })
            let record = try #require(try fixture.queue.job(id: id))
            #expect(record.attempt == 2)
            #expect(record.errors.map(\.error) == ["provider down", "provider down"])
            #expect(record.errors.map(\.attempt) == [1, 2])
        }

        @Test func permanentFailureIsDiscardedAtOnce() throws {
            let fixture = try DaemonFixture()
            let id = try #require(try fixture.queue.enqueue(
                NewJob(kind: "fail", args: ["message": "bad VIN", "permanent": "true"])).id)
            let daemon = fixture.daemon(testConfig())
            daemon.start()
            let discarded = try waitUntil(15) { try fixture.state(id) == .discarded }
            daemon.shutdown()
            #expect(discarded)
            #expect(try fixture.queue.job(id: id)?.attempt == 1)
        }

        @Test func gracefulShutdownLetsTheRunningJobFinishAndLeavesTheRestAvailable() throws {
            let fixture = try DaemonFixture()
            let slow = try #require(try fixture.queue.enqueue(
                NewJob(kind: "sleep", args: ["ms": "300"], priority: 0)).id)
            let daemon = fixture.daemon(testConfig(queues: ["default": 1], grace: 5))
            daemon.start()
            #expect(try waitUntil(10) { try fixture.state(slow) == .running })
            let waiting = try fixture.queue.enqueueBatch((0..<5).map { _ in NewJob(kind: "noop", priority: 5) })
                .compactMap(\.id)
            let began = Date()
            daemon.shutdown()
            let took = Date().timeIntervalSince(began)

            #expect(try fixture.state(slow) == .completed)
            #expect(took < 4, "shutdown should end as soon as the running job is done, took \(took) s")
            for id in waiting {
                let record = try #require(try fixture.queue.job(id: id))
                #expect(record.state == .available)
                #expect(record.attempt == 0)
            }
            #expect(daemon.counters.released == 0)
        }

        @Test func jobStillRunningAfterTheGracePeriodIsReleased() throws {
            let fixture = try DaemonFixture()
            let slow = try #require(try fixture.queue.enqueue(NewJob(kind: "sleep", args: ["ms": "2000"])).id)
            let daemon = fixture.daemon(testConfig(queues: ["default": 1], grace: 0.3))
            daemon.start()
            #expect(try waitUntil(10) { try fixture.state(slow) == .running })
            daemon.shutdown()

            let record = try #require(try fixture.queue.job(id: slow))
            #expect(record.state == .available)
            #expect(record.attempt == 0)
            #expect(record.attemptedBy == nil)
            #expect(daemon.counters.released == 1)
            Thread.sleep(forTimeInterval: 2)   // the abandoned handler thread ends; its outcome goes nowhere
            #expect(try fixture.state(slow) == .available)
        }

        @Test func twoDaemonsNeverLeadAtTheSameTimeAndTheOtherTakesOver() throws {
            let fixture = try DaemonFixture()
            let first = fixture.daemon(testConfig())
            let second = fixture.daemon(testConfig())
            first.start()
            second.start()
            var stoppedFirst = false, stoppedSecond = false
            defer {
                if !stoppedFirst { first.shutdown() }
                if !stoppedSecond { second.shutdown() }
            }

            #expect(waitUntil(10) { first.isLeader || second.isLeader })
            var overlaps = 0
            for _ in 0..<100 {
                if first.isLeader && second.isLeader { overlaps += 1 }
                Thread.sleep(forTimeInterval: 0.02)
            }
            #expect(overlaps == 0)
            let (leader, other) = first.isLeader ? (first, second) : (second, first)
            #expect(try fixture.queue.leader(name: JobDaemon.leaderName) == leader.identity)

            leader.shutdown()
            if leader === first { stoppedFirst = true } else { stoppedSecond = true }
            #expect(waitUntil(5) { other.isLeader })
            #expect(try fixture.queue.leader(name: JobDaemon.leaderName) == other.identity)
        }

        @Test func notifyWakesAnIdleDaemonBeforeThePoll() throws {
            let fixture = try DaemonFixture()
            var config = testConfig()
            config.pollIntervalSeconds = 30
            let daemon = fixture.daemon(config)
            daemon.start()
            defer { daemon.shutdown() }
            Thread.sleep(forTimeInterval: 0.5)   // runners idle, LISTEN in place
            let id = try #require(try fixture.queue.enqueue(NewJob(kind: "noop")).id)
            #expect(try waitUntil(2) { try fixture.state(id) == .completed })
        }
    }

    @Suite
    struct JobDaemonRescueTests {
        @Test func leasesOfRunningJobsAreRenewedSoTheLeaderDoesNotRescueThem() throws {
            let fixture = try DaemonFixture()
            let id = try #require(try fixture.queue.enqueue(NewJob(kind: "sleep", args: ["ms": "2500"])).id)
            var config = testConfig()
            config.leaseSeconds = 1.5
            config.rescueIntervalSeconds = 0.3
            let daemon = fixture.daemon(config)
            daemon.start()
            let done = try waitUntil(15) { try fixture.state(id) == .completed }
            daemon.shutdown()

            #expect(done)
            let record = try #require(try fixture.queue.job(id: id))
            #expect(record.attempt == 1)
            #expect(record.errors.isEmpty)
            #expect(daemon.counters.fenced == 0)
        }

        @Test func leaderRescuesAJobWhoseWorkerDiedAndItRunsAgain() throws {
            let fixture = try DaemonFixture()
            let id = try #require(try fixture.queue.enqueue(NewJob(kind: "noop")).id)
            // A worker that claimed it and died: running, lease already expired.
            let claimed = try fixture.queue.claim(queue: "default", limit: 1, worker: "dead-host:1:default",
                                                  lease: .seconds(30))
            #expect(claimed.map(\.id) == [id])
            try fixture.connection.execute("UPDATE jobs SET lease_until = now() - interval '1 second' WHERE id = \(id)")

            let daemon = fixture.daemon(testConfig())
            daemon.start()
            let done = try waitUntil(15) { try fixture.state(id) == .completed }
            daemon.shutdown()

            #expect(done)
            let record = try #require(try fixture.queue.job(id: id))
            #expect(record.attempt == 2)
            #expect(record.errors.first?.error.contains("lease expired") == true)
            #expect(record.errors.first?.worker == "dead-host:1:default")
        }
    }

    @Suite
    struct JobDaemonWithoutDatabaseTests {
        @Test func keepsRetryingWithoutADatabaseAndStillStopsAtOnce() throws {
            var logger = Logging.Logger(label: "kited.test")
            logger.logLevel = .critical
            let daemon = JobDaemon(config: testConfig(grace: 10),
                                   conninfo: "host=/nonexistent/kited-test port=1 connect_timeout=1",
                                   handlers: .builtIn(), logger: logger)
            daemon.start()
            Thread.sleep(forTimeInterval: 0.5)
            #expect(!daemon.isLeader)
            #expect(daemon.counters.reconnects > 0)
            let began = Date()
            daemon.shutdown()
            #expect(Date().timeIntervalSince(began) < 5, "nothing runs, so the grace period is not waited for")
        }
    }
}
