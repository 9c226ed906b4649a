import Foundation
import KiteDomain
import TOMLKit

// MARK: - Lists

/// How a list column shows its value.
public enum ColumnFormat: Sendable, Hashable {
    case text, integer, money, date
    /// A state or kind shown with its label.
    case status
    /// A date shown as the number of days since it (days in stock from `arrival_date`).
    case days
    /// An id shown as the name of the looked-up row (`lookup = "location"`).
    case lookup
    /// A format a module registers by name (`Vocabulary.formats`).
    case named(String)

    public static let builtIn: [String: ColumnFormat] = [
        "text": .text, "integer": .integer, "money": .money, "date": .date, "status": .status,
        "days": .days, "lookup": .lookup,
    ]

    /// Numbers line up on the right unless the file says otherwise.
    public var defaultAlignment: ColumnAlignment {
        switch self {
        case .integer, .money, .days: .right
        default: .left
        }
    }
}

public enum ColumnAlignment: String, Sendable, Hashable, CaseIterable {
    case left, right, center
}

public enum ColumnWidth: Sendable, Hashable {
    /// Exactly this many display columns.
    case fixed(Int)
    /// At least `min` columns; spare width is shared between flex columns by `weight`.
    case flex(min: Int, weight: Int)
}

public enum FieldStorage: String, Sendable, Hashable {
    /// A column of the entity's table.
    case column
    /// A key in the row's `attributes` jsonb (type-specific values such as `battery_kwh`).
    case attribute
}

public struct ColumnDefinition: Sendable, Hashable {
    public var field: String
    public var title: LocalizedText
    public var width: ColumnWidth
    public var align: ColumnAlignment
    public var sortable: Bool
    public var format: ColumnFormat
    /// The looked-up entity for `format = "lookup"`.
    public var lookup: String?
    public var storage: FieldStorage
    /// When the terminal is too narrow for every column, the ones with the
    /// highest number are left out first (1 = always shown if at all possible).
    public var priority: Int = 1
}

/// A list screen (`kind = "list"`).
public struct ListScreenDefinition: Sendable, Hashable {
    public var name: String
    public var title: LocalizedText
    public var entity: String
    /// The form screen that `list.open` and `list.new` open.
    public var form: String?
    /// The commands the screen offers (the hint bar and the help show only these, plus `app.*`).
    public var commands: [String]
    public var columns: [ColumnDefinition]
    /// The column sorted by when the screen opens.
    public var sort: String?
    public var sortDescending: Bool
}

// MARK: - Forms

public enum FieldType: String, Sendable, Hashable, CaseIterable {
    case text, integer, money, date
    /// One of `options` (or of a domain enum named by `source`).
    case `enum`
    /// A VIN: 17 characters, checked by the domain rules.
    case vin
    /// An id of another entity picked from a list (`lookup = "location"`).
    case lookup
}

public struct EnumOption: Sendable, Hashable {
    public var value: String
    public var label: LocalizedText

    public init(value: String, label: LocalizedText) {
        self.value = value
        self.label = label
    }
}

public struct FieldDefinition: Sendable, Hashable {
    /// The bind name: a column of the entity, or a key of `attributes`.
    public var field: String
    public var title: LocalizedText
    public var type: FieldType
    public var required: Bool
    /// Read-only for everyone.
    public var readOnly: Bool
    /// Read-only for these roles only.
    public var readOnlyFor: Set<String>
    public var hiddenFor: Set<String>
    /// The choices of an `enum` field, resolved (also when they come from `source`).
    public var options: [EnumOption]
    /// The domain enum the options come from (`vehicle_status`), if any.
    public var optionsSource: String?
    /// The entity of a `lookup` field.
    public var lookup: String?
    public var maxLength: Int?
    public var help: LocalizedText?
    public var storage: FieldStorage

    public func isReadOnly(for role: String) -> Bool { readOnly || readOnlyFor.contains(role) }
    public func isHidden(for role: String) -> Bool { hiddenFor.contains(role) }
}

public struct SectionDefinition: Sendable, Hashable {
    public var name: String?
    public var title: LocalizedText
    /// The section appears only for these vehicle types; nil → for every type.
    public var vehicleTypes: Set<String>?
    public var fields: [FieldDefinition]

    public func applies(to vehicleType: String) -> Bool {
        vehicleTypes?.contains(vehicleType) ?? true
    }
}

/// A table of rows inside a form (`[[details]]`): a deal's extra lines, a trip's cars.
/// Its columns are laid out like a list's; a row is edited in a dialog of its `fields`.
public struct DetailDefinition: Sendable, Hashable {
    public var name: String
    public var title: LocalizedText
    /// The entity of one row (`deal_line`): the fields its columns and fields bind.
    public var entity: String
    public var columns: [ColumnDefinition]
    public var fields: [FieldDefinition]
    /// Rows shown at once: `rows` on a short terminal, `tall_rows` from 30 lines up.
    public var rows: Int
    public var tallRows: Int
    /// Shown when there are no rows.
    public var empty: LocalizedText
}

/// A form screen (`kind = "form"`).
public struct FormScreenDefinition: Sendable, Hashable {
    public var name: String
    public var title: LocalizedText
    public var entity: String
    public var commands: [String]
    public var sections: [SectionDefinition]
    public var details: [DetailDefinition] = []

    /// The detail table named `name`.
    public func detail(_ name: String) -> DetailDefinition? { details.first { $0.name == name } }

    /// The sections shown for a vehicle of this type.
    public func sections(for vehicleType: String) -> [SectionDefinition] {
        sections.filter { $0.applies(to: vehicleType) }
    }

    /// The fields shown to `role` for a vehicle of this type, in order.
    public func fields(for vehicleType: String, role: String? = nil) -> [FieldDefinition] {
        sections(for: vehicleType).flatMap(\.fields).filter { field in
            role.map { !field.isHidden(for: $0) } ?? true
        }
    }

    /// The field with this bind name, in any section.
    public func field(_ name: String) -> FieldDefinition? {
        sections.lazy.flatMap(\.fields).first { $0.field == name }
    }
}

public enum ScreenDefinition: Sendable, Hashable {
    case list(ListScreenDefinition)
    case form(FormScreenDefinition)

    public var name: String {
        switch self {
        case .list(let l): l.name
        case .form(let f): f.name
        }
    }
}

// MARK: - Catalogue

/// Every screen of `Screens/*.toml`, validated.
public struct ScreenCatalog: Sendable {
    /// Roles that `read_only` and `hidden_for` may name.
    public static let roles = Set(Role.allCases.map(\.rawValue))
    public let screens: [String: ScreenDefinition]

    public init(screens: [String: ScreenDefinition]) {
        self.screens = screens
    }

    public func list(_ name: String) -> ListScreenDefinition? {
        if case .list(let l) = screens[name] { return l }
        return nil
    }

    public func form(_ name: String) -> FormScreenDefinition? {
        if case .form(let f) = screens[name] { return f }
        return nil
    }

    /// Loads every `*.toml` of `directories` (highest precedence first: a file in an earlier
    /// folder replaces the file of the same name in a later one).
    /// `vocabulary` holds what a screen may name: entities and their fields, commands,
    /// lookup targets and option sources (the modules' words).
    public static func load(directories: [URL], vocabulary: Vocabulary) throws -> ScreenCatalog {
        let (catalog, errors) = check(directories: directories, vocabulary: vocabulary)
        if let first = errors.first { throw first }
        return catalog
    }

    /// Loads the screens and returns every problem found (for `kite check-config`).
    public static func check(directories: [URL], vocabulary: Vocabulary) -> (ScreenCatalog, [DefinitionError]) {
        var files: [String: URL] = [:]
        for dir in directories.reversed() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names where name.hasSuffix(".toml") {
                files[String(name.dropLast(5))] = dir.appendingPathComponent(name)
            }
        }
        var errors: [DefinitionError] = []
        if files.isEmpty {
            errors.append(DefinitionError(file: "Screens", message: "no screen files found (looked in: \(directories.map(\.path).joined(separator: ", ")))"))
        }
        var screens: [String: ScreenDefinition] = [:]
        for name in files.keys.sorted() {
            let url = files[name]!
            let file = "Screens/\(name).toml"
            switch TOMLFile.parse(url, file: file) {
            case .failure(let error): errors.append(error)
            case .success(let table):
                var diagnostics = Diagnostics(file: file, path: url.path)
                let screen = ScreenParser(vocabulary: vocabulary)
                    .parse(table, name: name, diagnostics: &diagnostics)
                errors += diagnostics.errors
                if diagnostics.isEmpty, let screen { screens[name] = screen }
            }
        }
        // Cross-file: a list's form exists and shows the same entity.
        for name in screens.keys.sorted() {
            guard case .list(let list) = screens[name], let formName = list.form else { continue }
            let file = "Screens/\(name).toml"
            switch screens[formName] {
            case .form(let form) where form.entity == list.entity: break
            case .form(let form):
                errors.append(DefinitionError(file: file, key: "form", message: "form \"\(formName)\" shows \(form.entity), not \(list.entity)", path: files[name]?.path))
            case .list:
                errors.append(DefinitionError(file: file, key: "form", message: "\"\(formName)\" is a list, not a form", path: files[name]?.path))
            case nil where files[formName] == nil:
                errors.append(DefinitionError(file: file, key: "form", message: "no form screen \"\(formName)\" (Screens/\(formName).toml)", path: files[name]?.path))
            case nil: break  // the form has errors of its own
            }
        }
        return (ScreenCatalog(screens: screens), errors)
    }
}

/// Reads one screen file.
struct ScreenParser {
    let vocabulary: Vocabulary
    var entities: [String: Set<String>] { vocabulary.entities }

    func parse(_ table: TOMLTable, name: String, diagnostics: inout Diagnostics) -> ScreenDefinition? {
        var root = TableReader(table, path: "", diagnostics: diagnostics)
        defer { diagnostics = root.diagnostics }
        let kind = root.string("kind", required: true)
        let title = root.localized("title", required: true)
        let entity = root.string("entity", required: true)
        var columnFields: Set<String> = []
        if let entity {
            if let fields = entities[entity] {
                columnFields = fields
            } else {
                root.diagnostics.error("entity", "unknown entity \"\(entity)\" (known: \(entities.keys.sorted().joined(separator: ", ")))")
            }
        }
        var commands: [String] = []
        for (i, command) in (root.strings("commands") ?? []).enumerated() {
            if vocabulary.commands.command(named: command) != nil { commands.append(command) } else {
                root.diagnostics.error("commands[\(i)]", "unknown command \"\(command)\"")
            }
        }
        let entityKnown = entity.map { entities[$0] != nil } ?? false
        switch kind {
        case "list":
            let form = root.string("form")
            var columns: [ColumnDefinition] = []
            if let tables = root.tables("columns") {
                for (i, t) in tables.enumerated() {
                    var r = TableReader(t, path: "columns[\(i)]", diagnostics: root.diagnostics)
                    if let c = column(&r, columnFields: columnFields, entityKnown: entityKnown,
                                      sortable: vocabulary.sortableFields[entity ?? ""] ?? []) { columns.append(c) }
                    r.rejectUnknownKeys()
                    root.diagnostics = r.diagnostics
                }
                if tables.isEmpty { root.diagnostics.error("columns", "a list needs at least one [[columns]]") }
            } else {
                root.diagnostics.error("columns", "missing: a list needs [[columns]]")
            }
            var seen: Set<String> = []
            for (i, c) in columns.enumerated() where !seen.insert(c.field).inserted {
                root.diagnostics.error("columns[\(i)].field", "\"\(c.field)\" is already a column")
            }
            let sort = root.string("sort")
            if let sort, !columns.contains(where: { $0.field == sort && $0.sortable }) {
                root.diagnostics.error("sort", "\"\(sort)\" is not a sortable column of this list")
            }
            let descending = root.bool("sort_descending") ?? false
            if root.has("sections") { root.diagnostics.error("sections", "a list has [[columns]], not [[sections]]") }
            _ = root.value("sections")
            root.rejectUnknownKeys()
            guard let title, let entity else { return nil }
            return .list(ListScreenDefinition(name: name, title: title, entity: entity, form: form, commands: commands,
                                              columns: columns, sort: sort, sortDescending: descending))
        case "form":
            var sections: [SectionDefinition] = []
            if let tables = root.tables("sections") {
                for (i, t) in tables.enumerated() {
                    var r = TableReader(t, path: "sections[\(i)]", diagnostics: root.diagnostics)
                    if let s = section(&r, columnFields: columnFields, entityKnown: entityKnown) { sections.append(s) }
                    r.rejectUnknownKeys()
                    root.diagnostics = r.diagnostics
                }
                if tables.isEmpty { root.diagnostics.error("sections", "a form needs at least one [[sections]]") }
            } else {
                root.diagnostics.error("sections", "missing: a form needs [[sections]]")
            }
            // A bind name appears once per vehicle type; sections for different types may share one.
            var seen: [String: (Int, Set<String>?)] = [:]
            for (si, s) in sections.enumerated() {
                for (fi, f) in s.fields.enumerated() {
                    if let (other, types) = seen[f.field], overlaps(types, s.vehicleTypes) {
                        root.diagnostics.error("sections[\(si)].fields[\(fi)].field",
                                               "\"\(f.field)\" is already in sections[\(other)]")
                    } else {
                        seen[f.field] = (si, s.vehicleTypes)
                    }
                }
            }
            if root.has("columns") { root.diagnostics.error("columns", "a form has [[sections]], not [[columns]]") }
            _ = root.value("columns")
            let details = self.details(&root)
            root.rejectUnknownKeys()
            guard let title, let entity else { return nil }
            return .form(FormScreenDefinition(name: name, title: title, entity: entity, commands: commands,
                                              sections: sections, details: details))
        case nil:
            root.rejectUnknownKeys()
            return nil
        case let other?:
            root.diagnostics.error("kind", "unknown kind \"\(other)\" (list or form)")
            return nil
        }
    }

    private func overlaps(_ a: Set<String>?, _ b: Set<String>?) -> Bool {
        guard let a, let b else { return true }
        return !a.isDisjoint(with: b)
    }

    private func storageAndField(_ r: inout TableReader, columnFields: Set<String>, entityKnown: Bool) -> (String, FieldStorage)? {
        let field = r.string("field", required: true)
        var storage = FieldStorage.column
        if let s = r.string("storage") {
            if let st = FieldStorage(rawValue: s) { storage = st } else {
                r.diagnostics.error(r.keyPath("storage"), "unknown storage \"\(s)\" (column or attribute)")
            }
        }
        guard let field else { return nil }
        switch storage {
        case .column:
            if entityKnown, !columnFields.contains(field) {
                r.diagnostics.error(r.keyPath("field"), "unknown field \"\(field)\" (not a column; values kept in attributes need storage = \"attribute\")")
            }
        case .attribute:
            if columnFields.contains(field) {
                r.diagnostics.error(r.keyPath("storage"), "\"\(field)\" is a column, not an attribute")
            } else if !ScreenParser.isIdentifier(field) {
                r.diagnostics.error(r.keyPath("field"), "attribute names use a-z, 0-9 and _ (found \"\(field)\")")
            }
        }
        return (field, storage)
    }

    /// `sortable` defaults to whether the entity's lists can sort by the field; `sortable = true`
    /// on a field they cannot sort by is an error.
    func column(_ r: inout TableReader, columnFields: Set<String>, entityKnown: Bool,
                        sortable sortableFields: Set<String>) -> ColumnDefinition? {
        let bound = storageAndField(&r, columnFields: columnFields, entityKnown: entityKnown)
        let title = r.localized("title", required: true)
        var format = ColumnFormat.text
        if let f = r.string("format") {
            if let cf = ColumnFormat.builtIn[f] { format = cf } else if vocabulary.formats.contains(f) { format = .named(f) } else {
                let known = (Array(ColumnFormat.builtIn.keys) + vocabulary.formats).sorted()
                r.diagnostics.error(r.keyPath("format"), "unknown format \"\(f)\" (\(known.joined(separator: ", ")))")
            }
        }
        var align = format.defaultAlignment
        if let a = r.string("align") {
            if let ca = ColumnAlignment(rawValue: a) { align = ca } else {
                r.diagnostics.error(r.keyPath("align"), "unknown alignment \"\(a)\" (left, right, center)")
            }
        }
        let fixed = r.int("width", min: 1)
        let minWidth = r.int("min_width", min: 1)
        let flex = r.int("flex", min: 1)
        var width = ColumnWidth.fixed(10)
        switch (fixed, minWidth) {
        case (let w?, nil):
            width = .fixed(w)
            if flex != nil { r.diagnostics.error(r.keyPath("flex"), "a fixed width column cannot flex; use min_width with flex") }
        case (nil, let m?): width = .flex(min: m, weight: flex ?? 1)
        case (_?, _?): r.diagnostics.error(r.keyPath("width"), "give width or min_width, not both")
        case (nil, nil):
            if !r.has("width") && !r.has("min_width") {
                r.diagnostics.error(r.keyPath("width"), "missing: give width, or min_width (and flex)")
            }
        }
        let canSort = bound.map { sortableFields.contains($0.0) } ?? false
        let sortable = r.bool("sortable") ?? canSort
        if sortable, !canSort, let (field, _) = bound, entityKnown {
            let known = sortableFields.isEmpty ? "none" : sortableFields.sorted().joined(separator: ", ")
            r.diagnostics.error(r.keyPath("sortable"), "this list cannot sort by \"\(field)\" (sortable: \(known))")
        }
        let priority = r.int("priority", min: 1) ?? 1
        let lookup = lookupTarget(&r, needed: format == .lookup, what: "format = \"lookup\"")
        guard let (field, storage) = bound, let title else { return nil }
        return ColumnDefinition(field: field, title: title, width: width, align: align, sortable: sortable,
                                format: format, lookup: lookup, storage: storage, priority: priority)
    }

    private func lookupTarget(_ r: inout TableReader, needed: Bool, what: String) -> String? {
        let lookup = r.string("lookup")
        if let lookup, !vocabulary.lookupTargets.contains(lookup) {
            r.diagnostics.error(r.keyPath("lookup"), "unknown lookup target \"\(lookup)\" (\(vocabulary.lookupTargets.sorted().joined(separator: ", ")))")
            return nil
        }
        if needed, lookup == nil, !r.has("lookup") {
            r.diagnostics.error(r.keyPath("lookup"), "missing: \(what) needs lookup = \"…\"")
        }
        if !needed, lookup != nil {
            r.diagnostics.error(r.keyPath("lookup"), "only for \(what)")
        }
        return lookup
    }

    private func roles(_ r: inout TableReader, _ key: String) -> Set<String> {
        var result: Set<String> = []
        for (i, role) in (r.strings(key) ?? []).enumerated() {
            if ScreenCatalog.roles.contains(role) { result.insert(role) } else {
                r.diagnostics.error("\(r.keyPath(key))[\(i)]", "unknown role \"\(role)\" (\(ScreenCatalog.roles.sorted().joined(separator: ", ")))")
            }
        }
        return result
    }

    private func section(_ r: inout TableReader, columnFields: Set<String>, entityKnown: Bool) -> SectionDefinition? {
        let name = r.string("name")
        let title = r.localized("title", required: true)
        var vehicleTypes: Set<String>?
        // `applies_to` is the general name (customer kinds); `vehicle_types` reads better on the vehicle card.
        let variantsKey = r.has("applies_to") ? "applies_to" : "vehicle_types"
        if let types = r.strings(variantsKey) {
            if types.isEmpty { r.diagnostics.error(r.keyPath(variantsKey), "empty: leave it out to show the section for every kind") }
            for (i, t) in types.enumerated() where !ScreenParser.isIdentifier(t) {
                r.diagnostics.error("\(r.keyPath(variantsKey))[\(i)]", "kinds use a-z, 0-9 and _ (found \"\(t)\")")
            }
            vehicleTypes = Set(types)
        }
        var fields: [FieldDefinition] = []
        if let tables = r.tables("fields") {
            for (i, t) in tables.enumerated() {
                var fr = TableReader(t, path: r.keyPath("fields[\(i)]"), diagnostics: r.diagnostics)
                if let f = field(&fr, columnFields: columnFields, entityKnown: entityKnown) { fields.append(f) }
                fr.rejectUnknownKeys()
                r.diagnostics = fr.diagnostics
            }
        } else {
            r.diagnostics.error(r.keyPath("fields"), "missing: a section needs [[sections.fields]]")
        }
        guard let title else { return nil }
        return SectionDefinition(name: name, title: title, vehicleTypes: vehicleTypes, fields: fields)
    }

    func field(_ r: inout TableReader, columnFields: Set<String>, entityKnown: Bool) -> FieldDefinition? {
        let bound = storageAndField(&r, columnFields: columnFields, entityKnown: entityKnown)
        let title = r.localized("title", required: true)
        var type: FieldType?
        if let t = r.string("type", required: true) {
            type = FieldType(rawValue: t)
            if type == nil {
                r.diagnostics.error(r.keyPath("type"), "unknown type \"\(t)\" (\(FieldType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        let required = r.bool("required") ?? false
        var readOnly = false
        var readOnlyFor: Set<String> = []
        if let v = r.value("read_only") {
            if let b = v.bool { readOnly = b } else if v.array != nil { readOnlyFor = roles(&r, "read_only") } else {
                r.diagnostics.error(r.keyPath("read_only"), "expected true, false or a list of roles, found \(v.type)")
            }
        }
        let hiddenFor = roles(&r, "hidden_for")
        let maxLength = r.int("max_length", min: 1)
        if maxLength != nil, let type, type != .text, type != .vin {
            r.diagnostics.error(r.keyPath("max_length"), "only for text fields")
        }
        let help = r.localized("help", required: false)
        // Options of an enum.
        var options: [EnumOption] = []
        let source = r.string("source")
        let hasOptions = r.has("options")
        if let source {
            if let resolved = vocabulary.optionSources[source] { options = resolved } else {
                r.diagnostics.error(r.keyPath("source"), "unknown option source \"\(source)\" (\(vocabulary.optionSources.keys.sorted().joined(separator: ", ")))")
            }
        }
        if let tables = r.tables("options") {
            for (i, t) in tables.enumerated() {
                var o = TableReader(t, path: r.keyPath("options[\(i)]"), diagnostics: r.diagnostics)
                let value = o.string("value", required: true)
                let ru = o.string("ru", required: true)
                let en = o.string("en", required: true)
                o.rejectUnknownKeys()
                r.diagnostics = o.diagnostics
                if let value, let ru, let en {
                    if options.contains(where: { $0.value == value }) {
                        r.diagnostics.error(r.keyPath("options[\(i)].value"), "\"\(value)\" is already an option")
                    }
                    options.append(EnumOption(value: value, label: LocalizedText(ru: ru, en: en)))
                }
            }
        }
        if type == .enum {
            if source == nil && !hasOptions { r.diagnostics.error(r.keyPath("options"), "missing: an enum needs options = [...] or source = \"…\"") }
            if source != nil && hasOptions { r.diagnostics.error(r.keyPath("options"), "give options or source, not both") }
        } else if type != nil, source != nil || hasOptions {
            r.diagnostics.error(r.keyPath(source != nil ? "source" : "options"), "only for enum fields")
        }
        let lookup = lookupTarget(&r, needed: type == .lookup, what: "type = \"lookup\"")
        guard let (field, storage) = bound, let title, let type else { return nil }
        return FieldDefinition(field: field, title: title, type: type, required: required, readOnly: readOnly,
                               readOnlyFor: readOnlyFor, hiddenFor: hiddenFor, options: options,
                               optionsSource: source, lookup: lookup, maxLength: maxLength, help: help,
                               storage: storage)
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.first, first.isASCII, first.isLowercase else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }
}
