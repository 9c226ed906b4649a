import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// Opening the customers and deals screens, from keys, the command line and
/// the stock list.
extension KiteApplication {
    func openCustomers(filter: String = "") {
        openList("customers", source: { CustomerListSource(app: self, form: $0.form) }, filter: filter, pageSize: 500)
    }

    func openCustomer(id: Int64, form: String? = nil) {
        openCard(form ?? "customer", id: id) { _ in CustomerEditor(app: self) }
    }

    /// A new customer's card; `onSaved` gets the saved (or chosen existing) customer.
    func openNewCustomer(initialText: String, form: String? = nil, onSaved: ((Customer) -> Void)? = nil) {
        openCard(form ?? "customer", id: nil) { _ in
            let editor = CustomerEditor(app: self, initialText: initialText)
            editor.onSaved = onSaved
            return editor
        }
    }

    func openDeals(filter: String = "") {
        openList("deals", source: { DealListSource(app: self, form: $0.form) }, filter: filter, pageSize: 500)
    }

    func openDeal(id: Int64, form: String? = nil) {
        openCard(form ?? "deal", id: id) { _ in DealEditor(app: self) }
    }

    func openDeal(number: String) {
        let language = self.language
        database.request(lane: "deal.find", { connection in
            try DealRepository(connection: connection).get(number: number)?.id
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let id?): self.openDeal(id: id)
            case .success(nil): self.showError(SalesText.noDealNumbered(language, ["number": number]))
            case .failure(let error): self.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    func openNewDeal(vehicle: StockRow?, form: String? = nil) {
        openCard(form ?? "deal", id: nil) { _ in DealEditor(app: self, vehicle: vehicle) }
    }

    /// Notices left for this user (an expired reservation, say), shown once.
    public func showNotices() {
        let login = self.login, language = self.language
        database.request(lane: "notices", { connection in
            try SalesReferenceRepository(connection: connection).takeNotices(login: login)
        }, completion: { [weak self] result in
            guard let self, case .success(let notices) = result, !notices.isEmpty else { return }
            let text = notices.map { "• " + LocalizedText(ru: $0.messageRu, en: $0.messageEn).text(language) }.joined(separator: "\n")
            self.showMessageBox(title: SalesText.noticesTitle(language), text: text)
        })
    }
}
