import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// Карточка автомобиля on the card: `Screens/vehicle.toml`, the type-specific sections by
/// `vehicle_type`, the domain's checks, a stock number per dealership on insert, status
/// changes (F8) of a saved car, its verification badges.
@MainActor
final class VehicleEditor: RecordEditor {
    unowned let app: KiteApplication
    /// Fields kept in the `attributes` jsonb (`storage = "attribute"` in the form).
    let attributeFields: Set<String>
    /// The car's cost ledger, read after the card shows the car (read-only here).
    var costLines: [CostLine] = []
    /// Manual lines typed in the `costs` table, written with the car by F2.
    var pendingCosts: [CostLine] = []

    init(app: KiteApplication, definition: FormScreenDefinition) {
        self.app = app
        attributeFields = Set(definition.sections.flatMap(\.fields).filter { $0.storage == .attribute }.map(\.field))
    }

    var entity: String { "vehicle" }
    var variantField: String? { "vehicle_type" }
    var hasChecks: Bool { true }

    func reader(id: Int64) -> @Sendable (PGConnection) throws -> CardRecord<Vehicle>? {
        { try VehicleRepository(connection: $0).get(id: id).map { CardRecord(record: $0) } }
    }

    func newRecord() -> CardRecord<Vehicle> {
        let today = Date()
        let year = FieldParsers.utcCalendar.component(.year, from: today)
        return CardRecord(record: Vehicle(year: year, condition: .new, status: .inStock, vehicleType: "car",
                                          dealershipID: app.references.dealership?.id ?? 0,
                                          arrivalDate: FieldParsers.utcCalendar.startOfDay(for: today)))
    }

    func id(of vehicle: Vehicle) -> Int64? { vehicle.id == 0 ? nil : vehicle.id }
    func values(of vehicle: Vehicle, isNew: Bool) -> [String: String] { VehicleFormValues.values(of: vehicle, isNew: isNew, language: app.language) }
    func variant(of vehicle: Vehicle) -> String { vehicle.vehicleType }

    func apply(_ values: [String: String], to base: Vehicle) -> (Vehicle, [FieldIssue]) {
        VehicleFormValues.apply(values, to: base, attributeFields: attributeFields)
    }

    func validate(_ candidate: Vehicle) -> [FieldIssue] { VehicleValidator.validate(candidate, today: Date()) }

    /// What is already questionable about a stored car (a VIN check digit, say).
    func knownIssues(_ vehicle: Vehicle) -> [FieldIssue] {
        VehicleValidator.validate(vehicle, today: Date()).filter { $0.severity == .warning }
    }

    func firstFocus(_ vehicle: Vehicle, isNew: Bool) -> String? { isNew ? "vin" : nil }

    // MARK: - Landed cost (the cost ledger, migration 0027)

    func willShow(_ loaded: CardRecord<Vehicle>, card: CardScreen<VehicleEditor>) {
        costLines = []
        pendingCosts = []
        loadCosts(vehicleID: loaded.record.id, card: card)
    }

    func reappeared(card: CardScreen<VehicleEditor>) {
        if let id = card.recordID { loadCosts(vehicleID: id, card: card) }
    }

    func loadCosts(vehicleID: Int64, card: CardScreen<VehicleEditor>) {
        guard vehicleID != 0 else { return }
        app.database.request(lane: card.ownLane("vehicle.costs"), { connection in
            try CostLedgerRepository(connection: connection).lines(vehicleID: vehicleID)
        }, completion: { [weak self, weak card] result in
            if case .success(let lines) = result {
                self?.costLines = lines
                card?.refreshDetails()
            }
        })
    }

    /// The landed cost by kind (its lines are the `costs` table).
    func footerLines(card: CardScreen<VehicleEditor>) -> [CardLine] {
        guard !costLines.isEmpty else { return [] }
        let language = app.language
        let landed = LandedCost(costLines)
        let parts = landed.nonZeroKinds
            .map { "\($0.kind.label.text(language)) \($0.amount.formatted(language, currencySign: false))" }
            .joined(separator: " · ")
        return [CardLine(text: StockText.landedCostSummary(language, ["total": landed.total.formatted(language), "parts": parts]),
                         role: .title, bold: true, wraps: true)]
    }

    /// Where a line came from: the purchase cost, a trip, an invoice, or the note typed.
    func costSourceText(_ line: CostLine, language: Language) -> String {
        let number = line.tripNumber ?? ""
        var source: String
        switch line.source {
        case .vehicle: source = StockText.costSourceVehicle(language)
        case .trip: source = StockText.costSourceTrip(language, ["number": number])
        case .payment: source = StockText.costSourceInvoice(language, ["number": number])
        case .manual: source = line.note
        }
        if line.reversesCostID != nil { source = StockText.costReversal(language, ["source": source]) }
        return source
    }

    func title(_ vehicle: Vehicle, isNew: Bool, base: String) -> String {
        if isNew { return StockText.newVehicleTitle(app.language, ["title": base]) }
        return "\(base) · \(vehicle.stockNumber) · \(vehicle.make) \(vehicle.model) · \(vehicle.status.label.text(app.language))"
    }

    func checkSubject(_ vehicle: Vehicle) -> (subject: CheckSubject, id: Int64, name: String)? {
        vehicle.id == 0 ? nil : (.vehicle, vehicle.id, vehicle.stockNumber)
    }

    func writer(_ candidate: Vehicle, isNew: Bool, actor: String) -> @Sendable (PGConnection) throws -> CardRecord<Vehicle> {
        let code = app.references.dealership(candidate.dealershipID)?.code ?? app.environment.config.dealership
        let costs = pendingCosts
        return { connection in
            let repository = VehicleRepository(connection: connection)
            do {
                // The car and the manual cost lines typed in its table, in one transaction.
                return try connection.transaction { connection in
                    let repository = VehicleRepository(connection: connection)
                    let stored = isNew ? try repository.insertNumbered(candidate, dealershipCode: code, actor: actor)
                                       : try repository.update(candidate, actor: actor)
                    let ledger = CostLedgerRepository(connection: connection)
                    for line in costs {
                        try ledger.addManual(vehicleID: stored.id, kind: line.kind, amount: line.amount, note: line.note, actor: actor)
                    }
                    return CardRecord(record: stored)
                }
            } catch let error as DatabaseError where error.constraint == "vehicles_active_vin_key" {
                // Say which car has the VIN (read after the failed write rolled back).
                guard let holder = try? repository.activeHolder(vin: candidate.vin, except: candidate.id) else { throw error }
                throw FieldRefusal(issue: .error("vin",
                    ru: "VIN: уже у автомобиля \(holder.stockNumber) (\(holder.make) \(holder.model), \(holder.year), «\(holder.status.label.ru)», \(holder.dealershipCode)); найдите его через /",
                    en: "VIN: already belongs to \(holder.stockNumber) (\(holder.make) \(holder.model), \(holder.year), '\(holder.status.label.en)', \(holder.dealershipCode)); find it with /"))
            }
        }
    }

    func fieldIssue(for error: any Error) -> FieldIssue? {
        if let refusal = error as? FieldRefusal { return refusal.issue }
        guard (error as? DatabaseError)?.constraint == "vehicles_active_vin_key" else { return nil }
        return .error("vin", ru: "Этот VIN уже есть на складе у активного автомобиля",
                      en: "This VIN already belongs to an active vehicle in stock")
    }

    func saved(_ stored: CardRecord<Vehicle>, isNew: Bool, card: CardScreen<VehicleEditor>) {
        let vehicle = stored.record
        app.deliver(VehicleSaved(vehicle: vehicle, isNew: isNew))
        app.showMessage(StockText.savedVehicle(app.language, ["stockNumber": vehicle.stockNumber, "make": vehicle.make,
                                                            "model": vehicle.model]))
        app.pop(force: true)
    }

    // MARK: - Status (F8)

    func unavailableReason(_ command: String, card: CardScreen<VehicleEditor>) -> LocalizedText? {
        guard command == "stock.change_status" else { return nil }
        if card.isNew {
            return LocalizedText(ru: "Сначала сохраните автомобиль (F2): статус меняется у сохранённого",
                                 en: "Save the vehicle first (F2): a saved vehicle's status can change")
        }
        if card.isDirty {
            return LocalizedText(ru: "Сначала сохраните изменения (F2) или отмените их (Esc)",
                                 en: "Save your changes first (F2) or discard them (Esc)")
        }
        return nil
    }

    func perform(_ command: String, card: CardScreen<VehicleEditor>) -> Bool {
        guard command == "stock.change_status", let vehicle = card.record else { return false }
        StatusChange.start(app: app, vehicleID: vehicle.id, current: vehicle.status) { [weak self, weak card] changed in
            card?.show(CardRecord(record: changed))
            self?.app.deliver(VehicleSaved(vehicle: changed, isNew: false))
        }
        return true
    }
}
