import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// The customer and vehicle pickers of the deal form.
extension DealFormScreen {
    // MARK: - Pickers

    func openPicker(for bind: String, text: String) {
        switch bind {
        case "customer_id": pickCustomer(text: text)
        case "vehicle_id": pickVehicle(text: text)
        default: break
        }
    }

    func pickCustomer(text: String) {
        let ru = app.language == .ru
        let picker = LookupPicker(app: app, title: ru ? "Клиент" : "Customer", lane: "lookup.customer",
                                  initialText: text, canCreate: true) { connection, text in
            try CustomerRepository(connection: connection).search(text, limit: 50).map { row in
                LookupPicker.Item(id: row.id, label: row.name,
                                  detail: [row.phone, row.birthDate?.russianText ?? "", row.inn].filter { !$0.isEmpty }.joined(separator: " · "))
            }
        }
        app.lookup(picker) { [weak self] outcome in
            guard let self else { return }
            switch outcome {
            case .chosen(let item):
                self.setCustomer(id: item.id, label: Self.customerLabel(name: item.label, phone: item.detail.components(separatedBy: " · ").first ?? ""))
            case .create(let typed):
                guard let definition = self.app.environment.screens.form("customer") else { return }
                let card = CustomerCardScreen(app: self.app, definition: definition, customerID: nil, initialText: typed)
                card.onSaved = { [weak self] customer in
                    self?.setCustomer(id: customer.id, label: Self.customerLabel(name: customer.name, phone: customer.phone))
                }
                self.app.push(card)
            case .cancelled:
                break
            }
        }
    }

    func setCustomer(id: Int64, label: String) {
        form?.setValue(String(id), for: "customer_id")
        form?.lookupLabels["customer_id"] = label
        form?.focus(bind: "vehicle_id")
        if form?.value("vehicle_id")?.isEmpty == false { form?.focus(bind: "discount_amount") }
    }

    func pickVehicle(text: String) {
        let ru = app.language == .ru
        let language = app.language, dealershipID = deal?.dealershipID
        let picker = LookupPicker(app: app, title: ru ? "Автомобиль со склада" : "Vehicle from stock", lane: "lookup.vehicle",
                                  initialText: text, canCreate: false) { connection, text in
            try SalesReferenceRepository(connection: connection).availableVehicles(text, dealershipID: dealershipID).map { row in
                LookupPicker.Item(id: row.id, label: "\(row.make) \(row.model) \(row.year) · \(row.vin)",
                                  detail: row.stockNumber + " · " + row.listPrice.formatted(language))
            }
        }
        app.lookup(picker) { [weak self] outcome in
            guard let self, case .chosen(let item) = outcome else { return }
            self.setVehicle(id: item.id)
        }
    }

    func setVehicle(id: Int64) {
        app.database.request(lane: "deal.vehicle", { connection in
            try VehicleRepository(connection: connection).get(id: id)
        }, completion: { [weak self] result in
            guard let self, let form = self.form, case .success(let vehicle?) = result else { return }
            form.setValue(String(vehicle.id), for: "vehicle_id")
            form.lookupLabels["vehicle_id"] = "\(vehicle.make) \(vehicle.model) · \(vehicle.vin) · \(vehicle.stockNumber)"
            self.deal?.listPrice = vehicle.listPrice
            form.setValue(DealFormValues.editable(vehicle.listPrice), for: "list_price")
            self.vehiclePricing = (vehicle.purchaseCost, vehicle.boughtFromPrivatePerson)
            self.followDiscount()
            if form.value("sale_price")?.isEmpty ?? true {
                form.setValue(DealFormValues.editable(vehicle.listPrice), for: "sale_price")
            }
            form.focus(bind: "discount_amount")
        })
    }
}
