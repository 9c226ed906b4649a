import Foundation
import KiteDomain
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
    var dealID: Int64?
    var deal: Deal?
    var form: FormView?
    private(set) var isOpening = false
    private var loadLane: String { ownLane("deal.load") }
    var lines: [DealExtraLine] = []
    var savedLines: [DealExtraLine] = []
    var linesFocused = false
    let linesTable: TableView
    let linesSource = ArrayTableDataSource()
    var isBusy = false
    /// Cost and margin flag of the chosen vehicle (for the VAT preview).
    var vehiclePricing: (purchaseCost: Money, margin: Bool)?
    var managerName = ""
    /// Paid and due, when the finance module knows the deal.
    var balance: DealBalance?

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
        return CardText.unsavedChanges(app.language)
    }

    // MARK: - Loading

    struct Loaded: Sendable {
        var deal: Deal
        var customerLabel: String?
        var vehicleLabel: String?
        var managerName: String?
    }

    func load(id: Int64) {
        // Only the first read holds typed keys; a reload leaves them to the form on screen.
        isOpening = form == nil
        app.database.request(lane: loadLane, { connection -> Loaded in
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
            self.isOpening = false
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

    /// A payment changed somewhere: the balance line follows while the deal is on top.
    func receive(_ event: any ChangeEvent) {
        if event is PaymentsChanged, app.isOnTop(self) { loadBalance() }
    }

    func loadBalance() {
        guard let deal, let fetch = SalesHooks.balance, deal.id != 0 else { return }
        app.database.request(lane: "deal.balance", { connection in
            try fetch(connection, deal)
        }, completion: { [weak self] result in
            if case .success(let balance) = result { self?.balance = balance }
        })
    }

    func show(_ deal: Deal, labels: [String: String]) {
        self.deal = deal
        if managerName.isEmpty { managerName = app.references.employee.map { PersonName.short($0.fullName) } ?? deal.managerLogin }
        lines = deal.lines
        savedLines = deal.lines
        refreshLinesTable()
        let builder = FormBuilder(definition: definition, app: app)
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

    var editableStages: Set<DealStage> { [.draft, .reserved] }
    var isEditable: Bool { deal.map { editableStages.contains($0.stage) } ?? false }

    func loadVehiclePricing(id: Int64) {
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
    var currentDeal: Deal? { typedDeal()?.deal }

    /// The stored deal with the form's values, the lines and the chosen car's
    /// cost applied, and the problems of values that do not parse.
    func typedDeal() -> (deal: Deal, issues: [FieldIssue])? {
        guard let deal, let form else { return nil }
        var (typed, issues) = DealFormValues.apply(isEditable ? form.values : [:], to: deal)
        typed.lines = lines
        if let pricing = vehiclePricing {
            typed.purchaseCost = pricing.purchaseCost
            typed.marginVAT = pricing.margin
        }
        return (typed, issues)
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
        case "deal.payments", "deal.new_payment": openPayments(new: command == "deal.new_payment")
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
    func followDiscount() {
        guard let form, let deal else { return }
        let text = form.value("discount_amount")?.trimmingCharacters(in: .whitespaces) ?? ""
        let discount: Money
        if text.isEmpty { discount = .zero } else if let parsed = try? FieldParsers.money(text, field: "discount_amount").get() {
            discount = parsed
        } else { return }
        guard discount <= deal.listPrice, !discount.isNegative else { return }
        form.setValue(DealFormValues.editable(deal.listPrice - discount), for: "sale_price")
    }

    func reload() {
        guard let dealID else { return }
        if isDirty {
            app.confirm(CardText.reloadLosesEdits(app.language)) { [weak self] in
                self?.load(id: dealID)
            }
        } else {
            load(id: dealID)
        }
    }

    // MARK: - Saving

    func save() {
        guard let form, deal != nil, !isBusy else { return }
        guard isEditable else {
            app.showError(app.language == .ru ? "Условия сделки в этой стадии не меняются" : "The deal's terms are fixed at this stage")
            return
        }
        let language = app.language
        guard let typed = typedDeal() else { return }
        let candidate = typed.deal
        var issues = typed.issues
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
            app.showError(CardText.notSaved(language))
            return
        }
        isBusy = true
        let actor = app.login, isNew = self.isNew
        app.showMessage(language == .ru ? "Сохранение…" : "Saving…", role: .status)
        app.database.request(lane: "deal.save", { connection in
            let repository = DealRepository(connection: connection)
            let stored = isNew ? try repository.create(candidate, actor: actor) : try repository.update(candidate, actor: actor)
            return (stored, try repository.discountDecision(stored, approver: stored.discountApprovedBy))
        }, completion: { [weak self] result in
            guard let self else { return }
            self.isBusy = false
            switch result {
            case .success(let (stored, decision)):
                self.dealID = stored.id
                self.show(stored, labels: form.lookupLabels)
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
}
