import Foundation
import KiteDomain

/// Trips: the list, a trip with its stops and cars, the plan (create, edit, stops), and
/// the stage commands. The rules — capacity, stages, the cars following the trip — are
/// the database's (migration 0025); a refusal comes back as a `TripRefusal`.
public struct TripRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    // MARK: reading

    public func get(id: Int64) throws -> Trip? {
        try connection.fetchOne(Trip.self, "SELECT \(fragment: Trip.selectList) FROM trips WHERE id = \(id)")
    }

    public func get(number: String) throws -> Trip? {
        try connection.fetchOne(Trip.self, "SELECT \(fragment: Trip.selectList) FROM trips WHERE number = \(number)")
    }

    /// The trips that pass `filter`, newest first, `limit` of them after skipping `offset`.
    public func list(_ filter: TripFilter, offset: Int = 0, limit: Int = 100) throws -> [TripRow] {
        var sql: SQL = """
            SELECT t.id, t.number, t.stage, d.code AS dealership_code, coalesce(c.name, '') AS carrier_name,
                   coalesce(tk.plate, '') AS truck_plate, tk.capacity,
                   (SELECT count(*) FROM trip_vehicles tv WHERE tv.trip_id = t.id AND tv.state IN ('assigned', 'on_board'))::int AS cars,
                   coalesce(first_stop.place, '') AS origin, coalesce(last_stop.place, '') AS destination,
                   t.planned_departure, next_stop.eta AS next_eta, t.price
              FROM trips t
              JOIN dealerships d ON d.id = t.dealership_id
              LEFT JOIN carriers c ON c.id = t.carrier_id
              LEFT JOIN trucks tk ON tk.id = t.truck_id
              LEFT JOIN LATERAL (SELECT coalesce(l.name, s.address) AS place FROM trip_stops s
                                   LEFT JOIN locations l ON l.id = s.location_id
                                  WHERE s.trip_id = t.id ORDER BY s.position LIMIT 1) first_stop ON true
              LEFT JOIN LATERAL (SELECT coalesce(l.name, s.address) AS place, s.location_id FROM trip_stops s
                                   LEFT JOIN locations l ON l.id = s.location_id
                                  WHERE s.trip_id = t.id ORDER BY s.position DESC LIMIT 1) last_stop ON true
              LEFT JOIN LATERAL (SELECT s.eta FROM trip_stops s
                                  WHERE s.trip_id = t.id AND s.arrived_at IS NULL AND t.stage IN ('planned', 'loading', 'in_transit')
                                  ORDER BY s.position OFFSET CASE WHEN t.stage = 'in_transit' THEN 0 ELSE 1 END LIMIT 1) next_stop ON true
             WHERE true
            """
        if !filter.stages.isEmpty { sql += " AND t.stage = ANY(\(filter.stages.map(\.rawValue).sorted()))" }
        if let carrierID = filter.carrierID { sql += " AND t.carrier_id = \(carrierID)" }
        if let beforeID = filter.beforeID { sql += " AND t.id < \(beforeID)" }
        if let destinationID = filter.destinationID { sql += " AND last_stop.location_id = \(destinationID)" }
        if filter.callersDealershipsOnly {
            sql += " AND ((SELECT kite_sees_all_dealerships()) OR t.dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]))"
        }
        if filter.lateOnly { sql += " AND t.stage = 'in_transit' AND next_stop.eta < now()" }
        if let window = filter.arrivingBetween {
            sql += " AND next_stop.eta >= \(window.lowerBound) AND next_stop.eta <= \(window.upperBound)"
        }
        // The number through its trigram index; carriers and trucks matched first (a few
        // dozen rows), their trips through trips_carrier / trips_truck (migration 0048).
        for word in filter.text.split(whereSeparator: \.isWhitespace) {
            let pattern = "%" + likeEscaped(word.lowercased()) + "%"
            sql += """
                 AND (t.number ILIKE \(pattern)
                      OR t.carrier_id = ANY (ARRAY(SELECT id FROM carriers WHERE name ILIKE \(pattern)))
                      OR t.truck_id = ANY (ARRAY(SELECT id FROM trucks WHERE plate ILIKE \(pattern))))
                """
        }
        sql += " ORDER BY t.id DESC OFFSET \(max(0, offset)) LIMIT \(max(0, limit))"
        return try connection.fetch(TripRow.self, sql)
    }

    /// Every trip that passes `filter`, newest first, in batches (keyset on the id, so a
    /// hundred thousand trips never sit in memory at once).
    public func forEachBatch(_ filter: TripFilter = TripFilter(), size: Int = 2_000, _ body: ([TripRow]) throws -> Void) throws {
        var page = filter
        while true {
            let rows = try list(page, limit: size)
            guard let last = rows.last else { return }
            try body(rows)
            if rows.count < size { return }
            page.beforeID = last.id
        }
    }

    public func stops(tripID: Int64) throws -> [TripStopRow] {
        try connection.fetch(TripStopRow.self, """
            SELECT s.id, s.position, s.location_id, coalesce(l.name, '') AS place, s.address,
                   coalesce(d.code, '') AS dealership_code, s.eta, s.arrived_at,
                   (SELECT count(*) FROM trip_vehicles tv WHERE tv.pickup_stop_id = s.id AND tv.state <> 'removed')::int AS pickups,
                   (SELECT count(*) FROM trip_vehicles tv WHERE tv.drop_stop_id = s.id AND tv.state <> 'removed')::int AS drops
              FROM trip_stops s
              LEFT JOIN locations l ON l.id = s.location_id
              LEFT JOIN dealerships d ON d.id = l.dealership_id
             WHERE s.trip_id = \(tripID)
             ORDER BY s.position
            """)
    }

    /// The cars of a trip, by bay; those taken off after the others.
    public func cars(tripID: Int64, includeRemoved: Bool = false) throws -> [TripCarRow] {
        var sql: SQL = """
            SELECT tv.vehicle_id, v.stock_number, v.vin::text AS vin, v.make || ' ' || v.model AS make_model,
                   v.status AS vehicle_status, tv.bay, tv.pickup_stop_id, ps.position AS pickup_position,
                   tv.drop_stop_id, ds.position AS drop_position, tv.state, tv.transfer_price, tv.removed_reason, tv.dropped_at
              FROM trip_vehicles tv
              JOIN vehicles v ON v.id = tv.vehicle_id
              JOIN trip_stops ps ON ps.id = tv.pickup_stop_id
              JOIN trip_stops ds ON ds.id = tv.drop_stop_id
             WHERE tv.trip_id = \(tripID)
            """
        if !includeRemoved { sql += " AND tv.state <> 'removed'" }
        sql += " ORDER BY tv.state = 'removed', tv.bay, v.stock_number"
        return try connection.fetch(TripCarRow.self, sql)
    }

    /// The truck's capacity and the cars holding a bay.
    public func load(tripID: Int64) throws -> TripLoad {
        struct Row: Decodable { var cars: Int; var capacity: Int? }
        let row = try connection.fetchOne(Row.self, """
            SELECT (SELECT count(*) FROM trip_vehicles tv WHERE tv.trip_id = t.id AND tv.state IN ('assigned', 'on_board'))::int AS cars,
                   tk.capacity
              FROM trips t LEFT JOIN trucks tk ON tk.id = t.truck_id WHERE t.id = \(tripID)
            """)
        return TripLoad(cars: row?.cars ?? 0, capacity: row?.capacity)
    }

    // MARK: planning

    /// A new planned trip numbered in its dealership and year, with its route, in one
    /// transaction.
    @discardableResult
    public func create(_ trip: Trip, stops: [TripStop], on day: CivilDate, actor: String) throws -> Trip {
        try refusing {
            try connection.transaction { connection in
                guard let number = try connection.fetchOne(String.self,
                    "SELECT trip_next_number(\(trip.dealershipID), \(day))") else {
                    throw TripRefusal(code: "trip_dealership")
                }
                var t = Self.normalized(trip)
                t.number = number
                t.clerkLogin = actor
                let stored = try connection.insertReturning(t, entity: "trip", actor: actor)
                for (index, stop) in stops.enumerated() {
                    var s = stop
                    s.tripID = stored.id
                    s.position = index + 1
                    _ = try connection.execute(TripStop.insert(s, actor: actor))
                }
                return stored
            }
        }
    }

    /// Saves the trip's plan (carrier, crew, departure, price, notes) if the row is still
    /// at `trip.version`; otherwise `StaleWriteError`.
    @discardableResult
    public func update(_ trip: Trip, actor: String) throws -> Trip {
        try refusing { try connection.updateVersioned(Self.normalized(trip), entity: "trip", actor: actor) }
    }

    /// Adds a stop after the last one (before departure).
    @discardableResult
    public func addStop(tripID: Int64, _ stop: TripStop, actor: String) throws -> Int64 {
        try refusing {
            try connection.transaction { connection in
                try touch(tripID, actor: actor, on: connection)
                var s = stop
                s.tripID = tripID
                s.position = (try connection.fetchOne(Int.self,
                    "SELECT coalesce(max(position), 0)::int FROM trip_stops WHERE trip_id = \(tripID)") ?? 0) + 1
                return try connection.fetchOne(Int64.self, TripStop.insert(s, actor: actor) + " RETURNING id") ?? 0
            }
        }
    }

    /// Changes a stop's place or ETA. After departure only the ETA changes.
    public func updateStop(_ stop: TripStop, actor: String) throws {
        try refusing {
            try connection.transaction { connection in
                try touch(stop.tripID, actor: actor, on: connection)
                _ = try connection.execute("""
                    UPDATE trip_stops SET location_id = \(stop.locationID), address = \(stop.address.trimmingCharacters(in: .whitespaces)),
                           eta = \(stop.eta)
                     WHERE id = \(stop.id) AND trip_id = \(stop.tripID)
                    """)
            }
        }
    }

    /// Removes a stop no car uses (before departure); the later ones move up.
    public func removeStop(tripID: Int64, stopID: Int64, actor: String) throws {
        try refusing {
            try connection.transaction { connection in
                try touch(tripID, actor: actor, on: connection)
                guard let position = try connection.fetchOne(Int.self,
                    "DELETE FROM trip_stops WHERE id = \(stopID) AND trip_id = \(tripID) RETURNING position") else { return }
                // Two steps, so the (trip, position) key never meets itself halfway.
                _ = try connection.execute("""
                    UPDATE trip_stops SET position = -position WHERE trip_id = \(tripID) AND position > \(position)
                    """)
                _ = try connection.execute("""
                    UPDATE trip_stops SET position = -position - 1 WHERE trip_id = \(tripID) AND position < 0
                    """)
            }
        }
    }

    /// Bumps the trip's version (a change to its route or load is a change to the trip).
    private func touch(_ tripID: Int64, actor: String, on connection: PGConnection) throws {
        _ = try connection.execute("UPDATE trips SET version = version + 1, updated_at = now(), updated_by = \(actor) WHERE id = \(tripID)")
    }

    // MARK: loading

    /// Puts a car on the trip, in `bay` or the lowest free one; returns the bay.
    @discardableResult
    public func addVehicle(tripID: Int64, vehicleID: Int64, pickupStopID: Int64, dropStopID: Int64,
                           bay: Int? = nil, transferPrice: Money? = nil, actor: String) throws -> Int {
        try refusing {
            try connection.fetchOne(Int.self, """
                SELECT trip_add_vehicle(\(tripID), \(vehicleID), \(pickupStopID), \(dropStopID), \(bay), \(transferPrice), \(actor))
                """) ?? 0
        }
    }

    public func removeVehicle(tripID: Int64, vehicleID: Int64, reason: String, actor: String) throws {
        try refusing {
            _ = try connection.execute("SELECT trip_remove_vehicle(\(tripID), \(vehicleID), \(reason), \(actor))")
        }
    }

    /// Moves a car to another trip (a split load), with the reason; returns its new bay.
    @discardableResult
    public func moveVehicle(from tripID: Int64, to otherTripID: Int64, vehicleID: Int64, pickupStopID: Int64,
                            dropStopID: Int64, reason: String, actor: String) throws -> Int {
        try refusing {
            try connection.fetchOne(Int.self, """
                SELECT trip_move_vehicle(\(tripID), \(otherTripID), \(vehicleID), \(pickupStopID), \(dropStopID), \(reason), \(actor))
                """) ?? 0
        }
    }

    // MARK: stages

    public func startLoading(tripID: Int64, actor: String) throws {
        try refusing { _ = try connection.execute("SELECT trip_start_loading(\(tripID), \(actor))") }
    }

    /// Departs; returns the number of cars on board (each now in transit).
    @discardableResult
    public func depart(tripID: Int64, actor: String) throws -> Int {
        try refusing { try connection.fetchOne(Int.self, "SELECT trip_depart(\(tripID), \(actor))") ?? 0 }
    }

    /// Arrives at a stop; returns the number of cars dropped there.
    @discardableResult
    public func arrive(tripID: Int64, stopID: Int64, actor: String) throws -> Int {
        try refusing { try connection.fetchOne(Int.self, "SELECT trip_arrive(\(tripID), \(stopID), \(actor))") ?? 0 }
    }

    public func close(tripID: Int64, actor: String) throws {
        try refusing { _ = try connection.execute("SELECT trip_close(\(tripID), \(actor))") }
    }

    public func cancel(tripID: Int64, reason: String, actor: String) throws {
        try refusing { _ = try connection.execute("SELECT trip_cancel(\(tripID), \(reason), \(actor))") }
    }

    // MARK: helpers

    /// Runs `body`, turning a trip rule's database refusal into a `TripRefusal`.
    private func refusing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            if let refusal = TripRefusal.from(error) { throw refusal }
            throw error
        }
    }

    static func normalized(_ trip: Trip) -> Trip {
        var t = trip
        t.notes = t.notes.trimmingCharacters(in: .whitespacesAndNewlines)
        return t
    }
}

/// A car that may be put on a trip.
public struct TripCandidate: Sendable, Hashable, Decodable {
    public var id: Int64
    public var stockNumber: String
    public var vin: String
    public var makeModel: String
    public var status: VehicleStatus
}

extension TripRepository {
    /// Cars that may go on the trip: at its first stop's location (any location when the
    /// first stop is an external address), ordered, in stock, in preparation or reserved,
    /// and on no other trip; matched by stock number, VIN, make or model.
    public func candidates(tripID: Int64, text: String, limit: Int = 50) throws -> [TripCandidate] {
        var sql: SQL = """
            WITH first_stop AS (SELECT location_id FROM trip_stops WHERE trip_id = \(tripID) ORDER BY position LIMIT 1)
            SELECT v.id, v.stock_number, v.vin::text AS vin, v.make || ' ' || v.model AS make_model, v.status
              FROM vehicles v
             WHERE v.status IN ('ordered', 'in_stock', 'in_preparation', 'reserved')
               AND NOT EXISTS (SELECT 1 FROM trip_vehicles tv WHERE tv.vehicle_id = v.id AND tv.state IN ('assigned', 'on_board'))
               AND ((SELECT location_id FROM first_stop) IS NULL OR v.location_id = (SELECT location_id FROM first_stop))
            """
        for word in text.split(whereSeparator: \.isWhitespace) {
            let pattern = "%" + likeEscaped(word.lowercased()) + "%"
            sql += " AND (lower(v.stock_number) LIKE \(pattern) OR lower(v.vin) LIKE \(pattern) OR lower(v.make || ' ' || v.model) LIKE \(pattern))"
        }
        sql += " ORDER BY v.stock_number LIMIT \(max(0, limit))"
        return try connection.fetch(TripCandidate.self, sql)
    }
}
