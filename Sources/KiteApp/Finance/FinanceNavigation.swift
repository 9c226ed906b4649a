import KiteDomain
import KiteStore
import KiteUI

/// Opening the finance screens (from `FinanceModule`'s keys and words, and from a deal).
@MainActor
public enum FinanceNavigation {
    static func openPayments(app: KiteApplication, text: String = "", dealID: Int64? = nil, dealNumber: String? = nil) {
        let filter = PaymentListSource.defaultFilter(app: app, dealID: dealID)
        app.openList("payments", source: { PaymentListSource(app: app, form: $0.form, filter: filter, dealNumber: dealNumber) },
                     filter: text, pageSize: 200)
    }

    static func openPayment(app: KiteApplication, id: Int64?, deal: String? = nil, form: String? = nil) {
        guard let definition = app.formDefinition(form ?? "payment") else { return }
        app.push(CardScreen(app: app, definition: definition, editor: PaymentEditor(app: app, dealText: deal), id: id))
    }

    static func openCashDay(app: KiteApplication) {
        guard let definition = app.listDefinition("cashday") else { return }
        app.push(CashDayScreen(app: app, definition: definition))
    }

    static func openReceivables(app: KiteApplication) {
        guard let definition = app.listDefinition("receivables") else { return }
        app.push(ReceivablesScreen(app: app, definition: definition))
    }
}
