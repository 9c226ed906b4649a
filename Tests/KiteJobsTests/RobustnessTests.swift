import Foundation
import KiteJobs
import KiteStore
import KiteTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    /// Timeouts, restarts, LISTEN probe, periodic jobs: the daemon in-process.
    @Suite
    struct RobustnessTests {
        @Test func aJobPastItsTimeoutIsRetriedAndItsSlotFreed() throws {
            let fixture = try DaemonFixture()
            let slow = try #require(try fixture.queue.enqueue(NewJob(kind: "sleep", args: ["ms": "4000"], maxAttempts: 3)).id)
            let quick = try #require(try fixture.queue.enqueue(NewJob(kind: "noop", priority: 5)).id)
            var config = testConfig(queues: ["default": 1])
            config.jobTimeoutSeconds = 0.5
            let daemon = fixture.daemon(config)
            daemon.start()
            defer { daemon.shutdown() }
            // The one slot is freed at the timeout, so the quick job runs long before the slow one would end.
            #expect(try waitUntil(3) { try fixture.state(quick) == .completed })
            let record = try #require(try fixture.queue.job(id: slow))
            #expect(record.state == .retryable)
            #expect(record.errors.map(\.error) == ["timed out after 0.5 s"])
            #expect(daemon.counters.timedOut == 1)
        }

        @Test func aRestartedDaemonFreesTheJobsItsDeadPredecessorLeftRunning() throws {
            let fixture = try DaemonFixture()
            let id = try #require(try fixture.queue.enqueue(NewJob(kind: "noop")).id)
            // As if "orphan-test:1:dead" had claimed it and been killed: a lease far from expiring.
            let claimed = try fixture.queue.claim(queue: "default", limit: 1, worker: "orphan-test:1:dead:default",
                                                  lease: .seconds(3600))
            #expect(claimed.map(\.id) == [id])
            // A live neighbour of the same instance keeps its jobs.
            let neighbour = try PGConnection(fixture.conninfo)
            try neighbour.execute("SELECT set_config('application_name', 'kited orphan-test:2:live', false)")
            let kept = try #require(try fixture.queue.enqueue(NewJob(kind: "noop", queue: "other")).id)
            _ = try fixture.queue.claim(queue: "other", limit: 1, worker: "orphan-test:2:live:other", lease: .seconds(3600))

            var config = testConfig()
            config.instance = "orphan-test"
            let daemon = fixture.daemon(config)
            daemon.start()
            defer { daemon.shutdown() }
            #expect(try waitUntil(10) { try fixture.state(id) == .completed })
            #expect(daemon.counters.orphansRescued == 1)
            let record = try #require(try fixture.queue.job(id: id))
            #expect(record.attempt == 2)
            #expect(record.errors.first?.error == "worker stopped without finishing: daemon restarted")
            #expect(try fixture.state(kept) == .running)
        }

        @Test func listenSelfProbeIsAnswered() throws {
            let fixture = try DaemonFixture()
            let daemon = fixture.daemon(testConfig())
            daemon.start()
            defer { daemon.shutdown() }
            #expect(waitUntil(10) { daemon.isListenHealthy })
        }

        @Test func theDaemonsConnectionsCarryItsIdentity() throws {
            let fixture = try DaemonFixture()
            let daemon = fixture.daemon(testConfig())
            daemon.start()
            defer { daemon.shutdown() }
            // Queue runner, LISTEN and leader: how a successor tells this daemon is alive.
            let name = JobQueue.applicationName(daemon: daemon.identity)
            #expect(try waitUntil(10) {
                try fixture.connection.fetchOne(Int.self,
                    "SELECT count(*)::int FROM pg_stat_activity WHERE application_name = \(name)") ?? 0 >= 3
            })
        }

        @Test func theLeaderRunsPeriodicJobsFromTheDatabaseClockOnce() throws {
            let fixture = try DaemonFixture()
            var config = testConfig()
            config.periodic = [PeriodicJob(name: "tick", kind: "noop", schedule: try CronSpec("* * * * *"))]
            let first = fixture.daemon(config)
            let second = fixture.daemon(config)
            first.start()
            second.start()
            defer { first.shutdown(); second.shutdown() }
            #expect(try waitUntil(10) { try fixture.connection.fetchOne(Int.self, "SELECT count(*)::int FROM job_cron") == 1 })
            // Make the tick due now, three times over; each tick runs once.
            for round in 1...3 {
                try fixture.connection.execute("UPDATE job_cron SET next_run_at = now() - interval '1 second'")
                #expect(try waitUntil(10) { try fixture.count("kind = 'noop' AND state = 'completed'") == round })
            }
            #expect(try fixture.count("kind = 'noop'") == 3)
            #expect(first.counters.periodicRuns + second.counters.periodicRuns == 3)
        }
    }
}
