import Foundation

/// CSV as Russian Excel writes and reads it: UTF-8 (a BOM is accepted on input
/// and written on output), `;` or `,` between fields, `"` quoting with `""`.
public enum CSV {
    public struct Record: Sendable, Hashable {
        /// 1-based line number where the record starts in the file.
        public var line: Int
        public var fields: [String]
    }

    public enum ReadError: Error, CustomStringConvertible, Sendable {
        case notUTF8
        case unterminatedQuote(line: Int)

        public var description: String {
            switch self {
            case .notUTF8: "the file is not UTF-8 text (save it from Excel as “CSV UTF-8”)"
            case .unterminatedQuote(let line): "line \(line): a quoted field is never closed"
            }
        }
    }

    /// Parses the whole text; the delimiter is guessed from the first line
    /// (`;` wins when it appears at least as often as `,`).
    public static func parse(_ data: Data) throws(ReadError) -> [Record] {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else { throw .notUTF8 }
        return try parse(text)
    }

    public static func parse(_ text: String) throws(ReadError) -> [Record] {
        var text = Substring(text)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let semicolons = firstLine.filter { $0 == ";" }.count
        let commas = firstLine.filter { $0 == "," }.count
        let delimiter: Character = semicolons >= commas ? ";" : ","

        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var fieldStarted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            fieldStarted = false
        }

        while let character = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character == "\r\n" ? "\n" : character)
                }
                continue
            }
            switch character {
            case "\"" where !fieldStarted:
                inQuotes = true
                fieldStarted = true
            case delimiter:
                fields.append(field)
                field = ""
                fieldStarted = false
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(character)
                fieldStarted = true
            }
        }
        if inQuotes { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// One record, `;`-separated, quoted where needed, CRLF-terminated. A text cell that a
    /// spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a CR) gets
    /// a leading `'` (OWASP's advice against CSV injection); numbers (`-1250000,50`, `42`) stay
    /// numbers.
    public static func line(_ fields: [String]) -> String {
        fields.map { raw in
            let value = neutralised(raw)
            if value.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                || value.hasPrefix(" ") || value.hasSuffix(" ") {
                return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return value
        }.joined(separator: ";") + "\r\n"
    }

    /// The characters that make a spreadsheet program read a cell as a formula.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `value` made safe for a spreadsheet: a text starting with a formula character gets a
    /// leading `'`; a number as this program writes it (`-5`, `-1250000,50`) is left alone.
    public static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, formulaStarts.contains(first) else { return value }
        if isNumber(value) { return value }
        return "'" + value
    }

    /// What `neutralised` undoes on import: `'=1+2` reads as `=1+2` again.
    public static func unneutralised(_ value: String) -> String {
        guard value.hasPrefix("'"), let second = value.unicodeScalars.dropFirst().first, formulaStarts.contains(second) else {
            return value
        }
        return String(value.dropFirst())
    }

    /// `-1250000,50`, `-3`, `1 250 000,50`: an optional minus, digits (grouped by spaces) and
    /// at most one decimal comma or point.
    static func isNumber(_ value: String) -> Bool {
        var body = Substring(value)
        if body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ",", omittingEmptySubsequences: false)
        let split = parts.count == 1 ? body.split(separator: ".", omittingEmptySubsequences: false) : parts
        guard (1...2).contains(split.count), let whole = split.first, !whole.isEmpty else { return false }
        let digitsOrSpaces = whole.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == " " || $0 == "\u{00A0}" }
        let fraction = split.count == 2 ? split[1] : ""
        return digitsOrSpaces && whole.first != " " && (split.count == 1 || (!fraction.isEmpty && fraction.allSatisfy { $0.isASCII && $0.isNumber }))
    }

    public static let byteOrderMark = "\u{FEFF}"
}
