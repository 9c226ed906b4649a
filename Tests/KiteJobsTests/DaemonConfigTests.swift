import Foundation
import KiteJobs
import KiteStore
import Testing

struct DaemonConfigTests {
    @Test func parsesEveryKey() throws {
        let config = try DaemonConfig.parse("""
            database = "dbname=kite"
            lease_seconds = 45
            grace_period_seconds = 12.5
            poll_interval_seconds = 0.5
            leader_ttl_seconds = 9
            rescue_interval_seconds = 10
            prune_completed_after_hours = 1
            prune_discarded_after_hours = 48
            [queues]
            default = 3
            checks = 8
            """, file: "kited.toml")
        #expect(config.database == "dbname=kite")
        #expect(config.leaseSeconds == 45)
        #expect(config.gracePeriodSeconds == 12.5)
        #expect(config.pollIntervalSeconds == 0.5)
        #expect(config.queues == ["default": 3, "checks": 8])
        #expect(config.source == "kited.toml")
    }

    @Test func parsesProvidersPeriodicJobsAndTimeouts() throws {
        let config = try DaemonConfig.parse("""
            instance = "kite-a"
            job_timeout_seconds = 60
            statement_timeout_seconds = 5
            idle_in_transaction_timeout_seconds = 7
            completion_batch_milliseconds = 0
            time_zone = "Asia/Yekaterinburg"
            [queues]
            default = 2
            checks = 1
            [providers]
            registry = "http"
            [providers.http]
            base_url = "https://registry.example/api"
            token = "abc"
            timeout_seconds = 3
            [periodic.expire]
            kind = "reservations.expire"
            schedule = "*/5 * * * *"
            queue = "checks"
            """, file: "kited.toml")
        #expect(config.instanceName == "kite-a")
        #expect(config.jobTimeoutSeconds == 60)
        #expect(config.statementTimeoutSeconds == 5)
        #expect(config.idleInTransactionTimeoutSeconds == 7)
        #expect(config.completionBatchMilliseconds == 0)
        #expect(config.registryProvider == .http(HTTPProviderSettings(baseURL: "https://registry.example/api",
                                                                      token: "abc", timeoutSeconds: 3)))
        #expect(config.periodic == [PeriodicJob(name: "expire", kind: "reservations.expire", queue: "checks",
                                                schedule: try CronSpec("*/5 * * * *"),
                                                timeZone: TimeZone(identifier: "Asia/Yekaterinburg")!)])
    }

    @Test func badProvidersAndSchedulesNameTheKey() {
        let cases: [(String, String, String)] = [
            ("[providers]\nregistry = \"ftp\"", "providers.registry", "must be \"local\" or \"http\""),
            ("[providers]\nregistry = \"http\"", "providers.http.base_url", "required"),
            ("[providers.http]\nbase_url = \"registry\"", "providers.http.base_url", "expected an http:// or https:// URL"),
            ("[providers.http]\nbase_url = \"http://x\"\nretries = 3", "providers.http.retries", "unknown key"),
            ("[periodic.x]\nkind = \"noop\"\nschedule = \"61 * * * *\"", "periodic.x.schedule", "minute '61'"),
            ("[periodic.x]\nschedule = \"@daily\"", "periodic.x.kind", "required"),
            ("[periodic.x]\nkind = \"noop\"\nschedule = \"@daily\"\nqueue = \"mail\"", "periodic.x.queue", "not in [queues]"),
            ("time_zone = \"Mars/Olympus\"", "time_zone", "unknown time zone"),
            ("instance = \"a:b\"", "instance", "without ':'"),
        ]
        for (text, key, message) in cases {
            let error = #expect(throws: DaemonConfigError.self, "\(text)") {
                try DaemonConfig.parse(text, file: "x.toml")
            }
            #expect(error?.key == key, "\(text): \(String(describing: error))")
            #expect(error?.message.contains(message) == true, "\(text): \(String(describing: error))")
        }
    }

    @Test func shippedConfigParses() throws {
        let path = repositoryRoot.appendingPathComponent("config/kited.toml").path
        let config = try DaemonConfig.load(path: path)
        #expect(config.queues == ["default": 4])
        #expect(config.database == "")
        #expect(config.gracePeriodSeconds < 30, "must stay below TimeoutStopSec=30 in kited.service")
        #expect(config.periodic.map(\.kind) == ["appraisals.expire", "reservations.expire", "drafts.prune", "stock.recheck", "trips.watch_eta"])
        #expect(config.draftMaxAgeHours == 168)
        #expect(config.registryProvider == .local)
        #expect(config.timeZone.identifier == "Europe/Moscow")
    }

    @Test func unknownKeyNamesFileAndKey() {
        let error = #expect(throws: DaemonConfigError.self) {
            try DaemonConfig.parse("lease_secs = 30\n", file: "/etc/kite/kited.toml")
        }
        #expect(error?.file == "/etc/kite/kited.toml")
        #expect(error?.key == "lease_secs")
        #expect(error?.description == "/etc/kite/kited.toml: key 'lease_secs': unknown key")
    }

    @Test func wrongTypesAndBadQueuesNameTheKey() {
        let cases: [(String, String)] = [
            ("lease_seconds = \"thirty\"", "lease_seconds"),
            ("database = 5", "database"),
            ("poll_interval_seconds = 0", "poll_interval_seconds"),
            ("queues = 4", "queues"),
            ("[queues]\nDefault = 2", "queues.Default"),
            ("[queues]\ndefault = 0", "queues.default"),
            ("[queues]\ndefault = \"many\"", "queues.default"),
        ]
        for (text, key) in cases {
            let error = #expect(throws: DaemonConfigError.self, "\(text)") {
                try DaemonConfig.parse(text, file: "x.toml")
            }
            #expect(error?.key == key, "\(text)")
            #expect(error?.description.hasPrefix("x.toml: key '\(key)'") == true, "\(text)")
        }
    }

    @Test func syntaxErrorNamesTheFile() {
        let error = #expect(throws: DaemonConfigError.self) {
            try DaemonConfig.parse("lease_seconds = = 3", file: "bad.toml")
        }
        #expect(error?.description.hasPrefix("bad.toml: line 1") == true)
    }

    @Test func lookupOrder() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("kited-home-\(UUID())")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("config"),
                                                withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("config/kited.toml")
        try "[queues]\nmail = 2\n".write(to: file, atomically: true, encoding: .utf8)

        #expect(try DaemonConfig.locate(explicit: nil, environment: ["KITE_HOME": home.path]) == file.path)
        #expect(try DaemonConfig.load(explicit: nil, environment: ["KITE_HOME": home.path]).queues == ["mail": 2])
        #expect(try DaemonConfig.locate(explicit: file.path, environment: [:]) == file.path)
        let missing = #expect(throws: DaemonConfigError.self) {
            try DaemonConfig.locate(explicit: "/nonexistent/kited.toml", environment: [:])
        }
        #expect(missing?.file == "/nonexistent/kited.toml")
    }

    @Test func statusTable() throws {
        let fixture = try DaemonFixture()
        try fixture.queue.enqueueBatch([NewJob(kind: "noop"), NewJob(kind: "noop"), NewJob(kind: "noop", queue: "mail")])
        #expect(try fixture.queue.acquireLeadership(name: JobDaemon.leaderName, holder: "host:1:ab", ttl: .seconds(30)))
        let text = StatusReport.render(try fixture.queue.stats(),
                                       leader: try fixture.queue.leader(name: JobDaemon.leaderName))
        #expect(text.contains("available"))
        #expect(text.contains("oldest available"))
        #expect(text.contains("failures in the last hour: 0 (discarded: 0)"))
        #expect(text.contains("leader: host:1:ab"))
        let row = text.split(separator: "\n").first { $0.hasPrefix("default") }.map(String.init)
        #expect(row?.split(separator: " ").dropFirst().first == "2", "\(text)")
        #expect(text.split(separator: "\n").contains { $0.hasPrefix("mail") })
        #expect(StatusReport.formatAge(75) == "1 min 15 s")
        #expect(StatusReport.formatAge(7300) == "2 h 1 min")
    }
}

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

struct SystemdUnitTests {
    /// `systemd-analyze verify` (Debian package `systemd`). It checks that
    /// ExecStart's program exists, so the copy it verifies points at a stand-in
    /// executable; the real path is checked as text.
    @Test func unitVerifies() throws {
        let unitPath = repositoryRoot.appendingPathComponent("config/kited.service")
        let unit = try String(contentsOf: unitPath, encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/kited run --config /etc/kite/kited.toml\n"))
        for line in ["Restart=on-failure", "User=kite", "Group=kite", "NoNewPrivileges=yes", "ProtectSystem=strict",
                     "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "ProtectKernelTunables=yes",
                     "ProtectControlGroups=yes", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
                     "TimeoutStopSec=30"] {
            #expect(unit.contains("\n\(line)\n"), "missing \(line)")
        }

        let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let analyze else {
            Issue.record("systemd-analyze is not installed: install the Debian package `systemd` (apt-get install systemd)")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kited-unit-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let standIn = directory.appendingPathComponent("kited")
        try "#!/bin/sh\n".write(to: standIn, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: standIn.path)
        let copy = directory.appendingPathComponent("kited.service")
        try unit.replacingOccurrences(of: "/usr/local/bin/kited", with: standIn.path)
            .write(to: copy, atomically: true, encoding: .utf8)

        let result = try Subprocess.run([analyze, "verify", copy.path])
        #expect(result.status == 0, "systemd-analyze verify: \(result.output)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                "systemd-analyze verify: \(result.output)")
    }
}
