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

    /// One record, `;`-separated, quoted where needed, CRLF-terminated.
    public static func line(_ fields: [String]) -> String {
        fields.map { value in
            if value.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                || value.hasPrefix(" ") || value.hasSuffix(" ") {
                return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return value
        }.joined(separator: ";") + "\r\n"
    }

    public static let byteOrderMark = "\u{FEFF}"
}
