import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Платежи on the browser: the payment journal, newest first, in keyset pages; filters by
/// text (`/`), and (F3) period (a preset or typed dates), dealership (the user's own by
/// default, or all), deal (picked by number or customer), method, direction and state.
@MainActor
final class PaymentListSource: ListSource {
    unowned let app: KiteApplication
    let form: String?
    /// The browser showing this source (set when it is pushed).
    weak var browser: BrowserScreen<PaymentListSource>?
    private(set) var filter: PaymentFilter
    private(set) var periodLabel: LocalizedText
    /// The number of the deal `filter.dealID` names, for the filter line.
    private(set) var dealNumber: String?

    func attach(to browser: BrowserScreen<PaymentListSource>) { self.browser = browser }

    init(app: KiteApplication, form: String?, filter: PaymentFilter, periodLabel: LocalizedText = PaymentListSource.allTime,
         dealNumber: String? = nil) {
        self.app = app
        self.form = form
        self.filter = filter
        self.periodLabel = periodLabel
        self.dealNumber = dealNumber
    }

    func reader(_ request: PageRequest<Payment>, text: String, sort: ListSort?) -> (@Sendable (PGConnection) throws -> [Payment])? {
        let filter = { var filter = self.filter; filter.text = text; return filter }()
        switch request {
        case .first(let limit):
            return { try PaymentRepository(connection: $0).page(filter: filter, limit: limit) }
        case .after(let row, _, let limit):
            let cursor = PaymentCursor(row)
            return { try PaymentRepository(connection: $0).page(filter: filter, after: cursor, limit: limit) }
        case .before, .last:
            return nil
        }
    }

    var emptyMessage: LocalizedText { LocalizedText(ru: "Платежей нет", en: "No payments") }

    var chips: [String] {
        let language = app.language
        var parts = [FinanceTexts.periodChip(language, ["period": periodLabel.text(language)])]
        if let id = filter.dealershipID, let dealership = app.references.dealership(id) {
            parts.append(dealership.code)
        } else if filter.dealershipID == nil {
            parts.append(FinanceTexts.allDealershipsChip(language))
        }
        if let id = filter.dealID { parts.append(FinanceTexts.dealChip(language, ["deal": dealNumber ?? "№\(id)"])) }
        if let method = filter.method { parts.append(method.label.text(language)) }
        if let direction = filter.direction { parts.append(direction.label.text(language)) }
        if let state = filter.state { parts.append(state.label.text(language)) }
        return parts
    }

    func open(_ row: Payment, in browser: BrowserScreen<PaymentListSource>) {
        app.openPayment(id: row.id, form: form)
    }

    func openNew(in browser: BrowserScreen<PaymentListSource>) { app.openPayment(id: nil, form: form) }

    func clearFilters() {
        filter = Self.defaultFilter(app: app, dealID: filter.dealID)
        periodLabel = Self.allTime
    }

    func perform(_ command: String, selected: Payment?, in browser: BrowserScreen<PaymentListSource>) -> Bool {
        switch command {
        case "finance.filter": chooseFilter()
        case "finance.confirm":
            guard let payment = selected else { return true }
            PaymentActions.confirm(app: app, payment: payment) { [weak browser] _ in browser?.reload(keepSelection: true) }
        case "finance.export": export()
        case "finance.reverse":
            // The reason is typed in the card: open it there.
            guard let payment = selected else { return true }
            open(payment, in: browser)
        case "finance.pick_deal":
            // Only the selected payment's deal, or all deals again.
            if filter.dealID != nil {
                setDeal(nil, number: nil)
            } else if let payment = selected, let deal = payment.dealID {
                setDeal(deal, number: payment.dealNumber)
            }
        default: return false
        }
        return true
    }

    func affects(_ event: any ChangeEvent, browser: BrowserScreen<PaymentListSource>) -> Bool {
        event is PaymentsChanged && app.isOnTop(browser)
    }

    // MARK: - Filters

    nonisolated static let allTime = LocalizedText(ru: "всё время", en: "all time")

    /// What the list shows when opened: the user's own dealership (DESIGN:
    /// users see their own), unless it is one deal's payments, which belong
    /// to that deal's dealership whatever it is.
    static func defaultFilter(app: KiteApplication, dealID: Int64? = nil, text: String = "") -> PaymentFilter {
        PaymentFilter(dealershipID: dealID == nil ? app.references.dealership?.id : nil, dealID: dealID, text: text)
    }

    /// One deal's payments wherever they were entered (all dealerships), or
    /// all deals again in the user's own dealership.
    private func setDeal(_ id: Int64?, number: String?) {
        filter.dealID = id
        filter.dealershipID = Self.defaultFilter(app: app, dealID: id).dealershipID
        dealNumber = id == nil ? nil : number
        browser?.reload()
    }

    private func applyText(_ text: String) {
        filter.text = text
        browser?.reload()
    }

    private func chooseFilter() {
        let language = app.language
        let choices = [
            ChoicePicker.Choice(value: "period", label: FinanceTexts.period(language)),
            ChoicePicker.Choice(value: "dealership", label: FinanceTexts.dealership(language)),
            ChoicePicker.Choice(value: "deal", label: FinanceTexts.dealFilter(language)),
            ChoicePicker.Choice(value: "method", label: FinanceTexts.method(language)),
            ChoicePicker.Choice(value: "direction", label: FinanceTexts.direction(language)),
            ChoicePicker.Choice(value: "state", label: FinanceTexts.state(language)),
            ChoicePicker.Choice(value: "reset", label: FinanceTexts.clearAllFilters(language)),
        ]
        app.pick(ChoicePicker(title: FinanceTexts.filter(language), choices: choices)) { [weak self] which in
            self?.chooseValue(for: which)
        }
    }

    private func chooseValue(for which: String) {
        let language = app.language
        let all = ChoicePicker.Choice(value: "", label: FinanceTexts.all(language))
        switch which {
        case "period":
            let periods = Self.periods(today: BookDay.today())
            let choices = periods.map { ChoicePicker.Choice(value: $0.key, label: $0.label.text(language)) }
                + [ChoicePicker.Choice(value: "custom", label: FinanceTexts.anotherPeriod(language))]
            app.pick(ChoicePicker(title: FinanceTexts.period(language), choices: choices)) { [weak self] value in
                guard let self else { return }
                if value == "custom" { return self.askPeriod() }
                guard let period = periods.first(where: { $0.key == value }) else { return }
                self.setPeriod(period)
            }
        case "deal":
            if filter.dealID != nil {
                let choices = [ChoicePicker.Choice(value: "pick", label: FinanceTexts.anotherDeal(language)),
                               ChoicePicker.Choice(value: "", label: FinanceTexts.allDeals(language))]
                app.pick(ChoicePicker(title: FinanceTexts.deal(language), choices: choices)) { [weak self] value in
                    if value.isEmpty { self?.setDeal(nil, number: nil) } else { self?.pickDeal() }
                }
            } else {
                pickDeal()
            }
        case "dealership":
            let allDealerships = ChoicePicker.Choice(value: "", label: FinanceTexts.allDealerships(language))
            let choices = [allDealerships] + app.references.dealerships.map { ChoicePicker.Choice(value: String($0.id), label: "\($0.code) · \($0.name)") }
            app.pick(ChoicePicker(title: FinanceTexts.dealership(language), choices: choices,
                                  selectedValue: filter.dealershipID.map(String.init) ?? "")) { [weak self] value in
                self?.filter.dealershipID = Int64(value)
                self?.browser?.reload()
            }
        case "method":
            let choices = [all] + PaymentMethod.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
            app.pick(ChoicePicker(title: FinanceTexts.method(language), choices: choices, selectedValue: filter.method?.rawValue ?? "")) { [weak self] value in
                self?.filter.method = PaymentMethod(rawValue: value)
                self?.browser?.reload()
            }
        case "direction":
            let choices = [all] + PaymentDirection.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
            app.pick(ChoicePicker(title: FinanceTexts.direction(language), choices: choices, selectedValue: filter.direction?.rawValue ?? "")) { [weak self] value in
                self?.filter.direction = PaymentDirection(rawValue: value)
                self?.browser?.reload()
            }
        case "state":
            let choices = [all] + PaymentState.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
            app.pick(ChoicePicker(title: FinanceTexts.state(language), choices: choices, selectedValue: filter.state?.rawValue ?? "")) { [weak self] value in
                self?.filter.state = PaymentState(rawValue: value)
                self?.browser?.reload()
            }
        default:
            clearFilters()
            browser?.reload()
        }
    }

    private func setPeriod(_ period: Period) {
        filter.from = period.from
        filter.to = period.to
        periodLabel = period.label
        browser?.reload()
    }

    /// «Другой период…»: from and to typed as ДД.ММ.ГГГГ; a bad date is named
    /// in the dialog, which stays open with what was typed.
    private func askPeriod() {
        let language = app.language
        let dialog = FormDialog(title: FinanceTexts.period(language),
                                fields: [FormField(bind: "from", label: FinanceTexts.periodFrom(language), kind: .date, maxLength: 10),
                                         FormField(bind: "to", label: FinanceTexts.periodTo(language), kind: .date, maxLength: 10)],
                                values: ["from": filter.from?.russianText ?? "", "to": filter.to?.russianText ?? ""],
                                language: app.language, width: 68)
        app.formDialog(dialog) { [weak self] values in
            switch Self.typedPeriod(from: values["from"] ?? "", to: values["to"] ?? "") {
            case .success(let period):
                self?.setPeriod(period)
                return true
            case .failure(let problems):
                dialog.showIssues(problems.issues)
                return false
            }
        }
    }

    /// The problems of a typed period, by field.
    struct PeriodProblems: Error {
        var issues: [FieldIssue]
    }

    /// A period from typed dates: ДД.ММ.ГГГГ (or ГГГГ-ММ-ДД), a real day; one
    /// side may stay empty (open-ended), not both; «с» not after «по».
    static func typedPeriod(from fromText: String, to toText: String) -> Result<Period, PeriodProblems> {
        var issues: [FieldIssue] = []
        func date(_ text: String, field: String, ru: String, en: String) -> CivilDate? {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            if let date = CivilDate.parseRussian(trimmed) ?? CivilDate.parseISO(trimmed) { return date }
            issues.append(.error(field, ru: "\(ru): дата ДД.ММ.ГГГГ, существующий день",
                                 en: "\(en): a date DD.MM.YYYY, a real day"))
            return nil
        }
        let from = date(fromText, field: "from", ru: "С", en: "From")
        let to = date(toText, field: "to", ru: "По", en: "To")
        if issues.isEmpty, from == nil, to == nil {
            issues.append(.error("from", ru: "С: укажите хотя бы одну из дат", en: "From: give at least one of the dates"))
        }
        if let from, let to, from > to {
            issues.append(.error("to", ru: "По: не раньше даты «С» (\(from.russianText))",
                                 en: "To: not before the From date (\(from.russianText))"))
        }
        guard issues.isEmpty else { return .failure(PeriodProblems(issues: issues)) }
        let label: LocalizedText
        switch (from, to) {
        case let (from?, to?) where from == to: label = LocalizedText(ru: from.russianText, en: from.russianText)
        case let (from?, to?): label = LocalizedText(ru: "\(from.russianText)–\(to.russianText)", en: "\(from.russianText)–\(to.russianText)")
        case let (from?, nil): label = LocalizedText(ru: "с \(from.russianText)", en: "from \(from.russianText)")
        case let (nil, to?): label = LocalizedText(ru: "по \(to.russianText)", en: "up to \(to.russianText)")
        case (nil, nil): label = allTime
        }
        return .success(Period(key: "custom", label: label, from: from, to: to))
    }

    /// Picks one deal's payments with the payment form's deal search box.
    private func pickDeal() {
        DealPicker.pick(app: app, initialText: "") { [weak self] deal in
            self?.setDeal(deal.id, number: deal.number)
        }
    }

    struct Period {
        var key: String
        var label: LocalizedText
        var from: CivilDate?
        var to: CivilDate?
    }

    static func periods(today: CivilDate) -> [Period] {
        let monthStart = CivilDate(year: today.year, month: today.month, day: 1)!
        let previousMonthEnd = monthStart.adding(days: -1)
        let previousMonthStart = CivilDate(year: previousMonthEnd.year, month: previousMonthEnd.month, day: 1)!
        return [
            Period(key: "today", label: LocalizedText(ru: "сегодня", en: "today"), from: today, to: today),
            Period(key: "yesterday", label: LocalizedText(ru: "вчера", en: "yesterday"), from: today.adding(days: -1), to: today.adding(days: -1)),
            Period(key: "week", label: LocalizedText(ru: "7 дней", en: "7 days"), from: today.adding(days: -6), to: today),
            Period(key: "month", label: LocalizedText(ru: "этот месяц", en: "this month"), from: monthStart, to: today),
            Period(key: "previous_month", label: LocalizedText(ru: "прошлый месяц", en: "last month"), from: previousMonthStart, to: previousMonthEnd),
            Period(key: "all", label: LocalizedText(ru: "всё время", en: "all time"), from: nil, to: nil),
        ]
    }

    private func export() {
        let filter = { var filter = self.filter; filter.text = browser?.filterText ?? ""; return filter }()
        let language = app.language
        let url = FinanceCSV.exportURL("payments-\(BookDay.today().isoText).csv")
        app.database.request({ connection in
            try FinanceCSV.exportPayments(connection, filter: filter, to: url, language: language)
        }, completion: { [weak self] result in
            switch result {
            case .success(let count):
                self?.app.showMessage(FinanceTexts.exportedPayments(language, ["count": String(count), "path": url.path]))
            case .failure(let error):
                self?.app.showError(FinanceText.describe(error, language: language))
            }
        })
    }

}

extension Payment: ListRow {
    var rowID: Int64 { id }

    func value(_ field: String) -> CellValue {
        switch field {
        case "id": .text(String(id))
        case "payment_date": .day(date)
        case "dealership_code": .text(dealershipCode)
        case "dealership_id": .text(String(dealershipID))
        case "direction": .label(direction.label)
        case "kind": reversesPaymentID.map { .label(LocalizedText(ru: "сторно №\($0)", en: "reverses #\($0)")) } ?? .label(kind.label)
        case "method": .label(method.label)
        case "amount": .money(amount)
        case "state": .label(state.label)
        case "deal": dealNumber.map { .text($0) } ?? .none
        case "party": .text(party)
        case "counterparty": .text(counterparty)
        case "purpose": .text(purpose)
        case "document_ref": .text(documentRef)
        case "reason": .text(reason)
        case "created_by": .text(createdBy)
        case "confirmed_by": .text(confirmedBy ?? "")
        case "reverses_payment_id": .text(reversesPaymentID.map(String.init) ?? "")
        default: .none
        }
    }
}
