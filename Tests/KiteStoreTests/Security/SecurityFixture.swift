import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport

/// Two dealerships (MSK from FinanceFixture, SPB), and a login per role made
/// the way an admin makes one (`kite admin user add`), connected as itself.
struct SecurityFixture {
    let finance: FinanceFixture
    let spb: Dealership
    var connection: PGConnection { finance.connection }
    var conninfo: String { finance.conninfo }

    init() throws {
        finance = try FinanceFixture()
        spb = try ReferenceRepository(connection: finance.connection)
            .insertDealership(code: "SPB", name: "Кайт Авто Петербург", city: "Санкт-Петербург")
    }

    /// A person's login: created through kite_user_add as the owner (a superuser).
    struct Person {
        let login: String
        let conninfo: String
        func connect() throws -> PGConnection { try PGConnection(conninfo) }
    }

    func person(_ role: Role, _ dealerships: [String] = ["MSK"], senior: Bool = false) throws -> Person {
        let login = "t\(getpid())_\(role.rawValue)_\(UInt32.random(in: 0...UInt32.max))"
        try AccessRepository(connection: connection).addUser(login: login, fullName: "Тест \(role.label.ru)",
                                                             role: role, dealerships: dealerships, senior: senior)
        return Person(login: login, conninfo: conninfo + " user=\(login)")
    }

    /// A login of a group role that is not a person (kited, the API).
    func service(_ groupRole: String) throws -> Person {
        let login = "t\(getpid())_\(groupRole)_\(UInt32.random(in: 0...UInt32.max))"
        try connection.execute("CREATE ROLE \(identifier: login) LOGIN IN ROLE \(identifier: groupRole)")
        return Person(login: login, conninfo: conninfo + " user=\(login)")
    }

    /// A login in no group role at all (a maintenance account, a stranger).
    func plainLogin() throws -> Person {
        let login = "t\(getpid())_nobody_\(UInt32.random(in: 0...UInt32.max))"
        try connection.execute("CREATE ROLE \(identifier: login) LOGIN")
        return Person(login: login, conninfo: conninfo + " user=\(login)")
    }

    /// A customer, a deal and a pending cash payment in a dealership, as the owner.
    func sale(in dealership: Dealership, number: Int) throws -> (customer: Int64, deal: Int64, payment: Int64) {
        let customer = try connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, dealership_id, phone, updated_by)
            VALUES ('person', 'Клиент ' || \(dealership.code), \(dealership.id), '+7916000000' || \(number % 10)::text, 'test')
            RETURNING id
            """)!
        let deal = try connection.fetchOne(Int64.self, """
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, stage, updated_by)
            VALUES (\(dealership.code + String(format: "-2026-%06d", number)), \(dealership.id), 'ivanova', \(customer), 'draft', 'test')
            RETURNING id
            """)!
        let payment = try connection.fetchOne(Int64.self, """
            INSERT INTO payments (dealership_id, direction, kind, method, amount, payment_date, deal_id, created_by, updated_by)
            VALUES (\(dealership.id), 'incoming', 'prepayment', 'card', 1000, '2026-03-10', \(deal), 'test', 'test')
            RETURNING id
            """)!
        return (customer, deal, payment)
    }
}
