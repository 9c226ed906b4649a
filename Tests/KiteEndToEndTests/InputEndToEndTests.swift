import Foundation
import KiteStore
import KiteTestSupport
import Testing

/// Issue 10 items 6 and 8 with the real binary in tmux: a paste and an input at end-of-file.
@Suite("kite input in a terminal (tmux)", .serialized)
struct InputEndToEndTests {
    private func demoDatabase() throws -> String {
        let conninfo = try TestDatabase.makeMigrated()
        let seed = try Subprocess.run([StockEndToEndTests.kiteBinary, "seed", "--demo", "--database", conninfo])
        #expect(seed.status == 0, "kite seed --demo failed: \(seed.output)")
        return conninfo
    }

    private var environment: [String: String] {
        ["LANG": "ru_RU.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent",
         "KITE_HOME": StockEndToEndTests.packageRoot.path, "USER": "sidorova", "KITE_LOG": "/dev/null"]
    }

    @Test("a paste lands in the filter as text: the newline is a space, the BEL opens nothing")
    func pasteIntoTheFilter() throws {
        let conninfo = try demoDatabase()
        let kite = try TmuxSession(command: [StockEndToEndTests.kiteBinary, "--database", conninfo, "--start", "stock"],
                                   environment: environment, columns: 80, rows: 24)
        try kite.waitFor(text: "● в сети")
        try kite.send("/")
        try kite.waitFor(text: "Поиск:")
        try kite.paste("Haval\nJolion\u{7}")
        let screen = try kite.waitFor(text: "Haval Jolion")
        #expect(!screen.contains("Закрыть"))
        #expect(screen.contains("Склад"))
        try kite.send("F10")
        try kite.waitFor("the program to exit") { !$0.contains("КАЙТ АВТО") }
    }

    @Test("kite with standard input at end-of-file ends, as on a hang-up, instead of spinning")
    func endOfInputEndsTheProgram() throws {
        let conninfo = try demoDatabase()
        // The exit status goes to a file: what is asserted is that the process ended, by itself.
        let statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("kite-eof-\(UUID().uuidString)").path
        let command = "'\(StockEndToEndTests.kiteBinary)' --database '\(conninfo)' </dev/null; echo $? > '\(statusFile)'"
        let kite = try TmuxSession(command: ["/bin/sh", "-c", command], environment: environment, columns: 80, rows: 24)
        defer { try? FileManager.default.removeItem(atPath: statusFile) }
        let deadline = Date().addingTimeInterval(120)
        var status: String?
        while Date() < deadline {
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8), text.hasSuffix("\n") {
                status = text.trimmingCharacters(in: .whitespacesAndNewlines)
                break
            }
            usleep(100_000)
        }
        #expect(status == "0", "kite did not end at end-of-input; screen was:\n\((try? kite.screen()) ?? "")")
    }
}
