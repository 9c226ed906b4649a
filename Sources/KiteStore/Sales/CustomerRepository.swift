import Foundation
import KiteDomain

/// One line of the customers list and of the lookup picker.
public struct CustomerRow: Sendable, Hashable, Decodable {
    public var id: Int64
    public var kind: CustomerKind
    public var name: String
    public var phone: String
    public var birthDate: CivilDate?
    public var passportSeries: String
    public var passportNumber: String
    public var inn: String
    public var email: String
}

/// A stored customer that looks like the one being saved, and why.
public struct PossibleDuplicate: Sendable, Hashable {
    public var customer: CustomerRow
    /// `phone`, `passport`, `inn`.
    public var matchedOn: [String]
}

/// Customers: search as you type, duplicates, versioned writes with audit.
/// Saving a customer enqueues its verification in the same transaction.
public struct CustomerRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    var writes: VersionedWrites { VersionedWrites("customer", table: Customer.table, on: connection) }

    static let rowColumns = "id, kind, name, phone, birth_date, passport_series, passport_number, inn, email"

    // MARK: - Reads

    public func get(id: Int64) throws -> Customer? {
        try connection.fetchOne(Customer.self, "SELECT \(fragment: Customer.selectList) FROM customers WHERE id = \(id)")
    }

    /// Customers matching every typed word: names that start with the first
    /// word come first, in name order (people type the surname first); then
    /// names with the words anywhere. Digits are a phone (any part; `8 916…`
    /// as `+7916…`), or the start of a passport (series and number) or INN.
    /// Empty text lists everyone by name.
    public func search(_ text: String, limit: Int = 200) throws -> [CustomerRow] {
        let limit = max(0, limit)
        let words = Self.searchWords(text)
        guard let first = words.first else {
            return try connection.fetch(CustomerRow.self,
                "SELECT \(raw: Self.rowColumns) FROM customers ORDER BY lower(name), id LIMIT \(limit)")
        }
        if Self.isNumeric(first) {
            return try sortedMatches(Self.numberCondition(first), limit: limit)
        }
        let rest = words.dropFirst().map { Self.isNumeric($0) ? Self.numberCondition($0) : Self.containsCondition($0) }
        let startsWith: SQL = "lower(name) LIKE \(likeEscaped(first.lowercased()) + "%")"
        // A range of the name's prefix index, read in its order: fast however many match.
        var byPrefix: SQL = "SELECT \(raw: Self.rowColumns) FROM customers WHERE "
        byPrefix += SQL.joined([startsWith] + rest, separator: " AND ")
        byPrefix += " ORDER BY lower(name) USING ~<~, id LIMIT \(limit)"
        var found = try connection.fetch(CustomerRow.self, byPrefix)
        // One or two letters mean the start of a surname; longer words also match inside names.
        guard found.count < limit, first.count >= 3 else { return found }
        let inside = SQL.joined([Self.containsCondition(first), "NOT (\(fragment: startsWith))"] + rest, separator: " AND ")
        found += try sortedMatches(inside, limit: limit - found.count)
        return found
    }

    /// Matches found through the trigram and prefix indexes, then sorted by
    /// name. At most `cap` of them are sorted: a fragment that common is still
    /// being typed, and the page shows names that contain it.
    private func sortedMatches(_ condition: SQL, limit: Int, cap: Int = 2_000) throws -> [CustomerRow] {
        try connection.fetch(CustomerRow.self, """
            WITH matches AS MATERIALIZED (SELECT \(raw: Self.rowColumns) FROM customers WHERE \(fragment: condition) LIMIT \(cap))
            SELECT * FROM matches ORDER BY lower(name), id LIMIT \(limit)
            """)
    }

    /// The typed words; a phone typed with spaces is one word of digits.
    static func searchWords(_ text: String) -> [String] {
        let phoneLike = text.contains { $0.isASCII && $0.isNumber }
            && text.allSatisfy { ($0.isASCII && $0.isNumber) || " +-()".contains($0) }
        return phoneLike ? [text.filter { $0.isASCII && $0.isNumber }]
                         : text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    static func isNumeric(_ word: String) -> Bool {
        word.contains { $0.isASCII && $0.isNumber } && word.allSatisfy { ($0.isASCII && $0.isNumber) || "+-()".contains($0) }
    }

    static func containsCondition(_ word: String) -> SQL {
        "lower(name) LIKE \("%" + likeEscaped(word.lowercased()) + "%")"
    }

    /// Digits are a phone, a passport or an INN, never a name.
    static func numberCondition(_ word: String) -> SQL {
        let digits = word.filter { $0.isASCII && $0.isNumber }
        let phonePattern = "%" + digits + "%"
        // 8 916 … is how people type a Russian number; it is stored as +7916….
        let trunkPattern = digits.count >= 4 && digits.hasPrefix("8") ? "+7" + digits.dropFirst() + "%" : phonePattern
        let prefix = digits + "%"
        return """
            (phone LIKE \(phonePattern) OR phone LIKE \(trunkPattern)
             OR (passport_number <> '' AND (passport_series || passport_number) LIKE \(prefix))
             OR (inn <> '' AND inn LIKE \(prefix)))
            """
    }

    /// Other customers with the same phone, passport or INN.
    public func possibleDuplicates(of customer: Customer) throws -> [PossibleDuplicate] {
        let c = customer.normalized()
        let passport = c.passportSeries + c.passportNumber
        struct Match: Decodable {
            var id: Int64
            var kind: CustomerKind
            var name: String
            var phone: String
            var birthDate: CivilDate?
            var passportSeries: String
            var passportNumber: String
            var inn: String
            var email: String
            var samePhone: Bool
            var samePassport: Bool
            var sameInn: Bool
        }
        let matches = try connection.fetch(Match.self, """
            SELECT \(raw: Self.rowColumns),
                   (\(c.phone) <> '' AND phone = \(c.phone)) AS same_phone,
                   (length(\(passport)) = 10 AND passport_number <> '' AND passport_series || passport_number = \(passport)) AS same_passport,
                   (\(c.inn) <> '' AND inn = \(c.inn)) AS same_inn
            FROM customers
            WHERE id <> \(c.id)
              AND ((\(c.phone) <> '' AND phone = \(c.phone))
                OR (length(\(passport)) = 10 AND passport_number <> '' AND passport_series || passport_number = \(passport))
                OR (\(c.inn) <> '' AND inn = \(c.inn)))
            ORDER BY lower(name), id
            LIMIT 20
            """)
        return matches.map { m in
            var on: [String] = []
            if m.samePhone { on.append("phone") }
            if m.samePassport { on.append("passport") }
            if m.sameInn { on.append("inn") }
            return PossibleDuplicate(customer: CustomerRow(id: m.id, kind: m.kind, name: m.name, phone: m.phone,
                                                           birthDate: m.birthDate, passportSeries: m.passportSeries,
                                                           passportNumber: m.passportNumber, inn: m.inn, email: m.email),
                                     matchedOn: on)
        }
    }

    // MARK: - Writes

    /// Stores a new customer (normalised) and enqueues its checks.
    @discardableResult
    public func insert(_ customer: Customer, actor: String) throws -> Customer {
        let c = customer.normalized()
        return try connection.transaction { connection in
            guard let stored = try connection.fetchOne(Customer.self,
                Customer.insert(c, actor: actor) + " RETURNING \(fragment: Customer.selectList)") else {
                throw DatabaseError.usage("INSERT returned no row")
            }
            try CustomerRepository(connection: connection).writes.auditRow(id: stored.id, action: "insert", actor: actor)
            try Self.enqueueVerification(customerID: stored.id, on: connection)
            return stored
        }
    }

    /// Saves every field if the row is still at `customer.version`, else
    /// throws `StaleWriteError` and changes nothing.
    @discardableResult
    public func update(_ customer: Customer, actor: String) throws -> Customer {
        let c = customer.normalized()
        return try connection.transaction { connection in
            let writes = CustomerRepository(connection: connection).writes
            let before = try writes.lock(id: c.id, expectedVersion: c.version)
            guard let stored = try connection.fetchOne(Customer.self, Customer.update(c, actor: actor)
                + " WHERE id = \(c.id) RETURNING \(fragment: Customer.selectList)") else {
                throw NotFoundError(entity: "customer", id: c.id)
            }
            try writes.audit(id: c.id, action: "update", actor: actor, data: """
                jsonb_build_object('version', \(stored.version)::int, 'before', \(before)::jsonb)
                """)
            try Self.enqueueVerification(customerID: stored.id, on: connection)
            return stored
        }
    }

    /// One pending `customer.verify` per customer, in the caller's transaction.
    @discardableResult
    public static func enqueueVerification(customerID: Int64, on connection: PGConnection) throws -> EnqueueResult {
        try CustomerChecks.enqueue(customerID: customerID, on: connection)
    }
}
