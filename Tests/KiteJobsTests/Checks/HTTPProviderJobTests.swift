import Foundation
import KiteDomain
import KiteJobs
import KiteStore
import KiteTestSupport
import Testing

/// `vehicle.verify` with the http provider: the provider's answer steers the job.
@Suite struct HTTPProviderJobTests {
    func run(_ fixture: ChecksFixture, _ server: FakeHTTPServer) throws -> (JobOutcome, JobRecord) {
        let handlers = JobHandlers.builtIn(conninfo: fixture.conninfo,
                                           providers: .http(HTTPProviderSettings(baseURL: server.baseURL, token: "t")))
        let queue = JobQueue(connection: fixture.connection)
        let job = try #require(try queue.claim(queue: "default", limit: 1, worker: "w", lease: .seconds(60)).first)
        let outcome = handlers.outcome(of: job)
        try queue.complete([outcome], worker: "w")
        return (outcome, try #require(try queue.job(id: job.id)))
    }

    func insertVehicle(_ fixture: ChecksFixture) throws -> Vehicle {
        try fixture.vehicles.insert(fixture.vehicle(1, vin: validVIN(wmi: "WVW", serial: 1), make: "Volkswagen", year: 2024),
                                    actor: "test")
    }

    @Test func listedVINFailsThePledgeCheckWithTheProvidersDetails() throws {
        let fixture = try ChecksFixture()
        let server = try FakeHTTPServer { request in
            request.path.contains("/pledges/") ? .init(status: 200, body: #"{"listed": true, "details": "залог", "source": "fnp"}"#)
                                               : .init(status: 200, body: #"{"listed": false}"#)
        }
        defer { server.stop() }
        let vehicle = try insertVehicle(fixture)
        let (outcome, record) = try run(fixture, server)
        #expect(outcome.result == .success)
        #expect(record.state == .completed)
        let pledge = try #require(try fixture.latest(vehicle.id, "pledge"))
        #expect(pledge.status == .failed)
        #expect(pledge.provider == "http")
        #expect(pledge.details == "залог (fnp)")
        #expect(try fixture.latest(vehicle.id, "wanted")?.status == .passed)
        #expect(server.received.count == 3)
    }

    @Test func rateLimitSnoozesWithoutSpendingTheAttempt() throws {
        let fixture = try ChecksFixture()
        let server = try FakeHTTPServer { _ in .init(status: 429, headers: ["Retry-After": "40"]) }
        defer { server.stop() }
        let vehicle = try insertVehicle(fixture)
        let (_, record) = try run(fixture, server)
        #expect(record.state == .scheduled)
        #expect(record.attempt == 0)
        #expect(record.errors.isEmpty)
        let wait = try #require(try fixture.connection.fetchOne(Double.self, """
            SELECT extract(epoch FROM scheduled_at - now())::float8 FROM jobs WHERE id = \(record.id)
            """))
        #expect(wait > 35 && wait <= 40)
        // Meanwhile the card shows the registry checks as errors, the local checks as done.
        #expect(try fixture.latest(vehicle.id, "pledge")?.status == .error)
        #expect(try fixture.latest(vehicle.id, "vin_structure")?.status == .passed)
    }

    @Test func serverErrorIsRetriedNotBeforeItsRetryAfter() throws {
        let fixture = try ChecksFixture()
        let server = try FakeHTTPServer { _ in .init(status: 503, headers: ["Retry-After": "600"]) }
        defer { server.stop() }
        _ = try insertVehicle(fixture)
        let (_, record) = try run(fixture, server)
        #expect(record.state == .retryable)
        #expect(record.attempt == 1)
        #expect(record.errors.first?.error.contains("HTTP 503") == true)
        let wait = try #require(try fixture.connection.fetchOne(Double.self, """
            SELECT extract(epoch FROM scheduled_at - now())::float8 FROM jobs WHERE id = \(record.id)
            """))
        #expect(wait > 590)
    }

    @Test func clientErrorDiscardsTheJob() throws {
        let fixture = try ChecksFixture()
        let server = try FakeHTTPServer { _ in .init(status: 403, body: "forbidden") }
        defer { server.stop() }
        _ = try insertVehicle(fixture)
        let (_, record) = try run(fixture, server)
        #expect(record.state == .discarded)
        #expect(record.errors.first?.error.contains("HTTP 403: forbidden") == true)
    }
}
