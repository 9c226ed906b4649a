import Foundation
import KiteDomain

extension StockRow {
    /// The synthesized memberwise initializer is internal; this is the public one.
    public init(vehicleID id: Int64, stockNumber: String, vin: String, make: String, model: String, year: Int, colour: String,
                mileageKm: Int, status: VehicleStatus, locationID: Int64?, locationName: String?, arrivalDate: Date?,
                listPrice: Money, dealershipCode: String, eta: Date? = nil) {
        self.id = id
        self.stockNumber = stockNumber
        self.vin = vin
        self.make = make
        self.model = model
        self.year = year
        self.colour = colour
        self.mileageKm = mileageKm
        self.status = status
        self.locationID = locationID
        self.locationName = locationName
        self.arrivalDate = arrivalDate
        self.listPrice = listPrice
        self.dealershipCode = dealershipCode
        self.eta = eta
    }
}

extension NotFoundError {
    public init(missing entity: String, id: Int64) {
        self.init(entity: entity, id: id)
    }
}
