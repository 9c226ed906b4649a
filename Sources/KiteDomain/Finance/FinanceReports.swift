import Foundation

/// Receivables ageing by whole days since the contract date.
public enum AgeingBucket: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case days0to7 = "0-7"
    case days8to30 = "8-30"
    case days31plus = "31+"

    /// A contract dated in the future (a typo, a clock) falls into 0–7.
    public static func bucket(daysSinceContract days: Int) -> AgeingBucket {
        if days <= 7 { return .days0to7 }
        if days <= 30 { return .days8to30 }
        return .days31plus
    }

    public static func bucket(contractDate: CivilDate, asOf: CivilDate) -> AgeingBucket {
        bucket(daysSinceContract: contractDate.days(until: asOf))
    }

    public var label: LocalizedText {
        switch self {
        case .days0to7: LocalizedText(ru: "0–7 дней", en: "0–7 days")
        case .days8to30: LocalizedText(ru: "8–30 дней", en: "8–30 days")
        case .days31plus: LocalizedText(ru: "31+ дней", en: "31+ days")
        }
    }

    public static func < (lhs: AgeingBucket, rhs: AgeingBucket) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public struct ReceivableRow: Sendable, Hashable {
    public var dealNumber: String
    public var manager: String
    public var contractDate: CivilDate
    /// The deal's `DealBalance.outstanding`.
    public var outstanding: Money

    public init(dealNumber: String, manager: String, contractDate: CivilDate, outstanding: Money) {
        self.dealNumber = dealNumber
        self.manager = manager
        self.contractDate = contractDate
        self.outstanding = outstanding
    }
}

public struct ReceivablesReport: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var row: ReceivableRow
        public var bucket: AgeingBucket
    }

    public var asOf: CivilDate
    /// Deals with a balance due (outstanding > 0), oldest contract first.
    public var lines: [Line]
    public var totalsByBucket: [AgeingBucket: Money]
    public var totalsByManager: [String: [AgeingBucket: Money]]
    public var total: Money

    /// Every total is built from `lines` and nothing else; each bucket is
    /// present (zero when empty).
    public static func build(rows: [ReceivableRow], asOf: CivilDate) -> ReceivablesReport {
        let lines = rows.filter { $0.outstanding > .zero }
            .sorted { ($0.contractDate, $0.dealNumber) < ($1.contractDate, $1.dealNumber) }
            .map { Line(row: $0, bucket: AgeingBucket.bucket(contractDate: $0.contractDate, asOf: asOf)) }
        var byBucket = Dictionary(uniqueKeysWithValues: AgeingBucket.allCases.map { ($0, Money.zero) })
        var byManager: [String: [AgeingBucket: Money]] = [:]
        var total = Money.zero
        for line in lines {
            byBucket[line.bucket, default: .zero] += line.row.outstanding
            byManager[line.row.manager, default: Dictionary(uniqueKeysWithValues: AgeingBucket.allCases.map { ($0, Money.zero) })][line.bucket, default: .zero] += line.row.outstanding
            total += line.row.outstanding
        }
        return ReceivablesReport(asOf: asOf, lines: lines, totalsByBucket: byBucket, totalsByManager: byManager, total: total)
    }
}

/// One cell of the cash-day grid.
public struct CashDayKey: Sendable, Hashable, Codable {
    public var method: PaymentMethod
    public var direction: PaymentDirection

    public init(method: PaymentMethod, direction: PaymentDirection) {
        self.method = method
        self.direction = direction
    }

    /// Every method × direction, in display order.
    public static let all: [CashDayKey] = PaymentMethod.allCases.flatMap { method in
        PaymentDirection.allCases.map { CashDayKey(method: method, direction: $0) }
    }
}

public struct CashDaySummary: Sendable, Hashable {
    public var openingBalance: Money
    /// The entries behind the totals (those that `countsInBalances`), in input order.
    public var rows: [PaymentEntry]
    /// Sum of `amount` per method and direction (reversals subtract); every key present.
    public var totals: [CashDayKey: Money]
    public var totalIncoming: Money
    public var totalOutgoing: Money
    /// The methods whose money sits in the cash desk (cash by default).
    public var cashDeskMethods: Set<PaymentMethod>
    /// `openingBalance + Σ incoming − Σ outgoing` over `cashDeskMethods`.
    public var closingBalance: Money

    /// The rows behind one total, for the drill-down list.
    public func rows(for key: CashDayKey) -> [PaymentEntry] {
        rows.filter { $0.method == key.method && $0.direction == key.direction }
    }
}

public enum CashDay {
    /// `entries` are one dealership's journal entries dated that day, in any
    /// state; pending ones are left out. A correction after a day is closed
    /// is a reversal dated the next day, so it lands in the next summary.
    public static func summarize(openingBalance: Money, entries: [PaymentEntry],
                                 cashDeskMethods: Set<PaymentMethod> = [.cash]) -> CashDaySummary {
        let rows = entries.filter(\.countsInBalances)
        var totals = Dictionary(uniqueKeysWithValues: CashDayKey.all.map { ($0, Money.zero) })
        var incoming = Money.zero
        var outgoing = Money.zero
        var closing = openingBalance
        for row in rows {
            totals[CashDayKey(method: row.method, direction: row.direction), default: .zero] += row.amount
            switch row.direction {
            case .incoming: incoming += row.amount
            case .outgoing: outgoing += row.amount
            }
            if cashDeskMethods.contains(row.method) { closing += row.signedAmount }
        }
        return CashDaySummary(openingBalance: openingBalance, rows: rows, totals: totals, totalIncoming: incoming,
                              totalOutgoing: outgoing, cashDeskMethods: cashDeskMethods, closingBalance: closing)
    }
}
