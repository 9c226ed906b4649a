import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// The fields the finance screens may bind, and the cell texts of their rows.
enum FinanceCells {
    static func payment(_ p: Payment, field: String, language: Language) -> String {
        switch field {
        case "id": String(p.id)
        case "payment_date": p.date.russianText
        case "dealership_code": p.dealershipCode
        case "dealership_id": String(p.dealershipID)
        case "direction": p.direction.label.text(language)
        case "kind": p.isReversal ? (language == .ru ? "сторно №\(p.reversesPaymentID!)" : "reverses #\(p.reversesPaymentID!)")
                                  : p.kind.label.text(language)
        case "method": p.method.label.text(language)
        case "amount": p.amount.formatted(language)
        case "state": p.state.label.text(language)
        case "deal": p.dealNumber ?? "—"
        case "party": p.party
        case "counterparty": p.counterparty
        case "purpose": p.purpose
        case "document_ref": p.documentRef
        case "reason": p.reason
        case "created_by": p.createdBy
        case "confirmed_by": p.confirmedBy ?? ""
        case "reverses_payment_id": p.reversesPaymentID.map(String.init) ?? ""
        default: ""
        }
    }

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

    /// Table columns for the definitions that fit `width`.
    static func tableColumns(_ definitions: [ColumnDefinition], language: Language) -> [TableColumn] {
        StockCells(columns: definitions, language: language, today: Date()).tableColumns()
    }
}

/// Who may confirm, reverse and close the cash day in the UI (the database checks its own role too).
extension KiteApplication {
    var isFinance: Bool { roleValue == .finance || roleValue == .admin }

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
