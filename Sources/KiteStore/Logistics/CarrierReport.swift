import Foundation
import KiteDomain

/// One carrier in the carriers report: how its trucks kept their ETAs, and its claims.
public struct CarrierPerformance: Sendable, Hashable, Decodable {
    public var carrierID: Int64
    public var carrierName: String
    /// Stops after the first reached in the period that had an ETA.
    public var arrivals: Int
    /// Of those, reached no later than their ETA.
    public var onTime: Int
    /// Minutes late averaged over every arrival (one on time counts 0), nil without arrivals.
    public var averageDelayMinutes: Int?
    /// The longest delay, in minutes.
    public var worstDelayMinutes: Int?
    public var claims: Int
    public var openClaims: Int
    public var settledAmount: Money

    /// On-time arrivals in percent, rounded down; nil without arrivals.
    public var onTimePercent: Int? { arrivals == 0 ? nil : onTime * 100 / arrivals }
}

/// The carriers report (`kite report carriers`): per carrier with a trip, its on-time rate
/// and delays over the stops reached in a period, and the claims opened on its trips in it.
public struct CarrierReportQuery {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// `from`/`to` are days in Moscow time, both included; nil leaves that end open.
    public func performance(from: CivilDate? = nil, to: CivilDate? = nil) throws -> [CarrierPerformance] {
        let fromText = from.map { String(format: "%04d-%02d-%02d", $0.year, $0.month, $0.day) }
        let toText = to.map { String(format: "%04d-%02d-%02d", $0.year, $0.month, $0.day) }
        return try connection.fetch(CarrierPerformance.self, """
            WITH arrivals AS (
                SELECT t.carrier_id, s.arrived_at <= s.eta AS on_time,
                       greatest(0, ceil(extract(epoch FROM s.arrived_at - s.eta) / 60))::int AS late_minutes
                  FROM trip_stops s JOIN trips t ON t.id = s.trip_id
                 WHERE s.position > 1 AND s.arrived_at IS NOT NULL AND s.eta IS NOT NULL
                   AND (\(fromText)::date IS NULL OR s.arrived_at >= (\(fromText)::date)::timestamp AT TIME ZONE 'Europe/Moscow')
                   AND (\(toText)::date IS NULL OR s.arrived_at < (\(toText)::date + 1)::timestamp AT TIME ZONE 'Europe/Moscow')
            ), delays AS (
                SELECT carrier_id, count(*)::int AS arrivals, count(*) FILTER (WHERE on_time)::int AS on_time,
                       round(avg(late_minutes))::int AS average_delay_minutes, max(late_minutes)::int AS worst_delay_minutes
                  FROM arrivals GROUP BY carrier_id
            ), claimed AS (
                SELECT c.carrier_id, count(*)::int AS claims, count(*) FILTER (WHERE c.state = 'open')::int AS open_claims,
                       coalesce(sum(c.amount) FILTER (WHERE c.state = 'settled'), 0) AS settled_amount
                  FROM claims c
                 WHERE (\(fromText)::date IS NULL OR c.opened_at >= (\(fromText)::date)::timestamp AT TIME ZONE 'Europe/Moscow')
                   AND (\(toText)::date IS NULL OR c.opened_at < (\(toText)::date + 1)::timestamp AT TIME ZONE 'Europe/Moscow')
                 GROUP BY c.carrier_id
            )
            SELECT cr.id AS carrier_id, cr.name AS carrier_name, coalesce(d.arrivals, 0) AS arrivals,
                   coalesce(d.on_time, 0) AS on_time, d.average_delay_minutes, d.worst_delay_minutes,
                   coalesce(c.claims, 0) AS claims, coalesce(c.open_claims, 0) AS open_claims,
                   coalesce(c.settled_amount, 0) AS settled_amount
              FROM carriers cr
              LEFT JOIN delays d ON d.carrier_id = cr.id
              LEFT JOIN claimed c ON c.carrier_id = cr.id
             WHERE d.carrier_id IS NOT NULL OR c.carrier_id IS NOT NULL
             ORDER BY cr.name, cr.id
            """)
    }
}
