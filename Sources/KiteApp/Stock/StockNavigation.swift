import KiteUI

/// Opening the stock screens.
extension KiteApplication {
    /// The stock list at the bottom of the stack.
    var stockList: BrowserScreen<StockListSource>? { stack.first as? BrowserScreen<StockListSource> }

    /// A vehicle's card (`id` nil: a new vehicle), laid out by `form` (`vehicle` by default).
    func openVehicle(id: Int64?, form: String? = nil) {
        openCard(form ?? "vehicle", id: id) { VehicleEditor(app: self, definition: $0) }
    }
}
