import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Synchronization

/// A fresh migrated database with one dealership, staff, and deals made with
/// plain SQL (the deal repository is not this module's business).
struct FinanceFixture {
    let conninfo: String
    let connection: PGConnection
    let dealership: Dealership
    var payments: PaymentRepository { PaymentRepository(connection: connection) }
    var cashDays: CashDayRepository { CashDayRepository(connection: connection) }

    static let day = CivilDate(year: 2026, month: 3, day: 10)!

    init() throws {
        conninfo = try TestDatabase.makeMigrated()
        connection = try PGConnection(conninfo)
        let reference = ReferenceRepository(connection: connection)
        dealership = try reference.insertDealership(code: "MSK", name: "Кайт Авто Москва", city: "Москва")
        _ = try reference.insertEmployee(login: "ivanova", fullName: "Иванова Мария Сергеевна", role: .manager,
                                         dealershipID: dealership.id)
        _ = try reference.insertEmployee(login: "kuznetsov", fullName: "Кузнецов Дмитрий Олегович", role: .finance,
                                         dealershipID: dealership.id)
    }

    private static let counter = FinanceCounter()

    /// A contracted deal with `due` as its amount due; returns its id.
    @discardableResult
    func deal(number: Int, due: Money, tradeInCredit: Money = .zero, customer: String = "Петров Пётр Петрович",
              manager: String = "ivanova", stage: String = "contracted",
              contractedDaysAgo: Int = 2, asOf: CivilDate = FinanceFixture.day) throws -> Int64 {
        let serial = Self.counter.next()
        let customerID = try connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, updated_by) VALUES ('person', \(customer), 'test') RETURNING id
            """)!
        let vehicle = try VehicleRepository(connection: connection).insert(Vehicle(
            stockNumber: String(format: "MSK-F%05d", serial), vin: "XW8F" + String(format: "%013d", serial),
            make: "Haval", model: "Jolion", year: 2026, condition: .new, status: .reserved, vehicleType: "car",
            dealershipID: dealership.id, listPrice: due + tradeInCredit), actor: "test")
        let contractedAt = asOf.adding(days: -contractedDaysAgo).isoText + " 12:00:00+03"
        return try connection.fetchOne(Int64.self, """
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, vehicle_id, stage, list_price,
                sale_price, trade_in_credit, total_amount, amount_due, customer_part, contracted_at, reserved_until, updated_by)
            VALUES (\(Self.dealNumber(number)), \(dealership.id), \(manager), \(customerID), \(vehicle.id), \(stage),
                \(due + tradeInCredit), \(due + tradeInCredit), \(tradeInCredit), \(due + tradeInCredit), \(due), \(due),
                \(contractedAt)::timestamptz, \(asOf.adding(days: 3))::date, 'test')
            RETURNING id
            """)!
    }

    static func dealNumber(_ number: Int) -> String { String(format: "MSK-2026-%06d", number) }

    func draft(_ kind: PaymentKind = .prepayment, _ method: PaymentMethod = .cash, _ amount: String,
               deal: Int64?, date: CivilDate = FinanceFixture.day, counterparty: String = "") -> PaymentDraft {
        PaymentDraft(dealershipID: dealership.id, kind: kind, method: method, amount: try! Money.parse(amount),
                     date: date, dealID: deal, counterparty: counterparty)
    }

    /// Enters and confirms a payment; returns it confirmed.
    @discardableResult
    func confirmed(_ kind: PaymentKind = .prepayment, _ method: PaymentMethod = .cash, _ amount: String,
                   deal: Int64?, date: CivilDate = FinanceFixture.day, counterparty: String = "") throws -> Payment {
        let payment = try payments.insert(draft(kind, method, amount, deal: deal, date: date, counterparty: counterparty),
                                          actor: "sidorova")
        return try payments.confirm(id: payment.id, actor: "kuznetsov")
    }

    /// A login role that is not a superuser, with table privileges but not
    /// kite_finance; dropped by `dropLogin`.
    func makePlainLogin() throws -> (name: String, conninfo: String) {
        let name = "kite_clerk_\(getpid())_\(Self.counter.next())_\(UInt16.random(in: 0...UInt16.max))"
        try connection.execute("CREATE ROLE \(identifier: name) LOGIN")
        try connection.execute("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO \(identifier: name)")
        try connection.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \(identifier: name)")
        // Every person is staff (the trips' policies ask kite_trip_visible, 0042, for its members).
        try connection.execute("GRANT kite_staff TO \(identifier: name)")
        // A person of the dealership: row-level security (migration 0021) shows a
        // login only the rows of the dealerships it belongs to.
        _ = try ReferenceRepository(connection: connection).insertEmployee(login: name, fullName: name, role: .operator,
                                                                           dealershipID: dealership.id)
        return (name, conninfo + " user=\(name)")
    }

    func dropLogin(_ name: String) {
        _ = try? connection.execute("DROP OWNED BY \(identifier: name)")
        _ = try? connection.execute("DROP ROLE IF EXISTS \(identifier: name)")
    }
}

final class FinanceCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}

func rub(_ text: String) -> Money { try! Money.parse(text) }
