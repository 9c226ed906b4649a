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

/// Карточка перевозчика on the card.
@MainActor
final class CarrierEditor: RecordEditor {
    unowned let app: KiteApplication

    init(app: KiteApplication) {
        self.app = app
    }

    var entity: String { "carrier" }
    var variantField: String? { nil }

    func reader(id: Int64) -> @Sendable (PGConnection) throws -> CardRecord<Carrier>? {
        { try CarrierRepository(connection: $0).get(id: id).map { CardRecord(record: $0) } }
    }

    func newRecord() -> CardRecord<Carrier> { CardRecord(record: Carrier()) }
    func id(of carrier: Carrier) -> Int64? { carrier.id == 0 ? nil : carrier.id }
    func variant(of carrier: Carrier) -> String { "" }

    func title(_ carrier: Carrier, isNew: Bool, base: String) -> String {
        base + " · " + (isNew ? LogisticsText.newCarrier(app.language) : carrier.name)
    }

    func values(of c: Carrier, isNew: Bool) -> [String: String] {
        ["name": c.name, "inn": c.inn, "kpp": c.kpp, "contract_number": c.contractNumber,
         "contract_date": c.contractDate?.russianText ?? "", "contact_person": c.contactPerson, "phone": c.phone,
         "email": c.email, "rate_per_car": c.ratePerCar.map { VehicleFormValues.editable($0, app.language) } ?? "",
         "rate_per_trip": c.ratePerTrip.map { VehicleFormValues.editable($0, app.language) } ?? ""]
    }

    func apply(_ values: [String: String], to base: Carrier) -> (Carrier, [FieldIssue]) {
        var c = base
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
        return (c, input.issues)
    }

    func validate(_ candidate: Carrier) -> [FieldIssue] { candidate.validate(today: CivilDate(Date(), timeZone: .current)) }

    func writer(_ candidate: Carrier, isNew: Bool, actor: String) -> @Sendable (PGConnection) throws -> CardRecord<Carrier> {
        { connection in
            let repository = CarrierRepository(connection: connection)
            return CardRecord(record: isNew ? try repository.insert(candidate, actor: actor) : try repository.update(candidate, actor: actor))
        }
    }

    func fieldIssue(for error: any Error) -> FieldIssue? {
        guard let error = error as? DatabaseError else { return nil }
        switch error.constraint {
        case "carriers_inn_key":
            return .error("inn", ru: "Перевозчик с этими ИНН и КПП уже есть", en: "A carrier with this INN and KPP exists")
        default:
            return nil
        }
    }

    func saved(_ stored: CardRecord<Carrier>, isNew: Bool, card: CardScreen<CarrierEditor>) {
        app.showMessage(LogisticsText.carrierSaved(app.language, ["name": stored.record.name]))
        app.pop(force: true)
    }
}
