import ArgumentParser
import Foundation
import KiteJobs
import KiteStore
import Logging

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Queue benchmark on no-op jobs: drain, 30-second throughput, enqueue→start latency (not a test).",
        discussion: """
            Creates the database kited_bench on the server of --database (keyword/value conninfo; \
            CREATEDB needed), migrates it, runs, and drops it. Durability is the server's \
            (synchronous_commit is printed). Release build: swift build -c release.
            """)

    @Option(name: .long, help: "libpq keyword/value conninfo of the server (default: the PG* variables).")
    var database: String = ""

    @Option(help: "No-op jobs to drain.") var jobs = 50_000
    @Option(help: "Seconds of the enqueue-and-run throughput run.") var seconds = 30.0
    @Option(help: "Worker slots of the benchmark's queue.") var slots = 64
    @Option(help: "Seconds of the paced latency run (100 jobs/s).") var latencySeconds = 10.0
    @Flag(help: "Print one JSON line instead of the table.") var json = false

    func run() throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let admin = connect(database)
        let name = "kited_bench"
        try admin.execute("DROP DATABASE IF EXISTS \(raw: name)")
        try admin.execute("CREATE DATABASE \(raw: name)")
        defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(raw: name) WITH (FORCE)") }
        let conninfo = database + " dbname=\(name)"
        try Migrator(connection: connect(conninfo)).migrate()
        var options = QueueBenchmark.Options()
        options.drainJobs = jobs
        options.throughputSeconds = seconds
        options.slots = slots
        options.latencySeconds = latencySeconds
        let report = try QueueBenchmark(conninfo: conninfo, options: options, logger: Logger(label: "kited.bench")).run()
        if json {
            print(#"{"system":"kited","synchronous_commit":"\#(report.synchronousCommit)","drain_jobs":\#(report.drainJobs),"drain_seconds":\#(report.drainSeconds),"drain_rate":\#(report.drainRate),"throughput_rate":\#(report.throughputRate),"latency_p50_ms":\#(report.latencyP50),"latency_p95_ms":\#(report.latencyP95)}"#)
        } else {
            print(report)
        }
    }
}
