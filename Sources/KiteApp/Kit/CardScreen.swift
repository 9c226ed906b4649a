import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// The one card: a record of an `RecordEditor` laid out by a `Screens/*.toml` form.
/// Opens ready to type (keys typed while it reads wait for it); F2 checks the TOML's
/// `required` fields and the domain's rules, asks a second F2 for warnings, saves with
/// the row's version; a refused save keeps every typed character. Tab and Shift-Tab
/// wrap around the visible fields; the variant field shows the sections that apply.
@MainActor
final class CardScreen<Editor: RecordEditor>: AppScreen {
    typealias Record = Editor.Record

    unowned let app: KiteApplication
    let definition: FormScreenDefinition
    let editor: Editor
    private(set) var record: Record?
    private(set) var labels: [String: String] = [:]
    private(set) var form: FormView?
    private(set) var isOpening = false
    private(set) var isSaving = false
    private var acknowledgedWarnings: Set<FieldIssue> = []
    private var shownVariant = ""
    /// The field the focus was on after the last key (for `RecordEditor.fieldLeft`).
    private var lastFocusedBind: String?
    /// Read-only fields show a label, not their stored code: not sent back on save.
    private(set) var displayOnly: Set<String> = []
    private(set) var checks: CheckBadges?
    let details: [DetailTable]
    /// The detail table that has the keys, if any.
    private(set) var focusedDetail: DetailTable?
    /// The draft of what is typed here (`CardScreen+Drafts`).
    var draft = DraftState()

    init(app: KiteApplication, definition: FormScreenDefinition, editor: Editor, id: Int64?) {
        self.app = app
        self.definition = definition
        self.editor = editor
        details = definition.details.map { DetailTable(definition: $0, app: app) }
        for detail in details { detail.addsFromForm = !editor.hasChecks }
        if let id { load(id: id) } else { show(editor.newRecord()); offerDraft() }
    }

    var isNew: Bool { record.map { editor.id(of: $0) == nil } ?? false }
    var recordID: Int64? { record.flatMap { editor.id(of: $0) } }
    var keymapContext: String { "form" }

    /// The TOML's commands, the editor's and the generic ones, less those the record's
    /// state rules out (a record that cannot change has nothing to save).
    var offeredCommands: [String] {
        var commands = definition.commands + editor.extraCommands(card: self) + ["form.reload"]
        // A card with checks keeps its checks key (F3) on the form; a row is added from its table.
        if !details.isEmpty, !editor.hasChecks || focusedDetail != nil { commands.append("form.add_row") }
        if !details.isEmpty { commands.append("form.details") }
        if editor.hasChecks { commands.append("form.checks") }
        if isReadOnly { commands.removeAll { ["form.save", "form.add_row", "form.details"].contains($0) } }
        // An open card is always being edited: a key for "edit" would do nothing.
        commands.removeAll { $0 == "form.edit" }
        return commands.filter { editor.offers($0, card: self) }
    }

    func unavailableReason(_ command: String) -> LocalizedText? {
        if let reason = editor.unavailableReason(command, card: self) { return reason }
        switch command {
        case "form.reload" where isNew, "form.checks" where isNew:
            return LocalizedText(ru: "Сначала сохраните запись (F2)", en: "Save the record first (F2)")
        default:
            return nil
        }
    }

    var title: String {
        let base = definition.title.text(app.language)
        guard let record else { return base }
        return editor.title(record, isNew: isNew, base: base)
    }

    var isDirty: Bool { (form?.isDirty ?? false) || editor.detailsDirty(card: self) }

    var leaveQuestion: String? {
        guard isDirty, !isReadOnly else { return nil }
        return AppText.unsavedChanges(app.language)
    }

    /// Nothing may be edited now (a contracted deal, a confirmed payment).
    var isReadOnly: Bool { record.flatMap(editor.editableFields)?.isEmpty ?? false }

    // MARK: - Loading and showing

    func load(id: Int64) {
        // Only the first read holds typed keys; a reload leaves them to the form on screen.
        isOpening = form == nil
        let entity = editor.entity
        app.database.request(lane: ownLane("card.load"), editor.reader(id: id), completion: { [weak self] result in
            guard let self else { return }
            let first = self.isOpening
            self.isOpening = false
            switch result {
            case .success(let loaded?):
                self.show(loaded)
                if first { self.offerDraft() }
            case .success(nil): self.app.showError(ErrorText.describe(NotFoundError(missing: entity, id: id), language: self.app.language))
            case .failure(let error): self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
        })
    }

    /// Changes the record under the form (the list price of a car just picked) without
    /// touching what was typed.
    func updateRecord(_ change: (inout Record) -> Void) {
        guard record != nil else { return }
        change(&record!)
    }

    /// Shows `loaded` in a fresh form (what was typed before is gone: a reload, a save).
    func show(_ loaded: CardRecord<Record>) {
        editor.willShow(loaded, card: self)
        record = loaded.record
        labels = loaded.labels
        let isNew = self.isNew
        let builder = FormBuilder(definition: definition, app: app)
        let editable = editor.editableFields(loaded.record)
        var sections = builder.sections()
        var values = builder.displayValues(editor.values(of: loaded.record, isNew: isNew))
        displayOnly = builder.readOnlyFields
        if let editable {
            // Fields the record's state freezes are shown, not edited: labels, not codes.
            for s in sections.indices {
                for f in sections[s].fields.indices where !editable.contains(sections[s].fields[f].bind) {
                    let field = sections[s].fields[f]
                    if case .select(let options) = field.kind, let option = options.first(where: { $0.value == values[field.bind] }) {
                        values[field.bind] = option.label
                    }
                    if field.kind == .lookup { values[field.bind] = loaded.labels[field.bind] ?? "" }
                    if field.kind == .money, let text = values[field.bind], let money = try? FieldParsers.money(text, field: field.bind).get() {
                        values[field.bind] = money.formatted(app.language)
                    }
                    sections[s].fields[f].kind = .readOnly
                    displayOnly.insert(field.bind)
                }
            }
        }
        let form = FormView(sections: sections, values: values, language: app.language)
        form.lookupLabels = loaded.labels
        form.onPasteCut = app.pasteCutReporter
        self.form = form
        shownVariant = editor.variant(of: loaded.record)
        showSections()
        // What a stored record already has questionable was saved like that: it does not hold up the next save.
        acknowledgedWarnings = []
        if !isNew {
            let known = editor.knownIssues(loaded.record)
            form.setIssues(known)
            acknowledgedWarnings = Set(known)
        }
        if editable?.isEmpty != true {
            if let bind = editor.firstFocus(loaded.record, isNew: isNew) ?? builder.firstEditableField { form.focus(bind: bind) }
        }
        refreshDetails()
        editor.didShow(card: self)
        if let subject = editor.checkSubject(loaded.record) {
            if checks?.subjectID != subject.id {
                checks = CheckBadges(app: app, subject: subject.subject, subjectID: subject.id, subjectName: subject.name)
            }
            checks?.reload()
        }
    }

    /// A draft's values were put into the form: sections and dependent fields follow them.
    func afterRestore() {
        showSections()
        editor.valuesChanged(card: self)
    }

    private func showSections() {
        guard let form, let variantField = editor.variantField else { return }
        let variant = form.value(variantField) ?? shownVariant
        FormBuilder.showSections(of: definition, for: variant, in: form)
        shownVariant = variant
    }

    /// The detail tables show the editor's rows again.
    func refreshDetails() {
        for detail in details { detail.setRows(editor.detailRows(detail.definition.name, card: self)) }
    }

    // MARK: - Keys

    func interceptKey(_ key: Key) -> Bool {
        if let detail = focusedDetail { return handleDetailKey(key, detail) }
        guard form != nil, !isReadOnly else { return false }
        return editor.interceptKey(key, card: self)
    }

    func perform(_ command: String) -> Bool {
        defer { noticeFocusMove() }
        // Still loading: this screen's own commands wait; a shared key may serve another.
        guard let form else { return offeredCommands.contains(command) && command != "form.cancel" }
        switch command {
        case "form.save": save()
        case "form.next_field":
            if !form.focusNext() {
                if let detail = details.first, !isReadOnly { focusDetail(detail) } else { focusEdge(last: false) }
            }
        case "form.prev_field": if !form.focusPrevious() { focusEdge(last: true) }
        case "form.edit": break   // the card is always editable
        case "form.checks": checks?.showDetails()
        case "form.reload": reload()
        case "form.add_row": if let detail = focusedDetail ?? details.first { editRow(detail, at: nil) }
        case "form.details":
            if focusedDetail != nil { leaveDetail() } else if let detail = details.first { focusDetail(detail) }
        case "app.back", "form.cancel":
            if focusedDetail != nil { leaveDetail(); return true }
            return editor.perform(command, card: self)
        default:
            return editor.perform(command, card: self)
        }
        return true
    }

    func handle(_ key: Key) -> Bool {
        defer { noticeFocusMove() }
        guard let form, !isReadOnly else { return false }
        // A table has the focus: what it and the keymap did not take is not typed into the
        // form field behind it (the person cannot see that field is being edited).
        if focusedDetail != nil { return true }
        let handled = form.handle(key)
        if let variantField = editor.variantField, form.value(variantField) != shownVariant { showSections() }
        editor.valuesChanged(card: self)
        return handled
    }

    func receive(_ event: any ChangeEvent) { editor.receive(event, card: self) }

    /// Tells the editor which field the focus left, once per move.
    private func noticeFocusMove() {
        let now = focusedDetail == nil ? form?.focusedBind : nil
        guard now != lastFocusedBind else { return }
        let left = lastFocusedBind
        lastFocusedBind = now
        if let left, form != nil, !isReadOnly { editor.fieldLeft(left, card: self) }
    }

    func didReappear() { editor.reappeared(card: self) }

    /// Reads the record again, asking first when that loses edits.
    func reload() {
        guard let id = recordID else { return }
        if isDirty {
            app.confirm(AppText.reloadLosesEdits(app.language)) { [weak self] in self?.load(id: id) }
        } else {
            load(id: id)
        }
    }

    /// Moving past the last field wraps to the first, and back.
    private func focusEdge(last: Bool) {
        guard let form else { return }
        let binds = form.sections.filter { form.isSectionVisible($0.id) }.flatMap(\.fields).filter(\.isFocusable).map(\.bind)
        if let bind = last ? binds.last : binds.first { form.focus(bind: bind) }
    }

    // MARK: - Detail tables

    func focusDetail(_ detail: DetailTable) {
        guard !isReadOnly else { return }
        focusedDetail = detail
        detail.focus(true)
        if detail.rowCount == 0 { editRow(detail, at: nil) }
    }

    func leaveDetail() {
        focusedDetail?.focus(false)
        focusedDetail = nil
    }

    private func handleDetailKey(_ key: Key, _ detail: DetailTable) -> Bool {
        switch key {
        case .tab, .backTab:
            // Tab walks the detail tables in order, then back to the form.
            let index = details.firstIndex { $0 === detail } ?? 0
            let next = index + (key == .tab ? 1 : -1)
            leaveDetail()
            if details.indices.contains(next) { focusDetail(details[next]) }
        case .escape:
            leaveDetail()
        case .enter:
            guard let index = detail.table.selection else { return true }
            if editor.changesDetailAtOnce(detail.definition.name) {
                editor.openDetailRowAtOnce(detail.definition.name, at: index, card: self)
            } else {
                editRow(detail, at: index)
            }
        case .insert:
            editRow(detail, at: nil)
        case .delete:
            guard let index = detail.table.selection else { return true }
            let name = detail.definition.name
            if editor.changesDetailAtOnce(name) {
                editor.removeDetailRowAtOnce(name, at: index, card: self)
                return true
            }
            let text = detail.cells(row: index).filter { !$0.isEmpty }.dropFirst().first ?? ""
            app.confirm(AppText.deleteRow(app.language, ["row": text])) { [weak self] in
                guard let self else { return }
                self.editor.deleteDetailRow(name, at: index, card: self)
                self.refreshDetails()
            }
        case .up, .down, .pageUp, .pageDown, .home, .end:
            _ = detail.table.handle(key)
        default:
            return false
        }
        return true
    }

    /// The row dialog from the TOML's `[[details.fields]]`: a bad value is named in it and
    /// the dialog stays open with what was typed.
    func editRow(_ detail: DetailTable, at index: Int?) {
        if let reason = unavailableReason("form.add_row") {
            app.showError(reason.text(app.language))
            return
        }
        let name = detail.definition.name
        if editor.changesDetailAtOnce(name) {
            if index == nil { editor.addDetailRowAtOnce(name, card: self) }
            return
        }
        let fields = FormBuilder(definition: definition, app: app).formFields(detail.definition.fields)
        let title = (index == nil ? AppText.newRowTitle : AppText.rowTitle)(app.language, ["table": detail.definition.title.text(app.language)])
        let dialog = FormDialog(title: title, fields: fields,
                                values: editor.detailRowValues(name, at: index, card: self), language: app.language)
        dialog.note = { [weak self] values in
            guard let self else { return nil }
            return self.editor.detailRowNote(name, values: values, card: self)
        }
        app.formDialog(dialog) { [weak self] values in
            guard let self else { return true }
            let issues = self.editor.saveDetailRow(name, values: values, at: index, card: self)
            guard issues.isEmpty else {
                dialog.showIssues(issues)
                return false
            }
            self.refreshDetails()
            detail.table.select(row: index ?? detail.rowCount - 1)
            self.focusedDetail = detail
            detail.focus(true)
            return true
        }
    }

    // MARK: - Saving

    /// The typed values applied to the record (read-only labels left out).
    func typedRecord() -> (record: Record, issues: [FieldIssue])? {
        guard let form, let record else { return nil }
        var values = form.values
        for key in displayOnly { values.removeValue(forKey: key) }
        return editor.apply(values, to: record)
    }

    func save() {
        guard let form, !isSaving, let (candidate, parseIssues) = typedRecord() else { return }
        let language = app.language
        let failed = Set(parseIssues.map(\.field))
        var issues = parseIssues + editor.validate(candidate).filter { !failed.contains($0.field) }
        let flagged = Set(issues.filter { $0.severity == .error }.map(\.field))
        issues += requiredIssues(form.values).filter { !flagged.contains($0.field) }
        form.setIssues(issues)
        if issues.contains(where: { $0.severity == .error }) {
            form.focusFirstError()
            app.showError(AppText.notSaved(language))
            return
        }
        let warnings = Set(issues.filter { $0.severity == .warning })
        if !warnings.isSubset(of: acknowledgedWarnings) {
            acknowledgedWarnings.formUnion(warnings)
            app.showMessage(AppText.warningsPressAgain(language), role: .warning)
            return
        }
        isSaving = true
        editor.beforeSave(candidate, card: self) { [weak self] in self?.write(candidate, issues: issues) }
    }

    /// `beforeSave` decided not to write after all.
    func cancelSave() { isSaving = false }

    private func write(_ candidate: Record, issues: [FieldIssue]) {
        isSaving = true
        let language = app.language, isNew = self.isNew
        app.showMessage(AppText.saving(language), role: .status)
        app.database.request(lane: ownLane("card.save"), editor.writer(candidate, isNew: isNew, actor: app.login),
                             completion: { [weak self] result in
            guard let self else { return }
            self.isSaving = false
            switch result {
            case .success(let stored):
                self.form?.markSaved()
                // Saved: the draft of a new record and of this one are done with.
                self.discardDraft(recordID: isNew ? nil : self.recordID)
                self.editor.saved(stored, isNew: isNew, card: self)
                if isNew { self.discardDraft(recordID: self.recordID) }
            case .failure(let error):
                if let issue = self.editor.fieldIssue(for: error) {
                    self.form?.setIssues(issues + [issue])
                    self.form?.focus(bind: issue.field)
                    self.app.showError(AppText.notSaved(language) + ": " + issue.message.text(language))
                } else {
                    self.app.showError(ErrorText.describe(error, language: language))
                }
            }
        })
    }

    /// `required = true` of the TOML, for the fields shown to this role and editable now.
    private func requiredIssues(_ values: [String: String]) -> [FieldIssue] {
        definition.fields(for: editor.variantField.flatMap { form?.value($0) } ?? shownVariant, role: app.role)
            .filter { $0.required && !$0.isReadOnly(for: app.role) && !displayOnly.contains($0.field) }
            .filter { (values[$0.field] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
            .map { .error($0.field, ru: "«\($0.title.ru)»: обязательное поле", en: "“\($0.title.en)”: required") }
    }

    // MARK: - Drawing

    func draw(on surface: Surface, in rect: Rect) {
        guard let form else {
            surface.put(" " + UIText.loadingPane(app.language), row: rect.row + 1, column: 1, style: Style(.dim))
            return
        }
        var row = rect.row
        for line in editor.headerLines(card: self) {
            surface.fill(row: row, column: 0, width: rect.width, character: " ", style: Style(.normal))
            surface.put(" " + line.text, row: row, column: 0, style: Style(line.role, bold: line.bold), maxWidth: rect.width)
            row += 1
        }
        let footer = editor.footerLines(card: self).flatMap { line in
            line.wraps ? TextWrap.lines(line.text, width: max(20, rect.width - 2)).map { CardLine(text: $0, role: line.role, bold: line.bold) }
                       : [line]
        }
        let detailsHeight = details.reduce(0) { $0 + $1.height(screenHeight: rect.height) }
        let badgeRows = checks == nil ? 0 : 1
        let fixed = (row - rect.row) + detailsHeight + badgeRows + 1
        let footerHeight = min(footer.count, max(0, rect.height - fixed - 3))
        let formHeight = max(3, rect.height - fixed - footerHeight)
        form.draw(on: surface, in: Rect(row: row, column: rect.column, height: formHeight, width: rect.width))
        row += formHeight
        for detail in details {
            detail.draw(on: surface, row: row, width: rect.width, screenHeight: rect.height, language: app.language)
            row += detail.height(screenHeight: rect.height)
        }
        for line in footer.prefix(footerHeight) {
            surface.put(" " + line.text, row: row, column: 0, style: Style(line.role, bold: line.bold), maxWidth: rect.width)
            row += 1
        }
        checks?.draw(on: surface, row: rect.row + rect.height - 2, column: 1, width: rect.width - 2)
        if focusedDetail == nil, let bind = form.focusedBind, let help = definition.field(bind)?.help?.text(app.language) {
            surface.put(" " + help, row: rect.row + rect.height - 1, column: 0, style: Style(.dim), maxWidth: rect.width)
        }
        if focusedDetail != nil { surface.hideCursor() }
    }
}
