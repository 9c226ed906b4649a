import Foundation
@testable import KiteJobs
import KiteStore
import KiteTestSupport
import Synchronization
import Testing

@Suite struct HTTPProviderTests {
    func provider(_ server: FakeHTTPServer, timeout: Double = 5) -> HTTPRegistryProvider {
        HTTPRegistryProvider(settings: HTTPProviderSettings(baseURL: server.baseURL + "/api", token: "s3cret",
                                                            timeoutSeconds: timeout))
    }

    @Test func listedAndCleanAnswersFollowTheContract() throws {
        let server = try FakeHTTPServer { request in
            if request.path.hasSuffix("/XW8ZZZ61ZKG000001") {
                return .init(status: 200, body: #"{"listed": true, "details": "залог: ООО Банк", "source": "fnp"}"#)
            }
            return .init(status: 200, body: #"{"listed": false}"#)
        }
        defer { server.stop() }
        let http = provider(server)
        let finding = try http.lookup(.pledges, vin: "XW8ZZZ61ZKG000001")
        #expect(finding == RegistryFinding(details: "залог: ООО Банк", source: "fnp"))
        #expect(try http.lookup(.wanted, vin: "XW8ZZZ61ZKG000002") == nil)
        let first = try #require(server.received.first)
        #expect(first.path == "/api/v1/registries/pledges/XW8ZZZ61ZKG000001")
        #expect(first.headers["authorization"] == "Bearer s3cret")
        #expect(first.headers["accept"] == "application/json")
        #expect(server.received.last?.path == "/api/v1/registries/wanted/XW8ZZZ61ZKG000002")
    }

    @Test func statusCodesBecomeRetrySnoozeOrPermanentErrors() throws {
        let statuses: [String: FakeHTTPServer.Response] = [
            "A": .init(status: 429, headers: ["Retry-After": "7"]),
            "B": .init(status: 429),
            "C": .init(status: 503, headers: ["Retry-After": "120"], body: "maintenance"),
            "D": .init(status: 500, body: "boom"),
            "E": .init(status: 401, body: #"{"error": "bad token"}"#),
            "F": .init(status: 200, body: "<html>"),
        ]
        let server = try FakeHTTPServer { request in statuses[String(request.path.suffix(1))] ?? .init(status: 404) }
        defer { server.stop() }
        let http = provider(server)
        func error(_ vin: String) -> ProviderError? {
            do { _ = try http.lookup(.pledges, vin: vin); return nil } catch { return error as? ProviderError }
        }
        #expect(error("A") == .rateLimited(retryAfter: .seconds(7), message: "http provider: pledges A: HTTP 429 (rate limited)"))
        #expect(error("B") == .rateLimited(retryAfter: HTTPRegistryProvider.defaultRateLimitWait,
                                           message: "http provider: pledges B: HTTP 429 (rate limited)"))
        #expect(error("C") == .transient(message: "http provider: pledges C: HTTP 503: maintenance", retryAfter: .seconds(120)))
        #expect(error("D") == .transient(message: "http provider: pledges D: HTTP 500: boom", retryAfter: nil))
        #expect(error("E") == .permanent(message: #"http provider: pledges E: HTTP 401: {"error": "bad token"}"#))
        guard case .transient(let message, nil)? = error("F") else {
            Issue.record("a 200 that is not the contract's JSON is a transient error")
            return
        }
        #expect(message.contains("the answer is not"))
    }

    @Test func aSlowProviderTimesOut() throws {
        let server = try FakeHTTPServer { _ in .init(status: 200, body: #"{"listed": false}"#, delay: 3) }
        defer { server.stop() }
        let started = Date()
        #expect {
            _ = try provider(server, timeout: 0.5).lookup(.wanted, vin: "X")
        } throws: { error in
            guard case .transient(let message, nil)? = error as? ProviderError else { return false }
            return message.contains("timed out")
        }
        #expect(Date().timeIntervalSince(started) < 2.9)
    }

    @Test func retryAfterAcceptsSecondsAndHTTPDates() {
        #expect(HTTPRegistryProvider.parseRetryAfter("30") == .seconds(30))
        #expect(HTTPRegistryProvider.parseRetryAfter("999999") == HTTPRegistryProvider.longestWait)
        let future = Date().addingTimeInterval(90)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let parsed = HTTPRegistryProvider.parseRetryAfter(formatter.string(from: future))
        #expect(parsed.map { $0 > .seconds(80) && $0 <= .seconds(90) } == true)
        #expect(HTTPRegistryProvider.parseRetryAfter("soon") == nil)
    }
}
