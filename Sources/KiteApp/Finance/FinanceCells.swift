import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// Cell texts of the receivables report (grouped by bucket and manager, drawn by its own screen).
enum FinanceCells {
    static func receivable(_ r: ReceivableDeal, field: String, language: Language) -> String {
        switch field {
        case "deal": r.dealNumber
        case "customer": r.customerName
        case "manager": PersonName.short(r.managerName)
        case "contract_date": r.contractDate.russianText
        case "days": String(r.days)
        case "bucket": r.bucket.rawValue
        case "due": r.balance.due.formatted(language)
        case "paid": r.balance.paid.formatted(language)
        case "outstanding": r.balance.outstanding.formatted(language)
        default: ""
        }
    }
}

/// Who may confirm, reverse and close the cash day in the UI (the database checks its own role too).
extension KiteApplication {
    var isFinance: Bool { role == "finance" || role == "admin" }

    func refuseUnlessFinance() -> Bool {
        if isFinance { return false }
        showError(language == .ru ? "Только для финансиста: подтверждать, сторнировать и закрывать кассу может роль «финансы»"
                                  : "Finance only: confirming, reversing and closing the cash day need the finance role")
        return true
    }
}

/// A table over rows the screen keeps as formatted cells.
final class CellRows: TableDataSource {
    var rows: [[String]] = []
    var rowCount: Int { rows.count }
    func cells(row: Int) -> [String] { rows[row] }
}
