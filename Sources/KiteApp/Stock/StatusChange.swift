import KiteDomain
import KiteStore
import KiteUI

/// Changing a vehicle's status: a picker of every status, where the ones the
/// state machine refuses stay visible with the reason, then a confirmation,
/// then a versioned write.
@MainActor
enum StatusChange {
    static func start(app: KiteApplication, vehicleID: Int64, current: VehicleStatus,
                      done: @escaping @MainActor (Vehicle) -> Void) {
        let language = app.language
        let choices = VehicleStatus.allCases.filter { $0 != current }.map { status -> ChoicePicker.Choice in
            var refusal: String?
            if case .failure(let reason) = current.manualTransition(to: status) { refusal = reason.reason.text(language) }
            return ChoicePicker.Choice(value: status.rawValue, label: status.label.text(language), refusal: refusal)
        }
        let title = StockText.statusPickerTitle(language, ["status": current.label.text(language)])
        app.pick(ChoicePicker(title: title, choices: choices)) { value in
            guard let target = VehicleStatus(rawValue: value) else { return }
            let question = StockText.confirmStatusChange(language, ["from": current.label.text(language),
                                                                    "to": target.label.text(language)])
            app.confirm(question) {
                apply(app: app, vehicleID: vehicleID, target: target, done: done)
            }
        }
    }

    private static func apply(app: KiteApplication, vehicleID: Int64, target: VehicleStatus,
                              done: @escaping @MainActor (Vehicle) -> Void) {
        let actor = app.login
        app.database.request({ connection -> Result<Vehicle, StatusTransitionRefusal> in
            let repository = VehicleRepository(connection: connection)
            guard let vehicle = try repository.get(id: vehicleID) else {
                throw NotFoundError(missing: "vehicle", id: vehicleID)
            }
            // Checked again against the stored status: someone may have moved it meanwhile.
            switch vehicle.status.manualTransition(to: target) {
            case .failure(let refusal): return .failure(refusal)
            case .success:
                return .success(try repository.changeStatus(id: vehicleID, to: target,
                                                            expectedVersion: vehicle.version, actor: actor))
            }
        }, completion: { result in
            let language = app.language
            switch result {
            case .success(.success(let vehicle)):
                app.showMessage(StockText.statusChanged(language, ["stockNumber": vehicle.stockNumber,
                                                                   "status": vehicle.status.label.text(language)]))
                done(vehicle)
            case .success(.failure(let refusal)):
                app.showError(refusal.reason.text(language))
            case .failure(let error):
                app.showError(ErrorText.describe(error, language: language))
            }
        })
    }
}
