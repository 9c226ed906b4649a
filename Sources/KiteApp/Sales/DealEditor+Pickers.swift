import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// The customer and vehicle pickers of the deal form: Enter or typing in a lookup field
/// opens its search box; Backspace clears an optional one.
extension DealEditor {
    func interceptKey(_ key: Key, card: CardScreen<DealEditor>) -> Bool {
        guard let form = card.form, let field = form.focusedField, field.kind == .lookup else { return false }
        switch key {
        case .enter:
            openPicker(for: field.bind, text: "", card: card)
            return true
        case .character(let c) where key.isPrintable:
            openPicker(for: field.bind, text: String(c), card: card)
            return true
        case .backspace, .delete:
            if !field.required {
                form.setValue("", for: field.bind)
                form.lookupLabels[field.bind] = nil
            }
            return true
        default:
            return false
        }
    }

    func openPicker(for bind: String, text: String, card: CardScreen<DealEditor>) {
        switch bind {
        case "customer_id": pickCustomer(text: text, card: card)
        case "vehicle_id": pickVehicle(text: text, card: card)
        default: break
        }
    }

    func pickCustomer(text: String, card: CardScreen<DealEditor>) {
        let picker = LookupPicker(app: app, title: SalesText.customerPickerTitle(app.language), lane: "lookup.customer",
                                  initialText: text, canCreate: true) { connection, text in
            try CustomerRepository(connection: connection).search(text, limit: 50).map { row in
                LookupPicker.Item(id: row.id, label: row.name,
                                  detail: [row.phone, row.birthDate?.russianText ?? "", row.inn].filter { !$0.isEmpty }.joined(separator: " · "))
            }
        }
        app.lookup(picker) { [weak card] outcome in
            guard let card else { return }
            switch outcome {
            case .chosen(let item):
                Self.setCustomer(id: item.id, label: Self.customerLabel(name: item.label, phone: item.detail.components(separatedBy: " · ").first ?? ""), form: card.form)
            case .create(let typed):
                card.app.openNewCustomer(initialText: typed) { [weak card] customer in
                    Self.setCustomer(id: customer.id, label: Self.customerLabel(name: customer.name, phone: customer.phone), form: card?.form)
                }
            case .cancelled:
                break
            }
        }
    }

    static func setCustomer(id: Int64, label: String, form: FormView?) {
        form?.setValue(String(id), for: "customer_id")
        form?.lookupLabels["customer_id"] = label
        form?.focus(bind: "vehicle_id")
        if form?.value("vehicle_id")?.isEmpty == false { form?.focus(bind: "discount_amount") }
    }

    func pickVehicle(text: String, card: CardScreen<DealEditor>) {
        let language = app.language, dealershipID = card.record?.dealershipID
        let picker = LookupPicker(app: app, title: SalesText.vehiclePickerTitle(language), lane: "lookup.vehicle",
                                  initialText: text, canCreate: false) { connection, text in
            try SalesReferenceRepository(connection: connection).availableVehicles(text, dealershipID: dealershipID).map { row in
                LookupPicker.Item(id: row.id, label: "\(row.make) \(row.model) \(row.year) · \(row.vin)",
                                  detail: row.stockNumber + " · " + row.listPrice.formatted(language))
            }
        }
        app.lookup(picker) { [weak self, weak card] outcome in
            guard let self, let card, case .chosen(let item) = outcome else { return }
            self.setVehicle(id: item.id, card: card)
        }
    }

    func setVehicle(id: Int64, card: CardScreen<DealEditor>) {
        app.database.request(lane: "deal.vehicle", { connection in
            try VehicleRepository(connection: connection).get(id: id)
        }, completion: { [weak self, weak card] result in
            guard let self, let card, let form = card.form, case .success(let vehicle?) = result else { return }
            form.setValue(String(vehicle.id), for: "vehicle_id")
            form.lookupLabels["vehicle_id"] = Self.vehicleLabel(vehicle)
            card.updateRecord { $0.listPrice = vehicle.listPrice }
            form.setValue(DealFormValues.editable(vehicle.listPrice, self.app.language), for: "list_price")
            self.vehiclePricing = (vehicle.purchaseCost, vehicle.boughtFromPrivatePerson)
            self.landedCost = nil
            self.loadLandedCost(vehicleID: vehicle.id)
            self.followDiscount(form.value("discount_amount")?.trimmingCharacters(in: .whitespaces) ?? "",
                                listPrice: vehicle.listPrice, form: form)
            if form.value("sale_price")?.isEmpty ?? true {
                form.setValue(DealFormValues.editable(vehicle.listPrice, self.app.language), for: "sale_price")
            }
            form.focus(bind: "discount_amount")
        })
    }
}
