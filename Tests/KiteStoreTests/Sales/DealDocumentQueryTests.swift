import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Deals inserted by plain SQL (not through the deal repository), then read
/// back as what the print forms show.
struct DealDocumentFixture {
    let connection: PGConnection
    let dealershipID: Int64

    init() throws {
        connection = try PGConnection(try TestDatabase.makeMigrated())
        dealershipID = try connection.fetchOne(Int64.self, """
            INSERT INTO dealerships (code, name, city, vat_rate_percent)
            VALUES ('MSK', 'ООО «Кайт Авто Москва»', 'Москва', 22) RETURNING id
            """)!
        _ = try connection.execute("""
            INSERT INTO employees (login, full_name, role, dealership_id)
            VALUES ('petrov', 'Петров Пётр Ильич', 'manager', \(dealershipID))
            """)
    }

    func person() throws -> Int64 {
        try connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, birth_date, phone, passport_series, passport_number,
                                   passport_issue_date, passport_issuer_code, inn, address, updated_by)
            VALUES ('person', 'Иванова Анна Сергеевна', '1990-07-14', '+79161234567', '4510', '123456',
                    '2015-02-01', '770-001', '', 'г. Москва, ул. Тверская, д. 7, кв. 15', 'test')
            RETURNING id
            """)!
    }

    func company() throws -> Int64 {
        try connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, phone, inn, kpp, ogrn, address, contact_person, updated_by)
            VALUES ('company', 'ООО «Ромашка-Логистик»', '+78432000000', '7707083893', '770701001',
                    '1027700132195', 'г. Казань, ул. Баумана, д. 1', 'Зайцев Олег Петрович', 'test')
            RETURNING id
            """)!
    }

    func vehicle(vin: String = "XW8AN2NE3PH000123", privateSeller: Bool = false) throws -> Int64 {
        try connection.fetchOne(Int64.self, """
            INSERT INTO vehicles (stock_number, vin, make, model, trim, year, colour, mileage_km, status,
                                  dealership_id, purchase_cost, list_price, bought_from_private_person, updated_by)
            VALUES (\("MSK-" + vin.suffix(6)), \(vin), 'Haval', 'Jolion', 'Elite', 2025, 'белый перламутр', 12,
                    'reserved', \(dealershipID), 2000000, 2500000, \(privateSeller), 'test')
            RETURNING id
            """)!
    }

    /// A contracted deal at 01:30 Moscow time on 05.03.2026 (22:30 UTC the day before),
    /// with stored totals that are deliberately stale: the query must reprice.
    func deal(number: String, customerID: Int64?, vehicleID: Int64?, stage: String = "contracted",
              marginVAT: Bool = false) throws -> Int64 {
        try connection.fetchOne(Int64.self, """
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, vehicle_id, stage,
                               list_price, sale_price, discount_amount, discount_reason,
                               trade_in_credit, trade_in_description, loan_bank, loan_amount,
                               vat_rate_percent, margin_vat, purchase_cost, total_amount, vat_amount,
                               amount_due, customer_part, planned_handover, contracted_at, updated_by)
            VALUES (\(number), \(dealershipID), 'petrov', \(customerID), \(vehicleID), \(stage),
                    2500000, 2400000, 100000, 'promo',
                    500000, 'Лада Гранта 2018', 'ПАО Сбербанк', 1000000,
                    22, \(marginVAT), 2000000, 1, 1, 1, 1, '2026-03-20', '2026-03-04 22:30:00+00', 'petrov')
            RETURNING id
            """)!
    }

    func line(_ dealID: Int64, position: Int, description: String, quantity: Int, price: String, vat: Int?) throws {
        _ = try connection.execute("""
            INSERT INTO deal_lines (deal_id, position, kind, description, quantity, unit_price, vat_rate_percent)
            VALUES (\(dealID), \(position), 'accessory', \(description), \(quantity), \(price), \(vat))
            """)
    }
}

@Suite struct DealDocumentQueryTests {
    @Test func loadsAPersonsDealRepricedFromItsInputs() throws {
        let fixture = try DealDocumentFixture()
        let dealID = try fixture.deal(number: "MSK-2026-000123", customerID: try fixture.person(),
                                      vehicleID: try fixture.vehicle())
        // Inserted out of order: printed in position order.
        try fixture.line(dealID, position: 2, description: "КАСКО на год", quantity: 1, price: "80000", vat: nil)
        try fixture.line(dealID, position: 1, description: "Коврики в салон", quantity: 2, price: "3050", vat: 22)

        let deal = try #require(try DealDocumentQuery(connection: fixture.connection).load(number: "MSK-2026-000123"))
        #expect(deal.number == "MSK-2026-000123")
        #expect(deal.date == CivilDate(year: 2026, month: 3, day: 5), "the contract day in Moscow, not in UTC")
        #expect(deal.managerName == "Петров Пётр Ильич")
        #expect(deal.dealership == .init(code: "MSK", name: "ООО «Кайт Авто Москва»", city: "Москва"))
        guard case .person(let person) = deal.customer else {
            Issue.record("expected a person, got \(deal.customer)")
            return
        }
        #expect(person.fullName == "Иванова Анна Сергеевна")
        #expect(person.birthDate == CivilDate(year: 1990, month: 7, day: 14))
        #expect(person.passportSeries == "4510" && person.passportNumber == "123456")
        #expect(person.passportIssueDate == CivilDate(year: 2015, month: 2, day: 1))
        #expect(person.passportIssuerCode == "770-001")
        #expect(person.address == "г. Москва, ул. Тверская, д. 7, кв. 15")
        #expect(person.phone == "+79161234567")
        #expect(deal.vehicle == .init(vin: "XW8AN2NE3PH000123", make: "Haval", model: "Jolion", trim: "Elite",
                                      year: 2025, colour: "белый перламутр", mileageKm: 12, stockNumber: "MSK-000123"))
        #expect(deal.discountReason == "Акция")
        #expect(deal.tradeInDescription == "Лада Гранта 2018")
        #expect(deal.loanBank == "ПАО Сбербанк")
        #expect(deal.plannedHandover == CivilDate(year: 2026, month: 3, day: 20))

        #expect(deal.lines.map(\.description) == ["Автомобиль Haval Jolion Elite, 2025 г. в., VIN XW8AN2NE3PH000123",
                                                  "Коврики в салон", "КАСКО на год"])
        #expect(deal.lines[2].vatRate == .withoutVAT)
        // 2 400 000 + 2 × 3 050 + 80 000 = 2 486 100 (the stored total_amount 1 is ignored);
        // VAT 432 786,89 + 1 100,00 + 0 = 433 886,89; due 2 486 100 − 500 000; own part − 1 000 000.
        #expect(deal.sheet.total == Money(roubles: 2_486_100))
        #expect(deal.sheet.totalVAT == Money(kopecks: 43_388_689))
        #expect(deal.sheet.amountDue == Money(roubles: 1_986_100))
        #expect(deal.sheet.customerOwnPart == Money(roubles: 986_100))
        #expect(deal.discount == Money(roubles: 100_000))
    }

    @Test func loadsACompanyWithVATOnTheMargin() throws {
        let fixture = try DealDocumentFixture()
        _ = try fixture.deal(number: "MSK-2026-000200", customerID: try fixture.company(),
                             vehicleID: try fixture.vehicle(privateSeller: true), marginVAT: true)
        let deal = try #require(try DealDocumentQuery(connection: fixture.connection).load(number: "MSK-2026-000200"))
        #expect(deal.customer == .company(.init(name: "ООО «Ромашка-Логистик»", inn: "7707083893", kpp: "770701001",
                                                ogrn: "1027700132195", address: "г. Казань, ул. Баумана, д. 1",
                                                contactPerson: "Зайцев Олег Петрович", phone: "+78432000000")))
        #expect(deal.hasMarginVAT)
        // (2 400 000 − 2 000 000) × 22 / 122 = 72 131,15.
        #expect(deal.sheet.vehicleVAT == Money(kopecks: 7_213_115))
        #expect(deal.lines.count == 1)
    }

    @Test func loadsASoleTraderAsOne() throws {
        let fixture = try DealDocumentFixture()
        let trader = try fixture.connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, phone, inn, ogrn, address, updated_by)
            VALUES ('sole_trader', 'Петров Пётр Петрович', '+79161112233', '500100732259', '304500116000157',
                    'г. Москва, ул. Льва Толстого, д. 16', 'test')
            RETURNING id
            """)
        _ = try fixture.deal(number: "MSK-2026-000300", customerID: trader, vehicleID: try fixture.vehicle())
        let deal = try #require(try DealDocumentQuery(connection: fixture.connection).load(number: "MSK-2026-000300"))
        #expect(deal.customer == .soleTrader(.init(fullName: "Петров Пётр Петрович", inn: "500100732259",
                                                   ogrnip: "304500116000157", address: "г. Москва, ул. Льва Толстого, д. 16",
                                                   phone: "+79161112233")))
    }

    @Test func anUnknownNumberIsNil() throws {
        let fixture = try DealDocumentFixture()
        #expect(try DealDocumentQuery(connection: fixture.connection).load(number: "MSK-2026-999999") == nil)
        // A number is a bind parameter, never SQL text.
        #expect(try DealDocumentQuery(connection: fixture.connection).load(number: "x' OR '1'='1") == nil)
    }

    @Test func aDraftWithoutCustomerOrVehicleIsRefusedByName() throws {
        let fixture = try DealDocumentFixture()
        _ = try fixture.deal(number: "MSK-2026-000301", customerID: nil, vehicleID: try fixture.vehicle(), stage: "draft")
        _ = try fixture.deal(number: "MSK-2026-000302", customerID: try fixture.person(), vehicleID: nil, stage: "draft")
        let query = DealDocumentQuery(connection: fixture.connection)
        #expect(throws: DealDocumentError.noCustomer(number: "MSK-2026-000301")) {
            try query.load(number: "MSK-2026-000301")
        }
        #expect(throws: DealDocumentError.noVehicle(number: "MSK-2026-000302")) {
            try query.load(number: "MSK-2026-000302")
        }
    }
}
