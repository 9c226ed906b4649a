import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@Suite("Cash day: totals, closing, corrections on the next open day")
struct CashDayTests {
    @Test func closingLocksTheDayAndACorrectionLandsOnTheNextOpenDay() throws {
        let f = try FinanceFixture()
        let day = FinanceFixture.day
        let deal = try f.deal(number: 1, due: rub("3 000 000"))
        try f.confirmed(.prepayment, .cash, "100 000", deal: deal, date: day.adding(days: -1))   // yesterday: opening
        let cash = try f.confirmed(.payment, .cash, "250 000,50", deal: deal)
        try f.confirmed(.payment, .card, "400 000", deal: deal)
        try f.confirmed(.sellerPayout, .cash, "50 000", deal: nil, counterparty: "Сидоров Семён")
        try f.payments.insert(f.draft(.payment, .card, "1", deal: deal), actor: "sidorova")  // pending card: not a total

        var report = try f.cashDays.report(dealershipID: f.dealership.id, day: day)
        #expect(report.summary.openingBalance == rub("100 000"))
        #expect(report.cashIn == rub("250 000,50"))
        #expect(report.cashOut == rub("50 000"))
        #expect(report.summary.closingBalance == rub("300 000,50"))
        #expect(report.summary.totals[CashDayKey(method: .card, direction: .incoming)] == rub("400 000"))
        #expect(report.payments(for: CashDayKey(method: .card, direction: .incoming)).count == 1)
        #expect(report.pending.count == 1)
        #expect(report.closure == nil)

        // A pending cash payment blocks the close.
        let pendingCash = try f.payments.insert(f.draft(.payment, .cash, "5 000", deal: deal), actor: "sidorova")
        #expect(throws: FinanceRefusal.self) {
            try f.cashDays.close(dealershipID: f.dealership.id, day: day, actor: "kuznetsov")
        }
        try f.payments.update(id: pendingCash.id, f.draft(.payment, .cash, "5 000", deal: deal, date: day.adding(days: 1)),
                              expectedVersion: pendingCash.version, actor: "sidorova")
        let closure = try f.cashDays.close(dealershipID: f.dealership.id, day: day, actor: "kuznetsov")
        #expect(closure.closingBalance == rub("300 000,50"))
        #expect(closure.entries == 2)
        #expect(throws: FinanceRefusal.self) {
            try f.cashDays.close(dealershipID: f.dealership.id, day: day, actor: "kuznetsov")
        }

        // The closed day refuses new cash entries, even past the repository.
        let late = #expect(throws: DatabaseError.self) {
            try f.payments.insert(f.draft(.payment, .cash, "1 000", deal: deal, date: day), actor: "sidorova")
        }
        #expect(late?.constraint == "payments_cash_day_closed")
        // Card payments of the day are not the cash desk's: still accepted.
        try f.payments.insert(f.draft(.payment, .card, "1 000", deal: deal, date: day), actor: "sidorova")

        // A correction of the closed day's cash is a reversal dated the next open day.
        let (reversal, original) = try f.payments.reverse(id: cash.id, reason: "сумма введена с ошибкой",
                                                          actor: "kuznetsov", today: day)
        #expect(original.state == .reversed)
        #expect(reversal.date == day.adding(days: 1))
        report = try f.cashDays.report(dealershipID: f.dealership.id, day: day)
        #expect(report.summary.closingBalance == closure.closingBalance)  // the closed day did not move
        let next = try f.cashDays.report(dealershipID: f.dealership.id, day: day.adding(days: 1))
        #expect(next.summary.openingBalance == closure.closingBalance)
        #expect(next.cashIn == rub("-250 000,50"))
        #expect(next.summary.closingBalance == rub("50 000"))
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM cash_days") == 1)
        #expect(throws: DatabaseError.self) { try f.connection.execute("UPDATE cash_days SET cash_in = 0") }
        #expect(throws: DatabaseError.self) { try f.connection.execute("DELETE FROM cash_days") }
        #expect(try FinanceVerifier(connection: f.connection).run().discrepancies == [])
    }

    @Test("every total of the cash day and of receivables equals the sum of its rows, on generated data")
    func totalsEqualTheirRows() throws {
        let f = try FinanceFixture()
        var generator = SeededGenerator(seed: 42)
        let day = FinanceFixture.day
        var deals: [Int64] = []
        for number in 1...12 {
            deals.append(try f.deal(number: number, due: Money(roubles: Int64.random(in: 500_000...3_000_000, using: &generator)),
                                    manager: ["ivanova", "petrov", "kuznetsov"][number % 3],
                                    contractedDaysAgo: Int.random(in: -2...60, using: &generator)))
        }
        var confirmed: [Payment] = []
        for _ in 0..<150 {
            let deal = deals.randomElement(using: &generator)!
            let kind: PaymentKind = [.prepayment, .payment, .payment, .refund, .loan].randomElement(using: &generator)!
            let method: PaymentMethod = kind == .loan ? .loan : [.cash, .card, .bankTransfer].randomElement(using: &generator)!
            let amount = "\(Int.random(in: 1...90_000, using: &generator)),\(Int.random(in: 10...99, using: &generator))"
            let date = day.adding(days: Int.random(in: -2...0, using: &generator))
            let payment = try f.payments.insert(f.draft(kind, method, amount, deal: deal, date: date), actor: "sidorova")
            if Bool.random(using: &generator) { confirmed.append(try f.payments.confirm(id: payment.id, actor: "kuznetsov")) }
        }
        for payment in confirmed.prefix(20) where Bool.random(using: &generator) {
            try f.payments.reverse(id: payment.id, reason: "проверка", actor: "kuznetsov", today: day)
        }
        struct Sums: Decodable { var method: PaymentMethod; var direction: PaymentDirection; var total: Money }
        for offset in -2...0 {
            let date = day.adding(days: offset)
            let report = try f.cashDays.report(dealershipID: f.dealership.id, day: date)
            var incoming = Money.zero, outgoing = Money.zero
            for key in CashDayKey.all {
                let rows = report.payments(for: key)
                #expect(report.summary.totals[key] == rows.reduce(.zero) { $0 + $1.amount }, "\(date) \(key)")
                if key.direction == .incoming { incoming += report.summary.totals[key]! } else { outgoing += report.summary.totals[key]! }
            }
            #expect(report.summary.totalIncoming == incoming)
            #expect(report.summary.totalOutgoing == outgoing)
            // And an independent SQL sum agrees.
            let sums = try f.connection.fetch(Sums.self, """
                SELECT method, direction, sum(amount) AS total FROM payments
                WHERE dealership_id = \(f.dealership.id) AND payment_date = \(date)::date AND state <> 'pending'
                GROUP BY method, direction
                """)
            for sum in sums { #expect(report.summary.totals[CashDayKey(method: sum.method, direction: sum.direction)] == sum.total) }
            let expectedClosing = report.summary.openingBalance + report.cashIn - report.cashOut
            #expect(report.summary.closingBalance == expectedClosing)
        }
        let (receivables, lines) = try ReceivablesRepository(connection: f.connection).report(asOf: day)
        #expect(receivables.total == lines.reduce(.zero) { $0 + $1.balance.outstanding })
        #expect(receivables.total == receivables.lines.reduce(.zero) { $0 + $1.row.outstanding })
        for bucket in AgeingBucket.allCases {
            #expect(receivables.totalsByBucket[bucket] == lines.filter { $0.bucket == bucket }.reduce(.zero) { $0 + $1.balance.outstanding })
        }
        var managerSum = Money.zero
        for (manager, buckets) in receivables.totalsByManager {
            let rows = lines.filter { $0.managerName == manager }
            #expect(buckets.values.reduce(.zero, +) == rows.reduce(.zero) { $0 + $1.balance.outstanding })
            managerSum += buckets.values.reduce(.zero, +)
        }
        #expect(managerSum == receivables.total)
        #expect(lines.allSatisfy { $0.balance.outstanding > .zero })
        let balances = try f.payments.balances(dealIDs: deals)
        let owing = balances.values.filter { $0.outstanding > .zero }.count
        #expect(lines.count == owing)
        #expect(try FinanceVerifier(connection: f.connection).run().discrepancies == [])
    }

    @Test func receivablesAgeByContractDateAndNameTheManager() throws {
        let f = try FinanceFixture()
        let day = FinanceFixture.day
        let fresh = try f.deal(number: 1, due: rub("1 000 000"), contractedDaysAgo: 7)
        try f.deal(number: 2, due: rub("2 000 000"), contractedDaysAgo: 8)
        try f.deal(number: 3, due: rub("3 000 000"), manager: "unknown", contractedDaysAgo: 31)
        let paid = try f.deal(number: 4, due: rub("500 000"), contractedDaysAgo: 40)
        try f.deal(number: 5, due: rub("900 000"), stage: "reserved", contractedDaysAgo: 3)  // not contracted: not a receivable
        try f.confirmed(.payment, .card, "400 000", deal: fresh)
        try f.confirmed(.payment, .card, "500 000", deal: paid)
        let (report, lines) = try ReceivablesRepository(connection: f.connection).report(asOf: day)
        #expect(lines.map(\.dealNumber) == ["MSK-2026-000003", "MSK-2026-000002", "MSK-2026-000001"])
        #expect(lines.map(\.bucket) == [.days31plus, .days8to30, .days0to7])
        #expect(lines.map(\.managerName) == ["unknown", "Иванова Мария Сергеевна", "Иванова Мария Сергеевна"])
        #expect(report.totalsByBucket[.days0to7] == rub("600 000"))
        #expect(report.total == rub("5 600 000"))
    }
}

/// A tiny deterministic generator (SplitMix64) so generated data repeats.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
