import Foundation
import KiteDomain

/// The numbers of the АРЦ home screen, counted by the database in one call
/// (`kite_home_counts`, migration 0034, and the buyout's `kite_home_counts_buyout`, 0033) for the login as it is: row-level security
/// scopes them to the person's dealerships (all of them for head office).
public struct HomeCounts: Sendable, Hashable {
    /// Tile key (`stock.in_stock`, `trips.late`) → a count.
    public var counts: [String: Int64]
    /// Tile key (`cash.in`, `receivables.over30_amount`) → an exact amount.
    public var amounts: [String: Money]

    public init(counts: [String: Int64] = [:], amounts: [String: Money] = [:]) {
        self.counts = counts
        self.amounts = amounts
    }

    public func count(_ key: String) -> Int64 { counts[key] ?? 0 }
    public func amount(_ key: String) -> Money { amounts[key] ?? Money(kopecks: 0) }

    /// The function's jsonb: numbers are counts, strings are numeric amounts.
    public init(json text: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw HomeCountsError.malformed(text)
        }
        var counts: [String: Int64] = [:], amounts: [String: Money] = [:]
        for (key, value) in object {
            if let string = value as? String {
                amounts[key] = try Money(databaseText: string)
            } else if let number = value as? NSNumber {
                counts[key] = number.int64Value
            }
        }
        self.init(counts: counts, amounts: amounts)
    }
}

public enum HomeCountsError: Error, CustomStringConvertible {
    case malformed(String)
    public var description: String {
        switch self { case .malformed(let text): "kite_home_counts returned something else than an object: \(text.prefix(200))" }
    }
}

public struct HomeRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// Every tile's numbers; "today" and "this month" in `timeZone`'s calendar (the buyout
    /// tiles' "today" is each appraisal's dealership's, as in the appraisals list).
    public func counts(timeZone: String) throws -> HomeCounts {
        let text = try connection.fetchOne(String.self,
            "SELECT (kite_home_counts(\(timeZone)) || kite_home_counts_buyout())::text") ?? "{}"
        return try HomeCounts(json: text)
    }
}

/// A subject whose latest result of a check is a failure (the home screen's tile).
public struct FailedCheck: Sendable, Hashable, Decodable {
    public var subjectKind: String
    public var subjectId: Int64
    /// `MSK-000123 · XTA…` for a car, the name for a customer.
    public var subject: String
    public var checkName: String
    public var details: String
    public var checkedAt: Date
}

extension HomeRepository {
    /// The failed checks the home tile counts, newest first (as row-level security shows them).
    public func failedChecks(limit: Int = 50) throws -> [FailedCheck] {
        try connection.fetch(FailedCheck.self, """
            SELECT f.subject_kind, f.subject_id,
                   coalesce(CASE f.subject_kind
                                WHEN 'vehicle' THEN (SELECT v.stock_number || ' · ' || v.vin FROM vehicles v WHERE v.id = f.subject_id)
                                ELSE (SELECT c.name FROM customers c WHERE c.id = f.subject_id) END, '#' || f.subject_id) AS subject,
                   f.check_name, f.details, f.checked_at
              FROM check_results f
             WHERE f.status = 'failed'
               AND NOT EXISTS (SELECT 1 FROM check_results r
                                WHERE r.subject_kind = f.subject_kind AND r.subject_id = f.subject_id
                                  AND r.check_name = f.check_name AND r.status <> 'error'
                                  AND (r.checked_at, r.id) > (f.checked_at, f.id))
             ORDER BY f.checked_at DESC, f.id DESC
             LIMIT \(limit)
            """)
    }
}
