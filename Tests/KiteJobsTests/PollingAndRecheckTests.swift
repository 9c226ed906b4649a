import Foundation
import KiteDomain
import KiteJobs
import KiteStore
import KiteTestSupport
import Logging
import Testing

extension DaemonTests {
    /// Polling when no notification comes, and the periodic re-check of stock, in a running daemon.
    @Suite
    struct PollingAndRecheckTests {
        @Test func jobsWrittenWithoutANotificationStillRunByThePoll() throws {
            let fixture = try DaemonFixture()
            var config = testConfig()
            config.pollIntervalSeconds = 1
            config.leaseSeconds = 30   // an idle runner waits min(poll interval, lease / 3)
            // A listener of our own on the queue's channel: proof that nothing is sent.
            let listener = try PGConnection(fixture.conninfo)
            try listener.listen(JobQueue.channel(for: "default"))
            let daemon = fixture.daemon(config)
            daemon.start()
            defer { daemon.shutdown() }
            #expect(waitUntil(10) { daemon.isListenHealthy })
            Thread.sleep(forTimeInterval: 0.3)   // the runner is idle, waiting for a wake-up

            // A plain INSERT sends no NOTIFY: what the daemon sees behind a
            // pooler that drops notifications, or when one is lost.
            let ids = try fixture.connection.fetch(Int64.self,
                "INSERT INTO jobs (kind) SELECT 'noop' FROM generate_series(1, 3) RETURNING id")
            #expect(try waitUntil(config.pollIntervalSeconds + 4) {
                try fixture.count("state = 'completed'") == ids.count
            })
            #expect(try listener.drainNotifications().filter { $0.channel == JobQueue.channel(for: "default") }.isEmpty)
            #expect(daemon.counters.claimed == ids.count)
        }

        @Test func thePeriodicRecheckQueuesStaleStockAndItsChecksRun() throws {
            let fixture = try ChecksFixture()
            let stale = try fixture.vehicles.insert(
                fixture.vehicle(1, vin: validVIN(wmi: "XW8", serial: 1), make: "Volkswagen", year: 2024), actor: "seed").id
            let fresh = try fixture.vehicles.insert(
                fixture.vehicle(2, vin: validVIN(wmi: "XW8", serial: 2), make: "Volkswagen", year: 2024), actor: "seed").id
            let sold = try fixture.vehicles.insert(
                fixture.vehicle(3, vin: validVIN(wmi: "XW8", serial: 3), make: "Volkswagen", year: 2024, status: .sold),
                actor: "seed").id
            try fixture.connection.execute("DELETE FROM jobs")
            for (id, days) in [(stale, 31), (fresh, 2), (sold, 90)] {
                try fixture.results.record([NewCheckResult(checkName: "vin_structure", status: .passed)],
                                           subject: .vehicle, subjectID: id)
                try fixture.connection.execute("""
                    UPDATE check_results SET checked_at = now() - make_interval(days => \(days)) WHERE subject_id = \(id)
                    """)
            }
            // The shipped schedule (03:30 daily), made due now.
            let recheck = try #require(DaemonConfig.defaultPeriodic.first { $0.kind == StockRecheck.jobKind })
            try PeriodicJobs(connection: fixture.connection).register([recheck])
            try fixture.connection.execute("UPDATE job_cron SET next_run_at = now() - interval '1 second'")

            var config = testConfig()
            config.periodic = [recheck]
            var logger = Logger(label: "kited.test")
            logger.logLevel = .warning
            let daemon = JobDaemon(config: config, conninfo: fixture.conninfo,
                                   handlers: .builtIn(logger: logger, conninfo: fixture.conninfo), logger: logger)
            daemon.start()
            defer { daemon.shutdown() }

            func count(_ kind: String, state: String = "completed") throws -> Int {
                try fixture.connection.fetchOne(Int.self,
                    "SELECT count(*)::int FROM jobs WHERE kind = \(kind) AND state::text = \(state)") ?? 0
            }
            #expect(try waitUntil(15) { try count(StockRecheck.jobKind) == 1 && count(VehicleChecks.jobKind) == 1 })
            let verified = try fixture.connection.fetch(String.self,
                "SELECT args->>'vehicle_id' FROM jobs WHERE kind = 'vehicle.verify'")
            #expect(verified == [String(stale)])
            // The stale car has fresh results now; the others kept theirs.
            let checkedToday = { (id: Int64) in
                try fixture.connection.fetchOne(Int.self, """
                    SELECT count(*)::int FROM check_results
                    WHERE subject_kind = 'vehicle' AND subject_id = \(id) AND checked_at > now() - interval '1 hour'
                    """) ?? 0
            }
            #expect(try checkedToday(stale) >= CheckCatalog.vehicleChecks.count)
            #expect(try checkedToday(sold) == 0)
            #expect(try checkedToday(fresh) == 0)
            #expect(daemon.counters.periodicRuns == 1)
        }
    }
}
