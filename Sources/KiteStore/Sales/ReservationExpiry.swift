import Foundation

/// Ends reservations whose date has passed (the `reservations.expire`
/// periodic job of kited).
public enum ReservationExpiry {
    /// The job kind run by kited.
    public static let jobKind = "reservations.expire"

    /// What one expired reservation became.
    public struct Expired: Sendable, Hashable, Decodable {
        public var dealId: Int64
        public var dealNumber: String
        public var vehicleId: Int64?
        public var managerLogin: String
    }

    /// Every deal in stage `reserved` whose `reserved_until` is before the
    /// database's `current_date` goes back to `draft` (`reserved_until` NULL,
    /// version + 1); its vehicle, when still `reserved`, goes back to
    /// `in_stock`; each gets an `audit_log` row by `actor`; and the deal's
    /// manager gets a `user_notices` row (ru and en) to read on next login.
    /// One statement: all of it or nothing. Deals locked by another session
    /// (a manager editing one right now) are skipped until the next run.
    /// The database's `kite_reservations_expire` (migration 0041) does it: kited
    /// has no UPDATE of a deal's stage or a car's status.
    @discardableResult
    public static func run(on connection: PGConnection, actor: String = "kited") throws -> [Expired] {
        try connection.fetch(Expired.self, """
            SELECT deal_id, deal_number, vehicle_id, manager_login FROM kite_reservations_expire(\(actor)::text)
            """)
    }
}
