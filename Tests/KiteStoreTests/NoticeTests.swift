import Foundation
import KiteStore
import KiteTestSupport
import Logging
import Synchronization
import Testing

/// Issue 10 item 30: libpq's default notice processor printed server notices on
/// stderr — under the TUI, the terminal behind ncurses' back («…e to admi…»).
@Suite("Notices from the server")
struct NoticeTests {
    final class Captured: @unchecked Sendable {
        let lines = Mutex<[String]>([])
    }

    struct CapturingHandler: LogHandler {
        let captured: Captured
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            captured.lines.withLock { $0.append("\(level) \(message)") }
        }
    }

    /// What `body` writes on descriptor 2, captured through a temporary file.
    static func standardError(during body: () throws -> Void) rethrows -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kite-stderr-\(UUID().uuidString)").path
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let saved = dup(2)
        dup2(file, 2)
        close(file)
        defer {
            dup2(saved, 2)
            close(saved)
        }
        try body()
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    @Test func noticesAreLoggedNeverPrintedOnStandardError() throws {
        let conninfo = try TestDatabase.makeEmpty()
        let captured = Captured()
        let connection = try PGConnection(conninfo, logger: Logger(label: "test") { _ in CapturingHandler(captured: captured) })
        let heard = Mutex<[DatabaseNotice]>([])
        connection.onNotice = { notice in heard.withLock { $0.append(notice) } }
        let marker = "kite-notice-\(UUID().uuidString.prefix(8))"
        let printed = try Self.standardError {
            try connection.executeScript("DO $$ BEGIN RAISE WARNING '\(marker)'; END $$")
        }
        #expect(!printed.contains(marker), "stderr got: \(printed)")
        #expect(heard.withLock { $0 } == [DatabaseNotice(severity: "WARNING", sqlstate: "01000", message: marker)])
        #expect(captured.lines.withLock { $0 } == ["warning \(marker)"])
        // After a reconnect the notices still go to the log.
        try connection.reset()
        let again = try Self.standardError {
            try connection.executeScript("DO $$ BEGIN RAISE WARNING 'again-\(marker)'; END $$")
        }
        #expect(!again.contains(marker))
        #expect(heard.withLock { $0.count } == 2)
    }
}
