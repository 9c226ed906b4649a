import Foundation
import KiteStore
import KiteTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    /// The built `kited` killed with SIGKILL mid-job; a second daemon takes over.
    @Suite
    struct KitedKillTests {
        /// Starts the binary in the background with its output in `log`; returns its pid.
        func startKited(config: String, conninfo: String, log: String) throws -> pid_t {
            let script = #""$1" run --config "$2" --database "$3" >"$4" 2>&1 & echo $!"#
            let result = try Subprocess.run(["/bin/sh", "-c", script, "sh", KitedBinaryTests.kited, config, conninfo, log])
            return try #require(pid_t(result.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result.output)")
        }

        func writeConfig(instance: String) throws -> String {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("kited-kill-\(UUID()).toml").path
            try """
                instance = "\(instance)"
                lease_seconds = 2
                leader_ttl_seconds = 2
                rescue_interval_seconds = 0.5
                poll_interval_seconds = 0.2
                grace_period_seconds = 5
                [queues]
                default = 4
                """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        func isAlive(_ pid: pid_t) -> Bool { kill(pid, 0) == 0 }

        @Test func everyJobEndsCompletedExactlyOnceAfterSIGKILLMidJob() throws {
            try #require(FileManager.default.isExecutableFile(atPath: KitedBinaryTests.kited),
                         "\(KitedBinaryTests.kited) is missing: run `swift build` first")
            let fixture = try DaemonFixture()
            try fixture.connection.execute("""
                CREATE TABLE job_probe_runs (id bigserial PRIMARY KEY, job_id bigint NOT NULL, attempt int NOT NULL,
                                             finished_at timestamptz)
                """)
            let ids = try fixture.queue.enqueueBatch((0..<12).map { _ in NewJob(kind: "probe", args: ["ms": "1500"]) })
                .compactMap(\.id)
            let firstConfig = try writeConfig(instance: "kill-a")
            let secondConfig = try writeConfig(instance: "kill-b")
            let firstLog = firstConfig + ".log", secondLog = secondConfig + ".log"
            defer { for path in [firstConfig, secondConfig, firstLog, secondLog] { unlink(path) } }

            let first = try startKited(config: firstConfig, conninfo: fixture.conninfo, log: firstLog)
            // Wait until it is in the middle of its first four jobs, then kill it.
            let midJob = try waitUntil(30) {
                try fixture.connection.fetchOne(Int.self,
                    "SELECT count(*)::int FROM job_probe_runs WHERE finished_at IS NULL") == 4
            }
            kill(first, SIGKILL)
            #expect(midJob, "\((try? String(contentsOfFile: firstLog, encoding: .utf8)) ?? "")")
            #expect(waitUntil(10) { !isAlive(first) })

            let second = try startKited(config: secondConfig, conninfo: fixture.conninfo, log: secondLog)
            let drained = try waitUntil(60) { try fixture.count("state = 'completed'") == ids.count }
            kill(second, SIGTERM)
            let stopped = waitUntil(20) { !isAlive(second) }
            let secondOutput = (try? String(contentsOfFile: secondLog, encoding: .utf8)) ?? ""
            #expect(drained, "\(secondOutput)")
            #expect(stopped)

            // Every job completed; exactly one finished run per job.
            #expect(try fixture.count("state <> 'completed'") == 0)
            struct Runs: Decodable { var jobId: Int64; var finished: Int; var unfinished: Int }
            let runs = try fixture.connection.fetch(Runs.self, """
                SELECT job_id, count(finished_at)::int AS finished, count(*) FILTER (WHERE finished_at IS NULL)::int AS unfinished
                FROM job_probe_runs GROUP BY job_id ORDER BY job_id
                """)
            #expect(runs.map(\.jobId) == ids.sorted())
            #expect(runs.allSatisfy { $0.finished == 1 }, "\(runs)")
            // The four killed mid-job ran again on their second attempt, with the rescue in their errors.
            let killed = runs.filter { $0.unfinished == 1 }.map(\.jobId)
            #expect(killed.count == 4, "\(runs)")
            for id in killed {
                let record = try #require(try fixture.queue.job(id: id))
                #expect(record.attempt == 2)
                #expect(record.errors.map(\.error) == ["lease expired: worker stopped renewing it"])
                #expect(record.errors.first?.worker?.hasPrefix("kill-a:") == true)
            }
            #expect(secondOutput.contains("rescued 4 jobs with expired leases"), "\(secondOutput)")
        }
    }
}
