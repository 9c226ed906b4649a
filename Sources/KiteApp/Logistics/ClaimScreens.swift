import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Претензии on the browser: open ones first, live (LISTEN `claims`); above the list the
/// claims per carrier (the report); `t` shows one state.
@MainActor
final class ClaimListSource: ListSource {
    unowned let app: KiteApplication
    let form: String?
    var state: ClaimState?
    private(set) var summary: [CarrierClaimSummary]?
    let time = TripTime()

    init(app: KiteApplication, form: String?) {
        self.app = app
        self.form = form
    }

    func reader(_ request: PageRequest<ClaimListRow>, text: String, sort: ListSort?) -> (@Sendable (PGConnection) throws -> [ClaimListRow])? {
        guard let (skip, limit) = request.offsetWindow else { return nil }
        if case .first = request { loadSummary() }
        let filter = ClaimFilter(text: text, states: state.map { [$0] } ?? []), time = time
        return { connection in
            try ClaimRepository(connection: connection).list(filter, offset: skip, limit: limit).map { ClaimListRow(claim: $0, time: time) }
        }
    }

    private func loadSummary() {
        app.database.request(lane: "claims.summary.\(ObjectIdentifier(self).hashValue)", { connection in
            try ClaimRepository(connection: connection).summary()
        }, completion: { [weak self] result in
            guard let self, case .success(let summary) = result else { return }
            self.summary = summary
        })
    }

    var chips: [String] {
        let language = app.language
        return [InspectionText.stateChip(language, ["state": state?.label.text(language) ?? LogisticsText.chipAll(language)])]
    }

    var emptyMessage: LocalizedText { InspectionText.noClaims.text }

    func open(_ row: ClaimListRow, in browser: BrowserScreen<ClaimListSource>) {
        app.openCard(form ?? "claim", id: row.claim.id) { _ in ClaimEditor(app: self.app) }
    }

    func perform(_ command: String, selected: ClaimListRow?, in browser: BrowserScreen<ClaimListSource>) -> Bool {
        guard command == "claims.filter_state" else { return false }
        let language = app.language
        var choices = [ChoicePicker.Choice(value: "", label: InspectionText.allStates(language))]
        choices += ClaimState.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
        app.pick(ChoicePicker(title: InspectionText.showState(language), choices: choices,
                              selectedValue: state?.rawValue ?? "")) { [weak self, weak browser] value in
            self?.state = ClaimState(rawValue: value)
            browser?.reload()
        }
        return true
    }

    func clearFilters() { state = nil }

    func affects(_ event: any ChangeEvent, browser: BrowserScreen<ClaimListSource>) -> Bool { event is ClaimChanged }

    // MARK: the report above the list

    /// The report as a small table: the header and one line per carrier, at most five
    /// (the most open first).
    var summaryTable: [[String]] {
        guard let summary, !summary.isEmpty else { return [] }
        let language = app.language
        let header = [InspectionText.summaryCarrier, .summaryTotal, .summaryOpen, .summaryClaimed, .summarySettled, .summaryPaid,
                      .summaryRejected].map { $0(language) }
        return [header] + summary.prefix(5).map { s in
            [s.carrierName, String(s.total), String(s.open), s.openAmount.formatted(language), String(s.settled),
             s.settledAmount.formatted(language), String(s.rejected)]
        }
    }

    func headerHeight(width: Int) -> Int { summary == nil ? 1 : summaryTable.count }

    func drawHeader(on surface: Surface, in rect: Rect) {
        guard summary != nil else {
            surface.put(" " + UIText.loadingPane(app.language), row: rect.row, column: 1, style: Style(.dim))
            return
        }
        let table = summaryTable
        guard let first = table.first else { return }
        // The figures keep their width; the carrier's name takes what is left.
        var widths = first.indices.map { column in table.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        let figures = widths.dropFirst().reduce(0, +) + 2 * (widths.count - 1) + 1
        widths[0] = max(8, min(widths[0], rect.width - figures))
        for (index, line) in table.enumerated() where index < rect.height {
            let text = line.enumerated().map { column, cell in
                DisplayWidth.pad(column == 0 ? DisplayWidth.truncate(cell, to: widths[0]) : cell, to: widths[column],
                                 alignment: column == 0 ? .left : .right)
            }.joined(separator: "  ")
            surface.put(" " + text, row: rect.row + index, column: rect.column, style: Style(index == 0 ? .header : .normal),
                        maxWidth: rect.width)
        }
    }
}

/// A line of the claims list.
struct ClaimListRow: ListRow {
    var claim: ClaimRow
    var time: TripTime

    var rowID: Int64 { claim.id }

    func value(_ field: String) -> CellValue {
        switch field {
        case "id": .text(String(claim.id))
        case "state": .label(claim.state.label)
        case "carrier": .text(claim.carrierName)
        case "vehicle": .text(claim.stockNumber + " · " + claim.makeModel)
        case "codes": .text(claim.codes.joined(separator: ", "))
        case "amount": claim.amount.map { .money($0) } ?? .none
        case "trip": .text(claim.tripNumber)
        case "opened_at": .text(time.short(claim.openedAt))
        default: .none
        }
    }
}

/// A claim with the damages that opened it.
struct ClaimSheet: Sendable {
    var claim: ClaimRow
    var damages: [InspectionDamage]
}

/// Претензия on the card (`Screens/claim.toml`): the amount claimed, saved with F2 while
/// it is open; F9 settles (with what the carrier pays and how) or rejects (with why),
/// both by the database's commands. A settled or rejected claim is shown, not edited.
@MainActor
final class ClaimEditor: RecordEditor {
    unowned let app: KiteApplication
    var sheet: ClaimSheet?
    var isBusy = false
    let time = TripTime()

    init(app: KiteApplication) {
        self.app = app
    }

    var entity: String { "claim" }
    var variantField: String? { nil }

    func reader(id: Int64) -> @Sendable (PGConnection) throws -> CardRecord<ClaimSheet>? {
        { connection in try Self.read(id: id, connection: connection).map { CardRecord(record: $0) } }
    }

    nonisolated static func read(id: Int64, connection: PGConnection) throws -> ClaimSheet? {
        guard let claim = try ClaimRepository(connection: connection).get(id: id) else { return nil }
        let damages = try InspectionRepository(connection: connection).get(id: claim.inspectionID)?.damages.filter { $0.claimID == id } ?? []
        return ClaimSheet(claim: claim, damages: damages)
    }

    /// Claims are opened by a delivery inspection only: the card always opens a stored one.
    func newRecord() -> CardRecord<ClaimSheet> { CardRecord(record: ClaimSheet(claim: ClaimRow(), damages: [])) }

    func id(of sheet: ClaimSheet) -> Int64? { sheet.claim.id == 0 ? nil : sheet.claim.id }
    func variant(of sheet: ClaimSheet) -> String { "" }

    func willShow(_ loaded: CardRecord<ClaimSheet>, card: CardScreen<ClaimEditor>) { sheet = loaded.record }

    func title(_ sheet: ClaimSheet, isNew: Bool, base: String) -> String { base + " № \(sheet.claim.id)" }

    func editableFields(_ sheet: ClaimSheet) -> Set<String>? { sheet.claim.state == .open ? nil : [] }

    func values(of sheet: ClaimSheet, isNew: Bool) -> [String: String] {
        ["amount": sheet.claim.amount.map { VehicleFormValues.editable($0, app.language) } ?? ""]
    }

    func apply(_ values: [String: String], to base: ClaimSheet) -> (ClaimSheet, [FieldIssue]) {
        var input = FormInput(values)
        var sheet = base
        sheet.claim.amount = input.optionalMoney("amount", LocalizedText(ru: "Сумма претензии", en: "Amount claimed"), current: base.claim.amount)
        return (sheet, input.issues)
    }

    func validate(_ candidate: ClaimSheet) -> [FieldIssue] {
        if let amount = candidate.claim.amount, amount < .zero {
            return [.error("amount", ru: "Сумма претензии: не меньше нуля", en: "Amount claimed: not below zero")]
        }
        return []
    }

    func writer(_ candidate: ClaimSheet, isNew: Bool, actor: String) -> @Sendable (PGConnection) throws -> CardRecord<ClaimSheet> {
        let id = candidate.claim.id, amount = candidate.claim.amount, version = candidate.claim.version
        return { connection in
            try ClaimRepository(connection: connection).setAmount(claimID: id, amount: amount, expectedVersion: version, actor: actor)
            guard let sheet = try Self.read(id: id, connection: connection) else { throw NotFoundError(missing: "claim", id: id) }
            return CardRecord(record: sheet)
        }
    }

    func saved(_ stored: CardRecord<ClaimSheet>, isNew: Bool, card: CardScreen<ClaimEditor>) {
        app.deliver(ClaimChanged(id: stored.record.claim.id))
        app.showMessage(InspectionText.claimSaved(app.language, ["id": String(stored.record.claim.id)]))
        card.show(stored)
    }

    func receive(_ event: any ChangeEvent, card: CardScreen<ClaimEditor>) {
        guard let changed = event as? ClaimChanged, changed.id == sheet?.claim.id, !card.isDirty, !isBusy else { return }
        card.load(id: changed.id)
    }

    // MARK: panels

    func headerLines(card: CardScreen<ClaimEditor>) -> [CardLine] {
        guard let c = sheet?.claim else { return [] }
        let language = app.language
        var lines = [CardLine(text: [c.state.label.text(language), c.carrierName, c.tripNumber].joined(separator: " · "),
                              role: c.state == .open ? .warning : .status, bold: true),
                     CardLine(text: [c.stockNumber, c.makeModel, c.vin].joined(separator: " · "), role: .label),
                     CardLine(text: ClaimText.opened(language, ["at": time.text(c.openedAt), "login": c.openedBy]), role: .label)]
        if let at = c.resolvedAt {
            lines.append(CardLine(text: ClaimText.resolved(language, ["state": c.state.label.text(language), "at": time.text(at),
                                                                      "login": c.resolvedBy ?? "", "reason": c.resolution]),
                                  role: .status))
        }
        return lines
    }

    /// The damages are shown, not edited: they are the delivery inspection's.
    func changesDetailAtOnce(_ name: String) -> Bool { true }

    func offers(_ command: String, card: CardScreen<ClaimEditor>) -> Bool { command != "form.add_row" }

    func detailRows(_ name: String, card: CardScreen<ClaimEditor>) -> [any ListRow] {
        guard name == "damages", let sheet else { return [] }
        return sheet.damages.enumerated().map { DamageListRow(index: $0.offset, damage: $0.element, catalogue: app.environment.damageCodes) }
    }

    // MARK: settle or reject

    func unavailableReason(_ command: String, card: CardScreen<ClaimEditor>) -> LocalizedText? {
        guard command == "claim.resolve", let state = sheet?.claim.state else { return nil }
        if state != .open {
            let text = InspectionText.claimClosedNothing.text
            return LocalizedText(ru: LocalizedText.fill(text.ru, ["state": state.label.ru]), en: LocalizedText.fill(text.en, ["state": state.label.en]))
        }
        if card.isDirty { return LogisticsText.saveChangesFirst.text }
        return nil
    }

    func perform(_ command: String, card: CardScreen<ClaimEditor>) -> Bool {
        guard command == "claim.resolve" else { return false }
        if let reason = unavailableReason(command, card: card) {
            app.showError(reason.text(app.language))
            return true
        }
        guard let claim = sheet?.claim else { return true }
        let language = app.language
        app.pick(ChoicePicker(title: InspectionText.resolveTitle(language, ["id": String(claim.id)]),
                              choices: [ChoicePicker.Choice(value: "settle", label: InspectionText.settle(language)),
                                        ChoicePicker.Choice(value: "reject", label: InspectionText.reject(language))])) { [weak self, weak card] value in
            guard let self, let card else { return }
            if value == "settle" { self.askSettlement(claim, card: card) } else { self.askRejection(claim, card: card) }
        }
        return true
    }

    func askSettlement(_ claim: ClaimRow, card: CardScreen<ClaimEditor>) {
        let language = app.language
        let dialog = FormDialog(title: InspectionText.settleTitle(language, ["id": String(claim.id)]),
                                fields: [FormField(bind: "amount", label: InspectionText.paid(language), kind: .money, required: true),
                                         FormField(bind: "reason", label: InspectionText.reason(language), required: true, maxLength: 500)],
                                values: ["amount": claim.amount.map { VehicleFormValues.editable($0, language) } ?? "", "reason": ""], language: language)
        app.formDialog(dialog) { [weak self, weak card] values in
            guard let self, let card else { return true }
            var input = FormInput(values)
            let amount = input.optionalMoney("amount", LocalizedText(ru: "Сумма к оплате", en: "Amount paid"), current: nil)
            var issues = input.issues
            if amount == nil || amount! <= .zero, issues.isEmpty {
                issues.append(.error("amount", ru: "Сумма к оплате: больше нуля", en: "Amount paid: above zero"))
            }
            let reason = input.text("reason") ?? ""
            if reason.isEmpty { issues.append(.error("reason", ru: "Причина: обязательное поле", en: "Reason: required")) }
            guard issues.isEmpty else { dialog.showIssues(issues); return false }
            self.change(card) { try $0.settle(claimID: claim.id, amount: amount, reason: reason, actor: $1) }
            return true
        }
    }

    func askRejection(_ claim: ClaimRow, card: CardScreen<ClaimEditor>) {
        let language = app.language
        let dialog = FormDialog(title: InspectionText.rejectTitle(language, ["id": String(claim.id)]),
                                fields: [FormField(bind: "reason", label: InspectionText.reason(language), required: true, maxLength: 500)],
                                values: ["reason": ""], language: language)
        app.formDialog(dialog) { [weak self, weak card] values in
            guard let self, let card else { return true }
            let reason = values["reason"]?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !reason.isEmpty else {
                dialog.showIssues([.error("reason", ru: "Причина: обязательное поле", en: "Reason: required")])
                return false
            }
            self.change(card) { try $0.reject(claimID: claim.id, reason: reason, actor: $1) }
            return true
        }
    }

    /// A claim command on the database thread; the card then shows what is stored.
    func change(_ card: CardScreen<ClaimEditor>, _ work: @escaping @Sendable (ClaimRepository, String) throws -> Void) {
        guard !isBusy, let id = sheet?.claim.id else { return }
        isBusy = true
        let actor = app.login, language = app.language
        app.database.request(lane: "claim.command", { connection -> ClaimSheet? in
            try work(ClaimRepository(connection: connection), actor)
            return try Self.read(id: id, connection: connection)
        }, completion: { [weak self, weak card] result in
            guard let self, let card else { return }
            self.isBusy = false
            switch result {
            case .success(let sheet?):
                card.show(CardRecord(record: sheet))
                self.app.deliver(ClaimChanged(id: id))
                self.app.showMessage(InspectionText.claimResolved(language, ["id": String(id), "state": sheet.claim.state.label.text(language)]))
            case .success(nil):
                self.app.showError(ErrorText.describe(NotFoundError(missing: "claim", id: id), language: language))
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }
}

/// The claim card's lines.
enum ClaimText: TextKey {
    case opened, resolved

    var text: LocalizedText {
        switch self {
        case .opened: LocalizedText(ru: "Открыта {at} при выгрузке, {login}", en: "Opened {at} at delivery by {login}")
        case .resolved: LocalizedText(ru: "{state} {at}, {login}: {reason}", en: "{state} {at} by {login}: {reason}")
        }
    }
}
