import Foundation

/// Enqueues the verification of a vehicle.
public enum VehicleChecks {
    /// The job kind run by `kited`.
    public static let jobKind = "vehicle.verify"

    /// The unique key: one pending verification per VIN.
    public static func uniqueKey(vin: String) -> String { "vin-check:" + vin }

    /// The `vehicle.verify` job (args `vehicle_id`, `vin`; unique key `vin-check:<VIN>`).
    public static func job(vehicleID: Int64, vin: String, priority: Int = 2) -> NewJob {
        NewJob(kind: jobKind, args: ["vehicle_id": String(vehicleID), "vin": vin], priority: priority,
               maxAttempts: 10, uniqueKey: uniqueKey(vin: vin))
    }

    /// Enqueues ONE `vehicle.verify` job (args `vehicle_id`, `vin`) with the
    /// unique key `vin-check:<VIN>`, in the caller's transaction when one is
    /// open. While such a job is pending or running, nothing is inserted.
    @discardableResult
    public static func enqueue(vehicleID: Int64, vin: String, on connection: PGConnection) throws -> EnqueueResult {
        try JobQueue.enqueue(job(vehicleID: vehicleID, vin: vin), on: connection)
    }
}

/// The periodic re-check of stock (`stock.recheck`, run by kited).
public enum StockRecheck {
    public static let jobKind = "stock.recheck"

    /// Enqueues a `vehicle.verify` job (priority 5, behind interactive saves)
    /// for up to `limit` vehicles in stock (in stock, in preparation,
    /// reserved) whose newest check result is older than `days` days, that
    /// have none, or one of whose checks last ended in an error (database
    /// clock; an error is not a result). VINs with a verification pending are
    /// skipped by the unique key. Returns how many jobs were inserted.
    @discardableResult
    public static func enqueueStale(on connection: PGConnection, days: Int = 30, limit: Int = 5000) throws -> Int {
        struct Row: Decodable { var id: Int64; var vin: String }
        let stale = try connection.fetch(Row.self, """
            SELECT v.id, v.vin::text AS vin FROM vehicles v
            WHERE v.status IN ('in_stock', 'in_preparation', 'reserved')
              AND (NOT EXISTS (SELECT 1 FROM check_results c
                               WHERE c.subject_kind = 'vehicle' AND c.subject_id = v.id AND c.status <> 'error'
                                 AND c.checked_at > now() - make_interval(days => \(days)))
                   -- A check whose latest word is an error (the provider did not answer) is asked again.
                   OR EXISTS (SELECT 1 FROM check_results e
                              WHERE e.subject_kind = 'vehicle' AND e.subject_id = v.id AND e.status = 'error'
                                AND NOT EXISTS (SELECT 1 FROM check_results p
                                                WHERE p.subject_kind = 'vehicle' AND p.subject_id = v.id
                                                  AND p.check_name = e.check_name AND p.status <> 'error'
                                                  AND p.checked_at > e.checked_at)))
            ORDER BY v.id
            LIMIT \(limit)
            """)
        let results = try JobQueue.enqueueBatch(stale.map { VehicleChecks.job(vehicleID: $0.id, vin: $0.vin, priority: 5) },
                                                on: connection)
        return results.filter(\.inserted).count
    }
}
