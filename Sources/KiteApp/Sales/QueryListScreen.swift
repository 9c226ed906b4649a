import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// A list laid out by a `Screens/*.toml` list definition whose rows come
/// from one query re-run as the filter is typed (customers, deals). Lists
/// that can grow to millions keep their own keyset screen (the stock list);
/// these show the first `pageSize` matches, newest or by name, and read
/// another `pageSize` when the selection reaches the last row read.
@MainActor
final class QueryListScreen<Row: Sendable>: AppScreen, @MainActor TableDataSource {
    unowned let app: KiteApplication
    let definition: ListScreenDefinition
    let table: TableView
    let filterEditor = LineEditor(maxLength: 60)
    let lane: String
    let pageSize: Int
    /// How many rows the query may return now: grows by `pageSize` at the end of the list.
    private(set) var limit: Int

    /// The query for the typed text, a row limit, and the screen's other filters (read on the main thread).
    var query: () -> @Sendable (PGConnection, String, Int) throws -> [Row]
    var cell: (Row, ColumnDefinition) -> String
    var rowID: (Row) -> Int64
    var onOpen: ((Row) -> Void)?
    var onNew: (() -> Void)?
    /// Extra commands of this list (`deals.mine`); true when handled.
    var extraCommand: ((String) -> Bool)?
    /// Extra filter state shown after the text filter (`Стадия: резерв`).
    var filterSummary: (() -> String)?

    private(set) var rows: [Row] = []
    private(set) var isFilterEditing = false
    private(set) var isLoading = false
    private var generation = 0
    private var shownColumns: [ColumnDefinition] = []

    init(app: KiteApplication, definition: ListScreenDefinition, lane: String, pageSize: Int = 500,
         query: @escaping () -> @Sendable (PGConnection, String, Int) throws -> [Row],
         cell: @escaping (Row, ColumnDefinition) -> String, rowID: @escaping (Row) -> Int64) {
        self.app = app
        self.definition = definition
        self.lane = lane
        self.pageSize = pageSize
        self.limit = pageSize
        self.query = query
        self.cell = cell
        self.rowID = rowID
        table = TableView(columns: [], dataSource: ArrayTableDataSource(), language: app.language,
                          emptyMessage: app.language == .ru ? "Ничего не найдено" : "Nothing found")
        table.dataSource = self
    }

    // MARK: - AppScreen

    var keymapContext: String { "list" }
    var title: String { definition.title.text(app.language) }
    var offeredCommands: [String] { definition.commands }
    var rowCount: Int { rows.count }

    func cells(row: Int) -> [String] {
        shownColumns.map { cell(rows[row], $0) }
    }

    var selectedRow: Row? {
        guard let index = table.selection, rows.indices.contains(index) else { return nil }
        return rows[index]
    }

    func interceptKey(_ key: Key) -> Bool {
        guard isFilterEditing else { return false }
        switch key {
        case .escape:
            isFilterEditing = false
        case .enter:
            isFilterEditing = false
            if let row = selectedRow { onOpen?(row) }
        case .up, .down, .pageUp, .pageDown:
            _ = table.handle(key)
            readMoreAtTheEnd()
        default:
            let before = filterEditor.text
            guard filterEditor.handle(key) else { return key.isPrintable }
            if filterEditor.text != before { reload() }
        }
        return true
    }

    func perform(_ command: String) -> Bool {
        switch command {
        case "list.filter": isFilterEditing = true
        case "list.clear_filter": filterEditor.clear(); reload()
        case "list.open", "form.edit":
            if let row = selectedRow { onOpen?(row) }
        case "list.new": onNew?()
        case "list.up": table.moveSelection(by: -1)
        case "list.down": table.moveSelection(by: 1); readMoreAtTheEnd()
        case "list.page_up": table.page(down: false)
        case "list.page_down": table.page(down: true); readMoreAtTheEnd()
        case "list.top": table.selectFirst()
        case "list.bottom": table.selectLast(); readMoreAtTheEnd()
        case "list.refresh": reload(keepSelection: true)
        case "app.back":
            if isFilterEditing { isFilterEditing = false; return true }
            return false
        default:
            return extraCommand?(command) ?? false
        }
        return true
    }

    func handle(_ key: Key) -> Bool {
        let handled = table.handle(key)
        if handled { readMoreAtTheEnd() }
        return handled
    }

    /// On the last row read while the query was cut at `limit`: read the next page.
    private func readMoreAtTheEnd() {
        guard !isLoading, rows.count >= limit, let selection = table.selection, selection >= rows.count - 1 else { return }
        limit += pageSize
        reload(keepSelection: true, resetLimit: false)
    }

    func didReappear() {
        reload(keepSelection: true)
    }

    // MARK: - Loading

    func applyFilter(_ text: String) {
        filterEditor.setText(text)
        reload()
    }

    /// Runs the query for the current filter (superseding the one still running).
    /// A new filter starts from the first page again; a refresh keeps what was read.
    func reload(keepSelection: Bool = false, resetLimit: Bool? = nil) {
        if resetLimit ?? !keepSelection { limit = pageSize }
        generation += 1
        let generation = self.generation
        let text = filterEditor.text
        let limit = self.limit
        let run = query()
        let selectedID = keepSelection ? selectedRow.map(rowID) : nil
        isLoading = true
        app.database.request(lane: lane, { connection in
            try run(connection, text, limit)
        }, completion: { [weak self] result in
            guard let self, self.generation == generation else { return }
            self.isLoading = false
            switch result {
            case .success(let rows):
                self.rows = rows
                let index = selectedID.flatMap { id in rows.firstIndex { self.rowID($0) == id } } ?? 0
                self.table.select(row: index)
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
        })
    }

    // MARK: - Drawing

    func draw(on surface: Surface, in rect: Rect) {
        let columns = StockCells.visible(definition.columns, width: rect.width, gap: table.columnGap)
        if columns != shownColumns {
            shownColumns = columns
            table.columns = StockCells(columns: columns, language: app.language, today: Date()).tableColumns()
        }
        drawFilterLine(on: surface, row: rect.row, width: rect.width)
        table.draw(on: surface, in: Rect(row: rect.row + 1, column: rect.column, height: rect.height - 1, width: rect.width))
        if isFilterEditing {
            filterEditor.draw(on: surface, row: rect.row, column: DisplayWidth.of(filterLabel), width: filterWidth(rect.width),
                              style: Style(.inputFocused), focused: true)
        }
    }

    private var filterLabel: String { app.language == .ru ? " / Поиск: " : " / Filter: " }

    /// Narrow terminals keep room for the other filters and the count.
    private func filterWidth(_ total: Int) -> Int { total < 100 ? 18 : 28 }

    private func drawFilterLine(on surface: Surface, row: Int, width: Int) {
        let ru = app.language == .ru
        surface.fill(row: row, column: 0, width: width, character: " ", style: Style(.normal))
        var column = surface.put(filterLabel, row: row, column: 0, style: Style(.label))
        let editorWidth = filterWidth(width)
        surface.put(DisplayWidth.fit(filterEditor.text, to: editorWidth), row: row, column: column,
                    style: Style(isFilterEditing ? .inputFocused : .input))
        column += editorWidth + 1
        if let summary = filterSummary?(), !summary.isEmpty {
            column += surface.put(" " + summary, row: row, column: column, style: Style(.label), maxWidth: max(0, width - column))
        }
        let shown = rows.count >= limit ? "≥ " + NumberText.grouped(limit) : NumberText.grouped(rows.count)
        let loading = isLoading ? (ru ? "  загрузка…" : "  loading…") : ""
        surface.put((ru ? "  Найдено: " : "  Found: ") + shown + loading, row: row, column: column, style: Style(.dim),
                    maxWidth: max(0, width - column))
    }
}
