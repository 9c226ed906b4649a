import Foundation
import KiteDomain

/// A deal with money still owed, as the receivables screen lists it.
public struct ReceivableDeal: Sendable, Hashable {
    public var dealID: Int64
    public var dealNumber: String
    public var dealershipID: Int64
    public var customerName: String
    public var managerLogin: String
    /// The manager's full name, or the login when there is no employee row.
    public var managerName: String
    public var contractDate: CivilDate
    public var balance: DealBalance
    public var bucket: AgeingBucket
    public var days: Int
}

/// Receivables: contracted (and later) deals with a balance due, aged by days since the contract.
public struct ReceivablesRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    struct Record: Decodable {
        var id: Int64
        var number: String
        var dealershipID: Int64
        var customerName: String?
        var managerLogin: String
        var managerName: String?
        var contractDate: String
        var amountDue: Money
        var received: Money
        var refunded: Money
        var tradeInOffset: Money
        var entries: Int
    }

    /// The domain report (every total built from its lines) and the deals behind each line.
    public func report(asOf: CivilDate, dealershipID: Int64? = nil) throws -> (report: ReceivablesReport, deals: [ReceivableDeal]) {
        var sql: SQL = """
            SELECT d.id, d.number, d.dealership_id, c.name AS customer_name, d.manager_login,
                   e.full_name AS manager_name,
                   (d.contracted_at AT TIME ZONE \(BookDay.timeZoneName))::date::text AS contract_date,
                   d.amount_due, coalesce(t.received, 0) AS received, coalesce(t.refunded, 0) AS refunded,
                   coalesce(t.trade_in_offset, 0) AS trade_in_offset, coalesce(t.entries, 0) AS entries
            FROM deals d
            LEFT JOIN deal_payment_totals t ON t.deal_id = d.id
            LEFT JOIN customers c ON c.id = d.customer_id
            LEFT JOIN employees e ON e.login = d.manager_login
            WHERE d.stage IN ('contracted', 'delivered', 'closed') AND d.contracted_at IS NOT NULL
              AND d.amount_due - (coalesce(t.received, 0) - coalesce(t.refunded, 0)) > 0
            """
        if let dealershipID { sql += " AND d.dealership_id = \(dealershipID)" }
        sql += " ORDER BY d.contracted_at, d.number"
        var deals: [ReceivableDeal] = []
        for record in try connection.fetch(Record.self, sql) {
            guard let contract = CivilDate.parseISO(record.contractDate) else { continue }
            let balance = DealBalance.from(due: record.amountDue, received: record.received, refunded: record.refunded,
                                           tradeInOffset: record.tradeInOffset, hasPayments: record.entries > 0)
            let days = contract.days(until: asOf)
            deals.append(ReceivableDeal(dealID: record.id, dealNumber: record.number, dealershipID: record.dealershipID,
                                        customerName: record.customerName ?? "", managerLogin: record.managerLogin,
                                        managerName: record.managerName ?? record.managerLogin, contractDate: contract,
                                        balance: balance, bucket: AgeingBucket.bucket(daysSinceContract: days), days: days))
        }
        let rows = deals.map { ReceivableRow(dealNumber: $0.dealNumber, manager: $0.managerName,
                                             contractDate: $0.contractDate, outstanding: $0.balance.outstanding) }
        let report = ReceivablesReport.build(rows: rows, asOf: asOf)
        // The report's line order (contract date, number) is the order of `deals` too.
        let byNumber = Dictionary(uniqueKeysWithValues: deals.map { ($0.dealNumber, $0) })
        return (report, report.lines.compactMap { byNumber[$0.row.dealNumber] })
    }
}
