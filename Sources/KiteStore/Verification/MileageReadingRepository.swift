import Foundation

/// One odometer reading of a VIN (`mileage_readings`).
public struct MileageReading: Sendable, Hashable, Decodable {
    public var km: Int
    public var recordedAt: Date
    /// Where it was read: `vehicle:<id>` for a save of a vehicle card.
    public var source: String
}

/// The odometer readings per VIN, against which the mileage-rollback check compares.
public struct MileageReadingRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// The highest reading of `vin` (the latest of equal ones), or nil when there is none.
    public func highest(vin: String) throws -> MileageReading? {
        try connection.fetchOne(MileageReading.self, """
            SELECT km, recorded_at, source FROM mileage_readings WHERE vin = \(vin) ORDER BY km DESC, recorded_at DESC LIMIT 1
            """)
    }

    /// Records `km` for `vin` unless the latest reading of the VIN is the same.
    public func recordUnlessUnchanged(vin: String, km: Int, source: String) throws {
        try connection.execute("""
            INSERT INTO mileage_readings (vin, km, source)
            SELECT \(vin), \(km), \(source)
            WHERE NOT EXISTS (SELECT 1 FROM (SELECT km FROM mileage_readings WHERE vin = \(vin)
                                             ORDER BY recorded_at DESC, id DESC LIMIT 1) latest
                              WHERE latest.km = \(km))
            """)
    }
}
