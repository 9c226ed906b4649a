import Foundation
import KiteStore
import KiteTestSupport
import Synchronization

/// A fresh migrated database and a queue on one connection.
struct JobQueueFixture {
    let conninfo: String
    let connection: PGConnection
    var queue: JobQueue { JobQueue(connection: connection) }

    init() throws {
        conninfo = try TestDatabase.makeMigrated()
        connection = try PGConnection(conninfo)
    }

    func count(_ where: SQL = "true") throws -> Int {
        try connection.fetchOne(Int.self, "SELECT count(*)::int FROM jobs WHERE \(fragment: `where`)") ?? 0
    }

    func state(_ id: Int64) throws -> JobState? {
        try connection.fetchOne(JobState.self, "SELECT state FROM jobs WHERE id = \(id)")
    }

    /// Makes a scheduled or retryable job due now (instead of waiting).
    func makeDue(_ id: Int64) throws {
        try connection.execute("UPDATE jobs SET scheduled_at = now() - interval '1 second' WHERE id = \(id)")
    }
}

/// Errors and values gathered from several threads.
final class ThreadResults<Value: Sendable>: Sendable {
    private let storage = Mutex<(values: [Value], errors: [String])>(([], []))

    func append(_ value: Value) { storage.withLock { $0.values.append(value) } }
    func append(contentsOf values: [Value]) { storage.withLock { $0.values.append(contentsOf: values) } }
    func fail(_ error: any Error) { storage.withLock { $0.errors.append(String(describing: error)) } }
    var values: [Value] { storage.withLock { $0.values } }
    var errors: [String] { storage.withLock { $0.errors } }
}

/// Runs `body(index)` on `count` real threads at once (each must open its own
/// PGConnection) and waits for all of them.
func runOnThreads<Value: Sendable>(_ count: Int, results: ThreadResults<Value>,
                                   _ body: @escaping @Sendable (Int) throws -> Void) {
    let group = DispatchGroup()
    let start = DispatchSemaphore(value: 0)
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            defer { group.leave() }
            start.wait()
            do { try body(index) } catch { results.fail(error) }
        }
        thread.start()
    }
    for _ in 0..<count { start.signal() }
    group.wait()
}
