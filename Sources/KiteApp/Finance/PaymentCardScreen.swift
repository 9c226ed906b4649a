import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Платёж: enter a payment (it is saved pending), edit it while pending,
/// confirm it (finance, F9), reverse a confirmed one with a reason (F6),
/// cancel a pending one entered by mistake with a reason (F8, its author or finance).
/// The deal field takes a number or a customer's name (F3 picks from the
/// matches); the picked deal's balance shows under the form, and the
/// history (who entered, confirmed, reversed; the linked reversal) below it.
@MainActor
final class PaymentCardScreen: AppScreen {
    unowned let app: KiteApplication
    let definition: FormScreenDefinition
    private(set) var paymentID: Int64?
    private(set) var payment: Payment?
    private(set) var history: [Payment] = []
    private(set) var form: FormView?
    private(set) var isOpening = false
    private var loadLane: String { ownLane("payment.load") }
    private(set) var dealBalance: DealPick?
    private var balanceFor = ""
    private var isSaving = false
    private var dealOptions: [String: String] = [:]

    init(app: KiteApplication, definition: FormScreenDefinition, paymentID: Int64?, dealText: String? = nil) {
        self.app = app
        self.definition = definition
        self.paymentID = paymentID
        if let paymentID {
            load(id: paymentID)
        } else {
            show(nil)
            if let dealText, let form {
                form.setValue(dealText, for: "deal")
                dealChanged()
            }
        }
    }

    var isNew: Bool { paymentID == nil }
    var isEditable: Bool { payment == nil || payment?.state == .pending }
    var keymapContext: String { "form" }

    var offeredCommands: [String] {
        var commands = ["form.cancel", "form.next_field", "form.prev_field"]
        if isEditable { commands += ["form.save", "finance.pick_deal"] }
        if !isNew { commands.append("form.reload") }
        if payment?.state == .pending { commands += ["finance.confirm", "payment.cancel"] }
        if payment?.state == .confirmed && payment?.isReversal == false { commands.append("finance.reverse") }
        return commands.filter { definition.commands.contains($0) || $0 == "form.reload" }
    }

    var title: String {
        let base = definition.title.text(app.language)
        guard let payment else { return base + " · " + (app.language == .ru ? "новый" : "new") }
        let kind = payment.isReversal ? (app.language == .ru ? "сторно №\(payment.reversesPaymentID!)" : "reversal of #\(payment.reversesPaymentID!)")
                                      : payment.direction.label.text(app.language)
        return "\(base) №\(payment.id) · \(kind) · \(payment.state.label.text(app.language))"
    }

    var leaveQuestion: String? {
        guard let form, form.isDirty, isEditable else { return nil }
        return CardText.unsavedChanges(app.language)
    }

    // MARK: - Loading and showing

    private func load(id: Int64) {
        // Only the first read holds typed keys; a reload leaves them to the form on screen.
        isOpening = form == nil
        app.database.request(lane: loadLane, { connection -> (Payment?, [Payment], DealPick?) in
            let repository = PaymentRepository(connection: connection)
            guard let payment = try repository.get(id: id) else { return (nil, [], nil) }
            let deal = try payment.dealNumber.flatMap { try repository.deal(number: $0) }
            return (payment, try repository.history(id: id), deal)
        }, completion: { [weak self] result in
            guard let self else { return }
            self.isOpening = false
            switch result {
            case .success((let payment?, let history, let deal)):
                self.history = history
                self.dealBalance = deal
                self.balanceFor = deal?.number ?? ""
                self.show(payment)
            case .success:
                self.app.showError(ErrorText.describe(NotFoundError(missing: "payment", id: id), language: self.app.language))
            case .failure(let error):
                self.app.showError(FinanceText.describe(error, language: self.app.language))
            }
        })
    }

    static func values(of payment: Payment?, dealershipID: Int64?, today: CivilDate) -> [String: String] {
        guard let payment else {
            return ["kind": PaymentKind.prepayment.rawValue, "method": PaymentMethod.cash.rawValue, "amount": "",
                    "payment_date": today.russianText, "deal": "", "dealership_id": dealershipID.map(String.init) ?? "",
                    "counterparty": "", "purpose": "", "document_ref": "", "reason": ""]
        }
        return ["kind": payment.kind.rawValue, "method": payment.method.rawValue,
                "amount": VehicleFormValues.editable(payment.amount), "payment_date": payment.date.russianText,
                "deal": payment.dealNumber ?? "", "dealership_id": String(payment.dealershipID),
                "counterparty": payment.counterparty, "purpose": payment.purpose, "document_ref": payment.documentRef,
                "reason": payment.isReversal ? payment.reason : ""]
    }

    private func show(_ payment: Payment?) {
        self.payment = payment
        let builder = FormBuilder(definition: definition, app: app)
        var values = Self.values(of: payment, dealershipID: app.references.dealership?.id, today: BookDay.today())
        let editable = isEditable
        let reversible = payment?.state == .confirmed && payment?.isReversal == false
        var sections = builder.sections()
        for s in sections.indices {
            for f in sections[s].fields.indices {
                let field = sections[s].fields[f]
                let keepsEditor = field.bind == "reason" ? reversible : editable
                guard !keepsEditor, field.kind != .readOnly else { continue }
                // Read-only: show the label of a choice, not its code.
                if case .select(let options) = field.kind, let option = options.first(where: { $0.value == values[field.bind] }) {
                    values[field.bind] = option.label
                }
                if field.bind == "amount", let payment { values["amount"] = payment.amount.formatted(app.language) }
                sections[s].fields[f].kind = .readOnly
            }
        }
        let form = FormView(sections: sections, values: values, language: app.language)
        // The reversal section: for a confirmed payment (to type the reason) and for a reversal entry (its reason).
        form.setSectionVisible("reversal", reversible || payment?.isReversal == true)
        self.form = form
        if reversible { form.focus(bind: "reason") } else if editable { form.focus(bind: isNew ? "amount" : "kind") }
    }

    // MARK: - Keys

    func perform(_ command: String) -> Bool {
        // Still loading: this screen's own commands wait; a shared key may serve another.
        guard let form else { return offeredCommands.contains(command) && command != "form.cancel" }
        switch command {
        case "form.save":
            if isEditable { save() }
        case "form.next_field": if !form.focusNext() { focusEdge(last: false) }
        case "form.prev_field": if !form.focusPrevious() { focusEdge(last: true) }
        case "form.reload":
            if let paymentID { load(id: paymentID) }
        case "finance.pick_deal":
            if isEditable { pickDeal() }
        case "finance.confirm":
            guard let payment else {
                app.showError(app.language == .ru ? "Сначала сохраните платёж (F2)" : "Save the payment first (F2)")
                return true
            }
            if form.isDirty {
                app.showError(app.language == .ru ? "Сначала сохраните изменения (F2)" : "Save your changes first (F2)")
                return true
            }
            PaymentActions.confirm(app: app, payment: payment) { [weak self] confirmed in self?.load(id: confirmed.id) }
        case "payment.cancel":
            guard let payment else { return true }
            if form.isDirty {
                app.showError(app.language == .ru ? "Сначала сохраните (F2) или сбросьте (F5) изменения"
                                                  : "Save (F2) or discard (F5) your changes first")
                return true
            }
            PaymentCancelAction.start(app: app, payment: payment) { [weak self] _ in self?.load(id: payment.id) }
        case "finance.reverse":
            guard let payment else { return true }
            let reason = form.value("reason") ?? ""
            if !PaymentActions.reverse(app: app, payment: payment, reason: reason, done: { [weak self] _ in
                self?.load(id: payment.id)
            }), payment.state == .confirmed {
                form.focus(bind: "reason")
            }
        default:
            return false
        }
        return true
    }

    private func focusEdge(last: Bool) {
        guard let form else { return }
        let binds = form.sections.filter { form.isSectionVisible($0.id) }.flatMap(\.fields).filter(\.isFocusable).map(\.bind)
        if let bind = last ? binds.last : binds.first { form.focus(bind: bind) }
    }

    func handle(_ key: Key) -> Bool {
        guard let form else { return false }
        let before = form.value("kind")
        let handled = form.handle(key)
        if form.value("kind") != before { kindChanged() }
        if form.focusedBind == "deal" || form.value("deal") != balanceFor { dealChanged() }
        return handled
    }

    /// A kind that needs its own method (a loan, a trade-in) sets it.
    private func kindChanged() {
        guard let form, let kind = PaymentKind(rawValue: form.value("kind") ?? ""), let method = kind.requiredMethod else { return }
        form.setValue(method.rawValue, for: "method")
    }

    /// The deal field holds a whole deal number: look its balance up.
    private func dealChanged() {
        guard let form else { return }
        let text = (form.value("deal") ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        guard text != balanceFor else { return }
        balanceFor = text
        guard DealNumber.parse(text) != nil else {
            dealBalance = nil
            return
        }
        app.database.request(lane: "payment.deal", { connection in
            try PaymentRepository(connection: connection).deal(number: text)
        }, completion: { [weak self] result in
            guard let self, self.balanceFor == text else { return }
            if case .success(let deal) = result {
                self.dealBalance = deal
                if let deal, self.isNew { self.form?.setValue(String(deal.dealershipID), for: "dealership_id") }
            }
        })
    }

    /// The deal search box: it starts with what is typed in the field.
    private func pickDeal() {
        guard let form else { return }
        let text = (form.value("deal") ?? "").trimmingCharacters(in: .whitespaces)
        DealPicker.pick(app: app, initialText: text) { [weak self] deal in
            guard let self, let form = self.form else { return }
            form.setValue(deal.number, for: "deal")
            self.balanceFor = deal.number
            self.dealBalance = deal
            form.setValue(String(deal.dealershipID), for: "dealership_id")
            form.focus(bind: "counterparty")
        }
    }

    // MARK: - Saving

    /// Parses the form: the draft (without the deal id, resolved on the
    /// database thread) and the problems, by field.
    static func parse(_ values: [String: String]) -> (draft: PaymentDraft?, dealNumber: String, issues: [FieldIssue]) {
        var issues: [FieldIssue] = []
        let kind = PaymentKind(rawValue: values["kind"] ?? "")
        if kind == nil { issues.append(.error("kind", ru: "Вид: выберите из списка", en: "Kind: choose one")) }
        let method = PaymentMethod(rawValue: values["method"] ?? "")
        if method == nil { issues.append(.error("method", ru: "Способ: выберите из списка", en: "Method: choose one")) }
        var amount: Money?
        let amountText = values["amount"] ?? ""
        if amountText.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(.error("amount", ru: "Сумма: обязательное поле", en: "Amount: required"))
        } else {
            do { amount = try Money.parse(amountText) } catch {
                issues.append(.error("amount", ru: "Сумма: число, не более двух знаков после запятой (например 250 000,50)",
                                     en: "Amount: a number with at most two decimals (e.g. 250 000.50)"))
            }
        }
        let dateText = values["payment_date"] ?? ""
        let date = CivilDate.parseRussian(dateText) ?? CivilDate.parseISO(dateText)
        if date == nil { issues.append(.error("payment_date", ru: "Дата: ДД.ММ.ГГГГ, существующий день", en: "Date: DD.MM.YYYY, a real day")) }
        let dealershipID = Int64(values["dealership_id"] ?? "")
        if dealershipID == nil { issues.append(.error("dealership_id", ru: "Дилерский центр: обязательное поле", en: "Dealership: required")) }
        let dealNumber = (values["deal"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if !dealNumber.isEmpty && DealNumber.parse(dealNumber) == nil {
            issues.append(.error("deal", ru: "Сделка: номер вида MSK-2026-000123 (F3 — найти по клиенту)",
                                 en: "Deal: a number like MSK-2026-000123 (F3 finds it by customer)"))
        }
        guard let kind, let method, let amount, let date, let dealershipID else { return (nil, dealNumber, issues) }
        var draft = PaymentDraft(dealershipID: dealershipID, kind: kind, method: method, amount: amount, date: date,
                                 dealID: dealNumber.isEmpty ? nil : 0,
                                 counterparty: (values["counterparty"] ?? "").trimmingCharacters(in: .whitespaces),
                                 purpose: (values["purpose"] ?? "").trimmingCharacters(in: .whitespaces),
                                 documentRef: (values["document_ref"] ?? "").trimmingCharacters(in: .whitespaces))
        let flagged = Set(issues.map(\.field))
        issues += draft.issues.filter { !flagged.contains($0.field) }
        if dealNumber.isEmpty { draft.dealID = nil }
        return (draft, dealNumber, issues)
    }

    enum SaveOutcome: Sendable {
        case saved(Payment)
        case unknownDeal(String)
    }

    func save() {
        guard let form, !isSaving else { return }
        let language = app.language, ru = language == .ru
        let (parsed, dealNumber, issues) = Self.parse(form.values)
        form.setIssues(issues)
        guard let parsed, !issues.contains(where: { $0.severity == .error }) else {
            form.focusFirstError()
            app.showError(CardText.notSaved(app.language))
            return
        }
        isSaving = true
        let actor = app.login, id = paymentID, version = payment?.version ?? 0
        app.showMessage(ru ? "Сохранение…" : "Saving…", role: .status)
        app.database.request(lane: "payment.save", { connection -> SaveOutcome in
            let repository = PaymentRepository(connection: connection)
            var draft = parsed
            if !dealNumber.isEmpty {
                guard let deal = try repository.deal(number: dealNumber) else { return .unknownDeal(dealNumber) }
                draft.dealID = deal.id
            }
            if let id { return .saved(try repository.update(id: id, draft, expectedVersion: version, actor: actor)) }
            return .saved(try repository.insert(draft, actor: actor))
        }, completion: { [weak self] result in
            guard let self else { return }
            self.isSaving = false
            switch result {
            case .success(.saved(let stored)):
                form.markSaved()
                self.paymentID = stored.id
                self.app.showMessage(ru ? "Сохранён платёж №\(stored.id) · \(stored.amount.formatted(language)) · ожидает подтверждения"
                                        : "Saved payment #\(stored.id) · \(stored.amount.formatted(language)) · pending")
                self.load(id: stored.id)
            case .success(.unknownDeal(let number)):
                form.setIssues(issues + [.error("deal", ru: "Сделка \(number) не найдена", en: "Deal \(number) not found")])
                form.focus(bind: "deal")
                self.app.showError(ru ? "Не сохранено: сделка \(number) не найдена" : "Not saved: deal \(number) not found")
            case .failure(let error):
                self.app.showError(FinanceText.describe(error, language: language))
            }
        })
    }

    // MARK: - Drawing

    /// The lines under the form: the deal's balance, who did what, the linked entries.
    var infoLines: [(String, StyleRole)] {
        let language = app.language, ru = language == .ru
        var lines: [(String, StyleRole)] = []
        if let deal = dealBalance {
            let role: StyleRole = deal.balance.state == .overpaid ? .warning : (deal.balance.isFullyPaid ? .ok : .accent)
            lines.append((FinanceText.balanceLine(number: deal.number, customer: PersonName.short(deal.customerName),
                                                  balance: deal.balance, language: language), role))
        } else if isEditable {
            let text = form?.value("deal") ?? ""
            if !text.isEmpty { lines.append(((ru ? "Сделка не выбрана: F3 — найти «" : "No deal picked: F3 finds “") + text + (ru ? "»" : "”"), .dim)) }
        }
        guard let payment else { return lines }
        var who = (ru ? "Ввёл " : "Entered by ") + payment.createdBy + " " + FinanceText.moment(payment.createdAt)
        if let by = payment.confirmedBy { who += (ru ? " · подтвердил " : " · confirmed by ") + by + " " + FinanceText.moment(payment.confirmedAt) }
        if let by = payment.reversedBy { who += (ru ? " · сторнировал " : " · reversed by ") + by + " " + FinanceText.moment(payment.reversedAt) }
        if let by = payment.cancelledBy { who += (ru ? " · отменил " : " · cancelled by ") + by + " " + FinanceText.moment(payment.cancelledAt) }
        lines.append((who, .dim))
        if payment.state == .cancelled {
            lines.append(((ru ? "Отменён: " : "Cancelled: ") + payment.cancelReason
                          + (ru ? " · не учитывается нигде" : " · counts nowhere"), .warning))
        }
        for entry in history where entry.id != payment.id {
            let text: String
            if entry.isReversal {
                text = (ru ? "Сторно №\(entry.id) от \(entry.date.russianText): " : "Reversal #\(entry.id) of \(entry.date.russianText): ")
                    + entry.amount.formatted(language) + (ru ? " · причина: " : " · reason: ") + entry.reason
            } else {
                text = (ru ? "Сторнирует платёж №\(entry.id) от \(entry.date.russianText) на " : "Reverses payment #\(entry.id) of \(entry.date.russianText), ")
                    + entry.amount.formatted(language)
            }
            lines.append((text, .warning))
        }
        return lines
    }

    func draw(on surface: Surface, in rect: Rect) {
        guard let form else {
            surface.put(app.language == .ru ? " Загрузка…" : " Loading…", row: rect.row + 1, column: 1, style: Style(.dim))
            return
        }
        let info = infoLines.flatMap { line in
            TextWrap.lines(line.0, width: max(20, rect.width - 2)).map { ($0, line.1) }
        }
        let infoHeight = min(info.count, max(0, rect.height - 6))
        let body = Rect(row: rect.row, column: rect.column, height: rect.height - 1 - infoHeight, width: rect.width)
        form.draw(on: surface, in: body)
        for (offset, line) in info.prefix(infoHeight).enumerated() {
            surface.put(" " + line.0, row: body.row + body.height + offset, column: 0, style: Style(line.1), maxWidth: rect.width)
        }
        if let bind = form.focusedBind, let help = definition.field(bind)?.help?.text(app.language) {
            surface.put(" " + help, row: rect.row + rect.height - 1, column: 0, style: Style(.dim), maxWidth: rect.width)
        }
    }
}
