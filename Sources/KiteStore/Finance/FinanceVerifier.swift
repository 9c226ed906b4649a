import Foundation
import KiteDomain

/// One thing the journal and the stored figures disagree on.
public struct FinanceDiscrepancy: Sendable, Hashable, CustomStringConvertible {
    public var subject: String
    public var message: String
    public var description: String { "\(subject): \(message)" }
}

public struct FinanceVerification: Sendable {
    public var payments = 0
    public var deals = 0
    public var cashDays = 0
    public var discrepancies: [FinanceDiscrepancy] = []
    public var isClean: Bool { discrepancies.isEmpty }
}

/// `kite finance verify`: recomputes every deal balance and every closed cash
/// day from the payment journal with the domain rules (independently of the
/// trigger-kept totals and the stored day figures) and lists every difference,
/// plus the journal's own invariants (reversals mirror their originals, one
/// reversal per reversed payment, trade-in offsets within the deal's credit,
/// no pending cash in a closed day, a cancelled payment never confirmed).
/// Cancelled payments count in no balance and no day, like pending ones. Reads one consistent snapshot.
public struct FinanceVerifier {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    struct JournalRow: Decodable {
        var id: Int64
        var dealershipID: Int64
        var direction: PaymentDirection
        var kind: PaymentKind
        var method: PaymentMethod
        var amount: Money
        var paymentDate: String
        var dealID: Int64?
        var state: PaymentState
        var reversesPaymentID: Int64?
        var reason: String
        var confirmedBy: String?
        var cancelledBy: String?
        var cancelReason: String
    }

    struct DealRow: Decodable {
        var id: Int64
        var number: String
        var amountDue: Money
        var tradeInCredit: Money
        var received: Money?
        var refunded: Money?
        var tradeInOffset: Money?
        var entries: Int?
    }

    public func run() throws -> FinanceVerification {
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        defer { _ = try? connection.execute("ROLLBACK") }
        var result = FinanceVerification()
        func problem(_ subject: String, _ message: String) {
            result.discrepancies.append(FinanceDiscrepancy(subject: subject, message: message))
        }

        let rows = try connection.fetch(JournalRow.self, """
            SELECT id, dealership_id, direction, kind, method, amount, payment_date::text AS payment_date, deal_id, state,
                   reverses_payment_id, reason, confirmed_by, cancelled_by, cancel_reason
            FROM payments ORDER BY id
            """)
        result.payments = rows.count
        var entries: [Int64: PaymentEntry] = [:]
        var rowByID: [Int64: JournalRow] = [:]
        for row in rows {
            guard let date = CivilDate.parseISO(row.paymentDate) else {
                problem("payment \(row.id)", "unreadable date \(row.paymentDate)")
                continue
            }
            entries[row.id] = PaymentEntry(id: row.id, direction: row.direction, method: row.method, amount: row.amount,
                                           date: date, state: row.state, reversesPaymentID: row.reversesPaymentID,
                                           reason: row.reason, kind: row.kind)
            rowByID[row.id] = row
        }

        // Reversals mirror their originals; each reversed payment has exactly one.
        var reversalsOf: [Int64: [Int64]] = [:]
        for row in rows {
            if (row.state == .confirmed || row.state == .reversed) && row.confirmedBy == nil {
                problem("payment \(row.id)", "\(row.state.rawValue) without who confirmed it")
            }
            if row.state == .cancelled {
                if row.confirmedBy != nil { problem("payment \(row.id)", "cancelled but confirmed by \(row.confirmedBy!)") }
                if row.cancelledBy == nil || row.cancelReason.trimmingCharacters(in: .whitespaces).isEmpty {
                    problem("payment \(row.id)", "cancelled without who cancelled it and why")
                }
            }
            guard let originalID = row.reversesPaymentID else { continue }
            reversalsOf[originalID, default: []].append(row.id)
            guard let original = rowByID[originalID] else {
                problem("payment \(row.id)", "reverses payment \(originalID), which does not exist")
                continue
            }
            if row.amount != -original.amount || row.direction != original.direction || row.method != original.method
                || row.kind != original.kind || row.dealID != original.dealID || row.dealershipID != original.dealershipID {
                problem("payment \(row.id)", "reversal does not mirror payment \(originalID) (\(row.amount) vs \(original.amount))")
            }
            if row.state != .confirmed { problem("payment \(row.id)", "reversal entry is \(row.state.rawValue), not confirmed") }
            if original.state != .reversed {
                problem("payment \(originalID)", "has reversal \(row.id) but is \(original.state.rawValue), not reversed")
            }
        }
        for row in rows where row.state == .reversed && (reversalsOf[row.id]?.count ?? 0) != 1 {
            problem("payment \(row.id)", "reversed with \(reversalsOf[row.id]?.count ?? 0) reversal entries (expected one)")
        }

        // Deal balances: the journal through the domain rules against the stored totals.
        var byDeal: [Int64: [PaymentEntry]] = [:]
        for row in rows { if let deal = row.dealID, let entry = entries[row.id] { byDeal[deal, default: []].append(entry) } }
        let deals = try connection.fetch(DealRow.self, """
            SELECT d.id, d.number, d.amount_due, d.trade_in_credit, t.received, t.refunded, t.trade_in_offset, t.entries
            FROM deals d LEFT JOIN deal_payment_totals t ON t.deal_id = d.id
            WHERE t.deal_id IS NOT NULL OR EXISTS (SELECT 1 FROM payments p WHERE p.deal_id = d.id)
            ORDER BY d.id
            """)
        result.deals = deals.count
        for deal in deals {
            let computed = DealBalance.compute(due: deal.amountDue, payments: byDeal[deal.id] ?? [])
            let stored = DealBalance.from(due: deal.amountDue, received: deal.received ?? .zero,
                                          refunded: deal.refunded ?? .zero, tradeInOffset: deal.tradeInOffset ?? .zero,
                                          hasPayments: (deal.entries ?? 0) > 0)
            if computed.received != stored.received || computed.refunded != stored.refunded
                || computed.tradeInOffset != stored.tradeInOffset {
                problem("deal \(deal.number)", "journal gives received \(computed.received), refunded \(computed.refunded), trade-in \(computed.tradeInOffset); stored totals say \(stored.received), \(stored.refunded), \(stored.tradeInOffset)")
            } else if computed.state != stored.state {
                problem("deal \(deal.number)", "payment state \(computed.state.rawValue) from the journal, \(stored.state.rawValue) stored")
            }
            if computed.tradeInOffset > deal.tradeInCredit {
                problem("deal \(deal.number)", "trade-in offsets \(computed.tradeInOffset) exceed the trade-in credit \(deal.tradeInCredit)")
            }
        }

        // Closed cash days: recomputed from the journal against the stored figures.
        let closures = try CashDayRepository(connection: connection).closures()
        result.cashDays = closures.count
        var cashByDealership: [Int64: [PaymentEntry]] = [:]
        for row in rows where row.method == .cash {
            if let entry = entries[row.id] { cashByDealership[row.dealershipID, default: []].append(entry) }
        }
        for closure in closures {
            let cash = cashByDealership[closure.dealershipID] ?? []
            let subject = "cash day \(closure.day.russianText) of dealership \(closure.dealershipID)"
            let opening = cash.filter { $0.countsInBalances && $0.date < closure.day }
                .reduce(Money.zero) { $0 + $1.signedAmount }
            let day = cash.filter { $0.date == closure.day }
            let summary = CashDay.summarize(openingBalance: opening, entries: day)
            let cashIn = summary.totals[CashDayKey(method: .cash, direction: .incoming)] ?? .zero
            let cashOut = summary.totals[CashDayKey(method: .cash, direction: .outgoing)] ?? .zero
            if opening != closure.openingBalance { problem(subject, "opening balance \(opening) from the journal, \(closure.openingBalance) stored") }
            if cashIn != closure.cashIn { problem(subject, "cash in \(cashIn) from the journal, \(closure.cashIn) stored") }
            if cashOut != closure.cashOut { problem(subject, "cash out \(cashOut) from the journal, \(closure.cashOut) stored") }
            if summary.closingBalance != closure.closingBalance {
                problem(subject, "closing balance \(summary.closingBalance) from the journal, \(closure.closingBalance) stored")
            }
            if summary.rows.count != closure.entries { problem(subject, "\(summary.rows.count) cash entries in the journal, \(closure.entries) stored") }
            let pending = cash.filter { $0.state == .pending && $0.date <= closure.day }
            if !pending.isEmpty {
                problem(subject, "pending cash payments in a closed day: " + pending.map { "\($0.id)" }.joined(separator: ", "))
            }
        }
        return result
    }
}
