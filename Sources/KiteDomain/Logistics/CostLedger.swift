import Foundation

/// What a line of a car's cost ledger is for (`vehicle_costs.kind`, migration 0027).
public enum CostKind: String, Sendable, Hashable, Codable, CaseIterable {
    case purchase
    case freight
    case reconditioning
    case other

    public var label: LocalizedText {
        switch self {
        case .purchase: LocalizedText(ru: "закупка", en: "purchase")
        case .freight: LocalizedText(ru: "доставка", en: "freight")
        case .reconditioning: LocalizedText(ru: "подготовка", en: "reconditioning")
        case .other: LocalizedText(ru: "прочее", en: "other")
        }
    }
}

/// Where a cost line came from (`vehicle_costs.source`).
public enum CostSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// The car's purchase cost (`vehicles.purchase_cost`), kept in step by the database.
    case vehicle
    /// A closed trip's price split over its cars.
    case trip
    /// The split redone when the carrier's confirmed invoices differ from the trip's price.
    case payment
    /// Typed by logistics or an admin.
    case manual
}

/// One line of a car's cost ledger. Lines are never changed: a correction is a new line,
/// a reversal names the line it takes back.
public struct CostLine: Sendable, Hashable {
    public var id: Int64
    public var vehicleID: Int64
    public var kind: CostKind
    public var amount: Money
    public var source: CostSource
    public var tripID: Int64?
    /// The trip's number, for showing where freight came from.
    public var tripNumber: String?
    public var paymentID: Int64?
    public var reversesCostID: Int64?
    public var note: String
    public var at: Date
    public var actor: String

    public init(id: Int64 = 0, vehicleID: Int64 = 0, kind: CostKind, amount: Money, source: CostSource = .manual,
                tripID: Int64? = nil, tripNumber: String? = nil, paymentID: Int64? = nil, reversesCostID: Int64? = nil,
                note: String = "", at: Date = Date(timeIntervalSince1970: 0), actor: String = "") {
        self.id = id
        self.vehicleID = vehicleID
        self.kind = kind
        self.amount = amount
        self.source = source
        self.tripID = tripID
        self.tripNumber = tripNumber
        self.paymentID = paymentID
        self.reversesCostID = reversesCostID
        self.note = note
        self.at = at
        self.actor = actor
    }
}

/// What a car cost the group: the sum of its ledger lines, by kind.
public struct LandedCost: Sendable, Hashable {
    public private(set) var byKind: [CostKind: Money]

    public init(_ lines: [CostLine]) {
        var sums: [CostKind: Money] = [:]
        for line in lines { sums[line.kind, default: .zero] += line.amount }
        byKind = sums
    }

    public subscript(kind: CostKind) -> Money { byKind[kind] ?? .zero }

    /// Every kind together: the landed cost.
    public var total: Money { CostKind.allCases.reduce(.zero) { $0 + self[$1] } }

    /// The kinds with a non-zero sum, in the ledger's order (purchase, freight, …).
    public var nonZeroKinds: [(kind: CostKind, amount: Money)] {
        CostKind.allCases.compactMap { self[$0] == .zero ? nil : ($0, self[$0]) }
    }
}

/// Splitting one amount (a trip's price) over several cars: each car but the last gets
/// `floor(total × weight / Σweights)` kopecks, the last the remainder, so the parts add
/// up to the total exactly. The database's `trip_allocate_freight` (migration 0027)
/// applies the same rule to a closing trip's cars in bay order.
public enum CostAllocation {
    public enum Refusal: Error, Sendable, Hashable {
        /// Nothing to split over.
        case noShares
        case negativeTotal
        /// A weight at or below zero (its position).
        case weightNotPositive(index: Int)
        /// A weight with more than three decimals (its position): weights work in thousandths.
        case weightTooPrecise(index: Int)
        /// A weight above 1 000 000 (its position).
        case weightTooLarge(index: Int)

        public var message: LocalizedText {
            switch self {
            case .noShares: LocalizedText(ru: "Не на кого распределить: нет ни одного автомобиля",
                                          en: "Nothing to split over: there is no car")
            case .negativeTotal: LocalizedText(ru: "Сумма к распределению не может быть отрицательной",
                                               en: "The amount to split cannot be negative")
            case .weightNotPositive(let index): LocalizedText(ru: "Вес \(index + 1): должен быть больше нуля",
                                                              en: "Weight \(index + 1): must be above zero")
            case .weightTooPrecise(let index): LocalizedText(ru: "Вес \(index + 1): не больше трёх знаков после запятой",
                                                             en: "Weight \(index + 1): at most three decimals")
            case .weightTooLarge(let index): LocalizedText(ru: "Вес \(index + 1): не больше 1 000 000",
                                                           en: "Weight \(index + 1): at most 1,000,000")
            }
        }
    }

    /// The weights of the issue: a truck counts as two cars, a motorcycle as half.
    /// A vehicle type not listed weighs 1. (The database's `vehicle_cost_weights` holds
    /// the dealer's own; these are its defaults.)
    public static let defaultWeights: [String: Decimal] = ["car": 1, "ev": 1, "truck": 2, "moto": 0.5]

    public static let maximumWeight: Decimal = 1_000_000

    /// `total` in equal parts over `count` cars.
    public static func splitEqually(total: Money, count: Int) throws(Refusal) -> [Money] {
        try split(total: total, weights: Array(repeating: 1, count: max(0, count)))
    }

    /// `total` over cars weighing `weights` (in the cars' order; the last car gets the
    /// remainder of the rounding down).
    public static func split(total: Money, weights: [Decimal]) throws(Refusal) -> [Money] {
        var milli: [Int64] = []
        for (index, weight) in weights.enumerated() {
            guard weight > 0 else { throw .weightNotPositive(index: index) }
            guard weight <= maximumWeight else { throw .weightTooLarge(index: index) }
            var scaled = weight * 1000
            var whole = Decimal()
            NSDecimalRound(&whole, &scaled, 0, .down)
            guard whole == scaled else { throw .weightTooPrecise(index: index) }
            milli.append(NSDecimalNumber(decimal: whole).int64Value)
        }
        return try split(total: total, milliWeights: milli)
    }

    /// `total` over integer weights (1 each for an equal split).
    public static func split(total: Money, weights: [Int]) throws(Refusal) -> [Money] {
        for (index, weight) in weights.enumerated() {
            guard weight > 0 else { throw .weightNotPositive(index: index) }
            guard weight <= 1_000_000 else { throw .weightTooLarge(index: index) }
        }
        return try split(total: total, milliWeights: weights.map { Int64($0) * 1000 })
    }

    private static func split(total: Money, milliWeights: [Int64]) throws(Refusal) -> [Money] {
        guard !milliWeights.isEmpty else { throw .noShares }
        guard !total.isNegative else { throw .negativeTotal }
        // Σ of at most Int.max weights of at most 10⁹ thousandths: far from overflow
        // for any real count of cars; the product is taken at full width.
        let sum = milliWeights.reduce(Int64(0)) { $0 + $1 }
        var parts: [Money] = []
        var given: Int64 = 0
        for weight in milliWeights.dropLast() {
            let product = total.kopecks.multipliedFullWidth(by: weight)
            let (quotient, _) = sum.dividingFullWidth(product)
            parts.append(Money(kopecks: quotient))
            given += quotient
        }
        parts.append(Money(kopecks: total.kopecks - given))
        return parts
    }
}
