import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// Перевозчики on the browser: by name, the filter matching name, INN or contract.
@MainActor
final class CarrierListSource: ListSource {
    unowned let app: KiteApplication
    let form: String?

    init(app: KiteApplication, form: String?) {
        self.app = app
        self.form = form
    }

    func reader(_ request: PageRequest<Carrier>, text: String, sort: ListSort?) -> (@Sendable (PGConnection) throws -> [Carrier])? {
        guard let (skip, limit) = request.offsetWindow else { return nil }
        return { try CarrierRepository(connection: $0).list(text, offset: skip, limit: limit) }
    }

    var emptyMessage: LocalizedText { LogisticsText.noCarriers.text }

    func open(_ carrier: Carrier, in browser: BrowserScreen<CarrierListSource>) {
        app.openCard(form ?? "carrier", id: carrier.id) { _ in CarrierEditor(app: self.app) }
    }

    func openNew(in browser: BrowserScreen<CarrierListSource>) {
        app.openCard(form ?? "carrier", id: nil) { _ in CarrierEditor(app: self.app) }
    }
}

extension Carrier: ListRow {
    var rowID: Int64 { id }

    func value(_ field: String) -> CellValue {
        switch field {
        case "name": .text(name)
        case "inn": .text(inn)
        case "kpp": .text(kpp)
        case "contract": .text([contractNumber, contractDate.map { "от " + $0.russianText } ?? ""].filter { !$0.isEmpty }.joined(separator: " "))
        case "contract_number": .text(contractNumber)
        case "contract_date": contractDate.map { .day($0) } ?? .none
        case "contact_person": .text(contactPerson)
        case "phone": .text(phone)
        case "email": .text(email)
        case "rate_per_car": ratePerCar.map { .money($0) } ?? .none
        case "rate_per_trip": ratePerTrip.map { .money($0) } ?? .none
        default: .none
        }
    }
}

/// A carrier with its trucks and drivers: what the carrier card edits and saves at once.
struct CarrierSheet: Sendable, Hashable {
    var carrier: Carrier
    var trucks: [Truck] = []
    var drivers: [Driver] = []
}

/// Карточка перевозчика on the card, with its trucks and drivers as detail tables
/// (`Screens/carrier.toml`): the rows are edited in their dialogs and saved with F2,
/// all in one transaction. A truck or driver is never deleted (trips name them): Del
/// takes one out of service.
@MainActor
final class CarrierEditor: RecordEditor {
    unowned let app: KiteApplication
    var trucks: [Truck] = []
    var drivers: [Driver] = []
    private var saved = CarrierSheet(carrier: Carrier())

    init(app: KiteApplication) {
        self.app = app
    }

    var entity: String { "carrier" }
    var variantField: String? { nil }

    func reader(id: Int64) -> @Sendable (PGConnection) throws -> CardRecord<CarrierSheet>? {
        { connection in
            guard let carrier = try CarrierRepository(connection: connection).get(id: id) else { return nil }
            let fleet = FleetRepository(connection: connection)
            return CardRecord(record: CarrierSheet(carrier: carrier, trucks: try fleet.trucks(carrierID: id),
                                                   drivers: try fleet.drivers(carrierID: id)))
        }
    }

    func newRecord() -> CardRecord<CarrierSheet> { CardRecord(record: CarrierSheet(carrier: Carrier())) }
    func id(of sheet: CarrierSheet) -> Int64? { sheet.carrier.id == 0 ? nil : sheet.carrier.id }
    func variant(of sheet: CarrierSheet) -> String { "" }

    func willShow(_ loaded: CardRecord<CarrierSheet>, card: CardScreen<CarrierEditor>) {
        saved = loaded.record
        trucks = loaded.record.trucks
        drivers = loaded.record.drivers
    }

    func title(_ sheet: CarrierSheet, isNew: Bool, base: String) -> String {
        base + " · " + (isNew ? LogisticsText.newCarrier(app.language) : sheet.carrier.name)
    }

    func values(of sheet: CarrierSheet, isNew: Bool) -> [String: String] {
        let c = sheet.carrier
        return ["name": c.name, "inn": c.inn, "kpp": c.kpp, "contract_number": c.contractNumber,
                "contract_date": c.contractDate?.russianText ?? "", "contact_person": c.contactPerson, "phone": c.phone,
                "email": c.email, "rate_per_car": c.ratePerCar.map { VehicleFormValues.editable($0, app.language) } ?? "",
                "rate_per_trip": c.ratePerTrip.map { VehicleFormValues.editable($0, app.language) } ?? ""]
    }

    func apply(_ values: [String: String], to base: CarrierSheet) -> (CarrierSheet, [FieldIssue]) {
        var c = base.carrier
        var input = FormInput(values)
        if let v = input.text("name") { c.name = v }
        if let v = input.text("inn") { c.inn = v }
        if let v = input.text("kpp") { c.kpp = v }
        if let v = input.text("contract_number") { c.contractNumber = v }
        if let v = input.text("contact_person") { c.contactPerson = v }
        if let v = input.text("phone") { c.phone = v }
        if let v = input.text("email") { c.email = v }
        c.contractDate = input.date("contract_date", LocalizedText(ru: "Дата договора", en: "Contract date"), current: c.contractDate)
        c.ratePerCar = input.optionalMoney("rate_per_car", LocalizedText(ru: "Ставка за машину", en: "Rate per car"), current: c.ratePerCar)
        c.ratePerTrip = input.optionalMoney("rate_per_trip", LocalizedText(ru: "Ставка за рейс", en: "Rate per trip"), current: c.ratePerTrip)
        return (CarrierSheet(carrier: c, trucks: trucks, drivers: drivers), input.issues)
    }

    func validate(_ candidate: CarrierSheet) -> [FieldIssue] {
        candidate.carrier.validate(today: CivilDate(Date(), timeZone: .current))
    }

    func writer(_ candidate: CarrierSheet, isNew: Bool, actor: String) -> @Sendable (PGConnection) throws -> CardRecord<CarrierSheet> {
        let before = saved
        return { connection in
            try connection.transaction { connection in
                let repository = CarrierRepository(connection: connection)
                let carrier = isNew ? try repository.insert(candidate.carrier, actor: actor)
                                    : try repository.update(candidate.carrier, actor: actor)
                let fleet = FleetRepository(connection: connection)
                for var truck in candidate.trucks where truck.id == 0 || !before.trucks.contains(truck) {
                    truck.carrierID = carrier.id
                    do {
                        _ = truck.id == 0 ? try fleet.insert(truck, actor: actor) : try fleet.update(truck, actor: actor)
                    } catch let error as DatabaseError where error.isUniqueViolation {
                        throw FieldRefusal(issue: .error("trucks", ru: "Автовоз \(truck.plate) уже есть в справочнике",
                                                         en: "Truck \(truck.plate) is already on file"))
                    }
                }
                for var driver in candidate.drivers where driver.id == 0 || !before.drivers.contains(driver) {
                    driver.carrierID = carrier.id
                    do {
                        _ = driver.id == 0 ? try fleet.insert(driver, actor: actor) : try fleet.update(driver, actor: actor)
                    } catch let error as DatabaseError where error.isUniqueViolation {
                        throw FieldRefusal(issue: .error("drivers", ru: "Водитель с удостоверением \(driver.licenceNumber) уже есть",
                                                         en: "A driver with licence \(driver.licenceNumber) is already on file"))
                    }
                }
                return CardRecord(record: CarrierSheet(carrier: carrier, trucks: try fleet.trucks(carrierID: carrier.id),
                                                       drivers: try fleet.drivers(carrierID: carrier.id)))
            }
        }
    }

    func fieldIssue(for error: any Error) -> FieldIssue? {
        if let refusal = error as? FieldRefusal { return refusal.issue }
        guard let error = error as? DatabaseError else { return nil }
        switch error.constraint {
        case "carriers_inn_key":
            return .error("inn", ru: "Перевозчик с этими ИНН и КПП уже есть", en: "A carrier with this INN and KPP exists")
        default:
            return nil
        }
    }

    func saved(_ stored: CardRecord<CarrierSheet>, isNew: Bool, card: CardScreen<CarrierEditor>) {
        app.showMessage(LogisticsText.carrierSaved(app.language, ["name": stored.record.carrier.name]))
        app.pop(force: true)
    }

    // MARK: trucks and drivers

    func detailsDirty(card: CardScreen<CarrierEditor>) -> Bool { trucks != saved.trucks || drivers != saved.drivers }

    func detailRows(_ name: String, card: CardScreen<CarrierEditor>) -> [any ListRow] {
        switch name {
        case "trucks": trucks.enumerated().map { FleetRow(index: $0.offset, truck: $0.element) }
        case "drivers": drivers.enumerated().map { FleetRow(index: $0.offset, driver: $0.element) }
        default: []
        }
    }

    func detailRowValues(_ name: String, at index: Int?, card: CardScreen<CarrierEditor>) -> [String: String] {
        switch name {
        case "trucks":
            let t = index.map { trucks[$0] } ?? Truck()
            return ["plate": t.plate, "trailer_plate": t.trailerPlate, "capacity": String(t.capacity), "model": t.model,
                    "active": t.active ? "yes" : "no"]
        case "drivers":
            let d = index.map { drivers[$0] } ?? Driver()
            return ["full_name": d.fullName, "phone": d.phone, "licence_number": d.licenceNumber, "active": d.active ? "yes" : "no"]
        default:
            return [:]
        }
    }

    func saveDetailRow(_ name: String, values: [String: String], at index: Int?, card: CardScreen<CarrierEditor>) -> [FieldIssue] {
        var input = FormInput(values)
        let carrierID = max(card.record?.carrier.id ?? 1, 1)   // checked again on save, with the real id
        switch name {
        case "trucks":
            var t = index.map { trucks[$0] } ?? Truck()
            t.plate = RegistrationPlate.normalized(input.text("plate") ?? "")
            t.trailerPlate = RegistrationPlate.normalized(input.text("trailer_plate") ?? "")
            t.capacity = input.integer("capacity", LocalizedText(ru: "Вместимость", en: "Capacity"), current: 0)
            t.model = input.text("model") ?? ""
            t.active = values["active"] != "no"
            var probe = t
            probe.carrierID = carrierID
            let issues = input.issues + probe.validate()
            guard issues.isEmpty else { return issues }
            if trucks.enumerated().contains(where: { $0.offset != index && $0.element.plate == t.plate }) {
                return [.error("plate", ru: "Этот госномер уже в списке", en: "This plate is already listed")]
            }
            if let index { trucks[index] = t } else { trucks.append(t) }
        case "drivers":
            var d = index.map { drivers[$0] } ?? Driver()
            d.fullName = input.text("full_name") ?? ""
            d.phone = input.text("phone") ?? ""
            if !d.phone.isEmpty, let phone = PhoneNumber.normalize(d.phone).phone { d.phone = phone }
            d.licenceNumber = DrivingLicence.normalized(input.text("licence_number") ?? "")
            d.active = values["active"] != "no"
            var probe = d
            probe.carrierID = carrierID
            let issues = probe.validate()
            guard issues.isEmpty else { return issues }
            if let index { drivers[index] = d } else { drivers.append(d) }
        default:
            break
        }
        return []
    }

    /// Del: a row not saved yet goes; a stored one is taken out of service (trips name it).
    func deleteDetailRow(_ name: String, at index: Int, card: CardScreen<CarrierEditor>) {
        switch name {
        case "trucks" where trucks.indices.contains(index):
            if trucks[index].id == 0 { trucks.remove(at: index) } else { trucks[index].active = false }
        case "drivers" where drivers.indices.contains(index):
            if drivers[index].id == 0 { drivers.remove(at: index) } else { drivers[index].active = false }
        default:
            break
        }
    }
}

/// A truck or a driver as the carrier card's tables show it.
struct FleetRow: ListRow {
    var index: Int
    var truck: Truck?
    var driver: Driver?

    init(index: Int, truck: Truck) {
        self.index = index
        self.truck = truck
    }

    init(index: Int, driver: Driver) {
        self.index = index
        self.driver = driver
    }

    var rowID: Int64 { Int64(index) }

    func value(_ field: String) -> CellValue {
        switch field {
        case "plate": return .text(truck?.plate ?? "")
        case "trailer_plate": return .text(truck?.trailerPlate ?? "")
        case "capacity": return truck.map { .integer($0.capacity) } ?? .none
        case "model": return .text(truck?.model ?? "")
        case "full_name": return .text(driver?.fullName ?? "")
        case "phone": return .text(driver?.phone ?? "")
        case "licence_number": return .text(driver?.licenceNumber ?? "")
        case "active":
            let active = truck?.active ?? driver?.active ?? true
            return .label(active ? LocalizedText(ru: "в работе", en: "in service") : LocalizedText(ru: "выведен", en: "out of service"))
        default: return .none
        }
    }
}
