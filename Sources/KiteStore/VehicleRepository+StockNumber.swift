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

    /// Reserves `count` consecutive numbers and returns the first. The counter alone numbers
    /// cars: every dealership has one from migration 0016 on (seeded once from the numbers then
    /// in use; a new dealership's starts at 0), so no number is ever found by scanning the stock.
    public static func takeStockNumbers(_ connection: PGConnection, dealershipID: Int64, count: Int) throws -> Int64 {
        let last = try connection.fetchOne(Int64.self, """
            INSERT INTO stock_number_counters AS c (dealership_id, last_number)
            VALUES (\(dealershipID), \(Int64(count)))
            ON CONFLICT (dealership_id) DO UPDATE SET last_number = c.last_number + \(Int64(count))
            RETURNING last_number
            """) ?? Int64(count)
        return last - Int64(count) + 1
    }

    /// Moves the dealership's counter up to `number` when a car came with its own number in
    /// the dealership's form (`MSK-000500` imported as written), so the next one is not taken.
    public static func counterAtLeast(_ connection: PGConnection, dealershipID: Int64, number: Int64) throws {
        try connection.execute("""
            INSERT INTO stock_number_counters AS c (dealership_id, last_number) VALUES (\(dealershipID), \(number))
            ON CONFLICT (dealership_id) DO UPDATE SET last_number = greatest(c.last_number, EXCLUDED.last_number)
            """)
    }

    /// 124 for `MSK-000124` of dealership `MSK`; nil for a number in any other form.
    public static func counterNumber(of stockNumber: String, dealershipCode: String) -> Int64? {
        let prefix = dealershipCode + "-"
        guard stockNumber.hasPrefix(prefix) else { return nil }
        let digits = stockNumber.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(digits)
    }

    /// Stores imported vehicles in one go (COPY, audit rows, verification jobs), numbering those
    /// without a stock number from their dealership's counter and moving the counter past the
    /// numbers that came with the file. Call it inside a transaction. Returns the stored count.
    @discardableResult
    public func insertImported(_ rows: [(vehicle: Vehicle, dealershipCode: String)], actor: String) throws -> Int {
        var vehicles = rows.map { row -> Vehicle in
            var v = row.vehicle
            v.updatedBy = actor
            return v
        }
        var unnumbered: [Int64: [Int]] = [:]
        var highest: [Int64: Int64] = [:]
        var codes: [Int64: String] = [:]
        for (index, row) in rows.enumerated() {
            let id = row.vehicle.dealershipID
            codes[id] = row.dealershipCode
            if row.vehicle.stockNumber.isEmpty {
                unnumbered[id, default: []].append(index)
            } else if let number = Self.counterNumber(of: row.vehicle.stockNumber, dealershipCode: row.dealershipCode) {
                highest[id] = max(highest[id] ?? 0, number)
            }
        }
        for (dealershipID, number) in highest.sorted(by: { $0.key < $1.key }) {
            try Self.counterAtLeast(connection, dealershipID: dealershipID, number: number)
        }
        for (dealershipID, indices) in unnumbered.sorted(by: { $0.key < $1.key }) {
            let first = try Self.takeStockNumbers(connection, dealershipID: dealershipID, count: indices.count)
            for (offset, index) in indices.enumerated() {
                vehicles[index].stockNumber = Self.stockNumber(dealershipCode: codes[dealershipID] ?? "", number: first + Int64(offset))
            }
        }
        let ids = try BulkInsert.insert(vehicles, entity: "vehicle", actor: actor, on: connection)
        try JobQueue.enqueueBatch(zip(ids, vehicles).map { VehicleChecks.job(vehicleID: $0, vin: $1.vin) }, on: connection)
        return ids.count
    }

    /// `MSK` and 124 → `MSK-000124` (at least six digits).
    public static func stockNumber(dealershipCode: String, number: Int64) -> String {
        let text = String(number)
        return dealershipCode + "-" + String(repeating: "0", count: max(0, 6 - text.count)) + text
    }
}
