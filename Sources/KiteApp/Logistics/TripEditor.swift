import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// A trip with its route and the cars on it: what the trip card shows.
struct TripSheet: Sendable {
    var trip: Trip
    var stops: [TripStopRow] = []
    var cars: [TripCarRow] = []
    var load = TripLoad(cars: 0, capacity: nil)
}

/// Рейс on the card (`Screens/trip.toml`): the carrier, crew, departure and price as
/// fields; the route as the `stops` table (edited in its dialog, saved with F2); the cars
/// as the `cars` table, put on and taken off at once by the database's commands (the
/// capacity is the database's); the stage commands on F9.
@MainActor
final class TripEditor: RecordEditor {
    unowned let app: KiteApplication
    var stops: [TripStopRow] = []
    var sheet: TripSheet?
    var isBusy = false
    let time = TripTime()

    init(app: KiteApplication) {
        self.app = app
    }

    var entity: String { "trip" }
    var variantField: String? { nil }

    func reader(id: Int64) -> @Sendable (PGConnection) throws -> CardRecord<TripSheet>? {
        { connection in try Self.read(id: id, connection: connection) }
    }

    /// The trip, its route, its cars and the labels of its carrier, truck and drivers.
    nonisolated static func read(id: Int64, connection: PGConnection) throws -> CardRecord<TripSheet>? {
        let trips = TripRepository(connection: connection)
        guard let trip = try trips.get(id: id) else { return nil }
        let sheet = TripSheet(trip: trip, stops: try trips.stops(tripID: id), cars: try trips.cars(tripID: id),
                              load: try trips.load(tripID: id))
        return CardRecord(record: sheet, labels: try labels(of: trip, connection: connection))
    }

    nonisolated static func labels(of trip: Trip, connection: PGConnection) throws -> [String: String] {
        var labels: [String: String] = [:]
        if let id = trip.carrierID, let carrier = try CarrierRepository(connection: connection).get(id: id) { labels["carrier_id"] = carrier.name }
        let fleet = FleetRepository(connection: connection)
        if let id = trip.truckID, let truck = try fleet.truck(id: id) { labels["truck_id"] = truckLabel(truck) }
        if let id = trip.driverID, let driver = try fleet.driver(id: id) { labels["driver_id"] = driver.fullName }
        if let id = trip.secondDriverID, let driver = try fleet.driver(id: id) { labels["second_driver_id"] = driver.fullName }
        return labels
    }

    nonisolated static func truckLabel(_ truck: Truck) -> String {
        [truck.plate, truck.trailerPlate, "\(truck.capacity) авт."].filter { !$0.isEmpty }.joined(separator: " · ")
    }

    func newRecord() -> CardRecord<TripSheet> {
        var trip = Trip()
        trip.dealershipID = app.references.dealership?.id ?? 0
        return CardRecord(record: TripSheet(trip: trip))
    }

    func id(of sheet: TripSheet) -> Int64? { sheet.trip.id == 0 ? nil : sheet.trip.id }
    func variant(of sheet: TripSheet) -> String { "" }

    func willShow(_ loaded: CardRecord<TripSheet>, card: CardScreen<TripEditor>) {
        sheet = loaded.record
        stops = loaded.record.stops
    }

    func title(_ sheet: TripSheet, isNew: Bool, base: String) -> String {
        base + " · " + (isNew ? LogisticsText.newTrip(app.language) : sheet.trip.number)
    }

    /// Before departure everything; on the way the price and notes; closed or cancelled nothing.
    func editableFields(_ sheet: TripSheet) -> Set<String>? {
        if sheet.trip.stage.isFinal { return [] }
        if sheet.trip.stage.isBeforeDeparture { return nil }
        return ["price", "notes"]
    }

    func values(of sheet: TripSheet, isNew: Bool) -> [String: String] {
        let t = sheet.trip
        return ["carrier_id": t.carrierID.map(String.init) ?? "",
                "truck_id": t.truckID.map(String.init) ?? "",
                "driver_id": t.driverID.map(String.init) ?? "",
                "second_driver_id": t.secondDriverID.map(String.init) ?? "",
                "planned_departure": t.plannedDeparture.map(time.text) ?? "",
                "price": t.price.map { VehicleFormValues.editable($0, app.language) } ?? "",
                "notes": t.notes]
    }

    func apply(_ values: [String: String], to base: TripSheet) -> (TripSheet, [FieldIssue]) {
        var t = base.trip
        var input = FormInput(values)
        t.carrierID = input.id("carrier_id", current: t.carrierID)
        t.truckID = input.id("truck_id", current: t.truckID)
        t.driverID = input.id("driver_id", current: t.driverID)
        t.secondDriverID = input.id("second_driver_id", current: t.secondDriverID)
        if let text = input.text("planned_departure") {
            if text.isEmpty {
                t.plannedDeparture = nil
            } else if let date = time.parse(text) {
                t.plannedDeparture = date
            } else {
                input.add(.error("planned_departure", ru: "Плановая отправка: введите ДД.ММ.ГГГГ ЧЧ:ММ",
                                 en: "Planned departure: type DD.MM.YYYY HH:MM"))
            }
        }
        t.price = input.optionalMoney("price", LocalizedText(ru: "Стоимость рейса", en: "Trip price"), current: t.price)
        if let v = input.text("notes") { t.notes = v }
        var sheet = base
        sheet.trip = t
        sheet.stops = stops
        return (sheet, input.issues)
    }

    func validate(_ candidate: TripSheet) -> [FieldIssue] {
        var issues = candidate.trip.validate()
        if candidate.stops.count < 2 {
            issues.append(.warning("stops", ru: "В маршруте меньше двух точек: рейс не отправится, пока их нет",
                                   en: "The route has fewer than two stops: the trip cannot depart without them"))
        }
        return issues
    }

    func writer(_ candidate: TripSheet, isNew: Bool, actor: String) -> @Sendable (PGConnection) throws -> CardRecord<TripSheet> {
        let before = sheet?.stops ?? []
        let day = CivilDate(Date(), timeZone: time.timeZone)
        return { connection in
            try connection.transaction { connection in
                let trips = TripRepository(connection: connection)
                let stored: Trip
                if isNew {
                    stored = try trips.create(candidate.trip, stops: candidate.stops.map(Self.stop), on: day, actor: actor)
                } else {
                    stored = try trips.update(candidate.trip, actor: actor)
                    let kept = Set(candidate.stops.map(\.id))
                    for old in before where !kept.contains(old.id) {
                        try trips.removeStop(tripID: stored.id, stopID: old.id, actor: actor)
                    }
                    for row in candidate.stops {
                        var stop = Self.stop(row)
                        stop.tripID = stored.id
                        if row.id == 0 {
                            try trips.addStop(tripID: stored.id, stop, actor: actor)
                        } else if before.first(where: { $0.id == row.id }) != row {
                            try trips.updateStop(stop, actor: actor)
                        }
                    }
                }
                guard let read = try Self.read(id: stored.id, connection: connection) else {
                    throw NotFoundError(missing: "trip", id: stored.id)
                }
                return read
            }
        }
    }

    nonisolated static func stop(_ row: TripStopRow) -> TripStop {
        var stop = TripStop(position: row.position, locationID: row.locationID, address: row.address, eta: row.eta)
        stop.id = row.id
        return stop
    }

    func saved(_ stored: CardRecord<TripSheet>, isNew: Bool, card: CardScreen<TripEditor>) {
        app.deliver(TripChanged(id: stored.record.trip.id))
        app.showMessage(LogisticsText.tripSaved(app.language, ["number": stored.record.trip.number]))
        card.show(stored)
    }

    func receive(_ event: any ChangeEvent, card: CardScreen<TripEditor>) {
        // Not while the person works in one of its tables (a picker may be open over it).
        guard let changed = event as? TripChanged, changed.id == sheet?.trip.id, !card.isDirty, !isBusy,
              card.focusedDetail == nil else { return }
        card.load(id: changed.id)
    }

    // MARK: panels

    func headerLines(card: CardScreen<TripEditor>) -> [CardLine] {
        guard let sheet, sheet.trip.id != 0 else { return [] }
        let language = app.language
        var parts = [sheet.trip.number, sheet.trip.stage.label.text(language),
                     LogisticsText.loadLine(language, ["load": sheet.load.text])]
        if let late = lateMinutes(sheet) {
            parts.append(LogisticsText.lateBy(language, ["time": TripTime.duration(minutes: late).text(language)]))
        }
        if sheet.trip.stage == .cancelled, !sheet.trip.cancelReason.isEmpty {
            parts.append(LogisticsText.cancelledBecause(language, ["reason": sheet.trip.cancelReason]))
        }
        return [CardLine(text: parts.joined(separator: " · "), role: lateMinutes(sheet) == nil ? .status : .error, bold: true)]
    }

    func lateMinutes(_ sheet: TripSheet) -> Int? {
        guard sheet.trip.stage == .inTransit else { return nil }
        return sheet.stops.first { $0.arrivedAt == nil }.flatMap { stop in
            TripStop(position: stop.position, eta: stop.eta).minutesLate(at: Date())
        }
    }

    // MARK: the route

    func detailsDirty(card: CardScreen<TripEditor>) -> Bool { stops != (sheet?.stops ?? []) }

    func detailRows(_ name: String, card: CardScreen<TripEditor>) -> [any ListRow] {
        switch name {
        case "stops": stops.enumerated().map { TripStopListRow(position: $0.offset + 1, stop: $0.element, time: time) }
        case "cars": (sheet?.cars ?? []).map(TripCarListRow.init)
        default: []
        }
    }

    func detailRowValues(_ name: String, at index: Int?, card: CardScreen<TripEditor>) -> [String: String] {
        guard name == "stops" else { return [:] }
        let stop = index.map { stops[$0] }
        return ["location_id": stop?.locationID.map(String.init) ?? "", "address": stop?.address ?? "",
                "eta": stop?.eta.map(time.text) ?? ""]
    }

    func saveDetailRow(_ name: String, values: [String: String], at index: Int?, card: CardScreen<TripEditor>) -> [FieldIssue] {
        guard name == "stops" else { return [] }
        let input = FormInput(values)
        let locationID = input.id("location_id", current: nil)
        let address = input.text("address") ?? ""
        var issues = TripStop(position: 0, locationID: locationID, address: address).validate()
        var eta: Date?
        if let text = input.text("eta"), !text.isEmpty {
            eta = time.parse(text)
            if eta == nil {
                issues.append(.error("eta", ru: "ETA: введите ДД.ММ.ГГГГ ЧЧ:ММ", en: "ETA: type DD.MM.YYYY HH:MM"))
            }
        }
        guard issues.isEmpty else { return issues }
        let location = app.references.location(locationID)
        var row = index.map { stops[$0] } ?? TripStopRow(position: stops.count + 1)
        row.locationID = locationID
        row.place = location?.name ?? ""
        row.dealershipCode = location.flatMap { app.references.dealership($0.dealershipID)?.code } ?? ""
        row.address = address
        row.eta = eta
        if let index { stops[index] = row } else { stops.append(row) }
        return []
    }

    func deleteDetailRow(_ name: String, at index: Int, card: CardScreen<TripEditor>) {
        guard name == "stops", stops.indices.contains(index) else { return }
        stops.remove(at: index)
        for i in stops.indices { stops[i].position = i + 1 }
    }
}

/// A stop as the route table shows it.
struct TripStopListRow: ListRow {
    var position: Int
    var stop: TripStopRow
    var time: TripTime

    var rowID: Int64 { Int64(position) }

    func value(_ field: String) -> CellValue {
        switch field {
        case "position": .text(String(position))
        case "place":
            .text(stop.place.isEmpty ? stop.address : [stop.dealershipCode, stop.place].filter { !$0.isEmpty }.joined(separator: " · "))
        case "eta": stop.eta.map { .text(time.short($0)) } ?? .none
        case "arrived_at": stop.arrivedAt.map { .text(time.short($0)) } ?? .text("")
        case "cars": .text((stop.pickups > 0 ? "↑\(stop.pickups) " : "") + (stop.drops > 0 ? "↓\(stop.drops)" : ""))
        default: .none
        }
    }
}

/// A car on the trip as the cars table shows it.
struct TripCarListRow: ListRow {
    var car: TripCarRow

    var rowID: Int64 { car.vehicleID }

    func value(_ field: String) -> CellValue {
        switch field {
        case "bay": .integer(car.bay)
        case "stock_number": .text(car.stockNumber)
        case "vehicle": .text(car.makeModel)
        case "vin": .text(car.vin)
        case "route": .text("\(car.pickupPosition) → \(car.dropPosition)")
        case "state": .label(car.state.label)
        case "status": .label(car.vehicleStatus.label)
        case "transfer_price": car.transferPrice.map { .money($0) } ?? .none
        default: .none
        }
    }
}
