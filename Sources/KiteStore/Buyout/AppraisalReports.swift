import Foundation
import KiteDomain

/// Look-to-book: the funnel appraisals → offers → bought — per dealership, appraiser and
/// source; the share bought of those offered (the target is 50–60 %).
public struct LookToBookRow: Sendable, Hashable, Decodable {
    public var dealershipCode: String
    public var appraiserLogin: String
    public var source: AppraisalSource
    /// Every appraisal made in the period, drafts too.
    public var appraised: Int
    /// Appraisals with an offer made (any state but draft).
    public var offered: Int
    public var bought: Int

    /// The share bought in per mille (`550` = 55,0 %): whole numbers, no floating point.
    public var permille: Int { offered == 0 ? 0 : (bought * 1000 + offered / 2) / offered }
}

/// A bought car's reconditioning: the appraisal's estimate against the actual lines of the
/// cost ledger (`vehicle_costs`, kind reconditioning, shared with logistics).
public struct ReconditioningVarianceRow: Sendable, Hashable, Decodable {
    public var appraisalID: Int64
    public var number: String
    public var stockNumber: String
    public var makeModel: String
    public var appraiserLogin: String
    public var estimate: Money
    public var actual: Money

    /// Actual − estimate: above zero when the estimate came in short.
    public var difference: Money { actual - estimate }
}

extension AppraisalRepository {
    /// Look-to-book of the appraisals created in [from, to), by dealership, appraiser and source.
    public func lookToBook(from: CivilDate, to: CivilDate) throws -> [LookToBookRow] {
        try connection.fetch(LookToBookRow.self, """
            SELECT d.code AS dealership_code, a.appraiser_login, a.source,
                   count(*)::int AS appraised,
                   count(*) FILTER (WHERE a.state <> 'draft')::int AS offered,
                   count(*) FILTER (WHERE a.state = 'bought')::int AS bought
              FROM appraisals a JOIN dealerships d ON d.id = a.dealership_id
             WHERE a.created_at >= \(from) AND a.created_at < \(to)
             GROUP BY d.code, a.appraiser_login, a.source
             ORDER BY d.code, a.appraiser_login, a.source
            """)
    }

    /// Estimated against actual reconditioning of the cars bought in [from, to), newest first.
    public func reconditioningVariance(from: CivilDate, to: CivilDate) throws -> [ReconditioningVarianceRow] {
        try connection.fetch(ReconditioningVarianceRow.self, """
            SELECT a.id AS appraisal_id, a.number, v.stock_number, a.make || ' ' || a.model AS make_model, a.appraiser_login,
                   coalesce(a.reconditioning, 0) AS estimate,
                   coalesce((SELECT sum(c.amount) FROM vehicle_costs c
                              WHERE c.vehicle_id = v.id AND c.kind = 'reconditioning'), 0) AS actual
              FROM appraisals a JOIN vehicles v ON v.id = a.vehicle_id
             WHERE a.state = 'bought' AND a.bought_at >= \(from) AND a.bought_at < \(to)
             ORDER BY a.bought_at DESC, a.id DESC
            """)
    }
}
