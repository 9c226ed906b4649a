import Foundation

/// A dealership's discount limit for a manager: a fixed amount, or a share
/// of the list price in basis points (`500` = 5 %, `250` = 2,5 %).
public enum DiscountLimit: Sendable, Hashable, Codable {
    case amount(Money)
    case percentOfListPrice(basisPoints: Int)

    public static func percent(_ percent: Int) -> DiscountLimit { .percentOfListPrice(basisPoints: percent * 100) }

    /// The largest discount allowed without approval on this list price;
    /// a percentage is rounded to a kopeck by `Money.multiplied`.
    public func maximum(listPrice: Money) -> Money {
        switch self {
        case .amount(let amount): amount
        case .percentOfListPrice(let basisPoints): listPrice.multiplied(by: Int64(basisPoints), dividedBy: 10_000)
        }
    }
}

/// Who approves a discount above the limit.
public struct DiscountApprover: Sendable, Hashable, Codable {
    public var userID: String
    /// Holds the senior (sales head) role in this dealership.
    public var isSenior: Bool

    public init(userID: String, isSenior: Bool) {
        self.userID = userID
        self.isSenior = isSenior
    }
}

public enum DiscountDecision: Sendable, Hashable {
    /// At or below the limit: no approval needed.
    case withinLimit(limit: Money)
    /// Above the limit and approved by a senior who is not the requester.
    case approved(by: String, limit: Money)
    /// Above the limit and nobody has approved it yet.
    case needsApproval(limit: Money, excess: Money)
    /// Above the limit and the offered approval is not valid.
    case refused(LocalizedText)

    /// Whether the deal may go on with this discount.
    public var allowsDiscount: Bool {
        switch self {
        case .withinLimit, .approved: true
        case .needsApproval, .refused: false
        }
    }
}

public enum DiscountApproval {
    /// `discount` should be `DealPriceSheet.discountFromList`, so a price cut
    /// typed without a discount line is judged too. A discount exactly at
    /// the limit needs no approval. Users are compared by login, ignoring
    /// case and surrounding spaces.
    public static func decide(discount: Money, listPrice: Money, limit: DiscountLimit,
                              requestedBy requester: String, approver: DiscountApprover?) -> DiscountDecision {
        let maximum = limit.maximum(listPrice: listPrice)
        guard discount > maximum else { return .withinLimit(limit: maximum) }
        guard let approver else {
            return .needsApproval(limit: maximum, excess: discount - maximum)
        }
        let approverID = approver.userID.trimmingWhitespace().lowercased()
        if approverID.isEmpty || approverID == requester.trimmingWhitespace().lowercased() {
            return .refused(LocalizedText(
                ru: "Скидку \(discount.formatted(.ru)) сверх лимита \(maximum.formatted(.ru)) не может согласовать тот, кто её запросил",
                en: "A discount of \(discount.formatted(.en)) above the limit of \(maximum.formatted(.en)) cannot be approved by its requester"))
        }
        guard approver.isSenior else {
            return .refused(LocalizedText(
                ru: "Скидку \(discount.formatted(.ru)) сверх лимита \(maximum.formatted(.ru)) может согласовать только руководитель",
                en: "A discount of \(discount.formatted(.en)) above the limit of \(maximum.formatted(.en)) needs a senior's approval"))
        }
        return .approved(by: approver.userID, limit: maximum)
    }
}
