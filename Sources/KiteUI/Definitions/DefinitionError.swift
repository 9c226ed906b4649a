import Foundation
import KiteDomain
import TOMLKit

/// A problem in one of the data files (`Screens/`, `Keymaps/`, `config/`).
///
/// `description` reads `Keymaps/default.toml: [list] "F13": unknown key name`,
/// or `Screens/vehicle.toml:12: syntax error: …` for a TOML syntax error.
public struct DefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file relative to its data folder: `Keymaps/default.toml`, `Screens/vehicle.toml`, `kite.toml`.
    public var file: String
    /// The TOML key path: `[list] "F13"`, `sections[2].fields[1].type`, `ui.language`; nil for whole-file problems.
    public var key: String?
    /// The line, when known (TOML syntax errors).
    public var line: Int?
    public var message: String
    /// The full path of the file, when it exists on disk (shown by `kite check-config`).
    public var path: String?

    public init(file: String, key: String? = nil, line: Int? = nil, message: String, path: String? = nil) {
        self.file = file
        self.key = key
        self.line = line
        self.message = message
        self.path = path
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let key { s += ": \(key)" }
        return s + ": " + message
    }

    /// `description` followed by the full path, for `kite check-config`.
    public var detailedDescription: String {
        guard let path, path != file else { return description }
        return description + " (\(path))"
    }
}

/// Collects problems while a file is read, so that `kite check-config` can list them all;
/// the public loaders throw the first one.
struct Diagnostics {
    let file: String
    let path: String?
    private(set) var errors: [DefinitionError] = []

    init(file: String, path: String?) {
        self.file = file
        self.path = path
    }

    mutating func error(_ key: String?, _ message: String) {
        errors.append(DefinitionError(file: file, key: key, message: message, path: path))
    }

    mutating func append(_ other: [DefinitionError]) { errors += other }

    var isEmpty: Bool { errors.isEmpty }
}

/// Reads and parses a TOML file; syntax errors name the file and line.
enum TOMLFile {
    static func parse(_ url: URL, file: String) -> Result<TOMLTable, DefinitionError> {
        let text: String
        do {
            let data = try Data(contentsOf: url)
            guard let s = String(data: data, encoding: .utf8) else {
                return .failure(DefinitionError(file: file, message: "not valid UTF-8 text", path: url.path))
            }
            text = s
        } catch {
            return .failure(DefinitionError(file: file, message: "cannot read: \(error.localizedDescription)",
                                            path: url.path))
        }
        return parse(string: text, file: file, path: url.path)
    }

    static func parse(string: String, file: String, path: String?) -> Result<TOMLTable, DefinitionError> {
        do {
            return .success(try TOMLTable(string: string))
        } catch let error as TOMLParseError {
            return .failure(DefinitionError(file: file, line: error.source.begin.line,
                                            message: "syntax error: \(error.description) (column \(error.source.begin.column))",
                                            path: path))
        } catch {
            return .failure(DefinitionError(file: file, message: "syntax error: \(error)", path: path))
        }
    }
}

/// Typed access to a TOML table that reports wrong types and unknown keys with their key path.
struct TableReader {
    let table: TOMLTable
    let path: String   // "" for the root, "sections[2].fields[1]" inside
    var diagnostics: Diagnostics
    private var used: Set<String> = []

    init(_ table: TOMLTable, path: String, diagnostics: Diagnostics) {
        self.table = table
        self.path = path
        self.diagnostics = diagnostics
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    var keys: [String] { table.keys }

    func has(_ key: String) -> Bool { table[key] != nil }

    mutating func value(_ key: String) -> TOMLValueConvertible? {
        used.insert(key)
        return table[key]
    }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let v = value(key) else {
            if required { diagnostics.error(keyPath(key), "missing (a string is required)") }
            return nil
        }
        guard let s = v.string else {
            diagnostics.error(keyPath(key), "expected a string, found \(v.type)")
            return nil
        }
        return s
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v.bool else {
            diagnostics.error(keyPath(key), "expected true or false, found \(v.type)")
            return nil
        }
        return b
    }

    mutating func int(_ key: String, min: Int? = nil) -> Int? {
        guard let v = value(key) else { return nil }
        guard let i = v.int else {
            diagnostics.error(keyPath(key), "expected an integer, found \(v.type)")
            return nil
        }
        if let min, i < min {
            diagnostics.error(keyPath(key), "must be at least \(min), found \(i)")
            return nil
        }
        return i
    }

    mutating func strings(_ key: String) -> [String]? {
        guard let v = value(key) else { return nil }
        guard let array = v.array else {
            diagnostics.error(keyPath(key), "expected an array of strings, found \(v.type)")
            return nil
        }
        var result: [String] = []
        for (i, element) in array.enumerated() {
            guard let s = element.string else {
                diagnostics.error("\(keyPath(key))[\(i)]", "expected a string, found \(element.type)")
                continue
            }
            result.append(s)
        }
        return result
    }

    mutating func table(_ key: String) -> TOMLTable? {
        guard let v = value(key) else { return nil }
        guard let t = v.table else {
            diagnostics.error(keyPath(key), "expected a table, found \(v.type)")
            return nil
        }
        return t
    }

    /// An array of tables (`[[columns]]`); nil when absent.
    mutating func tables(_ key: String) -> [TOMLTable]? {
        guard let v = value(key) else { return nil }
        guard let array = v.array else {
            diagnostics.error(keyPath(key), "expected an array of tables ([[\(key)]]), found \(v.type)")
            return nil
        }
        var result: [TOMLTable] = []
        for (i, element) in array.enumerated() {
            guard let t = element.table else {
                diagnostics.error("\(keyPath(key))[\(i)]", "expected a table, found \(element.type)")
                continue
            }
            result.append(t)
        }
        return result
    }

    /// `{ ru = "…", en = "…" }`; both languages are required.
    mutating func localized(_ key: String, required: Bool) -> LocalizedText? {
        guard let v = value(key) else {
            if required { diagnostics.error(keyPath(key), "missing (needs { ru = \"…\", en = \"…\" })") }
            return nil
        }
        guard let t = v.table else {
            diagnostics.error(keyPath(key), "expected { ru = \"…\", en = \"…\" }, found \(v.type)")
            return nil
        }
        var inner = TableReader(t, path: keyPath(key), diagnostics: diagnostics)
        let ru = inner.string("ru", required: true)
        let en = inner.string("en", required: true)
        for k in ["ru", "en"] {
            if let s = (k == "ru" ? ru : en), s.trimmingCharacters(in: .whitespaces).isEmpty {
                inner.diagnostics.error(inner.keyPath(k), "must not be empty")
            }
        }
        inner.rejectUnknownKeys()
        diagnostics = inner.diagnostics
        guard let ru, let en else { return nil }
        return LocalizedText(ru: ru, en: en)
    }

    /// Reports every key that was not read: typos such as `requird = true` must not pass silently.
    mutating func rejectUnknownKeys() {
        for key in table.keys.sorted() where !used.contains(key) {
            diagnostics.error(keyPath(key), "unknown key")
        }
    }
}

