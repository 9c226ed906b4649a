import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// The trip card's commands: the stage on F9, the carrier/truck/driver pickers, and the
/// cars put on or taken off at once.
extension TripEditor {
    func perform(_ command: String, card: CardScreen<TripEditor>) -> Bool {
        if command == "trip.inspect" {
            inspectSelectedCar(card)
            return true
        }
        guard command == "trip.stage" else { return false }
        chooseStageCommand(card)
        return true
    }

    func unavailableReason(_ command: String, card: CardScreen<TripEditor>) -> LocalizedText? {
        if command == "trip.inspect" { return inspectUnavailableReason(card) }
        guard command == "trip.stage" else { return nil }
        if card.isNew { return LogisticsText.saveTripFirst.text }
        if card.isDirty { return LogisticsText.saveChangesFirst.text }
        if let stage = sheet?.trip.stage, stage.isFinal {
            return Self.withStage(.noFurtherStages, stage)
        }
        return nil
    }

    /// A text naming the trip's stage, each language with its own word for it.
    static func withStage(_ text: LogisticsText, _ stage: TripStage) -> LocalizedText {
        LocalizedText(ru: text(.ru, ["stage": stage.label.ru]), en: text(.en, ["stage": stage.label.en]))
    }

    // MARK: stages

    func chooseStageCommand(_ card: CardScreen<TripEditor>) {
        guard let sheet else { return }
        let language = app.language
        let commands = TripCommand.allCases.filter { $0.from.contains(sheet.trip.stage) }
        let choices = commands.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
        app.pick(ChoicePicker(title: LogisticsText.stagePickerTitle(language, ["number": sheet.trip.number,
                                                                               "stage": sheet.trip.stage.label.text(language)]),
                              choices: choices)) { [weak self, weak card] value in
            guard let self, let card, let command = TripCommand(rawValue: value) else { return }
            switch command {
            case .cancel: self.askReason(title: LogisticsText.cancelTripTitle(language)) { reason in
                self.change(card) { try $0.cancel(tripID: sheet.trip.id, reason: reason, actor: $1) }
            }
            case .arrive: self.chooseArrivalStop(card)
            case .startLoading: self.change(card) { try $0.startLoading(tripID: sheet.trip.id, actor: $1) }
            case .depart: self.change(card) { try $0.depart(tripID: sheet.trip.id, actor: $1) }
            case .close: self.change(card) { try $0.close(tripID: sheet.trip.id, actor: $1) }
            }
        }
    }

    /// The stops not reached yet; the next one with cars to drop first.
    func chooseArrivalStop(_ card: CardScreen<TripEditor>) {
        guard let sheet else { return }
        let open = sheet.stops.filter { $0.arrivedAt == nil }
        let choices = open.map { stop in
            ChoicePicker.Choice(value: String(stop.id),
                                label: "\(stop.position). " + TripStopListRow(position: stop.position, stop: stop, time: time).value("place").plainText
                                    + (stop.drops > 0 ? "  ↓\(stop.drops)" : ""))
        }
        let next = open.first { $0.drops > 0 } ?? open.first
        app.pick(ChoicePicker(title: LogisticsText.arrivalTitle(app.language), choices: choices,
                              selectedValue: next.map { String($0.id) } ?? "")) { [weak self, weak card] value in
            guard let self, let card, let stopID = Int64(value) else { return }
            self.change(card) { try $0.arrive(tripID: sheet.trip.id, stopID: stopID, actor: $1) }
        }
    }

    func askReason(title: String, then: @escaping @MainActor (String) -> Void) {
        app.askReason(title: title, label: LogisticsText.reason(app.language), then: then)
    }

    /// A command of the stored trip on the database thread; the card then shows what is
    /// stored, the lists hear of it, and a refusal is said in full.
    func change(_ card: CardScreen<TripEditor>, _ work: @escaping @Sendable (TripRepository, String) throws -> Void) {
        guard !isBusy, let id = sheet?.trip.id else { return }
        isBusy = true
        let actor = app.login, language = app.language
        app.showMessage(LogisticsText.working(language), role: .status)
        app.database.request(lane: "trip.command", { connection -> CardRecord<TripSheet>? in
            try work(TripRepository(connection: connection), actor)
            return try Self.read(id: id, connection: connection)
        }, completion: { [weak self, weak card] result in
            guard let self, let card else { return }
            self.isBusy = false
            switch result {
            case .success(let stored?):
                let before = self.sheet
                card.show(stored)
                self.app.deliver(TripChanged(id: id))
                self.app.showMessage(self.doneMessage(before: before, after: stored.record, language: language))
            case .success(nil):
                self.app.showError(ErrorText.describe(NotFoundError(missing: "trip", id: id), language: language))
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    func doneMessage(before: TripSheet?, after: TripSheet, language: Language) -> String {
        if before?.trip.stage != after.trip.stage {
            return LogisticsText.stageChanged(language, ["number": after.trip.number, "stage": after.trip.stage.label.text(language)])
        }
        return LogisticsText.loadChanged(language, ["number": after.trip.number, "load": after.load.text])
    }

    // MARK: cars

    func changesDetailAtOnce(_ name: String) -> Bool { name == "cars" }

    /// Ins on the cars: a car at the first stop, not on another trip; its drop stop asked
    /// when the route has more than two.
    func addDetailRowAtOnce(_ name: String, card: CardScreen<TripEditor>) {
        guard let sheet else { return }
        if let reason = carsUnavailableReason(card) {
            app.showError(reason.text(app.language))
            return
        }
        let tripID = sheet.trip.id, pickup = sheet.stops[0]
        let language = app.language
        let picker = LookupPicker(app: app, title: LogisticsText.carPickerTitle(language, ["place": pickup.place.isEmpty ? pickup.address : pickup.place]),
                                  lane: "lookup.trip_car", canCreate: false) { connection, text in
            try TripRepository(connection: connection).candidates(tripID: tripID, text: text, limit: 50).map { car in
                LookupPicker.Item(id: car.id, label: "\(car.stockNumber) · \(car.makeModel)",
                                  detail: [car.vin, car.status.label.text(language)].joined(separator: " · "))
            }
        }
        app.lookup(picker) { [weak self, weak card] outcome in
            guard let self, let card, case .chosen(let item) = outcome else { return }
            self.chooseDropStop(card) { drop in
                self.change(card) {
                    try $0.addVehicle(tripID: tripID, vehicleID: item.id, pickupStopID: pickup.id, dropStopID: drop, actor: $1)
                }
            }
        }
    }

    func chooseDropStop(_ card: CardScreen<TripEditor>, then: @escaping @MainActor (Int64) -> Void) {
        guard let sheet, let last = sheet.stops.last else { return }
        let later = sheet.stops.dropFirst()
        guard later.count > 1 else { return then(last.id) }
        let choices = later.map { stop in
            ChoicePicker.Choice(value: String(stop.id),
                                label: "\(stop.position). " + TripStopListRow(position: stop.position, stop: stop, time: time).value("place").plainText)
        }
        app.pick(ChoicePicker(title: LogisticsText.dropStopTitle(app.language), choices: Array(choices),
                              selectedValue: String(last.id))) { value in
            if let id = Int64(value) { then(id) }
        }
    }

    /// Del on the cars: taken off with a reason (before departure).
    func removeDetailRowAtOnce(_ name: String, at index: Int, card: CardScreen<TripEditor>) {
        guard let sheet, sheet.cars.indices.contains(index) else { return }
        if let reason = carsUnavailableReason(card) {
            app.showError(reason.text(app.language))
            return
        }
        let car = sheet.cars[index], tripID = sheet.trip.id
        askReason(title: LogisticsText.removeCarTitle(app.language, ["stock_number": car.stockNumber])) { [weak self, weak card] reason in
            guard let self, let card else { return }
            self.change(card) { try $0.removeVehicle(tripID: tripID, vehicleID: car.vehicleID, reason: reason, actor: $1) }
        }
    }

    func carsUnavailableReason(_ card: CardScreen<TripEditor>) -> LocalizedText? {
        guard let sheet else { return nil }
        if card.isNew { return LogisticsText.saveTripFirst.text }
        if card.isDirty { return LogisticsText.saveChangesFirst.text }
        if !sheet.trip.stage.isBeforeDeparture {
            return Self.withStage(.carsFrozen, sheet.trip.stage)
        }
        if sheet.stops.count < 2 { return LogisticsText.routeFirst.text }
        return nil
    }

    // MARK: pickers of the fields

    func interceptKey(_ key: Key, card: CardScreen<TripEditor>) -> Bool {
        guard let form = card.form, let field = form.focusedField, field.kind == .lookup else { return false }
        switch key {
        case .enter:
            openPicker(for: field.bind, text: "", card: card)
        case .character(let c) where key.isPrintable:
            openPicker(for: field.bind, text: String(c), card: card)
        case .backspace, .delete:
            if !field.required {
                form.setValue("", for: field.bind)
                form.lookupLabels[field.bind] = nil
            }
        default:
            return false
        }
        return true
    }

    func openPicker(for bind: String, text: String, card: CardScreen<TripEditor>) {
        guard let form = card.form else { return }
        let language = app.language
        let carrierID = Int64(form.value("carrier_id") ?? "")
        if bind != "carrier_id", carrierID == nil {
            app.showError(LogisticsText.carrierFirst(language))
            return
        }
        let picker: LookupPicker
        switch bind {
        case "carrier_id":
            picker = LookupPicker(app: app, title: LogisticsText.carrierPickerTitle(language), lane: "lookup.carrier",
                                  initialText: text, canCreate: false) { connection, text in
                try CarrierRepository(connection: connection).list(text, limit: 50).map {
                    LookupPicker.Item(id: $0.id, label: $0.name, detail: $0.inn)
                }
            }
        case "truck_id":
            picker = LookupPicker(app: app, title: LogisticsText.truckPickerTitle(language), lane: "lookup.truck",
                                  initialText: text, canCreate: false) { connection, text in
                try FleetRepository(connection: connection).trucks(carrierID: carrierID, matching: text, activeOnly: true).map {
                    LookupPicker.Item(id: $0.id, label: Self.truckLabel($0), detail: $0.model)
                }
            }
        case "driver_id", "second_driver_id":
            picker = LookupPicker(app: app, title: LogisticsText.driverPickerTitle(language), lane: "lookup.driver",
                                  initialText: text, canCreate: false) { connection, text in
                try FleetRepository(connection: connection).drivers(carrierID: carrierID, matching: text, activeOnly: true).map {
                    LookupPicker.Item(id: $0.id, label: $0.fullName, detail: [$0.phone, $0.licenceNumber].filter { !$0.isEmpty }.joined(separator: " · "))
                }
            }
        default:
            return
        }
        app.lookup(picker) { [weak card] outcome in
            guard let form = card?.form, case .chosen(let item) = outcome else { return }
            if bind == "carrier_id", form.value("carrier_id") != String(item.id) {
                // Another carrier: its own truck and drivers.
                for other in ["truck_id", "driver_id", "second_driver_id"] {
                    form.setValue("", for: other)
                    form.lookupLabels[other] = nil
                }
            }
            form.setValue(String(item.id), for: bind)
            form.lookupLabels[bind] = item.label
            _ = form.focusNext()
        }
    }
}

private extension CellValue {
    var plainText: String {
        switch self {
        case .text(let text): text
        default: ""
        }
    }
}
