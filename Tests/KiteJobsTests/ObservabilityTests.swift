import Foundation
import KiteJobs
import Logging
import Synchronization
import Testing

/// The JSON log line, the `[metrics]` and `[log]` settings, and the endpoint's HTTP answers.
@Suite("Metrics and logs")
struct ObservabilityTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
    }

    @Test func aLogRecordIsOneJSONObjectOnOneLine() throws {
        let lines = Lines()
        var handler = JSONLogHandler(label: "kited") { lines.append($0) }
        handler.logLevel = .debug
        handler[metadataKey: "thread"] = "queue default"
        var logger = Logger(label: "kited") { _ in handler }
        logger.logLevel = .debug
        logger.warning("job 7 (vehicle.verify) failed: \"quoted\"\nsecond line\u{1B}[31m",
                       metadata: ["job": "7", "attempt": .stringConvertible(3), "errors": ["a", "b"],
                                  "level": "shadowed", "provider": ["name": "local"]])

        let written = lines.all
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false, "one physical line: \(line)")
        #expect(!line.contains("\u{1B}"), "control characters are escaped")
        let fields = try object(line)
        #expect(fields["level"] as? String == "warning")
        #expect(fields["logger"] as? String == "kited")
        #expect(fields["message"] as? String == "job 7 (vehicle.verify) failed: \"quoted\"\nsecond line\u{1B}[31m")
        #expect(fields["source"] as? String == "KiteJobsTests")
        #expect(fields["thread"] as? String == "queue default")
        #expect(fields["job"] as? String == "7")
        #expect(fields["attempt"] as? String == "3")
        #expect(fields["errors"] as? [String] == ["a", "b"])
        #expect((fields["provider"] as? [String: String]) == ["name": "local"])
        // A metadata key that collides with a fixed field keeps both.
        #expect(fields["meta_level"] as? String == "shadowed")
        // RFC 3339 in UTC with milliseconds, as Loki and Graylog parse it.
        let time = try #require(fields["time"] as? String)
        #expect(time.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(time)")
        let parsed = try #require(ISO8601DateFormatter.withFractionalSeconds.date(from: time))
        #expect(abs(parsed.timeIntervalSinceNow) < 60)
        // The fixed fields come first, in this order.
        #expect(line.hasPrefix("{\"time\":\"\(time)\",\"level\":\"warning\",\"logger\":\"kited\",\"message\":"))
    }

    @Test func theLineForAKnownRecord() {
        let line = JSONLogHandler.line(time: Date(timeIntervalSince1970: 1_767_322_245.678), level: .info,
                                       label: "kited", message: "leader: elected leader", source: "KiteJobs",
                                       metadata: ["thread": "leader"])
        #expect(line == #"{"time":"2026-01-02T02:50:45.678Z","level":"info","logger":"kited","message":"leader: elected leader","source":"KiteJobs","thread":"leader"}"# + "\n")
    }

    @Test func metricsAndLogSettings() throws {
        let config = try DaemonConfig.parse("""
            [metrics]
            listen = "127.0.0.1:9464"
            [log]
            format = "json"
            level = "debug"
            """, file: "kited.toml")
        #expect(config.metricsListen == ListenAddress(host: "127.0.0.1", port: 9464))
        #expect(config.logFormat == .json)
        #expect(config.logLevel == "debug")
        let defaults = try DaemonConfig.parse("", file: "kited.toml")
        #expect(defaults.metricsListen == nil, "no endpoint unless configured")
        #expect(defaults.logFormat == .plain)
        #expect(try ListenAddress("[::1]:9464") == ListenAddress(host: "::1", port: 9464))
        #expect(try ListenAddress("localhost:0").port == 0)

        func problem(_ text: String) -> String {
            do {
                _ = try DaemonConfig.parse(text, file: "kited.toml")
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(problem("[metrics]\nlisten = \"9464\"").hasPrefix("kited.toml: key 'metrics.listen': expected \"host:port\""))
        #expect(problem("[metrics]\nlisten = \"127.0.0.1:70000\"").contains("key 'metrics.listen'"))
        #expect(problem("[metrics]\nport = 9464") == "kited.toml: key 'metrics.port': unknown key")
        #expect(problem("[log]\nformat = \"xml\"") == "kited.toml: key 'log.format': must be \"plain\" or \"json\"")
        #expect(problem("[log]\nlevel = \"loud\"").hasPrefix("kited.toml: key 'log.level': must be one of trace"))
    }

    @Test func theShippedConfigurationMentionsBothSections() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("config/kited.toml"), encoding: .utf8)
        #expect(text.contains("# [metrics]") && text.contains("# listen = \"127.0.0.1:9464\""))
        #expect(text.contains("# [log]") && text.contains("# format = \"json\""))
    }

    @Test func theEndpointAnswersOnlyGetMetrics() {
        func answer(_ head: String) -> String {
            String(decoding: MetricsServer.response(to: head, render: { "kite_daemon_leader 1\n" }), as: UTF8.self)
        }
        let ok = answer("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(ok.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(ok.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"))
        #expect(ok.contains("Content-Length: 21\r\n"))
        #expect(ok.hasSuffix("\r\n\r\nkite_daemon_leader 1\n"))
        #expect(answer("GET /metrics?x=1 HTTP/1.0\r\n\r\n").hasPrefix("HTTP/1.1 200 OK"))
        let head = answer("HEAD /metrics HTTP/1.1\r\n\r\n")
        #expect(head.hasPrefix("HTTP/1.1 200 OK") && head.hasSuffix("\r\n\r\n"))
        #expect(answer("GET /other HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 404 Not Found"))
        #expect(answer("POST /metrics HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 405 Method Not Allowed"))
        #expect(answer("garbage\r\n\r\n").hasPrefix("HTTP/1.1 400 Bad Request"))
    }
}

extension ISO8601DateFormatter {
    static var withFractionalSeconds: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}

extension ObservabilityTests {
    /// Every metric the Grafana dashboard queries is one kited exports, and every
    /// exported metric but the scrape's own health is on the dashboard.
    @Test func theDashboardQueriesTheExportedMetrics() throws {
        let url = repositoryRoot.appendingPathComponent("config/grafana/kited.json")
        let dashboard = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        let expressions = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        #expect(expressions.count >= 10)
        let exported = Set(KiteMetric.allCases.map(\.rawValue))
        var used: Set<String> = []
        for expression in expressions {
            for match in expression.matches(of: /kite_[a-z_]+/) {
                var name = String(match.output)
                if name.hasSuffix("_bucket") { name.removeLast("_bucket".count) }
                #expect(exported.contains(name), "\(name) in \(expression) is not a metric kited exports")
                used.insert(name)
            }
        }
        let unused = exported.subtracting(used).subtracting([KiteMetric.refreshErrors.rawValue,
                                                             KiteMetric.cancelled.rawValue, KiteMetric.snoozed.rawValue])
        #expect(unused.isEmpty, "not on the dashboard: \(unused.sorted())")
    }
}
