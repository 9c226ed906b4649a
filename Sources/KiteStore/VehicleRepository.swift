import Foundation
import KiteDomain

/// Vehicles: the stock list (keyset pages), reads, versioned writes with audit.
public struct VehicleRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    var writes: VersionedWrites { VersionedWrites("vehicle", table: Vehicle.table, on: connection) }

    // MARK: - Stock list

    /// One page of the stock list by keyset: rows after `after` (page down),
    /// or before `before` (page up; still returned in display order), or the
    /// first page when both are nil. Pass the last/first row of the shown page
    /// as `StockCursor(row:sort:)`.
    public func page(filter: StockFilter, sort: StockSort, after: StockCursor? = nil,
                     before: StockCursor? = nil, limit: Int = 50) throws -> [StockRow] {
        if let own = sort.ownDealershipID, filter.dealershipID == nil {
            return try segmentedPage(filter: filter, sort: sort, own: own, after: after, before: before, limit: limit)
        }
        let rows = try connection.fetch(StockRow.self,
            pageQuery(filter: filter, sort: sort.withinSegment, after: after, before: before, limit: limit))
        return before != nil ? rows.reversed() : rows
    }

    /// The last page in display order (the list's End).
    public func lastPage(filter: StockFilter, sort: StockSort, limit: Int = 50) throws -> [StockRow] {
        if let own = sort.ownDealershipID, filter.dealershipID == nil {
            var rows: [StockRow] = []
            for inOwn in [false, true] where rows.count < limit {
                rows = try lastRows(of: segment(filter, own: own, inOwn: inOwn), sort: sort.withinSegment,
                                    limit: limit - rows.count) + rows
            }
            return rows
        }
        return try lastRows(of: filter, sort: sort.withinSegment, limit: limit)
    }

    private func lastRows(of filter: StockFilter, sort: StockSort, limit: Int) throws -> [StockRow] {
        let reversed = StockSort(column: sort.column, descending: !sort.descending)
        return try connection.fetch(StockRow.self, pageQuery(filter: filter, sort: reversed, limit: limit)).reversed()
    }

    private func segment(_ filter: StockFilter, own: Int64, inOwn: Bool) -> StockFilter {
        var segment = filter
        if inOwn { segment.dealershipID = own } else { segment.exceptDealershipID = own }
        return segment
    }

    /// The own dealership's rows first, then the others', each segment in the column's
    /// order: each segment is read by keyset on the column's index, so a page costs what
    /// an unsegmented one does.
    private func segmentedPage(filter: StockFilter, sort: StockSort, own: Int64, after: StockCursor?,
                               before: StockCursor?, limit: Int) throws -> [StockRow] {
        let within = sort.withinSegment
        var rows: [StockRow] = []
        if let before {
            // Backwards: the cursor's segment before it, then the end of the own segment.
            let start = before.inOwnSegment ?? true
            for inOwn in (start ? [true] : [false, true]) where rows.count < limit {
                let part = segment(filter, own: own, inOwn: inOwn)
                if inOwn == start {
                    rows = try connection.fetch(StockRow.self, pageQuery(filter: part, sort: within, before: before,
                                                                         limit: limit - rows.count)).reversed() + rows
                } else {
                    rows = try lastRows(of: part, sort: within, limit: limit - rows.count) + rows
                }
            }
            return rows
        }
        let start = after?.inOwnSegment ?? true
        for inOwn in (start ? [true, false] : [false]) where rows.count < limit {
            let cursor = inOwn == start ? after : nil
            rows += try connection.fetch(StockRow.self, pageQuery(filter: segment(filter, own: own, inOwn: inOwn), sort: within,
                                                                  after: cursor, limit: limit - rows.count))
        }
        return rows
    }

    /// The statement `page` runs (for EXPLAIN and benchmarks). With `before`,
    /// its rows come in reverse display order.
    public func pageQuery(filter: StockFilter, sort: StockSort, after: StockCursor? = nil,
                          before: StockCursor? = nil, limit: Int = 50) -> SQL {
        precondition(after == nil || before == nil, "page: pass after or before, not both")
        let expression = sort.column.expression
        // Walking backwards (page up) flips the scan direction.
        let backwards = before != nil
        let scanDescending = sort.descending != backwards
        var conditions = filterConditions(filter)
        if let cursor = after ?? before {
            let comparison = scanDescending ? "<" : ">"
            conditions.append("(\(raw: expression), v.id) \(raw: comparison) (\(cursor.sortValue), \(cursor.id))")
        }
        let direction = scanDescending ? "DESC" : "ASC"
        var sql: SQL = """
            SELECT v.id, v.stock_number, v.vin, v.make, v.model, v.year, v.colour, v.mileage_km, v.status,
                   v.location_id, l.name AS location_name, v.arrival_date, v.list_price, d.code AS dealership_code,
                   CASE WHEN v.status IN ('in_transit', 'reserved')
                        THEN (SELECT s.eta FROM trip_vehicles tv JOIN trip_stops s ON s.id = tv.drop_stop_id
                               WHERE tv.vehicle_id = v.id AND tv.state = 'on_board') END AS eta
            FROM vehicles v
            JOIN dealerships d ON d.id = v.dealership_id
            LEFT JOIN locations l ON l.id = v.location_id
            """
        if !conditions.isEmpty { sql += " WHERE " + SQL.joined(conditions, separator: " AND ") }
        sql += " ORDER BY \(raw: expression) \(raw: direction), v.id \(raw: direction) LIMIT \(max(0, limit))"
        return sql
    }

    func filterConditions(_ filter: StockFilter) -> [SQL] {
        var conditions: [SQL] = []
        for word in filter.words {
            let pattern = "%" + likeEscaped(word) + "%"
            // Same expressions as the trigram indexes, so a BitmapOr of both can be used.
            conditions.append("(v.vin::text ILIKE \(pattern) OR lower(v.make || ' ' || v.model) ILIKE \(pattern) OR v.stock_number ILIKE \(pattern))")
        }
        if !filter.statuses.isEmpty {
            let statuses = filter.statuses.map(\.rawValue).sorted()
            conditions.append("v.status = ANY(\(statuses))")
        }
        if let dealershipID = filter.dealershipID {
            conditions.append("v.dealership_id = \(dealershipID)")
        }
        if let except = filter.exceptDealershipID {
            conditions.append("v.dealership_id <> \(except)")
        }
        if let day = filter.arrivedBefore {
            conditions.append("v.arrival_date < \(day)")
        }
        return conditions
    }

    /// How many vehicles match. Unfiltered: the planner's estimate
    /// (`pg_class.reltuples`, kept by autovacuum/ANALYZE; exact when the table
    /// was never analysed). Filtered: counted, but only up to `cap` rows.
    public func count(filter: StockFilter, cap: Int = 10_000) throws -> StockCount {
        if filter.isEmpty {
            let estimate = try connection.fetchOne(Int64.self,
                "SELECT reltuples::bigint FROM pg_class WHERE oid = 'vehicles'::regclass") ?? -1
            if estimate >= 0 { return .estimated(Int(estimate)) }
            return .exact(try connection.fetchOne(Int.self, "SELECT count(*) FROM vehicles") ?? 0)
        }
        var inner: SQL = "SELECT 1 FROM vehicles v WHERE "
        inner += SQL.joined(filterConditions(filter), separator: " AND ")
        inner += " LIMIT \(cap + 1)"
        let counted = try connection.fetchOne(Int.self, "SELECT count(*) FROM (\(fragment: inner)) matches") ?? 0
        return counted > cap ? .atLeast(cap) : .exact(counted)
    }

    // MARK: - Reads

    public func get(id: Int64) throws -> Vehicle? {
        try connection.fetchOne(Vehicle.self, "SELECT \(fragment: Vehicle.selectList) FROM vehicles WHERE id = \(id)")
    }

    // MARK: - Writes (each in one transaction with its audit row)

    /// Stores a new vehicle; `id`, `version`, `updatedAt` and `updatedBy` of
    /// the argument are ignored. Returns the stored row.
    @discardableResult
    public func insert(_ v: Vehicle, actor: String) throws -> Vehicle {
        try connection.transaction { connection in
            let writes = VehicleRepository(connection: connection).writes
            guard let stored = try connection.fetchOne(Vehicle.self,
                Vehicle.insert(v, actor: actor) + " RETURNING \(fragment: Vehicle.selectList)") else {
                throw DatabaseError.usage("INSERT returned no row")
            }
            try writes.auditRow(id: stored.id, action: "insert", actor: actor)
            try VehicleChecks.enqueue(vehicleID: stored.id, vin: stored.vin, on: connection)
            return stored
        }
    }

    /// Saves every editable field if the stored row is still at `v.version`;
    /// otherwise throws `StaleWriteError` (who changed it, when) and changes nothing.
    @discardableResult
    public func update(_ v: Vehicle, actor: String) throws -> Vehicle {
        try connection.transaction { connection in
            let writes = VehicleRepository(connection: connection).writes
            let before = try writes.lock(id: v.id, expectedVersion: v.version)
            guard let stored = try connection.fetchOne(Vehicle.self, Vehicle.update(v, actor: actor)
                + " WHERE id = \(v.id) RETURNING \(fragment: Vehicle.selectList)") else {
                throw NotFoundError(entity: "vehicle", id: v.id)
            }
            try writes.audit(id: v.id, action: "update", actor: actor, data: """
                (SELECT jsonb_build_object(
                    'version', \(stored.version)::int,
                    'before', (SELECT coalesce(jsonb_object_agg(o.key, o.value), '{}') FROM jsonb_each(\(before)::jsonb) o
                               JOIN jsonb_each(to_jsonb(v)) n USING (key) WHERE o.value IS DISTINCT FROM n.value
                               AND o.key NOT IN ('version', 'updated_at', 'updated_by')),
                    'after',  (SELECT coalesce(jsonb_object_agg(n.key, n.value), '{}') FROM jsonb_each(to_jsonb(v)) n
                               JOIN jsonb_each(\(before)::jsonb) o USING (key) WHERE o.value IS DISTINCT FROM n.value
                               AND n.key NOT IN ('version', 'updated_at', 'updated_by')))
                 FROM vehicles v WHERE v.id = \(v.id))
                """)
            if Self.verificationFieldsChanged(before: before, after: stored) {
                try VehicleChecks.enqueue(vehicleID: stored.id, vin: stored.vin, on: connection)
            }
            return stored
        }
    }

    /// True when VIN, make, year or mileage differ between the locked row
    /// (`to_jsonb` text) and the stored one: those need a new verification.
    static func verificationFieldsChanged(before: String, after: Vehicle) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(before.utf8)) as? [String: Any] else {
            return true
        }
        let vin = (object["vin"] as? String)?.trimmingCharacters(in: .whitespaces)
        let make = object["make"] as? String
        let year = (object["year"] as? NSNumber)?.intValue
        let mileage = (object["mileage_km"] as? NSNumber)?.intValue
        return vin != after.vin || make != after.make || year != after.year || mileage != after.mileageKm
    }

    /// Moves the vehicle to `status` by hand if it is still at `expectedVersion`,
    /// through the database's `kite_vehicle_set_status` (migration 0042: nobody has
    /// UPDATE of the column; the command holds the manual transitions and the role).
    /// The caller may check the transition first for its better words
    /// (`VehicleStatus.manualTransition`); a refusal is a `StateCommandRefusal`.
    @discardableResult
    public func changeStatus(id: Int64, to status: VehicleStatus, expectedVersion: Int, actor: String) throws -> Vehicle {
        try connection.transaction { connection in
            let writes = VehicleRepository(connection: connection).writes
            let before = try writes.lock(id: id, expectedVersion: expectedVersion)
            try StateCommand.run(role: .stockRole, action: "change_status") {
                try connection.execute("SELECT kite_vehicle_set_status(\(id), \(status)::text, \(actor)::text)")
            }
            guard let stored = try VehicleRepository(connection: connection).get(id: id) else {
                throw NotFoundError(entity: "vehicle", id: id)
            }
            try writes.audit(id: id, action: "status", actor: actor, data: """
                jsonb_build_object('from', \(before)::jsonb -> 'status', 'to', \(status), 'version', \(stored.version)::int)
                """)
            return stored
        }
    }

    // MARK: - Bulk load

    /// Loads vehicles with COPY (seeding, imports): no audit rows, ids from
    /// the identity column, `updatedBy` of each vehicle kept (empty → "copy").
    /// Returns the number of rows copied.
    @discardableResult
    public func copyIn(_ vehicles: some Sequence<Vehicle>) throws -> Int {
        let columns = Vehicle.columns
        return try connection.copyIn(Vehicle.copyStatement,
                                     lines: vehicles.lazy.map { Vehicle.copyLine($0, columns: columns) })
    }
}
