import KiteDomain

extension VehicleRepository {
    /// Every vehicle in `id` order, handed over in batches so a million rows
    /// never sit in memory at once (keyset on `id`, not OFFSET).
    public func forEachBatch(size: Int = 5_000, _ body: ([Vehicle]) throws -> Void) throws {
        var lastID: Int64 = 0
        while true {
            let records = try connection.fetch(Vehicle.self, """
                SELECT \(fragment: Vehicle.selectList) FROM vehicles WHERE id > \(lastID) ORDER BY id LIMIT \(size)
                """)
            guard let last = records.last else { return }
            try body(records)
            lastID = last.id
            if records.count < size { return }
        }
    }

    /// Which of these VINs belong to an active vehicle (not delivered, not written off).
    public func activeVINs(among vins: [String]) throws -> Set<String> {
        guard !vins.isEmpty else { return [] }
        return Set(try connection.fetch(String.self, """
            SELECT vin::text FROM vehicles WHERE vin = ANY(\(vins)) AND \(fragment: .vehicleIsActive())
            """))
    }

    /// The active vehicle that holds `vin`, other than `except`: a refusal names it.
    public func activeHolder(vin: String, except id: Int64 = 0) throws -> StockRow? {
        try connection.fetchOne(StockRow.self, """
            SELECT v.id, v.stock_number, v.vin, v.make, v.model, v.year, v.colour, v.mileage_km, v.status,
                   v.location_id, l.name AS location_name, v.arrival_date, v.list_price, d.code AS dealership_code
            FROM vehicles v JOIN dealerships d ON d.id = v.dealership_id LEFT JOIN locations l ON l.id = v.location_id
            WHERE v.vin = \(vin) AND v.id <> \(id) AND \(fragment: .vehicleIsActive())
            """)
    }

    /// Which of these stock numbers are taken.
    public func existingStockNumbers(among numbers: [String]) throws -> Set<String> {
        guard !numbers.isEmpty else { return [] }
        return Set(try connection.fetch(String.self, "SELECT stock_number FROM vehicles WHERE stock_number = ANY(\(numbers))"))
    }
}
