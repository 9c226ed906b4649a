import Foundation
import KiteDomain
import KiteStore

/// A stock fixture plus managers, a senior and customers, for deal tests.
struct SalesFixture {
    let stock: StockFixture
    var connection: PGConnection { stock.connection }
    var conninfo: String { stock.conninfo }
    var deals: DealRepository { DealRepository(connection: connection) }
    var customers: CustomerRepository { CustomerRepository(connection: connection) }

    init() throws {
        stock = try StockFixture()
        let reference = stock.reference
        _ = try reference.insertEmployee(login: "ivanov", fullName: "Иванов Пётр Сергеевич", role: .manager,
                                         dealershipID: stock.dealership.id)
        _ = try reference.insertEmployee(login: "petrova", fullName: "Петрова Анна Викторовна", role: .manager,
                                         dealershipID: stock.dealership.id)
        _ = try reference.insertEmployee(login: "boss", fullName: "Сидоров Олег Ильич", role: .manager,
                                         dealershipID: stock.dealership.id)
        try connection.execute("UPDATE employees SET is_senior = true WHERE login = 'boss'")
    }

    /// A person with everything a contract needs.
    static func completePerson(_ name: String = "Смирнова Ольга Павловна", phone: String = "8 916 123-45-67") -> Customer {
        Customer(kind: .person, name: name, birthDate: CivilDate(year: 1985, month: 4, day: 12), phone: phone,
                 email: "olga@example.ru", passportSeries: "45 08", passportNumber: "123456",
                 passportIssueDate: CivilDate(year: 2015, month: 5, day: 20), passportIssuerCode: "770-001",
                 address: "Москва, ул. Тверская, д. 1, кв. 2", consentGiven: true,
                 consentDate: CivilDate(year: 2026, month: 11, day: 1))
    }

    func vehicleInStock(_ number: Int, price: Money = Money(roubles: 2_000_000)) throws -> Vehicle {
        try stock.vehicles.insert(stock.vehicle(number, price: price), actor: "seed")
    }

    func draft(vehicle: Vehicle?, customer: Customer?, manager: String = "ivanov",
               lines: [DealExtraLine] = []) throws -> Deal {
        let price = vehicle?.listPrice ?? .zero
        return try deals.create(Deal(dealershipID: stock.dealership.id, managerLogin: manager, customerID: customer?.id,
                                     vehicleID: vehicle?.id, listPrice: price, salePrice: price, lines: lines),
                                actor: manager)
    }
}

extension PGConnection {
    /// A passed result of every blocking check of the deal's dealership that applies to its
    /// car or its customer (`kite_check_subject`), as if kited had just run them: the
    /// database's contract gate (migration 0041) then lets the deal be contracted.
    func passContractChecks(dealID: Int64) throws {
        try execute("""
            INSERT INTO check_results (subject_kind, subject_id, vin, check_name, status, provider)
            SELECT s.subject, CASE s.subject WHEN 'vehicle' THEN d.vehicle_id ELSE d.customer_id END,
                   CASE s.subject WHEN 'vehicle' THEN v.vin END, b.name, 'passed', 'test'
              FROM deals d JOIN dealerships dl ON dl.id = d.dealership_id JOIN customers c ON c.id = d.customer_id
              JOIN vehicles v ON v.id = d.vehicle_id
              CROSS JOIN LATERAL unnest(dl.blocking_checks) AS b(name)
              CROSS JOIN LATERAL (SELECT kite_check_subject(b.name, c.kind) AS subject) s
             WHERE d.id = \(dealID) AND s.subject IS NOT NULL
            """)
    }
}
