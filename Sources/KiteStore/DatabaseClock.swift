import KiteDomain

/// The date as the database sees it (`current_date`): date rules judged in the
/// daemon agree with the same rules judged in SQL, whatever a host's clock says.
public struct DatabaseClock {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    public func today() throws -> CivilDate {
        guard let today = try connection.fetchOne(CivilDate.self, "SELECT current_date") else {
            throw DatabaseError.usage("SELECT current_date returned no row")
        }
        return today
    }
}
