import Foundation
import KiteStore
import KiteTestSupport
import Synchronization
import Testing

/// A backend terminated while its statement runs (`pg_terminate_backend`
/// from a second connection): a write is never sent twice, a read is retried.
@Suite("Reconnect: writes are never repeated")
struct ReconnectTests {
    /// A database with a `probe` table and `probe_wait()`, which counts each
    /// start of a statement in a sequence (not rolled back with the
    /// statement) and then waits for advisory lock 42.
    struct Probe {
        let conninfo: String
        let writer: PGConnection
        let holder: PGConnection

        init() throws {
            conninfo = try TestDatabase.makeMigrated()
            writer = try PGConnection(conninfo)
            holder = try PGConnection(conninfo)
            try holder.executeScript("""
                CREATE TABLE probe (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text NOT NULL, attempt bigint);
                CREATE SEQUENCE probe_attempts;
                CREATE FUNCTION probe_wait() RETURNS bigint LANGUAGE plpgsql AS $$
                DECLARE n bigint;
                BEGIN
                    n := nextval('probe_attempts');
                    PERFORM pg_advisory_xact_lock(42);
                    RETURN n;
                END $$;
                CREATE FUNCTION probe_insert(note text) RETURNS bigint LANGUAGE sql AS $$
                    INSERT INTO probe (note, attempt) VALUES (note, probe_wait()) RETURNING id
                $$;
                """)
        }

        var rows: Int { get throws { try holder.fetchOne(Int.self, "SELECT count(*)::int FROM probe") ?? -1 } }
        var attempts: Int {
            get throws {
                try holder.fetchOne(Int.self, "SELECT CASE WHEN is_called THEN last_value::int ELSE 0 END FROM probe_attempts") ?? -1
            }
        }

        /// Runs `statement` on the writer in a thread while `holder` keeps
        /// `lock` (advisory lock 42); once the writer waits for it, terminates the writer's
        /// backend, then lets go of the lock. Returns what `execute` gave.
        func terminatedMidStatement(_ statement: SQL, lock: SQL = "SELECT pg_advisory_xact_lock(42)")
            throws -> Result<QueryResult, DatabaseError> {
            try holder.execute("BEGIN")
            try holder.execute(lock)
            let pid = writer.backendPID
            let outcome = Mutex<Result<QueryResult, DatabaseError>?>(nil)
            let writer = UncheckedBox(writer)
            let thread = Thread {
                let result: Result<QueryResult, DatabaseError>
                do { result = .success(try writer.value.execute(statement)) }
                catch let error as DatabaseError { result = .failure(error) }
                catch { result = .failure(DatabaseError(sqlstate: "XX000", message: "\(error)")) }
                outcome.withLock { $0 = result }
            }
            thread.start()
            let waiting = try waitUntil {
                try holder.fetchOne(Bool.self, """
                    SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = \(pid) AND wait_event_type = 'Lock')
                    """) ?? false
            }
            #expect(waiting, "the writer never waited for the lock")
            #expect(try holder.fetchOne(Bool.self, "SELECT pg_terminate_backend(\(pid))") == true)
            // A retried statement would wait for the lock again: give it time to get there.
            Thread.sleep(forTimeInterval: 0.5)
            try holder.execute("COMMIT")
            _ = try waitUntil { outcome.withLock { $0 != nil } }
            return try #require(outcome.withLock { $0 })
        }
    }

    @Test func anInsertWhoseBackendIsTerminatedIsNotRunAgain() throws {
        let probe = try Probe()
        let outcome = try probe.terminatedMidStatement(
            "INSERT INTO probe (note, attempt) VALUES (\("payment"), probe_wait())")
        // Written once, or reported as failed: never twice.
        switch outcome {
        case .success:
            #expect(try probe.rows == 1)
        case .failure(let error):
            #expect(try probe.rows == 0)
            #expect(error.kind == .connectionLost)
            #expect(error.message.contains("NOT run again"), "\(error.message)")
        }
        // And the statement started once: no second attempt was sent.
        #expect(try probe.attempts == 1)
        // The connection is usable again (a new backend).
        #expect(try probe.writer.fetchOne(Int.self, "SELECT 1") == 1)
    }

    @Test func aWritingFunctionCalledBySelectIsNotRunAgain() throws {
        let probe = try Probe()
        let outcome = try probe.terminatedMidStatement("SELECT probe_insert(\("payment"))")
        guard case .failure(let error) = outcome else {
            Issue.record("a SELECT of a writing function was retried")
            return
        }
        #expect(error.kind == .connectionLost)
        #expect(try probe.rows == 0)
        #expect(try probe.attempts == 1)
    }

    @Test func aReadIsRetriedTransparently() throws {
        let probe = try Probe()
        try probe.holder.execute("INSERT INTO probe (note) VALUES ('seen')")
        let first = probe.writer.backendPID
        // A plain read waits for the table lock, is terminated, and runs again on a new backend.
        let outcome = try probe.terminatedMidStatement("SELECT count(*)::int FROM probe",
                                                       lock: "LOCK TABLE probe IN ACCESS EXCLUSIVE MODE")
        let result = try outcome.get()
        #expect(result.rowCount == 1)
        #expect(probe.writer.backendPID != first)
    }

    @Test func aDeclaredIdempotentWriteIsRunAgain() throws {
        let probe = try Probe()
        try probe.holder.execute("INSERT INTO probe (note) VALUES ('seen')")
        let update: SQL = "UPDATE probe SET note = \("confirmed") WHERE note = 'seen' AND probe_wait() > 0"
        let outcome = try probe.terminatedMidStatement(update.idempotent())
        #expect(try outcome.get().affectedRows == 1)
        #expect(try probe.attempts == 2)
        #expect(try probe.holder.fetchOne(String.self, "SELECT note FROM probe") == "confirmed")
    }

    @Test func listenWorksAfterAReconnect() throws {
        let probe = try Probe()
        let listener = try PGConnection(probe.conninfo)
        let first = listener.backendPID
        try probe.holder.execute("SELECT pg_terminate_backend(\(first))")
        _ = try waitUntil { (try? probe.holder.fetchOne(Bool.self,
            "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = \(first))")) ?? false }
        // The next statement finds the connection lost and runs on a new backend.
        try listener.listen("probe_channel")
        #expect(listener.backendPID != first)
        try probe.holder.notify("probe_channel", payload: "hello")
        var received: [PGConnection.Notification] = []
        _ = try waitUntil {
            received += try listener.drainNotifications()
            return !received.isEmpty
        }
        #expect(received.map(\.payload) == ["hello"])
    }
}

/// Polls `condition` every 20 ms for up to `seconds`.
private func waitUntil(_ seconds: Double = 10, _ condition: () throws -> Bool) throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}

/// Hands the writer connection to the thread that uses it while this one waits.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
