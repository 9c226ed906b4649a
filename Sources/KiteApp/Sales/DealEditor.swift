import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Сделка on the card: `Screens/deal.toml` with its extra lines (`[[details]]`), a totals
/// panel recomputed by KiteDomain.DealPricing on every keystroke and the deal's state
/// line above the form. Stage commands (F9) reserve, contract, hand over, close or
/// cancel; each refusal says which rule was not met. A contracted or later deal is
/// shown, not edited.
@MainActor
final class DealEditor: RecordEditor {
    unowned let app: KiteApplication
    /// The car a new deal starts with (from the stock list).
    let startVehicle: StockRow?
    var lines: [DealExtraLine] = []
    var savedLines: [DealExtraLine] = []
    var isBusy = false
    /// Cost and margin flag of the chosen vehicle (for the VAT preview).
    var vehiclePricing: (purchaseCost: Money, margin: Bool)?
    /// The chosen car's landed cost from its cost ledger (for the profit line; the VAT
    /// keeps using the purchase cost).
    var landedCost: Money?
    var managerName = ""
    /// Paid and due, when the finance module knows the deal.
    var balance: DealBalance?
    /// The discount as last seen, to keep the sale price in step as it is typed.
    private var shownDiscount: String?

    init(app: KiteApplication, vehicle: StockRow? = nil) {
        self.app = app
        startVehicle = vehicle
    }

    var entity: String { "deal" }
    var variantField: String? { nil }
    static let editableStages: Set<DealStage> = [.draft, .reserved]

    func reader(id: Int64) -> @Sendable (PGConnection) throws -> CardRecord<Deal>? {
        { connection in
            guard let deal = try DealRepository(connection: connection).get(id: id) else { return nil }
            var loaded = CardRecord(record: deal)
            if let customerID = deal.customerID, let customer = try CustomerRepository(connection: connection).get(id: customerID) {
                loaded.labels["customer_id"] = DealEditor.customerLabel(name: customer.name, phone: customer.phone)
            }
            if let vehicleID = deal.vehicleID, let vehicle = try VehicleRepository(connection: connection).get(id: vehicleID) {
                loaded.labels["vehicle_id"] = DealEditor.vehicleLabel(vehicle)
            }
            loaded.labels["manager_login"] = try ReferenceRepository(connection: connection).employee(login: deal.managerLogin)?.fullName
            return loaded
        }
    }

    func newRecord() -> CardRecord<Deal> {
        let dealership = app.references.dealership
        var fresh = Deal(dealershipID: dealership?.id ?? 0, managerLogin: app.login,
                         vatRatePercent: (dealership?.vatRateBasisPoints ?? 2200) / 100)
        var labels: [String: String] = [:]
        if let vehicle = startVehicle {
            fresh.vehicleID = vehicle.id
            fresh.listPrice = vehicle.listPrice
            fresh.salePrice = vehicle.listPrice
            labels["vehicle_id"] = "\(vehicle.make) \(vehicle.model) · \(vehicle.vin) · \(vehicle.stockNumber)"
            loadVehiclePricing(id: vehicle.id)
        }
        return CardRecord(record: fresh, labels: labels)
    }

    func willShow(_ loaded: CardRecord<Deal>, card: CardScreen<DealEditor>) {
        let deal = loaded.record
        lines = deal.lines
        savedLines = deal.lines
        shownDiscount = DealFormValues.values(of: deal, language: app.language)["discount_amount"]
        if let name = loaded.labels["manager_login"] {
            managerName = PersonName.short(name)
        } else if managerName.isEmpty {
            managerName = app.references.employee.map { PersonName.short($0.fullName) } ?? deal.managerLogin
        }
        if deal.id != 0 {
            vehiclePricing = (deal.purchaseCost, deal.marginVAT)
            loadBalance(deal, card: card)
        }
        if let vehicleID = deal.vehicleID {
            loadLandedCost(vehicleID: vehicleID)
        }
    }

    func id(of deal: Deal) -> Int64? { deal.id == 0 ? nil : deal.id }
    func values(of deal: Deal, isNew: Bool) -> [String: String] { DealFormValues.values(of: deal, language: app.language) }
    func variant(of deal: Deal) -> String { "" }

    func editableFields(_ deal: Deal) -> Set<String>? {
        Self.editableStages.contains(deal.stage) ? nil : []
    }

    func firstFocus(_ deal: Deal, isNew: Bool) -> String? {
        deal.customerID == nil ? "customer_id" : (deal.vehicleID == nil ? "vehicle_id" : "discount_amount")
    }

    func title(_ deal: Deal, isNew: Bool, base: String) -> String {
        if isNew { return SalesText.newDealTitle(app.language, ["title": base]) }
        return "\(base) · \(deal.number) · \(deal.stage.label.text(app.language))"
    }

    nonisolated static func customerLabel(name: String, phone: String) -> String {
        phone.isEmpty ? name : "\(name) · \(phone)"
    }

    nonisolated static func vehicleLabel(_ vehicle: Vehicle) -> String {
        "\(vehicle.make) \(vehicle.model) · \(vehicle.vin) · \(vehicle.stockNumber)"
    }

    // MARK: - The deal as typed

    /// The typed values, the lines and the chosen car's cost applied to `base`.
    func apply(_ values: [String: String], to base: Deal) -> (Deal, [FieldIssue]) {
        var (typed, issues) = DealFormValues.apply(values, to: base)
        typed.lines = lines
        if let pricing = vehiclePricing {
            typed.purchaseCost = pricing.purchaseCost
            typed.marginVAT = pricing.margin
        }
        typed.landedCost = landedCost
        return (typed, issues)
    }

    func validate(_ candidate: Deal) -> [FieldIssue] {
        var issues = candidate.validate()
        if candidate.customerID == nil {
            issues.append(.error("customer_id", ru: "Клиент: выберите клиента (Enter)", en: "Customer: choose one (Enter)"))
        }
        if candidate.vehicleID == nil {
            issues.append(.error("vehicle_id", ru: "Автомобиль: выберите со склада (Enter)", en: "Vehicle: choose one from stock (Enter)"))
        }
        return issues
    }

    func detailsDirty(card: CardScreen<DealEditor>) -> Bool { lines != savedLines }

    /// Sale price = list price − discount, kept in step as the discount is typed.
    func valuesChanged(card: CardScreen<DealEditor>) {
        guard let form = card.form, let deal = card.record else { return }
        let text = form.value("discount_amount")?.trimmingCharacters(in: .whitespaces) ?? ""
        guard text != shownDiscount else { return }
        shownDiscount = text
        followDiscount(text, listPrice: deal.listPrice, form: form)
    }

    func followDiscount(_ text: String, listPrice: Money, form: FormView) {
        let discount: Money
        if text.isEmpty { discount = .zero } else if let parsed = try? FieldParsers.money(text, field: "discount_amount").get() {
            discount = parsed
        } else {
            // No sale price follows from a discount that is not a sum: none is shown,
            // rather than the one of the previous keystroke.
            form.setValue("", for: "sale_price")
            return
        }
        guard discount <= listPrice, !discount.isNegative else {
            form.setValue("", for: "sale_price")
            return
        }
        form.setValue(DealFormValues.editable(listPrice - discount, app.language), for: "sale_price")
    }

    // MARK: - Saving

    func writer(_ candidate: Deal, isNew: Bool, actor: String) -> @Sendable (PGConnection) throws -> CardRecord<Deal> {
        { connection in
            let repository = DealRepository(connection: connection)
            let stored = isNew ? try repository.create(candidate, actor: actor) : try repository.update(candidate, actor: actor)
            var saved = CardRecord(record: stored)
            if case .needsApproval(let limit, _) = try repository.discountDecision(stored, approver: stored.discountApprovedBy) {
                saved.notice = LocalizedText(
                    ru: "скидка больше лимита \(limit.formatted(.ru)): нужно согласование руководителя (F7)",
                    en: "the discount is above the limit of \(limit.formatted(.en)): a senior approves it (F7)")
            }
            return saved
        }
    }

    /// The deal stays open after a save, with what is stored now.
    func saved(_ stored: CardRecord<Deal>, isNew: Bool, card: CardScreen<DealEditor>) {
        var shown = stored
        shown.labels = card.form?.lookupLabels ?? [:]
        card.show(shown)
        app.deliver(DealChanged(id: stored.record.id))
        let message = SalesText.savedDeal(app.language, ["number": stored.record.number])
        if let notice = stored.notice {
            app.showMessage(message + " · " + notice.text(app.language), role: .warning)
        } else {
            app.showMessage(message)
        }
    }

    func reappeared(card: CardScreen<DealEditor>) {
        if let deal = card.record { loadBalance(deal, card: card) }
    }

    /// A payment changed somewhere: the balance line follows while the deal is on top.
    func receive(_ event: any ChangeEvent, card: CardScreen<DealEditor>) {
        if event is PaymentsChanged, app.isOnTop(card), let deal = card.record { loadBalance(deal, card: card) }
    }

    func loadBalance(_ deal: Deal, card: CardScreen<DealEditor>) {
        guard let fetch = SalesHooks.balance, deal.id != 0 else { return }
        app.database.request(lane: card.ownLane("deal.balance"), { connection in
            try fetch(connection, deal)
        }, completion: { [weak self] result in
            if case .success(let balance) = result { self?.balance = balance }
        })
    }

    func loadVehiclePricing(id: Int64) {
        app.database.request(lane: "deal.vehicle", { connection in
            try VehicleRepository(connection: connection).get(id: id)
        }, completion: { [weak self] result in
            guard let self, case .success(let vehicle?) = result else { return }
            self.vehiclePricing = (vehicle.purchaseCost, vehicle.boughtFromPrivatePerson)
        })
        loadLandedCost(vehicleID: id)
    }

    func loadLandedCost(vehicleID: Int64) {
        app.database.request(lane: "deal.landed_cost", { connection in
            try CostLedgerRepository(connection: connection).landedCost(vehicleID: vehicleID).total
        }, completion: { [weak self] result in
            if case .success(let total) = result { self?.landedCost = total }
        })
    }
}
