import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Кассовый день: one dealership's day — the cash desk's opening and closing
/// balance, incoming and outgoing totals per method, and the payments behind
/// the selected total (method × direction): `↑`/`↓` pick the method, `←`/`→`
/// (or Tab) the direction. `[`/`]` move by a day, F3 picks the dealership,
/// F11 closes the day (finance), F12 writes the CSV.
@MainActor
final class CashDayScreen: AppScreen {
    unowned let app: KiteApplication
    let definition: ListScreenDefinition
    private(set) var dealershipID: Int64?
    private(set) var day: CivilDate
    private(set) var report: CashDayReport?
    /// The selected total of the grid: a method (its row) and a direction (its column).
    private(set) var selectedMethod = 0
    private(set) var selectedDirection = PaymentDirection.incoming
    let rowsTable: TableView
    private let rowsData = CellRows()
    private var shownColumns: [ColumnDefinition] = []
    private var generation = 0

    init(app: KiteApplication, definition: ListScreenDefinition, day: CivilDate = BookDay.today()) {
        self.app = app
        self.definition = definition
        self.day = day
        dealershipID = app.references.dealership?.id
        rowsTable = TableView(columns: [], dataSource: rowsData, language: app.language,
                              emptyMessage: FinanceTexts.noPaymentsBehindTotal(app.language))
        reload()
    }

    var keymapContext: String { "list" }
    var title: String { definition.title.text(app.language) }
    var offeredCommands: [String] { definition.commands }
    var method: PaymentMethod { PaymentMethod.allCases[selectedMethod] }
    var selectedKey: CashDayKey { CashDayKey(method: method, direction: selectedDirection) }
    /// The payments behind the selected total, in entry order.
    var selectedRows: [Payment] { report?.payments(for: selectedKey) ?? [] }

    func perform(_ command: String) -> Bool {
        switch command {
        case "list.up": selectedMethod = max(0, selectedMethod - 1); refreshRows()
        case "list.down": selectedMethod = min(PaymentMethod.allCases.count - 1, selectedMethod + 1); refreshRows()
        case "list.open":
            let rows = selectedRows
            guard let first = rows.first else { return true }
            let index = rowsTable.selection.flatMap { rows.indices.contains($0) ? $0 : nil }
            app.openPayment(id: index.map { rows[$0].id } ?? first.id)
        case "list.refresh": reload()
        case "finance.prev_day": day = day.adding(days: -1); reload()
        case "finance.next_day": day = day.adding(days: 1); reload()
        case "finance.filter": chooseDealership()
        case "finance.close_day": closeDay()
        case "finance.reopen_day": reopenDay()
        case "finance.export": export()
        default: return false
        }
        return true
    }

    func handle(_ key: Key) -> Bool {
        switch key {
        case .pageDown, .pageUp: return rowsTable.handle(key == .pageDown ? .down : .up)
        case .left: return selectDirection(.incoming)
        case .right: return selectDirection(.outgoing)
        case .tab, .backTab: return selectDirection(selectedDirection == .incoming ? .outgoing : .incoming)
        default: return false
        }
    }

    func didReappear() { reload() }

    /// Closing and reopening say at once why they cannot run on this day.
    func unavailableReason(_ command: String) -> LocalizedText? {
        guard let report else { return nil }
        switch command {
        case "finance.close_day":
            if report.isClosed { return FinanceTexts.dayAlreadyClosed.localized() }
            if let today = report.today, report.day > today {
                return FinanceTexts.dayNotYet.localized(["day": report.day.russianText, "today": today.russianText])
            }
        case "finance.reopen_day":
            guard report.closure != nil else {
                if let last = report.lastClosedDay, report.day < last {
                    return FinanceTexts.dayClosedWithLater.localized(["day": report.day.russianText, "last": last.russianText])
                }
                return FinanceTexts.dayNotClosed.localized(["day": report.day.russianText])
            }
            if let last = report.lastClosedDay, last > report.day {
                return FinanceTexts.laterDayClosed.localized(["last": last.russianText])
            }
        default:
            break
        }
        return nil
    }

    private func selectDirection(_ direction: PaymentDirection) -> Bool {
        selectedDirection = direction
        refreshRows()
        return true
    }

    /// A payment changed somewhere: shown at once when on top, else when next shown.
    func receive(_ event: any ChangeEvent) {
        if event is PaymentsChanged, app.isOnTop(self) { reload() }
    }

    func reload() {
        guard let dealershipID else {
            app.showError(FinanceTexts.noDealership(app.language))
            return
        }
        generation += 1
        let generation = self.generation, day = self.day
        app.database.request(lane: "cashday.report", { connection in
            try CashDayRepository(connection: connection).report(dealershipID: dealershipID, day: day)
        }, completion: { [weak self] result in
            guard let self, self.generation == generation else { return }
            switch result {
            case .success(let report):
                self.report = report
                self.refreshRows()
            case .failure(let error):
                self.app.showError(FinanceText.describe(error, language: self.app.language))
            }
        })
    }

    private func refreshRows() {
        let formatter = app.cellFormatter(), columns = shownColumns
        rowsData.rows = selectedRows.map { payment in columns.map { formatter.text(payment.value($0.field), format: $0.format) } }
        rowsTable.reloadData()
        rowsTable.select(row: 0)
    }

    private func chooseDealership() {
        let choices = app.references.dealerships.map { ChoicePicker.Choice(value: String($0.id), label: "\($0.code) · \($0.name)") }
        app.pick(ChoicePicker(title: FinanceTexts.dealership(app.language), choices: choices,
                              selectedValue: dealershipID.map(String.init))) { [weak self] value in
            self?.dealershipID = Int64(value)
            self?.reload()
        }
    }

    private func closeDay() {
        guard let dealershipID, !app.refuseUnlessFinance() else { return }
        let language = app.language, day = self.day, actor = app.login
        if let reason = unavailableReason("finance.close_day") {
            app.showError(reason.text(language))
            return
        }
        let code = app.references.dealership(dealershipID)?.code ?? ""
        let question = FinanceTexts.confirmCloseDay(language, ["day": day.russianText, "dealership": code])
        app.confirm(question) { [weak self] in
            self?.app.database.request({ connection in
                try CashDayRepository(connection: connection).close(dealershipID: dealershipID, day: day, actor: actor)
            }, completion: { [weak self] result in
                guard let self else { return }
                switch result {
                case .success(let closure):
                    self.app.showMessage(FinanceTexts.dayClosed(language, ["balance": closure.closingBalance.formatted(language)]))
                    self.reload()
                case .failure(let error):
                    self.app.showError(FinanceText.describe(error, language: language))
                }
            })
        }
    }

    /// Finance reopens a closed day with a reason (asked in a dialog, then confirmed).
    private func reopenDay() {
        guard let dealershipID, !app.refuseUnlessFinance() else { return }
        let language = app.language, day = self.day, actor = app.login
        if let reason = unavailableReason("finance.reopen_day") {
            app.showError(reason.text(language))
            return
        }
        let code = app.references.dealership(dealershipID)?.code ?? ""
        let dialog = FormDialog(title: FinanceTexts.reopenDayTitle(language, ["day": day.russianText]),
                                fields: [FormField(bind: "reason", label: FinanceTexts.reopenReason(language),
                                                   required: true, maxLength: 300)],
                                values: ["reason": ""], language: language)
        app.formDialog(dialog) { [weak self] values in
            let reason = (values["reason"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !reason.isEmpty else {
                dialog.showIssues([FieldIssue(field: "reason", severity: .error, message: FinanceTexts.reopenReasonMissing.localized())])
                return false
            }
            let question = FinanceTexts.confirmReopenDay(language, ["day": day.russianText, "dealership": code])
            self?.app.confirm(question) { [weak self] in
                self?.app.database.request({ connection in
                    try CashDayRepository(connection: connection).reopen(dealershipID: dealershipID, day: day,
                                                                        reason: reason, actor: actor)
                }, completion: { [weak self] result in
                    guard let self else { return }
                    switch result {
                    case .success:
                        self.app.showMessage(FinanceTexts.dayReopened(language, ["day": day.russianText]))
                        self.reload()
                    case .failure(let error):
                        self.app.showRefusal(FinanceText.describe(error, language: language))
                    }
                })
            }
            return true
        }
    }

    private func export() {
        guard let report else { return }
        let code = app.references.dealership(report.dealershipID)?.code ?? "DLR"
        let url = FinanceCSV.exportURL("cashday-\(code)-\(report.day.isoText).csv")
        do {
            try FinanceCSV.write(FinanceCSV.cashDay(report, dealershipCode: code), to: url, language: app.language)
            app.showMessage(FinanceTexts.exported(app.language, ["path": url.path]))
        } catch {
            app.showError(String(describing: error))
        }
    }

    // MARK: - Drawing

    func draw(on surface: Surface, in rect: Rect) {
        let language = app.language
        var row = rect.row
        let code = dealershipID.flatMap { app.references.dealership($0) }.map { "\($0.code) · \($0.name)" } ?? "—"
        let state: String
        if let closure = report?.closure {
            state = FinanceTexts.dayStateClosed(language, ["name": closure.closedBy, "time": FinanceText.moment(closure.closedAt)])
        } else if let report, report.isClosed, let last = report.lastClosedDay {
            state = FinanceTexts.dayStateClosedWith(language, ["day": last.russianText])
        } else {
            state = FinanceTexts.dayStateOpen(language)
        }
        let head = " " + FinanceTexts.cashDayHeader(language, ["dealership": code, "day": day.russianText]) + " · " + state
        surface.put(head, row: row, column: 0, style: Style(.label, bold: true), maxWidth: rect.width)
        row += 1
        guard let report else {
            surface.put(" " + UIText.loadingPane(language), row: row, column: 0, style: Style(.dim))
            return
        }
        let summary = report.summary
        let balances = " " + FinanceTexts.cashDeskBalances(language, ["opening": summary.openingBalance.formatted(language),
                                                                      "closing": summary.closingBalance.formatted(language)])
        surface.put(balances, row: row, column: 0, style: Style(.normal, bold: true), maxWidth: rect.width)
        row += 1
        // The totals grid: one line per method, a cell per direction; the
        // selected cell is the total whose payments are listed below.
        let amountWidth = 16
        let labelWidth = max(12, min(22, rect.width - 2 * (amountWidth + 1) - 10))
        func gridLine(_ label: String, _ amounts: [String], _ count: String, style: Style, selected: Int? = nil) {
            surface.fill(row: row, column: 0, width: rect.width, character: " ", style: style)
            var column = surface.put(" " + DisplayWidth.fit(label, to: labelWidth), row: row, column: 0, style: style, maxWidth: rect.width)
            for (index, amount) in amounts.enumerated() {
                // Marked by text too, for monochrome terminals.
                let cellStyle = index == selected ? Style(.selected) : style
                let text = (index == selected ? "▶ " : "") + amount
                column += surface.put(" " + DisplayWidth.fit(text, to: amountWidth, alignment: .right), row: row, column: column,
                                     style: cellStyle, maxWidth: max(0, rect.width - column))
            }
            surface.put(" " + DisplayWidth.fit(count, to: 7, alignment: .right), row: row, column: column, style: style,
                        maxWidth: max(0, rect.width - column))
            row += 1
        }
        gridLine(FinanceTexts.method(language), [FinanceTexts.incoming(language), FinanceTexts.outgoing(language)],
                 FinanceTexts.rowCount(language),
                 style: Style(.header, bold: true))
        for (index, method) in PaymentMethod.allCases.enumerated() {
            let keys = PaymentDirection.allCases.map { CashDayKey(method: method, direction: $0) }
            let isSelected = index == selectedMethod
            gridLine((isSelected ? "▶ " : "  ") + method.label.text(language),
                     keys.map { (summary.totals[$0] ?? .zero).formatted(language) },
                     keys.map { String(report.payments(for: $0).count) }.joined(separator: "/"),
                     style: Style(.normal, bold: isSelected),
                     selected: isSelected ? PaymentDirection.allCases.firstIndex(of: selectedDirection) : nil)
        }
        gridLine("  " + FinanceTexts.total(language), [summary.totalIncoming.formatted(language), summary.totalOutgoing.formatted(language)],
                 PaymentDirection.allCases.map { direction in
                     String(report.payments.filter { $0.direction == direction }.count)
                 }.joined(separator: "/"), style: Style(.normal, bold: true))
        if !report.pending.isEmpty {
            let pendingTotal = report.pending.reduce(Money.zero) { $0 + $1.amount }
            surface.put(" " + FinanceTexts.pendingNotInTotals(language, ["count": String(report.pending.count),
                                                                         "amount": pendingTotal.formatted(language)]),
                        row: row, column: 0, style: Style(.warning), maxWidth: rect.width)
            row += 1
        }
        let columns = ListColumns.visible(definition.columns, width: rect.width, gap: rowsTable.columnGap)
        if columns != shownColumns {
            shownColumns = columns
            rowsTable.columns = ListColumns.tableColumns(columns, language: language)
            refreshRows()
        }
        let remaining = rect.row + rect.height - row
        if remaining > 2 {
            surface.put(" " + FinanceTexts.paymentsOfCell(language, ["method": method.label.text(language),
                                                                     "direction": selectedDirection.label.text(language)]), row: row, column: 0, style: Style(.title), maxWidth: rect.width)
            rowsTable.draw(on: surface, in: Rect(row: row + 1, column: rect.column, height: remaining - 1, width: rect.width))
        }
    }
}
