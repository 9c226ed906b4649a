import KiteDomain

/// The deal's money from its own form: the payments recorded against it, or a
/// new payment with the deal already chosen.
extension DealFormScreen {
    func openPayments(new: Bool) {
        let ru = app.language == .ru
        guard let deal, let dealID else {
            app.showError(ru ? "Сначала сохраните сделку (F2): платежи вносятся по её номеру"
                             : "Save the deal first (F2): payments are entered against its number")
            return
        }
        if new {
            FinanceNavigation.openPayment(app: app, id: nil, deal: deal.number)
        } else {
            FinanceNavigation.openPayments(app: app, dealID: dealID, dealNumber: deal.number)
        }
    }
}

extension DealFormScreen {
    /// Back from a payment: its balance may have moved.
    func didReappear() {
        loadBalance()
    }
}
