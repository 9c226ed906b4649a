import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Отчёт по выкупу on the browser (`Screens/buyout_report.toml`): the bought cars of the
/// period with their reconditioning estimate against the actual, look-to-book above them
/// (as the claims list carries its carriers' report); `p` the period, `x` the CSV.
@MainActor
final class BuyoutReportSource: ListSource {
    unowned let app: KiteApplication
    let form: String?
    var from: CivilDate
    var to: CivilDate
    private(set) var lookToBook: [LookToBookRow]?

    init(app: KiteApplication, form: String?, today: CivilDate = BookDay.today()) {
        self.app = app
        self.form = form
        (from, to) = BuyoutReport.period(from: nil, to: nil, today: today)
    }

    func reader(_ request: PageRequest<BuyoutReportRow>, text: String, sort: ListSort?) -> (@Sendable (PGConnection) throws -> [BuyoutReportRow])? {
        guard let (skip, limit) = request.offsetWindow else { return nil }
        if case .first = request { loadLookToBook() }
        let from = from, end = to.adding(days: 1)
        return { connection in
            Array(try AppraisalRepository(connection: connection).reconditioningVariance(from: from, to: end)
                .dropFirst(skip).prefix(limit).map(BuyoutReportRow.init))
        }
    }

    private func loadLookToBook() {
        let from = from, end = to.adding(days: 1)
        app.database.request(lane: "buyout.report.\(ObjectIdentifier(self).hashValue)", { connection in
            try AppraisalRepository(connection: connection).lookToBook(from: from, to: end)
        }, completion: { [weak self] result in
            guard let self, case .success(let rows) = result else { return }
            self.lookToBook = rows
        })
    }

    var chips: [String] {
        [BuyoutReportText.periodChip(app.language, ["from": from.russianText, "to": to.russianText])]
    }

    var emptyMessage: LocalizedText { BuyoutReportText.noneBought.text }

    func open(_ row: BuyoutReportRow, in browser: BrowserScreen<BuyoutReportSource>) {
        app.openCard(form ?? "appraisal", id: row.row.appraisalID) { _ in AppraisalEditor(app: self.app) }
    }

    func perform(_ command: String, selected: BuyoutReportRow?, in browser: BrowserScreen<BuyoutReportSource>) -> Bool {
        switch command {
        case "buyout_report.period": askPeriod(browser)
        case "buyout_report.export": export()
        default: return false
        }
        return true
    }

    func affects(_ event: any ChangeEvent, browser: BrowserScreen<BuyoutReportSource>) -> Bool { event is AppraisalChanged }

    /// The period in a box: two days, the second not before the first.
    func askPeriod(_ browser: BrowserScreen<BuyoutReportSource>) {
        let language = app.language
        let dialog = FormDialog(title: BuyoutReportText.periodTitle(language),
                                fields: [FormField(bind: "from", label: BuyoutReportText.fromField(language), kind: .date, required: true),
                                         FormField(bind: "to", label: BuyoutReportText.toField(language), kind: .date, required: true)],
                                values: ["from": from.russianText, "to": to.russianText], language: language)
        app.formDialog(dialog) { [weak self, weak browser] values in
            guard let self else { return true }
            var input = FormInput(values)
            let first = input.date("from", BuyoutReportText.fromField.text, current: nil)
            let last = input.date("to", BuyoutReportText.toField.text, current: nil)
            var issues = input.issues
            if issues.isEmpty, let first, let last, last < first {
                issues.append(.error("to", ru: BuyoutReportText.periodOrder.text.ru, en: BuyoutReportText.periodOrder.text.en))
            }
            guard issues.isEmpty, let first, let last else {
                dialog.showIssues(issues)
                return false
            }
            self.from = first
            self.to = last
            self.lookToBook = nil
            browser?.reload()
            return true
        }
    }

    /// Both parts as CSV for Russian Excel in the export folder; the path is said.
    func export() {
        let language = app.language, from = from, to = to
        let url = FinanceCSV.exportURL("buyout-\(from.isoText)-\(to.isoText).csv")
        app.database.request(lane: "buyout.report.export", { connection in
            let report = try BuyoutReport.load(connection, from: from, to: to)
            try ExportFile.write(Data(report.csv().utf8), to: url, language: language)
            return url.path
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let path): self.app.showMessage(BuyoutReportText.exported(language, ["path": path]))
            case .failure(let error): self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    // MARK: look-to-book above the list

    func headerHeight(width: Int) -> Int {
        guard let lookToBook else { return 1 }
        return min(lookToBook.isEmpty ? 1 : lookToBookTable.count, 8)
    }

    var lookToBookTable: [[String]] {
        BuyoutReport(from: from, to: to, lookToBook: lookToBook ?? [], reconditioning: []).lookToBookTable(app.language)
    }

    func drawHeader(on surface: Surface, in rect: Rect) {
        guard let lookToBook else {
            surface.put(" " + UIText.loadingPane(app.language), row: rect.row, column: 1, style: Style(.dim))
            return
        }
        guard !lookToBook.isEmpty else {
            surface.put(" " + BuyoutReportText.noAppraisals(app.language), row: rect.row, column: rect.column, style: Style(.dim),
                        maxWidth: rect.width)
            return
        }
        var table = lookToBookTable
        // At most the header, six rows and the total.
        if table.count > rect.height, rect.height >= 2 {
            table = Array(table.prefix(rect.height - 1)) + [table[table.count - 1]]
        }
        let lines = BuyoutReport.aligned(table, textColumns: 3)
        for (index, line) in lines.enumerated() where index < rect.height {
            surface.put(" " + line, row: rect.row + index, column: rect.column, style: Style(index == 0 ? .header : .normal),
                        maxWidth: rect.width)
        }
    }
}

/// A line of the report: a bought car.
struct BuyoutReportRow: ListRow {
    var row: ReconditioningVarianceRow

    init(_ row: ReconditioningVarianceRow) { self.row = row }

    var rowID: Int64 { row.appraisalID }

    func value(_ field: String) -> CellValue {
        switch field {
        case "number": .text(row.number)
        case "stock_number": .text(row.stockNumber)
        case "car": .text(row.makeModel)
        case "appraiser": .text(row.appraiserLogin)
        case "estimate": .money(row.estimate)
        case "actual": .money(row.actual)
        case "difference": .money(row.difference)
        default: .none
        }
    }
}

extension KiteApplication {
    func openBuyoutReport() {
        openList("buyout_report", source: { BuyoutReportSource(app: self, form: $0.form) })
    }
}
