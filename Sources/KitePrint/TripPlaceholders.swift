import Foundation
import KiteDomain

/// A trip's print forms: `kite print trip NUMBER --form waybill|handover`.
public enum TripPrintForm: String, Sendable, Hashable, CaseIterable, TemplateForm {
    /// Транспортная накладная (Постановление Правительства РФ № 2200 от 21.12.2020, приложение 4).
    case waybill
    /// Акт приёма-передачи автомобиля при доставке, по одному на каждый выгруженный автомобиль.
    case handover

    public var templateFileName: String { "trip_" + rawValue + ".toml" }
    public var vocabulary: FormVocabulary { self == .waybill ? TripPlaceholders.waybill : TripPlaceholders.handover }
}

/// The `{{placeholders}}`, conditions and table fields of a trip's forms: one table of
/// names and values, so what the loader accepts is exactly what is filled in.
public enum TripPlaceholders {
    typealias Entry = (name: String, value: @Sendable (PrintableTrip, TripTime) -> String)
    typealias CarEntry = (name: String, value: @Sendable (PrintableTrip.Car, TripTime) -> String)

    static func blank(_ value: String, width: Int = 12) -> String { DealPlaceholders.blankIfEmpty(value, width: width) }
    static func time(_ date: Date?, _ time: TripTime, width: Int = 16) -> String { blank(date.map(time.text) ?? "", width: width) }

    /// `Склад, г. Москва, ул. …` — the place and its address, what is known.
    static func place(_ stop: PrintableTrip.Stop?) -> String {
        guard let stop else { return blank("", width: 30) }
        return blank([stop.place, stop.address].filter { !$0.isEmpty }.joined(separator: ", "), width: 30)
    }

    /// A party's details, one item per line: legal name, INN/KPP, address (blank lines to
    /// write on when the dealership's requisites are not filled in).
    static func requisites(_ party: PrintableTrip.Party) -> String {
        guard let requisites = party.requisites else {
            return [party.name, party.address.isEmpty ? nil : "Адрес: " + party.address].compactMap { $0 }.joined(separator: "\n")
        }
        return [DealPlaceholders.filled(requisites.legalName, or: party.name),
                "ИНН\u{00A0}\(blank(requisites.inn)), КПП\u{00A0}\(blank(requisites.kpp))",
                "ОГРН: " + blank(requisites.ogrn, width: 15),
                "Адрес: " + blank(requisites.address.isEmpty ? party.address : requisites.address, width: 30)]
            .joined(separator: "\n")
    }

    static func driver(_ trip: PrintableTrip, _ index: Int) -> Driver? { trip.drivers.indices.contains(index) ? trip.drivers[index] : nil }

    /// `ПТС, СТС`, what travels with the car.
    static func documents(_ inspection: Inspection?) -> String {
        guard let inspection else { return blank("", width: 16) }
        let present = [inspection.ptsPresent ? "ПТС/ЭПТС" : nil, inspection.stsPresent ? "СТС" : nil].compactMap { $0 }
        return present.isEmpty ? "нет" : present.joined(separator: ", ")
    }

    private static let trip: [Entry] = [
        ("trip.number", { t, _ in t.number }),
        ("trip.date", { t, _ in t.date.russianText }),
        ("trip.stage", { t, _ in t.stage.label.ru }),
        ("trip.planned_departure", { t, time in TripPlaceholders.time(t.plannedDeparture, time) }),
        ("trip.departed_at", { t, time in TripPlaceholders.time(t.departedAt, time) }),
        ("trip.from", { t, _ in place(t.stops.first) }),
        ("trip.to", { t, _ in place(t.stops.last) }),
        ("trip.eta", { t, time in TripPlaceholders.time(t.stops.last?.eta, time) }),
        ("trip.arrived_at", { t, time in TripPlaceholders.time(t.stops.last?.arrivedAt, time) }),
        ("trip.route", { t, time in
            t.stops.map { stop in
                "\(stop.position). " + place(stop) + (stop.eta.map { " (ожидается \(time.text($0)))" } ?? "")
            }.joined(separator: "\n")
        }),
        ("trip.car_count", { t, _ in String(t.cars.count) }),
        ("trip.price", { t, _ in t.price.map(DealPlaceholders.money) ?? blank("") }),
        ("trip.price_words", { t, _ in t.price.map(AmountInWords.russian) ?? blank("", width: 30) }),
        ("trip.notes", { t, _ in t.notes }),
        ("shipper.name", { t, _ in t.shipper.name }),
        ("shipper.requisites", { t, _ in requisites(t.shipper) }),
        ("consignee.name", { t, _ in t.consignee.name }),
        ("consignee.requisites", { t, _ in requisites(t.consignee) }),
        ("carrier.name", { t, _ in t.carrier.name }),
        ("carrier.inn", { t, _ in blank(t.carrier.inn) }),
        ("carrier.kpp", { t, _ in blank(t.carrier.kpp) }),
        ("carrier.contract", { t, _ in
            t.carrier.contractNumber.isEmpty ? blank("", width: 20)
                : "№\u{00A0}\(t.carrier.contractNumber)" + (t.carrier.contractDate.map { " от \($0.russianText)" } ?? "")
        }),
        ("carrier.contact", { t, _ in blank(t.carrier.contactPerson, width: 20) }),
        ("carrier.phone", { t, _ in blank(t.carrier.phone) }),
        ("truck.plate", { t, _ in blank(t.truck?.plate ?? "") }),
        ("truck.trailer_plate", { t, _ in blank(t.truck?.trailerPlate ?? "") }),
        ("truck.model", { t, _ in blank(t.truck?.model ?? "", width: 20) }),
        ("truck.capacity", { t, _ in t.truck.map { String($0.capacity) } ?? blank("", width: 4) }),
        ("driver.name", { t, _ in blank(driver(t, 0)?.fullName ?? "", width: 24) }),
        ("driver.short_name", { t, _ in blank(DealPlaceholders.shortName(driver(t, 0)?.fullName ?? ""), width: 16) }),
        ("driver.phone", { t, _ in blank(driver(t, 0)?.phone ?? "") }),
        ("driver.licence", { t, _ in blank(driver(t, 0)?.licenceNumber ?? "") }),
        ("driver2.name", { t, _ in blank(driver(t, 1)?.fullName ?? "", width: 24) }),
        ("driver2.short_name", { t, _ in blank(DealPlaceholders.shortName(driver(t, 1)?.fullName ?? ""), width: 16) }),
        ("driver2.phone", { t, _ in blank(driver(t, 1)?.phone ?? "") }),
        ("driver2.licence", { t, _ in blank(driver(t, 1)?.licenceNumber ?? "") }),
    ]

    private static let car: [CarEntry] = [
        ("car.bay", { c, _ in String(c.bay) }),
        ("car.title", { c, _ in c.title }),
        ("car.vin", { c, _ in c.vin }),
        ("car.stock_number", { c, _ in c.stockNumber }),
        ("car.year", { c, _ in c.year > 0 ? String(c.year) : blank("", width: 4) }),
        ("car.colour", { c, _ in blank(c.colour) }),
        ("car.from", { c, _ in place(c.pickup) }),
        ("car.to", { c, _ in place(c.drop) }),
        ("car.dropped_at", { c, time in TripPlaceholders.time(c.droppedAt, time) }),
        ("pickup.date", { c, time in TripPlaceholders.time(c.pickupInspection?.inspectedAt, time) }),
        ("pickup.odometer", { c, _ in c.pickupInspection?.odometerKm.map { DealPlaceholders.grouped($0) } ?? blank("", width: 8) }),
        ("pickup.fuel", { c, _ in c.pickupInspection?.fuel?.text ?? blank("", width: 4) }),
        ("pickup.keys", { c, _ in c.pickupInspection?.keysCount.map(String.init) ?? blank("", width: 3) }),
        ("delivery.date", { c, time in TripPlaceholders.time(c.deliveryInspection?.inspectedAt ?? c.droppedAt, time) }),
        ("delivery.odometer", { c, _ in c.deliveryInspection?.odometerKm.map { DealPlaceholders.grouped($0) } ?? blank("", width: 8) }),
        ("delivery.fuel", { c, _ in c.deliveryInspection?.fuel?.text ?? blank("", width: 4) }),
        ("delivery.keys", { c, _ in c.deliveryInspection?.keysCount.map(String.init) ?? blank("", width: 3) }),
        ("delivery.documents", { c, _ in documents(c.deliveryInspection) }),
        ("delivery.loose_items", { c, _ in
            c.deliveryInspection.map { $0.looseItems.isEmpty ? "нет" : $0.looseItems } ?? blank("", width: 30)
        }),
        ("delivery.signed_by", { c, _ in blank(c.deliveryInspection?.signedBy ?? "", width: 24) }),
        ("delivery.absent_reason", { c, _ in c.deliveryInspection?.absentReason ?? "" }),
        ("delivery.damage_count", { c, _ in String(c.damages.count) }),
        ("delivery.new_damage_count", { c, _ in String(c.damages.filter { !$0.atPickup }.count) }),
    ]

    private static let tripConditions: [String: @Sendable (PrintableTrip) -> Bool] = [
        "second_driver": { $0.drivers.count > 1 },
        "trailer": { !($0.truck?.trailerPlate.isEmpty ?? true) },
        "departed": { $0.departedAt != nil },
        "arrived": { $0.stops.last?.arrivedAt != nil },
        "price": { $0.price != nil },
        "notes": { !$0.notes.isEmpty },
    ]

    private static let carConditions: [String: @Sendable (PrintableTrip.Car) -> Bool] = [
        "inspected": { $0.deliveryInspection != nil },
        "damages": { !$0.damages.isEmpty },
        "new_damages": { $0.damages.contains { !$0.atPickup } },
        "recipient_absent": { $0.deliveryInspection?.recipientAbsent ?? false },
    ]

    private static let multiLine: Set<String> = ["shipper.requisites", "consignee.requisites", "trip.route"]

    /// The waybill's table: the cars on board.
    public static let waybill = FormVocabulary(
        placeholders: Set(trip.map(\.name)), conditions: Set(tripConditions.keys),
        columns: ["position": .init(align: .center, widest: "99"), "bay": .init(align: .center, widest: "99"),
                  "vehicle": .init(align: .left), "vin": .init(align: .left, widest: "WWWWWWWWWWWWWWWWW"),
                  "stock_number": .init(align: .left), "year": .init(align: .center, widest: "2099"),
                  "colour": .init(align: .left), "from": .init(align: .left), "to": .init(align: .left)],
        linesName: "the trip's cars")

    /// The handover act's table: the damages at delivery.
    public static let handover = FormVocabulary(
        placeholders: Set(trip.map(\.name) + car.map(\.name)), conditions: Set(tripConditions.keys).union(carConditions.keys),
        columns: ["position": .init(align: .center, widest: "99"), "code": .init(align: .center, widest: "99 99 9"),
                  "description": .init(align: .left), "notes": .init(align: .left), "origin": .init(align: .left),
                  "claim": .init(align: .left)],
        linesName: "the car's damages at delivery")

    static func tripValues(_ trip: PrintableTrip, _ time: TripTime) -> [String: String] {
        var values: [String: String] = [:]
        for entry in Self.trip { values[entry.name] = entry.value(trip, time) }
        return values
    }

    /// The waybill of `trip`: one document, the cars in its table.
    public static func waybill(_ trip: PrintableTrip, time: TripTime = TripTime()) -> FilledDocument {
        FilledDocument(values: tripValues(trip, time), multiLine: multiLine,
                       conditions: Set(tripConditions.filter { $0.value(trip) }.keys),
                       rows: trip.cars.enumerated().map { index, car in
                           ["position": String(index + 1), "bay": String(car.bay), "vehicle": car.title, "vin": car.vin,
                            "stock_number": car.stockNumber, "year": car.year > 0 ? String(car.year) : "",
                            "colour": car.colour, "from": car.pickup.place, "to": car.drop.place]
                       })
    }

    /// The handover acts of `trip`: one document per car, its delivery damages in the table.
    public static func handovers(_ trip: PrintableTrip, time: TripTime = TripTime()) -> [FilledDocument] {
        let common = tripValues(trip, time)
        let holding = Set(tripConditions.filter { $0.value(trip) }.keys)
        return trip.cars.map { car in
            var values = common
            for entry in Self.car { values[entry.name] = entry.value(car, time) }
            return FilledDocument(values: values, multiLine: multiLine,
                                  conditions: holding.union(carConditions.filter { $0.value(car) }.keys),
                                  rows: car.damages.enumerated().map { index, damage in
                                      ["position": String(index + 1), "code": damage.code.spaced,
                                       "description": damage.description, "notes": damage.notes,
                                       "origin": damage.atPickup ? "отмечено при погрузке" : "новое",
                                       "claim": damage.claim]
                                  })
        }
    }
}
