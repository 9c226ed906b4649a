import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// A deal of the receivables report, as its columns (`Screens/receivables.toml`) show it.
extension ReceivableDeal: ListRow {
    var rowID: Int64 { dealID }

    func value(_ field: String) -> CellValue {
        switch field {
        case "deal": .text(dealNumber)
        case "customer": .text(customerName)
        case "manager": .text(PersonName.short(managerName))
        case "contract_date": .day(contractDate)
        case "days": .integer(days)
        case "bucket": .text(bucket.rawValue)
        case "due": .money(balance.due)
        case "paid": .money(balance.paid)
        case "outstanding": .money(balance.outstanding)
        default: .none
        }
    }
}

/// Who may confirm, reverse and close the cash day in the UI (the database checks its own role too).
extension KiteApplication {
    var isFinance: Bool { roleValue == .finance || roleValue == .admin }

    func refuseUnlessFinance() -> Bool {
        if isFinance { return false }
        showError(FinanceTexts.financeOnly(language))
        return true
    }
}

/// A table over rows the screen keeps as formatted cells.
final class CellRows: TableDataSource {
    var rows: [[String]] = []
    var rowCount: Int { rows.count }
    func cells(row: Int) -> [String] { rows[row] }
}
