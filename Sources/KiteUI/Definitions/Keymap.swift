import Foundation
import KiteDomain
import KiteTerminal
import TOMLKit

/// Keys → named commands, per context, read from `Keymaps/<name>.toml`.
///
/// ```toml
/// extends = "default"          # optional: start from another keymap, then override
///
/// [global]
/// "F1"  = "app.help"
/// "C-q" = "app.quit"
///
/// [list]
/// inherits = "global"          # take every binding of global, then add or override
/// "Enter" = "list.open"
/// "q"     = "app.quit"
///
/// [form]
/// inherits = "global"
/// "C-q" = "none"               # "none" removes an inherited binding
/// "F9"  = ["deal.stage", "finance.confirm"]   # one key, the command of whichever screen offers it
/// ```
///
/// Contexts: `global`, `list`, `form`, `dialog`, `command_line`. In `form` and
/// `command_line` printable keys type text, so no printable key may be bound there,
/// not even through inheritance.
public struct Keymap: Sendable {
    public static let contexts = ["global", "list", "form", "dialog", "command_line"]
    /// Contexts where printable keys (and Space) type text.
    public static let textEntryContexts: Set<String> = ["form", "command_line"]
    /// The value that removes an inherited binding.
    public static let unbound = "none"

    /// The keymap's name (`default`, `vim`).
    public let name: String
    /// Per context: the resolved bindings (own plus inherited).
    private let resolved: [String: [Key: [String]]]
    /// Per context: the parent context, if any.
    public let parents: [String: String]
    /// The commands the keymap was checked against: they order the bindings and name the hints.
    public let catalogue: CommandCatalog

    /// The (first) command bound to `key` in `context`, inheritance included.
    public func command(for key: Key, in context: String) -> String? {
        resolved[context]?[key]?.first
    }

    /// Every command bound to `key` in `context`, in the order written: a key
    /// may serve different screens (F9: a deal's stage, a payment's confirmation);
    /// the first one the current screen offers runs.
    public func commands(for key: Key, in context: String) -> [String] {
        resolved[context]?[key] ?? []
    }

    /// Every binding of `context`, inherited ones included, ordered as the command
    /// catalogue orders commands, then by key preference (F-keys first).
    public func bindings(in context: String) -> [(key: Key, command: String)] {
        guard let map = resolved[context] else { return [] }
        return map.flatMap { key, commands in commands.map { (key: key, command: $0) } }.sorted { a, b in
            let ia = catalogue.index(of: a.command), ib = catalogue.index(of: b.command)
            if ia != ib { return ia < ib }
            if a.command != b.command { return a.command < b.command }
            return Keymap.keyOrder(a.key, b.key)
        }
    }

    /// The keys bound to `command` in `context`, preferred first.
    public func keys(for command: String, in context: String) -> [Key] {
        bindings(in: context).filter { $0.command == command }.map(\.key)
    }

    /// Commands of the catalogue that no key reaches in their home context.
    public func unreachableCommands() -> [String] {
        catalogue.all.filter { command in
            !(resolved[command.context]?.values.contains { $0.contains(command.name) } ?? false)
        }.map(\.name)
    }

    /// Reads `<name>.toml` from the first of `directories` (highest precedence first) that has it.
    public static func load(name: String, directories: [URL],
                            catalogue: CommandCatalog = .generic) throws -> Keymap {
        let (keymap, errors) = check(name: name, directories: directories, catalogue: catalogue)
        if let first = errors.first { throw first }
        return keymap!
    }

    /// Parses one keymap from text (tests, and keymaps that do not live on disk).
    public static func parse(_ text: String, name: String, file: String? = nil,
                             catalogue: CommandCatalog = .generic) throws -> Keymap {
        let file = file ?? "Keymaps/\(name).toml"
        var diagnostics = Diagnostics(file: file, path: nil)
        switch TOMLFile.parse(string: text, file: file, path: nil) {
        case .failure(let error): throw error
        case .success(let table):
            let raw = readContexts(table, diagnostics: &diagnostics, catalogue: catalogue)
            if raw.extends != nil { diagnostics.error("extends", "cannot extend another keymap here") }
            let keymap = resolve(name: name, raw: raw.contexts, catalogue: catalogue, diagnostics: &diagnostics)
            if let first = diagnostics.errors.first { throw first }
            return keymap
        }
    }

    /// The names of the keymaps found in `directories`.
    public static func names(in directories: [URL]) -> [String] {
        var names: Set<String> = []
        for dir in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for f in files where f.hasSuffix(".toml") { names.insert(String(f.dropLast(5))) }
        }
        return names.sorted()
    }

    /// Loads a keymap and returns every problem found (for `kite check-config`).
    public static func check(name: String, directories: [URL],
                             catalogue: CommandCatalog = .generic) -> (Keymap?, [DefinitionError]) {
        var chain: [String] = []
        var errors: [DefinitionError] = []
        let raw = loadRaw(name: name, directories: directories, catalogue: catalogue,
                          chain: &chain, errors: &errors)
        guard let raw else { return (nil, errors) }
        var diagnostics = Diagnostics(file: raw.file, path: raw.path)
        let keymap = resolve(name: name, raw: raw.contexts, catalogue: catalogue, diagnostics: &diagnostics)
        errors += diagnostics.errors
        return (keymap, errors)
    }

    // MARK: - Reading

    /// One context as written: parent and own bindings (nil command = "none").
    struct RawContext {
        var inherits: String?
        var inheritsSet = false
        var bindings: [Key: (commands: [String]?, keyText: String)] = [:]
        var file: String
    }

    struct RawKeymap {
        var contexts: [String: RawContext]
        var file: String
        var path: String?
    }

    private static func loadRaw(name: String, directories: [URL], catalogue: CommandCatalog,
                                chain: inout [String], errors: inout [DefinitionError]) -> RawKeymap? {
        let file = "Keymaps/\(name).toml"
        guard isValidName(name) else {
            errors.append(DefinitionError(file: file, message: "invalid keymap name \"\(name)\" (use letters, digits, - and _)"))
            return nil
        }
        if chain.contains(name) {
            errors.append(DefinitionError(file: "Keymaps/\(chain.last!).toml", key: "extends",
                                          message: "extends cycle: \((chain + [name]).joined(separator: " → "))"))
            return nil
        }
        chain.append(name)
        guard let url = directories.map({ $0.appendingPathComponent("\(name).toml") })
            .first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            let looked = directories.map(\.path).joined(separator: ", ")
            errors.append(DefinitionError(file: file, message: "keymap \"\(name)\" not found (looked in: \(looked.isEmpty ? "no folders" : looked))"))
            return nil
        }
        let table: TOMLTable
        switch TOMLFile.parse(url, file: file) {
        case .failure(let error):
            errors.append(error)
            return nil
        case .success(let t): table = t
        }
        var diagnostics = Diagnostics(file: file, path: url.path)
        let own = readContexts(table, diagnostics: &diagnostics, catalogue: catalogue)
        errors += diagnostics.errors
        guard let base = own.extends else {
            return RawKeymap(contexts: own.contexts, file: file, path: url.path)
        }
        guard let baseRaw = loadRaw(name: base, directories: directories, catalogue: catalogue,
                                    chain: &chain, errors: &errors) else { return nil }
        // Merge: this file's bindings override the base's, context by context.
        var merged = baseRaw.contexts
        for (context, ctx) in own.contexts {
            var target = merged[context] ?? RawContext(file: file)
            if ctx.inheritsSet {
                target.inherits = ctx.inherits
                target.inheritsSet = true
            }
            for (key, binding) in ctx.bindings { target.bindings[key] = binding }
            target.file = file
            merged[context] = target
        }
        return RawKeymap(contexts: merged, file: file, path: url.path)
    }

    private static func readContexts(_ table: TOMLTable, diagnostics: inout Diagnostics,
                                     catalogue: CommandCatalog) -> (contexts: [String: RawContext], extends: String?) {
        var contexts: [String: RawContext] = [:]
        var extends: String?
        for key in table.keys.sorted() {
            let value = table[key]!
            if key == "extends" {
                if let s = value.string { extends = s } else {
                    diagnostics.error("extends", "expected the name of a keymap, found \(value.type)")
                }
                continue
            }
            guard contexts[key] == nil, Keymap.contexts.contains(key) else {
                diagnostics.error("[\(key)]", "unknown context (known: \(Keymap.contexts.joined(separator: ", ")))")
                continue
            }
            guard let section = value.table else {
                diagnostics.error("[\(key)]", "expected a table of key = \"command\", found \(value.type)")
                continue
            }
            var ctx = RawContext(file: diagnostics.file)
            for keyText in section.keys.sorted() {
                let entry = section[keyText]!
                let where_ = "[\(key)] \"\(keyText)\""
                if keyText == "inherits" {
                    guard let parent = entry.string else {
                        diagnostics.error("[\(key)] inherits", "expected the name of a context, found \(entry.type)")
                        continue
                    }
                    ctx.inheritsSet = true
                    ctx.inherits = parent.isEmpty ? nil : parent
                    continue
                }
                guard let k = Key(name: keyText), k != .resize else {
                    diagnostics.error(where_, "unknown key name")
                    continue
                }
                let commands: [String]
                if let one = entry.string {
                    commands = [one]
                } else if let list = entry.array, !list.isEmpty, list.allSatisfy({ $0.string != nil }) {
                    commands = list.compactMap(\.string)
                } else {
                    diagnostics.error(where_, "expected a command name or a list of them, found \(entry.type)")
                    continue
                }
                if let existing = ctx.bindings[k] {
                    diagnostics.error(where_, "\(k.name) is already bound as \"\(existing.keyText)\" in [\(key)]")
                    continue
                }
                if commands == [unbound] {
                    ctx.bindings[k] = (nil, keyText)
                } else if let unknown = commands.first(where: { catalogue.command(named: $0) == nil }) {
                    diagnostics.error(where_, "unknown command \"\(unknown)\"")
                } else {
                    ctx.bindings[k] = (commands, keyText)
                }
            }
            contexts[key] = ctx
        }
        return (contexts, extends)
    }

    private static func resolve(name: String, raw: [String: RawContext], catalogue: CommandCatalog,
                                diagnostics: inout Diagnostics) -> Keymap {
        var parents: [String: String] = [:]
        for (context, ctx) in raw {
            guard let parent = ctx.inherits else { continue }
            guard Keymap.contexts.contains(parent) else {
                diagnostics.error("[\(context)] inherits", "unknown context \"\(parent)\"")
                continue
            }
            parents[context] = parent
        }
        var resolved: [String: [Key: [String]]] = [:]
        // Where each resolved binding was written: for messages about inherited keys.
        var origin: [String: [Key: (context: String, keyText: String, file: String)]] = [:]
        for context in Keymap.contexts {
            var chain = [context]
            var current = context
            var cyclic = false
            while let parent = parents[current] {
                if chain.contains(parent) {
                    diagnostics.error("[\(context)] inherits",
                                      "inherit cycle: \((chain + [parent]).joined(separator: " → "))")
                    cyclic = true
                    break
                }
                chain.append(parent)
                current = parent
            }
            if cyclic {
                resolved[context] = [:]
                continue
            }
            var map: [Key: [String]] = [:]
            var from: [Key: (context: String, keyText: String, file: String)] = [:]
            for c in chain.reversed() {
                guard let ctx = raw[c] else { continue }
                for (key, binding) in ctx.bindings {
                    if let commands = binding.commands {
                        map[key] = commands
                        from[key] = (c, binding.keyText, ctx.file)
                    } else {
                        map[key] = nil
                        from[key] = nil
                    }
                }
            }
            resolved[context] = map
            origin[context] = from
        }
        // Printable keys type text where text is typed.
        var reported: Set<String> = []
        for context in Keymap.contexts where Keymap.textEntryContexts.contains(context) {
            for (key, commands) in resolved[context] ?? [:] where key.isPrintable || key == .backspace {
                let command = commands.joined(separator: "\", \"")
                guard let o = origin[context]?[key] else { continue }
                let id = "\(o.context)|\(o.keyText)"
                guard !reported.contains(id) else { continue }
                reported.insert(id)
                let via = o.context == context ? "" : ", which inherits it from [\(o.context)]"
                let message = "\(key.name) types text in [\(context)]\(via), so it cannot run \"\(command)\"; use an F-key, C- or M- key there, or bind it in [list]"
                if o.file == diagnostics.file {
                    diagnostics.error("[\(o.context)] \"\(o.keyText)\"", message)
                } else {
                    diagnostics.append([DefinitionError(file: o.file, key: "[\(o.context)] \"\(o.keyText)\"", message: message)])
                }
            }
        }
        return Keymap(name: name, resolved: resolved, parents: parents, catalogue: catalogue)
    }

    // MARK: - Ordering

    /// F-keys, then named keys (Ins, Enter, Esc…), printable mnemonics (`/`, `:`), Ctrl, Alt.
    static func keyRank(_ key: Key) -> Int {
        switch key {
        case .function: 0
        case .character: 2
        case .control: 3
        case .alt: 4
        default: 1
        }
    }

    static func keyOrder(_ a: Key, _ b: Key) -> Bool {
        let ra = keyRank(a), rb = keyRank(b)
        if ra != rb { return ra < rb }
        if case .function(let x) = a, case .function(let y) = b { return x < y }
        return a.name < b.name
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
