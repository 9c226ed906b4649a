import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Issue 11, the rules that were the program's alone: the contract gate and the discount
/// limit (migration 0041), a car's status and kited's expiry of reservations (0041, 0042),
/// the trips' visibility function (0042). Each as psql would do it, with a person's login,
/// and through the program, which says the database's refusal.
@Suite("Rules the database now holds (issue 11)")
struct DatabaseGateTests {
    /// A reserved deal of a manager's login, its car reserved, the customer complete; no check has run.
    static func reservedDeal(_ f: SalesFixture, number: Int, customer: Customer = SalesFixture.completePerson())
        throws -> (deal: Deal, car: Vehicle, customer: Customer) {
        let car = try f.vehicleInStock(number)
        var customer = customer
        customer.dealershipID = f.stock.dealership.id
        let stored = try f.customers.insert(customer, actor: "ivanov")
        let draft = try f.draft(vehicle: car, customer: stored)
        let deal = try f.deals.perform(.reserve, dealID: draft.id, expectedVersion: draft.version, actor: "ivanov")
        return (deal, car, stored)
    }

    static func login(_ f: SalesFixture, _ role: Role, senior: Bool = false) throws -> (login: String, connection: PGConnection) {
        let login = "g\(getpid())_\(role.rawValue)_\(UInt32.random(in: 0...UInt32.max))"
        try AccessRepository(connection: f.connection).addUser(login: login, fullName: "Тест \(role.label.ru)", role: role,
                                                               dealerships: [f.stock.dealership.code], senior: senior)
        return (login, try PGConnection(f.conninfo + " user=\(login)"))
    }

    @Test func aManagersLoginCannotContractPastTheGateFromPsqlNorThroughTheProgram() throws {
        let f = try SalesFixture()
        let (deal, car, customer) = try Self.reservedDeal(f, number: 21)
        let (_, manager) = try Self.login(f, .manager)
        // psql: the command itself refuses while no blocking check has a result…
        let missing = #expect(throws: DatabaseError.self) {
            try manager.execute("SELECT kite_deal_move(\(deal.id), 'contracted')")
        }
        #expect(missing?.constraint == "deal_checks_block")
        // …and the program says it in the person's words, naming each check and whose it is.
        let said = #expect(throws: StateCommandRefusal.self) {
            try DealRepository(connection: manager).perform(.contract, dealID: deal.id, expectedVersion: deal.version, actor: "x")
        }
        #expect(said?.localizedReason.ru.hasPrefix(
            "Нельзя заключить договор: Проверка «VIN и контрольная цифра» для автомобиля \(car.stockNumber) (VIN \(car.vin)) не проводилась; ") == true)
        #expect(said?.localizedReason.en.contains("has no result for customer '\(customer.name)'") == true)
        // A failed pledge blocks it too.
        try f.connection.passContractChecks(dealID: deal.id)
        try CheckResultRepository(connection: f.connection).record(
            [NewCheckResult(checkName: "pledge", status: .failed, details: "залог: банк")], subject: .vehicle, subjectID: car.id, vin: car.vin)
        let failed = #expect(throws: StateCommandRefusal.self) {
            try DealRepository(connection: manager).perform(.contract, dealID: deal.id, expectedVersion: deal.version, actor: "x")
        }
        #expect(failed?.localizedReason.ru
                == "Нельзя заключить договор: Проверка «Реестр залогов» не пройдена для автомобиля \(car.stockNumber) (VIN \(car.vin)): залог: банк")
        try CheckResultRepository(connection: f.connection).record(
            [NewCheckResult(checkName: "pledge", status: .passed)], subject: .vehicle, subjectID: car.id, vin: car.vin)
        // The customer's data: a passport taken off the card is named.
        try f.connection.execute("""
            UPDATE customers SET passport_number = '', address = '' WHERE id = \(customer.id)
            """)
        let thin = #expect(throws: DatabaseError.self) {
            try manager.execute("SELECT kite_deal_move(\(deal.id), 'contracted')")
        }
        #expect(thin?.constraint == "deal_customer_incomplete")
        let thinSaid = #expect(throws: StateCommandRefusal.self) {
            try DealRepository(connection: manager).perform(.contract, dealID: deal.id, expectedVersion: deal.version, actor: "x")
        }
        #expect(thinSaid?.localizedReason.ru == "Нельзя заключить договор: не заполнены данные клиента (паспорт, адрес)")
        #expect(thinSaid?.localizedReason.en == "Cannot sign the contract: the customer's data is incomplete (passport, address)")
        #expect(try f.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(deal.id)") == "reserved")
        #expect(try f.connection.fetchOne(String.self, "SELECT status FROM vehicles WHERE id = \(car.id)") == "reserved")
        // Complete and checked: the same login contracts it from psql.
        try f.connection.execute("""
            UPDATE customers SET passport_number = '123456', address = 'Москва, ул. Тверская, д. 1' WHERE id = \(customer.id)
            """)
        try manager.execute("SELECT kite_deal_move(\(deal.id), 'contracted')")
        #expect(try f.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(deal.id)") == "contracted")
        #expect(try f.connection.fetchOne(String.self, "SELECT status FROM vehicles WHERE id = \(car.id)") == "sold")
    }

    /// The owner (the demo's superuser, fixtures) is bound by the command's gate as well.
    @Test func theOwnerPassesTheSameGate() throws {
        let f = try SalesFixture()
        let (deal, _, _) = try Self.reservedDeal(f, number: 22)
        let refused = #expect(throws: DatabaseError.self) {
            try f.connection.execute("SELECT kite_deal_move(\(deal.id), 'contracted')")
        }
        #expect(refused?.constraint == "deal_checks_block")
        #expect(try f.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(deal.id)") == "reserved")
    }

    /// The database's list of what a contract needs is the domain's, field for field.
    @Test func theDatabasesCustomerGapsAreTheDomains() throws {
        let f = try SalesFixture()
        var people: [Customer] = [
            SalesFixture.completePerson(),
            Customer(kind: .person, name: "Только Имя"),
            Customer(kind: .company, name: "ООО Ромашка"),
            Customer(kind: .company, name: "ООО Лютик", inn: "7707083893", kpp: "770701001", ogrn: "1027700132195",
                     address: "Москва", contactPerson: "Иванов"),
            Customer(kind: .soleTrader, name: "ИП Петров", inn: "500100732259"),
            Customer(kind: .soleTrader, name: "ИП Сидоров", inn: "500100732259", ogrn: "304500116000157", address: "Химки"),
        ]
        var noConsent = SalesFixture.completePerson("Без Согласия")
        noConsent.consentGiven = false
        noConsent.consentDate = nil
        people.append(noConsent)
        for person in people {
            let stored = try f.customers.insert(person, actor: "x")
            let database = try f.connection.fetchOne(String.self, """
                SELECT array_to_string(kite_customer_contract_gaps(c), ',') FROM customers c WHERE c.id = \(stored.id)
                """) ?? "?"
            let domain = stored.missingForContract().map(\.field).joined(separator: ",")
            #expect(database == domain, "\(person.name): the database says [\(database)], the domain [\(domain)]")
            let labels = CustomerDataGap.contractLabels(database.split(separator: ",").map(String.init), kind: stored.kind)
            #expect(labels == stored.missingForContract().map(\.label))
        }
    }

    @Test func approvingADiscountWithinTheLimitIsRefused() throws {
        let f = try SalesFixture()
        let car = try f.vehicleInStock(23, price: Money(roubles: 1_000_000))
        let customer = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        var deal = try f.draft(vehicle: car, customer: customer)
        deal.discountAmount = Money(roubles: 20_000)
        deal.discountReason = "promo"
        deal.salePrice = Money(roubles: 980_000)
        deal = try f.deals.update(deal, actor: "ivanov")
        let (_, senior) = try Self.login(f, .manager, senior: true)
        let psql = #expect(throws: DatabaseError.self) { try senior.execute("SELECT kite_deal_approve_discount(\(deal.id))") }
        #expect(psql?.constraint == "deal_discount_within_limit")
        let said = #expect(throws: StateCommandRefusal.self) {
            try DealRepository(connection: senior).approveDiscount(dealID: deal.id, expectedVersion: deal.version, approver: "boss")
        }
        #expect(said?.localizedReason.ru == "Скидка 20\u{00A0}000\u{00A0}₽ в пределах лимита 50\u{00A0}000\u{00A0}₽: согласование не нужно")
        #expect(try f.connection.fetchOne(Bool.self, "SELECT discount_approved_by IS NULL FROM deals WHERE id = \(deal.id)") == true)
    }

    @Test func aCarsStatusChangesByHandOnlyThroughTheCommand() throws {
        let f = try SalesFixture()
        let car = try f.vehicleInStock(24)
        let (login, op) = try Self.login(f, .operator)
        let vehicles = VehicleRepository(connection: op)
        // psql: no UPDATE of the column, whatever the value.
        let direct = #expect(throws: DatabaseError.self) {
            try op.execute("UPDATE vehicles SET status = 'in_preparation' WHERE id = \(car.id)")
        }
        #expect(direct?.sqlstate == "42501")
        // The stock screen's command: in stock ⇄ in preparation, by the login.
        let prepared = try vehicles.changeStatus(id: car.id, to: .inPreparation, expectedVersion: car.version, actor: "x")
        #expect(prepared.status == .inPreparation && prepared.updatedBy == login)
        let back = try vehicles.changeStatus(id: car.id, to: .inStock, expectedVersion: prepared.version, actor: "x")
        #expect(back.status == .inStock)
        // What a deal owns is refused, in the person's words.
        let sold = #expect(throws: StateCommandRefusal.self) {
            try vehicles.changeStatus(id: car.id, to: .sold, expectedVersion: back.version, actor: "x")
        }
        #expect(sold?.localizedReason.ru
                == "Резерв, продажа и выдача идут через сделку: автомобиль \(car.stockNumber) не переводится в «продан» вручную")
        let ordered = #expect(throws: StateCommandRefusal.self) {
            try vehicles.changeStatus(id: car.id, to: .ordered, expectedVersion: back.version, actor: "x")
        }
        #expect(ordered?.localizedReason.en == "Vehicle \(car.stockNumber) cannot be changed by hand from 'in stock' to 'ordered'")
        // The card still saves every other field (its UPDATE leaves the status out).
        var edited = back
        edited.colour = "Синий"
        edited.status = .writtenOff
        let saved = try vehicles.update(edited, actor: "x")
        #expect(saved.colour == "Синий" && saved.status == .inStock)
        // A new car is not entered as sold; as ordered it is.
        var fresh = f.stock.vehicle(25)
        fresh.status = .sold
        let enteredSold = #expect(throws: DatabaseError.self) { try vehicles.insert(fresh, actor: "x") }
        #expect(enteredSold?.constraint == "vehicle_status_deal")
        fresh.status = .ordered
        #expect(try vehicles.insert(fresh, actor: "x").status == .ordered)
        // A finance login has no business with a car's status.
        let (_, finance) = try Self.login(f, .finance)
        let notStock = #expect(throws: DatabaseError.self) {
            try finance.execute("SELECT kite_vehicle_set_status(\(car.id), 'in_preparation')")
        }
        #expect(notStock?.sqlstate == "42501")
        #expect(try f.connection.fetchOne(String.self, "SELECT status FROM vehicles WHERE id = \(car.id)") == "in_stock")
    }

    @Test func kitedExpiresReservationsThroughItsCommandOnly() throws {
        let f = try SalesFixture()
        let (deal, car, _) = try Self.reservedDeal(f, number: 26)
        try f.connection.execute("UPDATE deals SET reserved_until = current_date - 1 WHERE id = \(deal.id)")
        let kited = "k\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        try f.connection.execute("CREATE ROLE \(identifier: kited) LOGIN IN ROLE kite_kited")
        let daemon = try PGConnection(f.conninfo + " user=\(kited)")
        #expect(throws: DatabaseError.self) { try daemon.execute("UPDATE deals SET stage = 'draft' WHERE id = \(deal.id)") }
        #expect(throws: DatabaseError.self) { try daemon.execute("UPDATE vehicles SET status = 'in_stock' WHERE id = \(car.id)") }
        let expired = try ReservationExpiry.run(on: daemon)
        #expect(expired.map(\.dealId) == [deal.id])
        #expect(expired.first?.managerLogin == "ivanov")
        #expect(try f.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(deal.id)") == "draft")
        #expect(try f.connection.fetchOne(String.self, "SELECT status FROM vehicles WHERE id = \(car.id)") == "in_stock")
        #expect(try f.connection.fetchOne(String.self, "SELECT updated_by FROM deals WHERE id = \(deal.id)") == "kited")
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM user_notices WHERE login = 'ivanov'") == 1)
        // A person may not run it.
        let (_, manager) = try Self.login(f, .manager)
        let refused = #expect(throws: DatabaseError.self) { try manager.execute("SELECT * FROM kite_reservations_expire()") }
        #expect(refused?.sqlstate == "42501")
    }

    /// kite_trip_visible answers for the trips' policies: staff and kited may call it (the
    /// policies run as the reader), a login in no group role may not.
    @Test func theTripVisibilityFunctionIsForStaffAndKited() throws {
        let f = try SalesFixture()
        let stranger = "s\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        try f.connection.execute("CREATE ROLE \(identifier: stranger) LOGIN")
        let nobody = try PGConnection(f.conninfo + " user=\(stranger)")
        let visible = #expect(throws: DatabaseError.self) { try nobody.execute("SELECT kite_trip_visible(1)") }
        #expect(visible?.sqlstate == "42501")
        let reaching = #expect(throws: DatabaseError.self) { try nobody.execute("SELECT * FROM kite_trips_reaching_me()") }
        #expect(reaching?.sqlstate == "42501")
        let kited = "k\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        try f.connection.execute("CREATE ROLE \(identifier: kited) LOGIN IN ROLE kite_kited")
        var readers = [try PGConnection(f.conninfo + " user=\(kited)")]
        for role in [Role.operator, .logistics, .finance, .appraiser] { readers.append(try Self.login(f, role).connection) }
        for reader in readers {
            // Each table whose read policy calls the functions.
            for table in ["trips", "trip_stops", "trip_vehicles", "inspections", "claims"] {
                #expect(try reader.fetchOne(Int.self, "SELECT count(*)::int FROM \(identifier: table)") == 0)
            }
        }
    }
}
