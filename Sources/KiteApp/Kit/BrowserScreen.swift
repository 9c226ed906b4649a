import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// The one list screen: rows of a `ListSource` laid out by a `Screens/*.toml` list, read
/// in pages into a sliding window (a million rows cost what one screen of them costs),
/// filtered as the text is typed, sorted by the file's sortable columns. Requests go in
/// this screen's own lanes: a new filter supersedes (and cancels) the reads still running.
@MainActor
final class BrowserScreen<Source: ListSource>: AppScreen, @MainActor TableDataSource {
    typealias Row = Source.Row

    unowned let app: KiteApplication
    let definition: ListScreenDefinition
    let source: Source
    let table: TableView
    let filterEditor = LineEditor(maxLength: 60)

    private(set) var rows: [Row] = []
    /// The place of `rows[0]` in the whole result, when the window started from the top.
    private var firstPosition: Int? = 0
    private(set) var sort: ListSort?
    private(set) var count: ListCount?
    private(set) var isFilterEditing = false
    private(set) var isLoading = false
    private var reachedStart = true
    private var reachedEnd = true
    private var loadingAfter = false
    private var loadingBefore = false
    private var shownColumns: [ColumnDefinition] = []
    private var formatter: CellFormatter

    let pageSize: Int
    let windowSize: Int
    nonisolated static var prefetchMargin: Int { 40 }

    init(app: KiteApplication, definition: ListScreenDefinition, source: Source, filter: String = "",
         pageSize: Int = 100, windowSize: Int = 1_000) {
        self.app = app
        let report = app.pasteCutReporter, language = app.language
        filterEditor.onPasteCut = { report($0.message(field: UIText.filterLabel(language).trimmingCharacters(in: [":"]), language: language)) }
        self.definition = definition
        self.source = source
        self.pageSize = pageSize
        self.windowSize = windowSize
        sort = definition.sort.map { ListSort(field: $0, descending: definition.sortDescending) }
        formatter = app.cellFormatter()
        table = TableView(columns: [], dataSource: ArrayTableDataSource(), language: app.language,
                          emptyMessage: source.emptyMessage.text(app.language))
        table.dataSource = self
        filterEditor.setText(filter)
        source.attach(to: self)
        reload()
    }

    // MARK: - AppScreen

    var keymapContext: String { "list" }
    var title: String { definition.title.text(app.language) }
    var offeredCommands: [String] { definition.commands }
    var rowCount: Int { rows.count }
    var filterText: String { filterEditor.text }

    func cells(row: Int) -> [String] {
        shownColumns.map { formatter.text(rows[row].value($0.field), format: $0.format) }
    }

    var selectedRow: Row? {
        guard let index = table.selection, rows.indices.contains(index) else { return nil }
        return rows[index]
    }

    func unavailableReason(_ command: String) -> LocalizedText? { source.unavailableReason(command) }

    func interceptKey(_ key: Key) -> Bool {
        guard isFilterEditing else { return false }
        switch key {
        case .escape:
            isFilterEditing = false
        case .enter:
            isFilterEditing = false
            if let row = selectedRow { source.open(row, in: self) }
        case .up, .down, .pageUp, .pageDown:
            _ = table.handle(key)
            ensureWindowCoversSelection()
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
        case "list.clear_filter":
            filterEditor.clear()
            source.clearFilters()
            reload()
        case "list.open", "form.edit":
            if let row = selectedRow { source.open(row, in: self) }
        case "list.new": source.openNew(in: self)
        case "list.up": move { $0.moveSelection(by: -1) }
        case "list.down": move { $0.moveSelection(by: 1) }
        case "list.page_up": move { $0.page(down: false) }
        case "list.page_down": move { $0.page(down: true) }
        case "list.top":
            if reachedStart { table.selectFirst() } else { reload() }
        case "list.bottom":
            if reachedEnd || !loadLastPage() { move { $0.selectLast() } }
        case "list.refresh": reload(keepSelection: true)
        case "list.sort_next": sortByNextColumn()
        case "list.sort_reverse":
            guard sort != nil else { return true }
            sort?.descending.toggle()
            reload()
        case "app.back":
            if isFilterEditing { isFilterEditing = false; return true }
            return false
        default:
            return source.perform(command, selected: selectedRow, in: self)
        }
        return true
    }

    func handle(_ key: Key) -> Bool {
        guard table.handle(key) else { return false }
        ensureWindowCoversSelection()
        return true
    }

    /// Back from a card: reads again what may have changed, unless the window has moved
    /// away from the top (reading again from the top would lose the place; changes
    /// made here arrive as events).
    func didReappear() {
        formatter = app.cellFormatter()
        if reachedStart { reload(keepSelection: true) }
    }

    func receive(_ event: any ChangeEvent) {
        if source.affects(event, browser: self) { reload(keepSelection: true) }
    }

    private func move(_ body: (TableView) -> Void) {
        body(table)
        ensureWindowCoversSelection()
    }

    // MARK: - Rows changed here

    /// Replaces the shown row with this id (a card saved it), without reading again.
    func replaceRow(_ row: Row) {
        guard let index = rows.firstIndex(where: { $0.rowID == row.rowID }) else { return }
        rows[index] = row
    }

    /// Changes the shown row with this id in place.
    func updateRow(id: Int64, _ change: (inout Row) -> Void) {
        guard let index = rows.firstIndex(where: { $0.rowID == id }) else { return }
        change(&rows[index])
    }

    /// Sets the typed filter and reads again.
    func applyFilter(_ text: String) {
        if filterEditor.text != text { filterEditor.setText(text) }
        reload()
    }

    // MARK: - Sorting

    private func sortByNextColumn() {
        // Only into a column on screen: a sort by a column the width left out shows no ▲.
        let shown = Set(shownColumns.map(\.field))
        let sortable = definition.columns.filter { $0.sortable && (shown.isEmpty || shown.contains($0.field)) }.map(\.field)
        guard !sortable.isEmpty else { return }
        let index = sort.flatMap { sortable.firstIndex(of: $0.field) }.map { ($0 + 1) % sortable.count } ?? 0
        sort = ListSort(field: sortable[index], descending: false)
        reload()
    }

    // MARK: - Reading

    private func lane(_ name: String) -> String { ownLane("list.\(name)") }

    /// The first page for the current filter and sort (supersedes every read still running).
    /// A refresh keeps the rows read so far (up to the window) and the selection.
    func reload(keepSelection: Bool = false) {
        let selectedID = keepSelection ? selectedRow?.rowID : nil
        let limit = keepSelection ? max(pageSize, min(rows.count, windowSize)) : pageSize
        guard let read = source.reader(.first(limit: limit), text: filterEditor.text, sort: sort) else { return }
        loadingAfter = false
        loadingBefore = false
        count = nil
        readPage(read, supersedes: [lane("count"), lane("after"), lane("before")]) { page in
            self.rows = page
            self.firstPosition = 0
            self.reachedStart = true
            self.reachedEnd = page.count < limit
            let index = selectedID.flatMap { id in page.firstIndex { $0.rowID == id } } ?? 0
            self.table.select(row: index)
            self.requestCount()
        }
    }

    /// Reads a page in this list's page lane (superseding `supersedes`) and shows it with `show`.
    private func readPage(_ read: @escaping @Sendable (PGConnection) throws -> [Row], supersedes: Set<String>,
                          show: @escaping @MainActor ([Row]) -> Void) {
        isLoading = true
        app.database.request(lane: lane("page"), supersedes: supersedes, read, completion: { [weak self] result in
            guard let self else { return }
            self.isLoading = false
            switch result {
            case .success(let page): show(page)
            case .failure(let error): self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
        })
    }

    /// How many match: asked after the page is on screen and cancelled by the next
    /// keystroke, so counting never delays the rows themselves.
    private func requestCount() {
        guard let counter = source.counter(text: filterEditor.text) else { return }
        app.database.request(lane: lane("count"), counter, completion: { [weak self] result in
            guard let self, case .success(let count) = result else { return }
            self.count = count
        })
    }

    /// End: the last page, when the source can read it; false when it cannot.
    private func loadLastPage() -> Bool {
        guard let read = source.reader(.last(limit: pageSize), text: filterEditor.text, sort: sort) else { return false }
        readPage(read, supersedes: [lane("after"), lane("before")]) { page in
            self.rows = page
            self.firstPosition = nil
            self.reachedEnd = true
            self.reachedStart = page.count < self.pageSize
            self.loadingAfter = false
            self.loadingBefore = false
            self.table.selectLast()
        }
        return true
    }

    /// Reads the next or previous page when the selection nears an edge of the window,
    /// and drops rows on the far side so memory stays flat (when the source can read
    /// them back).
    func ensureWindowCoversSelection() {
        guard let selected = table.selection else { return }
        let text = filterEditor.text, sort = self.sort
        if selected >= rows.count - Self.prefetchMargin, !reachedEnd, !loadingAfter, let last = rows.last,
           let read = source.reader(.after(last, position: firstPosition.map { $0 + rows.count - 1 }, limit: pageSize),
                                    text: text, sort: sort) {
            loadingAfter = true
            app.database.request(lane: lane("after"), read, completion: { [weak self] result in
                guard let self else { return }
                self.loadingAfter = false
                guard case .success(let page) = result else { return }
                self.rows += page
                self.reachedEnd = page.count < self.pageSize
                let excess = self.rows.count - self.windowSize
                if excess > 0, self.canReadBackwards {
                    self.rows.removeFirst(excess)
                    self.firstPosition = self.firstPosition.map { $0 + excess }
                    self.reachedStart = false
                    self.table.rowsShifted(by: -excess)
                }
                self.ensureWindowCoversSelection()
            })
        }
        if selected < Self.prefetchMargin, !reachedStart, !loadingBefore, let first = rows.first,
           let read = source.reader(.before(first, position: firstPosition, limit: pageSize), text: text, sort: sort) {
            loadingBefore = true
            app.database.request(lane: lane("before"), read, completion: { [weak self] result in
                guard let self else { return }
                self.loadingBefore = false
                guard case .success(let page) = result else { return }
                self.rows = page + self.rows
                self.firstPosition = self.firstPosition.map { max(0, $0 - page.count) }
                self.reachedStart = page.count < self.pageSize
                self.table.rowsShifted(by: page.count)
                let excess = self.rows.count - self.windowSize
                if excess > 0 {
                    self.rows.removeLast(excess)
                    self.reachedEnd = false
                }
            })
        }
    }

    /// A source that can read the rows before a row lets the window drop its first rows.
    private var canReadBackwards: Bool {
        guard let first = rows.first else { return false }
        return source.reader(.before(first, position: firstPosition, limit: 1), text: filterEditor.text, sort: sort) != nil
    }

    /// A neighbouring page is being read for the window.
    var isPaging: Bool { loadingAfter || loadingBefore }

    // MARK: - Drawing

    private var foundText: String {
        switch count {
        case .exact(let n)?: return CellFormatter.grouped(n)
        case .atLeast(let n)?: return "≥ " + CellFormatter.grouped(n)
        case .estimated(let n)?: return "≈ " + CellFormatter.grouped(n)
        case nil:
            if source.counter(text: filterEditor.text) != nil { return "…" }
            return (reachedEnd ? "" : "≥ ") + CellFormatter.grouped(rows.count)
        }
    }

    func draw(on surface: Surface, in rect: Rect) {
        let columns = ListColumns.visible(definition.columns, width: rect.width, gap: table.columnGap)
        if columns != shownColumns {
            shownColumns = columns
            table.columns = ListColumns.tableColumns(columns, language: app.language)
        }
        table.sortColumn = sort.flatMap { sort in shownColumns.firstIndex { $0.field == sort.field } }
        table.sortDirection = sort?.descending == true ? .descending : .ascending
        let header = min(source.headerHeight(width: rect.width), max(0, rect.height - 3))
        if header > 0 {
            source.drawHeader(on: surface, in: Rect(row: rect.row, column: rect.column, height: header, width: rect.width))
        }
        let filterRow = rect.row + header
        if definition.commands.contains("list.filter") {
            FilterBar(text: filterEditor.text, isEditing: isFilterEditing, chips: source.chips, found: foundText,
                      isLoading: isLoading, language: app.language).draw(on: surface, row: filterRow, width: rect.width)
        } else {
            // A list without a text filter: a heading with its chips and count.
            let heading = "── " + (source.chips + [foundText]).joined(separator: " · ") + " "
            let used = surface.put(heading, row: filterRow, column: rect.column, style: Style(.border), maxWidth: rect.width)
            surface.fill(row: filterRow, column: rect.column + used, width: max(0, rect.width - used), character: "─",
                         style: Style(.border))
        }
        table.draw(on: surface, in: Rect(row: filterRow + 1, column: rect.column,
                                         height: rect.height - header - 1, width: rect.width))
        if isFilterEditing {
            filterEditor.draw(on: surface, row: filterRow, column: FilterBar.editorColumn(app.language),
                              width: FilterBar.editorWidth(total: rect.width), style: Style(.inputFocused), focused: true)
        }
    }
}

extension KiteApplication {
    /// Cell texts for today, in this language, with the modules' named formats.
    func cellFormatter() -> CellFormatter {
        CellFormatter(language: language, today: CivilDate(Date(), timeZone: .current), named: modules.cellFormats)
    }
}
