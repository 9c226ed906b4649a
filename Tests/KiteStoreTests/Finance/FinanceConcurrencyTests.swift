import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Synchronization
import Testing

/// Set by the worker that closes the cash days once it has closed them.
final class ClosesDone: Sendable {
    private let flag = Mutex(false)
    var value: Bool {
        get { flag.withLock { $0 } }
        set { flag.withLock { $0 = newValue } }
    }
}

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
        /// Cash entries refused because their day was closed meanwhile.
        var closedDayRefusals = 0
        /// Days this worker closed, with the cash entries they held right then.
        var closed: [ClosedDay] = []
    }

    /// A cash day as the worker closed it: what must never change afterwards.
    struct ClosedDay: Sendable {
        var day: CivilDate
        var closure: CashDayClosure
        var entries: [CashEntry]
        /// The newest payment id when the day was closed (others kept working after it).
        var lastIDAtClose: Int64
    }

    struct CashEntry: Decodable, Sendable, Hashable {
        var id: Int64
        var paymentDate: String
        var direction: String
        var amount: Money
        var reversesPaymentID: Int64?
    }

    struct WorkloadFailure: Error, CustomStringConvertible {
        var description: String
    }

    static let days = (0..<3).map { FinanceFixture.day.adding(days: $0) }

    /// The counting cash entries of a dealership dated on or before `day`.
    static func cashEntries(_ connection: PGConnection, dealershipID: Int64, upTo day: CivilDate) throws -> [CashEntry] {
        try connection.fetch(CashEntry.self, """
            SELECT id, payment_date::text AS payment_date, direction, amount, reverses_payment_id FROM payments
            WHERE dealership_id = \(dealershipID) AND method = 'cash' AND state IN ('confirmed', 'reversed')
              AND payment_date <= \(day)::date
            ORDER BY id
            """)
    }

    /// A cash entry dated on a day that got closed under it: the database refuses it.
    static func isClosedDayRefusal(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.constraint == "payments_cash_day_closed"
    }

    /// What finance does at the end of a day while the others keep working:
    /// confirm the day's pending cash, then close it; retried while new
    /// pending cash keeps arriving for that day.
    static func closeDay(_ day: CivilDate, connection: PGConnection, dealershipID: Int64, actor: String,
                         done: inout Done) throws {
        let repository = PaymentRepository(connection: connection)
        for _ in 0..<200 {
            let pending = try connection.fetch(Int64.self, """
                SELECT id FROM payments WHERE dealership_id = \(dealershipID) AND method = 'cash' AND state = 'pending'
                  AND payment_date <= \(day)::date ORDER BY id
                """)
            for id in pending {
                do {
                    let confirmed = try repository.confirm(id: id, actor: actor)
                    done.confirms += 1
                    let signed = confirmed.direction == .incoming ? confirmed.amount : -confirmed.amount
                    done.moved[confirmed.dealID!, default: .zero] += signed
                } catch is FinanceRefusal {
                    done.refusals += 1
                }
            }
            do {
                let closure = try CashDayRepository(connection: connection).close(dealershipID: dealershipID, day: day, actor: actor)
                let entries = try cashEntries(connection, dealershipID: dealershipID, upTo: day)
                let lastID = try connection.fetchOne(Int64.self, "SELECT max(id) FROM payments") ?? 0
                done.closed.append(ClosedDay(day: day, closure: closure, entries: entries, lastIDAtClose: lastID))
                return
            } catch is FinanceRefusal {
                continue  // pending cash for the day arrived between the confirms and the close
            }
        }
        throw WorkloadFailure(description: "cash day \(day.russianText) could not be closed in 200 attempts")
    }

    @Test("""
        many connections entering, confirming and reversing payments while finance closes cash days: \
        nothing lost or counted twice, closed days unchanged, verify is clean
        """)
    func concurrentWorkloadThenVerify() throws {
        let f = try FinanceFixture()
        var deals: [Int64] = []
        for number in 1...6 { deals.append(try f.deal(number: number, due: rub("10 000 000"))) }
        let dealIDs = deals
        let conninfo = f.conninfo, dealershipID = f.dealership.id
        let threads = 8, operations = 60
        let results = ThreadResults<Done>()
        let closesDone = ClosesDone()
        runOnThreads(threads, results: results) { index in
            let connection = try PGConnection(conninfo)
            let repository = PaymentRepository(connection: connection)
            var generator = SeededGenerator(seed: UInt64(index + 1))
            var done = Done()
            var amountOf: [Int64: (deal: Int64, amount: Money, direction: PaymentDirection)] = [:]
            // The others keep working until the closes are done, and a few
            // operations beyond, so each close happens in the middle of the work.
            var operation = 0, afterCloses = 0
            while operation < operations || (index != 0 && afterCloses < 5 && operation < 20 * operations) {
                defer {
                    operation += 1
                    if closesDone.value { afterCloses += 1 }
                }
                // Worker 0 is also finance at the end of the day: it closes the
                // first two days a third and two thirds of the way through.
                if index == 0, operation == operations / 3 || operation == 2 * operations / 3 {
                    let day = Self.days[operation == operations / 3 ? 0 : 1]
                    try Self.closeDay(day, connection: connection, dealershipID: dealershipID, actor: "worker0", done: &done)
                    if day == Self.days[1] { closesDone.value = true }
                }
                switch Int.random(in: 0..<10, using: &generator) {
                case 0..<4:
                    let deal = dealIDs.randomElement(using: &generator)!
                    let refund = Int.random(in: 0..<6, using: &generator) == 0
                    let method: PaymentMethod = [.cash, .card, .bankTransfer].randomElement(using: &generator)!
                    let amount = Money(kopecks: Int64.random(in: 100...50_000_000, using: &generator))
                    let draft = PaymentDraft(dealershipID: dealershipID, kind: refund ? .refund : .payment, method: method,
                                             amount: amount, date: Self.days.randomElement(using: &generator)!, dealID: deal)
                    let payment: Payment
                    do {
                        payment = try repository.insert(draft, actor: "worker\(index)")
                    } catch where Self.isClosedDayRefusal(error) {
                        done.closedDayRefusals += 1
                        continue
                    }
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
                    } catch where Self.isClosedDayRefusal(error) {
                        done.closedDayRefusals += 1
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
                    } catch where Self.isClosedDayRefusal(error) {
                        // The next open day moved on between reading it and writing the reversal.
                        done.closedDayRefusals += 1
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

        // The two closed days: their cash entries are exactly those of closing
        // time (a reversal of one is dated on an open day), and others kept
        // entering payments after each close.
        let closed = all.flatMap(\.closed).sorted { $0.day < $1.day }
        #expect(closed.map(\.day) == Array(Self.days.prefix(2)))
        for day in closed {
            #expect(try Self.cashEntries(f.connection, dealershipID: dealershipID, upTo: day.day) == day.entries,
                    "cash entries of the closed day \(day.day.russianText)")
            #expect(try f.cashDays.closure(dealershipID: dealershipID, day: day.day) == day.closure)
            #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM payments WHERE id > \(day.lastIDAtClose)")! > 0,
                    "payments entered after closing \(day.day.russianText)")
        }
        #expect(closed.contains { $0.closure.entries > 0 })

        let verification = try FinanceVerifier(connection: f.connection).run()
        #expect(verification.discrepancies == [])
        #expect(verification.payments == entered.count + (reversals ?? 0))
        #expect(verification.deals == dealIDs.count)
        #expect(verification.cashDays == 2)
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
