import Foundation
import KiteStore

/// Who the person is: the database login the connection authenticated as
/// (`session_user`), mapped to `employees.login`. Neither the config nor `$USER`
/// decides it: PostgreSQL's authentication (peer, scram, certificates) does.
public enum DatabaseIdentity {
    /// The `session_user` of a connection to `conninfo`, or nil when the
    /// database cannot be reached (the app then reports the connection error).
    public static func login(conninfo: String) -> String? {
        guard let connection = try? PGConnection(conninfo) else { return nil }
        return try? login(of: connection)
    }

    public static func login(of connection: PGConnection) throws -> String? {
        try connection.fetchOne(String.self, "SELECT session_user::text")
    }
}
