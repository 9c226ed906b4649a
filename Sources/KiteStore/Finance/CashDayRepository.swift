import Foundation
import KiteDomain

/// A closed cash day as stored when it was closed.
public struct CashDayClosure: Sendable, Hashable {
    public var dealershipID: Int64
    public var day: CivilDate
    public var openingBalance: Money
    public var cashIn: Money
    public var cashOut: Money
    public var closingBalance: Money
    public var entries: Int
    public var closedAt: Date
    public var closedBy: String
}

/// One dealership's cash day: the domain summary and the rows behind it.
public struct CashDayReport: Sendable, Hashable {
    public var dealershipID: Int64
    public var day: CivilDate
    public var summary: CashDaySummary
    /// The entries behind the totals (confirmed, reversed and reversal entries), in entry order.
    public var payments: [Payment]
    /// Entries of the day still waiting for confirmation: not in any total.
    public var pending: [Payment]
    /// Set when the day itself was closed (and not reopened since).
    public var closure: CashDayClosure?
    /// The dealership's last standing closed day: a day on or before it is
    /// closed even without a closure of its own (closing a day closes the
    /// days before it).
    public var lastClosedDay: CivilDate?
    /// The dealership's today, in its time zone: a later day cannot be closed.
    public var today: CivilDate?

    /// Whether cash of this day is locked.
    public var isClosed: Bool { closure != nil || lastClosedDay.map { day <= $0 } == true }

    /// The payments behind one total of the grid.
    public func payments(for key: CashDayKey) -> [Payment] {
        payments.filter { $0.method == key.method && $0.direction == key.direction }
    }

    /// Cash received and paid out over the desk (reversals subtract).
    public var cashIn: Money { summary.totals[CashDayKey(method: .cash, direction: .incoming)] ?? .zero }
    public var cashOut: Money { summary.totals[CashDayKey(method: .cash, direction: .outgoing)] ?? .zero }
}

/// The cash day of a dealership: its report, closing it, the next open day.
public struct CashDayRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// The cash desk before `day`: every counting cash entry dated earlier.
    public func openingBalance(dealershipID: Int64, day: CivilDate) throws -> Money {
        try connection.fetchOne(Money.self, """
            SELECT coalesce(sum(CASE WHEN direction = 'incoming' THEN amount ELSE -amount END), 0)::numeric(14,2)
            FROM payments
            WHERE dealership_id = \(dealershipID) AND method = 'cash' AND state IN ('confirmed', 'reversed')
              AND payment_date < \(day)
            """) ?? .zero
    }

    public func report(dealershipID: Int64, day: CivilDate) throws -> CashDayReport {
        let opening = try openingBalance(dealershipID: dealershipID, day: day)
        let all = try PaymentRepository(connection: connection).fetchPayments("""
            SELECT \(fragment: Payment.selectList) \(raw: PaymentRepository.fromClause)
            WHERE p.dealership_id = \(dealershipID) AND p.payment_date = \(day)
            ORDER BY p.id
            """)
        let summary = CashDay.summarize(openingBalance: opening, entries: all.map(\.entry))
        return CashDayReport(dealershipID: dealershipID, day: day, summary: summary,
                             payments: all.filter { $0.entry.countsInBalances },
                             pending: all.filter { $0.state == .pending },
                             closure: try closure(dealershipID: dealershipID, day: day),
                             lastClosedDay: try lastClosedDay(dealershipID: dealershipID),
                             today: try today(dealershipID: dealershipID))
    }

    /// The dealership's calendar day now, in its time zone.
    public func today(dealershipID: Int64) throws -> CivilDate? {
        try connection.fetchOne(String.self, "SELECT kite_dealership_today(\(dealershipID))::text").flatMap(CivilDate.parseISO)
    }

    struct ClosureRecord: Decodable {
        var dealershipID: Int64
        var day: String
        var openingBalance: Money
        var cashIn: Money
        var cashOut: Money
        var closingBalance: Money
        var entries: Int
        var closedAt: Date
        var closedBy: String

        var closure: CashDayClosure {
            CashDayClosure(dealershipID: dealershipID, day: CivilDate.parseISO(day)!, openingBalance: openingBalance,
                           cashIn: cashIn, cashOut: cashOut, closingBalance: closingBalance, entries: entries,
                           closedAt: closedAt, closedBy: closedBy)
        }
    }

    static let closureColumns = """
        dealership_id, day::text AS day, opening_balance, cash_in, cash_out, closing_balance, entries, closed_at, closed_by
        """

    public func closure(dealershipID: Int64, day: CivilDate) throws -> CashDayClosure? {
        try connection.fetchOne(ClosureRecord.self, """
            SELECT \(raw: Self.closureColumns) FROM cash_days
            WHERE dealership_id = \(dealershipID) AND day = \(day) AND reopened_at IS NULL
            """)?.closure
    }

    /// Every closed day, per dealership in date order (for `finance verify`).
    public func closures() throws -> [CashDayClosure] {
        try connection.fetch(ClosureRecord.self,
            "SELECT \(raw: Self.closureColumns) FROM cash_days WHERE reopened_at IS NULL ORDER BY dealership_id, day")
            .map(\.closure)
    }

    public func lastClosedDay(dealershipID: Int64) throws -> CivilDate? {
        struct Last: Decodable { var last: String? }
        return try connection.fetchOne(Last.self,
            "SELECT kite_last_closed_cash_day(\(dealershipID))::text AS last")?.last.flatMap(CivilDate.parseISO)
    }

    /// `day`, or the day after the dealership's last closed cash day when that is later.
    public func nextOpenDay(dealershipID: Int64, from day: CivilDate) throws -> CivilDate {
        guard let last = try lastClosedDay(dealershipID: dealershipID), last >= day else { return day }
        return last.adding(days: 1)
    }

    /// Closes the cash day: stores the desk's opening, in, out and closing
    /// balance; from then on cash entries dated on or before it are locked.
    /// Refused while cash payments of the day (or earlier) wait for confirmation.
    @discardableResult
    public func close(dealershipID: Int64, day: CivilDate, actor: String) throws -> CashDayClosure {
        try connection.transaction { connection in
            // Exclusive: no cash entry of this dealership is confirmed meanwhile.
            try connection.execute("SELECT kite_lock_cash_desk(\(dealershipID), true)")
            let repository = CashDayRepository(connection: connection)
            if let last = try repository.lastClosedDay(dealershipID: dealershipID), day <= last {
                throw FinanceRefusal("cash_day_closed", ru: "Кассовый день \(day.russianText) уже закрыт (закрыто по \(last.russianText))",
                                     en: "Cash day \(day.russianText) is already closed (closed up to \(last.russianText))")
            }
            let pending = try connection.fetch(Int64.self, """
                SELECT id FROM payments WHERE dealership_id = \(dealershipID) AND method = 'cash' AND state = 'pending'
                  AND payment_date <= \(day) ORDER BY id
                """)
            if let today = try repository.today(dealershipID: dealershipID), day > today {
                throw FinanceRefusal("cash_day_future",
                    ru: "Нельзя закрыть кассовый день \(day.russianText): он ещё не наступил (сегодня \(today.russianText))",
                    en: "Cannot close cash day \(day.russianText): it has not come yet (today is \(today.russianText))")
            }
            if !pending.isEmpty {
                let list = pending.prefix(10).map { "№\($0)" }.joined(separator: ", ")
                throw FinanceRefusal("cash_day_pending", ru: "Нельзя закрыть день: наличные платежи ждут подтверждения (\(list))",
                                     en: "Cannot close the day: cash payments are waiting for confirmation (\(list))")
            }
            // The database counts the desk's figures itself and records the login (0037).
            try StateCommand.run(role: .financeRole, action: "close_day") {
                try connection.execute("SELECT kite_cash_day_close(\(dealershipID), \(day)::date, \(actor)::text)")
            }
            return try repository.closure(dealershipID: dealershipID, day: day)!
        }
    }

    /// Reopens the closed cash day `day` (finance, with a reason): its cash
    /// entries can be changed again until it is closed anew. Refused while a
    /// later day of the dealership is closed (reopen that one first). The
    /// closure stays in the table as history; the database writes the audit row.
    public func reopen(dealershipID: Int64, day: CivilDate, reason: String, actor: String) throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw FinanceRefusal("cash_day_reopen_reason", ru: "Укажите причину, по которой день открывается снова",
                                 en: "Give the reason for reopening the day")
        }
        try connection.transaction { connection in
            try connection.execute("SELECT kite_lock_cash_desk(\(dealershipID), true)")
            let repository = CashDayRepository(connection: connection)
            guard try repository.closure(dealershipID: dealershipID, day: day) != nil else {
                if let last = try repository.lastClosedDay(dealershipID: dealershipID), day < last {
                    throw FinanceRefusal("cash_day_reopen_later",
                        ru: "День \(day.russianText) закрыт вместе с \(last.russianText): откройте сначала \(last.russianText)",
                        en: "Day \(day.russianText) was closed with \(last.russianText): reopen \(last.russianText) first")
                }
                throw FinanceRefusal("cash_day_not_closed", ru: "Кассовый день \(day.russianText) не закрыт",
                                     en: "Cash day \(day.russianText) is not closed")
            }
            if let last = try repository.lastClosedDay(dealershipID: dealershipID), last > day {
                throw FinanceRefusal("cash_day_reopen_later",
                    ru: "Нельзя открыть \(day.russianText): закрыт более поздний день \(last.russianText), откройте сначала его",
                    en: "Cannot reopen \(day.russianText): the later day \(last.russianText) is closed; reopen it first")
            }
            try StateCommand.run(role: .financeRole, action: "reopen_day") {
                try connection.execute("SELECT kite_cash_day_reopen(\(dealershipID), \(day)::date, \(reason)::text, \(actor)::text)")
            }
        }
    }
}
