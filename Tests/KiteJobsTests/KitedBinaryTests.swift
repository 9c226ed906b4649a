import Foundation
import KiteStore
import KiteTestSupport
import Testing

extension DaemonTests {
    /// The built `kited` (`swift build` first), as systemd runs it.
    @Suite
    struct KitedBinaryTests {
        static var kited: String {
            for configuration in ["debug", "release"] {
                let path = repositoryRoot.appendingPathComponent(".build/\(configuration)/kited").path
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
            return repositoryRoot.appendingPathComponent(".build/debug/kited").path
        }

        init() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.kited),
                         "\(Self.kited) is missing: run `swift build` (or `swift build --product kited`) before the tests")
        }

        static var config: String { repositoryRoot.appendingPathComponent("config/kited.toml").path }

        @Test func migrateThenStatus() throws {
            let conninfo = try TestDatabase.makeEmpty()
            let migrate = try Subprocess.run([Self.kited, "migrate", "--config", Self.config, "--database", conninfo])
            #expect(migrate.status == 0, "\(migrate.output)")
            #expect(migrate.output.contains("applied 0004_job_queue.sql"), "\(migrate.output)")
            let again = try Subprocess.run([Self.kited, "migrate", "--config", Self.config, "--database", conninfo])
            #expect(again.output.contains("database is up to date"), "\(again.output)")

            try JobQueue(connection: PGConnection(conninfo)).enqueue(NewJob(kind: "noop", queue: "mail"))
            let status = try Subprocess.run([Self.kited, "status", "--config", Self.config, "--database", conninfo])
            #expect(status.status == 0, "\(status.output)")
            #expect(status.output.contains("oldest available"), "\(status.output)")
            #expect(status.output.split(separator: "\n").contains { $0.hasPrefix("mail ") }, "\(status.output)")
            #expect(status.output.contains("leader: none"), "\(status.output)")
        }

        @Test func sigtermLetsTheRunningJobFinishAndExitsZero() throws {
            let fixture = try DaemonFixture()
            let slow = try #require(try fixture.queue.enqueue(NewJob(kind: "sleep", args: ["ms": "2000"])).id)
            // kited in the background, SIGTERM after 1.5 s while the job runs.
            let script = #"""
                "$1" run --config "$2" --database "$3" & pid=$!
                sleep 1.5
                kill -TERM $pid
                wait $pid
                echo "kited exit status $?"
                """#
            let result = try Subprocess.run(["/bin/sh", "-c", script, "sh", Self.kited, Self.config, fixture.conninfo])
            #expect(result.output.contains("kited exit status 0"), "\(result.output)")
            #expect(result.output.contains("shutting down"), "\(result.output)")
            #expect(result.output.contains("resigned leadership"), "\(result.output)")
            #expect(try fixture.state(slow) == .completed, "\(result.output)")
            #expect(try fixture.queue.leader(name: "kited") == nil)
        }

        @Test func unknownConfigKeyIsAnErrorNamingFileAndKey() throws {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("kited-\(UUID()).toml")
            try "lease_seconds = 30\nworkers = 3\n".write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try Subprocess.run([Self.kited, "run", "--config", file.path])
            #expect(result.status == 1)
            #expect(result.output.contains("\(file.path): key 'workers': unknown key"), "\(result.output)")
        }
    }
}
