import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// Opening the customers and deals screens, from keys, the command line and
/// the stock list.
extension KiteApplication {
    /// Global and stock-list commands of the sales screens; false if not one of them.
    func runSalesCommand(_ command: String) -> Bool {
        switch command {
        case "app.stock": goToRoot { _ in }
        case "app.deals": goToRoot { app in app.openDeals() }
        case "app.customers": goToRoot { app in app.openCustomers() }
        case "stock.new_deal":
            guard let list = stack.last as? StockListScreen else { return false }
            guard let row = list.selectedRow else { return true }
            guard row.status.isAvailableForSale else {
                showError(language == .ru ? "Этот автомобиль недоступен для сделки (статус «\(row.status.label.ru)»)"
                                          : "This vehicle is not available for a deal (status '\(row.status.label.en)')")
                return true
            }
            openNewDeal(vehicle: row)
        default: return false
        }
        return true
    }

    /// `:customers [text]`, `:deals [text]`, `:deal NUMBER|new`; false if not one of them.
    func runSalesCommandLine(_ words: [String]) -> Bool {
        guard let first = words.first else { return false }
        let rest = words.dropFirst().joined(separator: " ")
        switch first {
        case "customers", "клиенты":
            goToRoot { app in app.openCustomers(filter: rest) }
        case "deals", "сделки":
            goToRoot { app in app.openDeals(filter: rest) }
        case "deal", "сделка":
            if rest.isEmpty || rest == "new" || rest == "новая" {
                openNewDeal(vehicle: nil)
            } else {
                openDeal(number: rest)
            }
        case "customer", "клиент":
            openNewCustomer(initialText: rest)
        default:
            return false
        }
        return true
    }

    /// Closes every screen above the stock list (asking about unsaved work), then runs `then`.
    func goToRoot(then: @escaping @MainActor (KiteApplication) -> Void) {
        while stack.count > 1 {
            if let question = stack.last?.leaveQuestion {
                confirm(question) { [weak self] in
                    guard let self else { return }
                    self.pop(force: true)
                    self.goToRoot(then: then)
                }
                return
            }
            pop(force: true)
        }
        then(self)
    }

    func openCustomers(filter: String = "") {
        guard let definition = environment.screens.list("customers") else { return }
        let list = QueryListScreen<CustomerRow>(app: self, definition: definition, lane: "customers.list",
            query: { { connection, text, limit in try CustomerRepository(connection: connection).search(text, limit: limit) } },
            cell: { [language] row, column in SalesCells.customer(row, column, language: language) },
            rowID: { $0.id })
        list.onOpen = { [weak self] row in self?.openCustomer(id: row.id) }
        list.onNew = { [weak self] in self?.openNewCustomer(initialText: "") }
        push(list)
        list.applyFilter(filter)
    }

    func openCustomer(id: Int64) {
        guard let definition = environment.screens.form("customer") else { return }
        push(CustomerCardScreen(app: self, definition: definition, customerID: id))
    }

    func openNewCustomer(initialText: String) {
        guard let definition = environment.screens.form("customer") else { return }
        push(CustomerCardScreen(app: self, definition: definition, customerID: nil, initialText: initialText))
    }

    func openDeals(filter: String = "") {
        guard let definition = environment.screens.list("deals") else { return }
        let state = DealListState(login: login)
        state.dealership = references.dealership
        let list = QueryListScreen<DealListRow>(app: self, definition: definition, lane: "deals.list",
            query: { let filter = state.filter; return { connection, text, limit in
                var filter = filter
                filter.text = text
                let rows = try DealRepository(connection: connection).list(filter, limit: limit)
                let balances = try PaymentRepository(connection: connection).balances(dealIDs: rows.map(\.id))
                return rows.map { DealListRow(deal: $0, balance: balances[$0.id]) }
            } },
            cell: { [language] row, column in SalesCells.deal(row, column, language: language) },
            rowID: { $0.deal.id })
        list.onOpen = { [weak self] row in self?.openDeal(id: row.deal.id) }
        list.onNew = { [weak self] in self?.openNewDeal(vehicle: nil) }
        list.filterSummary = { [language] in state.summary(language) }
        list.extraCommand = { [weak self, weak list] command in
            guard let self, let list else { return false }
            switch command {
            case "deals.mine": state.mineOnly.toggle()
            case "deals.expiring": state.expiringToday.toggle()
            case "deals.filter_dealership":
                let ru = self.language == .ru
                var choices = [ChoicePicker.Choice(value: "", label: ru ? "Все центры" : "All dealerships")]
                choices += self.references.dealerships.map { ChoicePicker.Choice(value: String($0.id), label: "\($0.code) · \($0.name)") }
                self.pick(ChoicePicker(title: ru ? "Дилерский центр" : "Dealership", choices: choices,
                                       selectedValue: state.dealership.map { String($0.id) } ?? "")) { value in
                    state.dealership = Int64(value).flatMap { self.references.dealership($0) }
                    list.reload()
                }
                return true
            case "deals.filter_stage":
                let ru = self.language == .ru
                var choices = [ChoicePicker.Choice(value: "", label: ru ? "Все стадии" : "All stages")]
                choices += DealStage.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(self.language)) }
                self.pick(ChoicePicker(title: ru ? "Показать стадию" : "Show stage", choices: choices,
                                       selectedValue: state.stage?.rawValue ?? "")) { value in
                    state.stage = DealStage(rawValue: value)
                    list.reload()
                }
                return true
            default: return false
            }
            list.reload()
            return true
        }
        push(list)
        list.applyFilter(filter)
    }

    func openDeal(id: Int64) {
        guard let definition = environment.screens.form("deal") else { return }
        push(DealFormScreen(app: self, definition: definition, dealID: id))
    }

    func openDeal(number: String) {
        let language = self.language
        database.request(lane: "deal.find", { connection in
            try DealRepository(connection: connection).get(number: number)?.id
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let id?): self.openDeal(id: id)
            case .success(nil): self.showError(language == .ru ? "Нет сделки с номером \(number)" : "No deal numbered \(number)")
            case .failure(let error): self.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    func openNewDeal(vehicle: StockRow?) {
        guard let definition = environment.screens.form("deal") else { return }
        push(DealFormScreen(app: self, definition: definition, dealID: nil, vehicle: vehicle))
    }

    /// Notices left for this user (an expired reservation, say), shown once.
    public func showNotices() {
        let login = self.login, language = self.language
        database.request(lane: "notices", { connection in
            try SalesReferenceRepository(connection: connection).takeNotices(login: login)
        }, completion: { [weak self] result in
            guard let self, case .success(let notices) = result, !notices.isEmpty else { return }
            let text = notices.map { "• " + (language == .ru ? $0.messageRu : $0.messageEn) }.joined(separator: "\n")
            self.showMessageBox(title: language == .ru ? "Для вас" : "For you", text: text)
        })
    }

    /// A deal changed somewhere (LISTEN deals): open deal lists refresh.
    func dealChanged(id: Int64) {
        for screen in stack {
            (screen as? QueryListScreen<DealListRow>)?.reload(keepSelection: true)
        }
    }
}

/// A line of the deals list: the deal and what has been paid on it.
struct DealListRow: Sendable {
    var deal: DealRow
    var balance: DealBalance?
}

/// The deals list's filters besides the typed text.
@MainActor
final class DealListState {
    let login: String
    var mineOnly = false
    var expiringToday = false
    var stage: DealStage?
    /// The user's own dealership at first; nil shows every dealership.
    var dealership: Dealership?

    init(login: String) {
        self.login = login
    }

    var filter: DealFilter {
        DealFilter(stages: stage.map { [$0] } ?? [], dealershipID: dealership?.id, managerLogin: mineOnly ? login : nil,
                   reservationEndsBy: expiringToday ? CivilDate(Date(), timeZone: .current) : nil)
    }

    func summary(_ language: Language) -> String {
        let ru = language == .ru
        var parts = [(ru ? "Центр: " : "Dealership: ") + (dealership?.code ?? (ru ? "все" : "all")),
                     (ru ? "Стадия: " : "Stage: ") + (stage?.label.text(language) ?? (ru ? "все" : "all"))]
        if mineOnly { parts.append(ru ? "мои" : "mine") }
        if expiringToday { parts.append(ru ? "резерв истекает сегодня" : "reservation ends today") }
        return parts.joined(separator: " · ")
    }
}

/// Cell texts of the customers and deals lists, by column field.
enum SalesCells {
    static func customer(_ row: CustomerRow, _ column: ColumnDefinition, language: Language) -> String {
        switch column.field {
        case "name": row.name
        case "kind": row.kind.label.text(language)
        case "phone": row.phone
        case "birth_date": row.birthDate?.russianText ?? ""
        case "passport": row.passportNumber.isEmpty ? "" : row.passportSeries + " " + row.passportNumber
        case "inn": row.inn
        case "email": row.email
        default: ""
        }
    }

    /// The payment state in a column's width.
    static func shortLabel(_ state: DealPaymentState) -> LocalizedText {
        switch state {
        case .unpaid: LocalizedText(ru: "нет", en: "unpaid")
        case .partial: LocalizedText(ru: "частично", en: "partial")
        case .paid: LocalizedText(ru: "оплачена", en: "paid")
        case .overpaid: LocalizedText(ru: "переплата", en: "overpaid")
        }
    }

    static func deal(_ listRow: DealListRow, _ column: ColumnDefinition, language: Language) -> String {
        let row = listRow.deal
        switch column.field {
        case "payment_state": return listRow.balance.map { shortLabel($0.state).text(language) } ?? ""
        case "outstanding": return listRow.balance.map { $0.outstanding.formatted(language) } ?? ""
        case "number": return row.number
        case "stage": return row.stage.label.text(language)
        case "customer": return row.customerName ?? "—"
        case "vehicle": return row.vehicleName ?? "—"
        case "vin": return row.vin ?? ""
        case "amount_due": return row.amountDue.formatted(language)
        case "total_amount": return row.totalAmount.formatted(language)
        case "reserved_until": return row.stage == .reserved ? (row.reservedUntil?.russianText ?? "") : ""
        case "manager_login": return row.managerLogin
        default: return ""
        }
    }
}
