import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Synchronization
import Testing

@Suite("Finance under concurrency, and finance verify")
struct FinanceConcurrencyTests {
    /// What one worker thread did, for the test's own ledger.
    struct Done: Sendable {
        var entered: [Int64] = []
        /// Per deal: money that the worker's successful confirms and reversals moved.
        var moved: [Int64: Money] = [:]
        var confirms = 0
        var reversals = 0
        var refusals = 0
    }

    @Test("many connections entering, confirming and reversing payments: nothing lost or counted twice, verify is clean")
    func concurrentWorkloadThenVerify() throws {
        let f = try FinanceFixture()
        var deals: [Int64] = []
        for number in 1...6 { deals.append(try f.deal(number: number, due: rub("10 000 000"))) }
        let dealIDs = deals
        let conninfo = f.conninfo, dealershipID = f.dealership.id
        let threads = 8, operations = 60
        let results = ThreadResults<Done>()
        runOnThreads(threads, results: results) { index in
            let connection = try PGConnection(conninfo)
            let repository = PaymentRepository(connection: connection)
            var generator = SeededGenerator(seed: UInt64(index + 1))
            var done = Done()
            var amountOf: [Int64: (deal: Int64, amount: Money, direction: PaymentDirection)] = [:]
            for _ in 0..<operations {
                switch Int.random(in: 0..<10, using: &generator) {
                case 0..<4:
                    let deal = dealIDs.randomElement(using: &generator)!
                    let refund = Int.random(in: 0..<6, using: &generator) == 0
                    let method: PaymentMethod = [.cash, .card, .bankTransfer].randomElement(using: &generator)!
                    let amount = Money(kopecks: Int64.random(in: 100...50_000_000, using: &generator))
                    let draft = PaymentDraft(dealershipID: dealershipID, kind: refund ? .refund : .payment, method: method,
                                             amount: amount, date: FinanceFixture.day, dealID: deal)
                    let payment = try repository.insert(draft, actor: "worker\(index)")
                    done.entered.append(payment.id)
                    amountOf[payment.id] = (deal, amount, draft.direction)
                case 4..<8:
                    // Confirm someone's pending payment: other threads race for the same ones.
                    guard let id = try connection.fetchOne(Int64.self, """
                        SELECT id FROM payments WHERE state = 'pending' ORDER BY random() LIMIT 1
                        """) else { continue }
                    do {
                        let confirmed = try repository.confirm(id: id, actor: "worker\(index)")
                        done.confirms += 1
                        let signed = confirmed.direction == .incoming ? confirmed.amount : -confirmed.amount
                        done.moved[confirmed.dealID!, default: .zero] += signed
                    } catch is FinanceRefusal {
                        done.refusals += 1
                    }
                default:
                    guard let id = try connection.fetchOne(Int64.self, """
                        SELECT id FROM payments WHERE state = 'confirmed' AND reverses_payment_id IS NULL ORDER BY random() LIMIT 1
                        """) else { continue }
                    do {
                        let (reversal, _) = try repository.reverse(id: id, reason: "worker\(index) test",
                                                                   actor: "worker\(index)", today: FinanceFixture.day)
                        done.reversals += 1
                        let signed = reversal.direction == .incoming ? reversal.amount : -reversal.amount
                        done.moved[reversal.dealID!, default: .zero] += signed
                    } catch is FinanceRefusal {
                        done.refusals += 1
                    }
                }
            }
            _ = amountOf
            results.append(done)
        }
        #expect(results.errors == [])
        let all = results.values
        #expect(all.count == threads)
        // No payment lost: every entered id is in the journal, no others besides reversals.
        let entered = all.flatMap(\.entered)
        #expect(Set(entered).count == entered.count)
        let originals = try f.connection.fetch(Int64.self, "SELECT id FROM payments WHERE reverses_payment_id IS NULL ORDER BY id")
        #expect(Set(originals) == Set(entered))
        let reversals = try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM payments WHERE reverses_payment_id IS NOT NULL")
        #expect(reversals == all.reduce(0) { $0 + $1.reversals })
        let confirmedOrReversed = try f.connection.fetchOne(Int.self,
            "SELECT count(*)::int FROM payments WHERE reverses_payment_id IS NULL AND state <> 'pending'")
        #expect(confirmedOrReversed == all.reduce(0) { $0 + $1.confirms })
        // Nothing counted twice: each deal's paid is exactly what the workers' successes moved.
        var moved: [Int64: Money] = [:]
        for done in all { for (deal, amount) in done.moved { moved[deal, default: .zero] += amount } }
        let balances = try f.payments.balances(dealIDs: dealIDs)
        for deal in dealIDs { #expect(balances[deal]?.paid == moved[deal, default: .zero], "deal \(deal)") }
        #expect(all.reduce(0) { $0 + $1.confirms } > 10)
        #expect(all.reduce(0) { $0 + $1.reversals } > 3)

        let verification = try FinanceVerifier(connection: f.connection).run()
        #expect(verification.discrepancies == [])
        #expect(verification.payments == entered.count + (reversals ?? 0))
        #expect(verification.deals == dealIDs.count)
    }

    @Test("verify names a stored total that disagrees with the journal, and a tampered closed day")
    func verifyFindsTampering() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 1, due: rub("1 000 000"))
        try f.confirmed(.payment, .cash, "100 000", deal: deal)
        try f.cashDays.close(dealershipID: f.dealership.id, day: FinanceFixture.day, actor: "kuznetsov")
        #expect(try FinanceVerifier(connection: f.connection).run().isClean)
        // Bypass the triggers as a superuser would (replication mode) and break things.
        try f.connection.execute("SET session_replication_role = replica")
        try f.connection.execute("UPDATE deal_payment_totals SET received = received + 1 WHERE deal_id = \(deal)")
        try f.connection.execute("UPDATE cash_days SET cash_in = cash_in + 5, closing_balance = closing_balance + 5")
        try f.connection.execute("SET session_replication_role = origin")
        let found = try FinanceVerifier(connection: f.connection).run().discrepancies.map(\.description)
        #expect(found.count == 3)
        #expect(found.contains { $0.hasPrefix("deal MSK-2026-000001: journal gives received 100000.00") })
        #expect(found.contains { $0.contains("cash in 100000.00 from the journal, 100005.00 stored") })
        #expect(found.contains { $0.contains("closing balance 100000.00 from the journal, 100005.00 stored") })
    }
}
