import Foundation

/// The periodic job that tells a trip's clerk (a `user_notices` row, ru and en) when a
/// trip on the way passes a stop's ETA, and when a stop's ETA moves by more than the
/// margin since the clerk was last told. Each thing is told once (migration 0028).
public enum TripETAWatch {
    /// The job kind run by kited.
    public static let jobKind = "trips.watch_eta"

    /// One notice written.
    public struct Notice: Sendable, Hashable, Decodable {
        public var tripNumber: String
        public var clerkLogin: String
        /// `late` or `eta_changed`.
        public var kind: String
        public var stopPosition: Int
    }

    @discardableResult
    public static func run(on connection: PGConnection, marginMinutes: Int = 60) throws -> [Notice] {
        try connection.fetch(Notice.self, "SELECT * FROM trip_eta_watch(\(marginMinutes))")
    }
}
