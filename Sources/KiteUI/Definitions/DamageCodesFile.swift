import Foundation
import KiteDomain
import TOMLKit

/// `config/damage_codes.toml`: the catalogue of the area, type and severity codes of a
/// transport damage, with their Russian and English names. A user copy
/// (`$XDG_CONFIG_HOME/kite/damage_codes.toml`) replaces the shipped file.
public enum DamageCodesFile {
    static let sections: [(key: String, digits: Int)] = [("areas", 2), ("types", 2), ("severities", 1)]

    /// The file in effect: the user's copy, else the shipped one.
    public static func url(paths: DataPaths) -> (url: URL, display: String)? {
        if let user = paths.userRoot?.appendingPathComponent("damage_codes.toml"), FileManager.default.fileExists(atPath: user.path) {
            return (user, user.path)
        }
        guard let shipped = paths.dataRoot?.appendingPathComponent("config/damage_codes.toml") else { return nil }
        return (shipped, "config/damage_codes.toml")
    }

    /// Reads and checks the catalogue; the first problem is thrown.
    public static func load(paths: DataPaths) throws -> DamageCatalogue {
        let (catalogue, errors) = check(paths: paths)
        if let first = errors.first { throw first }
        return catalogue
    }

    /// The catalogue and every problem found (for `kite check-config`).
    public static func check(paths: DataPaths) -> (DamageCatalogue, [DefinitionError]) {
        guard let (url, display) = url(paths: paths) else { return (DamageCatalogue(), []) }
        guard FileManager.default.fileExists(atPath: url.path) else {
            return (DamageCatalogue(), [DefinitionError(file: display, message: "missing: the damage codes of the inspections", path: url.path)])
        }
        switch TOMLFile.parse(url, file: display) {
        case .failure(let error): return (DamageCatalogue(), [error])
        case .success(let table): return read(table, file: display, path: url.path)
        }
    }

    /// Parses catalogue text (tests).
    public static func parse(_ text: String, file: String = "config/damage_codes.toml") throws -> DamageCatalogue {
        switch TOMLFile.parse(string: text, file: file, path: nil) {
        case .failure(let error): throw error
        case .success(let table):
            let (catalogue, errors) = read(table, file: file, path: nil)
            if let first = errors.first { throw first }
            return catalogue
        }
    }

    static func read(_ table: TOMLTable, file: String, path: String?) -> (DamageCatalogue, [DefinitionError]) {
        var root = TableReader(table, path: "", diagnostics: Diagnostics(file: file, path: path))
        var parsed: [String: [Int: LocalizedText]] = [:]
        for (key, digits) in sections {
            guard let section = root.table(key) else {
                if !root.has(key) { root.diagnostics.error(key, "missing: the [\(key)] table of \(digits)-digit codes") }
                continue
            }
            var reader = TableReader(section, path: key, diagnostics: root.diagnostics)
            var names: [Int: LocalizedText] = [:]
            for code in section.keys.sorted() {
                let valid = code.count == digits && code.allSatisfy { $0.isASCII && $0.isNumber }
                let number = Int(code) ?? 0
                guard valid, number > 0 else {
                    _ = reader.value(code)
                    reader.diagnostics.error(reader.keyPath("\"\(code)\""),
                                             "a code here is \(digits) digit\(digits == 1 ? "" : "s"), \(digits == 1 ? "1–9" : "01–99") (quoted)")
                    continue
                }
                if let name = reader.localized(code, required: true) { names[number] = name }
            }
            if section.keys.isEmpty { reader.diagnostics.error(key, "empty: list at least one code") }
            reader.rejectUnknownKeys()
            root.diagnostics = reader.diagnostics
            parsed[key] = names
        }
        root.rejectUnknownKeys()
        let catalogue = DamageCatalogue(areas: parsed["areas"] ?? [:], types: parsed["types"] ?? [:],
                                        severities: parsed["severities"] ?? [:])
        return (catalogue, root.diagnostics.errors)
    }
}
