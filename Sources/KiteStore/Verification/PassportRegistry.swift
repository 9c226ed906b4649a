import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A line of a passport list that was not loaded.
public struct PassportBadLine: Sendable, Hashable {
    public var line: Int
    /// The line as written (at most 80 characters).
    public var text: String
    public var reason: String
}

/// What `PassportRegistry.importCSV` did.
public struct PassportImportReport: Sendable, Hashable {
    /// Good lines read (duplicates included).
    public var goodLines: Int
    /// Bad lines skipped (each one was passed to `onBadLine`).
    public var badLines: Int
    /// Passports in the registry after the import.
    public var total: Int
}

/// The list of invalid passports (`registry_invalid_passports`), imported from
/// the MVD's public CSV (`PASSP_SERIES,PASSP_NUMBER`).
public struct PassportRegistry {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// The registry name in `registry_imports`.
    public static let registryName = "invalid_passports"

    /// Series (4 digits) and number (6 digits) as the stored key.
    public static func key(series: String, number: String) -> Int64? {
        guard series.utf8.count == 4, number.utf8.count == 6,
              series.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), number.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let s = Int64(series), let n = Int64(number) else { return nil }
        return s * 1_000_000 + n
    }

    /// True when the passport is in the list.
    public func contains(series: String, number: String) throws -> Bool {
        guard let key = Self.key(series: series, number: number) else { return false }
        return try connection.fetchOne(Bool.self,
            "SELECT EXISTS (SELECT 1 FROM registry_invalid_passports WHERE passport = \(key))") ?? false
    }

    /// The latest import of the list: its source and time, or nil.
    public func latestImport() throws -> (source: String, importedAt: Date)? {
        struct Row: Decodable { var source: String; var importedAt: Date }
        return try connection.fetchOne(Row.self, """
            SELECT source, imported_at FROM registry_imports WHERE registry = \(Self.registryName)
            ORDER BY imported_at DESC, id DESC LIMIT 1
            """).map { ($0.source, $0.importedAt) }
    }

    public func count() throws -> Int {
        try connection.fetchOne(Int.self, "SELECT count(*)::int FROM registry_invalid_passports") ?? 0
    }

    /// Streams the CSV at `path` (never all of it in memory) into a staging
    /// table with COPY, then, in the same transaction, merges it into the
    /// registry (`replace`: the registry is emptied first, the usual way with
    /// the full MVD list). Line 1 must be the header `PASSP_SERIES,PASSP_NUMBER`
    /// (a UTF-8 BOM is accepted); every other line `SSSS,NNNNNN` (spaces and
    /// double quotes around a field are allowed). Each bad line goes to
    /// `onBadLine` and is skipped; an empty line is ignored. A failure leaves
    /// the registry as it was.
    public func importCSV(path: String, source: String, replace: Bool,
                          onBadLine: @escaping (PassportBadLine) -> Void) throws -> PassportImportReport {
        let reader = try LineReader(path: path)
        defer { reader.close() }
        // The header line's bytes are not kept: a slice alive across a refill would copy the buffer.
        guard let headerLine = try reader.next().map({ String(decoding: $0.bytes, as: UTF8.self) }) else {
            throw PassportImportError(message: "\(path): the file is empty")
        }
        let headerText = headerLine
            .replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "\"", with: "").uppercased()
        guard headerText.replacingOccurrences(of: " ", with: "") == "PASSP_SERIES,PASSP_NUMBER" else {
            throw PassportImportError(message:
                "\(path): line 1: expected the header PASSP_SERIES,PASSP_NUMBER, found '\(headerText.prefix(80))'")
        }
        var good = 0, bad = 0
        let lines = PassportLines(reader: reader) { result in
            switch result {
            case .good: good += 1
            case .bad(let badLine):
                bad += 1
                onBadLine(badLine)
            }
        }
        let total = try connection.transaction { connection -> Int in
            try connection.execute("CREATE TEMP TABLE passport_staging (passport bigint) ON COMMIT DROP")
            try connection.copyIn("COPY passport_staging (passport) FROM STDIN", lines: lines)
            if let failure = lines.failure { throw failure }
            if replace {
                // The whole list anew: the table is locked by TRUNCATE anyway, and
                // building the key once after the load is twice as fast as
                // inserting a million and a half rows into it.
                try connection.execute("TRUNCATE registry_invalid_passports")
                try connection.execute(
                    "ALTER TABLE registry_invalid_passports DROP CONSTRAINT registry_invalid_passports_pkey")
                try connection.execute("""
                    INSERT INTO registry_invalid_passports (passport) SELECT DISTINCT passport FROM passport_staging
                    """)
                try connection.execute("""
                    ALTER TABLE registry_invalid_passports
                        ADD CONSTRAINT registry_invalid_passports_pkey PRIMARY KEY (passport)
                    """)
            } else {
                // Sorted input keeps the primary-key inserts at the right edge of the index.
                try connection.execute("""
                    INSERT INTO registry_invalid_passports (passport)
                    SELECT DISTINCT passport FROM passport_staging ORDER BY passport
                    ON CONFLICT (passport) DO NOTHING
                    """)
            }
            try connection.execute("""
                INSERT INTO registry_imports (registry, source, rows_loaded, rows_bad, replaced)
                VALUES (\(Self.registryName), \(source), \(good), \(bad), \(replace))
                """)
            return try count()
        }
        return PassportImportReport(goodLines: good, badLines: bad, total: total)
    }
}

public struct PassportImportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The COPY lines of a passport list, parsed from bytes as they are read.
private final class PassportLines: Sequence, IteratorProtocol {
    enum Parsed { case good, bad(PassportBadLine) }

    let reader: LineReader
    let report: (Parsed) -> Void
    /// A read error met while COPY was pulling lines.
    var failure: (any Error)?

    init(reader: LineReader, report: @escaping (Parsed) -> Void) {
        self.reader = reader
        self.report = report
    }

    func makeIterator() -> PassportLines { self }

    func next() -> String? {
        while true {
            let line: LineReader.Line
            do {
                guard let read = try reader.next() else { return nil }
                line = read
            } catch {
                failure = error
                return nil
            }
            if line.bytes.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            switch Self.parse(line.bytes) {
            case .success(let key):
                report(.good)
                return String(key)
            case .failure(let reason):
                let text = String(decoding: line.bytes.prefix(80), as: UTF8.self)
                report(.bad(PassportBadLine(line: line.number, text: text, reason: reason.message)))
            }
        }
    }

    struct Reason: Error { var message: String }

    static func parse(_ bytes: ArraySlice<UInt8>) -> Result<Int64, Reason> {
        guard let comma = bytes.firstIndex(of: 44) else {
            return .failure(Reason(message: "expected SERIES,NUMBER"))
        }
        guard let series = digits(bytes[bytes.startIndex..<comma]), series.count == 4 else {
            return .failure(Reason(message: "the series must be 4 digits"))
        }
        guard let number = digits(bytes[(comma + 1)...]), number.count == 6 else {
            return .failure(Reason(message: "the number must be 6 digits"))
        }
        var value: Int64 = 0
        for digit in series + number { value = value * 10 + Int64(digit - 48) }
        return .success(value)
    }

    /// The field's digits with spaces and double quotes around them removed;
    /// nil when anything else is in it.
    static func digits(_ field: ArraySlice<UInt8>) -> [UInt8]? {
        var start = field.startIndex, end = field.endIndex
        while start < end, field[start] == 32 || field[start] == 34 || field[start] == 9 { start += 1 }
        while end > start, field[end - 1] == 32 || field[end - 1] == 34 || field[end - 1] == 9 { end -= 1 }
        let core = field[start..<end]
        guard !core.isEmpty, core.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Array(core)
    }
}

/// Reads a file line by line in 1 MiB chunks (LF or CRLF), numbering lines from 1.
final class LineReader {
    struct Line {
        var number: Int
        var bytes: ArraySlice<UInt8>
    }

    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var position = 0
    private var endOfFile = false
    private var lineNumber = 0

    init(path: String) throws {
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw PassportImportError(message: "\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        self.path = path
    }

    func close() { _ = Glibc.close(descriptor) }

    func next() throws -> Line? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 10) {
                var end = newline
                if end > position && buffer[end - 1] == 13 { end -= 1 }
                let slice = buffer[position..<end]
                position = newline + 1
                lineNumber += 1
                return Line(number: lineNumber, bytes: slice)
            }
            if endOfFile {
                guard position < buffer.count else { return nil }
                var end = buffer.count
                if buffer[end - 1] == 13 { end -= 1 }
                let slice = buffer[position..<end]
                position = buffer.count
                lineNumber += 1
                return Line(number: lineNumber, bytes: slice)
            }
            try fill()
        }
    }

    private func fill() throws {
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        let chunk = 1 << 20
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let count = buffer.withUnsafeMutableBytes { raw in
            read(descriptor, raw.baseAddress! + oldCount, chunk)
        }
        guard count >= 0 else {
            buffer.removeSubrange(oldCount...)
            throw PassportImportError(message: "\(path): read error: \(String(cString: strerror(errno)))")
        }
        buffer.removeSubrange((oldCount + count)...)
        if count == 0 { endOfFile = true }
    }
}
