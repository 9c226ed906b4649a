import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Карточка автомобиля: the vehicle card, laid out by `Screens/vehicle.toml`.
/// Opens ready to type; F2 validates, saves with the row's version and goes
/// back to the list. A refused save keeps every typed character.
@MainActor
final class VehicleCardScreen: AppScreen {
    unowned let app: KiteApplication
    let definition: FormScreenDefinition
    let vehicleID: Int64?
    private(set) var form: FormView?
    private(set) var isOpening = false
    private var loadLane: String { ownLane("card.load") }
    private(set) var vehicle: Vehicle?
    private var acknowledgedWarnings: Set<FieldIssue> = []
    private var shownVehicleType = ""
    private var isSaving = false
    private var readOnlyDisplay: [String: String] = [:]
    /// The stored vehicle's verification badges (none for a new one).
    private(set) var checks: CheckBadges?

    init(app: KiteApplication, definition: FormScreenDefinition, vehicleID: Int64?) {
        self.app = app
        self.definition = definition
        self.vehicleID = vehicleID
        if let vehicleID {
            load(id: vehicleID)
        } else {
            show(newVehicle())
        }
    }

    var isNew: Bool { vehicleID == nil }
    var keymapContext: String { "form" }
    var offeredCommands: [String] { definition.commands + ["form.reload", "form.checks"] }

    /// A car not saved yet has no status to change, nothing to reload and no checks.
    func unavailableReason(_ command: String) -> LocalizedText? {
        guard isNew, ["form.reload", "stock.change_status", "form.checks"].contains(command) else { return nil }
        return LocalizedText(ru: "Сначала сохраните автомобиль (F2): статус, проверки и перечитывание — у сохранённого",
                             en: "Save the vehicle first (F2): a saved vehicle has a status, checks and a stored copy")
    }

    var title: String {
        let base = definition.title.text(app.language)
        guard let vehicle else { return base }
        if isNew { return base + " · " + (app.language == .ru ? "новый" : "new") }
        return "\(base) · \(vehicle.stockNumber) · \(vehicle.make) \(vehicle.model) · \(vehicle.status.label.text(app.language))"
    }

    var leaveQuestion: String? {
        guard let form, form.isDirty else { return nil }
        return CardText.unsavedChanges(app.language)
    }

    // MARK: - Loading

    private func newVehicle() -> Vehicle {
        let today = Date()
        let year = FieldParsers.utcCalendar.component(.year, from: today)
        return Vehicle(year: year, condition: .new, status: .inStock, vehicleType: "car",
                       dealershipID: app.references.dealership?.id ?? 0,
                       arrivalDate: FieldParsers.utcCalendar.startOfDay(for: today))
    }

    private func load(id: Int64) {
        // Only the first read holds typed keys; a reload leaves them to the form on screen.
        isOpening = form == nil
        app.database.request(lane: loadLane, { connection in
            try VehicleRepository(connection: connection).get(id: id)
        }, completion: { [weak self] result in
            guard let self else { return }
            self.isOpening = false
            switch result {
            case .success(let vehicle?): self.show(vehicle)
            case .success(nil): self.app.showError(ErrorText.describe(NotFoundError(missing: "vehicle", id: id), language: self.app.language))
            case .failure(let error): self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
        })
    }

    private func show(_ vehicle: Vehicle) {
        self.vehicle = vehicle
        let builder = FormBuilder(definition: definition, app: app)
        let values = builder.displayValues(VehicleFormValues.values(of: vehicle, isNew: isNew))
        readOnlyDisplay = values.filter { builder.readOnlyFields.contains($0.key) }
        let form = FormView(sections: builder.sections(), values: values, language: app.language)
        self.form = form
        shownVehicleType = vehicle.vehicleType
        updateSections()
        // Show what is already questionable about a stored car (a VIN check digit, say).
        // They were saved like that already, so they do not hold up the next save.
        acknowledgedWarnings = []
        if !isNew {
            let known = VehicleValidator.validate(vehicle, today: Date()).filter { $0.severity == .warning }
            form.setIssues(known)
            acknowledgedWarnings = Set(known)
        }
        if let first = builder.firstEditableField { form.focus(bind: isNew ? "vin" : first) }
        if !isNew {
            if checks?.subjectID != vehicle.id {
                checks = CheckBadges(app: app, subject: .vehicle, subjectID: vehicle.id, subjectName: vehicle.stockNumber)
            }
            checks?.reload()
        }
    }

    private func updateSections() {
        guard let form else { return }
        let type = form.value("vehicle_type") ?? shownVehicleType
        FormBuilder.showSections(of: definition, for: type, in: form)
        shownVehicleType = type
    }

    // MARK: - Keys

    func perform(_ command: String) -> Bool {
        // Still loading: this screen's own commands wait; a shared key may serve another.
        guard let form else { return offeredCommands.contains(command) && command != "form.cancel" }
        switch command {
        case "form.save": save()
        case "form.next_field": if !form.focusNext() { focusEdge(last: false) }
        case "form.prev_field": if !form.focusPrevious() { focusEdge(last: true) }
        case "form.edit": break // the card is always editable
        case "form.checks": checks?.showDetails()
        case "form.reload":
            guard let vehicleID else { return true }
            if form.isDirty {
                app.confirm(CardText.reloadLosesEdits(app.language)) { [weak self] in
                    self?.load(id: vehicleID)
                }
            } else {
                load(id: vehicleID)
            }
        case "stock.change_status":
            guard let vehicle, !isNew else {
                app.showError(app.language == .ru ? "Сначала сохраните автомобиль (F2): статус меняется у сохранённого"
                                                  : "Save the vehicle first (F2): a saved vehicle's status can change")
                return true
            }
            if form.isDirty {
                app.showError(app.language == .ru ? "Сначала сохраните изменения (F2) или отмените их (Esc)"
                                                  : "Save your changes first (F2) or discard them (Esc)")
                return true
            }
            StatusChange.start(app: app, vehicleID: vehicle.id, current: vehicle.status) { [weak self] changed in
                self?.show(changed)
                self?.app.deliver(VehicleSaved(vehicle: changed, isNew: false))
            }
        default:
            return false
        }
        return true
    }

    /// Moving past the last field wraps to the first, and back.
    private func focusEdge(last: Bool) {
        guard let form else { return }
        let binds = form.sections.filter { form.isSectionVisible($0.id) }.flatMap(\.fields).filter(\.isFocusable).map(\.bind)
        if let bind = last ? binds.last : binds.first { form.focus(bind: bind) }
    }

    func handle(_ key: Key) -> Bool {
        guard let form else { return false }
        let handled = form.handle(key)
        if form.value("vehicle_type") != shownVehicleType { updateSections() }
        return handled
    }

    // MARK: - Saving

    func save() {
        guard let form, let base = vehicle, !isSaving else { return }
        let language = app.language
        var values = form.values
        for key in readOnlyDisplay.keys { values.removeValue(forKey: key) }
        let attributeFields = Set(definition.sections.flatMap(\.fields).filter { $0.storage == .attribute }.map(\.field))
        let (candidate, parseIssues) = VehicleFormValues.apply(values, to: base, attributeFields: attributeFields)
        var issues = parseIssues
        let failedFields = Set(parseIssues.map(\.field))
        issues += VehicleValidator.validate(candidate, today: Date()).filter { !failedFields.contains($0.field) }
        let flagged = Set(issues.filter { $0.severity == .error }.map(\.field))
        issues += requiredIssues(values).filter { !flagged.contains($0.field) }
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
        let actor = app.login, isNew = self.isNew
        let code = app.references.dealership(candidate.dealershipID)?.code ?? app.environment.config.dealership
        app.showMessage(language == .ru ? "Сохранение…" : "Saving…", role: .status)
        app.database.request(lane: "card.save", { connection in
            let repository = VehicleRepository(connection: connection)
            return isNew ? try repository.insertNumbered(candidate, dealershipCode: code, actor: actor)
                         : try repository.update(candidate, actor: actor)
        }, completion: { [weak self] result in
            guard let self else { return }
            self.isSaving = false
            switch result {
            case .success(let stored):
                form.markSaved()
                self.app.deliver(VehicleSaved(vehicle: stored, isNew: isNew))
                self.app.showMessage((language == .ru ? "Сохранено: " : "Saved: ") + "\(stored.stockNumber) · \(stored.make) \(stored.model)")
                self.app.pop(force: true)
            case .failure(let error):
                if let db = error as? DatabaseError, db.constraint == "vehicles_active_vin_key" {
                    form.setIssues(issues + [.error("vin", ru: "Этот VIN уже есть на складе у активного автомобиля",
                                                    en: "This VIN already belongs to an active vehicle in stock")])
                    form.focus(bind: "vin")
                }
                self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    private func requiredIssues(_ values: [String: String]) -> [FieldIssue] {
        definition.fields(for: form?.value("vehicle_type") ?? shownVehicleType, role: app.role)
            .filter { $0.required && !$0.isReadOnly(for: app.role) }
            .filter { (values[$0.field] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
            .map { .error($0.field, ru: "«\($0.title.ru)»: обязательное поле", en: "“\($0.title.en)”: required") }
    }

    // MARK: - Drawing

    func draw(on surface: Surface, in rect: Rect) {
        guard let form else {
            surface.put(app.language == .ru ? " Загрузка…" : " Loading…", row: rect.row + 1, column: 1, style: Style(.dim))
            return
        }
        let badgeRows = checks == nil ? 0 : 1
        let body = Rect(row: rect.row, column: rect.column, height: rect.height - 1 - badgeRows, width: rect.width)
        form.draw(on: surface, in: body)
        checks?.draw(on: surface, row: rect.row + rect.height - 2, column: 1, width: rect.width - 2)
        if let bind = form.focusedBind, let help = definition.field(bind)?.help?.text(app.language) {
            surface.put(" " + help, row: rect.row + rect.height - 1, column: 0, style: Style(.dim), maxWidth: rect.width)
        }
    }
}
