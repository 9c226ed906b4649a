import Foundation

/// The phones' bearer tokens (`api_tokens`, migration 0045): issued, revoked and listed by
/// admins through the database's functions; only the SHA-256 of a token is stored.
public struct APITokenRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// One token as `kite admin token list` shows it.
    public struct Token: Sendable, Hashable, Decodable {
        public var id: Int64
        public var login: String
        public var device: String
        public var createdAt: Date
        public var expiresAt: Date
        public var revokedAt: Date?
        public var lastUsed: Date?
    }

    /// What the API learns from a presented token.
    public struct Check: Sendable, Hashable, Decodable {
        public var tokenId: Int64?
        public var login: String?
        public var device: String?
        /// nil: good; else token_unknown, token_revoked, token_expired, person_disabled.
        public var problem: String?
    }

    /// A new random token (256 bits, URL-safe base64 without padding).
    public static func newToken() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The stored form of a token.
    public static func hash(_ token: String) -> String { SHA256.hex(Array(token.utf8)) }

    /// Issues a token for `login` on `device`, valid `days`; returns its id and the token
    /// itself (shown once; only its hash is kept). The API logins are granted the person's role.
    public func issue(login: String, device: String, days: Int) throws -> (id: Int64, token: String) {
        let token = Self.newToken()
        let id = try connection.fetchOne(Int64.self, """
            SELECT kite_api_token_issue(\(login), \(device), \(days), \(Self.hash(token)))
            """) ?? 0
        return (id, token)
    }

    /// Revokes a token by id, or every live token of a device (of one person when given).
    /// Returns how many were revoked.
    public func revoke(id: Int64?, device: String?, login: String? = nil) throws -> Int {
        try connection.fetchOne(Int.self, "SELECT kite_api_token_revoke(\(id), \(device), \(login))") ?? 0
    }

    public func list() throws -> [Token] {
        try connection.fetch(Token.self, """
            SELECT id, login, device, created_at, expires_at, revoked_at, last_used FROM kite_api_token_list()
            """)
    }

    /// The API's check of a presented token (as the API's own login).
    public func authenticate(token: String) throws -> Check {
        try connection.fetchOne(Check.self, """
            SELECT token_id, login, device, problem FROM kite_api_authenticate(\(Self.hash(token)))
            """) ?? Check(tokenId: nil, login: nil, device: nil, problem: "token_unknown")
    }
}

/// The API's transaction as a person (migration 0045): inside BEGIN, `SET LOCAL ROLE` to
/// the person and `kite_api_act_as`, so grants, row-level security and every identity
/// function apply to them; and the Idempotency-Key of a write.
public struct APISession {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// Becomes `login` until the transaction ends.
    public func actAs(_ login: String) throws {
        try connection.execute("SET LOCAL ROLE \(identifier: login)")
        try connection.execute("SELECT kite_api_act_as(\(login))")
    }

    /// A stored response of an earlier request with the same key.
    public struct StoredResponse: Sendable, Hashable, Decodable {
        public var requestHash: String
        public var status: Int?
        public var body: String?
    }

    /// Claims `key` for this request: nil when it is new (this transaction now holds it; a
    /// concurrent request with the same key waits until this one ends), else the first
    /// request's hash and response.
    public func claim(key: String, method: String, path: String, requestHash: String) throws -> StoredResponse? {
        let inserted = try connection.fetchOne(Bool.self, """
            INSERT INTO api_idempotency (key, method, path, request_hash) VALUES (\(key), \(method), \(path), \(requestHash))
            ON CONFLICT (login, key) DO NOTHING RETURNING true
            """) ?? false
        if inserted { return nil }
        return try connection.fetchOne(StoredResponse.self, """
            SELECT request_hash, status, body FROM api_idempotency WHERE login = kite_login() AND key = \(key)
            """)
    }

    /// Records the response of the request that claimed `key`.
    public func complete(key: String, status: Int, body: String) throws {
        try connection.execute("""
            UPDATE api_idempotency SET status = \(status), body = \(body), completed_at = now()
             WHERE login = kite_login() AND key = \(key)
            """)
    }

    /// The person's name, dealerships and group roles (`GET /v1/me`).
    public struct Person: Sendable, Hashable, Decodable {
        public var login: String
        public var fullName: String
        public var dealershipId: Int64?
        public var dealershipCode: String?
        public var dealershipName: String?
        public var roles: String
    }

    public func person() throws -> Person? {
        try connection.fetchOne(Person.self, """
            SELECT e.login, e.full_name, d.id AS dealership_id, d.code AS dealership_code, d.name AS dealership_name,
                   coalesce((SELECT string_agg(r.rolname, ',' ORDER BY r.rolname) FROM pg_roles r
                              WHERE r.rolname LIKE 'kite\\_%' AND r.rolname <> 'kite_api'
                                AND pg_has_role(e.login, r.oid, 'MEMBER')), '') AS roles
              FROM employees e LEFT JOIN dealerships d ON d.id = e.dealership_id
             WHERE e.login = kite_login()
            """)
    }

    /// Does the database answer (`/readyz`)?
    public func ping() throws -> Bool {
        try connection.fetchOne(Int.self, "SELECT 1") == 1
    }
}
