import Foundation
import KiteDomain

/// People, their logins and group roles, and the tamper-evident audit trail
/// (migrations 0019–0022). Every write goes through the database's own
/// functions, which check that the connected login is in kite_admin.
public struct AccessRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// One person as `kite admin user list` shows them.
    public struct User: Decodable, Sendable, Equatable {
        public var login: String
        public var fullName: String
        public var role: String
        public var active: Bool
        public var canLogin: Bool
        /// The kite_* group roles, comma-separated.
        public var groupRoles: String
        /// The dealership codes, comma-separated.
        public var dealerships: String
    }

    /// Creates the login role (or takes over an existing one no employee has),
    /// grants its group role (and kite_senior), adds the employee and their
    /// dealerships — one transaction. Returns the employee's id.
    @discardableResult
    public func addUser(login: String, fullName: String, role: Role, dealerships: [String],
                        senior: Bool = false) throws -> Int64 {
        try connection.transaction { connection in
            guard let id = try connection.fetchOne(Int64.self, """
                SELECT kite_user_add(\(login), \(fullName), \(role.rawValue), \(dealerships)::text[], \(senior))
                """) else { throw DatabaseError.usage("kite_user_add returned nothing") }
            return id
        }
    }

    /// The employee stays (their name is on what they did); the login can no longer log in.
    public func disable(login: String) throws {
        try connection.execute("SELECT kite_user_disable(\(login))")
    }

    /// Another group role (`manager` … `admin`, `senior`, `head_office`) and/or another dealership.
    public func grant(login: String, role: String?, dealership: String?) throws {
        try connection.execute("SELECT kite_user_grant(\(login), \(role)::text, \(dealership)::text)")
    }

    public func users() throws -> [User] {
        try connection.fetch(User.self, """
            SELECT login, full_name, role, active, can_login,
                   array_to_string(group_roles, ',') AS group_roles, array_to_string(dealerships, ',') AS dealerships
            FROM kite_user_list()
            """)
    }

    // MARK: - Audit trail

    public struct AuditEntry: Decodable, Sendable {
        public var id: Int64
        public var at: Date
        public var tableName: String
        public var rowKey: String
        public var operation: String
        public var before: String?
        public var after: String?
        public var dbUser: String
        public var clientAddr: String?
        public var seq: Int64?
    }

    /// Rows of the audit trail, newest first, optionally of one table, one login, since a time.
    public func audit(table: String? = nil, actor: String? = nil, since: CivilDate? = nil, limit: Int = 200) throws -> [AuditEntry] {
        try connection.fetch(AuditEntry.self, """
            SELECT id, at, table_name, row_key::text AS row_key, operation, before::text AS before, after::text AS after,
                   db_user, host(client_addr) AS client_addr, seq
            FROM audit_trail
            WHERE (\(table)::text IS NULL OR table_name = \(table)::text)
              AND (\(actor)::text IS NULL OR db_user = \(actor)::text)
              AND (\(since)::date IS NULL OR at >= \(since)::date)
            ORDER BY id DESC
            LIMIT \(limit)
            """)
    }

    public struct AuditBreak: Decodable, Sendable, Equatable {
        public var id: Int64
        public var seq: Int64
        public var problem: String
    }

    /// Seals what is not sealed yet, recomputes the hash chain and returns the
    /// first broken row, or nil when the chain is intact.
    public func verifyAudit() throws -> AuditBreak? {
        try connection.fetchOne(AuditBreak.self, "SELECT id, seq, problem FROM kite_audit_verify()")
    }

    /// How many rows the trail holds and how many are sealed.
    public func auditCounts() throws -> (rows: Int, sealed: Int) {
        struct Counts: Decodable { var rows: Int; var sealed: Int }
        let counts = try connection.fetchOne(Counts.self,
            "SELECT count(*)::int AS rows, count(seq)::int AS sealed FROM audit_trail")
        return (counts?.rows ?? 0, counts?.sealed ?? 0)
    }

    // MARK: - Customers elsewhere

    public struct Elsewhere: Decodable, Sendable, Equatable {
        public var dealershipCode: String
        /// phone, passport, inn — comma-separated.
        public var matchedOn: String
    }

    /// Dealerships the caller cannot see that hold a customer with the same
    /// phone, passport or INN: where, and on what, never who.
    public func customerElsewhere(phone: String, passport: String, inn: String, exceptID: Int64?) throws -> [Elsewhere] {
        try connection.fetch(Elsewhere.self, """
            SELECT dealership_code, array_to_string(matched_on, ',') AS matched_on
            FROM kite_customer_elsewhere(\(phone), \(passport), \(inn), \(exceptID)::bigint)
            """)
    }
}
