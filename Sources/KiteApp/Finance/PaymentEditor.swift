import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// A payment as its card edits it: the stored payment (nil for a new one), its history
/// (the linked reversal), the deal it is for with that deal's balance, and what the
/// form parses to.
struct PaymentEntry: Sendable {
    var stored: Payment?
    var history: [Payment] = []
    var deal: DealPick?
    var draft: PaymentDraft?
    var dealNumber = ""
    var tripNumber = ""
}

/// Платёж on the card: enter a payment (it is saved pending), edit it while pending,
/// confirm it (finance, F9), reverse a confirmed one with a reason (F6), cancel a
/// pending one entered by mistake with a reason (F8, its author or finance). The deal
/// field takes a number or a customer's name (F3 picks from the matches); the picked
/// deal's balance shows under the form, and the history (who entered, confirmed,
/// reversed; the linked reversal) below it.
@MainActor
final class PaymentEditor: RecordEditor {
    unowned let app: KiteApplication
    /// A new payment's deal, when it is entered from a deal.
    let dealText: String?
    private(set) var dealBalance: DealPick?
    private var balanceFor = ""
    private var shownKind: String?

    init(app: KiteApplication, dealText: String? = nil) {
        self.app = app
        self.dealText = dealText
    }

    var entity: String { "payment" }
    var variantField: String? { nil }

    func reader(id: Int64) -> @Sendable (PGConnection) throws -> CardRecord<PaymentEntry>? {
        { connection in
            let repository = PaymentRepository(connection: connection)
            guard let payment = try repository.get(id: id) else { return nil }
            let deal = try payment.dealNumber.flatMap { try repository.deal(number: $0) }
            return CardRecord(record: PaymentEntry(stored: payment, history: try repository.history(id: id), deal: deal))
        }
    }

    func newRecord() -> CardRecord<PaymentEntry> { CardRecord(record: PaymentEntry()) }

    func willShow(_ loaded: CardRecord<PaymentEntry>, card: CardScreen<PaymentEditor>) {
        dealBalance = loaded.record.deal
        balanceFor = loaded.record.deal?.number ?? ""
        shownKind = nil
    }

    func id(of entry: PaymentEntry) -> Int64? { entry.stored?.id }
    func variant(of entry: PaymentEntry) -> String { "" }

    func values(of entry: PaymentEntry, isNew: Bool) -> [String: String] {
        var values = Self.values(of: entry.stored, dealershipID: app.references.dealership?.id, today: BookDay.today(),
                                 language: app.language)
        if entry.stored == nil, let dealText { values["deal"] = dealText }
        return values
    }

    static func values(of payment: Payment?, dealershipID: Int64?, today: CivilDate, language: Language = .ru) -> [String: String] {
        guard let payment else {
            return ["kind": PaymentKind.prepayment.rawValue, "method": PaymentMethod.cash.rawValue, "amount": "",
                    "payment_date": today.russianText, "deal": "", "trip": "", "dealership_id": dealershipID.map(String.init) ?? "",
                    "counterparty": "", "purpose": "", "document_ref": "", "reason": ""]
        }
        return ["kind": payment.kind.rawValue, "method": payment.method.rawValue,
                "amount": VehicleFormValues.editable(payment.amount, language), "payment_date": payment.date.russianText,
                "deal": payment.dealNumber ?? "", "trip": payment.tripNumber ?? "", "dealership_id": String(payment.dealershipID),
                "counterparty": payment.counterparty, "purpose": payment.purpose, "document_ref": payment.documentRef,
                "reason": payment.isReversal ? payment.reason : ""]
    }

    static func isEditable(_ entry: PaymentEntry) -> Bool { entry.stored == nil || entry.stored?.state == .pending }
    static func isReversible(_ entry: PaymentEntry) -> Bool { entry.stored?.state == .confirmed && entry.stored?.isReversal == false }

    /// Pending (or new): every field; confirmed: the reversal reason; otherwise nothing.
    func editableFields(_ entry: PaymentEntry) -> Set<String>? {
        if Self.isEditable(entry) { return nil }
        return Self.isReversible(entry) ? ["reason"] : []
    }

    func firstFocus(_ entry: PaymentEntry, isNew: Bool) -> String? {
        Self.isReversible(entry) ? "reason" : (isNew ? "amount" : "kind")
    }

    /// The reversal section: for a confirmed payment (to type the reason) and for a
    /// reversal entry (its reason). A new payment from a deal looks the deal up.
    func didShow(card: CardScreen<PaymentEditor>) {
        guard let entry = card.record, let form = card.form else { return }
        form.setSectionVisible("reversal", Self.isReversible(entry) || entry.stored?.isReversal == true)
        if entry.stored == nil, dealText != nil { dealChanged(card) }
    }

    func title(_ entry: PaymentEntry, isNew: Bool, base: String) -> String {
        guard let payment = entry.stored else { return FinanceTexts.newPaymentTitle(app.language, ["title": base]) }
        let kind = payment.isReversal ? FinanceTexts.reversalOf(app.language, ["id": String(payment.reversesPaymentID!)])
                                      : payment.direction.label.text(app.language)
        return "\(base) №\(payment.id) · \(kind) · \(payment.state.label.text(app.language))"
    }

    // MARK: - Commands

    /// What the payment's state allows: editing while pending, confirming and cancelling a
    /// pending one (or a new one, once saved), reversing a confirmed one.
    func offers(_ command: String, card: CardScreen<PaymentEditor>) -> Bool {
        guard let entry = card.record else { return true }
        switch command {
        case "form.save", "finance.pick_deal": return Self.isEditable(entry)
        case "finance.confirm", "payment.cancel": return entry.stored.map { $0.state == .pending } ?? true
        case "finance.reverse": return Self.isReversible(entry)
        case "form.reload": return entry.stored != nil
        default: return true
        }
    }

    func unavailableReason(_ command: String, card: CardScreen<PaymentEditor>) -> LocalizedText? {
        guard command == "finance.confirm" || command == "payment.cancel" else { return nil }
        if card.isNew { return LocalizedText(ru: "Сначала сохраните платёж (F2)", en: "Save the payment first (F2)") }
        guard card.isDirty else { return nil }
        return LocalizedText(ru: "Сначала сохраните (F2) или сбросьте (F5) изменения", en: "Save (F2) or discard (F5) your changes first")
    }

    func perform(_ command: String, card: CardScreen<PaymentEditor>) -> Bool {
        guard let payment = card.record?.stored ?? nil else {
            if command == "finance.pick_deal" { pickDeal(card); return true }
            return false
        }
        switch command {
        case "finance.pick_deal": pickDeal(card)
        case "finance.confirm":
            PaymentActions.confirm(app: app, payment: payment) { [weak card] confirmed in card?.load(id: confirmed.id) }
        case "payment.cancel":
            PaymentCancelAction.start(app: app, payment: payment) { [weak card] _ in card?.load(id: payment.id) }
        case "finance.reverse":
            let reason = card.form?.value("reason") ?? ""
            if !PaymentActions.reverse(app: app, payment: payment, reason: reason, done: { [weak card] _ in
                card?.load(id: payment.id)
            }) {
                card.form?.focus(bind: "reason")
            }
        default:
            return false
        }
        return true
    }

    /// A kind that needs its own method (a loan, a trade-in) sets it; a whole deal number
    /// typed in the deal field shows that deal's balance.
    func valuesChanged(card: CardScreen<PaymentEditor>) {
        guard let form = card.form else { return }
        let kind = form.value("kind")
        if kind != shownKind {
            if shownKind != nil, let kind = PaymentKind(rawValue: kind ?? ""), let method = kind.requiredMethod {
                form.setValue(method.rawValue, for: "method")
            }
            shownKind = kind
        }
        dealChanged(card)
    }

    /// The deal field holds a whole deal number: look its balance up.
    private func dealChanged(_ card: CardScreen<PaymentEditor>) {
        guard let form = card.form else { return }
        let text = (form.value("deal") ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        guard text != balanceFor else { return }
        balanceFor = text
        guard DealNumber.parse(text) != nil else {
            dealBalance = nil
            return
        }
        let isNew = card.isNew
        app.database.request(lane: card.ownLane("payment.deal"), { connection in
            try PaymentRepository(connection: connection).deal(number: text)
        }, completion: { [weak self, weak card] result in
            guard let self, self.balanceFor == text else { return }
            if case .success(let deal) = result {
                self.dealBalance = deal
                if let deal, isNew { card?.form?.setValue(String(deal.dealershipID), for: "dealership_id") }
            }
        })
    }

    /// The deal search box: it starts with what is typed in the field.
    private func pickDeal(_ card: CardScreen<PaymentEditor>) {
        guard let form = card.form else { return }
        let text = (form.value("deal") ?? "").trimmingCharacters(in: .whitespaces)
        DealPicker.pick(app: app, initialText: text) { [weak self, weak card] deal in
            guard let self, let form = card?.form else { return }
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
            // The domain's parser names the rule that failed: too many kopeck digits, not a
            // number, or an amount above what the database holds.
            switch FieldParsers.money(amountText, field: "amount") {
            case .success(let parsed): amount = parsed
            case .failure(let issue): issues.append(issue)
            }
        }
        let texts: [(field: String, text: String)] = ["counterparty", "purpose", "document_ref"].map { name in (name, values[name] ?? "") }
        issues += TextRules.issues(table: "payments", texts)
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
        let tripNumber = (values["trip"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if !tripNumber.isEmpty && !TripNumber.isValid(tripNumber) {
            issues.append(.error("trip", ru: "Рейс: номер вида MSK-TR-2026-000045", en: "Trip: a number like MSK-TR-2026-000045"))
        } else if !tripNumber.isEmpty, let kind, kind != .carrier {
            issues.append(.error("trip", ru: "Рейс: указывается только для вида «\(PaymentKind.carrier.label.ru)»",
                                 en: "Trip: only for the kind '\(PaymentKind.carrier.label.en)'"))
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
        draft.tripID = tripNumber.isEmpty ? nil : 0
        return (draft, dealNumber, issues)
    }

    func apply(_ values: [String: String], to base: PaymentEntry) -> (PaymentEntry, [FieldIssue]) {
        let (draft, dealNumber, issues) = Self.parse(values)
        var entry = base
        entry.draft = draft
        entry.dealNumber = dealNumber
        entry.tripNumber = (values["trip"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        return (entry, issues)
    }

    func validate(_ candidate: PaymentEntry) -> [FieldIssue] {
        guard Self.isEditable(candidate) else { return [] }
        return dealIssue(kind: candidate.draft?.kind, dealNumber: candidate.dealNumber).map { [$0] } ?? []
    }

    /// A payment for a cancelled or closed deal is refused (a refund excepted): said as soon
    /// as the deal and the kind are known, not only when the database refuses the save.
    func dealIssue(kind: PaymentKind?, dealNumber: String) -> FieldIssue? {
        guard let deal = dealBalance, deal.number == dealNumber.trimmingCharacters(in: .whitespaces).uppercased(),
              let stage = DealStage(rawValue: deal.stage), let kind else { return nil }
        return stage.paymentIssue(kind, dealNumber: deal.number)
    }

    func writer(_ candidate: PaymentEntry, isNew: Bool, actor: String) -> @Sendable (PGConnection) throws -> CardRecord<PaymentEntry> {
        let id = candidate.stored?.id, version = candidate.stored?.version ?? 0, dealNumber = candidate.dealNumber
        let tripNumber = candidate.tripNumber
        let parsed = candidate.draft
        return { connection in
            guard var draft = parsed else { throw FieldRefusal(issue: .error("amount", ru: "Платёж не разобран: проверьте поля", en: "The payment could not be read: check the fields")) }
            let repository = PaymentRepository(connection: connection)
            if !dealNumber.isEmpty {
                guard let deal = try repository.deal(number: dealNumber) else {
                    throw FieldRefusal(issue: .error("deal", ru: "Сделка \(dealNumber) не найдена", en: "Deal \(dealNumber) not found"))
                }
                draft.dealID = deal.id
            }
            if !tripNumber.isEmpty {
                guard let trip = try TripRepository(connection: connection).get(number: tripNumber) else {
                    throw FieldRefusal(issue: .error("trip", ru: "Рейс \(tripNumber) не найден", en: "Trip \(tripNumber) not found"))
                }
                draft.tripID = trip.id
            }
            let stored = try id.map { try repository.update(id: $0, draft, expectedVersion: version, actor: actor) }
                ?? repository.insert(draft, actor: actor)
            return CardRecord(record: PaymentEntry(stored: stored))
        }
    }

    /// Saved pending: the card reads it again with its deal and history.
    func saved(_ stored: CardRecord<PaymentEntry>, isNew: Bool, card: CardScreen<PaymentEditor>) {
        guard let payment = stored.record.stored else { return }
        let language = app.language
        app.showMessage(FinanceTexts.savedPayment(language, ["id": String(payment.id), "amount": payment.amount.formatted(language)]))
        card.load(id: payment.id)
    }

    func fieldIssue(for error: any Error) -> FieldIssue? { (error as? FieldRefusal)?.issue }

    // MARK: - Under the form

    func footerLines(card: CardScreen<PaymentEditor>) -> [CardLine] {
        guard let entry = card.record else { return [] }
        var lines = infoLines(entry, typedDeal: card.form?.value("deal") ?? "")
        if Self.isEditable(entry), let form = card.form,
           let issue = dealIssue(kind: PaymentKind(rawValue: form.value("kind") ?? ""), dealNumber: form.value("deal") ?? "") {
            lines.insert((issue.message.text(app.language), .error), at: min(1, lines.count))
        }
        return lines.map { CardLine(text: $0.0, role: $0.1, wraps: true) }
    }

    /// The lines under the form: the deal's balance, who did what, the linked entries.
    func infoLines(_ entry: PaymentEntry, typedDeal: String) -> [(String, StyleRole)] {
        let language = app.language
        var lines: [(String, StyleRole)] = []
        if let deal = dealBalance {
            let role: StyleRole = deal.balance.state == .overpaid ? .warning : (deal.balance.isFullyPaid ? .ok : .accent)
            lines.append((FinanceText.balanceLine(number: deal.number, customer: PersonName.short(deal.customerName),
                                                  balance: deal.balance, stage: DealStage(rawValue: deal.stage),
                                                  language: language), role))
        } else if Self.isEditable(entry) {
            let text = typedDeal
            if !text.isEmpty { lines.append((FinanceTexts.noDealPicked(language, ["text": text]), .dim)) }
        }
        guard let payment = entry.stored else { return lines }
        var who = [FinanceTexts.enteredBy(language, ["name": payment.createdBy, "time": FinanceText.moment(payment.createdAt)])]
        if let by = payment.confirmedBy {
            who.append(FinanceTexts.confirmedBy(language, ["name": by, "time": FinanceText.moment(payment.confirmedAt)]))
        }
        if let by = payment.reversedBy {
            who.append(FinanceTexts.reversedBy(language, ["name": by, "time": FinanceText.moment(payment.reversedAt)]))
        }
        if let by = payment.cancelledBy {
            who.append(FinanceTexts.cancelledBy(language, ["name": by, "time": FinanceText.moment(payment.cancelledAt)]))
        }
        lines.append((who.joined(separator: " · "), .dim))
        if payment.state == .cancelled {
            lines.append((FinanceTexts.cancelledCountsNowhere(language, ["reason": payment.cancelReason]), .warning))
        }
        for linked in entry.history where linked.id != payment.id {
            let values = ["id": String(linked.id), "date": linked.date.russianText, "amount": linked.amount.formatted(language)]
            let text = linked.isReversal
                ? FinanceTexts.linkedReversal(language, values.merging(["reason": linked.reason]) { _, new in new })
                : FinanceTexts.reversesPayment(language, values)
            lines.append((text, .warning))
        }
        return lines
    }
}
