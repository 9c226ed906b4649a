import Foundation

/// Enqueues the verification of a customer (`customer.verify`, run by kited).
public enum CustomerChecks {
    /// The job kind run by `kited`.
    public static let jobKind = "customer.verify"

    /// The unique key: one pending verification per customer.
    public static func uniqueKey(customerID: Int64) -> String { "customer-check:\(customerID)" }

    /// The `customer.verify` job for a customer: args `{"customer_id": N}`,
    /// unique key `customer-check:<id>`. Enqueue it with
    /// `JobQueue.enqueue(_:on:)` (or `enqueue(customerID:on:)`) in the
    /// transaction that saves the customer.
    public static func enqueueJob(customerID: Int64) -> NewJob {
        NewJob(kind: jobKind, argsJSON: "{\"customer_id\": \(customerID)}", maxAttempts: 10,
               uniqueKey: uniqueKey(customerID: customerID))
    }

    /// Enqueues `enqueueJob(customerID:)` on `connection`, in the caller's
    /// transaction when one is open. While such a job is pending or running,
    /// nothing is inserted (`inserted == false`).
    @discardableResult
    public static func enqueue(customerID: Int64, on connection: PGConnection) throws -> EnqueueResult {
        try JobQueue.enqueue(enqueueJob(customerID: customerID), on: connection)
    }
}
