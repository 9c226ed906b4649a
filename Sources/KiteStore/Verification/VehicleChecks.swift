import Foundation

/// Enqueues the verification of a vehicle.
public enum VehicleChecks {
    /// The job kind run by `kited`.
    public static let jobKind = "vehicle.verify"

    /// The unique key: one pending verification per VIN.
    public static func uniqueKey(vin: String) -> String { "vin-check:" + vin }

    /// Enqueues ONE `vehicle.verify` job (args `vehicle_id`, `vin`) with the
    /// unique key `vin-check:<VIN>`, in the caller's transaction when one is
    /// open. While such a job is pending or running, nothing is inserted.
    @discardableResult
    public static func enqueue(vehicleID: Int64, vin: String, on connection: PGConnection) throws -> EnqueueResult {
        try JobQueue.enqueue(NewJob(kind: jobKind, args: ["vehicle_id": String(vehicleID), "vin": vin],
                                    maxAttempts: 10, uniqueKey: uniqueKey(vin: vin)),
                             on: connection)
    }
}
