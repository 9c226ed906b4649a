import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Дебиторка: contracted deals with a balance due, by manager, aged 0–7,
/// 8–30 and 31+ days since the contract. `m` shows the totals by manager;
/// Enter opens the selected deal's payments.
@MainActor
final class ReceivablesScreen: AppScreen {
    unowned let app: KiteApplication
    let definition: ListScreenDefinition
    let table: TableView
    private let data = CellRows()
    private(set) var report: ReceivablesReport?
    private(set) var deals: [ReceivableDeal] = []
    private(set) var byManager = false
    private(set) var dealershipID: Int64?
    private(set) var asOf: CivilDate
    private var shownColumns: [ColumnDefinition] = []
    private var generation = 0

    init(app: KiteApplication, definition: ListScreenDefinition, asOf: CivilDate = BookDay.today()) {
        self.app = app
        self.definition = definition
        self.asOf = asOf
        table = TableView(columns: [], dataSource: data, language: app.language,
                          emptyMessage: FinanceTexts.nothingOwed(app.language))
        reload()
    }

    var keymapContext: String { "list" }
    var title: String { definition.title.text(app.language) }
    var offeredCommands: [String] { definition.commands }

    func perform(_ command: String) -> Bool {
        switch command {
        case "list.up": table.moveSelection(by: -1)
        case "list.down": table.moveSelection(by: 1)
        case "list.page_up": table.page(down: false)
        case "list.page_down": table.page(down: true)
        case "list.top": table.selectFirst()
        case "list.bottom": table.selectLast()
        case "list.refresh": reload()
        case "list.open":
            guard !byManager, let index = table.selection, deals.indices.contains(index) else { return true }
            app.openPayments(dealID: deals[index].dealID, dealNumber: deals[index].dealNumber)
        case "finance.group":
            byManager.toggle()
            shownColumns = []
            table.select(row: 0)
        case "finance.filter": chooseDealership()
        case "finance.export": export()
        default: return false
        }
        return true
    }

    func handle(_ key: Key) -> Bool { table.handle(key) }

    func didReappear() { reload() }

    /// A payment changed somewhere: shown at once when on top, else when next shown.
    func receive(_ event: any ChangeEvent) {
        if event is PaymentsChanged, app.isOnTop(self) { reload() }
    }

    func reload() {
        generation += 1
        let generation = self.generation, asOf = self.asOf, dealershipID = self.dealershipID
        app.database.request(lane: "receivables", { connection in
            try ReceivablesRepository(connection: connection).report(asOf: asOf, dealershipID: dealershipID)
        }, completion: { [weak self] result in
            guard let self, self.generation == generation else { return }
            switch result {
            case .success(let loaded):
                self.report = loaded.report
                self.deals = loaded.deals
                self.refreshCells()
            case .failure(let error):
                self.app.showError(FinanceText.describe(error, language: self.app.language))
            }
        })
    }

    private func chooseDealership() {
        let choices = [ChoicePicker.Choice(value: "", label: FinanceTexts.all(app.language))]
            + app.references.dealerships.map { ChoicePicker.Choice(value: String($0.id), label: "\($0.code) · \($0.name)") }
        app.pick(ChoicePicker(title: FinanceTexts.dealership(app.language), choices: choices,
                              selectedValue: dealershipID.map(String.init) ?? "")) { [weak self] value in
            self?.dealershipID = Int64(value)
            self?.reload()
        }
    }

    /// Managers in name order with their bucket totals.
    var managerRows: [(String, [AgeingBucket: Money])] {
        (report?.totalsByManager ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private func refreshCells() {
        let language = app.language
        if byManager {
            data.rows = managerRows.map { manager, buckets in
                [PersonName.short(manager)] + AgeingBucket.allCases.map { (buckets[$0] ?? .zero).formatted(language) }
                    + [buckets.values.reduce(.zero, +).formatted(language)]
            }
        } else {
            let formatter = app.cellFormatter(), columns = shownColumns
            data.rows = deals.map { deal in columns.map { formatter.text(deal.value($0.field), format: $0.format) } }
        }
        table.reloadData()
    }

    private func export() {
        guard let report else { return }
        let code = dealershipID.flatMap { app.references.dealership($0)?.code }
        let url = FinanceCSV.exportURL("receivables-\(code ?? "all")-\(asOf.isoText).csv")
        do {
            try FinanceCSV.write(FinanceCSV.receivables(report, deals: deals, dealershipCode: code), to: url, language: app.language)
            app.showMessage(FinanceTexts.exported(app.language, ["path": url.path]))
        } catch {
            app.showError(String(describing: error))
        }
    }

    func draw(on surface: Surface, in rect: Rect) {
        let language = app.language
        if byManager {
            if shownColumns.isEmpty {
                shownColumns = definition.columns.filter { $0.field == "manager" }
                table.columns = [TableColumn(FinanceTexts.manager(language), width: .flexible(1))]
                    + AgeingBucket.allCases.map { TableColumn($0.label.text(language), width: .fixed(15), alignment: .right) }
                    + [TableColumn(FinanceTexts.total(language), width: .fixed(15), alignment: .right)]
                refreshCells()
            }
        } else {
            let columns = ListColumns.visible(definition.columns, width: rect.width, gap: table.columnGap)
            if columns != shownColumns {
                shownColumns = columns
                table.columns = ListColumns.tableColumns(columns, language: language)
                refreshCells()
            }
        }
        var line = " " + FinanceTexts.asOf(language, ["date": asOf.russianText])
        if let id = dealershipID, let dealership = app.references.dealership(id) { line += " · " + dealership.code }
        if let report {
            line += " · " + FinanceTexts.receivablesTotal(language, ["amount": report.total.formatted(language)])
            for bucket in AgeingBucket.allCases {
                line += " · " + bucket.rawValue + ": " + (report.totalsByBucket[bucket] ?? .zero).formatted(language)
            }
        } else {
            line += " · " + UIText.loading(language)
        }
        surface.fill(row: rect.row, column: 0, width: rect.width, character: " ", style: Style(.normal))
        surface.put(line, row: rect.row, column: 0, style: Style(.label, bold: true), maxWidth: rect.width)
        table.draw(on: surface, in: Rect(row: rect.row + 1, column: rect.column, height: rect.height - 1, width: rect.width))
    }
}
