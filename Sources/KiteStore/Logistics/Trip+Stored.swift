import Foundation
import KiteDomain

extension TripStage: SQLTextEnum {}
extension TripVehicle.State: SQLTextEnum {}

/// `trips`: each column once. The stage, departure, closing and cancel reason change
/// only through the trip commands (`TripRepository`), never by a card's save.
extension Trip: StoredRecord, VersionedRecord {
    public static let table = "trips"
    public static var blank: Trip { Trip() }

    public static var columns: [StoredColumn<Trip>] {
        [
            .column("id", \.id, .serverManaged),
            .column("number", \.number, .insertOnly),
            .column("dealership_id", \.dealershipID, .insertOnly),
            .column("carrier_id", \.carrierID),
            .column("truck_id", \.truckID),
            .column("driver_id", \.driverID),
            .column("second_driver_id", \.secondDriverID),
            .column("stage", \.stage, .readOnly),
            .column("planned_departure", \.plannedDeparture),
            .column("departed_at", \.departedAt, .readOnly),
            .column("closed_at", \.closedAt, .readOnly),
            .column("price", \.price),
            .column("notes", \.notes),
            .column("cancel_reason", \.cancelReason, .readOnly),
            .column("clerk_login", \.clerkLogin, .insertOnly),
            .column("version", \.version, .version),
            .column("created_at", \.createdAt, .serverManaged),
            .column("updated_at", \.updatedAt, .updatedAt),
            .column("updated_by", \.updatedBy, .actor),
        ]
    }
}

/// `trip_stops`: the route, in order. The arrival is the trip command's.
extension TripStop: StoredRecord {
    public static let table = "trip_stops"
    public static var blank: TripStop { TripStop() }

    public static var columns: [StoredColumn<TripStop>] {
        [
            .column("id", \.id, .serverManaged),
            .column("trip_id", \.tripID, .insertOnly),
            .column("position", \.position),
            .column("location_id", \.locationID),
            .column("address", \.address),
            .column("eta", \.eta),
            .column("arrived_at", \.arrivedAt, .readOnly),
        ]
    }
}
