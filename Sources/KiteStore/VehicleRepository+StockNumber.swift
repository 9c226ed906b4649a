import KiteDomain

extension VehicleRepository {
    /// Inserts a new vehicle with its dealership's next stock number
    /// (`MSK-000124`), taken from `stock_number_counters` in the same transaction.
    public func insertNumbered(_ vehicle: Vehicle, dealershipCode: String, actor: String) throws -> Vehicle {
        try connection.transaction { connection in
            let next = try Self.takeStockNumbers(connection, dealershipID: vehicle.dealershipID, count: 1)
            var v = vehicle
            v.stockNumber = Self.stockNumber(dealershipCode: dealershipCode, number: next)
            return try VehicleRepository(connection: connection).insert(v, actor: actor)
        }
    }

    /// Reserves `count` consecutive numbers and returns the first. A dealership
    /// without a counter yet starts after the highest number already used.
    public static func takeStockNumbers(_ connection: PGConnection, dealershipID: Int64, count: Int) throws -> Int64 {
        let last = try connection.fetchOne(Int64.self, """
            INSERT INTO stock_number_counters AS c (dealership_id, last_number)
            VALUES (\(dealershipID), \(Int64(count)) + coalesce((
                SELECT max(substring(stock_number FROM '([0-9]+)$')::bigint)
                FROM vehicles WHERE dealership_id = \(dealershipID)), 0))
            ON CONFLICT (dealership_id) DO UPDATE SET last_number = c.last_number + \(Int64(count))
            RETURNING last_number
            """) ?? Int64(count)
        return last - Int64(count) + 1
    }

    /// `MSK` and 124 → `MSK-000124` (at least six digits).
    public static func stockNumber(dealershipCode: String, number: Int64) -> String {
        let text = String(number)
        return dealershipCode + "-" + String(repeating: "0", count: max(0, 6 - text.count)) + text
    }
}
