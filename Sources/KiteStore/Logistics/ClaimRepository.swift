import Foundation
import KiteDomain

/// A claim as the claims list and its card show it.
public struct ClaimRow: Sendable, Hashable, Decodable {
    public var id: Int64
    public var state: ClaimState
    public var carrierID: Int64
    public var carrierName: String
    public var tripID: Int64
    public var tripNumber: String
    public var vehicleID: Int64
    public var stockNumber: String
    public var vin: String
    public var makeModel: String
    public var inspectionID: Int64
    /// The damages that opened it, as `20 06 5` codes.
    public var codes: [String]
    public var amount: Money?
    public var openedAt: Date
    public var openedBy: String
    public var resolvedAt: Date?
    public var resolvedBy: String?
    public var resolution: String
    public var version: Int

    enum CodingKeys: String, CodingKey {
        case id, state, carrierID, carrierName, tripID, tripNumber, vehicleID, stockNumber, vin, makeModel, inspectionID
        case codesText, amount, openedAt, openedBy, resolvedAt, resolvedBy, resolution, version
    }

    /// A claim not read from the database (a card's blank).
    public init(id: Int64 = 0, state: ClaimState = .open, carrierName: String = "", tripNumber: String = "") {
        self.id = id
        self.state = state
        carrierID = 0
        self.carrierName = carrierName
        tripID = 0
        self.tripNumber = tripNumber
        vehicleID = 0
        stockNumber = ""
        vin = ""
        makeModel = ""
        inspectionID = 0
        codes = []
        openedAt = Date()
        openedBy = ""
        resolution = ""
        version = 0
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        state = try c.decode(ClaimState.self, forKey: .state)
        carrierID = try c.decode(Int64.self, forKey: .carrierID)
        carrierName = try c.decode(String.self, forKey: .carrierName)
        tripID = try c.decode(Int64.self, forKey: .tripID)
        tripNumber = try c.decode(String.self, forKey: .tripNumber)
        vehicleID = try c.decode(Int64.self, forKey: .vehicleID)
        stockNumber = try c.decode(String.self, forKey: .stockNumber)
        vin = try c.decode(String.self, forKey: .vin)
        makeModel = try c.decode(String.self, forKey: .makeModel)
        inspectionID = try c.decode(Int64.self, forKey: .inspectionID)
        codes = try c.decode(String.self, forKey: .codesText).split(separator: ",").map(String.init)
        amount = try c.decodeIfPresent(Money.self, forKey: .amount)
        openedAt = try c.decode(Date.self, forKey: .openedAt)
        openedBy = try c.decode(String.self, forKey: .openedBy)
        resolvedAt = try c.decodeIfPresent(Date.self, forKey: .resolvedAt)
        resolvedBy = try c.decodeIfPresent(String.self, forKey: .resolvedBy)
        resolution = try c.decode(String.self, forKey: .resolution)
        version = try c.decode(Int.self, forKey: .version)
    }

    /// The codes as `DamageCode`s.
    public var damageCodes: [DamageCode] { codes.compactMap(DamageCode.init) }
}

/// Claims of one carrier in the report: how many, how many still open, what was claimed
/// on the open ones and what the settled ones brought.
public struct CarrierClaimSummary: Sendable, Hashable, Decodable {
    public var carrierID: Int64
    public var carrierName: String
    public var total: Int
    public var open: Int
    public var settled: Int
    public var rejected: Int
    /// The amounts set on open claims so far.
    public var openAmount: Money
    public var settledAmount: Money
}

/// Filters of the claims list.
public struct ClaimFilter: Sendable, Hashable {
    public var text = ""
    public var states: Set<ClaimState> = []
    public var carrierID: Int64?

    public init(text: String = "", states: Set<ClaimState> = [], carrierID: Int64? = nil) {
        self.text = text
        self.states = states
        self.carrierID = carrierID
    }
}

/// Claims (претензии) against carriers: opened by a delivery inspection (never here), their
/// amount set, settled or rejected only through the database's commands, each with the
/// person and the reason; and the per-carrier report.
public struct ClaimRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    private static let select: SQL = """
        SELECT c.id, c.state, c.carrier_id, cr.name AS carrier_name, c.trip_id, t.number AS trip_number,
               c.vehicle_id, v.stock_number, v.vin::text AS vin, v.make || ' ' || v.model AS make_model,
               c.inspection_id,
               coalesce((SELECT string_agg(lpad(d.area::text, 2, '0') || ' ' || lpad(d.damage_type::text, 2, '0') || ' ' || d.severity::text, ','
                                           ORDER BY d.area, d.damage_type)
                           FROM inspection_damages d WHERE d.claim_id = c.id), '') AS codes_text,
               c.amount, c.opened_at, c.opened_by, c.resolved_at, c.resolved_by, c.resolution, c.version
          FROM claims c
          JOIN carriers cr ON cr.id = c.carrier_id
          JOIN trips t ON t.id = c.trip_id
          JOIN vehicles v ON v.id = c.vehicle_id
        """

    public func get(id: Int64) throws -> ClaimRow? {
        try connection.fetchOne(ClaimRow.self, Self.select + " WHERE c.id = \(id)")
    }

    /// The claim a delivery inspection opened, if any.
    public func get(inspectionID: Int64) throws -> ClaimRow? {
        try connection.fetchOne(ClaimRow.self, Self.select + " WHERE c.inspection_id = \(inspectionID)")
    }

    /// Open ones first, then newest first.
    public func list(_ filter: ClaimFilter, offset: Int = 0, limit: Int = 100) throws -> [ClaimRow] {
        var sql = Self.select + " WHERE true"
        if !filter.states.isEmpty { sql += " AND c.state = ANY(\(filter.states.map(\.rawValue).sorted()))" }
        if let carrierID = filter.carrierID { sql += " AND c.carrier_id = \(carrierID)" }
        for word in filter.text.split(whereSeparator: \.isWhitespace) {
            let pattern = "%" + likeEscaped(word.lowercased()) + "%"
            sql += """
                 AND (lower(cr.name) LIKE \(pattern) OR lower(t.number) LIKE \(pattern) OR lower(v.stock_number) LIKE \(pattern)
                      OR lower(v.vin) LIKE \(pattern) OR lower(v.make || ' ' || v.model) LIKE \(pattern))
                """
        }
        sql += " ORDER BY c.state <> 'open', c.id DESC OFFSET \(max(0, offset)) LIMIT \(max(0, limit))"
        return try connection.fetch(ClaimRow.self, sql)
    }

    /// The claims report: per carrier that has any, the most open first.
    public func summary() throws -> [CarrierClaimSummary] {
        try connection.fetch(CarrierClaimSummary.self, """
            SELECT cr.id AS carrier_id, cr.name AS carrier_name, count(*)::int AS total,
                   count(*) FILTER (WHERE c.state = 'open')::int AS open,
                   count(*) FILTER (WHERE c.state = 'settled')::int AS settled,
                   count(*) FILTER (WHERE c.state = 'rejected')::int AS rejected,
                   coalesce(sum(c.amount) FILTER (WHERE c.state = 'open'), 0) AS open_amount,
                   coalesce(sum(c.amount) FILTER (WHERE c.state = 'settled'), 0) AS settled_amount
              FROM claims c JOIN carriers cr ON cr.id = c.carrier_id
             GROUP BY cr.id, cr.name
             ORDER BY count(*) FILTER (WHERE c.state = 'open') DESC, cr.name
            """)
    }

    /// The amount claimed, while the claim is open (nil clears it). With `expectedVersion`
    /// (the version the clerk read) it is saved only over that version: another clerk's change
    /// in between is a `StaleWriteError` naming who and when, and nothing is written.
    public func setAmount(claimID: Int64, amount: Money?, expectedVersion: Int? = nil, actor: String) throws {
        do {
            try InspectionRefusal.refusing {
                if let expectedVersion {
                    _ = try connection.execute("SELECT claim_set_amount(\(claimID), \(amount), \(actor), \(expectedVersion))")
                } else {
                    _ = try connection.execute("SELECT claim_set_amount(\(claimID), \(amount), \(actor))")
                }
            }
        } catch let error as DatabaseError where error.constraint == "claim_changed" {
            let detail = error.detail.flatMap { $0.data(using: .utf8) }
                .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
            throw StaleWriteError(entity: "claim", id: claimID, changedBy: detail["by"] as? String ?? "",
                                  changedAt: Date(timeIntervalSince1970: (detail["at"] as? NSNumber)?.doubleValue ?? 0),
                                  currentVersion: (detail["version"] as? NSNumber)?.intValue ?? 0,
                                  expectedVersion: expectedVersion ?? 0)
        }
    }

    /// Settled at `amount` (the amount set before when nil), with how.
    public func settle(claimID: Int64, amount: Money?, reason: String, actor: String) throws {
        try InspectionRefusal.refusing {
            _ = try connection.execute("SELECT claim_settle(\(claimID), \(amount), \(reason), \(actor))")
        }
    }

    public func reject(claimID: Int64, reason: String, actor: String) throws {
        try InspectionRefusal.refusing {
            _ = try connection.execute("SELECT claim_reject(\(claimID), \(reason), \(actor))")
        }
    }
}
