import Foundation

/// A deal as stored: one row of `deals` with its extra lines.
public struct Deal: Sendable, Hashable {
    public var id: Int64
    /// `MSK-2026-000123`; empty until the deal is first saved.
    public var number: String
    public var dealershipID: Int64
    public var managerLogin: String
    public var customerID: Int64?
    public var vehicleID: Int64?
    public var stage: DealStage
    public var listPrice: Money
    public var salePrice: Money
    public var discountAmount: Money
    public var discountReason: String?
    public var discountRequestedBy: String?
    public var discountApprovedBy: String?
    public var tradeInCredit: Money
    public var tradeInDescription: String
    public var loanBank: String
    public var loanAmount: Money
    public var vatRatePercent: Int
    /// The vehicle was bought from a private person: VAT on the margin only.
    public var marginVAT: Bool
    public var purchaseCost: Money
    /// The car's landed cost from its cost ledger, when the deal's reader knows it (not a
    /// column of the deal): the profit is computed from it, the margin VAT is not.
    public var landedCost: Money?
    public var lines: [DealExtraLine]
    public var plannedHandover: CivilDate?
    public var reservedUntil: CivilDate?
    public var cancelReason: String
    public var version: Int
    public var updatedAt: Date
    public var updatedBy: String

    public init(id: Int64 = 0, number: String = "", dealershipID: Int64 = 0, managerLogin: String = "",
                customerID: Int64? = nil, vehicleID: Int64? = nil, stage: DealStage = .draft,
                listPrice: Money = .zero, salePrice: Money = .zero, discountAmount: Money = .zero,
                discountReason: String? = nil, discountRequestedBy: String? = nil, discountApprovedBy: String? = nil,
                tradeInCredit: Money = .zero, tradeInDescription: String = "", loanBank: String = "",
                loanAmount: Money = .zero, vatRatePercent: Int = 22, marginVAT: Bool = false,
                purchaseCost: Money = .zero, lines: [DealExtraLine] = [], plannedHandover: CivilDate? = nil,
                reservedUntil: CivilDate? = nil, cancelReason: String = "", version: Int = 0,
                updatedAt: Date = Date(timeIntervalSince1970: 0), updatedBy: String = "") {
        self.id = id
        self.number = number
        self.dealershipID = dealershipID
        self.managerLogin = managerLogin
        self.customerID = customerID
        self.vehicleID = vehicleID
        self.stage = stage
        self.listPrice = listPrice
        self.salePrice = salePrice
        self.discountAmount = discountAmount
        self.discountReason = discountReason
        self.discountRequestedBy = discountRequestedBy
        self.discountApprovedBy = discountApprovedBy
        self.tradeInCredit = tradeInCredit
        self.tradeInDescription = tradeInDescription
        self.loanBank = loanBank
        self.loanAmount = loanAmount
        self.vatRatePercent = vatRatePercent
        self.marginVAT = marginVAT
        self.purchaseCost = purchaseCost
        self.lines = lines
        self.plannedHandover = plannedHandover
        self.reservedUntil = reservedUntil
        self.cancelReason = cancelReason
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    public var pricingInput: DealPricingInput {
        DealPricingInput(listPrice: listPrice, salePrice: salePrice,
                         discount: DealDiscount(amount: discountAmount, reasonCode: discountReason ?? ""),
                         extraLines: lines, tradeInCredit: tradeInCredit, loanAmount: loanAmount,
                         dealershipVATRate: .percent(vatRatePercent), boughtFromPrivatePerson: marginVAT,
                         purchaseCost: marginVAT ? purchaseCost : nil, landedCost: landedCost)
    }

    public var priceSheet: DealPriceSheet { DealPricing.price(pricingInput) }

    /// The deal's own checks before a save: pricing, the loan's bank.
    public func validate() -> [FieldIssue] {
        var issues = priceSheet.issues
        if loanAmount > .zero && loanBank.trimmingWhitespace().isEmpty {
            issues.append(.error("loan_bank", ru: "Банк: укажите банк, выдающий кредит", en: "Bank: name the bank giving the loan"))
        }
        for (index, line) in lines.enumerated() where line.description.trimmingWhitespace().isEmpty {
            issues.append(.error("lines", ru: "Строка \(index + 1): нет описания", en: "Line \(index + 1): no description"))
        }
        // Control characters and length limits (issue 10).
        issues += TextRules.issues(table: "deals", [("trade_in_description", tradeInDescription), ("loan_bank", loanBank)])
        for (index, line) in lines.enumerated() {
            for issue in TextRules.issues(table: "deal_lines", [("description", line.description)]) {
                issues.append(.error("lines", ru: "Строка \(index + 1): \(issue.message.ru)", en: "Line \(index + 1): \(issue.message.en)"))
            }
        }
        return issues
    }
}
