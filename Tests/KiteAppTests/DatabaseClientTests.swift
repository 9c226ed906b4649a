import Foundation
import KiteApp
import KiteStore
import KiteTestSupport
import Synchronization
import Testing

/// The UI's database thread: a cancel meant for a superseded request must not
/// swallow the request that replaced it.
@MainActor
@Suite("Database client: superseded and cancelled requests")
struct DatabaseClientTests {
    final class Attempts: Sendable {
        let count = Mutex(0)
    }

    @Test("a request hit by the cancel meant for its predecessor runs again and its result arrives")
    func spuriousCancelIsRetried() throws {
        let client = DatabaseClient(conninfo: try TestDatabase.makeMigrated())
        defer { client.stop() }
        let attempts = Attempts()
        var delivered: [String] = []
        // The first run fails the way a query does when the previous request's
        // cancel reaches the server after this one started.
        client.request(lane: "filter", { connection -> String in
            let attempt = attempts.count.withLock { $0 += 1; return $0 }
            if attempt == 1 { throw DatabaseError(sqlstate: "57014", message: "canceling statement due to user request") }
            return try connection.fetchOne(String.self, "SELECT 'found'") ?? ""
        }, completion: { result in
            if case .success(let value) = result { delivered.append(value) }
        })
        client.settle()
        #expect(attempts.count.withLock { $0 } == 2)
        #expect(delivered == ["found"])
    }

    @Test("a request that a newer one in its lane replaced is cancelled for good and never delivered")
    func supersededRequestIsDropped() throws {
        let client = DatabaseClient(conninfo: try TestDatabase.makeMigrated())
        defer { client.stop() }
        var delivered: [String] = []
        client.request(lane: "filter", { connection -> String in
            try connection.execute("SELECT pg_sleep(2)")
            return "old"
        }, completion: { result in if case .success(let value) = result { delivered.append(value) } })
        Thread.sleep(forTimeInterval: 0.2)   // let the old one start
        client.request(lane: "filter", { connection -> String in
            try connection.fetchOne(String.self, "SELECT 'new'") ?? ""
        }, completion: { result in if case .success(let value) = result { delivered.append(value) } })
        client.settle()
        #expect(delivered == ["new"])
    }
}
