import Foundation
import KiteDomain
import TOMLKit

/// `config/checklists/appraisal.toml`: the appraisal checklist (sections and items), the
/// paint panels and thresholds. A user copy (`$XDG_CONFIG_HOME/kite/checklists/appraisal.toml`)
/// replaces the shipped file. Every problem names the file, the line and the key.
public enum AppraisalChecklistFile {
    static let codePattern = "^[a-z0-9_]{1,40}$"

    /// The file in effect: the user's copy, else the shipped one.
    public static func url(paths: DataPaths) -> (url: URL, display: String)? {
        if let user = paths.userRoot?.appendingPathComponent("checklists/appraisal.toml"), FileManager.default.fileExists(atPath: user.path) {
            return (user, user.path)
        }
        guard let shipped = paths.dataRoot?.appendingPathComponent("config/checklists/appraisal.toml") else { return nil }
        return (shipped, "config/checklists/appraisal.toml")
    }

    /// Reads and checks the checklist; the first problem is thrown.
    public static func load(paths: DataPaths) throws -> AppraisalChecklist {
        let (checklist, errors) = check(paths: paths)
        if let first = errors.first { throw first }
        return checklist
    }

    /// The checklist and every problem found (for `kite check-config`).
    public static func check(paths: DataPaths) -> (AppraisalChecklist, [DefinitionError]) {
        guard let (url, display) = url(paths: paths) else { return (AppraisalChecklist(), []) }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return (AppraisalChecklist(), [DefinitionError(file: display, message: "missing: the appraisal checklist", path: url.path)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (AppraisalChecklist(), [DefinitionError(file: display, message: "not valid UTF-8 text", path: url.path)])
        }
        return parse(text: text, file: display, path: url.path)
    }

    /// Parses checklist text (tests); the first problem is thrown.
    public static func parse(_ text: String, file: String = "config/checklists/appraisal.toml") throws -> AppraisalChecklist {
        let (checklist, errors) = parse(text: text, file: file, path: nil)
        if let first = errors.first { throw first }
        return checklist
    }

    static func parse(text: String, file: String, path: String?) -> (AppraisalChecklist, [DefinitionError]) {
        switch TOMLFile.parse(string: text, file: file, path: path) {
        case .failure(let error): return (AppraisalChecklist(), [error])
        case .success(let table):
            let (checklist, errors) = read(table, file: file, path: path)
            let lines = text.components(separatedBy: "\n")
            return (checklist, errors.map { error in
                var e = error
                if e.line == nil, let key = e.key { e.line = line(of: key, in: lines) }
                return e
            })
        }
    }

    static func read(_ table: TOMLTable, file: String, path: String?) -> (AppraisalChecklist, [DefinitionError]) {
        var root = TableReader(table, path: "", diagnostics: Diagnostics(file: file, path: path))
        var checklist = AppraisalChecklist()

        func thresholds(_ reader: inout TableReader) -> PaintThresholds? {
            guard let factory = reader.int("factory_max", min: 1) else {
                if !reader.has("factory_max") { reader.diagnostics.error(reader.keyPath("factory_max"), "missing (µm, e.g. 200)") }
                return nil
            }
            guard let repaint = reader.int("repaint_max", min: 1) else {
                if !reader.has("repaint_max") { reader.diagnostics.error(reader.keyPath("repaint_max"), "missing (µm, e.g. 300)") }
                return nil
            }
            guard repaint > factory else {
                reader.diagnostics.error(reader.keyPath("repaint_max"), "must be above factory_max (\(factory)), found \(repaint)")
                return nil
            }
            return PaintThresholds(factoryMax: factory, repaintMax: repaint)
        }

        func code(_ reader: inout TableReader, seen: inout Set<String>) -> String? {
            guard let code = reader.string("code", required: true) else { return nil }
            guard code.range(of: codePattern, options: .regularExpression) != nil else {
                reader.diagnostics.error(reader.keyPath("code"), "\"\(code)\": a code is 1–40 of a-z, 0-9 and _")
                return nil
            }
            guard seen.insert(code).inserted else {
                reader.diagnostics.error(reader.keyPath("code"), "\"\(code)\" is used twice")
                return nil
            }
            return code
        }

        // [paint] and [[paint.makes]]
        if let paint = root.table("paint") {
            var reader = TableReader(paint, path: "paint", diagnostics: root.diagnostics)
            if let t = thresholds(&reader) { checklist.paint = t }
            for (i, make) in (reader.tables("makes") ?? []).enumerated() {
                var m = TableReader(make, path: "paint.makes[\(i)]", diagnostics: reader.diagnostics)
                let names = m.strings("makes") ?? []
                if names.isEmpty { m.diagnostics.error(m.keyPath("makes"), "list at least one make") }
                if let t = thresholds(&m) {
                    for name in names { checklist.paintByMake[name.trimmingCharacters(in: .whitespaces).lowercased()] = t }
                }
                m.rejectUnknownKeys()
                reader.diagnostics = m.diagnostics
            }
            reader.rejectUnknownKeys()
            root.diagnostics = reader.diagnostics
        } else if !root.has("paint") {
            root.diagnostics.error("paint", "missing: the [paint] thresholds (factory_max, repaint_max)")
        }

        // [[panels]]
        var panelCodes: Set<String> = []
        for (i, panel) in (root.tables("panels") ?? []).enumerated() {
            var p = TableReader(panel, path: "panels[\(i)]", diagnostics: root.diagnostics)
            let c = code(&p, seen: &panelCodes)
            let title = p.localized("title", required: true)
            let bodies = p.strings("bodies") ?? []
            for (j, body) in bodies.enumerated() where body.range(of: "^[a-z_]{1,30}$", options: .regularExpression) == nil {
                p.diagnostics.error("\(p.keyPath("bodies"))[\(j)]", "\"\(body)\": a body type is a-z and _")
            }
            if let c, let title { checklist.panels.append(PaintPanel(code: c, title: title, bodies: bodies)) }
            p.rejectUnknownKeys()
            root.diagnostics = p.diagnostics
        }
        if checklist.panels.isEmpty, !root.diagnostics.errors.contains(where: { $0.key?.hasPrefix("panels") == true }) {
            root.diagnostics.error("panels", "missing: list the body panels ([[panels]])")
        }

        // [[sections]] and [[sections.items]]
        var sectionCodes: Set<String> = []
        for (i, section) in (root.tables("sections") ?? []).enumerated() {
            var s = TableReader(section, path: "sections[\(i)]", diagnostics: root.diagnostics)
            let sectionCode = code(&s, seen: &sectionCodes)
            let title = s.localized("title", required: true)
            var itemCodes: Set<String> = []
            var items: [ChecklistItem] = []
            let itemTables = s.tables("items") ?? []
            if itemTables.isEmpty { s.diagnostics.error(s.keyPath("items"), "empty: list at least one item ([[sections.items]])") }
            for (j, item) in itemTables.enumerated() {
                var r = TableReader(item, path: "sections[\(i)].items[\(j)]", diagnostics: s.diagnostics)
                let itemCode = code(&r, seen: &itemCodes)
                let itemTitle = r.localized("title", required: true)
                var costs: [Money]?
                if let v = r.value("costs") {
                    if let array = v.array, array.count == 3, array.allSatisfy({ ($0.int ?? -1) >= 0 }) {
                        costs = array.map { Money(roubles: Int64($0.int ?? 0)) }
                    } else {
                        r.diagnostics.error(r.keyPath("costs"), "expected three whole rouble amounts not below zero (minor, moderate, severe), e.g. [5000, 15000, 45000]")
                    }
                }
                let photo = r.bool("photo") ?? false
                if let sectionCode, let itemCode, let itemTitle {
                    items.append(ChecklistItem(code: "\(sectionCode).\(itemCode)", title: itemTitle, costs: costs, photoRequired: photo))
                }
                r.rejectUnknownKeys()
                s.diagnostics = r.diagnostics
            }
            if let sectionCode, let title { checklist.sections.append(ChecklistSection(code: sectionCode, title: title, items: items)) }
            s.rejectUnknownKeys()
            root.diagnostics = s.diagnostics
        }
        if checklist.sections.isEmpty, !root.has("sections") {
            root.diagnostics.error("sections", "missing: list the checklist's sections ([[sections]])")
        }
        root.rejectUnknownKeys()
        return (checklist, root.diagnostics.errors)
    }

    /// The line (1-based) a key path such as `sections[2].items[1].costs` or
    /// `paint.makes[0].factory_max` is written on: the array-of-tables headers are counted,
    /// then the key is looked for in that block.
    static func line(of keyPath: String, in lines: [String]) -> Int? {
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        var header = ""
        var from = 0
        var until = lines.count
        var blockStart: Int?
        for component in keyPath.split(separator: ".").map(String.init) {
            let parts = component.split(separator: "[", maxSplits: 1)
            let name = String(parts.first ?? "")
            let index = parts.count > 1 ? Int(parts[1].dropLast()) : nil
            let path = header.isEmpty ? name : "\(header).\(name)"
            let wanted = index == nil ? "[\(path)]" : "[[\(path)]]"
            let matches = (from..<until).filter { trimmed[$0] == wanted }
            if let n = matches.dropFirst(index ?? 0).first {
                header = path
                blockStart = n
                from = n + 1
                until = (from..<lines.count).first {
                    trimmed[$0].hasPrefix("[") && !trimmed[$0].hasPrefix("[\(path).") && !trimmed[$0].hasPrefix("[[\(path).")
                } ?? lines.count
                continue
            }
            // A key of the current block, before its first inner table.
            let ownEnd = (from..<until).first { trimmed[$0].hasPrefix("[") } ?? until
            if let n = (from..<ownEnd).first(where: { trimmed[$0].hasPrefix(name + " ") || trimmed[$0].hasPrefix(name + "=") }) {
                return n + 1
            }
            break
        }
        return blockStart.map { $0 + 1 }
    }
}
