import Foundation
import KiteDomain

/// `vehicles`: each column once.
extension Vehicle: StoredRecord, VersionedRecord {
    public static let table = "vehicles"
    public static var blank: Vehicle { Vehicle() }

    public static var columns: [StoredColumn<Vehicle>] {
        [
            .column("id", \.id, .serverManaged),
            .column("stock_number", \.stockNumber),
            .column("vin", \.vin),
            .column("make", \.make),
            .column("model", \.model),
            .column("trim", \.trim),
            .column("year", \.year),
            .column("colour", \.colour),
            .column("body", \.body),
            .column("fuel", \.fuel),
            .column("transmission", \.transmission),
            .column("mileage_km", \.mileageKm),
            .column("condition", \.condition),
            // Set on insert; changed only by the database's commands (migration 0042).
            .column("status", \.status, .insertOnly),
            .column("vehicle_type", \.vehicleType),
            .column("dealership_id", \.dealershipID),
            .column("location_id", \.locationID),
            .column("purchase_cost", \.purchaseCost),
            .column("list_price", \.listPrice),
            .column("arrival_date", \.arrivalDate),
            .column("attributes", \.attributes),
            .column("bought_from_private_person", \.boughtFromPrivatePerson),
            .column("version", \.version, .version),
            .column("updated_at", \.updatedAt, .updatedAt),
            .column("updated_by", \.updatedBy, .actor),
        ]
    }
}
