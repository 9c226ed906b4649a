import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// Карточка клиента on the card: `Screens/customer.toml`, person, company or sole-trader sections by
/// `kind`. F2 checks the fields, looks for possible duplicates (same phone, passport or
/// INN) and lets the operator decide, then saves. Opened from a picker, the saved (or
/// chosen existing) customer goes back to the form that asked.
@MainActor
final class CustomerEditor: RecordEditor {
    unowned let app: KiteApplication
    let initialText: String
    /// Called with the saved customer (or an existing one the operator chose instead).
    var onSaved: ((Customer) -> Void)?
    /// Fields typed on a new customer's card, carried over to the existing customer it
    /// turned out to be: shown as unsaved edits once that card has loaded.
    var carriedValues: [String: String] = [:]
    /// The form as it was shown: what differs from it was typed by the operator.
    private var shownValues: [String: String] = [:]

    init(app: KiteApplication, initialText: String = "") {
        self.app = app
        self.initialText = initialText
    }

    var entity: String { "customer" }
    var variantField: String? { "kind" }
    var hasChecks: Bool { true }

    func reader(id: Int64) -> @Sendable (PGConnection) throws -> CardRecord<Customer>? {
        { try CustomerRepository(connection: $0).get(id: id).map { CardRecord(record: $0) } }
    }

    func newRecord() -> CardRecord<Customer> {
        CardRecord(record: Self.newCustomer(from: initialText, dealershipID: app.references.dealership?.id))
    }

    /// What was typed in a picker becomes the phone (if it looks like one) or the name.
    static func newCustomer(from typed: String, dealershipID: Int64?) -> Customer {
        let text = typed.trimmingCharacters(in: .whitespaces)
        let looksLikePhone = !text.isEmpty && text.allSatisfy { ($0.isASCII && $0.isNumber) || " +-()".contains($0) }
        return Customer(kind: .person, name: looksLikePhone ? "" : text, phone: looksLikePhone ? text : "",
                        dealershipID: dealershipID)
    }

    func id(of customer: Customer) -> Int64? { customer.id == 0 ? nil : customer.id }
    func values(of customer: Customer, isNew: Bool) -> [String: String] { CustomerFormValues.values(of: customer) }

    func didShow(card: CardScreen<CustomerEditor>) {
        shownValues = card.form?.values ?? [:]
        guard !carriedValues.isEmpty, let form = card.form else { return }
        let carried = carriedValues
        carriedValues = [:]
        for (bind, value) in carried { form.setValue(value, for: bind) }
        app.showMessage(SalesText.carriedOver(app.language), role: .warning)
    }
    func variant(of customer: Customer) -> String { customer.kind.rawValue }
    func apply(_ values: [String: String], to base: Customer) -> (Customer, [FieldIssue]) { CustomerFormValues.apply(values, to: base) }
    func validate(_ candidate: Customer) -> [FieldIssue] { candidate.validate(today: CivilDate(Date(), timeZone: .current)) }

    func firstFocus(_ customer: Customer, isNew: Bool) -> String? {
        isNew ? (customer.name.isEmpty ? "name" : "phone") : "name"
    }

    func title(_ customer: Customer, isNew: Bool, base: String) -> String {
        isNew ? SalesText.newCustomerTitle(app.language, ["title": base]) : base + " · " + customer.name
    }

    func checkSubject(_ customer: Customer) -> (subject: CheckSubject, id: Int64, name: String)? {
        customer.id == 0 ? nil : (.customer, customer.id, customer.name)
    }

    func writer(_ candidate: Customer, isNew: Bool, actor: String) -> @Sendable (PGConnection) throws -> CardRecord<Customer> {
        { connection in
            let repository = CustomerRepository(connection: connection)
            return CardRecord(record: isNew ? try repository.insert(candidate, actor: actor) : try repository.update(candidate, actor: actor))
        }
    }

    func saved(_ stored: CardRecord<Customer>, isNew: Bool, card: CardScreen<CustomerEditor>) {
        app.showMessage(SalesText.savedCustomer(app.language, ["name": stored.record.name]))
        app.pop(force: true)
        onSaved?(stored.record)
    }

    // MARK: - Duplicates

    func beforeSave(_ candidate: Customer, card: CardScreen<CustomerEditor>, proceed: @escaping @MainActor () -> Void) {
        let language = app.language
        app.showMessage(SalesText.lookingForDuplicates(language), role: .status)
        app.database.request(lane: "customer.duplicates", { connection in
            // The customers this login may see, then the group-wide lookup: which other
            // dealership has the same phone, passport or INN (never who; issue 11).
            let visible = try CustomerRepository(connection: connection).possibleDuplicates(of: candidate)
            let c = candidate.normalized()
            let elsewhere = try AccessRepository(connection: connection).customerElsewhere(
                phone: c.phone, passport: c.passportSeries + c.passportNumber, inn: c.inn, exceptID: c.id == 0 ? nil : c.id)
            return (visible, elsewhere)
        }, completion: { [weak self, weak card] result in
            guard let self, let card else { return }
            switch result {
            case .success(let (duplicates, elsewhere)) where duplicates.isEmpty && elsewhere.isEmpty:
                proceed()
            case .success(let (duplicates, elsewhere)):
                card.cancelSave()
                self.askAboutDuplicates(duplicates, elsewhere: elsewhere, card: card, proceed: proceed)
            case .failure(let error):
                card.cancelSave()
                self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    /// The operator decides: save anyway, or take an existing customer.
    private func askAboutDuplicates(_ duplicates: [PossibleDuplicate], elsewhere: [AccessRepository.Elsewhere],
                                    card: CardScreen<CustomerEditor>, proceed: @escaping @MainActor () -> Void) {
        let language = app.language
        func reason(_ field: String) -> String {
            switch field {
            case "phone": SalesText.samePhone(language)
            case "passport": SalesText.samePassport(language)
            default: SalesText.sameINN(language)
            }
        }
        var choices = duplicates.map { duplicate in
            ChoicePicker.Choice(value: String(duplicate.customer.id),
                                label: SalesText.thatIsThem(language, ["name": duplicate.customer.name,
                                                                       "reasons": duplicate.matchedOn.map(reason).joined(separator: ", ")]))
        }
        // Another dealership's customer: where and on what, not who; it cannot be taken.
        for (index, other) in elsewhere.enumerated() {
            let reasons = other.matchedOn.split(separator: ",").map { reason(String($0)) }.joined(separator: ", ")
            choices.append(ChoicePicker.Choice(value: "elsewhere.\(index)",
                                               label: SalesText.customerElsewhere(language, ["dealership": other.dealershipCode,
                                                                                             "reasons": reasons]),
                                               refusal: SalesText.customerElsewhereNotShown(language)))
        }
        choices.append(ChoicePicker.Choice(value: "save", label: SalesText.saveAsSeparateCustomer(language)))
        let picker = ChoicePicker(title: SalesText.similarCustomersExist(language), choices: choices,
                                  selectedValue: duplicates.first.map { String($0.customer.id) } ?? "save")
        app.pick(picker) { [weak self, weak card] value in
            guard let self else { return }
            if value == "save" {
                proceed()
            } else if let id = Int64(value), let card {
                self.takeExisting(id: id, card: card)
            }
        }
    }

    /// What was typed that the existing customer's card does not have (or has otherwise):
    /// never thrown away without asking.
    static func typedDifferences(typed: [String: String], shown: [String: String], existing: Customer) -> [String: String] {
        let stored = CustomerFormValues.values(of: existing)
        var differences: [String: String] = [:]
        for (bind, value) in typed where !["name", "kind", "dealership_id"].contains(bind) && value != shown[bind] {
            let text = value.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, text != (stored[bind] ?? "").trimmingCharacters(in: .whitespaces) else { continue }
            differences[bind] = value
        }
        return differences
    }

    private func takeExisting(id: Int64, card: CardScreen<CustomerEditor>) {
        app.database.request(lane: "customer.existing", { connection in
            try CustomerRepository(connection: connection).get(id: id)
        }, completion: { [weak self, weak card] result in
            guard let self, let card, case .success(let existing?) = result else { return }
            let typed = Self.typedDifferences(typed: card.form?.values ?? [:], shown: self.shownValues,
                                              existing: existing)
            if typed.isEmpty {
                self.open(existing, carrying: [:], from: card)
                return
            }
            // Ask: carry what was typed over to the existing customer's card, or leave it.
            let language = self.app.language
            let names = typed.keys.sorted().map { card.definition.field($0)?.title.text(language) ?? $0 }.joined(separator: ", ")
            let picker = ChoicePicker(title: SalesText.carryTypedTitle(language, ["name": existing.name]), choices: [
                ChoicePicker.Choice(value: "carry", label: SalesText.carryTyped(language, ["fields": names])),
                ChoicePicker.Choice(value: "drop", label: SalesText.dropTyped(language, ["fields": names])),
            ], selectedValue: "carry")
            self.app.pick(picker) { [weak self, weak card] value in
                guard let self, let card else { return }
                self.open(existing, carrying: value == "carry" ? typed : [:], from: card)
            }
        })
    }

    private func open(_ existing: Customer, carrying typed: [String: String], from card: CardScreen<CustomerEditor>) {
        card.form?.markSaved()
        app.pop(force: true)
        if typed.isEmpty, let onSaved {
            onSaved(existing)
            return
        }
        // The existing customer's card with the typed fields as unsaved edits: F2 saves them.
        let onSaved = self.onSaved
        app.openCard("customer", id: existing.id) { [app] _ in
            let editor = CustomerEditor(app: app)
            editor.carriedValues = typed
            editor.onSaved = onSaved
            return editor
        }
    }
}
