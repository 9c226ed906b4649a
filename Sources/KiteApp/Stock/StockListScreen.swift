import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Склад: the stock list. Keyset pages over a sliding window of rows, so a
/// million vehicles cost what one screen of them costs; filter as you type.
@MainActor
final class StockListScreen: AppScreen, @MainActor TableDataSource {
    unowned let app: KiteApplication
    let definition: ListScreenDefinition
    let table: TableView
    let filterEditor = LineEditor(maxLength: 60)

    private(set) var rows: [StockRow] = []
    private(set) var filter = StockFilter()
    private(set) var sort: StockSort
    private(set) var count: StockCount?
    private(set) var isFilterEditing = false
    private(set) var isLoading = false
    /// A neighbouring page is being fetched for the window.
    var isPaging: Bool { loadingAfter || loadingBefore }
    private var reachedStart = true
    private var reachedEnd = true
    private var loadingAfter = false
    private var loadingBefore = false
    private var generation = 0
    private var shownColumns: [ColumnDefinition] = []
    private var cells: StockCells

    nonisolated static let pageSize = 100
    nonisolated static let windowSize = 1_000
    nonisolated static let prefetchMargin = 40

    init(app: KiteApplication, definition: ListScreenDefinition, today: Date = Date()) {
        self.app = app
        self.definition = definition
        let column = definition.sort.flatMap(StockSortColumn.init(rawValue:)) ?? .stockNumber
        sort = StockSort(column: column, descending: definition.sortDescending)
        cells = StockCells(columns: definition.columns, language: app.language, today: today)
        table = TableView(columns: [], dataSource: ArrayTableDataSource(), language: app.language,
                          emptyMessage: app.language == .ru ? "Ничего не найдено" : "Nothing found")
        table.dataSource = self
        reload()
    }

    // MARK: - AppScreen

    var keymapContext: String { "list" }
    var title: String { definition.title.text(app.language) }
    var offeredCommands: [String] { definition.commands }

    var rowCount: Int { rows.count }

    func cells(row: Int) -> [String] {
        cells.cells(rows[row])
    }

    var selectedRow: StockRow? {
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
            if selectedRow != nil { _ = perform("list.open") }
        case .up, .down, .pageUp, .pageDown:
            _ = table.handle(key)
            ensureWindowCoversSelection()
        default:
            let before = filterEditor.text
            guard filterEditor.handle(key) else { return key.isPrintable }
            if filterEditor.text != before { applyFilter(filterEditor.text) }
        }
        return true
    }

    func perform(_ command: String) -> Bool {
        switch command {
        case "list.filter":
            isFilterEditing = true
        case "list.clear_filter":
            filterEditor.clear()
            filter.statuses = []
            applyFilter("")
        case "list.open", "form.edit":
            guard let row = selectedRow else { return true }
            openVehicle(id: row.id)
        case "list.new":
            openNewVehicle()
        case "list.up": table.moveSelection(by: -1); ensureWindowCoversSelection()
        case "list.down": table.moveSelection(by: 1); ensureWindowCoversSelection()
        case "list.page_up": table.page(down: false); ensureWindowCoversSelection()
        case "list.page_down": table.page(down: true); ensureWindowCoversSelection()
        case "list.top":
            if reachedStart { table.selectFirst() } else { reload() }
        case "list.bottom":
            if reachedEnd { table.selectLast() } else { loadLastPage() }
        case "list.refresh":
            reload(keepSelection: true)
        case "list.sort_next":
            let sortable = definition.columns.filter(\.sortable).compactMap { StockSortColumn(rawValue: $0.field) }
            guard !sortable.isEmpty else { return true }
            let index = sortable.firstIndex(of: sort.column).map { ($0 + 1) % sortable.count } ?? 0
            sort = StockSort(column: sortable[index], descending: false)
            reload()
        case "list.sort_reverse":
            sort.descending.toggle()
            reload()
        case "stock.filter_status":
            chooseStatusFilter()
        case "stock.change_status":
            guard let row = selectedRow else { return true }
            StatusChange.start(app: app, vehicleID: row.id, current: row.status) { [weak self] vehicle in
                self?.vehicleChanged(id: vehicle.id, status: vehicle.status)
            }
        case "app.back":
            if isFilterEditing { isFilterEditing = false; return true }
            return false
        default:
            return false
        }
        return true
    }

    func handle(_ key: Key) -> Bool {
        guard table.handle(key) else { return false }
        ensureWindowCoversSelection()
        return true
    }

    func didReappear() {
        // A new day may have begun while a card was open: days in stock move on.
        cells = StockCells(columns: shownColumns, language: app.language, today: Date())
    }

    // MARK: - Opening cards

    func openVehicle(id: Int64) {
        guard let form = app.environment.screens.form(definition.form ?? "vehicle") else { return }
        app.push(VehicleCardScreen(app: app, definition: form, vehicleID: id, list: self))
    }

    func openNewVehicle() {
        guard let form = app.environment.screens.form(definition.form ?? "vehicle") else { return }
        app.push(VehicleCardScreen(app: app, definition: form, vehicleID: nil, list: self))
    }

    /// A card saved a vehicle: show the new values in place, or reload for a new one.
    func vehicleSaved(_ vehicle: Vehicle, isNew: Bool) {
        if let index = rows.firstIndex(where: { $0.id == vehicle.id }) {
            rows[index] = StockRow(vehicle: vehicle, references: app.references)
        } else if isNew {
            reload()
        }
    }

    /// Another user (or this one) changed a vehicle's status.
    func vehicleChanged(id: Int64, status: VehicleStatus) {
        guard let index = rows.firstIndex(where: { $0.id == id }) else { return }
        rows[index].status = status
    }

    // MARK: - Filtering and loading

    func applyFilter(_ text: String) {
        if filterEditor.text != text { filterEditor.setText(text) }
        filter.text = text
        reload()
    }

    private func chooseStatusFilter() {
        let language = app.language
        var choices = [ChoicePicker.Choice(value: "", label: language == .ru ? "Все статусы" : "All statuses")]
        choices += VehicleStatus.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
        let picker = ChoicePicker(title: language == .ru ? "Показать статус" : "Show status", choices: choices,
                                  selectedValue: filter.statuses.first?.rawValue ?? "")
        app.pick(picker) { [weak self] value in
            guard let self else { return }
            self.filter.statuses = VehicleStatus(rawValue: value).map { [$0] } ?? []
            self.reload()
        }
    }

    /// The first page for the current filter and sort (supersedes any running query).
    func reload(keepSelection: Bool = false) {
        generation += 1
        let generation = self.generation
        let filter = self.filter, sort = self.sort
        let selectedID = keepSelection ? selectedRow?.id : nil
        let limit = keepSelection ? max(Self.pageSize, min(rows.count, Self.windowSize)) : Self.pageSize
        isLoading = true
        loadingAfter = false
        loadingBefore = false
        count = nil
        app.database.request(lane: "stock.page", supersedes: ["stock.count"], { connection in
            try VehicleRepository(connection: connection).page(filter: filter, sort: sort, limit: limit)
        }, completion: { [weak self] result in
            guard let self, self.generation == generation else { return }
            self.isLoading = false
            switch result {
            case .success(let page):
                self.rows = page
                self.reachedStart = true
                self.reachedEnd = page.count < limit
                let index = selectedID.flatMap { id in page.firstIndex { $0.id == id } } ?? 0
                self.table.select(row: index)
                self.requestCount()
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
        })
    }

    /// How many match: asked after the page is on screen, and cancelled by the
    /// next keystroke, so counting never delays the rows themselves.
    private func requestCount() {
        let filter = self.filter, generation = self.generation
        app.database.request(lane: "stock.count", { connection in
            try VehicleRepository(connection: connection).count(filter: filter, cap: 1_000)
        }, completion: { [weak self] result in
            guard let self, self.generation == generation, case .success(let count) = result else { return }
            self.count = count
        })
    }

    private func loadLastPage() {
        generation += 1
        let generation = self.generation
        let filter = self.filter
        let reversed = StockSort(column: sort.column, descending: !sort.descending)
        isLoading = true
        app.database.request(lane: "stock.page", { connection in
            try VehicleRepository(connection: connection).page(filter: filter, sort: reversed, limit: Self.pageSize)
        }, completion: { [weak self] result in
            guard let self, self.generation == generation else { return }
            self.isLoading = false
            switch result {
            case .success(let page):
                self.rows = page.reversed()
                self.reachedEnd = true
                self.reachedStart = page.count < Self.pageSize
                self.table.selectLast()
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
        })
    }

    /// Fetches the next or previous page when the selection nears the edge of
    /// the loaded window, and trims the far side so memory stays flat.
    func ensureWindowCoversSelection() {
        guard let selected = table.selection else { return }
        if selected >= rows.count - Self.prefetchMargin, !reachedEnd, !loadingAfter, let last = rows.last {
            loadingAfter = true
            let cursor = StockCursor(row: last, sort: sort)
            let filter = self.filter, sort = self.sort, generation = self.generation
            app.database.request(lane: "stock.after", { connection in
                try VehicleRepository(connection: connection).page(filter: filter, sort: sort, after: cursor, limit: Self.pageSize)
            }, completion: { [weak self] result in
                guard let self, self.generation == generation else { return }
                self.loadingAfter = false
                guard case .success(let page) = result else { return }
                self.rows += page
                self.reachedEnd = page.count < Self.pageSize
                let excess = self.rows.count - Self.windowSize
                if excess > 0 {
                    self.rows.removeFirst(excess)
                    self.reachedStart = false
                    self.table.rowsShifted(by: -excess)
                }
                self.ensureWindowCoversSelection()
            })
        }
        if selected < Self.prefetchMargin, !reachedStart, !loadingBefore, let first = rows.first {
            loadingBefore = true
            let cursor = StockCursor(row: first, sort: sort)
            let filter = self.filter, sort = self.sort, generation = self.generation
            app.database.request(lane: "stock.before", { connection in
                try VehicleRepository(connection: connection).page(filter: filter, sort: sort, before: cursor, limit: Self.pageSize)
            }, completion: { [weak self] result in
                guard let self, self.generation == generation else { return }
                self.loadingBefore = false
                guard case .success(let page) = result else { return }
                self.rows = page + self.rows
                self.reachedStart = page.count < Self.pageSize
                self.table.rowsShifted(by: page.count)
                let excess = self.rows.count - Self.windowSize
                if excess > 0 {
                    self.rows.removeLast(excess)
                    self.reachedEnd = false
                }
            })
        }
    }

    // MARK: - Drawing

    func draw(on surface: Surface, in rect: Rect) {
        let columns = StockCells.visible(definition.columns, width: rect.width, gap: table.columnGap)
        if columns != shownColumns {
            shownColumns = columns
            cells = StockCells(columns: columns, language: app.language, today: cells.today)
            table.columns = cells.tableColumns()
        }
        table.sortColumn = shownColumns.firstIndex { $0.field == sort.column.rawValue }
        table.sortDirection = sort.descending ? .descending : .ascending
        drawFilterLine(on: surface, row: rect.row, width: rect.width)
        table.draw(on: surface, in: Rect(row: rect.row + 1, column: rect.column,
                                         height: rect.height - 1, width: rect.width))
        if isFilterEditing {
            let labelWidth = DisplayWidth.of(filterLabel)
            filterEditor.draw(on: surface, row: rect.row, column: labelWidth, width: 28, style: Style(.inputFocused), focused: true)
        }
    }

    private var filterLabel: String { app.language == .ru ? " / Поиск: " : " / Filter: " }

    private func drawFilterLine(on surface: Surface, row: Int, width: Int) {
        let ru = app.language == .ru
        surface.fill(row: row, column: 0, width: width, character: " ", style: Style(.normal))
        var column = surface.put(filterLabel, row: row, column: 0, style: Style(.label))
        let shown = DisplayWidth.fit(filter.text, to: 28)
        surface.put(shown, row: row, column: column, style: Style(isFilterEditing ? .inputFocused : .input))
        column += 29
        let status = filter.statuses.first?.label.text(app.language) ?? (ru ? "все" : "all")
        column += surface.put((ru ? " Статус: " : " Status: ") + status, row: row, column: column, style: Style(.label))
        let found: String
        switch count {
        case .exact(let n)?: found = NumberText.grouped(n)
        case .atLeast(let n)?: found = "≥ " + NumberText.grouped(n)
        case .estimated(let n)?: found = "≈ " + NumberText.grouped(n)
        case nil: found = "…"
        }
        let loading = isLoading ? (ru ? "  загрузка…" : "  loading…") : ""
        column += surface.put((ru ? "  Найдено: " : "  Found: ") + found + loading, row: row, column: column, style: Style(.dim))
        _ = column
    }
}

extension StockRow {
    /// The row a saved vehicle shows as, without asking the database again.
    init(vehicle: Vehicle, references: References) {
        self.init(vehicleID: vehicle.id, stockNumber: vehicle.stockNumber, vin: vehicle.vin, make: vehicle.make,
                  model: vehicle.model, year: vehicle.year, colour: vehicle.colour, mileageKm: vehicle.mileageKm,
                  status: vehicle.status, locationID: vehicle.locationID,
                  locationName: references.location(vehicle.locationID)?.name, arrivalDate: vehicle.arrivalDate,
                  listPrice: vehicle.listPrice,
                  dealershipCode: references.dealership(vehicle.dealershipID)?.code ?? "")
    }
}
