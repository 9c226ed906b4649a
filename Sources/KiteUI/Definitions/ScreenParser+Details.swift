import KiteDomain
import TOMLKit

/// `[[details]]` of a form: tables of rows inside a card.
///
/// ```toml
/// [[details]]
/// name = "lines"
/// entity = "deal_line"
/// title = { ru = "Доп. позиции", en = "Extra lines" }
/// rows = 3           # rows shown; tall_rows from 30 terminal lines up (default: rows)
/// empty = { ru = "Нет доп. позиций — F3 добавить", en = "No extra lines — F3 adds one" }
///
/// [[details.columns]]    # as a list's [[columns]]
/// field = "description"
/// title = { ru = "Описание", en = "Description" }
/// min_width = 10
///
/// [[details.fields]]     # the row's dialog, as a section's [[sections.fields]]
/// field = "description"
/// title = { ru = "Описание", en = "Description" }
/// type = "text"
/// required = true
/// ```
extension ScreenParser {
    func details(_ root: inout TableReader) -> [DetailDefinition] {
        guard let tables = root.tables("details") else { return [] }
        var result: [DetailDefinition] = []
        for (i, t) in tables.enumerated() {
            var r = TableReader(t, path: "details[\(i)]", diagnostics: root.diagnostics)
            if let detail = detail(&r) {
                if result.contains(where: { $0.name == detail.name }) {
                    r.diagnostics.error(r.keyPath("name"), "\"\(detail.name)\" is already a detail table of this form")
                }
                result.append(detail)
            }
            r.rejectUnknownKeys()
            root.diagnostics = r.diagnostics
        }
        return result
    }

    private func detail(_ r: inout TableReader) -> DetailDefinition? {
        let name = r.string("name", required: true)
        if let name, !ScreenParser.isIdentifier(name) {
            r.diagnostics.error(r.keyPath("name"), "names use a-z, 0-9 and _ (found \"\(name)\")")
        }
        let title = r.localized("title", required: true)
        let entity = r.string("entity", required: true)
        var fields: Set<String> = []
        var entityKnown = false
        if let entity {
            if let known = vocabulary.entities[entity] {
                fields = known
                entityKnown = true
            } else {
                r.diagnostics.error(r.keyPath("entity"), "unknown entity \"\(entity)\" (known: \(vocabulary.entities.keys.sorted().joined(separator: ", ")))")
            }
        }
        let empty = r.localized("empty", required: false)
            ?? LocalizedText(ru: "Нет строк — F3 добавить", en: "No rows — F3 adds one")
        let rows = r.int("rows", min: 1) ?? 3
        let tallRows = r.int("tall_rows", min: 1) ?? rows
        var columns: [ColumnDefinition] = []
        for (i, t) in (r.tables("columns") ?? []).enumerated() {
            var c = TableReader(t, path: r.keyPath("columns[\(i)]"), diagnostics: r.diagnostics)
            if let column = column(&c, columnFields: fields, entityKnown: entityKnown, sortable: []) { columns.append(column) }
            c.rejectUnknownKeys()
            r.diagnostics = c.diagnostics
        }
        if columns.isEmpty { r.diagnostics.error(r.keyPath("columns"), "missing: a detail table needs [[details.columns]]") }
        var rowFields: [FieldDefinition] = []
        for (i, t) in (r.tables("fields") ?? []).enumerated() {
            var f = TableReader(t, path: r.keyPath("fields[\(i)]"), diagnostics: r.diagnostics)
            if let field = field(&f, columnFields: fields, entityKnown: entityKnown) { rowFields.append(field) }
            f.rejectUnknownKeys()
            r.diagnostics = f.diagnostics
        }
        // No [[details.fields]]: no row dialog; the screen's own commands change the rows
        // (a trip's cars, put on and taken off by the database at once).
        guard let name, let title, let entity else { return nil }
        return DetailDefinition(name: name, title: title, entity: entity, columns: columns, fields: rowFields,
                                rows: rows, tallRows: tallRows, empty: empty)
    }
}
