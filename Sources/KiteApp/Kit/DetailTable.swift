import Foundation
import KiteDomain
import KiteTerminal
import KiteUI

/// A `[[details]]` table inside a card: its columns from the TOML, its rows from the
/// editor, a row edited in a dialog of the TOML's fields. Ins (or the card's add
/// command) adds a row, Enter edits, Del deletes after a question, Esc/Tab go back to
/// the form.
@MainActor
final class DetailTable: @MainActor TableDataSource {
    let definition: DetailDefinition
    let table: TableView
    private var rows: [any ListRow] = []
    private var formatter: CellFormatter
    private(set) var isFocused = false

    init(definition: DetailDefinition, app: KiteApplication) {
        self.definition = definition
        formatter = app.cellFormatter()
        table = TableView(columns: ListColumns.tableColumns(definition.columns, language: app.language),
                          dataSource: ArrayTableDataSource(), language: app.language,
                          emptyMessage: definition.empty.text(app.language))
        table.dataSource = self
    }

    var rowCount: Int { rows.count }

    func cells(row: Int) -> [String] {
        definition.columns.map { formatter.text(rows[row].value($0.field), format: $0.format) }
    }

    func setRows(_ rows: [any ListRow]) {
        self.rows = rows
        table.reloadData()
    }

    func focus(_ focused: Bool) { isFocused = focused }

    /// Whether F3 on the form adds a row here (a card with checks keeps F3 for them).
    var addsFromForm = true

    /// Rows on screen: fewer on a short terminal.
    func visibleRows(height: Int) -> Int {
        max(1, min(rows.count, height >= 30 ? definition.tallRows : definition.rows))
    }

    /// Height of the title line, the header and the rows.
    func height(screenHeight: Int) -> Int { visibleRows(height: screenHeight) + 2 }

    func draw(on surface: Surface, row: Int, width: Int, screenHeight: Int, language: Language) {
        let hint = isFocused ? AppText.detailKeysFocused : addsFromForm ? AppText.detailKeys : AppText.detailKeysGoThere
        let keys = " " + hint(language) + " "
        let title = "── " + definition.title.text(language) + keys
        let used = surface.put(title, row: row, column: 0, style: Style(isFocused ? .title : .label), maxWidth: width)
        surface.fill(row: row, column: used, width: max(0, width - used), character: "─", style: Style(.border))
        table.draw(on: surface, in: Rect(row: row + 1, column: 0, height: visibleRows(height: screenHeight) + 1, width: width))
    }
}
