import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

@MainActor
@Suite("Finance screens: payments list filters, the cash day's drill-down, CSV export read back")
struct FinanceFilterAndExportTests {
    /// The lines of the screen below the one containing `marker` (the list under a heading).
    private func lines(_ harness: AppHarness, below marker: String) -> String {
        let all = harness.screen.components(separatedBy: "\n")
        guard let index = all.firstIndex(where: { $0.contains(marker) }) else { return "" }
        return all[(index + 1)...].joined(separator: "\n")
    }

    /// Opens the F3 filter menu and takes its `index`-th choice.
    private func chooseFilter(_ harness: AppHarness, _ index: Int) {
        harness.press(.function(3), .home)
        for _ in 0..<index { harness.press(.down) }
        harness.press(.enter)
    }

    @Test("payments list: own dealership by default, all selectable; a typed period with named errors; a deal picked by customer")
    func paymentFilters() throws {
        let harness = try AppHarness(rows: 30, columns: 160, login: "kuznetsov")
        defer { harness.shutdown() }
        let today = FinanceAppData.today
        let first = try FinanceAppData.deal(harness, number: 1, due: Money(roubles: 1_000_000), customer: "Ёлкин Артём")
        let second = try FinanceAppData.deal(harness, number: 2, due: Money(roubles: 500_000), customer: "Щербакова Юлия")
        _ = try FinanceAppData.payment(harness, .payment, .card, "400 000", deal: first, date: today.adding(days: -10))
        _ = try FinanceAppData.payment(harness, .payment, .cash, "1 000", deal: second, confirm: false)
        _ = try FinanceAppData.payment(harness, .otherIncoming, .bankTransfer, "7 000", deal: nil,
                                       counterparty: "Зайцев Фёдор Ильич", dealership: "SPB", date: today.adding(days: -2))
        harness.app.run("app.payments")
        harness.settle()
        // The user's own dealership (kuznetsov works in MSK) is the default.
        #expect(harness.screen.contains("Период: всё время · MSK  Найдено"))
        #expect(harness.screen.contains("MSK-2026-000001"))
        #expect(harness.screen.contains("MSK-2026-000002"))
        #expect(!harness.screen.contains("Зайцев"))

        // All dealerships is still a choice.
        chooseFilter(harness, 1)
        #expect(harness.screen.contains("Все дилерские центры"))
        harness.press(.home, .enter)
        #expect(harness.screen.contains("все ДЦ"))
        #expect(harness.screen.contains("Зайцев Фёдор Ильич"))

        // Another period: typed dates; a bad one is named with its field and rule, the text stays.
        chooseFilter(harness, 0)
        #expect(harness.screen.contains("другой период…"))
        harness.press(.end, .enter)
        #expect(harness.screen.contains("С (ДД.ММ.ГГГГ)"))
        harness.type("31.02.2026")
        harness.press(.enter)
        harness.type(today.adding(days: -20).russianText)
        harness.press(.function(2))
        #expect(harness.screen.contains("С: дата ДД.ММ.ГГГГ, существующий день"))
        #expect(harness.screen.contains("31.02.2026"))
        #expect(harness.screen.contains(today.adding(days: -20).russianText))
        harness.press(.control("u"))
        harness.type(today.adding(days: -12).russianText)
        harness.press(.function(2))
        #expect(harness.screen.contains("По: не раньше даты «С» (\(today.adding(days: -12).russianText))"))
        #expect(!harness.screen.contains("С: дата ДД.ММ.ГГГГ"))
        harness.press(.control("u"))
        harness.type(today.adding(days: -5).russianText)
        harness.press(.function(2))
        #expect(harness.screen.contains("Период: \(today.adding(days: -12).russianText)–\(today.adding(days: -5).russianText)"))
        #expect(harness.screen.contains("MSK-2026-000001"))
        #expect(!harness.screen.contains("MSK-2026-000002"))
        #expect(!harness.screen.contains("Зайцев"))

        // A deal picked by its customer, with the payment form's picker.
        harness.press(.control("u"))  // clears the filters back to the defaults
        #expect(harness.screen.contains("Период: всё время · MSK  Найдено"))
        chooseFilter(harness, 2)
        harness.type("щерб")
        #expect(harness.screen.contains("Щербакова Ю."))
        harness.press(.enter)
        #expect(harness.screen.contains("все ДЦ · сделка MSK-2026-000002"), "a deal's payments in any dealership")
        #expect(harness.screen.contains("MSK-2026-000002"))
        #expect(!harness.screen.contains("MSK-2026-000001"))
        // …and all deals again.
        chooseFilter(harness, 2)
        harness.press(.down, .enter)
        #expect(!harness.screen.contains("сделка MSK"))
        #expect(harness.screen.contains("Период: всё время · MSK  Найдено"))
        #expect(harness.screen.contains("MSK-2026-000001"))
    }

    @Test("cash day: the list behind a total is that method's payments in that direction only")
    func cashDayDrillDown() throws {
        let harness = try AppHarness(rows: 30, columns: 120, login: "kuznetsov")
        defer { harness.shutdown() }
        let deal = try FinanceAppData.deal(harness, number: 1, due: Money(roubles: 1_000_000), customer: "Ёлкин Артём")
        _ = try FinanceAppData.payment(harness, .payment, .cash, "10 000", deal: deal)
        _ = try FinanceAppData.payment(harness, .sellerPayout, .cash, "3 000", deal: nil, counterparty: "Зайцев Фёдор Ильич")
        let card = try FinanceAppData.payment(harness, .payment, .card, "20 000", deal: deal)
        harness.app.run("app.cashday")
        harness.settle()
        #expect(harness.screen.contains("Платежи: наличные · поступление"))
        var rows = lines(harness, below: "Платежи:")
        #expect(rows.contains("10\u{00A0}000\u{00A0}₽"))
        #expect(!rows.contains("Зайцев"))
        #expect(!rows.contains("20\u{00A0}000\u{00A0}₽"))

        harness.press(.right)
        #expect(harness.screen.contains("Платежи: наличные · выплата"))
        rows = lines(harness, below: "Платежи:")
        #expect(rows.contains("Зайцев Фёдор Ильич"))
        #expect(rows.contains("3\u{00A0}000\u{00A0}₽"))
        #expect(!rows.contains("Ёлкин"))

        harness.press(.down)  // card, still outgoing: nothing behind that total
        #expect(harness.screen.contains("Платежи: карта · выплата"))
        #expect(lines(harness, below: "Платежи:").contains("За этим итогом нет подтверждённых платежей"))
        harness.press(.tab)  // Tab switches the direction too
        #expect(harness.screen.contains("Платежи: карта · поступление"))
        rows = lines(harness, below: "Платежи:")
        #expect(rows.contains("20\u{00A0}000\u{00A0}₽"))
        #expect(!rows.contains("10\u{00A0}000\u{00A0}₽"))
        harness.press(.enter)
        #expect(harness.screen.contains("Платёж №\(card.id)"))
    }

    /// Reads a CSV the screen wrote: UTF-8 with BOM, `;` between fields.
    private func readExport(_ url: URL) throws -> [[String]] {
        let data = try Data(contentsOf: url)
        try? FileManager.default.removeItem(at: url)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 byte order mark")
        let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
        #expect(text.components(separatedBy: "\n").first?.contains(";") == true)
        return try CSV.parse(data).map(\.fields)
    }

    private func money(_ text: String) throws -> Money { try Money.parse(text) }

    @Test("F12 on the cash day writes its CSV; read back, every total equals the rows behind it")
    func cashDayCSV() throws {
        let harness = try AppHarness(rows: 30, columns: 160, login: "kuznetsov")
        defer { harness.shutdown() }
        // A past day of its own, so no other test writes the same file.
        let day = FinanceAppData.today.adding(days: -3)
        let deal = try FinanceAppData.deal(harness, number: 1, due: Money(roubles: 2_000_000), customer: "Ёлкин Артём")
        _ = try FinanceAppData.payment(harness, .payment, .cash, "150 000", deal: deal, date: day.adding(days: -1))
        _ = try FinanceAppData.payment(harness, .prepayment, .cash, "49 999,50", deal: deal, date: day)
        _ = try FinanceAppData.payment(harness, .payment, .cash, "10 000", deal: deal, date: day)
        _ = try FinanceAppData.payment(harness, .payment, .card, "300 000", deal: deal, date: day)
        _ = try FinanceAppData.payment(harness, .sellerPayout, .cash, "20 000", deal: nil, counterparty: "Зайцев Фёдор Ильич", date: day)
        _ = try FinanceAppData.payment(harness, .carrier, .bankTransfer, "35 000,25", deal: nil, counterparty: "ООО «Автовоз»", date: day)
        _ = try FinanceAppData.payment(harness, .payment, .cash, "1 000", deal: deal, confirm: false, date: day)
        setenv("KITE_EXPORT_DIR", FileManager.default.temporaryDirectory.path, 1)
        harness.app.run("app.cashday")
        harness.settle()
        harness.press(.character("["), .character("["), .character("["))
        #expect(harness.screen.contains("День: \(day.russianText)"))
        harness.press(.function(12))
        #expect(harness.screen.contains("cashday-MSK-\(day.isoText).csv"))
        let lines = try readExport(FileManager.default.temporaryDirectory.appendingPathComponent("cashday-MSK-\(day.isoText).csv"))

        #expect(lines.first == ["cash_day", day.russianText, "MSK", "open"])
        let header = try #require(lines.firstIndex(of: FinanceCSVHeader.payments))
        let rows = lines[(header + 1)...]
        #expect(rows.count == 5, "the confirmed entries of the day, not the pending one or the day before")
        let amount = try #require(FinanceCSVHeader.payments.firstIndex(of: "amount"))
        let method = try #require(FinanceCSVHeader.payments.firstIndex(of: "method"))
        let direction = try #require(FinanceCSVHeader.payments.firstIndex(of: "direction"))
        // One line per method × direction: its total and entries are those of its rows.
        let gridStart = try #require(lines.firstIndex(of: ["method", "direction", "total", "entries"]))
        let grid = lines[(gridStart + 1)..<(gridStart + 1 + CashDayKey.all.count)]
        var sumIn = Money.zero, sumOut = Money.zero
        for line in grid {
            let behind = rows.filter { $0[method] == line[0] && $0[direction] == line[1] }
            let sum = try behind.reduce(Money.zero) { $0 + (try money($1[amount])) }
            #expect(try money(line[2]) == sum, "total of \(line[0]) \(line[1])")
            #expect(line[3] == String(behind.count), "entries of \(line[0]) \(line[1])")
            if line[1] == PaymentDirection.incoming.label.ru { sumIn += sum } else { sumOut += sum }
        }
        func figure(_ name: String) throws -> Money {
            try money(try #require(lines.first { $0.first == name })[1])
        }
        #expect(try figure("total_incoming") == sumIn)
        #expect(try figure("total_outgoing") == sumOut)
        #expect(sumIn == Money(roubles: 359_999) + Money(kopecks: 50))
        #expect(try figure("opening_balance") == Money(roubles: 150_000))
        let cash = PaymentMethod.cash.label.ru
        let cashIn = try rows.filter { $0[method] == cash && $0[direction] == PaymentDirection.incoming.label.ru }
            .reduce(Money.zero) { $0 + (try money($1[amount])) }
        let cashOut = try rows.filter { $0[method] == cash && $0[direction] == PaymentDirection.outgoing.label.ru }
            .reduce(Money.zero) { $0 + (try money($1[amount])) }
        #expect(try figure("closing_balance") == (try figure("opening_balance")) + cashIn - cashOut)
    }

    @Test("F12 on receivables writes the deals, the totals by manager and by bucket; read back, they add up")
    func receivablesCSV() throws {
        let harness = try AppHarness(rows: 30, columns: 160, login: "kuznetsov")
        defer { harness.shutdown() }
        let first = try FinanceAppData.deal(harness, number: 1, due: Money(roubles: 1_000_000), customer: "Ёлкин Артём",
                                            contractedDaysAgo: 3)
        _ = try FinanceAppData.deal(harness, number: 2, due: Money(roubles: 500_000), customer: "Щербакова Юлия",
                                    manager: "petrov", contractedDaysAgo: 40)
        _ = try FinanceAppData.deal(harness, number: 3, due: try money("250 000,50"), customer: "Зайцев Фёдор",
                                    contractedDaysAgo: 12)
        _ = try FinanceAppData.deal(harness, number: 4, due: Money(roubles: 90_000), customer: "Орлова Вера",
                                    manager: "petrov", contractedDaysAgo: 8)
        _ = try FinanceAppData.payment(harness, .payment, .card, "400 000", deal: first)
        setenv("KITE_EXPORT_DIR", FileManager.default.temporaryDirectory.path, 1)
        harness.app.run("app.receivables")
        harness.settle()
        let name = "receivables-all-\(FinanceAppData.today.isoText).csv"
        harness.press(.function(12))
        #expect(harness.screen.contains(name))
        let lines = try readExport(FileManager.default.temporaryDirectory.appendingPathComponent(name))

        #expect(lines.first == ["receivables", FinanceAppData.today.russianText, "all"])
        let dealHeader = ["deal", "customer", "manager", "contract_date", "days", "bucket", "due", "paid", "outstanding"]
        let dealsStart = try #require(lines.firstIndex(of: dealHeader)) + 1
        let managerHeader = ["manager", "0-7", "8-30", "31+", "total"]
        let managersStart = try #require(lines.firstIndex(of: managerHeader))
        let deals = lines[dealsStart..<managersStart]
        #expect(deals.map(\.[0]) == ["MSK-2026-000002", "MSK-2026-000003", "MSK-2026-000004", "MSK-2026-000001"])
        #expect(deals.map(\.[5]) == ["31+", "8-30", "8-30", "0-7"])
        let managers = lines[(managersStart + 1)...].filter { $0.first != "total" }
        #expect(managers.map(\.[0]) == ["Иванова Мария Сергеевна", "Петров Алексей Николаевич"])
        // Each manager's bucket equals the deals behind it; the total line equals the managers and the deals.
        var columnSums = [Money](repeating: .zero, count: 4)
        for manager in managers {
            for (column, bucket) in ["0-7", "8-30", "31+"].enumerated() {
                let behind = try deals.filter { $0[2] == manager[0] && $0[5] == bucket }
                    .reduce(Money.zero) { $0 + (try money($1[8])) }
                #expect(try money(manager[column + 1]) == behind, "\(manager[0]) \(bucket)")
                columnSums[column] += behind
            }
            let all = try deals.filter { $0[2] == manager[0] }.reduce(Money.zero) { $0 + (try money($1[8])) }
            #expect(try money(manager[4]) == all)
            columnSums[3] += all
        }
        let total = try #require(lines.last)
        #expect(total[0] == "total")
        #expect(try total[1...].map(money) == columnSums)
        #expect(try money(total[4]) == Money(roubles: 600_000 + 500_000 + 250_000 + 90_000) + Money(kopecks: 50))
        // The screen shows the same bucket totals.
        let plain = harness.screen.replacingOccurrences(of: "\u{00A0}", with: " ")
        #expect(plain.contains("31+: 500 000 ₽"))
        #expect(plain.contains("8-30: 340 000,50 ₽"))
    }
}

/// The payment columns of the finance CSV files, as a reader would check them.
enum FinanceCSVHeader {
    static let payments = ["id", "date", "dealership", "direction", "kind", "method", "amount", "state", "deal",
                           "party", "purpose", "document", "reverses", "reversed_by", "reason", "created_by",
                           "confirmed_by", "confirmed_at", "reversed_by_user", "reversed_at",
                           "cancelled_by", "cancelled_at", "cancel_reason"]
}
