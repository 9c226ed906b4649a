import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// Fixed customers and cars for the sales screens.
@MainActor
enum GoldenSales {
    static func person() -> Customer {
        Customer(kind: .person, name: "Смирнова Ольга Павловна", birthDate: CivilDate(year: 1985, month: 4, day: 12),
                 phone: "+79161234567", email: "olga@example.ru", passportSeries: "4508", passportNumber: "123456",
                 passportIssueDate: CivilDate(year: 2015, month: 5, day: 20), passportIssuerCode: "770-001",
                 address: "Москва, ул. Тверская, д. 1, кв. 2", consentGiven: true,
                 consentDate: CivilDate(year: 2026, month: 11, day: 1))
    }

    static func company() -> Customer {
        Customer(kind: .company, name: "ООО «Ромашка»", phone: "+74951234567", inn: "7707083893", kpp: "773601001",
                 ogrn: "1027700132195", address: "Москва, ул. Мира, д. 5", contactPerson: "Орлов Кирилл Андреевич")
    }

    /// The golden stock, the two customers, and one used car bought from a person (margin VAT).
    static func load(_ harness: AppHarness) throws -> (cars: [Vehicle], customers: [Customer]) {
        let msk = try harness.dealershipID("MSK")
        let vehicles = VehicleRepository(connection: harness.connection)
        var cars = try GoldenStock.vehicles(dealershipID: msk).map { try vehicles.insert($0, actor: "seed") }
        var used = GoldenStock.vehicles(dealershipID: msk)[4]
        used.stockNumber = "MSK-000006"
        used.vin = "Z94K241BBRD000106"
        used.boughtFromPrivatePerson = true
        used.purchaseCost = Money(roubles: 1_500_000)
        used.listPrice = Money(roubles: 1_720_000)
        cars.append(try vehicles.insert(used, actor: "seed"))
        let customers = CustomerRepository(connection: harness.connection)
        return (cars, [try customers.insert(person(), actor: "seed"), try customers.insert(company(), actor: "seed")])
    }

    /// Deal numbers carry this year and reservations end a few days from
    /// today: goldens keep the shape, not the date.
    static func stable(_ screen: String) -> String {
        var text = screen
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        text = text.replacingOccurrences(of: "MSK-\(year)-", with: "MSK-YYYY-")
        let dates = try! Regex(#"\d\d\.\d\d\.20\d\d"#)
        text = text.replacing(dates, with: "ДД.ММ.ГГГГ")
        return text
    }
}

@MainActor
@Suite("Sales screens: customers, deals, pickers, totals, stages")
struct SalesScreenTests {
    private func harness(rows: Int = 24, columns: Int = 80, language: Language = .ru) throws -> AppHarness {
        try AppHarness(rows: rows, columns: columns, language: language, login: "ivanova")
    }

    /// Tabs to the field whose label starts its line (or the line inside a dialog's frame).
    private func focus(_ harness: AppHarness, label: String) {
        for _ in 0..<40 {
            if let cursor = harness.surface.cursor {
                let line = harness.surface.line(cursor.row)
                if line.hasPrefix(label) || line.contains("│ " + label) { return }
            }
            harness.press(.tab)
        }
        Issue.record("no field labelled \(label)")
    }

    private func command(_ harness: AppHarness, _ text: String) {
        harness.press(.alt("x"))
        harness.type(text)
        harness.press(.enter)
    }

    private func draft(_ harness: AppHarness, car: Vehicle, customer: Customer, lines: [DealExtraLine] = []) throws -> Deal {
        try DealRepository(connection: harness.connection).create(
            Deal(dealershipID: car.dealershipID, managerLogin: "ivanova", customerID: customer.id, vehicleID: car.id,
                 listPrice: car.listPrice, salePrice: car.listPrice, lines: lines), actor: "ivanova")
    }

    @Test("golden: the deals list at 80×24 in Russian and 160×48 in English")
    func dealsListGolden() throws {
        for (rows, columns, language, golden) in [(24, 80, Language.ru, "deals-80x24-ru"), (48, 160, .en, "deals-160x48-en")] {
            let harness = try harness(rows: rows, columns: columns, language: language)
            defer { harness.shutdown() }
            let (cars, customers) = try GoldenSales.load(harness)
            _ = try draft(harness, car: cars[0], customer: customers[0])
            let reserved = try draft(harness, car: cars[1], customer: customers[1])
            _ = try DealRepository(connection: harness.connection)
                .perform(.reserve, dealID: reserved.id, expectedVersion: reserved.version, actor: "ivanova")
            command(harness, "deals")
            expectScreen(GoldenSales.stable(harness.screen), golden: golden)
        }
    }

    @Test("golden: the deal form with a line, margin VAT and totals at 80×24 and 120×40")
    func dealFormGolden() throws {
        for (rows, columns, language, golden) in [(24, 80, Language.ru, "deal-form-80x24-ru"), (40, 120, .en, "deal-form-120x40-en")] {
            let harness = try harness(rows: rows, columns: columns, language: language)
            defer { harness.shutdown() }
            let (cars, customers) = try GoldenSales.load(harness)
            let deal = try draft(harness, car: cars[5], customer: customers[0], lines: [
                DealExtraLine(kind: .accessory, description: "Коврики в салон", quantity: 2, unitPrice: Money(roubles: 3_050)),
            ])
            command(harness, "deal \(deal.number)")
            expectScreen(GoldenSales.stable(harness.screen), golden: golden)
            // Margin 220 000 × 22/122 = 39 672,13.
            #expect(harness.screen.contains(language == .ru ? "НДС с разницы" : "VAT on margin"))
        }
    }

    @Test("a discount above the list price: the totals panel names it, and no figure of the previous keystroke stays")
    func discountAboveListPrice() throws {
        let harness = try harness()
        defer { harness.shutdown() }
        let (cars, customers) = try GoldenSales.load(harness)
        let deal = try draft(harness, car: cars[5], customer: customers[0])
        command(harness, "deal \(deal.number)")
        focus(harness, label: "Скидка")
        harness.type("250000")
        // 1 720 000 − 250 000: the panel follows each key.
        #expect(harness.screen.contains("К оплате 1\u{00A0}470\u{00A0}000"))
        harness.type("0")   // 2 500 000 > 1 720 000
        let screen = harness.screen
        #expect(!screen.contains("470\u{00A0}000") && !screen.contains("1 470 000"))
        #expect(screen.contains("Итоги не посчитаны"))
        #expect(screen.contains("Скидка: больше цены по прайсу"))
        expectScreen(GoldenSales.stable(screen), golden: "deal-form-discount-80x24-ru")
        // Back below the list price: the figures come back as typed.
        harness.press(.backspace)
        #expect(harness.screen.contains("К оплате 1\u{00A0}470\u{00A0}000"))
        #expect(!harness.screen.contains("Итоги не посчитаны"))
    }

    @Test("the deal's profit uses the car's landed cost; its margin VAT keeps the purchase price")
    func profitFromLandedCostVATFromPurchase() throws {
        let harness = try harness()
        defer { harness.shutdown() }
        let (cars, customers) = try GoldenSales.load(harness)
        // Freight and reconditioning on the car bought from a person for 1 500 000 ₽.
        let ledger = CostLedgerRepository(connection: harness.connection)
        try ledger.addManual(vehicleID: cars[5].id, kind: .freight, amount: try Money.parse("33 333,33"), note: "рейс", actor: "kozlov")
        try ledger.addManual(vehicleID: cars[5].id, kind: .reconditioning, amount: Money(roubles: 12_500), note: "полировка", actor: "kozlov")
        let deal = try draft(harness, car: cars[5], customer: customers[0])
        command(harness, "deal \(deal.number)")
        let screen = harness.screen
        // VAT on the margin 1 720 000 − 1 500 000: 220 000 × 22/122 = 39 672,13, as without the costs.
        #expect(screen.contains("НДС с разницы 39\u{00A0}672,13\u{00A0}₽"), "\(screen)")
        // Profit: 1 720 000 − 39 672,13 − 1 545 833,33 = 134 494,54.
        #expect(screen.contains("Себестоимость авто 1\u{00A0}545\u{00A0}833,33\u{00A0}₽ · Прибыль с авто без НДС 134\u{00A0}494,54\u{00A0}₽"),
                "\(screen)")
    }

    @Test("golden: the customers list and a company's card")
    func customersGolden() throws {
        let harness = try harness()
        defer { harness.shutdown() }
        _ = try GoldenSales.load(harness)
        command(harness, "customers")
        expectScreen(harness.screen, golden: "customers-80x24-ru")
        harness.press(.control("n"))
        harness.press(.escape)
        harness.app.run("list.filter")
        harness.type("ромаш")
        harness.press(.enter)
        expectScreen(harness.screen, golden: "customer-company-80x24-ru")
    }

    @Test("Enter typed in a lookup picker before its rows arrive takes the first of them once they do")
    func enterBeforeRowsArrive() throws {
        let harness = try harness(rows: 30, columns: 100)
        defer { harness.shutdown() }
        _ = try GoldenSales.load(harness)
        command(harness, "deal new")
        // A fast typist: the name and Enter, without waiting for the picker's query.
        for character in "Смирнова" { harness.app.handleKey(.character(character)) }
        harness.app.handleKey(.enter)
        harness.settle()
        #expect(!harness.screen.contains("Поиск:"), "the picker closed once its rows came")
        #expect(harness.screen.contains("Смирнова Ольга Павловна"))
    }

    @Test("a new deal: customer created from the picker, a car from stock, an accessory, saved and reserved")
    func newDealFromPicker() throws {
        let harness = try harness(rows: 30, columns: 100)
        defer { harness.shutdown() }
        let (cars, _) = try GoldenSales.load(harness)
        command(harness, "deal new")
        #expect(harness.screen.contains("Сделка · новая"))
        // Typing on the customer field opens the picker with that text.
        harness.type("Кузн")
        #expect(harness.screen.contains("Поиск: Кузн"))
        #expect(harness.screen.contains("Ничего не найдено"))
        harness.type("ецов Иван Ильич")
        harness.press(.insert)
        #expect(harness.screen.contains("Клиент · новый"))
        focus(harness, label: "Телефон")
        harness.type("8 903 555-00-11")
        harness.press(.function(2))
        #expect(harness.screen.contains("Кузнецов Иван Ильич · +79035550011"))
        // The vehicle picker shows only cars a deal may take.
        harness.press(.enter)
        harness.type("creta")
        #expect(harness.screen.contains("Z94K241BBRD000105"))
        harness.press(.enter)
        #expect(harness.screen.contains("Hyundai Creta · Z94K241BBRD000105"))
        // A discount moves the sale price and the totals as it is typed.
        harness.type("19999,99")
        #expect(harness.screen.contains("1\u{00A0}979\u{00A0}999,01"))
        focus(harness, label: "Причина скидки")
        harness.press(.character(" "))
        harness.press(.function(3))
        #expect(harness.screen.contains("Новая строка: Доп. позиции"))
        focus(harness, label: "Описание")
        harness.type("Фаркоп")
        focus(harness, label: "Цена за ед.")
        harness.type("15000")
        harness.press(.function(2))
        #expect(harness.screen.contains("Фаркоп"))
        harness.press(.escape)
        harness.press(.function(2))
        #expect(harness.screen.contains("Сохранено: сделка MSK-"))
        let stored = try #require(try DealRepository(connection: harness.connection).list(DealFilter()).first)
        #expect(stored.stage == .draft)
        #expect(stored.totalAmount == Money(kopecks: 199_499_901))
        // F9 → reserve.
        harness.press(.function(9))
        #expect(harness.screen.contains("Зарезервировать"))
        harness.press(.enter)
        #expect(harness.screen.contains("резерв до"))
        let status = try harness.connection.fetchOne(String.self, "SELECT status FROM vehicles WHERE id = \(cars[4].id)")
        #expect(status == "reserved")
    }

    @Test("contract refused for missing customer data: the box lists what is missing; nothing changes")
    func contractRefusal() throws {
        let harness = try harness(rows: 30, columns: 100)
        defer { harness.shutdown() }
        let (cars, _) = try GoldenSales.load(harness)
        let thin = try CustomerRepository(connection: harness.connection)
            .insert(Customer(kind: .person, name: "Орлов Кирилл", phone: "+79260000000"), actor: "seed")
        let deal = try draft(harness, car: cars[0], customer: thin)
        _ = try DealRepository(connection: harness.connection).perform(.reserve, dealID: deal.id, expectedVersion: deal.version,
                                                                      actor: "ivanova")
        command(harness, "deal \(deal.number)")
        harness.press(.function(9))
        harness.press(.enter)   // the first offer: contract (no renewal of a live reservation)
        #expect(harness.screen.contains("Нельзя заключить договор"))
        #expect(harness.screen.contains("паспорт"))
        let stage = try harness.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(deal.id)")
        #expect(stage == "reserved")
    }

    @Test("contract refused by the database's check gate: the box names the check; once passed, F9 contracts")
    func contractRefusedByTheChecks() throws {
        let harness = try harness(rows: 30, columns: 100)
        defer { harness.shutdown() }
        let (cars, customers) = try GoldenSales.load(harness)
        var complete = customers[0]
        complete.birthDate = CivilDate(year: 1985, month: 4, day: 12)
        complete.passportSeries = "4508"; complete.passportNumber = "123456"
        complete.passportIssueDate = CivilDate(year: 2015, month: 5, day: 20); complete.passportIssuerCode = "770-001"
        complete.phone = "+79161234567"; complete.address = "Москва, ул. Тверская, д. 1"
        complete.consentGiven = true; complete.consentDate = CivilDate(year: 2026, month: 1, day: 10)
        complete.id = 0
        let customer = try CustomerRepository(connection: harness.connection).insert(complete, actor: "seed")
        let deal = try draft(harness, car: cars[1], customer: customer)
        _ = try DealRepository(connection: harness.connection).perform(.reserve, dealID: deal.id, expectedVersion: deal.version,
                                                                      actor: "ivanova")
        command(harness, "deal \(deal.number)")
        harness.press(.function(9))
        harness.press(.enter)
        #expect(harness.screen.contains("Нельзя заключить договор"), "\(harness.screen)")
        #expect(harness.screen.contains("не проводилась"), "\(harness.screen)")
        #expect(try harness.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(deal.id)") == "reserved")
        // kited's results arrive: the same keys contract it.
        try harness.connection.execute("""
            INSERT INTO check_results (subject_kind, subject_id, vin, check_name, status, provider)
            SELECT s.subject, CASE s.subject WHEN 'vehicle' THEN d.vehicle_id ELSE d.customer_id END, NULL, b.name, 'passed', 'test'
              FROM deals d JOIN dealerships dl ON dl.id = d.dealership_id JOIN customers c ON c.id = d.customer_id
              CROSS JOIN LATERAL unnest(dl.blocking_checks) AS b(name)
              CROSS JOIN LATERAL (SELECT kite_check_subject(b.name, c.kind) AS subject) s
             WHERE d.id = \(deal.id) AND s.subject IS NOT NULL
            """)
        harness.press(.escape)
        harness.press(.function(9))
        harness.press(.enter)
        #expect(try harness.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(deal.id)") == "contracted",
                "\(harness.screen)")
    }

    @Test("a customer card with a bad INN names the field and rule, keeps the text and saves nothing")
    func customerBadINN() throws {
        let harness = try harness()
        defer { harness.shutdown() }
        command(harness, "customer Петров Пётр")
        focus(harness, label: "ИНН")
        harness.type("7707083890")
        harness.press(.function(2))
        #expect(harness.screen.contains("ИНН"))
        #expect(harness.screen.contains("7707083890"))
        #expect(harness.screen.contains("Не сохранено"))
        #expect(try harness.connection.fetchOne(Int.self, "SELECT count(*)::int FROM customers") == 0)
    }

    @Test("a sole trader (ИП) is entered on the card: 12-digit INN, 15-digit ОГРНИП, no KPP, no passport")
    func soleTraderCard() throws {
        let harness = try harness(rows: 30, columns: 100)
        defer { harness.shutdown() }
        command(harness, "customer Петров Пётр Петрович")
        focus(harness, label: "Тип")
        harness.press(.character(" "), .character(" "))
        #expect(harness.screen.contains("‹ ИП ›") || harness.screen.contains("ИП"))
        #expect(harness.screen.contains("ОГРН / ОГРНИП"))
        #expect(!harness.screen.contains("КПП"))
        #expect(!harness.screen.contains("Серия"))
        focus(harness, label: "ИНН")
        harness.type("500100732259")
        focus(harness, label: "ОГРН / ОГРНИП")
        harness.type("1027700132195")  // a company's OGRN: refused, named with its rule
        harness.press(.function(2))
        #expect(harness.screen.contains("ОГРНИП: нужно 15 цифр"))
        #expect(try harness.connection.fetchOne(Int.self, "SELECT count(*)::int FROM customers") == 0)
        focus(harness, label: "ОГРН / ОГРНИП")
        harness.press(.control("u"))
        harness.type("304500116000157")
        harness.press(.function(2))
        let stored = try harness.connection.fetchOne(String.self, "SELECT kind || ' ' || inn || ' ' || ogrn FROM customers")
        #expect(stored == "sole_trader 500100732259 304500116000157")
    }

    @Test("saving a customer with a known passport asks; choosing the existing one saves nothing new")
    func duplicateCustomer() throws {
        let harness = try harness(rows: 30, columns: 100)
        defer { harness.shutdown() }
        _ = try GoldenSales.load(harness)
        command(harness, "customer Смирнова О. П.")
        focus(harness, label: "Серия")
        harness.type("4508")
        focus(harness, label: "Номер")
        harness.type("123456")
        focus(harness, label: "Дата выдачи")
        harness.type("20.05.2015")
        focus(harness, label: "Код подразделения")
        harness.type("770-001")
        harness.press(.function(2))
        #expect(harness.screen.contains("Похожие клиенты уже есть"))
        #expect(harness.screen.contains("Смирнова Ольга Павловна — тот же паспорт"))
        harness.press(.enter)
        #expect(try harness.connection.fetchOne(Int.self, "SELECT count(*)::int FROM customers") == 2)
        #expect(harness.screen.contains("Клиент · Смирнова Ольга Павловна"))
    }

    @Test("«Это он» with more typed than the existing customer has: asked, and the typed fields carried to their card")
    func duplicateCustomerCarriesTheTypedFields() throws {
        let harness = try harness(rows: 30, columns: 100)
        defer { harness.shutdown() }
        _ = try GoldenSales.load(harness)
        command(harness, "customer Смирнова О. П.")
        focus(harness, label: "E-mail")
        harness.type("olga.new@example.ru")
        focus(harness, label: "Серия")
        harness.type("4508")
        focus(harness, label: "Номер")
        harness.type("123456")
        focus(harness, label: "Дата выдачи")
        harness.type("20.05.2015")
        focus(harness, label: "Код подразделения")
        harness.type("770-001")
        harness.press(.function(2))
        #expect(harness.screen.contains("Смирнова Ольга Павловна — тот же паспорт"))
        harness.press(.enter)
        #expect(harness.screen.contains("Перенести в его карточку: E-mail"), "\(harness.screen)")
        harness.press(.enter)
        #expect(harness.screen.contains("Клиент · Смирнова Ольга Павловна"), "\(harness.screen)")
        #expect(harness.screen.contains("olga.new@example.ru"), "\(harness.screen)")
        // Not saved behind the operator's back; F2 saves it onto the existing customer.
        #expect(try harness.connection.fetchOne(String.self, "SELECT email FROM customers WHERE passport_number = '123456'") == "olga@example.ru")
        harness.press(.function(2))
        if harness.screen.contains("нажмите F2 ещё раз") { harness.press(.function(2)) }
        #expect(try harness.connection.fetchOne(String.self, "SELECT email FROM customers WHERE passport_number = '123456'") == "olga.new@example.ru")
        #expect(try harness.connection.fetchOne(Int.self, "SELECT count(*)::int FROM customers") == 2)
    }

    @Test("a customer with the phone of another dealership's customer: the card says where and on what, never who")
    func duplicateInAnotherDealership() throws {
        let harness = try AppHarness(rows: 30, columns: 100, login: "sidorova", asDatabaseLogin: true)
        defer { harness.shutdown() }
        let spb = try harness.dealershipID("SPB")
        try harness.connection.execute("""
            INSERT INTO customers (kind, name, phone, dealership_id, updated_by)
            VALUES ('person', 'Зайцева Алла Петровна', '+79035550011', \(spb), 'test')
            """)
        command(harness, "customer Новикова Н. Н.")
        focus(harness, label: "Телефон")
        harness.type("+79035550011")
        harness.press(.function(2))
        #expect(harness.screen.contains("Похожие клиенты уже есть"))
        #expect(harness.screen.contains("Клиент ДЦ SPB — тот же телефон"))
        #expect(!harness.screen.contains("Зайцева"))
        // Only "save as a separate customer" can be taken: she is saved in her own dealership.
        harness.press(.enter)
        #expect(try harness.connection.fetchOne(Int.self,
            "SELECT count(*)::int FROM customers WHERE phone = '+79035550011' AND dealership_id <> \(spb)") == 1)
    }

    @Test("a long customers list reads the next 500 when the selection reaches the end; a new filter starts over")
    func customersListReadsMoreAtTheEnd() throws {
        let harness = try harness()
        defer { harness.shutdown() }
        let people = (0..<1_200).map { index in
            Customer(kind: .person, name: String(format: "Клиентов Тест %04d", index), phone: String(format: "+7916%07d", index))
        }
        _ = try CustomerRepository(connection: harness.connection).copyIn(people)
        command(harness, "customers")
        #expect(harness.screen.contains("Найдено: ≥ 500"))
        harness.press(.end)
        #expect(harness.screen.contains("Найдено: ≥ 1\u{00A0}000") || harness.screen.contains("Найдено: ≥ 1 000"), "\(harness.screen)")
        #expect(harness.screen.contains("Клиентов Тест 0499"))   // the selection stayed where it was
        harness.press(.end)
        #expect(harness.screen.contains("Найдено: 1\u{00A0}200") || harness.screen.contains("Найдено: 1 200"), "\(harness.screen)")
        harness.press(.end)
        #expect(harness.screen.contains("Клиентов Тест 1199"))
        harness.app.run("list.filter")
        harness.type("Клиентов")
        #expect(harness.screen.contains("Найдено: ≥ 500"))
    }

    @Test("a deal form opening under another form's reload still opens, and the keys typed meanwhile reach it")
    func anotherCardsReadDoesNotCancelThisOne() throws {
        let harness = try harness()
        defer { harness.shutdown() }
        let (cars, customers) = try GoldenSales.load(harness)
        let first = try draft(harness, car: cars[0], customer: customers[0])
        let second = try draft(harness, car: cars[1], customer: customers[1])
        command(harness, "deal \(first.number)")
        // Open the second deal and, before its read is back, the first one reloads (a NOTIFY, F5).
        harness.press(.alt("x"))
        harness.type("deal \(second.number)")
        harness.app.handleKey(.enter)
        harness.app.handleKey(.function(11))   // typed ahead: print, on the second deal
        _ = harness.app.stack[harness.app.stack.count - 2].perform("form.reload")
        harness.settle()
        harness.settle()
        #expect(harness.app.stack.last?.isOpening == false)
        #expect(harness.screen.contains(second.number))
        #expect(harness.screen.contains("Договор купли-продажи"), "the typed-ahead F11 opened the print menu: \(harness.screen)")
    }

    @Test("the deals list filters: mine, stage, and text")
    func dealsListFilters() throws {
        let harness = try harness()
        defer { harness.shutdown() }
        let (cars, customers) = try GoldenSales.load(harness)
        let mine = try draft(harness, car: cars[0], customer: customers[0])
        _ = try DealRepository(connection: harness.connection).create(
            Deal(dealershipID: cars[1].dealershipID, managerLogin: "petrov", customerID: customers[1].id,
                 vehicleID: cars[1].id, listPrice: cars[1].listPrice, salePrice: cars[1].listPrice), actor: "petrov")
        command(harness, "deals")
        #expect(harness.screen.contains("Найдено: 2"))
        harness.press(.character("m"))
        #expect(harness.screen.contains("Найдено: 1"))
        #expect(harness.screen.contains(mine.number))
        harness.press(.character("m"))
        harness.app.run("list.filter")
        harness.type("ромаш")
        #expect(harness.screen.contains("Найдено: 1"))
        #expect(harness.screen.contains("ООО «Ромашка»"))
    }

    @Test("an expired reservation releases the car, and the manager is told once, on the next start")
    func expiredReservationNotice() throws {
        let first = try harness(rows: 30, columns: 100)
        let (cars, customers) = try GoldenSales.load(first)
        let deal = try draft(first, car: cars[0], customer: customers[0])
        _ = try DealRepository(connection: first.connection).perform(.reserve, dealID: deal.id, expectedVersion: deal.version,
                                                                    actor: "ivanova")
        try first.connection.execute("UPDATE deals SET reserved_until = current_date - 1 WHERE id = \(deal.id)")
        let expired = try ReservationExpiry.run(on: first.connection)
        #expect(expired.count == 1)
        #expect(try first.connection.fetchOne(String.self, "SELECT status FROM vehicles WHERE id = \(cars[0].id)") == "in_stock")
        #expect(try first.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(deal.id)") == "draft")
        // The manager opens kite: the notice is on screen.
        first.app.showNotices()
        first.settle()
        #expect(first.screen.contains("Для вас"))
        #expect(first.screen.contains(deal.number))
        first.press(.enter)
        // Shown once.
        first.app.showNotices()
        first.settle()
        #expect(!first.screen.contains("Для вас"))
        first.shutdown()
    }
}
