import Foundation
import KiteDomain

/// A car's cost ledger (`vehicle_costs`, migration 0027): its lines and its landed cost,
/// and the manual lines logistics adds. Purchase lines follow the car's purchase cost
/// and freight lines a closing trip or a carrier's invoice — both written by the
/// database itself, never here.
public struct CostLedgerRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    private struct Row: Decodable {
        var id: Int64
        var vehicleID: Int64
        var kind: CostKind
        var amount: Money
        var source: CostSource
        var tripID: Int64?
        var tripNumber: String?
        var paymentID: Int64?
        var reversesCostID: Int64?
        var note: String
        var at: Date
        var actor: String

        var line: CostLine {
            CostLine(id: id, vehicleID: vehicleID, kind: kind, amount: amount, source: source, tripID: tripID,
                     tripNumber: tripNumber, paymentID: paymentID, reversesCostID: reversesCostID, note: note, at: at,
                     actor: actor)
        }
    }

    private static let selectList: SQL = """
        SELECT c.id, c.vehicle_id, c.kind, c.amount, c.source, c.trip_id, t.number AS trip_number, c.payment_id,
               c.reverses_cost_id, c.note, c.at, c.actor
          FROM vehicle_costs c LEFT JOIN trips t ON t.id = c.trip_id
        """

    /// The car's lines, oldest first.
    public func lines(vehicleID: Int64) throws -> [CostLine] {
        try connection.fetch(Row.self, Self.selectList + " WHERE c.vehicle_id = \(vehicleID) ORDER BY c.id").map(\.line)
    }

    /// The lines a trip's freight wrote (splits and their reversals), oldest first.
    public func lines(tripID: Int64) throws -> [CostLine] {
        try connection.fetch(Row.self, Self.selectList + " WHERE c.trip_id = \(tripID) ORDER BY c.id").map(\.line)
    }

    public func landedCost(vehicleID: Int64) throws -> LandedCost {
        LandedCost(try lines(vehicleID: vehicleID))
    }

    /// A line typed by logistics or an admin (the database refuses anyone else, SQLSTATE
    /// 42501): reconditioning, other costs, or a freight correction.
    @discardableResult
    public func addManual(vehicleID: Int64, kind: CostKind, amount: Money, note: String, actor: String) throws -> CostLine {
        guard let id = try connection.fetchOne(Int64.self, """
            INSERT INTO vehicle_costs (vehicle_id, kind, amount, source, note, actor)
            VALUES (\(vehicleID), \(kind.rawValue), \(amount), 'manual', \(note.trimmingCharacters(in: .whitespaces)), \(actor))
            RETURNING id
            """), let line = try connection.fetchOne(Row.self, Self.selectList + " WHERE c.id = \(id)")?.line else {
            throw NotFoundError(entity: "vehicle cost", id: 0)
        }
        return line
    }
}
