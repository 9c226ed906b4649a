import Foundation
import Testing

/// KiteJobs runs jobs; the queries they need live in KiteStore's repositories.
/// This keeps SQL text and direct statement calls out of Sources/KiteJobs.
@Suite("No SQL in KiteJobs")
struct NoSQLInJobsTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/KiteJobs")

    /// SQL keywords (upper case, as the house writes SQL) and the connection's statement calls.
    static let forbidden = ["SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "TRUNCATE ", "VACUUM ", "SHOW ",
                            ".execute(", ".fetch(", ".fetchOne(", ".copyIn("]

    static func swiftFiles() throws -> [URL] {
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    }

    /// `file:line: text` for each line that holds one of the forbidden strings.
    static func offences(in text: String, file: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            forbidden.contains { line.contains($0) } ? "\(file):\(index + 1): \(line)" : nil
        }
    }

    @Test func sourcesOfKiteJobsWriteNoSQL() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 5, "Sources/KiteJobs not found at \(Self.sources.path)")
        let offences = try files.flatMap { file in
            Self.offences(in: try String(contentsOf: file, encoding: .utf8), file: file.lastPathComponent)
        }
        #expect(offences.isEmpty, "SQL in KiteJobs; move it into a KiteStore repository:\n\(offences.joined(separator: "\n"))")
    }

    @Test func theScanSeesSQLAndStatementCalls() {
        let sample = """
            let x = 1
            try connection.execute("UPDATE jobs SET state = 'completed'")
            let n = try connection.fetchOne(Int.self, "SELECT 1")
            """
        #expect(Self.offences(in: sample, file: "Sample.swift").count == 2)
        #expect(Self.offences(in: "try JobQueue(connection: connection).stats()", file: "Sample.swift").isEmpty)
    }
}
