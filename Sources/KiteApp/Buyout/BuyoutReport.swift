import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// The buyout reports for a period (days, both included, Moscow time): look-to-book — the
/// funnel appraisals → offers → bought per dealership, appraiser and source — and each bought
/// car's reconditioning, the appraisal's estimate against the cost ledger's actual lines.
/// `kite report buyout` prints both as tables or writes them as CSV for Russian Excel; the
/// `:отчёт-выкуп` screen shows the same rows.
public struct BuyoutReport: Sendable {
    public var from: CivilDate
    public var to: CivilDate
    public var lookToBook: [LookToBookRow]
    public var reconditioning: [ReconditioningVarianceRow]

    /// The last 90 days up to today when a bound is not given.
    public static func period(from: CivilDate?, to: CivilDate?, today: CivilDate = BookDay.today()) -> (CivilDate, CivilDate) {
        let last = to ?? today
        return (from ?? last.adding(days: -89), last)
    }

    /// Both reports of [from, to] (`to` included).
    public static func load(_ connection: PGConnection, from: CivilDate, to: CivilDate) throws -> BuyoutReport {
        let repository = AppraisalRepository(connection: connection)
        let end = to.adding(days: 1)
        return BuyoutReport(from: from, to: to, lookToBook: try repository.lookToBook(from: from, to: end),
                            reconditioning: try repository.reconditioningVariance(from: from, to: end))
    }

    /// `55,0 %`, or `—` with nothing offered (rounded per mille, whole numbers only).
    static func share(offered: Int, bought: Int) -> String {
        guard offered > 0 else { return "—" }
        let permille = (bought * 1000 + offered / 2) / offered
        return "\(permille / 10),\(permille % 10) %"
    }

    /// The look-to-book table's cells (the header first), each row with its figures.
    func lookToBookTable(_ language: Language) -> [[String]] {
        let header = [BuyoutReportText.dealership, .appraiser, .source, .appraised, .offered, .bought, .share].map { $0(language) }
        var body = lookToBook.map { row -> [String] in
            [row.dealershipCode, Sanitizer.clean(row.appraiserLogin), row.source.label.text(language), String(row.appraised),
             String(row.offered), String(row.bought), Self.share(offered: row.offered, bought: row.bought)]
        }
        if lookToBook.count > 1 {
            let appraised = lookToBook.map(\.appraised).reduce(0, +), offered = lookToBook.map(\.offered).reduce(0, +)
            let bought = lookToBook.map(\.bought).reduce(0, +)
            body.append([BuyoutReportText.total(language), "", "", String(appraised), String(offered), String(bought),
                         Self.share(offered: offered, bought: bought)])
        }
        return [header] + body
    }

    /// The reconditioning table's cells (the header first).
    func reconditioningTable(_ language: Language) -> [[String]] {
        let header = [BuyoutReportText.appraisal, .stockNumber, .car, .appraiser, .estimate, .actual, .difference].map { $0(language) }
        return [header] + reconditioning.map { row in
            [row.number, row.stockNumber, Sanitizer.clean(row.makeModel), Sanitizer.clean(row.appraiserLogin),
             row.estimate.formatted(language), row.actual.formatted(language), Self.signed(row.difference, language)]
        }
    }

    static func signed(_ amount: Money, _ language: Language) -> String {
        amount > .zero ? "+" + amount.formatted(language) : amount.formatted(language)
    }

    /// The report as lines for a terminal: a title per part, each a table with aligned columns.
    public func lines(language: Language) -> [String] {
        var lines = [BuyoutReportText.lookToBookTitle(language, ["from": from.russianText, "to": to.russianText])]
        lines += lookToBook.isEmpty ? [BuyoutReportText.noAppraisals(language)] : Self.aligned(lookToBookTable(language), textColumns: 3)
        lines.append("")
        lines.append(BuyoutReportText.reconditioningTitle(language, ["from": from.russianText, "to": to.russianText]))
        lines += reconditioning.isEmpty ? [BuyoutReportText.noneBought(language)] : Self.aligned(reconditioningTable(language), textColumns: 4)
        return lines
    }

    /// Columns padded to their widest cell: the first `textColumns` on the left, figures on the right.
    static func aligned(_ table: [[String]], textColumns: Int) -> [String] {
        guard let first = table.first else { return [] }
        let widths = first.indices.map { column in table.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        return table.map { cells in
            cells.enumerated().map { column, cell in
                DisplayWidth.pad(cell, to: widths[column], alignment: column < textColumns ? .left : .right)
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }

    /// CSV for Russian Excel (UTF-8 with BOM, `;`, decimal comma): both parts, one after the other.
    public func csv() -> String {
        func money(_ value: Money) -> String { FinanceCSV.money(value) }
        var lines: [[String]] = [["look_to_book", from.russianText, to.russianText]]
        lines.append(["dealership", "appraiser", "source", "appraised", "offered", "bought", "share_percent"])
        for row in lookToBook {
            lines.append([row.dealershipCode, row.appraiserLogin, row.source.label.ru, String(row.appraised), String(row.offered),
                          String(row.bought), row.offered == 0 ? "" : "\(row.permille / 10),\(row.permille % 10)"])
        }
        lines.append([])
        lines.append(["reconditioning", from.russianText, to.russianText])
        lines.append(["appraisal", "stock_number", "car", "appraiser", "estimate", "actual", "difference"])
        for row in reconditioning {
            lines.append([row.number, row.stockNumber, row.makeModel, row.appraiserLogin, money(row.estimate), money(row.actual),
                          money(row.difference)])
        }
        return CSV.byteOrderMark + lines.map(CSV.line).joined()
    }

    /// `kite report buyout`: the tables, or with `csv` the file written (its path said).
    public static func run(conninfo: String, from: CivilDate?, to: CivilDate?, csv: String?, language: Language) throws -> [String] {
        let (first, last) = period(from: from, to: to)
        let report = try load(PGConnection(conninfo), from: first, to: last)
        guard let csv else { return report.lines(language: language) }
        let url = URL(fileURLWithPath: csv)
        try ExportFile.write(Data(report.csv().utf8), to: url, language: language)
        return [url.path]
    }
}

enum BuyoutReportText: TextKey {
    case dealership, appraiser, source, appraised, offered, bought, share, total
    case appraisal, stockNumber, car, estimate, actual, difference
    case lookToBookTitle, reconditioningTitle, noAppraisals, noneBought
    case periodChip, periodTitle, fromField, toField, periodOrder, exported

    var text: LocalizedText {
        switch self {
        case .dealership: LocalizedText(ru: "ДЦ", en: "Dealer")
        case .appraiser: LocalizedText(ru: "Оценщик", en: "Appraiser")
        case .source: LocalizedText(ru: "Источник", en: "Source")
        case .appraised: LocalizedText(ru: "Оценок", en: "Appraised")
        case .offered: LocalizedText(ru: "Предложений", en: "Offered")
        case .bought: LocalizedText(ru: "Выкуплено", en: "Bought")
        case .share: LocalizedText(ru: "Доля", en: "Share")
        case .total: LocalizedText(ru: "Итого", en: "Total")
        case .appraisal: LocalizedText(ru: "Оценка", en: "Appraisal")
        case .stockNumber: LocalizedText(ru: "Складской №", en: "Stock No.")
        case .car: LocalizedText(ru: "Автомобиль", en: "Car")
        case .estimate: LocalizedText(ru: "Оценка подготовки", en: "Estimate")
        case .actual: LocalizedText(ru: "Фактически", en: "Actual")
        case .difference: LocalizedText(ru: "Разница", en: "Difference")
        case .lookToBookTitle: LocalizedText(ru: "Выкуп: оценки → предложения → выкуплено, {from}–{to}",
                                             en: "Look-to-book: appraised → offered → bought, {from}–{to}")
        case .reconditioningTitle: LocalizedText(ru: "Подготовка выкупленных: оценка и факт, {from}–{to}",
                                                 en: "Reconditioning of the cars bought: estimate and actual, {from}–{to}")
        case .noAppraisals: LocalizedText(ru: "За период оценок нет", en: "No appraisals in the period")
        case .noneBought: LocalizedText(ru: "За период ничего не выкуплено", en: "Nothing bought in the period")
        case .periodChip: LocalizedText(ru: "Период: {from}–{to}", en: "Period: {from}–{to}")
        case .periodTitle: LocalizedText(ru: "Период отчёта", en: "The report's period")
        case .fromField: LocalizedText(ru: "С", en: "From")
        case .toField: LocalizedText(ru: "По", en: "To")
        case .periodOrder: LocalizedText(ru: "Период: «по» не раньше «с»", en: "Period: «to» not before «from»")
        case .exported: LocalizedText(ru: "Отчёт сохранён: {path}", en: "Report saved: {path}")
        }
    }
}
