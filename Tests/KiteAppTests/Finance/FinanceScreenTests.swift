import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// Deals made with plain SQL for the finance screens (the deal screens are another module's).
@MainActor
enum FinanceAppData {
    static var today: CivilDate { BookDay.today() }

    @discardableResult
    static func deal(_ harness: AppHarness, number: Int, due: Money, customer: String, manager: String = "ivanova",
                     contractedDaysAgo: Int = 3) throws -> Int64 {
        let dealership = try harness.dealershipID("MSK")
        let customerID = try harness.connection.fetchOne(Int64.self,
            "INSERT INTO customers (kind, name, updated_by) VALUES ('person', \(customer), 'test') RETURNING id")!
        let vehicle = try VehicleRepository(connection: harness.connection).insert(Vehicle(
            stockNumber: String(format: "MSK-P%05d", number), vin: "XW8P" + String(format: "%013d", number),
            make: "Haval", model: "Jolion", year: 2026, condition: .new, status: .reserved, vehicleType: "car",
            dealershipID: dealership, listPrice: due), actor: "test")
        let contracted = today.adding(days: -contractedDaysAgo).isoText + " 12:00:00+03"
        return try harness.connection.fetchOne(Int64.self, """
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, vehicle_id, stage, list_price, sale_price,
                total_amount, amount_due, customer_part, contracted_at, updated_by)
            VALUES (\(String(format: "MSK-2026-%06d", number)), \(dealership), \(manager), \(customerID), \(vehicle.id),
                'contracted', \(due), \(due), \(due), \(due), \(due), \(contracted)::timestamptz, 'test')
            RETURNING id
            """)!
    }

    static func payment(_ harness: AppHarness, _ kind: PaymentKind, _ method: PaymentMethod, _ amount: String,
                        deal: Int64?, counterparty: String = "", confirm: Bool = true, dealership: String = "MSK",
                        date: CivilDate = today) throws -> Payment {
        let repository = PaymentRepository(connection: harness.connection)
        let payment = try repository.insert(PaymentDraft(dealershipID: try harness.dealershipID(dealership), kind: kind, method: method,
                                                         amount: try Money.parse(amount), date: date, dealID: deal,
                                                         counterparty: counterparty), actor: "sidorova")
        return confirm ? try repository.confirm(id: payment.id, actor: "kuznetsov") : payment
    }

    /// Today's date (and its ISO form) as a fixed placeholder, so goldens do not change daily.
    static func normalized(_ screen: String) -> String {
        screen.replacingOccurrences(of: today.russianText, with: "ДД.ММ.ГГГГ")
    }
}

@MainActor
@Suite("Finance screens: payment entry, confirmation, cash day, receivables")
struct FinanceScreenTests {
    private func focus(_ harness: AppHarness, label: String) {
        for _ in 0..<20 {
            if let cursor = harness.surface.cursor, harness.surface.line(cursor.row).hasPrefix(label) { return }
            harness.press(.tab)
        }
        Issue.record("no field labelled \(label)")
    }

    /// A new payment form with a deal picked by the customer's name (F3) and an amount typed.
    private func fillPrepayment(_ harness: AppHarness) {
        harness.app.run("app.new_payment")
        harness.settle()
        focus(harness, label: harness.app.language == .ru ? "Сумма" : "Amount")
        harness.type("500 000")
        focus(harness, label: harness.app.language == .ru ? "Сделка" : "Deal")
        harness.type("Ёлкин")
        harness.press(.function(3))
        harness.press(.enter)
    }

    @Test("golden: the payment form with a picked deal and its balance, 80×24 ru and 160×48 en")
    func paymentFormGolden() throws {
        for (rows, columns, language, name) in [(24, 80, Language.ru, "payment-form-80x24-ru"), (48, 160, .en, "payment-form-160x48-en")] {
            let harness = try AppHarness(rows: rows, columns: columns, language: language)
            defer { harness.shutdown() }
            let deal = try FinanceAppData.deal(harness, number: 123, due: Money(roubles: 2_450_000), customer: "Ёлкин Артём Сергеевич")
            _ = try FinanceAppData.payment(harness, .prepayment, .card, "300 000", deal: deal)
            fillPrepayment(harness)
            #expect(harness.screen.contains("MSK-2026-000123"))
            expectScreen(FinanceAppData.normalized(harness.screen), golden: name)
        }
    }

    @Test("F2 saves the payment pending; finance confirms it (F9, y) and the card shows the new balance")
    func enterThenConfirmAsFinance() throws {
        let harness = try AppHarness(rows: 24, columns: 100)
        defer { harness.shutdown() }
        let deal = try FinanceAppData.deal(harness, number: 123, due: Money(roubles: 2_450_000), customer: "Ёлкин Артём Сергеевич")
        fillPrepayment(harness)
        harness.press(.function(2))
        #expect(harness.screen.contains("ожидает подтверждения"))
        let stored = try #require(try PaymentRepository(connection: harness.connection).payments(dealID: deal).first)
        #expect(stored.state == .pending)
        #expect(stored.amount == Money(roubles: 500_000))
        #expect(stored.method == .cash)
        #expect(stored.createdBy == "sidorova")
        // The operator may not confirm.
        harness.press(.function(9))
        #expect(harness.screen.contains("Только для финансиста"))
        #expect(try PaymentRepository(connection: harness.connection).get(id: stored.id)?.state == .pending)

        let finance = try SecondTerminal(harness, login: "kuznetsov")
        defer { finance.shutdown() }
        finance.app.run("app.command")
        finance.type("платёж \(stored.id)")
        finance.press(.enter)
        #expect(finance.screen.contains("Платёж №\(stored.id)"))
        finance.press(.function(9))
        #expect(finance.screen.contains("Подтвердить платёж №\(stored.id)"))
        finance.press(.character("y"))
        #expect(finance.screen.contains("подтверждён"))
        let plain = finance.screen.replacingOccurrences(of: "\u{00A0}", with: " ")
        #expect(plain.contains("оплачено 500 000 ₽"))
        #expect(plain.contains("остаток 1 950 000 ₽"))
        #expect(try PaymentRepository(connection: harness.connection).balance(dealID: deal)?.state == .partial)

        // Reverse: the reason is required, then the reversal shows in the card.
        finance.press(.function(6))
        #expect(finance.screen.contains("Укажите причину"))
        finance.type("ошибка кассира")
        finance.press(.function(6))
        finance.press(.character("y"))
        #expect(finance.screen.contains("сторнирован"))
        #expect(finance.screen.contains("Сторно №"))
        #expect(try PaymentRepository(connection: harness.connection).balance(dealID: deal)?.paid == .zero)
    }

    @Test("bad input names the field and the rule; nothing is saved")
    func validation() throws {
        let harness = try AppHarness(rows: 30, columns: 100)
        defer { harness.shutdown() }
        harness.app.run("app.new_payment")
        harness.settle()
        focus(harness, label: "Сумма")
        harness.type("12,345")
        focus(harness, label: "Сделка")
        harness.type("MSK-2026-999999")
        harness.press(.function(2))
        #expect(harness.screen.contains("Не более двух знаков после запятой (копейки)"))
        focus(harness, label: "Сумма")
        harness.press(.control("u"))
        harness.type("100")
        harness.press(.function(2))
        #expect(harness.screen.contains("Сделка MSK-2026-999999 не найдена"))
        #expect(try harness.connection.fetchOne(Int.self, "SELECT count(*)::int FROM payments") == 0)
    }

    @Test("golden: the cash day report, 80×24 and 160×48, with Cyrillic data")
    func cashDayGolden() throws {
        for (rows, columns, name) in [(24, 80, "cashday-80x24-ru"), (48, 160, "cashday-160x48-ru")] {
            let harness = try AppHarness(rows: rows, columns: columns, login: "kuznetsov")
            defer { harness.shutdown() }
            let first = try FinanceAppData.deal(harness, number: 1, due: Money(roubles: 2_450_000), customer: "Ёлкин Артём Сергеевич")
            let second = try FinanceAppData.deal(harness, number: 2, due: Money(roubles: 1_999_999), customer: "Щербакова Юлия Игоревна")
            _ = try FinanceAppData.payment(harness, .prepayment, .cash, "150 000", deal: first)
            _ = try FinanceAppData.payment(harness, .payment, .cash, "49 999,50", deal: second)
            _ = try FinanceAppData.payment(harness, .payment, .card, "300 000", deal: second)
            _ = try FinanceAppData.payment(harness, .sellerPayout, .cash, "20 000", deal: nil, counterparty: "Зайцев Фёдор Ильич")
            _ = try FinanceAppData.payment(harness, .payment, .cash, "1 000", deal: first, confirm: false)
            harness.app.run("app.cashday")
            harness.settle()
            #expect(harness.screen.contains("на конец 179\u{00A0}999,50\u{00A0}₽"))
            expectScreen(FinanceAppData.normalized(harness.screen), golden: name)
        }
    }

    @Test("closing the cash day as finance locks it; the list behind a total follows the selection")
    func closeCashDay() throws {
        let harness = try AppHarness(rows: 30, columns: 120, login: "kuznetsov")
        defer { harness.shutdown() }
        let deal = try FinanceAppData.deal(harness, number: 1, due: Money(roubles: 1_000_000), customer: "Ёлкин Артём")
        _ = try FinanceAppData.payment(harness, .payment, .cash, "10 000", deal: deal)
        _ = try FinanceAppData.payment(harness, .payment, .card, "20 000", deal: deal)
        harness.app.run("app.cashday")
        harness.settle()
        #expect(harness.screen.contains("10\u{00A0}000\u{00A0}₽"))
        harness.press(.down)  // card
        #expect(harness.screen.contains("Платежи: карта"))
        #expect(harness.screen.contains("20\u{00A0}000\u{00A0}₽"))
        harness.press(.function(11))
        #expect(harness.screen.contains("Закрыть кассовый день"))
        harness.press(.character("y"))
        #expect(harness.screen.contains("закрыт (kuznetsov"))
        #expect(try harness.connection.fetchOne(Int.self, "SELECT count(*)::int FROM cash_days") == 1)
        // The CSV goes to the current directory unless KITE_EXPORT_DIR says otherwise: write it to /tmp.
        setenv("KITE_EXPORT_DIR", FileManager.default.temporaryDirectory.path, 1)
        harness.press(.character("x"))
        #expect(harness.screen.contains("cashday-MSK-"))
    }

    @Test("a cash day after today cannot be closed (said at once); a closed day says so, and finance reopens it with a reason")
    func futureDayAndReopening() throws {
        let harness = try AppHarness(rows: 30, columns: 120, login: "kuznetsov")
        defer { harness.shutdown() }
        let deal = try FinanceAppData.deal(harness, number: 1, due: Money(roubles: 1_000_000), customer: "Ёлкин Артём")
        _ = try FinanceAppData.payment(harness, .payment, .cash, "10 000", deal: deal)
        harness.app.run("app.cashday")
        harness.settle()
        harness.press(.character("]"))   // tomorrow
        harness.press(.function(11))
        #expect(harness.screen.contains("ещё не наступил"), "\(harness.screen)")
        #expect(!harness.screen.contains("Закрыть кассовый день"))
        #expect(try harness.connection.fetchOne(Int.self, "SELECT count(*)::int FROM cash_days") == 0)
        harness.press(.character("["))   // today
        harness.press(.function(11))
        harness.press(.character("y"))
        #expect(harness.screen.contains("закрыт (kuznetsov"))
        harness.press(.character("["))   // yesterday: closed with today
        #expect(harness.screen.contains("закрыт вместе с"), "\(harness.screen)")
        harness.press(.character("O"))
        #expect(harness.screen.contains("откройте сначала"), "\(harness.screen)")
        harness.press(.character("]"))   // today again: reopen it
        harness.press(.character("O"))
        #expect(harness.screen.contains("Открыть кассовый день"), "\(harness.screen)")
        harness.type("пропущен приходный ордер")
        harness.press(.function(2))
        harness.press(.character("y"))
        #expect(harness.screen.contains("снова открыт"), "\(harness.screen)")
        #expect(harness.screen.contains("· открыт"), "\(harness.screen)")
        #expect(try harness.connection.fetchOne(String.self, "SELECT reopen_reason FROM cash_days") == "пропущен приходный ордер")
    }

    @Test("the payments list filters by state and text; receivables age the deals and group by manager")
    func listsAndReceivables() throws {
        let harness = try AppHarness(rows: 24, columns: 120, login: "kuznetsov")
        defer { harness.shutdown() }
        let first = try FinanceAppData.deal(harness, number: 1, due: Money(roubles: 1_000_000), customer: "Ёлкин Артём", contractedDaysAgo: 3)
        let second = try FinanceAppData.deal(harness, number: 2, due: Money(roubles: 500_000), customer: "Щербакова Юлия",
                                             manager: "petrov", contractedDaysAgo: 40)
        _ = try FinanceAppData.payment(harness, .payment, .card, "400 000", deal: first)
        _ = try FinanceAppData.payment(harness, .payment, .cash, "1 000", deal: second, confirm: false)
        harness.app.run("app.payments")
        harness.settle()
        #expect(harness.screen.contains("MSK-2026-000001"))
        #expect(harness.screen.contains("MSK-2026-000002"))
        harness.press(.character("/"))
        harness.type("щерб")
        #expect(!harness.screen.contains("MSK-2026-000001"))
        #expect(harness.screen.contains("MSK-2026-000002"))
        harness.press(.escape)
        // F2 confirms the selected pending payment from the list.
        harness.press(.function(2))
        harness.press(.character("y"))
        #expect(harness.screen.contains("Подтверждён платёж"))

        harness.app.run("app.receivables")
        harness.settle()
        #expect(harness.screen.contains("MSK-2026-000002"))
        #expect(harness.screen.contains("31+"))
        #expect(harness.screen.contains("600\u{00A0}000\u{00A0}₽"))
        harness.press(.character("m"))
        #expect(harness.screen.contains("Иванова М. С."))
        #expect(harness.screen.contains("Петров А. Н."))
    }
}

/// Another user's terminal on the same database as `harness`.
@MainActor
final class SecondTerminal {
    let app: KiteApplication
    let surface: MemorySurface

    init(_ harness: AppHarness, login: String, rows: Int = 24, columns: Int = 100) throws {
        var environment = try AppEnvironment.load(environment: ["HOME": "/nonexistent", "LANG": "ru_RU.UTF-8"])
        environment.config.language = .ru
        app = KiteApplication(environment: environment, conninfo: harness.conninfo, login: login, listensForChanges: false)
        surface = MemorySurface(rows: rows, columns: columns)
        app.start()
        settle()
    }

    func settle() {
        app.database.settle()
        app.draw(on: surface)
    }

    func press(_ keys: Key...) {
        for key in keys {
            app.handleKey(key)
            settle()
        }
    }

    func type(_ text: String) {
        for character in text { press(.character(character)) }
    }

    var screen: String { surface.text() }

    func shutdown() { app.shutdown() }
}
