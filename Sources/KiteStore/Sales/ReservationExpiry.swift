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
    @discardableResult
    public static func run(on connection: PGConnection, actor: String = "kited") throws -> [Expired] {
        try connection.fetch(Expired.self, """
            WITH due AS MATERIALIZED (
                SELECT id, reserved_until FROM deals
                WHERE stage = 'reserved' AND reserved_until < current_date
                ORDER BY id
                FOR UPDATE SKIP LOCKED
            ), expired AS (
                UPDATE deals d
                SET stage = 'draft', reserved_until = NULL, version = d.version + 1,
                    updated_at = now(), updated_by = \(actor)
                FROM due
                WHERE d.id = due.id AND d.stage = 'reserved'
                RETURNING d.id, d.number, d.vehicle_id, d.manager_login, due.reserved_until AS was_reserved_until
            ), released AS (
                UPDATE vehicles v
                SET status = 'in_stock', version = v.version + 1, updated_at = now(), updated_by = \(actor)
                FROM expired
                WHERE v.id = expired.vehicle_id AND v.status = 'reserved'
                RETURNING v.id, v.version
            ), deal_audit AS (
                INSERT INTO audit_log (entity, entity_id, action, actor, data)
                SELECT 'deal', id, 'reservation_expired', \(actor),
                       jsonb_build_object('from', 'reserved', 'to', 'draft', 'reserved_until', was_reserved_until)
                FROM expired
            ), vehicle_audit AS (
                INSERT INTO audit_log (entity, entity_id, action, actor, data)
                SELECT 'vehicle', id, 'status', \(actor),
                       jsonb_build_object('from', 'reserved', 'to', 'in_stock', 'version', version,
                                          'reason', 'reservation_expired')
                FROM released
            ), notices AS (
                INSERT INTO user_notices (login, message_ru, message_en)
                SELECT manager_login,
                       'Бронь по сделке ' || number || ' истекла ' || to_char(was_reserved_until, 'DD.MM.YYYY')
                           || ': сделка возвращена в черновик, автомобиль снова в продаже.',
                       'The reservation of deal ' || number || ' expired on ' || to_char(was_reserved_until, 'YYYY-MM-DD')
                           || ': the deal is a draft again and the vehicle is back in stock.'
                FROM expired
            )
            SELECT id AS deal_id, number AS deal_number, vehicle_id, manager_login FROM expired ORDER BY id
            """)
    }
}
