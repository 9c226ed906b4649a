import Testing
@testable import KiteDomain

/// SplitMix64: a tiny seeded generator, so a failing case can be replayed.
private struct SeededGenerator: RandomNumberGenerator {
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

@Suite struct AgeingTests {
    @Test func bucketBoundaries() {
        let contract = CivilDate(year: 2026, month: 3, day: 1)!
        #expect(AgeingBucket.bucket(contractDate: contract, asOf: contract) == .days0to7)
        #expect(AgeingBucket.bucket(contractDate: contract, asOf: contract.adding(days: 7)) == .days0to7)
        #expect(AgeingBucket.bucket(contractDate: contract, asOf: contract.adding(days: 8)) == .days8to30)
        #expect(AgeingBucket.bucket(contractDate: contract, asOf: contract.adding(days: 30)) == .days8to30)
        #expect(AgeingBucket.bucket(contractDate: contract, asOf: contract.adding(days: 31)) == .days31plus)
        #expect(AgeingBucket.bucket(contractDate: contract, asOf: contract.adding(days: -3)) == .days0to7)
    }

    @Test func report() {
        let asOf = CivilDate(year: 2026, month: 4, day: 10)!
        let report = ReceivablesReport.build(rows: [
            ReceivableRow(dealNumber: "MSK-2026-000003", manager: "ivanov", contractDate: CivilDate(year: 2026, month: 4, day: 5)!, outstanding: moneyRU("100 000")),
            ReceivableRow(dealNumber: "MSK-2026-000002", manager: "petrova", contractDate: CivilDate(year: 2026, month: 3, day: 20)!, outstanding: moneyRU("250 000,50")),
            ReceivableRow(dealNumber: "MSK-2026-000001", manager: "ivanov", contractDate: CivilDate(year: 2026, month: 2, day: 1)!, outstanding: moneyRU("1 000 000")),
            ReceivableRow(dealNumber: "MSK-2026-000004", manager: "ivanov", contractDate: CivilDate(year: 2026, month: 2, day: 1)!, outstanding: .zero),
            ReceivableRow(dealNumber: "MSK-2026-000005", manager: "ivanov", contractDate: CivilDate(year: 2026, month: 2, day: 1)!, outstanding: moneyRU("-5 000")),
        ], asOf: asOf)
        #expect(report.lines.map(\.row.dealNumber) == ["MSK-2026-000001", "MSK-2026-000002", "MSK-2026-000003"])
        #expect(report.lines.map(\.bucket) == [.days31plus, .days8to30, .days0to7])
        #expect(report.totalsByBucket == [.days0to7: moneyRU("100 000"), .days8to30: moneyRU("250 000,50"), .days31plus: moneyRU("1 000 000")])
        #expect(report.totalsByManager["ivanov"] == [.days0to7: moneyRU("100 000"), .days8to30: .zero, .days31plus: moneyRU("1 000 000")])
        #expect(report.total == moneyRU("1 350 000,50"))
    }

    @Test func generatedReportTotalsEqualTheirRows() {
        var generator = SeededGenerator(seed: 20_260_310)
        let asOf = CivilDate(year: 2026, month: 6, day: 30)!
        for _ in 0..<50 {
            let rows = (0..<Int.random(in: 0...60, using: &generator)).map { index in
                ReceivableRow(dealNumber: "MSK-2026-\(index)", manager: ["a", "b", "c"].randomElement(using: &generator)!,
                              contractDate: asOf.adding(days: -Int.random(in: -2...90, using: &generator)),
                              outstanding: Money(kopecks: Int64.random(in: -1_000_000...500_000_000, using: &generator)))
            }
            let report = ReceivablesReport.build(rows: rows, asOf: asOf)
            let owing = rows.filter { $0.outstanding > .zero }
            #expect(report.lines.count == owing.count)
            #expect(report.total == owing.reduce(.zero) { $0 + $1.outstanding })
            #expect(report.totalsByBucket.values.reduce(.zero, +) == report.total)
            for bucket in AgeingBucket.allCases {
                let expected = owing.filter { AgeingBucket.bucket(contractDate: $0.contractDate, asOf: asOf) == bucket }
                    .reduce(.zero) { $0 + $1.outstanding }
                #expect(report.totalsByBucket[bucket] == expected)
                #expect(report.totalsByManager.values.reduce(.zero) { $0 + ($1[bucket] ?? .zero) } == expected)
            }
        }
    }
}

@Suite struct CashDayTests {
    let day = CivilDate(year: 2026, month: 3, day: 10)!

    @Test func workedExample() throws {
        // Opening 50 000 in the desk. Cash in 300 000 and 120 000,50; cash refund out 20 000;
        // card in 700 000; a pending cash 1 000 000 (ignored); a cash 10 000 entered by mistake
        // and reversed the same day (nets to zero).
        let mistaken = PaymentEntry(id: 6, direction: .incoming, method: .cash, amount: moneyRU("10 000"), date: day, state: .confirmed)
        let reversal = try PaymentRules.reverse(mistaken, reason: "ошибка", reversalID: 7, date: day).get()
        let summary = CashDay.summarize(openingBalance: moneyRU("50 000"), entries: [
            PaymentEntry(id: 1, direction: .incoming, method: .cash, amount: moneyRU("300 000"), date: day, state: .confirmed),
            PaymentEntry(id: 2, direction: .incoming, method: .cash, amount: moneyRU("120 000,50"), date: day, state: .confirmed),
            PaymentEntry(id: 3, direction: .outgoing, method: .cash, amount: moneyRU("20 000"), date: day, state: .confirmed),
            PaymentEntry(id: 4, direction: .incoming, method: .card, amount: moneyRU("700 000"), date: day, state: .confirmed),
            PaymentEntry(id: 5, direction: .incoming, method: .cash, amount: moneyRU("1 000 000"), date: day, state: .pending),
            reversal.original, reversal.reversal,
        ])
        #expect(summary.totals[CashDayKey(method: .cash, direction: .incoming)] == moneyRU("420 000,50"))
        #expect(summary.totals[CashDayKey(method: .cash, direction: .outgoing)] == moneyRU("20 000"))
        #expect(summary.totals[CashDayKey(method: .card, direction: .incoming)] == moneyRU("700 000"))
        #expect(summary.totals[CashDayKey(method: .loan, direction: .incoming)] == .zero)
        #expect(summary.totals.count == 10)
        #expect(summary.totalIncoming == moneyRU("1 120 000,50"))
        #expect(summary.totalOutgoing == moneyRU("20 000"))
        // Closing = 50 000 + 420 000,50 − 20 000 = 450 000,50 (card money is not in the desk).
        #expect(summary.closingBalance == moneyRU("450 000,50"))
        #expect(summary.rows(for: CashDayKey(method: .cash, direction: .incoming)).map(\.id) == [1, 2, 6, 7])
        #expect(!summary.rows.contains { $0.id == 5 })
    }

    /// Property: over generated journals, every total equals the sum of the
    /// rows behind it, and the closing balance is the opening plus the
    /// cash rows — whatever mix of states, methods and reversals.
    @Test func totalsEqualTheSumOfTheirRows() throws {
        var generator = SeededGenerator(seed: 0x4B49_5445)
        for round in 0..<200 {
            var entries: [PaymentEntry] = []
            var nextID: Int64 = 1
            for _ in 0..<Int.random(in: 0...80, using: &generator) {
                let direction = PaymentDirection.allCases.randomElement(using: &generator)!
                var method = PaymentMethod.allCases.randomElement(using: &generator)!
                if direction == .outgoing && method.isIncomingOnly { method = .cash }
                let state: PaymentState = Int.random(in: 0..<4, using: &generator) == 0 ? .pending : .confirmed
                var payment = PaymentEntry(id: nextID, direction: direction, method: method,
                                           amount: Money(kopecks: Int64.random(in: 1...1_000_000_000, using: &generator)),
                                           date: day, state: state)
                nextID += 1
                if state == .confirmed && Int.random(in: 0..<5, using: &generator) == 0 {
                    let reversal = try PaymentRules.reverse(payment, reason: "r", reversalID: nextID, date: day).get()
                    nextID += 1
                    payment = reversal.original
                    entries.append(reversal.reversal)
                }
                entries.append(payment)
            }
            entries.shuffle(using: &generator)
            let opening = Money(kopecks: Int64.random(in: 0...10_000_000_000, using: &generator))
            let summary = CashDay.summarize(openingBalance: opening, entries: entries)

            var gridSum = Money.zero
            for key in CashDayKey.all {
                let behind = summary.rows(for: key).reduce(Money.zero) { $0 + $1.amount }
                #expect(summary.totals[key] == behind, "round \(round) \(key)")
                gridSum += summary.totals[key]!
            }
            #expect(gridSum == summary.totalIncoming + summary.totalOutgoing)
            #expect(summary.rows.count == entries.filter { $0.state != .pending }.count)
            // Independently: reversed pairs cancel, so the totals equal the confirmed, non-reversed originals.
            let live = entries.filter { $0.state == .confirmed && !$0.isReversal }
            let liveIn = live.filter { $0.direction == .incoming }.reduce(Money.zero) { $0 + $1.amount }
            let liveOut = live.filter { $0.direction == .outgoing }.reduce(Money.zero) { $0 + $1.amount }
            #expect(summary.totalIncoming == liveIn, "round \(round)")
            #expect(summary.totalOutgoing == liveOut, "round \(round)")
            let cashNet = live.filter { $0.method == .cash }.reduce(Money.zero) { $0 + $1.signedAmount }
            #expect(summary.closingBalance == opening + cashNet, "round \(round)")
        }
    }
}
