import Foundation
import KiteDomain

/// One problem of one line of an imported file.
public struct ImportRowProblem: Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var isWarning: Bool
    /// English: `line 3: vin: …`.
    public var description: String { text(.en) }

    /// `строка 3: vin: …` / `line 3: warning: …`.
    public func text(_ language: Language) -> String {
        TransferText.line(language, ["line": String(line)]) + ": "
            + (isWarning ? TransferText.warning(language) + ": " : "") + message
    }
}

/// What an import did: rows written, rows skipped, and every problem by line.
public struct ImportReport: Sendable {
    public var imported = 0
    public var skipped = 0
    public var problems: [ImportRowProblem] = []
    public var errors: [ImportRowProblem] { problems.filter { !$0.isWarning } }
}

/// How far an import is: shown by `kite import` as one line on a terminal.
public struct ImportProgress: Sendable {
    public enum Phase: Sendable { case checking, writing }
    public var phase: Phase
    public var rows: Int
    public var total: Int
    public var elapsed: TimeInterval

    public var rowsPerSecond: Double { elapsed > 0 ? Double(rows) / elapsed : 0 }

    /// `запись: 40 000 из 100 000 строк, 5 210 строк/с, осталось ~12 с`.
    public func text(_ language: Language) -> String {
        let rate = rowsPerSecond
        let left = rate > 0 ? Double(total - rows) / rate : 0
        let seconds = Int(left.rounded(.up))
        let leftText = seconds >= 60 ? TransferText.minutesSeconds(language, ["m": String(seconds / 60), "s": String(seconds % 60)])
                                     : TransferText.seconds(language, ["s": String(seconds)])
        let key: TransferText = phase == .checking ? .progressChecking : .progressWriting
        return key(language, ["rows": NumberText.grouped(rows, language), "total": NumberText.grouped(total, language),
                              "rate": NumberText.grouped(Int(rate.rounded()), language), "left": leftText])
    }
}

/// Whole numbers as each language writes them (`100 000` in both: a thin no-break space
/// groups the digits in Russian and English screens alike).
enum NumberText {
    static func grouped(_ value: Int, _ language: Language) -> String {
        Money(kopecks: Int64(value) * 100).formatted(language, currencySign: false)
    }
}

/// The rows of an imported CSV file and the header's columns, read once for both importers.
struct ImportSheet {
    var records: [CSV.Record]
    /// Column key → position in the file.
    var index: [String: Int]

    /// Reads `url` and maps its header onto `columns` (name or Russian title, any case);
    /// an unknown column or a missing required one stops it, named in `language`.
    init(url: URL, columns: [(name: String, russian: String)], required: [String], language: Language) throws {
        let file = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TransferError(TransferText.cannotRead(language, ["path": url.path]))
        }
        do { records = try CSV.parse(data) } catch {
            switch error {
            case .notUTF8: throw TransferError(TransferText.notUTF8(language, ["file": file]))
            case .unterminatedQuote(let line):
                throw TransferError(TransferText.unterminatedQuote(language, ["file": file, "line": String(line)]))
            }
        }
        guard let header = records.first else { throw TransferError(TransferText.emptyFile(language, ["file": file])) }
        index = [:]
        var unknown: [String] = []
        for (position, raw) in header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if let column = columns.first(where: { $0.name == name || $0.russian == name }) {
                index[column.name] = position
            } else if !name.isEmpty {
                unknown.append(raw)
            }
        }
        if !unknown.isEmpty {
            throw TransferError(TransferText.unknownColumns(language, [
                "columns": unknown.map { "\"\($0)\"" }.joined(separator: ", "),
                "known": columns.map(\.name).joined(separator: ", ")]))
        }
        let missing = required.filter { index[$0] == nil }
        if !missing.isEmpty {
            throw TransferError(TransferText.missingColumns(language, ["columns": missing.joined(separator: ", ")]))
        }
    }

    var rows: ArraySlice<CSV.Record> { records.dropFirst() }

    /// The cell of `column` in `record`, trimmed; a leading `'` that export put before
    /// `=`, `+`, `-`, `@` is taken off again.
    func value(_ column: String, in record: CSV.Record) -> String {
        guard let i = index[column], i < record.fields.count else { return "" }
        return CSV.unneutralised(record.fields[i].trimmingCharacters(in: .whitespaces))
    }

    /// How a message names `column`: by its documented name (`list_price`), whichever title the
    /// file's header used for it.
    func title(_ column: String) -> String { column }

    /// Every cell of the row checked for control characters (NUL included) and, where the
    /// table has one, its length limit: `field: message` in `language`.
    func textProblems(_ record: CSV.Record, table: String, language: Language) -> [String] {
        let limits = TextLimits.byTable[table] ?? [:]
        var problems: [String] = []
        for (column, position) in index.sorted(by: { $0.value < $1.value }) where position < record.fields.count {
            for issue in TextRules.issues(record.fields[position], field: column, maxLength: limits[column]) {
                problems.append("\(title(column)): \(issue.message.text(language))")
            }
        }
        return problems
    }
}
