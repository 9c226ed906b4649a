import Foundation
import KiteDomain
import KitePrint
import KiteStore
import KiteTerminal
import KiteUI

/// Сделка: the deal form from `Screens/deal.toml`, its extra lines table and
/// a totals panel recomputed by KiteDomain.DealPricing on every keystroke.
/// Stage commands (F8) reserve, contract, hand over, close or cancel;
/// each refusal says which rule was not met.
@MainActor
final class DealFormScreen: AppScreen {
    unowned let app: KiteApplication
    let definition: FormScreenDefinition
    private(set) var dealID: Int64?
    private(set) var deal: Deal?
    private(set) var form: FormView?
    private(set) var lines: [DealExtraLine] = []
    private var savedLines: [DealExtraLine] = []
    private(set) var linesFocused = false
    let linesTable: TableView
    private let linesSource = ArrayTableDataSource()
    private var isBusy = false
    /// Cost and margin flag of the chosen vehicle (for the VAT preview).
    private var vehiclePricing: (purchaseCost: Money, margin: Bool)?
    private var managerName = ""
    /// Paid and due, when the finance module knows the deal.
    var balance: DealBalance?
    /// Set when the deal is opened from a list, to refresh it after a change.
    var onChange: (() -> Void)?

    init(app: KiteApplication, definition: FormScreenDefinition, dealID: Int64?, vehicle: StockRow? = nil) {
        self.app = app
        self.definition = definition
        self.dealID = dealID
        linesTable = TableView(columns: [], dataSource: linesSource, language: app.language,
                               emptyMessage: app.language == .ru ? "Нет доп. позиций — F3 добавить" : "No extra lines — F3 adds one")
        linesTable.columns = Self.lineColumns(app.language)
        if let dealID {
            load(id: dealID)
        } else {
            let dealership = app.references.dealership
            var fresh = Deal(dealershipID: dealership?.id ?? 0, managerLogin: app.login,
                             vatRatePercent: (dealership?.vatRateBasisPoints ?? 2200) / 100)
            var labels: [String: String] = [:]
            if let vehicle {
                fresh.vehicleID = vehicle.id
                fresh.listPrice = vehicle.listPrice
                fresh.salePrice = vehicle.listPrice
                labels["vehicle_id"] = Self.vehicleLabel(vehicle)
                loadVehiclePricing(id: vehicle.id)
            }
            show(fresh, labels: labels)
        }
    }

    // MARK: - AppScreen

    var isNew: Bool { dealID == nil }
    var keymapContext: String { "form" }
    /// A contracted or later deal is read-only: its editing commands are not offered.
    var offeredCommands: [String] {
        guard deal != nil, !isEditable else { return definition.commands }
        let editing: Set<String> = ["form.save", "deal.add_line", "deal.edit_lines", "deal.approve_discount"]
        return definition.commands.filter { !editing.contains($0) }
    }

    var title: String {
        let base = definition.title.text(app.language)
        guard let deal else { return base }
        if isNew { return base + " · " + (app.language == .ru ? "новая" : "new") }
        return "\(base) · \(deal.number) · \(deal.stage.label.text(app.language))"
    }

    var isDirty: Bool { (form?.isDirty ?? false) || lines != savedLines }

    var leaveQuestion: String? {
        guard isDirty else { return nil }
        return app.language == .ru ? "Есть несохранённые изменения. Закрыть без сохранения?"
                                   : "There are unsaved changes. Close without saving?"
    }

    // MARK: - Loading

    private struct Loaded: Sendable {
        var deal: Deal
        var customerLabel: String?
        var vehicleLabel: String?
        var managerName: String?
    }

    private func load(id: Int64) {
        app.database.request(lane: "deal.load", { connection -> Loaded in
            guard let deal = try DealRepository(connection: connection).get(id: id) else {
                throw NotFoundError(missing: "deal", id: id)
            }
            var loaded = Loaded(deal: deal)
            if let customerID = deal.customerID, let customer = try CustomerRepository(connection: connection).get(id: customerID) {
                loaded.customerLabel = Self.customerLabel(name: customer.name, phone: customer.phone)
            }
            if let vehicleID = deal.vehicleID, let vehicle = try VehicleRepository(connection: connection).get(id: vehicleID) {
                loaded.vehicleLabel = "\(vehicle.make) \(vehicle.model) · \(vehicle.vin) · \(vehicle.stockNumber)"
            }
            loaded.managerName = try ReferenceRepository(connection: connection).employee(login: deal.managerLogin)?.fullName
            return loaded
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let loaded):
                self.managerName = loaded.managerName.map(PersonName.short) ?? loaded.deal.managerLogin
                var labels: [String: String] = [:]
                labels["customer_id"] = loaded.customerLabel
                labels["vehicle_id"] = loaded.vehicleLabel
                self.vehiclePricing = (loaded.deal.purchaseCost, loaded.deal.marginVAT)
                self.show(loaded.deal, labels: labels)
                self.loadBalance()
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
        })
    }

    private func loadBalance() {
        guard let deal, let fetch = SalesHooks.balance, deal.id != 0 else { return }
        app.database.request(lane: "deal.balance", { connection in
            try fetch(connection, deal)
        }, completion: { [weak self] result in
            if case .success(let balance) = result { self?.balance = balance }
        })
    }

    private func show(_ deal: Deal, labels: [String: String]) {
        self.deal = deal
        if managerName.isEmpty { managerName = app.references.employee.map { PersonName.short($0.fullName) } ?? deal.managerLogin }
        lines = deal.lines
        savedLines = deal.lines
        refreshLinesTable()
        let builder = VehicleFormBuilder(definition: definition, references: app.references, language: app.language,
                                         role: app.role)
        var sections = builder.sections()
        if !editableStages.contains(deal.stage) {
            // A contracted or later deal is shown, not edited.
            sections = sections.map { section in
                var section = section
                section.fields = section.fields.map { field in
                    var field = field
                    field.kind = .readOnly
                    return field
                }
                return section
            }
        }
        var values = DealFormValues.values(of: deal)
        if !editableStages.contains(deal.stage) {
            values["customer_id"] = labels["customer_id"] ?? ""
            values["vehicle_id"] = labels["vehicle_id"] ?? ""
            values["discount_reason"] = app.references.discountReasons.first { $0.code == deal.discountReason }
                .map { app.language == .ru ? $0.nameRu : $0.nameEn } ?? ""
            for key in ["sale_price", "discount_amount", "trade_in_credit", "loan_amount", "list_price"] {
                if let text = values[key], !text.isEmpty, let money = try? FieldParsers.money(text, field: key).get() {
                    values[key] = money.formatted(app.language)
                }
            }
        }
        let form = FormView(sections: sections, values: values, language: app.language)
        form.lookupLabels = labels
        self.form = form
        if editableStages.contains(deal.stage) {
            form.focus(bind: deal.customerID == nil ? "customer_id" : (deal.vehicleID == nil ? "vehicle_id" : "discount_amount"))
        }
    }

    private var editableStages: Set<DealStage> { [.draft, .reserved] }
    private var isEditable: Bool { deal.map { editableStages.contains($0.stage) } ?? false }

    private func loadVehiclePricing(id: Int64) {
        app.database.request(lane: "deal.vehicle", { connection in
            try VehicleRepository(connection: connection).get(id: id)
        }, completion: { [weak self] result in
            guard let self, case .success(let vehicle?) = result else { return }
            self.vehiclePricing = (vehicle.purchaseCost, vehicle.boughtFromPrivatePerson)
        })
    }

    nonisolated static func customerLabel(name: String, phone: String) -> String {
        phone.isEmpty ? name : "\(name) · \(phone)"
    }

    nonisolated static func vehicleLabel(_ row: StockRow) -> String {
        "\(row.make) \(row.model) · \(row.vin) · \(row.stockNumber)"
    }

    // MARK: - The deal as typed

    /// The deal with what is in the form now (bad values ignored), for the totals.
    var currentDeal: Deal? {
        guard let deal, let form else { return nil }
        var (current, _) = DealFormValues.apply(isEditable ? form.values : [:], to: deal)
        current.lines = lines
        if let pricing = vehiclePricing {
            current.purchaseCost = pricing.purchaseCost
            current.marginVAT = pricing.margin
        }
        return current
    }

    // MARK: - Keys

    func interceptKey(_ key: Key) -> Bool {
        if linesFocused { return handleLinesKey(key) }
        guard isEditable, let form, let field = form.focusedField, field.kind == .lookup else { return false }
        switch key {
        case .enter:
            openPicker(for: field.bind, text: "")
            return true
        case .character(let c) where key.isPrintable:
            openPicker(for: field.bind, text: String(c))
            return true
        case .backspace, .delete:
            if !field.required {
                form.setValue("", for: field.bind)
                form.lookupLabels[field.bind] = nil
            }
            return true
        default:
            return false
        }
    }

    func perform(_ command: String) -> Bool {
        // Still loading: this screen's own commands wait; a shared key may serve another.
        guard form != nil else { return offeredCommands.contains(command) && command != "form.cancel" }
        switch command {
        case "form.save": save()
        case "form.next_field": if !(form?.focusNext() ?? true) { focusLines() }
        case "form.prev_field": _ = form?.focusPrevious()
        case "form.reload": reload()
        case "deal.stage": chooseStageCommand()
        case "deal.add_line": editLine(at: nil)
        case "deal.edit_lines": if linesFocused { linesFocused = false } else { focusLines() }
        case "deal.approve_discount": approveDiscount()
        case "deal.print": choosePrintForm()
        case "app.back", "form.cancel":
            if linesFocused { linesFocused = false; return true }
            return false
        default: return false
        }
        return true
    }

    func handle(_ key: Key) -> Bool {
        guard let form, isEditable else { return false }
        let discountBefore = form.value("discount_amount")
        let handled = form.handle(key)
        if form.value("discount_amount") != discountBefore { followDiscount() }
        return handled
    }

    /// Sale price = list price − discount, kept in step as the discount is typed.
    private func followDiscount() {
        guard let form, let deal else { return }
        let text = form.value("discount_amount")?.trimmingCharacters(in: .whitespaces) ?? ""
        let discount: Money
        if text.isEmpty { discount = .zero } else if let parsed = try? FieldParsers.money(text, field: "discount_amount").get() {
            discount = parsed
        } else { return }
        guard discount <= deal.listPrice, !discount.isNegative else { return }
        form.setValue(DealFormValues.editable(deal.listPrice - discount), for: "sale_price")
    }

    private func reload() {
        guard let dealID else { return }
        if isDirty {
            app.confirm(app.language == .ru ? "Загрузить свежую версию? Ваши правки будут потеряны."
                                            : "Load the fresh version? Your edits will be lost.") { [weak self] in
                self?.load(id: dealID)
            }
        } else {
            load(id: dealID)
        }
    }

    // MARK: - Pickers

    private func openPicker(for bind: String, text: String) {
        switch bind {
        case "customer_id": pickCustomer(text: text)
        case "vehicle_id": pickVehicle(text: text)
        default: break
        }
    }

    private func pickCustomer(text: String) {
        let ru = app.language == .ru
        let picker = LookupPicker(app: app, title: ru ? "Клиент" : "Customer", lane: "lookup.customer",
                                  initialText: text, canCreate: true) { connection, text in
            try CustomerRepository(connection: connection).search(text, limit: 50).map { row in
                LookupPicker.Item(id: row.id, label: row.name,
                                  detail: [row.phone, row.birthDate?.russianText ?? "", row.inn].filter { !$0.isEmpty }.joined(separator: " · "))
            }
        }
        app.lookup(picker) { [weak self] outcome in
            guard let self else { return }
            switch outcome {
            case .chosen(let item):
                self.setCustomer(id: item.id, label: Self.customerLabel(name: item.label, phone: item.detail.components(separatedBy: " · ").first ?? ""))
            case .create(let typed):
                guard let definition = self.app.environment.screens.form("customer") else { return }
                let card = CustomerCardScreen(app: self.app, definition: definition, customerID: nil, initialText: typed)
                card.onSaved = { [weak self] customer in
                    self?.setCustomer(id: customer.id, label: Self.customerLabel(name: customer.name, phone: customer.phone))
                }
                self.app.push(card)
            case .cancelled:
                break
            }
        }
    }

    private func setCustomer(id: Int64, label: String) {
        form?.setValue(String(id), for: "customer_id")
        form?.lookupLabels["customer_id"] = label
        form?.focus(bind: "vehicle_id")
        if form?.value("vehicle_id")?.isEmpty == false { form?.focus(bind: "discount_amount") }
    }

    private func pickVehicle(text: String) {
        let ru = app.language == .ru
        let language = app.language, dealershipID = deal?.dealershipID
        let picker = LookupPicker(app: app, title: ru ? "Автомобиль со склада" : "Vehicle from stock", lane: "lookup.vehicle",
                                  initialText: text, canCreate: false) { connection, text in
            try SalesReferenceRepository(connection: connection).availableVehicles(text, dealershipID: dealershipID).map { row in
                LookupPicker.Item(id: row.id, label: "\(row.make) \(row.model) \(row.year) · \(row.vin)",
                                  detail: row.stockNumber + " · " + row.listPrice.formatted(language))
            }
        }
        app.lookup(picker) { [weak self] outcome in
            guard let self, case .chosen(let item) = outcome else { return }
            self.setVehicle(id: item.id)
        }
    }

    private func setVehicle(id: Int64) {
        app.database.request(lane: "deal.vehicle", { connection in
            try VehicleRepository(connection: connection).get(id: id)
        }, completion: { [weak self] result in
            guard let self, let form = self.form, case .success(let vehicle?) = result else { return }
            form.setValue(String(vehicle.id), for: "vehicle_id")
            form.lookupLabels["vehicle_id"] = "\(vehicle.make) \(vehicle.model) · \(vehicle.vin) · \(vehicle.stockNumber)"
            self.deal?.listPrice = vehicle.listPrice
            form.setValue(DealFormValues.editable(vehicle.listPrice), for: "list_price")
            self.vehiclePricing = (vehicle.purchaseCost, vehicle.boughtFromPrivatePerson)
            self.followDiscount()
            if form.value("sale_price")?.isEmpty ?? true {
                form.setValue(DealFormValues.editable(vehicle.listPrice), for: "sale_price")
            }
            form.focus(bind: "discount_amount")
        })
    }

    // MARK: - Lines

    static func lineColumns(_ language: Language) -> [TableColumn] {
        let ru = language == .ru
        return [
            TableColumn("№", width: .fixed(2), alignment: .right),
            TableColumn(ru ? "Вид" : "Kind", width: .fixed(12)),
            TableColumn(ru ? "Описание" : "Description", width: .flexibleAtLeast(share: 1, minimum: 10)),
            TableColumn(ru ? "Кол." : "Qty", width: .fixed(4), alignment: .right),
            TableColumn(ru ? "Сумма" : "Amount", width: .fixed(15), alignment: .right),
            TableColumn(ru ? "НДС" : "VAT", width: .fixed(18), alignment: .right),
        ]
    }

    private func refreshLinesTable() {
        let language = app.language
        let priced = DealPricing.price(DealPricingInput(listPrice: .zero, salePrice: .zero, extraLines: lines)).lines
        linesSource.rows = priced.enumerated().map { index, line in
            [String(index + 1), line.line.kind.label.text(language), line.line.description, String(line.line.quantity),
             line.amount.formatted(language), line.line.vatRate.label.text(language) + " " + line.vat.formatted(language, currencySign: false)]
        }
        linesTable.reloadData()
    }

    private func focusLines() {
        guard isEditable else { return }
        linesFocused = true
        if lines.isEmpty { editLine(at: nil) }
    }

    private func handleLinesKey(_ key: Key) -> Bool {
        switch key {
        case .escape, .tab, .backTab:
            linesFocused = false
        case .enter:
            if let index = linesTable.selection { editLine(at: index) }
        case .insert, .function(3):
            editLine(at: nil)
        case .delete:
            guard let index = linesTable.selection, lines.indices.contains(index) else { return true }
            let description = lines[index].description
            app.confirm(app.language == .ru ? "Удалить строку «\(description)»?" : "Delete the line “\(description)”?") { [weak self] in
                guard let self, self.lines.indices.contains(index) else { return }
                self.lines.remove(at: index)
                self.refreshLinesTable()
            }
        case .up, .down, .pageUp, .pageDown, .home, .end:
            _ = linesTable.handle(key)
        default:
            return false
        }
        return true
    }

    private func editLine(at index: Int?) {
        guard isEditable else {
            app.showError(app.language == .ru ? "Условия сделки в этой стадии не меняются" : "The deal's terms are fixed at this stage")
            return
        }
        let ru = app.language == .ru
        let existing = index.flatMap { lines.indices.contains($0) ? lines[$0] : nil }
        let dialog = FormDialog(title: existing == nil ? (ru ? "Новая позиция" : "New line") : (ru ? "Позиция" : "Line"),
                                fields: DealFormValues.lineFields(language: app.language),
                                values: DealFormValues.lineValues(existing, dealershipRate: deal?.vatRatePercent ?? 22),
                                language: app.language)
        app.formDialog(dialog) { [weak self] values in
            guard let self else { return true }
            let parsed = DealFormValues.line(from: values)
            guard let line = parsed.line else {
                dialog.showIssues(parsed.issues)
                return false
            }
            if let index, self.lines.indices.contains(index) { self.lines[index] = line } else { self.lines.append(line) }
            self.refreshLinesTable()
            self.linesTable.select(row: index ?? self.lines.count - 1)
            self.linesFocused = true
            return true
        }
    }

    // MARK: - Saving

    func save() {
        guard let form, let base = deal, !isBusy else { return }
        guard isEditable else {
            app.showError(app.language == .ru ? "Условия сделки в этой стадии не меняются" : "The deal's terms are fixed at this stage")
            return
        }
        let language = app.language
        var (candidate, issues) = DealFormValues.apply(form.values, to: base)
        candidate.lines = lines
        if let pricing = vehiclePricing {
            candidate.purchaseCost = pricing.purchaseCost
            candidate.marginVAT = pricing.margin
        }
        let failed = Set(issues.map(\.field))
        issues += candidate.validate().filter { !failed.contains($0.field) }
        if candidate.customerID == nil {
            issues.append(.error("customer_id", ru: "Клиент: выберите клиента (Enter)", en: "Customer: choose one (Enter)"))
        }
        if candidate.vehicleID == nil {
            issues.append(.error("vehicle_id", ru: "Автомобиль: выберите со склада (Enter)", en: "Vehicle: choose one from stock (Enter)"))
        }
        form.setIssues(issues)
        if issues.contains(where: { $0.severity == .error }) {
            form.focusFirstError()
            app.showError(language == .ru ? "Не сохранено: исправьте поля, отмеченные красным" : "Not saved: fix the fields marked in red")
            return
        }
        isBusy = true
        let actor = app.login, isNew = self.isNew, candidateDeal = candidate
        app.showMessage(language == .ru ? "Сохранение…" : "Saving…", role: .status)
        app.database.request(lane: "deal.save", { connection in
            let repository = DealRepository(connection: connection)
            let stored = isNew ? try repository.create(candidateDeal, actor: actor) : try repository.update(candidateDeal, actor: actor)
            return (stored, try repository.discountDecision(stored, approver: stored.discountApprovedBy))
        }, completion: { [weak self] result in
            guard let self else { return }
            self.isBusy = false
            switch result {
            case .success(let (stored, decision)):
                self.dealID = stored.id
                self.show(stored, labels: form.lookupLabels)
                self.onChange?()
                var message = (language == .ru ? "Сохранено: сделка " : "Saved: deal ") + stored.number
                if case .needsApproval(let limit, _) = decision {
                    message += language == .ru ? " · скидка больше лимита \(limit.formatted(.ru)): нужно согласование руководителя (F7)"
                                               : " · the discount is above the limit of \(limit.formatted(.en)): a senior approves it (F7)"
                    self.app.showMessage(message, role: .warning)
                } else {
                    self.app.showMessage(message)
                }
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    // MARK: - Stage commands

    private func chooseStageCommand() {
        let ru = app.language == .ru
        guard let deal, dealID != nil else {
            app.showError(ru ? "Сначала сохраните сделку (F2)" : "Save the deal first (F2)")
            return
        }
        if isDirty {
            app.showError(ru ? "Сначала сохраните изменения (F2) или отмените их (Esc)" : "Save your changes first (F2) or discard them (Esc)")
            return
        }
        let commands = DealCommand.allCases.filter { deal.stage.possibleNext.contains($0.target) }
        guard !commands.isEmpty else {
            app.showError(ru ? "Сделка «\(deal.stage.label.ru)»: дальше стадий нет" : "The deal is '\(deal.stage.label.en)': no further stages")
            return
        }
        let choices = commands.map { command in
            let label = command == .reserve && deal.stage == .reserved ? (ru ? "Продлить резерв" : "Renew the reservation")
                                                                        : command.label.text(app.language)
            return ChoicePicker.Choice(value: command.rawValue, label: label)
        }
        let picker = ChoicePicker(title: ru ? "Стадия: \(deal.stage.label.ru) → …" : "Stage: \(deal.stage.label.en) → …",
                                  choices: choices)
        app.pick(picker) { [weak self] value in
            guard let self, let command = DealCommand(rawValue: value) else { return }
            if command == .cancel { self.askCancelReason() } else { self.run(command, reason: "") }
        }
    }

    private func askCancelReason() {
        let ru = app.language == .ru
        let dialog = FormDialog(title: ru ? "Отмена сделки" : "Cancel the deal",
                                fields: [FormField(bind: "reason", label: ru ? "Причина" : "Reason", required: true, maxLength: 200)],
                                values: ["reason": ""], language: app.language)
        app.formDialog(dialog) { [weak self] values in
            let reason = values["reason"]?.trimmingCharacters(in: .whitespaces) ?? ""
            if reason.isEmpty {
                dialog.showIssues([.error("reason", ru: "Причина: обязательное поле", en: "Reason: required")])
                return false
            }
            self?.run(.cancel, reason: reason)
            return true
        }
    }

    private func run(_ command: DealCommand, reason: String) {
        guard let deal, !isBusy else { return }
        isBusy = true
        let actor = app.login, language = app.language, hooks = SalesHooks.stage
        app.showMessage(language == .ru ? "Выполняется…" : "Working…", role: .status)
        app.database.request(lane: "deal.stage", { connection in
            try DealRepository(connection: connection).perform(command, dealID: deal.id, expectedVersion: deal.version,
                                                              actor: actor, reason: reason, hooks: hooks)
        }, completion: { [weak self] result in
            guard let self else { return }
            self.isBusy = false
            switch result {
            case .success(let stored):
                self.show(stored, labels: self.form?.lookupLabels ?? [:])
                self.loadBalance()
                self.onChange?()
                var text = (language == .ru ? "Сделка \(stored.number): " : "Deal \(stored.number): ") + stored.stage.label.text(language)
                if stored.stage == .reserved, let until = stored.reservedUntil {
                    text += (language == .ru ? " до " : " until ") + until.russianText
                }
                self.app.showMessage(text)
            case .failure(let error as RefusalError):
                self.app.showRefusal(error.message.text(language))
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    private func approveDiscount() {
        guard let deal, dealID != nil, !isBusy else { return }
        let ru = app.language == .ru
        if isDirty {
            app.showError(ru ? "Сначала сохраните изменения (F2)" : "Save your changes first (F2)")
            return
        }
        let approver = app.login, language = app.language
        app.confirm(ru ? "Согласовать скидку \(deal.discountAmount.formatted(.ru)) по сделке \(deal.number)?"
                       : "Approve the discount of \(deal.discountAmount.formatted(.en)) on deal \(deal.number)?") { [weak self] in
            guard let self else { return }
            self.isBusy = true
            self.app.database.request(lane: "deal.stage", { connection in
                try DealRepository(connection: connection).approveDiscount(dealID: deal.id, expectedVersion: deal.version,
                                                                           approver: approver)
            }, completion: { [weak self] result in
                guard let self else { return }
                self.isBusy = false
                switch result {
                case .success(let stored):
                    self.show(stored, labels: self.form?.lookupLabels ?? [:])
                    self.app.showMessage(language == .ru ? "Скидка согласована" : "Discount approved")
                case .failure(let error):
                    self.app.showError(ErrorText.describe(error, language: language))
                }
            })
        }
    }

    // MARK: - Printing

    private func choosePrintForm() {
        let ru = app.language == .ru
        guard let deal, dealID != nil else {
            app.showError(ru ? "Сначала сохраните сделку (F2)" : "Save the deal first (F2)")
            return
        }
        if isDirty {
            app.showError(ru ? "Сначала сохраните изменения (F2): печатается то, что в базе" : "Save your changes first (F2): the form prints what is stored")
            return
        }
        let labels: [PrintForm: LocalizedText] = [
            .contract: LocalizedText(ru: "Договор купли-продажи", en: "Contract of sale"),
            .invoice: LocalizedText(ru: "Счёт на оплату", en: "Invoice"),
            .handover: LocalizedText(ru: "Акт приёма-передачи", en: "Handover act"),
        ]
        let choices = PrintForm.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: labels[$0]?.text(app.language) ?? $0.rawValue) }
        app.pick(ChoicePicker(title: ru ? "Печать: \(deal.number)" : "Print: \(deal.number)", choices: choices)) { [weak self] value in
            guard let self, let form = PrintForm(rawValue: value) else { return }
            let number = deal.number, language = self.app.language
            self.app.showMessage(language == .ru ? "Печать…" : "Printing…", role: .status)
            self.app.database.request(lane: "deal.print", { connection in
                try DealPrinter.print(number: number, form: form, connection: connection).path
            }, completion: { [weak self] result in
                guard let self else { return }
                switch result {
                case .success(let path):
                    self.app.showMessage((language == .ru ? "Готово: " : "Done: ") + path)
                    self.app.showMessageBox(title: language == .ru ? "PDF готов" : "PDF ready", text: path)
                case .failure(let error as PrintError):
                    self.app.showRefusal(error.message.text(language))
                case .failure(let error):
                    self.app.showError(ErrorText.describe(error, language: language))
                }
            })
        }
    }

    // MARK: - Drawing

    func draw(on surface: Surface, in rect: Rect) {
        guard let form, let deal else {
            surface.put(app.language == .ru ? " Загрузка…" : " Loading…", row: rect.row + 1, column: 1, style: Style(.dim))
            return
        }
        let ru = app.language == .ru
        drawStageLine(deal, on: surface, row: rect.row, width: rect.width)
        let totalsHeight = 3
        let linesRows = max(1, min(lines.count, rect.height >= 30 ? 6 : 3))
        let linesHeight = linesRows + 2
        let formHeight = max(3, rect.height - 1 - linesHeight - totalsHeight - 1)
        form.draw(on: surface, in: Rect(row: rect.row + 1, column: rect.column, height: formHeight, width: rect.width))
        var row = rect.row + 1 + formHeight
        let title = "── " + (ru ? "Доп. позиции" : "Extra lines") + (linesFocused ? (ru ? " (Ins — добавить, Enter — изменить, Del — удалить, Esc — к форме) " : " (Ins add, Enter edit, Del delete, Esc back) ") : (ru ? " (F6 — перейти, F3 — добавить) " : " (F6 to go there, F3 to add) "))
        let used = surface.put(title, row: row, column: rect.column, style: Style(linesFocused ? .title : .label), maxWidth: rect.width)
        surface.fill(row: row, column: rect.column + used, width: max(0, rect.width - used), character: "─", style: Style(.border))
        row += 1
        linesTable.draw(on: surface, in: Rect(row: row, column: rect.column, height: linesRows + 1, width: rect.width))
        row += linesRows + 1
        drawTotals(on: surface, row: row, width: rect.width)
        if !linesFocused, let bind = form.focusedBind, let help = definition.field(bind)?.help?.text(app.language) {
            surface.put(" " + help, row: rect.row + rect.height - 1, column: 0, style: Style(.dim), maxWidth: rect.width)
        }
        if linesFocused { surface.hideCursor() }
    }

    private func drawStageLine(_ deal: Deal, on surface: Surface, row: Int, width: Int) {
        let ru = app.language == .ru
        // The stage is in the title; this line says what it means now.
        var parts = [(ru ? "Стадия: " : "Stage: ") + deal.stage.label.text(app.language)]
        if deal.stage == .reserved, let until = deal.reservedUntil { parts[0] += (ru ? " до " : " until ") + until.russianText }
        parts.append((ru ? "Менеджер: " : "Manager: ") + managerName)
        if deal.discountAmount > .zero, let approver = deal.discountApprovedBy {
            parts.append((ru ? "скидку согласовал " : "discount approved by ") + approver)
        }
        if let balance {
            parts.append((ru ? "Оплачено " : "Paid ") + balance.paid.formatted(app.language) + (ru ? " из " : " of ")
                         + balance.due.formatted(app.language))
            if balance.needsRefund {
                parts.append((ru ? "к возврату " : "to refund ") + balance.overpayment.formatted(app.language))
            }
        }
        surface.fill(row: row, column: 0, width: width, character: " ", style: Style(.normal))
        surface.put(" " + parts.joined(separator: " · "), row: row, column: 0, style: Style(.label), maxWidth: width)
    }

    private func drawTotals(on surface: Surface, row: Int, width: Int) {
        guard let current = currentDeal else { return }
        let language = app.language, ru = language == .ru
        let sheet = current.priceSheet
        func m(_ money: Money) -> String { money.formatted(language) }
        let linesTotal = sheet.lines.reduce(Money.zero) { $0 + $1.amount }
        let vehicleVATLabel: String
        switch sheet.vehicleVATBasis {
        case .margin: vehicleVATLabel = ru ? "НДС с разницы" : "VAT on margin"
        case .fullPrice: vehicleVATLabel = (ru ? "НДС " : "VAT ") + sheet.vehicleVATRate.label.text(language)
        }
        let first = (ru ? " Автомобиль " : " Vehicle ") + m(sheet.vehiclePrice) + " · " + vehicleVATLabel + " " + m(sheet.vehicleVAT)
            + (ru ? " · Доп. позиции " : " · Extras ") + m(linesTotal)
        let second = (ru ? " Итого " : " Total ") + m(sheet.total) + (ru ? " · в т. ч. НДС " : " · incl. VAT ") + m(sheet.totalVAT)
            + (ru ? " · Трейд-ин " : " · Trade-in ") + (sheet.tradeInCredit > .zero ? "−" : "") + m(sheet.tradeInCredit)
        let third = (ru ? " К оплате " : " Amount due ") + m(sheet.amountDue) + (ru ? " · Кредит " : " · Loan ") + m(sheet.loanAmount)
            + (ru ? " · Клиент платит сам " : " · Customer pays ") + m(sheet.customerOwnPart)
        surface.put(first, row: row, column: 0, style: Style(.normal), maxWidth: width)
        surface.put(second, row: row + 1, column: 0, style: Style(.normal), maxWidth: width)
        surface.put(third, row: row + 2, column: 0, style: Style(.title, bold: true), maxWidth: width)
    }
}
