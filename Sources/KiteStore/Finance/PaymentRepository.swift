import Foundation
import KiteDomain

/// The payment journal: entry, pending edits, confirmation, reversal, the
/// payments list, and the deal balances the deal screens and rules read.
///
/// The rules that two people can race on live in the database (0007_finance.sql):
/// confirming is a conditional update, so of two terminals confirming one
/// payment exactly one wins; a reversal locks its original; the closed-cash-day
/// lock is a trigger. Confirming, cancelling and reversing are the database's
/// commands (`kite_payment_confirm` …, migration 0037), which check the role and
/// record the login; a person's login may not UPDATE the state itself.
public struct PaymentRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    static let fromClause = """
        FROM payments p
        JOIN dealerships ds ON ds.id = p.dealership_id
        LEFT JOIN deals d ON d.id = p.deal_id
        LEFT JOIN customers c ON c.id = d.customer_id
        LEFT JOIN trips tr ON tr.id = p.trip_id
        """

    var writes: VersionedWrites { VersionedWrites("payment", table: Payment.table, on: connection) }

    func fetchPayments(_ sql: SQL) throws -> [Payment] {
        try connection.fetch(Payment.self, sql)
    }

    // MARK: - Reads

    public func get(id: Int64) throws -> Payment? {
        try fetchPayments("SELECT \(fragment: Payment.selectList) \(raw: Self.fromClause) WHERE p.id = \(id)").first
    }

    /// A payment and everything linked to it: its reversal (or the payment it
    /// reverses), in entry order. What the card shows as its history.
    public func history(id: Int64) throws -> [Payment] {
        try fetchPayments("""
            SELECT \(fragment: Payment.selectList) \(raw: Self.fromClause)
            WHERE p.id = \(id) OR p.reverses_payment_id = \(id)
               OR p.id = (SELECT reverses_payment_id FROM payments WHERE id = \(id))
            ORDER BY p.id
            """)
    }

    /// The deal's journal, oldest first.
    public func payments(dealID: Int64) throws -> [Payment] {
        try fetchPayments("SELECT \(fragment: Payment.selectList) \(raw: Self.fromClause) WHERE p.deal_id = \(dealID) ORDER BY p.id")
    }

    /// One page of the payments list, newest first; `after` is the last row shown.
    public func page(filter: PaymentFilter, after: PaymentCursor? = nil, limit: Int = 100) throws -> [Payment] {
        var conditions = Self.conditions(filter)
        if let after {
            conditions.append("(p.payment_date, p.id) < (\(after.date), \(after.id))")
        }
        var sql: SQL = "SELECT \(fragment: Payment.selectList) \(raw: Self.fromClause)"
        if !conditions.isEmpty { sql += " WHERE " + SQL.joined(conditions, separator: " AND ") }
        sql += " ORDER BY p.payment_date DESC, p.id DESC LIMIT \(max(0, limit))"
        return try fetchPayments(sql)
    }

    /// Every payment of the filter, oldest first, in batches (exports).
    public func forEachBatch(filter: PaymentFilter, batchSize: Int = 2_000, _ body: ([Payment]) throws -> Void) throws {
        var after: (CivilDate, Int64)?
        while true {
            var conditions = Self.conditions(filter)
            if let after { conditions.append("(p.payment_date, p.id) > (\(after.0), \(after.1))") }
            var sql: SQL = "SELECT \(fragment: Payment.selectList) \(raw: Self.fromClause)"
            if !conditions.isEmpty { sql += " WHERE " + SQL.joined(conditions, separator: " AND ") }
            sql += " ORDER BY p.payment_date, p.id LIMIT \(batchSize)"
            let batch = try fetchPayments(sql)
            if batch.isEmpty { return }
            try body(batch)
            after = (batch.last!.date, batch.last!.id)
            if batch.count < batchSize { return }
        }
    }

    static func conditions(_ filter: PaymentFilter) -> [SQL] {
        var conditions: [SQL] = []
        if let from = filter.from { conditions.append("p.payment_date >= \(from)") }
        if let to = filter.to { conditions.append("p.payment_date <= \(to)") }
        if let id = filter.dealershipID { conditions.append("p.dealership_id = \(id)") }
        if let method = filter.method { conditions.append("p.method = \(method)") }
        if let direction = filter.direction { conditions.append("p.direction = \(direction)") }
        if let state = filter.state { conditions.append("p.state = \(state)") }
        if let dealID = filter.dealID { conditions.append("p.deal_id = \(dealID)") }
        for word in filter.words {
            let pattern = "%" + likeEscaped(word) + "%"
            conditions.append("""
                (d.number ILIKE \(pattern) OR c.name ILIKE \(pattern) OR p.counterparty ILIKE \(pattern)
                 OR p.document_ref ILIKE \(pattern) OR p.purpose ILIKE \(pattern))
                """)
        }
        return conditions
    }

    // MARK: - Entering and editing (pending only)

    /// Records a new pending payment. The caller validated the draft
    /// (`draft.issues`); the database checks the same rules again.
    @discardableResult
    public func insert(_ draft: PaymentDraft, actor: String) throws -> Payment {
        try connection.transaction { connection in
            let id = try connection.fetchOne(Int64.self, Payment.insert(Payment(draft), actor: actor) + " RETURNING id")!
            let repository = PaymentRepository(connection: connection)
            try repository.writes.auditRow(id: id, action: "insert", actor: actor)
            return try repository.get(id: id)!
        }
    }

    /// Changes a pending payment if it is still pending and at `expectedVersion`.
    @discardableResult
    public func update(id: Int64, _ draft: PaymentDraft, expectedVersion: Int, actor: String) throws -> Payment {
        try connection.transaction { connection in
            let result = try connection.execute(Payment.update(Payment(draft), actor: actor)
                + " WHERE id = \(id) AND state = 'pending' AND version = \(expectedVersion)")
            let repository = PaymentRepository(connection: connection)
            guard result.affectedRows == 1 else {
                guard let current = try repository.get(id: id) else { throw NotFoundError(entity: "payment", id: id) }
                if current.state != .pending { throw Self.notPendingRefusal(current) }
                throw repository.writes.stale(current, expectedVersion: expectedVersion)
            }
            try repository.writes.auditRow(id: id, action: "update", actor: actor)
            return try repository.get(id: id)!
        }
    }

    // MARK: - Confirming and reversing (finance)

    /// pending → confirmed. Two terminals confirming at once: the conditional
    /// update lets exactly one through; the other gets a refusal that names
    /// who confirmed it and when.
    @discardableResult
    public func confirm(id: Int64, actor: String) throws -> Payment {
        try connection.transaction { connection in
            let confirmed = try StateCommand.run(role: .financeRole, action: "confirm") {
                try connection.fetchOne(Bool.self, "SELECT kite_payment_confirm(\(id), \(actor)::text)") == true
            }
            let repository = PaymentRepository(connection: connection)
            guard let current = try repository.get(id: id) else { throw NotFoundError(entity: "payment", id: id) }
            guard confirmed else { throw Self.notPendingRefusal(current) }
            try repository.writes.auditRow(id: id, action: "confirm", actor: actor)
            return current
        }
    }

    static func utcMinute(_ date: Date?) -> String {
        date.map { PGDateText.format($0).prefix(16).replacingOccurrences(of: "T", with: " ") } ?? ""
    }

    static func notPendingRefusal(_ payment: Payment) -> FinanceRefusal {
        let who = payment.confirmedBy ?? "?"
        let when = utcMinute(payment.confirmedAt)
        switch payment.state {
        case .cancelled:
            return cancelledRefusal(payment)
        case .pending:
            return FinanceRefusal("payment_pending", ru: "Платёж №\(payment.id) ещё не подтверждён", en: "Payment #\(payment.id) is still pending")
        case .confirmed:
            return FinanceRefusal("payment_confirmed", ru: "Платёж №\(payment.id) уже подтвердил \(who) \(when) UTC",
                                  en: "Payment #\(payment.id) was already confirmed by \(who) at \(when) UTC")
        case .reversed:
            return FinanceRefusal("payment_reversed", ru: "Платёж №\(payment.id) уже подтверждён и сторнирован",
                                  en: "Payment #\(payment.id) was confirmed and reversed already")
        }
    }

    static func cancelledRefusal(_ payment: Payment) -> FinanceRefusal {
        let who = payment.cancelledBy ?? "?", when = utcMinute(payment.cancelledAt)
        return FinanceRefusal("payment_cancelled",
            ru: "Платёж №\(payment.id) отменил \(who) \(when) UTC (причина: \(payment.cancelReason)): отменённый платёж не меняется, не подтверждается и не сторнируется",
            en: "Payment #\(payment.id) was cancelled by \(who) at \(when) UTC (reason: \(payment.cancelReason)): a cancelled payment is never edited, confirmed or reversed")
    }

    // MARK: - Cancelling (pending only)

    /// pending → cancelled, for a payment entered by mistake: it stays in the
    /// journal with who, when and `reason`, and counts nowhere. A conditional
    /// update like `confirm`: of two terminals cancelling or confirming at once
    /// exactly one wins; the other gets a refusal naming who did what and when.
    /// The database lets only finance or the login that entered it cancel
    /// (0013_payment_cancel.sql).
    @discardableResult
    public func cancel(id: Int64, reason: String, actor: String) throws -> Payment {
        try connection.transaction { connection in
            let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            var affected = 0
            if !trimmed.isEmpty {
                affected = try StateCommand.run(role: .cancelRole, action: "cancel", values: ["id": String(id)]) {
                    try connection.fetchOne(Bool.self, "SELECT kite_payment_cancel(\(id), \(trimmed)::text, \(actor)::text)") == true
                } ? 1 : 0
            }
            let repository = PaymentRepository(connection: connection)
            guard let current = try repository.get(id: id) else { throw NotFoundError(entity: "payment", id: id) }
            guard affected == 1 else {
                switch current.state {
                case .cancelled: throw Self.cancelledRefusal(current)
                case .confirmed where current.isReversal:
                    throw FinanceRefusal("reversal_final",
                        ru: "Платёж №\(id) — сторно платежа №\(current.reversesPaymentID ?? 0): сторно не отменяется и не сторнируется; при ошибке внесите новый платёж",
                        en: "Payment #\(id) reverses payment #\(current.reversesPaymentID ?? 0): a reversal is neither cancelled nor reversed; if it was a mistake, enter a new payment")
                case .confirmed:
                    throw FinanceRefusal("payment_confirmed",
                        ru: "Платёж №\(id) уже подтвердил \(current.confirmedBy ?? "?") \(Self.utcMinute(current.confirmedAt)) UTC: отменить можно только ожидающий подтверждения, подтверждённый — сторнировать",
                        en: "Payment #\(id) was already confirmed by \(current.confirmedBy ?? "?") at \(Self.utcMinute(current.confirmedAt)) UTC: only a pending payment can be cancelled; reverse a confirmed one")
                case .pending, .reversed:
                    if case .failure(let refusal) = PaymentRules.cancel(current.entry, reason: trimmed) {
                        throw FinanceRefusal("payment_" + refusal.code, message: refusal.message)
                    }
                    throw Self.notPendingRefusal(current)
                }
            }
            try repository.writes.auditRow(id: id, action: "cancel", actor: actor)
            return current
        }
    }

    /// Reverses a confirmed payment: a confirmed entry with the opposite amount,
    /// linked to the original, with `reason`; the original becomes reversed.
    /// The reversal is dated `today`, or for cash the next open cash day of the
    /// dealership when today is already closed.
    @discardableResult
    public func reverse(id: Int64, reason: String, actor: String,
                        today: CivilDate = BookDay.today()) throws -> (reversal: Payment, original: Payment) {
        try connection.transaction { connection in
            let repository = PaymentRepository(connection: connection)
            guard try connection.fetchOne(Int64.self, "SELECT id FROM payments WHERE id = \(id) FOR UPDATE") != nil,
                  let original = try repository.get(id: id) else {
                throw NotFoundError(entity: "payment", id: id)
            }
            var date = max(today, original.date)
            if original.method == .cash {
                date = try CashDayRepository(connection: connection).nextOpenDay(dealershipID: original.dealershipID, from: date)
            }
            if case .failure(let refusal) = PaymentRules.reverse(original.entry, reason: reason, reversalID: 0, date: date) {
                throw FinanceRefusal("payment_" + refusal.code, message: refusal.message)
            }
            let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            let reversalID = try StateCommand.run(role: .financeRole, action: "reverse") {
                try connection.fetchOne(Int64.self, "SELECT kite_payment_reverse(\(id), \(trimmed)::text, \(date)::date, \(actor)::text)")!
            }
            try repository.writes.auditRow(id: id, action: "reverse", actor: actor)
            try repository.writes.auditRow(id: reversalID, action: "insert_reversal", actor: actor)
            return (try repository.get(id: reversalID)!, try repository.get(id: id)!)
        }
    }

    // MARK: - Deal balances

    struct BalanceRecord: Decodable {
        var id: Int64
        var amountDue: Money
        var received: Money
        var refunded: Money
        var tradeInOffset: Money
        var entries: Int
    }

    /// The payment balance of each deal, from its confirmed payments (the
    /// trigger-kept `deal_payment_totals`) against `deals.amount_due`. Every
    /// existing deal of `dealIDs` is in the result, with or without payments.
    public func balances(dealIDs: [Int64]) throws -> [Int64: DealBalance] {
        guard !dealIDs.isEmpty else { return [:] }
        let rows = try connection.fetch(BalanceRecord.self, """
            SELECT d.id, d.amount_due, coalesce(t.received, 0) AS received, coalesce(t.refunded, 0) AS refunded,
                   coalesce(t.trade_in_offset, 0) AS trade_in_offset, coalesce(t.entries, 0) AS entries
            FROM deals d LEFT JOIN deal_payment_totals t ON t.deal_id = d.id
            WHERE d.id = ANY(\(dealIDs))
            """)
        var result: [Int64: DealBalance] = [:]
        for row in rows {
            result[row.id] = DealBalance.from(due: row.amountDue, received: row.received, refunded: row.refunded,
                                              tradeInOffset: row.tradeInOffset, hasPayments: row.entries > 0)
        }
        return result
    }

    /// One deal's balance; nil when there is no such deal. To gate "delivered
    /// only when paid", call it in the transaction that marks the deal
    /// delivered, after locking the deal row FOR UPDATE: confirming and
    /// reversing share-lock that row, so the check cannot race them.
    public func balance(dealID: Int64) throws -> DealBalance? {
        try balances(dealIDs: [dealID])[dealID]
    }

    // MARK: - Deal picker

    struct DealPickRecord: Decodable {
        var id: Int64
        var number: String
        var dealershipID: Int64
        var stage: String
        var customerName: String?
        var managerLogin: String
    }

    /// Deals whose number or customer's name contains every word of `text`,
    /// newest first, with their balances.
    public func findDeals(matching text: String, limit: Int = 20) throws -> [DealPick] {
        var conditions: [SQL] = []
        for word in text.split(separator: " ").map(String.init) {
            let pattern = "%" + likeEscaped(word) + "%"
            conditions.append("(d.number ILIKE \(pattern) OR c.name ILIKE \(pattern))")
        }
        var sql: SQL = """
            SELECT d.id, d.number, d.dealership_id, d.stage, c.name AS customer_name, d.manager_login
            FROM deals d LEFT JOIN customers c ON c.id = d.customer_id
            """
        if !conditions.isEmpty { sql += " WHERE " + SQL.joined(conditions, separator: " AND ") }
        sql += " ORDER BY d.id DESC LIMIT \(max(1, limit))"
        return try picks(connection.fetch(DealPickRecord.self, sql))
    }

    /// The deal with exactly this number (`MSK-2026-000123`), if any.
    public func deal(number: String) throws -> DealPick? {
        try picks(connection.fetch(DealPickRecord.self, """
            SELECT d.id, d.number, d.dealership_id, d.stage, c.name AS customer_name, d.manager_login
            FROM deals d LEFT JOIN customers c ON c.id = d.customer_id
            WHERE d.number = \(number.trimmingCharacters(in: .whitespaces).uppercased())
            """)).first
    }

    private func picks(_ records: [DealPickRecord]) throws -> [DealPick] {
        let balances = try balances(dealIDs: records.map(\.id))
        return records.compactMap { record in
            guard let balance = balances[record.id] else { return nil }
            return DealPick(id: record.id, number: record.number, dealershipID: record.dealershipID, stage: record.stage,
                            customerName: record.customerName ?? "", managerLogin: record.managerLogin, balance: balance)
        }
    }
}
