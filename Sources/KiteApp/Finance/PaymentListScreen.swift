import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Платежи: the payment journal, newest first, in keyset pages; filters by
/// text (`/`), and (F3) period (a preset or typed dates), dealership (the
/// user's own by default, or all), deal (picked by number or customer),
/// method, direction and state.
@MainActor
final class PaymentListScreen: AppScreen {
    unowned let app: KiteApplication
    let definition: ListScreenDefinition
    let table: TableView
    let filterEditor = LineEditor(maxLength: 60)
    private let data = CellRows()
    private(set) var rows: [Payment] = []
    private(set) var filter: PaymentFilter
    private(set) var periodLabel: LocalizedText
    /// The number of the deal `filter.dealID` names, for the filter line.
    private(set) var dealNumber: String?
    private(set) var isFilterEditing = false
    private(set) var isLoading = false
    private var reachedEnd = true
    private var loadingMore = false
    private var generation = 0
    private var shownColumns: [ColumnDefinition] = []

    nonisolated static let pageSize = 200

    init(app: KiteApplication, definition: ListScreenDefinition, filter: PaymentFilter,
         periodLabel: LocalizedText = PaymentListScreen.allTime, dealNumber: String? = nil) {
        self.app = app
        self.definition = definition
        self.filter = filter
        self.periodLabel = periodLabel
        self.dealNumber = dealNumber
        table = TableView(columns: [], dataSource: data, language: app.language,
                          emptyMessage: app.language == .ru ? "Платежей нет" : "No payments")
        reload()
    }

    var keymapContext: String { "list" }
    var title: String { definition.title.text(app.language) }
    var offeredCommands: [String] { definition.commands }

    var selected: Payment? {
        guard let index = table.selection, rows.indices.contains(index) else { return nil }
        return rows[index]
    }

    func interceptKey(_ key: Key) -> Bool {
        guard isFilterEditing else { return false }
        switch key {
        case .escape: isFilterEditing = false
        case .enter:
            isFilterEditing = false
            if selected != nil { _ = perform("list.open") }
        case .up, .down, .pageUp, .pageDown:
            _ = table.handle(key)
            loadMoreIfNeeded()
        default:
            let before = filterEditor.text
            guard filterEditor.handle(key) else { return key.isPrintable }
            if filterEditor.text != before { applyText(filterEditor.text) }
        }
        return true
    }

    func perform(_ command: String) -> Bool {
        switch command {
        case "list.filter": isFilterEditing = true
        case "list.clear_filter":
            filterEditor.clear()
            filter = Self.defaultFilter(app: app, dealID: filter.dealID)
            periodLabel = Self.allTime
            reload()
        case "list.open", "form.edit":
            guard let payment = selected else { return true }
            FinanceNavigation.openPayment(app: app, id: payment.id)
        case "list.new": FinanceNavigation.openPayment(app: app, id: nil)
        case "list.up": table.moveSelection(by: -1)
        case "list.down": table.moveSelection(by: 1); loadMoreIfNeeded()
        case "list.page_up": table.page(down: false)
        case "list.page_down": table.page(down: true); loadMoreIfNeeded()
        case "list.top": table.selectFirst()
        case "list.bottom": table.selectLast(); loadMoreIfNeeded()
        case "list.refresh": reload(keepSelection: true)
        case "finance.filter": chooseFilter()
        case "finance.confirm":
            guard let payment = selected else { return true }
            PaymentActions.confirm(app: app, payment: payment) { [weak self] _ in self?.reload(keepSelection: true) }
        case "finance.export": export()
        case "finance.reverse":
            // The reason is typed in the card: open it there.
            guard let payment = selected else { return true }
            FinanceNavigation.openPayment(app: app, id: payment.id)
        case "finance.pick_deal":
            // Only the selected payment's deal, or all deals again.
            if filter.dealID != nil {
                setDeal(nil, number: nil)
            } else if let payment = selected, let deal = payment.dealID {
                setDeal(deal, number: payment.dealNumber)
            }
        case "app.back":
            if isFilterEditing { isFilterEditing = false; return true }
            return false
        default: return false
        }
        return true
    }

    func handle(_ key: Key) -> Bool {
        guard table.handle(key) else { return false }
        loadMoreIfNeeded()
        return true
    }

    func didReappear() { reload(keepSelection: true) }

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
        reload()
    }

    private func applyText(_ text: String) {
        filter.text = text
        reload()
    }

    private func chooseFilter() {
        let ru = app.language == .ru
        let choices = [
            ChoicePicker.Choice(value: "period", label: ru ? "Период" : "Period"),
            ChoicePicker.Choice(value: "dealership", label: ru ? "Дилерский центр" : "Dealership"),
            ChoicePicker.Choice(value: "deal", label: ru ? "Сделка (номер или клиент)…" : "Deal (number or customer)…"),
            ChoicePicker.Choice(value: "method", label: ru ? "Способ" : "Method"),
            ChoicePicker.Choice(value: "direction", label: ru ? "Направление" : "Direction"),
            ChoicePicker.Choice(value: "state", label: ru ? "Состояние" : "State"),
            ChoicePicker.Choice(value: "reset", label: ru ? "Сбросить все фильтры" : "Clear all filters"),
        ]
        app.pick(ChoicePicker(title: ru ? "Фильтр" : "Filter", choices: choices)) { [weak self] which in
            self?.chooseValue(for: which)
        }
    }

    private func chooseValue(for which: String) {
        let language = app.language, ru = language == .ru
        let all = ChoicePicker.Choice(value: "", label: ru ? "Все" : "All")
        switch which {
        case "period":
            let periods = Self.periods(today: BookDay.today())
            let choices = periods.map { ChoicePicker.Choice(value: $0.key, label: $0.label.text(language)) }
                + [ChoicePicker.Choice(value: "custom", label: ru ? "другой период…" : "another period…")]
            app.pick(ChoicePicker(title: ru ? "Период" : "Period", choices: choices)) { [weak self] value in
                guard let self else { return }
                if value == "custom" { return self.askPeriod() }
                guard let period = periods.first(where: { $0.key == value }) else { return }
                self.setPeriod(period)
            }
        case "deal":
            if filter.dealID != nil {
                let choices = [ChoicePicker.Choice(value: "pick", label: ru ? "Другая сделка…" : "Another deal…"),
                               ChoicePicker.Choice(value: "", label: ru ? "Все сделки" : "All deals")]
                app.pick(ChoicePicker(title: ru ? "Сделка" : "Deal", choices: choices)) { [weak self] value in
                    if value.isEmpty { self?.setDeal(nil, number: nil) } else { self?.pickDeal() }
                }
            } else {
                pickDeal()
            }
        case "dealership":
            let allDealerships = ChoicePicker.Choice(value: "", label: ru ? "Все дилерские центры" : "All dealerships")
            let choices = [allDealerships] + app.references.dealerships.map { ChoicePicker.Choice(value: String($0.id), label: "\($0.code) · \($0.name)") }
            app.pick(ChoicePicker(title: ru ? "Дилерский центр" : "Dealership", choices: choices,
                                  selectedValue: filter.dealershipID.map(String.init) ?? "")) { [weak self] value in
                self?.filter.dealershipID = Int64(value)
                self?.reload()
            }
        case "method":
            let choices = [all] + PaymentMethod.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
            app.pick(ChoicePicker(title: ru ? "Способ" : "Method", choices: choices, selectedValue: filter.method?.rawValue ?? "")) { [weak self] value in
                self?.filter.method = PaymentMethod(rawValue: value)
                self?.reload()
            }
        case "direction":
            let choices = [all] + PaymentDirection.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
            app.pick(ChoicePicker(title: ru ? "Направление" : "Direction", choices: choices, selectedValue: filter.direction?.rawValue ?? "")) { [weak self] value in
                self?.filter.direction = PaymentDirection(rawValue: value)
                self?.reload()
            }
        case "state":
            let choices = [all] + PaymentState.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
            app.pick(ChoicePicker(title: ru ? "Состояние" : "State", choices: choices, selectedValue: filter.state?.rawValue ?? "")) { [weak self] value in
                self?.filter.state = PaymentState(rawValue: value)
                self?.reload()
            }
        default:
            _ = perform("list.clear_filter")
        }
    }

    private func setPeriod(_ period: Period) {
        filter.from = period.from
        filter.to = period.to
        periodLabel = period.label
        reload()
    }

    /// «Другой период…»: from and to typed as ДД.ММ.ГГГГ; a bad date is named
    /// in the dialog, which stays open with what was typed.
    private func askPeriod() {
        let ru = app.language == .ru
        let dialog = FormDialog(title: ru ? "Период" : "Period",
                                fields: [FormField(bind: "from", label: ru ? "С (ДД.ММ.ГГГГ)" : "From (DD.MM.YYYY)", kind: .date, maxLength: 10),
                                         FormField(bind: "to", label: ru ? "По (ДД.ММ.ГГГГ)" : "To (DD.MM.YYYY)", kind: .date, maxLength: 10)],
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

    // MARK: - Loading

    func reload(keepSelection: Bool = false) {
        generation += 1
        let generation = self.generation, filter = self.filter
        let selectedID = keepSelection ? selected?.id : nil
        let limit = keepSelection ? max(Self.pageSize, rows.count) : Self.pageSize
        isLoading = true
        loadingMore = false
        app.database.request(lane: "payments.page", supersedes: ["payments.more"], { connection in
            try PaymentRepository(connection: connection).page(filter: filter, limit: limit)
        }, completion: { [weak self] result in
            guard let self, self.generation == generation else { return }
            self.isLoading = false
            switch result {
            case .success(let page):
                self.rows = page
                self.reachedEnd = page.count < limit
                self.refreshCells()
                self.table.select(row: selectedID.flatMap { id in page.firstIndex { $0.id == id } } ?? 0)
            case .failure(let error):
                self.app.showError(FinanceText.describe(error, language: self.app.language))
            }
        })
    }

    private func loadMoreIfNeeded() {
        guard let selectedIndex = table.selection, selectedIndex >= rows.count - 40, !reachedEnd, !loadingMore,
              let last = rows.last else { return }
        loadingMore = true
        let cursor = PaymentCursor(last), filter = self.filter, generation = self.generation
        app.database.request(lane: "payments.more", { connection in
            try PaymentRepository(connection: connection).page(filter: filter, after: cursor, limit: Self.pageSize)
        }, completion: { [weak self] result in
            guard let self, self.generation == generation else { return }
            self.loadingMore = false
            guard case .success(let page) = result else { return }
            self.rows += page
            self.reachedEnd = page.count < Self.pageSize
            self.refreshCells()
        })
    }

    private func refreshCells() {
        let language = app.language
        let fields = shownColumns.map(\.field)
        data.rows = rows.map { payment in fields.map { FinanceCells.payment(payment, field: $0, language: language) } }
        table.reloadData()
    }

    private func export() {
        let filter = self.filter, language = app.language
        let url = FinanceCSV.exportURL("payments-\(BookDay.today().isoText).csv")
        app.database.request({ connection in
            try FinanceCSV.exportPayments(connection, filter: filter, to: url)
        }, completion: { [weak self] result in
            switch result {
            case .success(let count):
                self?.app.showMessage((language == .ru ? "Выгружено платежей: \(count) → " : "Exported \(count) payment(s) → ") + url.path)
            case .failure(let error):
                self?.app.showError(FinanceText.describe(error, language: language))
            }
        })
    }

    // MARK: - Drawing

    func draw(on surface: Surface, in rect: Rect) {
        let columns = StockCells.visible(definition.columns, width: rect.width, gap: table.columnGap)
        if columns != shownColumns {
            shownColumns = columns
            table.columns = FinanceCells.tableColumns(columns, language: app.language)
            refreshCells()
        }
        drawFilterLine(on: surface, row: rect.row, width: rect.width)
        table.draw(on: surface, in: Rect(row: rect.row + 1, column: rect.column, height: rect.height - 1, width: rect.width))
        if isFilterEditing {
            filterEditor.draw(on: surface, row: rect.row, column: DisplayWidth.of(filterLabel), width: 20,
                              style: Style(.inputFocused), focused: true)
        }
    }

    private var filterLabel: String { app.language == .ru ? " / Поиск: " : " / Filter: " }

    private func drawFilterLine(on surface: Surface, row: Int, width: Int) {
        let language = app.language, ru = language == .ru
        surface.fill(row: row, column: 0, width: width, character: " ", style: Style(.normal))
        var column = surface.put(filterLabel, row: row, column: 0, style: Style(.label))
        surface.put(DisplayWidth.fit(filter.text, to: 20), row: row, column: column, style: Style(isFilterEditing ? .inputFocused : .input))
        column += 21
        var parts = [(ru ? "Период: " : "Period: ") + periodLabel.text(language)]
        if let id = filter.dealershipID, let dealership = app.references.dealership(id) {
            parts.append(dealership.code)
        } else if filter.dealershipID == nil {
            parts.append(ru ? "все ДЦ" : "all dealerships")
        }
        if filter.dealID != nil { parts.append((ru ? "сделка " : "deal ") + (dealNumber ?? "№\(filter.dealID!)")) }
        if let method = filter.method { parts.append(method.label.text(language)) }
        if let direction = filter.direction { parts.append(direction.label.text(language)) }
        if let state = filter.state { parts.append(state.label.text(language)) }
        parts.append((ru ? "строк: " : "rows: ") + NumberText.grouped(rows.count) + (reachedEnd ? "" : "+"))
        if isLoading { parts.append(ru ? "загрузка…" : "loading…") }
        surface.put(" " + parts.joined(separator: " · "), row: row, column: column, style: Style(.dim), maxWidth: max(0, width - column))
    }
}
