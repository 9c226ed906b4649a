import Foundation

/// The periodic job that expires offers past their date (in their dealership's time zone):
/// `appraisal_expire_offers()` (migration 0030), one `expired` event per appraisal.
public enum AppraisalExpiry {
    /// The job kind run by kited.
    public static let jobKind = "appraisals.expire"

    @discardableResult
    public static func run(on connection: PGConnection) throws -> Int {
        try AppraisalRepository(connection: connection).expireOffers()
    }
}

/// Enqueues the verification of an appraisal's car: the vehicle checks (VIN, registries,
/// mileage rollback) on the appraisal's VIN, stored with the appraisal as their subject.
public enum AppraisalChecks {
    /// The job kind run by `kited`.
    public static let jobKind = "appraisal.verify"

    public static func uniqueKey(appraisalID: Int64) -> String { "appraisal-check:\(appraisalID)" }

    /// Enqueues one `appraisal.verify` job in the caller's transaction (nothing while one is pending).
    @discardableResult
    public static func enqueue(appraisalID: Int64, vin: String, on connection: PGConnection) throws -> EnqueueResult {
        try JobQueue.enqueue(NewJob(kind: jobKind, args: ["appraisal_id": String(appraisalID), "vin": vin], priority: 2,
                                    maxAttempts: 10, uniqueKey: uniqueKey(appraisalID: appraisalID)), on: connection)
    }
}
