import Foundation
import KiteJobs
import KiteStore
import Logging
import ServiceLifecycle
import Testing

/// The daemon as kited runs it: a `JobDaemonService` in a `ServiceGroup`.
extension DaemonTests {
    @Suite
    struct ServiceLifecycleTests {
        @Test func gracefulShutdownOfTheServiceGroupDrainsTheRunningJob() async throws {
            let fixture = try DaemonFixture()
            let slow = try #require(try fixture.queue.enqueue(
                NewJob(kind: "sleep", args: ["ms": "300"], priority: 0)).id)
            let daemon = fixture.daemon(testConfig(queues: ["default": 1], grace: 5))
            var logger = Logger(label: "kited.test")
            logger.logLevel = .warning
            let group = ServiceGroup(services: [JobDaemonService(daemon: daemon)],
                                     gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)

            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let deadline = Date().addingTimeInterval(10)
                while try fixture.state(slow) != .running && Date() < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try #require(try fixture.state(slow) == .running)
                let waiting = try #require(try fixture.queue.enqueue(NewJob(kind: "noop", priority: 5)).id)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                #expect(try fixture.state(waiting) == .available)
            }
            #expect(try fixture.state(slow) == .completed)
            #expect(daemon.isStopping)
            #expect(!daemon.isLeader)
            #expect(try fixture.queue.leader(name: JobDaemon.leaderName) == nil, "leadership resigned")
        }
    }
}
