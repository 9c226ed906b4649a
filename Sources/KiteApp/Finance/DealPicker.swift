import Foundation
import KiteDomain
import KiteStore

/// The deal search box of the finance screens (the payment form's deal field,
/// the payments list's deal filter): it starts with `initialText` and narrows
/// with every key, matching the deal number or the customer's name; each line
/// shows what is still due.
@MainActor
enum DealPicker {
    static func pick(app: KiteApplication, initialText: String, onChoose: @escaping @MainActor (DealPick) -> Void) {
        let language = app.language
        let found = DealPickCache()
        let picker = LookupPicker(app: app, title: FinanceTexts.dealPickerTitle(language),
                                  lane: "payment.find", initialText: initialText, canCreate: false) { connection, text in
            let deals = try PaymentRepository(connection: connection).findDeals(matching: text, limit: 30)
            found.store(deals)
            return deals.map { deal in
                LookupPicker.Item(id: deal.id, label: "\(deal.number) · \(PersonName.short(deal.customerName))",
                                  detail: FinanceTexts.dealOutstanding(language, ["amount": deal.balance.outstanding.formatted(language)]))
            }
        }
        app.lookup(picker) { outcome in
            guard case .chosen(let item) = outcome, let deal = found.deal(id: item.id) else { return }
            onChoose(deal)
        }
    }
}

/// The deals the picker last found, so a chosen line brings its balance along.
final class DealPickCache: @unchecked Sendable {
    private let lock = NSLock()
    private var deals: [Int64: DealPick] = [:]

    func store(_ found: [DealPick]) {
        lock.lock()
        defer { lock.unlock() }
        for deal in found { deals[deal.id] = deal }
    }

    func deal(id: Int64) -> DealPick? {
        lock.lock()
        defer { lock.unlock() }
        return deals[id]
    }
}
