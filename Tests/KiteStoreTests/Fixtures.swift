import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport

/// A fresh migrated database with one dealership and two locations.
struct StockFixture {
    let conninfo: String
    let connection: PGConnection
    let dealership: Dealership
    let showroom: Location
    let yard: Location
    var vehicles: VehicleRepository { VehicleRepository(connection: connection) }
    var reference: ReferenceRepository { ReferenceRepository(connection: connection) }

    init() throws {
        conninfo = try TestDatabase.makeMigrated()
        connection = try PGConnection(conninfo)
        let reference = ReferenceRepository(connection: connection)
        dealership = try reference.insertDealership(code: "MSK", name: "Кайт Авто Москва", city: "Москва")
        showroom = try reference.insertLocation(dealershipID: dealership.id, name: "Шоурум", kind: .showroom)
        yard = try reference.insertLocation(dealershipID: dealership.id, name: "Площадка", kind: .yard)
    }

    func vehicle(_ number: Int, make: String = "Haval", model: String = "Jolion", year: Int = 2025,
                 status: VehicleStatus = .inStock, price: Money = Money(roubles: 2_000_000)) -> Vehicle {
        Vehicle(stockNumber: String(format: "MSK-%06d", number), vin: Self.vin(number), make: make, model: model,
                trim: "Elite", year: year, colour: "белый", body: "SUV", fuel: "petrol", transmission: "DCT",
                mileageKm: 0, condition: .new, status: status, vehicleType: "car", dealershipID: dealership.id,
                locationID: number % 2 == 0 ? showroom.id : nil, purchaseCost: Money(roubles: 1_500_000),
                listPrice: price, arrivalDate: Date(timeIntervalSince1970: 1_700_000_000 + Double(number % 7) * 86_400),
                attributes: ["battery_kwh": "\(number % 3)"], updatedBy: "seed")
    }

    /// A valid 17-character VIN made from a number.
    static func vin(_ number: Int) -> String {
        "XW8" + String(format: "%014d", number)
    }
}
