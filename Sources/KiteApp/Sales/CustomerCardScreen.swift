import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Карточка клиента, laid out by `Screens/customer.toml`. F2 checks the
/// fields, looks for possible duplicates (same phone, passport or INN) and
/// lets the operator decide, then saves. Opened from a picker, the saved
/// (or chosen existing) customer goes back to the form that asked.
@MainActor
final class CustomerCardScreen: AppScreen {
    unowned let app: KiteApplication
    let definition: FormScreenDefinition
    let customerID: Int64?
    /// Called with the saved customer (or an existing one the operator chose instead).
    var onSaved: ((Customer) -> Void)?
    private(set) var form: FormView?
    private(set) var isOpening = false
    private var loadLane: String { ownLane("customer.load") }
    private(set) var customer: Customer?
    private var acknowledgedWarnings: Set<FieldIssue> = []
    private var shownKind = ""
    private var isSaving = false
    /// The stored customer's verification badges (none for a new one).
    private(set) var checks: CheckBadges?

    init(app: KiteApplication, definition: FormScreenDefinition, customerID: Int64?, initialText: String = "") {
        self.app = app
        self.definition = definition
        self.customerID = customerID
        if let customerID {
            load(id: customerID)
        } else {
            show(Self.newCustomer(from: initialText, dealershipID: app.references.dealership?.id))
        }
    }

    /// What was typed in a picker becomes the phone (if it looks like one) or the name.
    static func newCustomer(from typed: String, dealershipID: Int64?) -> Customer {
        let text = typed.trimmingCharacters(in: .whitespaces)
        let looksLikePhone = !text.isEmpty && text.allSatisfy { ($0.isASCII && $0.isNumber) || " +-()".contains($0) }
        return Customer(kind: .person, name: looksLikePhone ? "" : text, phone: looksLikePhone ? text : "",
                        dealershipID: dealershipID)
    }

    var isNew: Bool { customerID == nil }
    var keymapContext: String { "form" }
    var offeredCommands: [String] { definition.commands + (isNew ? [] : ["form.checks"]) }

    var title: String {
        let base = definition.title.text(app.language)
        guard let customer else { return base }
        if isNew { return base + " · " + (app.language == .ru ? "новый" : "new") }
        return base + " · " + customer.name
    }

    var leaveQuestion: String? {
        guard let form, form.isDirty else { return nil }
        return CardText.unsavedChanges(app.language)
    }

    private func load(id: Int64) {
        // Only the first read holds typed keys; a reload leaves them to the form on screen.
        isOpening = form == nil
        app.database.request(lane: loadLane, { connection in
            try CustomerRepository(connection: connection).get(id: id)
        }, completion: { [weak self] result in
            guard let self else { return }
            self.isOpening = false
            switch result {
            case .success(let customer?): self.show(customer)
            case .success(nil): self.app.showError(ErrorText.describe(NotFoundError(missing: "customer", id: id), language: self.app.language))
            case .failure(let error): self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
        })
    }

    private func show(_ customer: Customer) {
        self.customer = customer
        let builder = FormBuilder(definition: definition, app: app)
        let form = FormView(sections: builder.sections(), values: CustomerFormValues.values(of: customer), language: app.language)
        self.form = form
        acknowledgedWarnings = []
        shownKind = customer.kind.rawValue
        updateSections()
        form.focus(bind: isNew ? (customer.name.isEmpty ? "name" : "phone") : "name")
        if !isNew {
            if checks?.subjectID != customer.id {
                checks = CheckBadges(app: app, subject: .customer, subjectID: customer.id, subjectName: customer.name)
            }
            checks?.reload()
        }
    }

    private func updateSections() {
        guard let form else { return }
        let kind = form.value("kind") ?? shownKind
        FormBuilder.showSections(of: definition, for: kind, in: form)
        shownKind = kind
    }

    // MARK: - Keys

    func perform(_ command: String) -> Bool {
        // Still loading: this screen's own commands wait; a shared key may serve another.
        guard let form else { return offeredCommands.contains(command) && command != "form.cancel" }
        switch command {
        case "form.save": save()
        case "form.checks": checks?.showDetails()
        case "form.next_field": _ = form.focusNext()
        case "form.prev_field": _ = form.focusPrevious()
        case "form.reload":
            guard let customerID else { return true }
            if form.isDirty {
                app.confirm(CardText.reloadLosesEdits(app.language)) { [weak self] in
                    self?.load(id: customerID)
                }
            } else {
                load(id: customerID)
            }
        default:
            return false
        }
        return true
    }

    func handle(_ key: Key) -> Bool {
        guard let form else { return false }
        let handled = form.handle(key)
        if form.value("kind") != shownKind { updateSections() }
        return handled
    }

    // MARK: - Saving

    func save() {
        guard let form, let base = customer, !isSaving else { return }
        let language = app.language
        let (candidate, parseIssues) = CustomerFormValues.apply(form.values, to: base)
        let failed = Set(parseIssues.map(\.field))
        var issues = parseIssues + candidate.validate(today: Self.today).filter { !failed.contains($0.field) }
        if candidate.name.isEmpty, !issues.contains(where: { $0.field == "name" }) {
            issues.append(.error("name", ru: "«ФИО / наименование»: обязательное поле", en: "“Name”: required"))
        }
        form.setIssues(issues)
        if issues.contains(where: { $0.severity == .error }) {
            form.focusFirstError()
            app.showError(CardText.notSaved(language))
            return
        }
        let warnings = Set(issues.filter { $0.severity == .warning })
        if !warnings.isSubset(of: acknowledgedWarnings) {
            acknowledgedWarnings.formUnion(warnings)
            app.showMessage(CardText.warningsPressAgain(language), role: .warning)
            return
        }
        isSaving = true
        app.showMessage(language == .ru ? "Проверка дублей…" : "Looking for duplicates…", role: .status)
        app.database.request(lane: "customer.duplicates", { connection in
            try CustomerRepository(connection: connection).possibleDuplicates(of: candidate)
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let duplicates) where duplicates.isEmpty:
                self.write(candidate)
            case .success(let duplicates):
                self.isSaving = false
                self.askAboutDuplicates(duplicates, candidate: candidate)
            case .failure(let error):
                self.isSaving = false
                self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    /// The operator decides: save anyway, or take an existing customer.
    private func askAboutDuplicates(_ duplicates: [PossibleDuplicate], candidate: Customer) {
        let ru = app.language == .ru
        func reason(_ field: String) -> String {
            switch field {
            case "phone": ru ? "тот же телефон" : "same phone"
            case "passport": ru ? "тот же паспорт" : "same passport"
            default: ru ? "тот же ИНН" : "same INN"
            }
        }
        var choices = duplicates.map { duplicate in
            ChoicePicker.Choice(value: String(duplicate.customer.id),
                                label: (ru ? "Это он: " : "That's them: ") + duplicate.customer.name + " — "
                                    + duplicate.matchedOn.map(reason).joined(separator: ", "))
        }
        choices.append(ChoicePicker.Choice(value: "save", label: ru ? "Нет, сохранить как отдельного клиента" : "No, save as a separate customer"))
        let picker = ChoicePicker(title: ru ? "Похожие клиенты уже есть" : "Similar customers exist", choices: choices,
                                  selectedValue: String(duplicates[0].customer.id))
        app.pick(picker) { [weak self] value in
            guard let self else { return }
            if value == "save" {
                self.isSaving = true
                self.write(candidate)
            } else if let id = Int64(value) {
                self.takeExisting(id: id)
            }
        }
    }

    private func takeExisting(id: Int64) {
        app.database.request(lane: loadLane, { connection in
            try CustomerRepository(connection: connection).get(id: id)
        }, completion: { [weak self] result in
            guard let self, case .success(let existing?) = result else { return }
            self.form?.markSaved()
            self.app.pop(force: true)
            if let onSaved = self.onSaved { onSaved(existing) } else { self.app.openCustomer(id: existing.id) }
        })
    }

    private func write(_ candidate: Customer) {
        let actor = app.login, isNew = self.isNew, language = app.language
        app.showMessage(language == .ru ? "Сохранение…" : "Saving…", role: .status)
        app.database.request(lane: "customer.save", { connection in
            let repository = CustomerRepository(connection: connection)
            return isNew ? try repository.insert(candidate, actor: actor) : try repository.update(candidate, actor: actor)
        }, completion: { [weak self] result in
            guard let self else { return }
            self.isSaving = false
            switch result {
            case .success(let stored):
                self.form?.markSaved()
                self.app.showMessage((language == .ru ? "Клиент сохранён: " : "Customer saved: ") + stored.name)
                self.app.pop(force: true)
                self.onSaved?(stored)
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    static var today: CivilDate { CivilDate(Date(), timeZone: .current) }

    // MARK: - Drawing

    func draw(on surface: Surface, in rect: Rect) {
        guard let form else {
            surface.put(app.language == .ru ? " Загрузка…" : " Loading…", row: rect.row + 1, column: 1, style: Style(.dim))
            return
        }
        let badgeRows = checks == nil ? 0 : 1
        form.draw(on: surface, in: Rect(row: rect.row, column: rect.column, height: rect.height - 1 - badgeRows, width: rect.width))
        checks?.draw(on: surface, row: rect.row + rect.height - 2, column: 1, width: rect.width - 2)
        if let bind = form.focusedBind, let help = definition.field(bind)?.help?.text(app.language) {
            surface.put(" " + help, row: rect.row + rect.height - 1, column: 0, style: Style(.dim), maxWidth: rect.width)
        }
    }
}
