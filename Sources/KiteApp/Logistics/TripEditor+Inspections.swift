import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// The trip card's inspections: F7 (or Enter on a car in the cars table) opens the chosen
/// car's inspection at pickup or delivery — the one still to record is offered first, a
/// recorded one opens as it was signed.
extension TripEditor {
    /// The car selected in the cars table.
    func selectedCar(_ card: CardScreen<TripEditor>) -> TripCarRow? {
        guard let sheet, let table = card.details.first(where: { $0.definition.name == "cars" }),
              let index = table.table.selection, sheet.cars.indices.contains(index) else { return nil }
        return sheet.cars[index]
    }

    func inspectUnavailableReason(_ card: CardScreen<TripEditor>) -> LocalizedText? {
        if card.isNew { return LogisticsText.saveTripFirst.text }
        guard let car = selectedCar(card) else { return InspectionText.noCarSelected.text }
        if car.state == .removed { return InspectionText.notOnTripAnyMore.text }
        return nil
    }

    func openDetailRowAtOnce(_ name: String, at index: Int, card: CardScreen<TripEditor>) {
        guard name == "cars" else { return }
        inspectSelectedCar(card)
    }

    /// Reads what is recorded for the car, then asks which inspection (the one to record
    /// next preselected).
    func inspectSelectedCar(_ card: CardScreen<TripEditor>) {
        if let reason = inspectUnavailableReason(card) {
            app.showError(reason.text(app.language))
            return
        }
        guard let sheet, let car = selectedCar(card) else { return }
        let tripID = sheet.trip.id, tripNumber = sheet.trip.number
        struct Recorded: Sendable { var pickup: Inspection?; var delivery: Inspection?; var carLabel: String }
        app.database.request(lane: "trip.inspections", { connection in
            let inspections = InspectionRepository(connection: connection)
            return Recorded(pickup: try inspections.get(tripID: tripID, vehicleID: car.vehicleID, kind: .pickup),
                            delivery: try inspections.get(tripID: tripID, vehicleID: car.vehicleID, kind: .delivery),
                            carLabel: try InspectionEditor.carLabel(vehicleID: car.vehicleID, connection: connection))
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: self.app.language))
            case .success(let recorded):
                self.chooseInspection(car: car, tripID: tripID, tripNumber: tripNumber, pickup: recorded.pickup,
                                      delivery: recorded.delivery, carLabel: recorded.carLabel)
            }
        })
    }

    func chooseInspection(car: TripCarRow, tripID: Int64, tripNumber: String, pickup: Inspection?, delivery: Inspection?, carLabel: String) {
        let language = app.language
        func label(_ kind: InspectionKind, _ inspection: Inspection?) -> String {
            let title = kind.title.text(language)
            guard let inspection else { return InspectionText.kindNotRecorded(language, ["kind": title]) }
            return InspectionText.kindRecorded(language, ["kind": title, "at": time.short(inspection.inspectedAt),
                                                          "count": String(inspection.damages.count)])
        }
        let next: InspectionKind = pickup == nil ? .pickup : .delivery
        app.pick(ChoicePicker(title: InspectionText.kindPickerTitle(language, ["car": car.stockNumber]),
                              choices: [ChoicePicker.Choice(value: "pickup", label: label(.pickup, pickup)),
                                        ChoicePicker.Choice(value: "delivery", label: label(.delivery, delivery))],
                              selectedValue: next.rawValue)) { [weak self] value in
            guard let self, let kind = InspectionKind(rawValue: value) else { return }
            if let stored = kind == .pickup ? pickup : delivery {
                self.app.openCard("inspection", id: stored.id) { _ in InspectionEditor(app: self.app) }
                return
            }
            var inspection = Inspection()
            inspection.tripID = tripID
            inspection.vehicleID = car.vehicleID
            inspection.kind = kind
            let context = InspectionSheet(inspection: inspection, tripNumber: tripNumber, carLabel: carLabel,
                                          pickup: kind == .delivery ? pickup : nil)
            self.app.openCard("inspection", id: nil) { _ in InspectionEditor(app: self.app, context: context) }
        }
    }
}
