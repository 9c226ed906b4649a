import Foundation

/// A dealership's settings of the offer (`appraisal_settings`).
public struct AppraisalSettings: Sendable, Hashable {
    /// Target margin as a share of the expected retail price, in basis points (`1000` = 10 %).
    public var targetMarginBasisPoints: Int64
    /// What a day in stock costs (capital, lot, insurance).
    public var dailyHoldingCost: Money
    /// Expected days to sell when the comparables do not say.
    public var expectedDaysToSell: Int
    /// The reconditioning estimate when nothing is itemised.
    public var defaultReconditioning: Money
    public var offerValidDays: Int
    /// An offer above this needs a senior's approval.
    public var approvalLimit: Money

    public init(targetMarginBasisPoints: Int64 = 1000, dailyHoldingCost: Money = Money(roubles: 1500),
                expectedDaysToSell: Int = 45, defaultReconditioning: Money = Money(roubles: 60_000),
                offerValidDays: Int = 7, approvalLimit: Money = Money(roubles: 3_000_000)) {
        self.targetMarginBasisPoints = targetMarginBasisPoints
        self.dailyHoldingCost = dailyHoldingCost
        self.expectedDaysToSell = expectedDaysToSell
        self.defaultReconditioning = defaultReconditioning
        self.offerValidDays = offerValidDays
        self.approvalLimit = approvalLimit
    }

    public static let defaults = AppraisalSettings()
}

/// Offer = expected retail − reconditioning − target margin − holding cost, where the
/// holding cost is the expected days to sell × the daily cost. Exact to the kopeck; the
/// margin is the one rounded figure (`Money.multiplied`, half away from zero).
public struct OfferBreakdown: Sendable, Hashable {
    public var expectedRetail: Money
    public var reconditioning: Money
    /// The estimate was the dealership's default (nothing itemised).
    public var reconditioningIsDefault: Bool
    public var targetMargin: Money
    public var daysToSell: Int
    /// The days came from the comparables (their median days in stock).
    public var daysFromComparables: Bool
    public var holdingCost: Money
    /// What the formula gives (may be zero or below: then there is no offer to make).
    public var formulaOffer: Money

    public var offersSomething: Bool { formulaOffer > .zero }
}

public enum OfferFormula {
    /// Fewer comparables than this and their median days in stock are not used.
    public static let minimumComparablesForDays = 3

    /// The breakdown for an expected retail price, the itemised reconditioning lines
    /// (the default estimate when there are none), and the comparables (their median
    /// days in stock when there are enough of them, else the setting).
    public static func breakdown(expectedRetail: Money, reconditioningLines: [Money], settings: AppraisalSettings,
                                 comparables: ComparablesSummary? = nil) -> OfferBreakdown {
        let itemised = reconditioningLines.reduce(Money.zero, +)
        let isDefault = reconditioningLines.isEmpty
        let reconditioning = isDefault ? settings.defaultReconditioning : itemised
        let margin = expectedRetail.multiplied(by: settings.targetMarginBasisPoints, dividedBy: 10_000)
        var days = settings.expectedDaysToSell
        var fromComparables = false
        if let comparables, comparables.count >= minimumComparablesForDays, let median = comparables.medianDaysInStock {
            days = median
            fromComparables = true
        }
        let holding = settings.dailyHoldingCost.multiplied(by: Int64(days), dividedBy: 1)
        return OfferBreakdown(expectedRetail: expectedRetail, reconditioning: reconditioning, reconditioningIsDefault: isDefault,
                              targetMargin: margin, daysToSell: days, daysFromComparables: fromComparables,
                              holdingCost: holding, formulaOffer: expectedRetail - reconditioning - margin - holding)
    }

    /// Whether an offer needs a senior: strictly above the dealership's limit.
    public static func needsApproval(_ offer: Money, settings: AppraisalSettings) -> Bool {
        offer > settings.approvalLimit
    }

    /// An offer typed by the appraiser: above zero, and with a reason when it is not the formula's.
    public static func validateOffer(_ amount: Money, breakdown: OfferBreakdown, reason: String) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if amount <= .zero {
            issues.append(.error("offer_amount", ru: "Предложение: больше нуля", en: "Offer: above zero"))
        }
        if amount != breakdown.formulaOffer, reason.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(.error("offer_reason",
                ru: "Предложение отличается от расчётного (\(breakdown.formulaOffer.formatted(.ru))): укажите причину",
                en: "The offer differs from the formula's (\(breakdown.formulaOffer.formatted(.en))): give the reason"))
        }
        issues += TextRules.issues(reason, field: "offer_reason", maxLength: 500)
        return issues
    }
}

/// The group's own sales like the appraised car (`appraisal_comparables`): how many, the
/// spread of their sale prices, and their days in stock. The count is the confidence.
public struct ComparablesSummary: Sendable, Hashable {
    public var count: Int
    public var priceP25: Money?
    public var priceMedian: Money?
    public var priceP75: Money?
    public var priceMin: Money?
    public var priceMax: Money?
    public var medianDaysInStock: Int?
    public var p75DaysInStock: Int?

    public init(count: Int, priceP25: Money? = nil, priceMedian: Money? = nil, priceP75: Money? = nil,
                priceMin: Money? = nil, priceMax: Money? = nil, medianDaysInStock: Int? = nil, p75DaysInStock: Int? = nil) {
        self.count = count
        self.priceP25 = priceP25
        self.priceMedian = priceMedian
        self.priceP75 = priceP75
        self.priceMin = priceMin
        self.priceMax = priceMax
        self.medianDaysInStock = medianDaysInStock
        self.p75DaysInStock = p75DaysInStock
    }

    public enum Confidence: String, Sendable, Hashable {
        case none, low, medium, high

        public var label: LocalizedText {
            switch self {
            case .none: LocalizedText(ru: "нет продаж", en: "no sales")
            case .low: LocalizedText(ru: "низкая", en: "low")
            case .medium: LocalizedText(ru: "средняя", en: "medium")
            case .high: LocalizedText(ru: "высокая", en: "high")
            }
        }
    }

    /// 0 none; 1–2 low; 3–9 medium; 10 or more high — and a spread (p75 − p25) above a
    /// fifth of the median lowers it one step.
    public var confidence: Confidence {
        var level: Confidence = switch count {
        case 0: .none
        case 1...2: .low
        case 3...9: .medium
        default: .high
        }
        if let p25 = priceP25, let p75 = priceP75, let median = priceMedian, median > .zero,
           (p75 - p25) > median.multiplied(by: 1, dividedBy: 5) {
            level = level == .high ? .medium : (level == .medium ? .low : level)
        }
        return level
    }

    /// Computes the summary from prices and days in stock the same way the database does
    /// (`percentile_disc`: the smallest value whose cumulative share reaches the fraction).
    public static func of(prices: [Money], daysInStock: [Int]) -> ComparablesSummary {
        func disc<T: Comparable>(_ values: [T], quarters: Int) -> T? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            // ceil(quarters / 4 × n) − 1, in whole numbers.
            let index = max(0, (quarters * sorted.count + 3) / 4 - 1)
            return sorted[min(index, sorted.count - 1)]
        }
        return ComparablesSummary(count: prices.count, priceP25: disc(prices, quarters: 1), priceMedian: disc(prices, quarters: 2),
                                  priceP75: disc(prices, quarters: 3), priceMin: prices.min(), priceMax: prices.max(),
                                  medianDaysInStock: disc(daysInStock, quarters: 2), p75DaysInStock: disc(daysInStock, quarters: 3))
    }
}
