import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// Сделки on the browser: newest first, with the paid balance of each deal; filters by
/// text, stage, dealership (the user's own at first), "mine" and "reservation ends today".
@MainActor
final class DealListSource: ListSource {
    unowned let app: KiteApplication
    let form: String?
    var mineOnly = false
    var expiringToday = false
    var stage: DealStage?
    /// The user's own dealership at first; nil shows every dealership.
    var dealership: Dealership?
    /// Only deals created since (the home screen's "this month").
    var createdSince: Date?

    init(app: KiteApplication, form: String?) {
        self.app = app
        self.form = form
        dealership = app.references.dealership
    }

    private func filter(_ text: String) -> DealFilter {
        var filter = DealFilter(text: text, stages: stage.map { [$0] } ?? [], dealershipID: dealership?.id,
                                managerLogin: mineOnly ? app.login : nil)
        // "Today" at each deal's dealership, not on the terminal's clock.
        filter.reservationEndsToday = expiringToday
        filter.createdSince = createdSince
        return filter
    }

    func reader(_ request: PageRequest<DealListRow>, text: String, sort: ListSort?) -> (@Sendable (PGConnection) throws -> [DealListRow])? {
        guard let (skip, limit) = request.offsetWindow else { return nil }
        let filter = filter(text)
        return { connection in
            let rows = try DealRepository(connection: connection).list(filter, limit: skip + limit).dropFirst(skip)
            let balances = try PaymentRepository(connection: connection).balances(dealIDs: rows.map(\.id))
            return rows.map { DealListRow(deal: $0, balance: balances[$0.id]) }
        }
    }

    var chips: [String] {
        let language = app.language
        var parts = [SalesText.dealershipChip(language, ["dealership": dealership?.code ?? SalesText.chipAll(language)]),
                     SalesText.stageChip(language, ["stage": stage?.label.text(language) ?? SalesText.chipAll(language)])]
        if mineOnly { parts.append(SalesText.chipMine(language)) }
        if expiringToday { parts.append(SalesText.chipExpiringToday(language)) }
        if let createdSince {
            parts.append(SalesHomeText.monthChip(language, ["date": CivilDate(createdSince, timeZone: DisplayTime.timeZone).russianText]))
        }
        return parts
    }

    func open(_ row: DealListRow, in browser: BrowserScreen<DealListSource>) { app.openDeal(id: row.deal.id, form: form) }
    func openNew(in browser: BrowserScreen<DealListSource>) { app.openNewDeal(vehicle: nil, form: form) }

    func perform(_ command: String, selected: DealListRow?, in browser: BrowserScreen<DealListSource>) -> Bool {
        let language = app.language
        switch command {
        case "deals.mine": mineOnly.toggle()
        case "deals.expiring": expiringToday.toggle()
        case "deals.filter_dealership":
            var choices = [ChoicePicker.Choice(value: "", label: SalesText.allDealerships(language))]
            choices += app.references.dealerships.map { ChoicePicker.Choice(value: String($0.id), label: "\($0.code) · \($0.name)") }
            app.pick(ChoicePicker(title: SalesText.dealership(language), choices: choices,
                                  selectedValue: dealership.map { String($0.id) } ?? "")) { [weak self, weak browser] value in
                guard let self else { return }
                self.dealership = Int64(value).flatMap { self.app.references.dealership($0) }
                browser?.reload()
            }
            return true
        case "deals.filter_stage":
            var choices = [ChoicePicker.Choice(value: "", label: SalesText.allStages(language))]
            choices += DealStage.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
            app.pick(ChoicePicker(title: SalesText.showStage(language), choices: choices,
                                  selectedValue: stage?.rawValue ?? "")) { [weak self, weak browser] value in
                self?.stage = DealStage(rawValue: value)
                browser?.reload()
            }
            return true
        default: return false
        }
        browser.reload()
        return true
    }

    func affects(_ event: any ChangeEvent, browser: BrowserScreen<DealListSource>) -> Bool {
        switch event {
        case is DealChanged: true
        case is PaymentsChanged: app.isOnTop(browser)
        default: false
        }
    }
}

/// A line of the deals list: the deal and what has been paid on it.
struct DealListRow: ListRow {
    var deal: DealRow
    var balance: DealBalance?

    var rowID: Int64 { deal.id }

    func value(_ field: String) -> CellValue {
        switch field {
        case "payment_state": balance.map { .label(DealListRow.shortLabel($0.state)) } ?? .text("")
        case "outstanding": balance.map { .money($0.outstanding) } ?? .text("")
        case "number": .text(deal.number)
        case "stage": .label(deal.stage.label)
        case "customer": deal.customerName.map { .text($0) } ?? .none
        case "vehicle": deal.vehicleName.map { .text($0) } ?? .none
        case "vin": .text(deal.vin ?? "")
        case "amount_due": .money(deal.amountDue)
        case "total_amount": .money(deal.totalAmount)
        case "reserved_until": .text(deal.stage == .reserved ? (deal.reservedUntil?.russianText ?? "") : "")
        case "manager_login": .text(deal.managerLogin)
        default: .none
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
}
