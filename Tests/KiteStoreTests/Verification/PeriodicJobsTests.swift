import Foundation
import KiteStore
import KiteTestSupport
import Testing

@Suite struct CronSpecTests {
    let utc = TimeZone(identifier: "UTC")!
    let moscow = TimeZone(identifier: "Europe/Moscow")!

    func date(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test func nextRunOfCommonSpecs() throws {
        let after = date("2026-11-24T10:07:30Z")
        #expect(try CronSpec("*/10 * * * *").next(after: after, timeZone: utc) == date("2026-11-24T10:10:00Z"))
        #expect(try CronSpec("0 * * * *").next(after: after, timeZone: utc) == date("2026-11-24T11:00:00Z"))
        #expect(try CronSpec("@daily").next(after: after, timeZone: utc) == date("2026-11-25T00:00:00Z"))
        // 03:30 in Moscow is 00:30 UTC.
        #expect(try CronSpec("30 3 * * *").next(after: after, timeZone: moscow) == date("2026-11-25T00:30:00Z"))
        // Mondays at 9 (24.11.2026 is a Tuesday).
        #expect(try CronSpec("0 9 * * 1").next(after: after, timeZone: utc) == date("2026-11-30T09:00:00Z"))
        #expect(try CronSpec("0 0 29 2 *").next(after: after, timeZone: utc) == date("2028-02-29T00:00:00Z"))
        #expect(try CronSpec("15,45 8-9 1 * *").next(after: after, timeZone: utc) == date("2026-12-01T08:15:00Z"))
        // Exactly on a matching minute: the next one, never the same.
        #expect(try CronSpec("*/10 * * * *").next(after: date("2026-11-24T10:10:00Z"), timeZone: utc)
                == date("2026-11-24T10:20:00Z"))
    }

    @Test func badSpecsNameTheField() {
        #expect { try CronSpec("* * * *") } throws: { "\($0)".contains("expected 5 fields") }
        #expect { try CronSpec("61 * * * *") } throws: { "\($0)".contains("minute '61': must be within 0–59") }
        #expect { try CronSpec("* * * * mon") } throws: { "\($0)".contains("day of week 'mon'") }
        #expect { try CronSpec("*/0 * * * *") } throws: { "\($0)".contains("step must be a positive number") }
    }
}

@Suite struct PeriodicJobsTests {
    @Test func dueScheduleEnqueuesOnceAndAdvancesOnTheDatabaseClock() throws {
        let conninfo = try TestDatabase.makeMigrated()
        let connection = try PGConnection(conninfo)
        let periodic = PeriodicJobs(connection: connection)
        try periodic.register([PeriodicJob(name: "expire", kind: "reservations.expire", schedule: CronSpec("*/5 * * * *"))])
        // Nothing due yet: the first run is after now().
        #expect(try periodic.enqueueDue().isEmpty)
        try connection.execute("UPDATE job_cron SET next_run_at = now() - interval '1 minute'")

        // Two daemons' leaders asking at once (as after a failover race): one run.
        let other = PeriodicJobs(connection: try PGConnection(conninfo))
        let runs = try periodic.enqueueDue() + other.enqueueDue()
        #expect(runs.count == 1)
        #expect(runs.first?.jobID != nil)
        #expect(try connection.fetchOne(Int.self,
            "SELECT count(*)::int FROM jobs WHERE kind = 'reservations.expire' AND unique_key LIKE 'cron:expire:%'") == 1)
        let next = try #require(try connection.fetchOne(Date.self, "SELECT next_run_at FROM job_cron"))
        let now = try #require(try connection.fetchOne(Date.self, "SELECT now()"))
        #expect(next > now && next <= now.addingTimeInterval(300))

        // A changed schedule is rescheduled; a schedule gone from the config is removed.
        try periodic.register([PeriodicJob(name: "recheck", kind: "stock.recheck", schedule: CronSpec("@daily"))])
        #expect(try connection.fetch(String.self, "SELECT name FROM job_cron") == ["recheck"])
    }
}
