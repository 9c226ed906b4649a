import Foundation
import KiteDomain

/// Why a trip cannot be printed in the form asked for, though it exists.
public enum TripDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    case noCars(number: String)
    case nothingDelivered(number: String)

    public var message: LocalizedText {
        switch self {
        case .noCars(let number):
            LocalizedText(ru: "Рейс \(number): на нём нет автомобилей — накладную печатать не на что",
                          en: "Trip \(number): no cars on it, nothing to put on the waybill")
        case .nothingDelivered(let number):
            LocalizedText(ru: "Рейс \(number): ни один автомобиль ещё не выгружен — актов приёма-передачи нет",
                          en: "Trip \(number): no car has been dropped yet, so there is no handover act")
        }
    }

    public var description: String { message.en }
}

/// Loads what a trip's print forms show: the shipper (the dealership that planned it) and
/// the consignee (the last stop's dealership, or its address), the carrier with its truck and
/// drivers, the route, and the cars with their inspections and delivery damages.
public struct TripDocumentQuery {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    private struct StopRow: Decodable {
        var id: Int64
        var position: Int
        var place: String
        var address: String
        var dealershipCode: String
        var dealershipName: String
        var eta: Date?
        var arrivedAt: Date?
    }

    private struct CarRow: Decodable {
        var vehicleId: Int64
        var bay: Int
        var title: String
        var vin: String
        var stockNumber: String
        var year: Int
        var colour: String
        var pickupStopId: Int64
        var dropStopId: Int64
        var state: TripVehicle.State
        var droppedAt: Date?
    }

    /// The trip `number` (`MSK-TR-2026-000045`), nil when there is none the login may see.
    /// `deliveredOnly`: only the cars dropped at their stop (the handover acts).
    public func load(number: String, catalogue: DamageCatalogue, deliveredOnly: Bool = false) throws -> PrintableTrip? {
        let trips = TripRepository(connection: connection)
        guard let trip = try trips.get(number: number) else { return nil }
        struct Dealership: Decodable { var code: String; var name: String; var city: String }
        let own = try connection.fetchOne(Dealership.self, "SELECT code, name, city FROM dealerships WHERE id = \(trip.dealershipID)")
        let requisites = SellerRequisitesRepository(connection: connection)
        let stopRows = try connection.fetch(StopRow.self, """
            SELECT s.id, s.position, coalesce(l.name, '') AS place,
                   CASE WHEN s.location_id IS NULL THEN s.address
                        ELSE concat_ws(', ', nullif(l.city, ''), nullif(l.address, '')) END AS address,
                   coalesce(d.code, '') AS dealership_code, coalesce(d.name, '') AS dealership_name, s.eta, s.arrived_at
              FROM trip_stops s
              LEFT JOIN locations l ON l.id = s.location_id
              LEFT JOIN dealerships d ON d.id = l.dealership_id
             WHERE s.trip_id = \(trip.id)
             ORDER BY s.position
            """)
        func stop(_ row: StopRow) -> PrintableTrip.Stop {
            PrintableTrip.Stop(position: row.position, place: row.dealershipCode.isEmpty ? row.address : "\(row.dealershipCode) · \(row.place)",
                               address: row.dealershipCode.isEmpty ? "" : row.address, eta: row.eta, arrivedAt: row.arrivedAt)
        }
        let stops = Dictionary(uniqueKeysWithValues: stopRows.map { ($0.id, stop($0)) })
        let shipper = PrintableTrip.Party(name: own?.name ?? "", requisites: try own.flatMap { try requisites.requisites(dealershipCode: $0.code) }
                                          ?? SellerRequisites(), address: stopRows.first.map { stop($0).address } ?? "")
        let consignee: PrintableTrip.Party
        if let last = stopRows.last, !last.dealershipCode.isEmpty {
            consignee = PrintableTrip.Party(name: last.dealershipName,
                                            requisites: try requisites.requisites(dealershipCode: last.dealershipCode) ?? SellerRequisites(),
                                            address: last.address)
        } else {
            consignee = PrintableTrip.Party(name: stopRows.last?.address ?? "", address: stopRows.last?.address ?? "")
        }
        let carrier = try trip.carrierID.flatMap { try CarrierRepository(connection: connection).get(id: $0) } ?? Carrier()
        let fleet = FleetRepository(connection: connection)
        let truck = try trip.truckID.flatMap { try fleet.truck(id: $0) }
        let drivers = try [trip.driverID, trip.secondDriverID].compactMap { $0 }.compactMap { try fleet.driver(id: $0) }
        var sql: SQL = """
            SELECT tv.vehicle_id, tv.bay, v.make || ' ' || v.model || CASE WHEN v.trim <> '' THEN ' ' || v.trim ELSE '' END AS title,
                   v.vin::text AS vin, v.stock_number, v.year, v.colour, tv.pickup_stop_id, tv.drop_stop_id, tv.state, tv.dropped_at
              FROM trip_vehicles tv JOIN vehicles v ON v.id = tv.vehicle_id
             WHERE tv.trip_id = \(trip.id) AND tv.state <> 'removed'
            """
        if deliveredOnly { sql += " AND tv.state = 'dropped'" }
        sql += " ORDER BY tv.bay, v.stock_number"
        let inspections = InspectionRepository(connection: connection)
        let cars = try connection.fetch(CarRow.self, sql).map { row -> PrintableTrip.Car in
            let pickup = try inspections.get(tripID: trip.id, vehicleID: row.vehicleId, kind: .pickup)
            let delivery = try inspections.get(tripID: trip.id, vehicleID: row.vehicleId, kind: .delivery)
            let damages = (delivery?.damages ?? []).map { damage in
                PrintableTrip.Damage(code: damage.code, description: catalogue.describe(damage.code).ru, notes: damage.notes,
                                     atPickup: Inspection.newDamages(delivery: [damage], pickup: pickup?.damages ?? []).isEmpty,
                                     claim: damage.claimID.map { "№\u{00A0}\($0)" } ?? "")
            }
            let empty = PrintableTrip.Stop(position: 0, place: "")
            return PrintableTrip.Car(bay: row.bay, title: row.title, vin: row.vin, stockNumber: row.stockNumber, year: row.year,
                                     colour: row.colour, pickup: stops[row.pickupStopId] ?? empty, drop: stops[row.dropStopId] ?? empty,
                                     droppedAt: row.droppedAt, pickupInspection: pickup, deliveryInspection: delivery, damages: damages)
        }
        return PrintableTrip(number: trip.number, date: CivilDate(trip.createdAt, timeZone: BookDay.timeZone), stage: trip.stage,
                             shipper: shipper, consignee: consignee, carrier: carrier, truck: truck, drivers: drivers,
                             stops: stopRows.map(stop), plannedDeparture: trip.plannedDeparture, departedAt: trip.departedAt,
                             price: trip.price, notes: trip.notes, cars: cars)
    }
}
