import Foundation
import KiteDomain

extension InspectionKind: SQLTextEnum {}
extension ClaimState: SQLTextEnum {}

/// An inspection or claim rule said no (the database's commands, migration 0026): the
/// rule's code and the values it named, said in the person's language.
public struct InspectionRefusal: Refusal, Hashable {
    public var code: String
    public var values: [String: String]

    public init(code: String, values: [String: String] = [:]) {
        self.code = code
        self.values = values
    }

    public var localizedReason: LocalizedText {
        guard let key = InspectionRefusalText(rawValue: code) else { return LocalizedText(ru: code, en: code) }
        var ru = values, en = values
        if let stage = values["stage"].flatMap(TripStage.init(rawValue:)) {
            ru["stage"] = stage.label.ru
            en["stage"] = stage.label.en
        }
        if let state = values["state"].flatMap(ClaimState.init(rawValue:)) {
            ru["state"] = state.label.ru
            en["state"] = state.label.en
        }
        if let kind = values["kind"].flatMap(InspectionKind.init(rawValue:)) {
            ru["kind"] = kind.label.ru
            en["kind"] = kind.label.en
        }
        if let action = values["action"] {
            ru["action"] = InspectionRefusalText.action(action).ru
            en["action"] = InspectionRefusalText.action(action).en
        }
        return LocalizedText(ru: LocalizedText.fill(key.text.ru, ru), en: LocalizedText.fill(key.text.en, en))
    }

    /// The refusal a database error carries, if it is one of the inspection or claim rules.
    public static func from(_ error: any Error) -> InspectionRefusal? {
        guard let error = error as? DatabaseError, let constraint = error.constraint,
              InspectionRefusalText(rawValue: constraint) != nil else { return nil }
        var values: [String: String] = [:]
        if let detail = error.detail, let data = detail.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            for (key, value) in object { values[key] = "\(value)" }
        }
        return InspectionRefusal(code: constraint, values: values)
    }

    /// Runs `body`, turning an inspection, claim or trip rule's refusal into its `Refusal`.
    static func refusing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            if let refusal = InspectionRefusal.from(error) { throw refusal }
            if let refusal = TripRefusal.from(error) { throw refusal }
            throw error
        }
    }
}

/// What the trip card needs to know of a car's inspections: which are recorded, and the
/// claim a delivery opened.
public struct InspectionMark: Sendable, Hashable, Decodable {
    public var id: Int64
    public var vehicleID: Int64
    public var kind: InspectionKind
    public var damages: Int
    public var claimID: Int64?
    public var inspectedAt: Date
}

/// Inspections (bill of lading) at pickup and delivery: recorded once per car, trip and
/// kind by `inspection_record`, which opens the claim for a new delivery damage in the
/// same transaction. Nothing here writes a table directly.
public struct InspectionRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    private struct Row: Decodable {
        var id: Int64
        var tripID: Int64
        var vehicleID: Int64
        var kind: InspectionKind
        var odometerKm: Int
        var fuelEighths: Int
        var keysCount: Int
        var ptsPresent: Bool
        var stsPresent: Bool
        var looseItems: String
        var signedBy: String
        var recipientAbsent: Bool
        var absentReason: String
        var inspectedAt: Date
        var recordedAt: Date
        var inspectorLogin: String
        var updatedBy: String
    }

    private struct DamageRow: Decodable {
        var id: Int64
        var inspectionId: Int64
        var area: Int
        var damageType: Int
        var severity: Int
        var notes: String
        var photos: String
        var claimId: Int64?
    }

    public func get(id: Int64) throws -> Inspection? {
        try read("SELECT * FROM inspections WHERE id = \(id)").first
    }

    public func get(tripID: Int64, vehicleID: Int64, kind: InspectionKind) throws -> Inspection? {
        try read("SELECT * FROM inspections WHERE trip_id = \(tripID) AND vehicle_id = \(vehicleID) AND kind = \(kind)").first
    }

    /// Every inspection of a car, oldest first.
    public func list(vehicleID: Int64) throws -> [Inspection] {
        try read("SELECT * FROM inspections WHERE vehicle_id = \(vehicleID) ORDER BY inspected_at, id")
    }

    /// The inspections recorded on a trip, per car and kind.
    public func marks(tripID: Int64) throws -> [InspectionMark] {
        try connection.fetch(InspectionMark.self, """
            SELECT i.id, i.vehicle_id, i.kind, i.inspected_at,
                   (SELECT count(*) FROM inspection_damages d WHERE d.inspection_id = i.id)::int AS damages,
                   (SELECT c.id FROM claims c WHERE c.inspection_id = i.id) AS claim_id
              FROM inspections i WHERE i.trip_id = \(tripID) ORDER BY i.vehicle_id, i.kind DESC
            """)
    }

    private func read(_ sql: SQL) throws -> [Inspection] {
        let rows = try connection.fetch(Row.self, sql)
        guard !rows.isEmpty else { return [] }
        let damages = try connection.fetch(DamageRow.self, """
            SELECT id, inspection_id, area, damage_type, severity, notes, to_json(photos)::text AS photos, claim_id
              FROM inspection_damages WHERE inspection_id = ANY(\(rows.map(\.id)))
             ORDER BY area, damage_type, id
            """)
        return rows.map { row in
            var i = Inspection()
            i.id = row.id
            i.tripID = row.tripID
            i.vehicleID = row.vehicleID
            i.kind = row.kind
            i.odometerKm = row.odometerKm
            i.fuel = FuelLevel(eighths: row.fuelEighths)
            i.keysCount = row.keysCount
            i.ptsPresent = row.ptsPresent
            i.stsPresent = row.stsPresent
            i.looseItems = row.looseItems
            i.signedBy = row.signedBy
            i.recipientAbsent = row.recipientAbsent
            i.absentReason = row.absentReason
            i.inspectedAt = row.inspectedAt
            i.recordedAt = row.recordedAt
            i.inspectorLogin = row.inspectorLogin
            i.updatedBy = row.updatedBy
            i.damages = damages.filter { $0.inspectionId == row.id }.map { d in
                var damage = InspectionDamage(code: DamageCode(area: d.area, type: d.damageType, severity: d.severity), notes: d.notes,
                                              photos: (try? JSONDecoder().decode([String].self, from: Data(d.photos.utf8))) ?? [])
                damage.id = d.id
                damage.claimID = d.claimId
                return damage
            }
            return i
        }
    }

    /// Records the inspection with its damages; at delivery, a damage the pickup did not
    /// list opens a claim against the carrier in the same transaction. Returns it as stored.
    @discardableResult
    public func record(_ inspection: Inspection, actor: String) throws -> Inspection {
        let damages = inspection.damages.map { d -> [String: Any] in
            ["area": d.code.area, "type": d.code.type, "severity": d.code.severity,
             "notes": d.notes.trimmingCharacters(in: .whitespaces), "photos": d.photos]
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: damages, options: [.sortedKeys]), as: UTF8.self)
        return try InspectionRefusal.refusing {
            try connection.transaction { connection in
                guard let id = try connection.fetchOne(Int64.self, """
                    SELECT inspection_record(\(inspection.tripID), \(inspection.vehicleID), \(inspection.kind),
                           \(inspection.odometerKm)::int, \(inspection.fuel?.eighths)::int, \(inspection.keysCount)::int,
                           \(inspection.ptsPresent), \(inspection.stsPresent), \(inspection.looseItems),
                           \(inspection.signedBy), \(inspection.recipientAbsent), \(inspection.absentReason),
                           \(inspection.inspectedAt), \(json)::jsonb, \(actor))
                    """), let stored = try InspectionRepository(connection: connection).get(id: id) else {
                    throw NotFoundError(entity: "inspection", id: 0)
                }
                return stored
            }
        }
    }
}
