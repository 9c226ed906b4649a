import KiteDomain
import KiteStore
import KiteUI

/// Opening the finance screens (from `FinanceModule`'s keys and words, and from a deal).
extension KiteApplication {
    func openPayments(text: String = "", dealID: Int64? = nil, dealNumber: String? = nil) {
        let filter = PaymentListSource.defaultFilter(app: self, dealID: dealID)
        openList("payments", source: { PaymentListSource(app: self, form: $0.form, filter: filter, dealNumber: dealNumber) },
                 filter: text, pageSize: 200)
    }

    /// A payment's card (`id` nil: a new payment, for the deal numbered `deal` when given).
    func openPayment(id: Int64?, deal: String? = nil, form: String? = nil) {
        openCard(form ?? "payment", id: id) { _ in PaymentEditor(app: self, dealText: deal) }
    }

    func openCashDay() {
        guard let definition = listDefinition("cashday") else { return }
        push(CashDayScreen(app: self, definition: definition))
    }

    func openReceivables() {
        guard let definition = listDefinition("receivables") else { return }
        push(ReceivablesScreen(app: self, definition: definition))
    }
}
