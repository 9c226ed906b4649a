import Foundation

extension KiteApplication {
    /// A payment was entered, confirmed or reversed somewhere (LISTEN payments):
    /// open payment lists, cash days, receivables and deal lists show it, the
    /// screen on top at once and the others when they are next shown.
    func paymentsChanged() {
        guard let top = stack.last else { return }
        switch top {
        case let list as PaymentListScreen: list.reload(keepSelection: true)
        case let day as CashDayScreen: day.reload()
        case let receivables as ReceivablesScreen: receivables.reload()
        case let deals as QueryListScreen<DealListRow>: deals.reload(keepSelection: true)
        case let deal as DealFormScreen: deal.loadBalance()
        default: break
        }
    }
}
