import Foundation
import KiteDomain

/// A vehicle type's weight in the split of a trip's price (`vehicle_cost_weights`).
public struct CostWeight: Sendable, Hashable {
    public var vehicleType: String
    public var nameRu: String
    public var nameEn: String
    /// nil: the type has no row and weighs 1.
    public var weight: Decimal?

    public init(vehicleType: String, nameRu: String, nameEn: String, weight: Decimal?) {
        self.vehicleType = vehicleType
        self.nameRu = nameRu
        self.nameEn = nameEn
        self.weight = weight
    }
}

extension CostLedgerRepository {
    /// Every vehicle type with its weight (none: it weighs 1), by code.
    public func weights() throws -> [CostWeight] {
        struct Row: Decodable {
            var code: String
            var nameRu: String
            var nameEn: String
            var weight: String?
        }
        return try connection.fetch(Row.self, """
            SELECT t.code, t.name_ru, t.name_en, w.weight::text AS weight
              FROM vehicle_types t LEFT JOIN vehicle_cost_weights w ON w.vehicle_type = t.code
             ORDER BY t.code
            """).map { row in
            CostWeight(vehicleType: row.code, nameRu: row.nameRu, nameEn: row.nameEn,
                       weight: row.weight.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) })
        }
    }

    /// Writes these weights (inserted or changed) in one transaction; each change leaves an
    /// audit row (migration 0027). Only logistics or an admin may (row-level security).
    public func setWeights(_ weights: [CostWeight], actor: String) throws {
        try connection.transaction { connection in
            for w in weights {
                guard let weight = w.weight else { continue }
                let text = NSDecimalNumber(decimal: weight).stringValue
                _ = try connection.execute("""
                    INSERT INTO vehicle_cost_weights (vehicle_type, weight, updated_by)
                    VALUES (\(w.vehicleType), \(text)::numeric, \(actor))
                    ON CONFLICT (vehicle_type) DO UPDATE
                       SET weight = EXCLUDED.weight, updated_at = now(), updated_by = EXCLUDED.updated_by
                    """)
            }
        }
    }
}
