import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// Склад on the browser: keyset pages of `VehicleRepository`, a status filter, status
/// changes and new deals from the selected car.
@MainActor
final class StockListSource: ListSource {
    unowned let app: KiteApplication
    let form: String?
    var statuses: Set<VehicleStatus> = []
    /// Aged stock: only cars that arrived before this day (the home screen's tile).
    var arrivedBefore: CivilDate?

    init(app: KiteApplication, form: String?) {
        self.app = app
        self.form = form
    }

    private func filter(_ text: String) -> StockFilter {
        var filter = StockFilter(text: text, statuses: statuses)
        filter.arrivedBefore = arrivedBefore
        return filter
    }

    private func stockSort(_ sort: ListSort?) -> StockSort {
        // The user's own dealership first, as kite.toml's [user] dealership says.
        let own = app.references.dealership
        return StockSort(column: sort.flatMap { StockSortColumn(rawValue: $0.field) } ?? .stockNumber,
                         descending: sort?.descending ?? false, ownDealershipID: own?.id, ownDealershipCode: own?.code)
    }

    func reader(_ request: PageRequest<StockRow>, text: String, sort: ListSort?) -> (@Sendable (PGConnection) throws -> [StockRow])? {
        let filter = filter(text), sort = stockSort(sort)
        switch request {
        case .first(let limit):
            return { try VehicleRepository(connection: $0).page(filter: filter, sort: sort, limit: limit) }
        case .after(let row, _, let limit):
            let cursor = StockCursor(row: row, sort: sort)
            return { try VehicleRepository(connection: $0).page(filter: filter, sort: sort, after: cursor, limit: limit) }
        case .before(let row, _, let limit):
            let cursor = StockCursor(row: row, sort: sort)
            return { try VehicleRepository(connection: $0).page(filter: filter, sort: sort, before: cursor, limit: limit) }
        case .last(let limit):
            return { try VehicleRepository(connection: $0).lastPage(filter: filter, sort: sort, limit: limit) }
        }
    }

    func counter(text: String) -> (@Sendable (PGConnection) throws -> ListCount)? {
        let filter = filter(text)
        return { connection in
            switch try VehicleRepository(connection: connection).count(filter: filter, cap: 1_000) {
            case .exact(let n): .exact(n)
            case .atLeast(let n): .atLeast(n)
            case .estimated(let n): .estimated(n)
            }
        }
    }

    var chips: [String] {
        let language = app.language
        let shown = VehicleStatus.allCases.filter(statuses.contains).map { $0.label.text(language) }
        let status = shown.isEmpty ? StockText.anyStatus(language) : shown.joined(separator: ", ")
        var chips = [StockText.statusChip(language, ["status": status])]
        if let arrivedBefore { chips.append(StockText.arrivedBeforeChip(language, ["date": arrivedBefore.russianText])) }
        return chips
    }

    func open(_ row: StockRow, in browser: BrowserScreen<StockListSource>) { app.openVehicle(id: row.id, form: form) }
    func openNew(in browser: BrowserScreen<StockListSource>) { app.openVehicle(id: nil, form: form) }
    func clearFilters() { statuses = []; arrivedBefore = nil }

    func perform(_ command: String, selected: StockRow?, in browser: BrowserScreen<StockListSource>) -> Bool {
        switch command {
        case "stock.filter_status": chooseStatus(browser)
        case "stock.change_status":
            guard let row = selected else { return true }
            StatusChange.start(app: app, vehicleID: row.id, current: row.status) { [weak self] vehicle in
                self?.app.deliver(VehicleSaved(vehicle: vehicle, isNew: false))
            }
        case "stock.new_deal":
            guard let row = selected else { return true }
            guard row.status.isAvailableForSale else {
                app.showError(StockText.notAvailableForDeal(app.language, ["status": row.status.label.text(app.language)]))
                return true
            }
            app.openNewDeal(vehicle: row)
        default: return false
        }
        return true
    }

    func affects(_ event: any ChangeEvent, browser: BrowserScreen<StockListSource>) -> Bool {
        switch event {
        case let changed as VehicleStatusChanged:
            browser.updateRow(id: changed.id) { $0.status = changed.status }
            return false
        case let saved as VehicleSaved:
            if browser.rows.contains(where: { $0.id == saved.vehicle.id }) {
                browser.replaceRow(StockRow(vehicle: saved.vehicle, references: app.references))
                return false
            }
            return saved.isNew
        default:
            return false
        }
    }

    private func chooseStatus(_ browser: BrowserScreen<StockListSource>) {
        let language = app.language
        var choices = [ChoicePicker.Choice(value: "", label: StockText.allStatuses(language))]
        choices += VehicleStatus.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
        let picker = ChoicePicker(title: StockText.showStatus(language), choices: choices,
                                  selectedValue: statuses.first?.rawValue ?? "")
        app.pick(picker) { [weak self, weak browser] value in
            self?.statuses = VehicleStatus(rawValue: value).map { [$0] } ?? []
            browser?.reload()
        }
    }
}

/// A vehicle was saved or changed status on this terminal: lists show it without reading again.
struct VehicleSaved: ChangeEvent {
    var vehicle: Vehicle
    var isNew: Bool
}

extension StockRow: ListRow {
    var rowID: Int64 { id }

    func value(_ field: String) -> CellValue {
        switch field {
        case "stock_number": .text(stockNumber)
        case "vin": .text(vin)
        case "make": .text(make)
        case "model": .text(model)
        case "colour": .text(colour)
        case "dealership_code": .text(dealershipCode)
        case "year": .text(String(year))
        case "mileage_km": .integer(mileageKm)
        case "status": .label(status.label)
        case "location_id": locationName.map { .text($0) } ?? .none
        case "arrival_date": arrivalDate.map { .day(CivilDate($0, timeZone: FieldParsers.utcCalendar.timeZone)) } ?? .none
        case "list_price": .money(listPrice)
        case "eta": eta.map { .text(TripTime().short($0)) } ?? .text("")
        default: .none
        }
    }

    /// The row a saved vehicle shows as, without asking the database again.
    init(vehicle: Vehicle, references: References) {
        self.init(vehicleID: vehicle.id, stockNumber: vehicle.stockNumber, vin: vehicle.vin, make: vehicle.make,
                  model: vehicle.model, year: vehicle.year, colour: vehicle.colour, mileageKm: vehicle.mileageKm,
                  status: vehicle.status, locationID: vehicle.locationID,
                  locationName: references.location(vehicle.locationID)?.name, arrivalDate: vehicle.arrivalDate,
                  listPrice: vehicle.listPrice,
                  dealershipCode: references.dealership(vehicle.dealershipID)?.code ?? "")
    }
}
