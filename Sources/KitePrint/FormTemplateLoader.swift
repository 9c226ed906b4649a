import Foundation
import TOMLKit

/// A problem in a template file, named as the other loaders name theirs:
/// `config/templates/contract.toml: blocks[3].text: unknown placeholder {{customer.nmae}}`.
public struct TemplateProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var key: String?
    public var line: Int?
    public var message: String
    /// The full path of the file, when it exists.
    public var path: String?

    public init(file: String, key: String? = nil, line: Int? = nil, message: String, path: String? = nil) {
        self.file = file
        self.key = key
        self.line = line
        self.message = message
        self.path = path
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let key { text += ": \(key)" }
        return text + ": " + message
    }

    /// `description` with the full path, for `kite check-config`.
    public var detailedDescription: String {
        guard let path else { return description }
        return description + " (\(path))"
    }
}

/// Reads `config/templates/<form>.toml`. The first directory that has the
/// file wins (the user's `$XDG_CONFIG_HOME/kite/templates/` before the shipped
/// `config/templates/`). Every unknown key, block type, column field,
/// condition or placeholder is a problem naming the file and the key.
public enum FormTemplateLoader {
    /// The template of `form`, or the first problem in it.
    public static func load(_ form: any TemplateForm, directories: [URL]) throws(TemplateProblem) -> FormTemplate {
        let (template, problems) = check(form, directories: directories)
        if let first = problems.first { throw first }
        guard let template else { throw TemplateProblem(file: displayName(form), message: "not loaded") }
        return template
    }

    /// A deal form's template (`.contract`, `.invoice`, `.handover`).
    public static func load(_ form: PrintForm, directories: [URL]) throws(TemplateProblem) -> FormTemplate {
        try load(form as any TemplateForm, directories: directories)
    }

    public static func check(_ form: PrintForm, directories: [URL]) -> (FormTemplate?, [TemplateProblem]) {
        check(form as any TemplateForm, directories: directories)
    }

    /// Every problem of every form's template (for `kite check-config`).
    public static func checkAll(directories: [URL]) -> [TemplateProblem] {
        allForms.flatMap { check($0, directories: directories).1 }
    }

    /// Every print form there is: a deal's, then a trip's.
    public static var allForms: [any TemplateForm] { PrintForm.allCases + TripPrintForm.allCases + AppraisalPrintForm.allCases }

    /// Every text of `template` (title, footer, blocks' texts, labels, column titles, signature
    /// lines) with characters the fonts cannot draw, each named with its key.
    public static func glyphWarnings(_ template: FormTemplate, coverage: FontCoverage) -> [TemplateProblem] {
        var texts: [(key: String, text: String)] = [("title", template.title), ("footer", template.footer)]
        for (i, block) in template.blocks.enumerated() {
            switch block.content {
            case .heading(let text), .paragraph(let text, _, _, _):
                texts.append(("blocks[\(i)].text", text))
            case .fields(let rows, _), .totals(let rows):
                for (j, row) in rows.enumerated() {
                    texts.append(("blocks[\(i)].rows[\(j)].label", row.label))
                    texts.append(("blocks[\(i)].rows[\(j)].value", row.value))
                }
            case .lines(let columns):
                for (j, column) in columns.enumerated() { texts.append(("blocks[\(i)].columns[\(j)].title", column.title)) }
            case .signatures(let left, let right):
                for (j, line) in left.enumerated() { texts.append(("blocks[\(i)].left[\(j)]", line)) }
                for (j, line) in right.enumerated() { texts.append(("blocks[\(i)].right[\(j)]", line)) }
            case .space, .pageBreak:
                break
            }
        }
        return texts.compactMap { key, text in
            let missing = coverage.missing(in: text)
            guard !missing.isEmpty else { return nil }
            let listed = missing.map { character in
                "«\(character)» (" + character.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ") + ")"
            }.joined(separator: ", ")
            return TemplateProblem(file: template.file, key: key,
                                   message: "the form's font has no glyph for \(listed): it prints as \u{FFFD}")
        }
    }

    public static func displayName(_ form: any TemplateForm) -> String { "config/templates/\(form.templateFileName)" }

    /// The template (nil when it could not be read) and every problem found.
    public static func check(_ form: any TemplateForm, directories: [URL]) -> (FormTemplate?, [TemplateProblem]) {
        let name = displayName(form)
        guard let url = directories.map({ $0.appendingPathComponent(form.templateFileName) })
            .first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            let searched = directories.map(\.path).joined(separator: ", ")
            return (nil, [TemplateProblem(file: name, message: "missing (looked in: \(searched.isEmpty ? "nothing" : searched))")])
        }
        let text: String
        do {
            guard let decoded = String(data: try Data(contentsOf: url), encoding: .utf8) else {
                return (nil, [TemplateProblem(file: name, message: "not valid UTF-8 text", path: url.path)])
            }
            text = decoded
        } catch {
            return (nil, [TemplateProblem(file: name, message: "cannot read: \(error.localizedDescription)", path: url.path)])
        }
        return parse(text, file: name, path: url.path, vocabulary: form.vocabulary)
    }

    /// Parses a template's text (tests feed broken ones here).
    public static func parse(_ text: String, file: String, path: String? = nil,
                             vocabulary: FormVocabulary = DealPlaceholders.vocabulary) -> (FormTemplate?, [TemplateProblem]) {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return (nil, [TemplateProblem(file: file, line: error.source.begin.line,
                                          message: "syntax error: \(error.description) (column \(error.source.begin.column))",
                                          path: path)])
        } catch {
            return (nil, [TemplateProblem(file: file, message: "syntax error: \(error)", path: path)])
        }
        var reader = TemplateReader(root, path: "", sink: ProblemSink(file: file, path: path), vocabulary: vocabulary)
        let title = reader.text("title", required: true) ?? ""
        let fontSize = reader.number("font_size", range: 6...16) ?? 10
        let footer = reader.text("footer", allowPages: true) ?? ""
        var blocks: [FormTemplate.Block] = []
        if let tables = reader.tables("blocks") {
            for (index, table) in tables.enumerated() {
                var blockReader = TemplateReader(table, path: "blocks[\(index)]", sink: reader.sink, vocabulary: vocabulary)
                if let block = readBlock(&blockReader) { blocks.append(block) }
                blockReader.rejectUnknownKeys()
                reader.sink = blockReader.sink
            }
        } else {
            reader.sink.add(reader.keyPath("blocks"), "missing (a template needs [[blocks]])")
        }
        reader.rejectUnknownKeys()
        let template = FormTemplate(file: file, title: title, fontSize: fontSize, footer: footer, blocks: blocks)
        return (template, reader.sink.problems)
    }

    private static func readBlock(_ reader: inout TemplateReader) -> FormTemplate.Block? {
        let when = reader.condition("when")
        guard let type = reader.string("type", required: true) else { return nil }
        let content: FormTemplate.Content
        switch type {
        case "heading":
            content = .heading(reader.text("text", required: true) ?? "")
        case "paragraph":
            content = .paragraph(reader.text("text", required: true) ?? "", align: reader.alignment("align") ?? .left,
                                 bold: reader.bool("bold") ?? false, size: reader.number("size", range: 6...24))
        case "fields":
            let labelWidth = reader.number("label_width", range: 0.1...0.9) ?? 0.35
            content = .fields(reader.rows("rows"), labelWidth: labelWidth)
        case "totals":
            content = .totals(reader.rows("rows"))
        case "lines":
            content = .lines(reader.columns("columns"))
        case "signatures":
            content = .signatures(left: reader.texts("left") ?? [], right: reader.texts("right") ?? [])
        case "space":
            content = .space(reader.number("height", range: 0...400) ?? 12)
        case "page_break":
            content = .pageBreak
        default:
            reader.sink.add(reader.keyPath("type"),
                            "unknown block type \"\(type)\" (known: heading, paragraph, fields, lines, totals, signatures, space, page_break)")
            return nil
        }
        return FormTemplate.Block(content: content, when: when)
    }
}

/// Collects the problems of one file.
struct ProblemSink {
    let file: String
    let path: String?
    private(set) var problems: [TemplateProblem] = []

    init(file: String, path: String?) {
        self.file = file
        self.path = path
    }

    mutating func add(_ key: String?, _ message: String) {
        problems.append(TemplateProblem(file: file, key: key, message: message, path: path))
    }
}

/// Typed reads from one TOML table, reporting wrong types, unknown keys,
/// placeholders and conditions with their key path.
struct TemplateReader {
    let table: TOMLTable
    let path: String
    var sink: ProblemSink
    let vocabulary: FormVocabulary
    private var used: Set<String> = []

    init(_ table: TOMLTable, path: String, sink: ProblemSink, vocabulary: FormVocabulary) {
        self.table = table
        self.path = path
        self.sink = sink
        self.vocabulary = vocabulary
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private mutating func value(_ key: String) -> TOMLValueConvertible? {
        used.insert(key)
        return table[key]
    }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key) else {
            if required { sink.add(keyPath(key), "missing (a string is required)") }
            return nil
        }
        guard let string = value.string else {
            sink.add(keyPath(key), "expected a string, found \(value.type)")
            return nil
        }
        return string
    }

    /// A string whose placeholders must all be known.
    mutating func text(_ key: String, required: Bool = false, allowPages: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        checkPlaceholders(text, at: keyPath(key), allowPages: allowPages)
        return text
    }

    mutating func checkPlaceholders(_ text: String, at key: String, allowPages: Bool = false) {
        do {
            for name in try TemplateText.names(in: text) {
                if vocabulary.placeholders.contains(name) { continue }
                if allowPages && FormVocabulary.pageNames.contains(name) { continue }
                if FormVocabulary.pageNames.contains(name) {
                    sink.add(key, "{{\(name)}} is only allowed in footer")
                } else {
                    sink.add(key, "unknown placeholder {{\(name)}}")
                }
            }
        } catch {
            sink.add(key, "\"{{\" without its closing \"}}\"")
        }
    }

    mutating func texts(_ key: String) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let array = value.array else {
            sink.add(keyPath(key), "expected an array of strings, found \(value.type)")
            return nil
        }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.string else {
                sink.add("\(keyPath(key))[\(index)]", "expected a string, found \(element.type)")
                continue
            }
            checkPlaceholders(string, at: "\(keyPath(key))[\(index)]")
            result.append(string)
        }
        return result
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let bool = value.bool else {
            sink.add(keyPath(key), "expected true or false, found \(value.type)")
            return nil
        }
        return bool
    }

    /// An integer or a decimal within `range`.
    mutating func number(_ key: String, range: ClosedRange<Double>) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.double ?? value.int.map(Double.init) else {
            sink.add(keyPath(key), "expected a number, found \(value.type)")
            return nil
        }
        guard range.contains(number) else {
            sink.add(keyPath(key), "must be from \(range.lowerBound.formattedShort) to \(range.upperBound.formattedShort), found \(number.formattedShort)")
            return nil
        }
        return number
    }

    mutating func alignment(_ key: String) -> FormTemplate.Alignment? {
        guard let name = string(key) else { return nil }
        guard let alignment = FormTemplate.Alignment(rawValue: name) else {
            sink.add(keyPath(key), "unknown alignment \"\(name)\" (known: left, center, right)")
            return nil
        }
        return alignment
    }

    mutating func condition(_ key: String) -> FormTemplate.Condition? {
        guard let text = string(key) else { return nil }
        let negated = text.hasPrefix("!")
        let name = negated ? String(text.dropFirst()) : text
        guard vocabulary.conditions.contains(name) else {
            let known = vocabulary.conditions.sorted().joined(separator: ", ")
            sink.add(keyPath(key), "unknown condition \"\(text)\" (known: \(known); \"!\" negates)")
            return nil
        }
        return FormTemplate.Condition(name: name, negated: negated)
    }

    private mutating func tableArray(_ key: String) -> [TOMLTable]? {
        guard let value = value(key) else { return nil }
        guard let array = value.array else {
            sink.add(keyPath(key), "expected an array of tables, found \(value.type)")
            return nil
        }
        var result: [TOMLTable] = []
        for (index, element) in array.enumerated() {
            guard let table = element.table else {
                sink.add("\(keyPath(key))[\(index)]", "expected a table, found \(element.type)")
                continue
            }
            result.append(table)
        }
        return result
    }

    mutating func tables(_ key: String) -> [TOMLTable]? { tableArray(key) }

    /// `rows = [{ label = "…", value = "{{…}}", bold = true, when = "loan" }, …]`.
    mutating func rows(_ key: String) -> [FormTemplate.Row] {
        guard let tables = tableArray(key) else {
            sink.add(keyPath(key), "missing (rows = [{ label = \"…\", value = \"…\" }, …])")
            return []
        }
        var rows: [FormTemplate.Row] = []
        for (index, table) in tables.enumerated() {
            var reader = TemplateReader(table, path: "\(keyPath(key))[\(index)]", sink: sink, vocabulary: vocabulary)
            let label = reader.text("label", required: true)
            let value = reader.text("value") ?? ""
            let bold = reader.bool("bold") ?? false
            let when = reader.condition("when")
            reader.rejectUnknownKeys()
            sink = reader.sink
            if let label { rows.append(FormTemplate.Row(label: label, value: value, bold: bold, when: when)) }
        }
        return rows
    }

    /// `columns = [{ field = "amount", title = "Сумма", width = 14, align = "right" }, …]`.
    mutating func columns(_ key: String) -> [FormTemplate.Column] {
        guard let tables = tableArray(key), !tables.isEmpty else {
            sink.add(keyPath(key), "missing (columns = [{ field = \"description\", title = \"…\", width = 40 }, …])")
            return []
        }
        var columns: [FormTemplate.Column] = []
        for (index, table) in tables.enumerated() {
            var reader = TemplateReader(table, path: "\(keyPath(key))[\(index)]", sink: sink, vocabulary: vocabulary)
            let fieldName = reader.string("field", required: true)
            let title = reader.text("title") ?? ""
            let width = reader.number("width", range: 1...100)
            let align = reader.alignment("align")
            var field: FormVocabulary.Column?
            if let fieldName {
                field = vocabulary.columns[fieldName]
                if field == nil {
                    let known = vocabulary.columns.keys.sorted().joined(separator: ", ")
                    reader.sink.add(reader.keyPath("field"), "unknown field \"\(fieldName)\" (known: \(known))")
                }
            }
            if width == nil && table["width"] == nil {
                reader.sink.add(reader.keyPath("width"), "missing (a relative width, 1 to 100)")
            }
            reader.rejectUnknownKeys()
            sink = reader.sink
            if let field, let fieldName, let width {
                columns.append(FormTemplate.Column(field: fieldName, title: title, width: width,
                                                   align: align ?? field.align))
            }
        }
        return columns
    }

    /// Every key that was not read is a problem: a typo must not pass silently.
    mutating func rejectUnknownKeys() {
        for key in table.keys.sorted() where !used.contains(key) {
            sink.add(keyPath(key), "unknown key")
        }
    }
}

extension Double {
    /// `10` rather than `10.0`, for messages.
    var formattedShort: String {
        rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
