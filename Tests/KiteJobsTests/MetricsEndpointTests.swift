import Foundation
import KiteStore
import KiteTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One sample of a scrape, as prometheus-client's parser read it (scripts/parse-metrics.py).
struct MetricSample: Decodable, Hashable {
    var family: String
    var type: String
    var help: String
    var name: String
    var labels: [String: String]
    var value: Double
}

/// A scrape of kited's endpoint, parsed by prometheus-client (PyPI) in scripts/.venv.
struct Scrape {
    var samples: [MetricSample]

    static var python: String { repositoryRoot.appendingPathComponent("scripts/.venv/bin/python").path }

    /// Makes scripts/.venv when it is missing (`make test` makes it first).
    static func ensureParser() throws {
        if FileManager.default.isExecutableFile(atPath: python) { return }
        let made = try Subprocess.run([repositoryRoot.appendingPathComponent("scripts/test-venv.sh").path])
        try #require(made.status == 0, "scripts/test-venv.sh (python3 -m venv, pip install prometheus-client) failed:\n\(made.output)")
    }

    /// Fetches and parses `url`; a malformed page fails the parse.
    static func fetch(_ url: String) throws -> Scrape {
        let result = try Subprocess.run([python, repositoryRoot.appendingPathComponent("scripts/parse-metrics.py").path, url])
        guard result.status == 0 else { throw ScrapeError(output: result.output) }
        let decoder = JSONDecoder()
        let samples = try result.output.split(separator: "\n").map {
            try decoder.decode(MetricSample.self, from: Data($0.utf8))
        }
        return Scrape(samples: samples)
    }

    /// The value of the sample `name` whose labels include `labels`; nil when absent.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
    }

    func family(_ name: String) -> MetricSample? { samples.first { $0.family == name } }
}

struct ScrapeError: Error, CustomStringConvertible {
    var output: String
    var description: String { "scrape failed: \(output)" }
}

extension DaemonTests {
    /// A real `kited` with `[metrics] listen` and `[log] format = "json"`: its
    /// endpoint, parsed by prometheus-client, counts the jobs it ran.
    @Suite
    struct MetricsEndpointTests {
        func startKited(config: String, conninfo: String, log: String) throws -> pid_t {
            let script = #""$1" run --config "$2" --database "$3" >"$4" 2>&1 & echo $!"#
            let result = try Subprocess.run(["/bin/sh", "-c", script, "sh", KitedBinaryTests.kited, config, conninfo, log])
            return try #require(pid_t(result.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result.output)")
        }

        /// The log's lines, each parsed as a JSON object (nil for a line that is not one).
        func logObjects(_ path: String) -> [(line: String, object: [String: Any]?)] {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map { line in
                (String(line), (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])
            }
        }

        @Test func countersMoveAsJobsRunAndTheLogIsJSONLines() throws {
            try #require(FileManager.default.isExecutableFile(atPath: KitedBinaryTests.kited),
                         "\(KitedBinaryTests.kited) is missing: run `swift build` first")
            try Scrape.ensureParser()
            let fixture = try DaemonFixture()
            let config = FileManager.default.temporaryDirectory.appendingPathComponent("kited-metrics-\(UUID()).toml").path
            let log = config + ".log"
            defer { unlink(config); unlink(log) }
            try """
                instance = "metrics-\(UInt32.random(in: 0...UInt32.max))"
                poll_interval_seconds = 0.2
                leader_ttl_seconds = 2
                [queues]
                default = 4
                [metrics]
                listen = "127.0.0.1:0"
                [log]
                format = "json"
                """.write(toFile: config, atomically: true, encoding: .utf8)
            let pid = try startKited(config: config, conninfo: fixture.conninfo, log: log)
            var stopped = false
            defer { if !stopped { kill(pid, SIGKILL) } }

            // The port the kernel chose, from the JSON log line that announces the endpoint.
            var url: String?
            _ = waitUntil(30) {
                for entry in logObjects(log) {
                    if let message = entry.object?["message"] as? String, message.hasPrefix("metrics: serving ") {
                        url = String(message.dropFirst("metrics: serving ".count))
                    }
                }
                return url != nil
            }
            let endpoint = try #require(url, "no 'metrics: serving' line in the log:\n\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
            #expect(endpoint.hasPrefix("http://127.0.0.1:") && endpoint.hasSuffix("/metrics"), "\(endpoint)")

            // Before any job: the daemon's gauges are there, nothing enqueued yet.
            let before = try Scrape.fetch(endpoint)
            #expect(before.value("kite_daemon_leader") != nil, "\(before.samples.map(\.name))")
            #expect(before.value("kite_jobs_enqueued_total") == nil)
            #expect(before.value("kite_daemon_reconnects_total", ["role": "leader"]) == 0)
            #expect(before.value("kite_jobs", ["queue": "default", "state": "available"]) == 0)

            // Six jobs that complete, one discarded, one failing once and waiting to be retried.
            let queue = fixture.queue
            try queue.enqueueBatch((0..<4).map { _ in NewJob(kind: "noop") }
                + (0..<2).map { _ in NewJob(kind: "sleep", args: ["ms": "40"]) })
            try queue.enqueue(NewJob(kind: "fail", args: ["message": "bad VIN", "permanent": "true"]))
            try queue.enqueue(NewJob(kind: "fail", args: ["message": "registry timeout"], maxAttempts: 3))

            let settled = try waitUntil(30) {
                try fixture.count("state = 'completed'") == 6 && fixture.count("state = 'discarded'") == 1
                    && fixture.count("state = 'retryable'") == 1
            }
            #expect(settled, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

            // The outcome counters move just after the outcomes are committed; the leader
            // is elected within a second: scrape until both show.
            var after = try Scrape.fetch(endpoint)
            _ = waitUntil(10) {
                after = (try? Scrape.fetch(endpoint)) ?? after
                return after.value("kite_jobs_completed_total", ["kind": "sleep"]) == 2
                    && after.value("kite_daemon_leader") == 1
                    && after.value("kite_jobs_retried_total", ["kind": "fail"]) == 1
            }
            let job = ["queue": "default"]
            #expect(after.value("kite_jobs_enqueued_total", job.merging(["kind": "noop"]) { $1 }) == 4)
            #expect(after.value("kite_jobs_enqueued_total", ["kind": "sleep"]) == 2)
            #expect(after.value("kite_jobs_enqueued_total", ["kind": "fail"]) == 2)
            #expect(after.value("kite_jobs_claimed_total", ["kind": "noop"]) == 4)
            #expect(after.value("kite_jobs_completed_total", job.merging(["kind": "noop"]) { $1 }) == 4)
            #expect(after.value("kite_jobs_completed_total", ["kind": "sleep"]) == 2)
            #expect(after.value("kite_jobs_failed_total", ["kind": "fail"]) == 1)
            #expect(after.value("kite_jobs_retried_total", ["kind": "fail"]) == 1)
            #expect(after.value("kite_jobs_completed_total", ["kind": "fail"]) == nil)
            // Durations: two sleeps of 40 ms in the histogram.
            #expect(after.value("kite_job_duration_seconds_count", ["kind": "sleep"]) == 2)
            #expect((after.value("kite_job_duration_seconds_sum", ["kind": "sleep"]) ?? 0) >= 0.08)
            #expect(after.value("kite_job_duration_seconds_bucket", ["kind": "sleep", "le": "+Inf"]) == 2)
            #expect(after.value("kite_job_duration_seconds_bucket", ["kind": "sleep", "le": "0.025"]) == 0)
            #expect(after.family("kite_job_duration_seconds")?.type == "histogram")
            // Depth and age from the database; leadership; the help text.
            #expect(after.value("kite_jobs", ["queue": "default", "state": "completed"]) == 6)
            #expect(after.value("kite_jobs", ["queue": "default", "state": "retryable"]) == 1)
            #expect(after.value("kite_jobs", ["queue": "default", "state": "discarded"]) == 1)
            #expect(after.value("kite_jobs", ["queue": "default", "state": "available"]) == 0)
            #expect(after.value("kite_queue_oldest_available_age_seconds", ["queue": "default"]) == 0)
            #expect(after.value("kite_daemon_leader") == 1)
            #expect(after.value("kite_metrics_database_up") == 1)
            #expect(after.family("kite_jobs_completed")?.type == "counter")
            #expect(after.family("kite_jobs_completed")?.help.contains("completed") == true)

            // A waiting job ages: enqueued into a queue no daemon serves.
            try queue.enqueue(NewJob(kind: "noop", queue: "nobody", runAt: Date().addingTimeInterval(-5)))
            let aged = try Scrape.fetch(endpoint)
            #expect((aged.value("kite_queue_oldest_available_age_seconds", ["queue": "nobody"]) ?? 0) >= 4)
            #expect(aged.value("kite_jobs_enqueued_total", ["queue": "nobody", "kind": "noop"]) == 1)
            #expect(aged.value("kite_jobs_enqueued_total", ["queue": "default", "kind": "noop"]) == 4)

            kill(pid, SIGTERM)
            stopped = waitUntil(20) { kill(pid, 0) != 0 }
            #expect(stopped)

            // Every line kited wrote is one JSON object with the fixed fields.
            let entries = logObjects(log)
            #expect(entries.count >= 5)
            for entry in entries {
                let object = try #require(entry.object, "not a JSON object: \(entry.line)")
                #expect(object["time"] is String && object["level"] is String && object["logger"] as? String == "kited"
                        && object["message"] is String, "\(entry.line)")
            }
            #expect(entries.contains { ($0.object?["message"] as? String)?.contains("elected leader") == true })
            #expect(entries.contains { $0.object?["level"] as? String == "warning"
                && ($0.object?["message"] as? String)?.contains("registry timeout") == true })
        }

        /// The endpoint a kited announced in its JSON log.
        func endpoint(log: String) -> String? {
            var url: String?
            _ = waitUntil(30) {
                for entry in logObjects(log) {
                    if let message = entry.object?["message"] as? String, message.hasPrefix("metrics: serving ") {
                        url = String(message.dropFirst("metrics: serving ".count))
                    }
                }
                return url != nil
            }
            return url
        }

        /// kite_daemon_reconnects_total summed over its roles.
        func reconnects(_ scrape: Scrape) -> Double {
            scrape.samples.filter { $0.name == "kite_daemon_reconnects_total" }.reduce(0) { $0 + $1.value }
        }

        @Test("PostgreSQL restarted under a running kited: the reconnect counter moves and jobs run again")
        func reconnectCounterMovesWhenTheDatabaseRestarts() throws {
            try #require(FileManager.default.isExecutableFile(atPath: KitedBinaryTests.kited),
                         "\(KitedBinaryTests.kited) is missing: run `swift build` first")
            try Scrape.ensureParser()
            // A cluster of its own: restarting the shared test cluster would cut every other test.
            let directory = URL(fileURLWithPath: "/tmp/kite-kited-restart-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            let cluster = try LocalCluster(directory: directory, unsafeFastMode: true)
            defer {
                try? cluster.stop()
                try? FileManager.default.removeItem(at: directory)
            }
            try cluster.start()
            let conninfo = cluster.conninfo()
            _ = try Migrator(connection: try PGConnection(conninfo)).migrate(actor: "tests")

            let config = FileManager.default.temporaryDirectory.appendingPathComponent("kited-restart-\(UUID()).toml").path
            let log = config + ".log"
            defer { unlink(config); unlink(log) }
            try """
                instance = "restart-\(UInt32.random(in: 0...UInt32.max))"
                poll_interval_seconds = 0.2
                leader_ttl_seconds = 2
                [queues]
                default = 2
                [metrics]
                listen = "127.0.0.1:0"
                [log]
                format = "json"
                """.write(toFile: config, atomically: true, encoding: .utf8)
            let pid = try startKited(config: config, conninfo: conninfo, log: log)
            defer { kill(pid, SIGKILL) }
            let url = try #require(endpoint(log: log), "no 'metrics: serving' line:\n\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

            // Settled: leader elected, a job run, no reconnect yet.
            try JobQueue(connection: try PGConnection(conninfo)).enqueue(NewJob(kind: "noop"))
            var before = try Scrape.fetch(url)
            _ = waitUntil(15) {
                before = (try? Scrape.fetch(url)) ?? before
                return before.value("kite_daemon_leader") == 1 && before.value("kite_jobs_completed_total", ["kind": "noop"]) == 1
            }
            #expect(before.value("kite_daemon_leader") == 1)
            #expect(reconnects(before) == 0, "\(before.samples.filter { $0.name.hasPrefix("kite_daemon_reconnects") })")

            // The database goes away and comes back (a fast shutdown: every connection is cut).
            try cluster.stop()
            usleep(500_000)
            try cluster.start()

            var after = before
            let moved = waitUntil(30) {
                after = (try? Scrape.fetch(url)) ?? after
                return reconnects(after) > 0
            }
            #expect(moved, "log:\n\((try? String(contentsOfFile: log, encoding: .utf8))?.suffix(3000) ?? "")")
            #expect(after.value("kite_metrics_database_up") == 1)
            // And the daemon works on the new connections.
            try JobQueue(connection: try PGConnection(conninfo)).enqueue(NewJob(kind: "noop"))
            let ranAgain = waitUntil(15) {
                after = (try? Scrape.fetch(url)) ?? after
                return after.value("kite_jobs_completed_total", ["kind": "noop"]) == 2
            }
            #expect(ranAgain)
        }
    }
}
