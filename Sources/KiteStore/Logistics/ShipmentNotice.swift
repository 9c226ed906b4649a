import Foundation
import KiteDomain

/// A car named by an importer's shipment notice, as `kite import shipments` finds it: the
/// car itself and, when it already travels (on a trip that is planned, loading or on the
/// way, and not yet dropped), that trip and the stop where it is dropped.
public struct ShipmentVehicle: Sendable, Hashable, Decodable {
    public var id: Int64
    public var vin: String
    public var stockNumber: String
    public var status: VehicleStatus
    public var dealershipId: Int64
    public var tripId: Int64?
    public var tripNumber: String?
    public var tripStage: TripStage?
    public var dropStopId: Int64?
    public var dropLocationId: Int64?
    public var dropPlace: String?
    public var dropEta: Date?
}

extension TripRepository {
    /// The cars with these VINs (those the login sees) and the trip each one travels on.
    public func shipmentVehicles(vins: [String]) throws -> [ShipmentVehicle] {
        guard !vins.isEmpty else { return [] }
        return try connection.fetch(ShipmentVehicle.self, """
            SELECT v.id, v.vin::text AS vin, v.stock_number, v.status, v.dealership_id,
                   cur.trip_id, cur.trip_number, cur.trip_stage, cur.drop_stop_id, cur.drop_location_id,
                   cur.drop_place, cur.drop_eta
              FROM vehicles v
              LEFT JOIN LATERAL (
                    SELECT tv.trip_id, t.number AS trip_number, t.stage AS trip_stage, s.id AS drop_stop_id,
                           s.location_id AS drop_location_id, coalesce(l.name, s.address) AS drop_place, s.eta AS drop_eta
                      FROM trip_vehicles tv
                      JOIN trips t ON t.id = tv.trip_id
                      JOIN trip_stops s ON s.id = tv.drop_stop_id
                      LEFT JOIN locations l ON l.id = s.location_id
                     WHERE tv.vehicle_id = v.id AND tv.state IN ('assigned', 'on_board')
                     LIMIT 1) cur ON true
             WHERE v.vin = ANY(\(vins))
            """)
    }

    /// Every location of ours (every dealership's), for matching a notice's place names.
    public func allLocations() throws -> [Location] {
        try connection.fetch(Location.self, """
            SELECT id, dealership_id, name, kind, city, address FROM locations ORDER BY dealership_id, name, id
            """)
    }

    /// A stop's new ETA (allowed on the way too: only the ETA changes). Bumps the trip's
    /// version, as every change to its route does.
    public func setStopETA(tripID: Int64, stopID: Int64, eta: Date, actor: String) throws {
        do {
            try connection.transaction { connection in
                _ = try connection.execute(
                    "UPDATE trips SET version = version + 1, updated_at = now(), updated_by = \(actor) WHERE id = \(tripID)")
                _ = try connection.execute("UPDATE trip_stops SET eta = \(eta) WHERE id = \(stopID) AND trip_id = \(tripID)")
            }
        } catch {
            if let refusal = TripRefusal.from(error) { throw refusal }
            throw error
        }
    }
}
