import Foundation
import KiteDomain
import KiteStore

/// CSV for Russian Excel (UTF-8 with BOM, `;`, decimal comma, ДД.ММ.ГГГГ) of
/// the finance data: the payment journal, a cash day, receivables.
public enum FinanceCSV {
    static func money(_ value: Money) -> String { value.decimalString.replacingOccurrences(of: ".", with: ",") }

    static func timestamp(_ date: Date?) -> String {
        guard let date else { return "" }
        return FinanceText.moment(date)
    }

    /// Writes the lines whole; a missing folder is created, a failure is said in `language`.
    static func write(_ lines: [[String]], to url: URL, language: Language = .en) throws {
        var text = CSV.byteOrderMark
        for line in lines { text += CSV.line(line) }
        try ExportFile.write(Data(text.utf8), to: url, language: language)
    }

    static let paymentHeader = ["id", "date", "dealership", "direction", "kind", "method", "amount", "state", "deal",
                                "party", "purpose", "document", "reverses", "reversed_by", "reason", "created_by",
                                "confirmed_by", "confirmed_at", "reversed_by_user", "reversed_at",
                                "cancelled_by", "cancelled_at", "cancel_reason"]

    static func paymentLine(_ p: Payment) -> [String] {
        [String(p.id), p.date.russianText, p.dealershipCode, p.direction.label.ru, p.kind.label.ru, p.method.label.ru,
         money(p.amount), p.state.label.ru, p.dealNumber ?? "", p.party, p.purpose, p.documentRef,
         p.reversesPaymentID.map(String.init) ?? "", p.reversedByPaymentID.map(String.init) ?? "", p.reason,
         p.createdBy, p.confirmedBy ?? "", timestamp(p.confirmedAt), p.reversedBy ?? "", timestamp(p.reversedAt),
         p.cancelledBy ?? "", timestamp(p.cancelledAt), p.cancelReason]
    }

    /// `kite export payments`: every payment of the filter, oldest first. Returns how many.
    public static func exportPayments(_ connection: PGConnection, filter: PaymentFilter, to url: URL,
                                      language: Language = .en) throws -> Int {
        let handle = try ExportFile.open(url, language: language)
        defer { try? handle.close() }
        try handle.write(contentsOf: Data((CSV.byteOrderMark + CSV.line(paymentHeader)).utf8))
        var count = 0
        try PaymentRepository(connection: connection).forEachBatch(filter: filter) { batch in
            try handle.write(contentsOf: Data(batch.map { CSV.line(paymentLine($0)) }.joined().utf8))
            count += batch.count
        }
        return count
    }

    /// A cash day: the totals grid, the balances, then the rows behind the totals.
    public static func cashDay(_ report: CashDayReport, dealershipCode: String) -> [[String]] {
        var lines: [[String]] = [["cash_day", report.day.russianText, dealershipCode,
                                  report.closure.map { "closed by \($0.closedBy)" } ?? "open"]]
        lines.append(["opening_balance", money(report.summary.openingBalance)])
        lines.append(["method", "direction", "total", "entries"])
        for key in CashDayKey.all {
            lines.append([key.method.label.ru, key.direction.label.ru, money(report.summary.totals[key] ?? .zero),
                          String(report.payments(for: key).count)])
        }
        lines.append(["total_incoming", money(report.summary.totalIncoming)])
        lines.append(["total_outgoing", money(report.summary.totalOutgoing)])
        lines.append(["closing_balance", money(report.summary.closingBalance)])
        lines.append([])
        lines.append(paymentHeader)
        lines += report.payments.map(paymentLine)
        return lines
    }

    /// Receivables as the screen shows them: the deals with their bucket, the
    /// totals by manager (`m` on the screen) per bucket, and the bucket totals.
    /// Every total is the report's own, which is built from the deal lines.
    public static func receivables(_ report: ReceivablesReport, deals: [ReceivableDeal], dealershipCode: String?) -> [[String]] {
        let buckets = AgeingBucket.allCases
        var lines: [[String]] = [["receivables", report.asOf.russianText, dealershipCode ?? "all"]]
        lines.append(["deal", "customer", "manager", "contract_date", "days", "bucket", "due", "paid", "outstanding"])
        for deal in deals {
            lines.append([deal.dealNumber, deal.customerName, deal.managerName, deal.contractDate.russianText,
                          String(deal.days), deal.bucket.rawValue, money(deal.balance.due), money(deal.balance.paid),
                          money(deal.balance.outstanding)])
        }
        lines.append([])
        lines.append(["manager"] + buckets.map(\.rawValue) + ["total"])
        for (manager, totals) in report.totalsByManager.sorted(by: { $0.key < $1.key }) {
            lines.append([manager] + buckets.map { money(totals[$0] ?? .zero) } + [money(totals.values.reduce(.zero, +))])
        }
        lines.append(["total"] + buckets.map { money(report.totalsByBucket[$0] ?? .zero) } + [money(report.total)])
        return lines
    }

    /// Where the screens write their CSV: `$KITE_EXPORT_DIR`, else the current directory.
    public static func exportURL(_ name: String) -> URL {
        let directory = ProcessInfo.processInfo.environment["KITE_EXPORT_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.currentDirectoryPath
        return URL(fileURLWithPath: directory).appendingPathComponent(name)
    }
}
