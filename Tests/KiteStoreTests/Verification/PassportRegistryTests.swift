import Foundation
import KiteStore
import KiteTestSupport
import Testing

@Suite struct PassportRegistryTests {
    func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("passports-\(UUID()).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func importsTheMVDFormatReportingEachBadLineByNumber() throws {
        let connection = try PGConnection(TestDatabase.makeMigrated())
        let registry = PassportRegistry(connection: connection)
        let path = try write("""
            \u{FEFF}PASSP_SERIES,PASSP_NUMBER\r
            4508,123456\r
            0101,000001\r
            45 0,123456\r
            "6002","654321"\r
            \r
            1234,12345\r
            4508,123456\r
            abcd
            """)
        defer { unlink(path) }
        var bad: [PassportBadLine] = []
        let report = try registry.importCSV(path: path, source: "list.csv", replace: true) { bad.append($0) }
        #expect(report.goodLines == 4)
        #expect(report.badLines == 3)
        #expect(report.total == 3)
        #expect(bad.map(\.line) == [4, 7, 9])
        #expect(bad.map(\.reason) == ["the series must be 4 digits", "the number must be 6 digits", "expected SERIES,NUMBER"])
        #expect(bad.first?.text == "45 0,123456")
        #expect(try registry.contains(series: "4508", number: "123456"))
        #expect(try registry.contains(series: "0101", number: "000001"))
        #expect(try registry.contains(series: "6002", number: "654321"))
        #expect(try !registry.contains(series: "4508", number: "123457"))
        #expect(try registry.latestImport()?.source == "list.csv")
    }

    @Test func addingKeepsTheListAndReplacingStartsOver() throws {
        let connection = try PGConnection(TestDatabase.makeMigrated())
        let registry = PassportRegistry(connection: connection)
        let first = try write("PASSP_SERIES,PASSP_NUMBER\n1111,111111\n2222,222222\n")
        let second = try write("PASSP_SERIES,PASSP_NUMBER\n2222,222222\n3333,333333\n")
        defer { unlink(first); unlink(second) }
        try registry.importCSV(path: first, source: "a", replace: true) { _ in }
        #expect(try registry.importCSV(path: second, source: "b", replace: false) { _ in }.total == 3)
        #expect(try registry.importCSV(path: second, source: "c", replace: true) { _ in }.total == 2)
        #expect(try !registry.contains(series: "1111", number: "111111"))
    }

    @Test func aWrongHeaderIsRefusedAndTheRegistryStaysAsItWas() throws {
        let connection = try PGConnection(TestDatabase.makeMigrated())
        let registry = PassportRegistry(connection: connection)
        let good = try write("PASSP_SERIES,PASSP_NUMBER\n1111,111111\n")
        let wrong = try write("series;number\n2222;222222\n")
        defer { unlink(good); unlink(wrong) }
        try registry.importCSV(path: good, source: "a", replace: true) { _ in }
        #expect {
            try registry.importCSV(path: wrong, source: "b", replace: true) { _ in }
        } throws: { error in
            "\(error)".contains("line 1: expected the header PASSP_SERIES,PASSP_NUMBER, found 'SERIES;NUMBER'")
        }
        #expect(try registry.count() == 1)
    }

    @Test func streamsAFileLargerThanOneReadChunk() throws {
        let connection = try PGConnection(TestDatabase.makeMigrated())
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("passports-\(UUID()).csv").path
        defer { unlink(path) }
        var text = "PASSP_SERIES,PASSP_NUMBER\n"
        for index in 0..<200_000 { text += String(format: "%04d,%06d\n", index % 10_000, index) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)  // ≈ 2.4 MB: three reads
        let report = try PassportRegistry(connection: connection).importCSV(path: path, source: "big", replace: true) { _ in }
        #expect(report.goodLines == 200_000)
        #expect(report.total == 200_000)
        #expect(try PassportRegistry(connection: connection).contains(series: "9999", number: "199999"))
    }
}
