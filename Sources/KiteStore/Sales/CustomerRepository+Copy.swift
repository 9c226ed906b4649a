import Foundation
import KiteDomain

extension CustomerRepository {
    /// Loads customers with COPY (benchmarks, big imports): no audit rows and
    /// no verification jobs. Values are stored as given (normalise first).
    @discardableResult
    public func copyIn(_ customers: some Sequence<Customer>) throws -> Int {
        let columns = Customer.columns
        return try connection.copyIn(Customer.copyStatement,
                                     lines: customers.lazy.map { Customer.copyLine($0, columns: columns) })
    }
}

extension CustomerRepository {
    /// Stores imported customers in one go: normalised as `insert` does, COPY, an audit row and a
    /// verification job each. Call it inside a transaction. Returns the stored count.
    @discardableResult
    public func insertImported(_ customers: [Customer], actor: String) throws -> Int {
        let rows = customers.map { customer -> Customer in
            var c = customer.normalized()
            c.updatedBy = actor
            return c
        }
        let ids = try BulkInsert.insert(rows, entity: "customer", actor: actor, on: connection)
        try JobQueue.enqueueBatch(ids.map { CustomerChecks.enqueueJob(customerID: $0) }, on: connection)
        return ids.count
    }

    /// `possibleDuplicates` for many customers at once (imports): for each normalised phone,
    /// passport (series and number, 10 digits) and INN among `keys`, the stored customers that
    /// have it, by one indexed query.
    public func customers(withPhones phones: [String], passports: [String], inns: [String]) throws -> [PossibleDuplicate] {
        guard !(phones.isEmpty && passports.isEmpty && inns.isEmpty) else { return [] }
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
        }
        let matches = try connection.fetch(Match.self, """
            SELECT \(raw: Self.rowColumns) FROM customers
            WHERE (phone <> '' AND phone = ANY(\(phones)))
               OR (passport_number <> '' AND passport_series || passport_number = ANY(\(passports)))
               OR (inn <> '' AND inn = ANY(\(inns)))
            ORDER BY lower(name), id
            """)
        let phoneSet = Set(phones), passportSet = Set(passports), innSet = Set(inns)
        return matches.map { m in
            var on: [String] = []
            if !m.phone.isEmpty && phoneSet.contains(m.phone) { on.append("phone") }
            if !m.passportNumber.isEmpty && passportSet.contains(m.passportSeries + m.passportNumber) { on.append("passport") }
            if !m.inn.isEmpty && innSet.contains(m.inn) { on.append("inn") }
            return PossibleDuplicate(customer: CustomerRow(id: m.id, kind: m.kind, name: m.name, phone: m.phone,
                                                           birthDate: m.birthDate, passportSeries: m.passportSeries,
                                                           passportNumber: m.passportNumber, inn: m.inn, email: m.email),
                                     matchedOn: on)
        }
    }
}
