import Foundation

/// A VAT rate as printed on an invoice: a percentage, or "без НДС".
public enum VATRate: Sendable, Hashable, Codable {
    case percent(Int)
    case withoutVAT

    /// 22 % from 1 January 2026 (Federal Law No. 425-FZ of 28.11.2025).
    public static let standard = VATRate.percent(22)
    public static let reduced = VATRate.percent(10)
    public static let zero = VATRate.percent(0)

    /// VAT contained in a price that includes it: `amount × rate / (100 + rate)`,
    /// rounded half away from zero to a kopeck by `Money.multiplied`.
    public func vat(inPrice amount: Money) -> Money {
        switch self {
        case .withoutVAT: .zero
        case .percent(let rate): rate == 0 ? .zero : amount.multiplied(by: Int64(rate), dividedBy: Int64(100 + rate))
        }
    }

    public var label: LocalizedText {
        switch self {
        case .withoutVAT: LocalizedText(ru: "без НДС", en: "without VAT")
        case .percent(let rate): LocalizedText(ru: "\(rate)\u{00A0}%", en: "\(rate)\u{00A0}%")
        }
    }

    var isValid: Bool {
        if case .percent(let rate) = self { return (0...99).contains(rate) }
        return true
    }
}

/// What an extra line of a deal sells.
public enum DealLineKind: String, Sendable, Hashable, Codable, CaseIterable {
    case accessory
    case service
    case insurance
    case extendedWarranty = "extended_warranty"

    public var label: LocalizedText {
        switch self {
        case .accessory: LocalizedText(ru: "дополнительное оборудование", en: "accessory")
        case .service: LocalizedText(ru: "услуга", en: "service")
        case .insurance: LocalizedText(ru: "страхование", en: "insurance")
        case .extendedWarranty: LocalizedText(ru: "продлённая гарантия", en: "extended warranty")
        }
    }
}

/// One extra line of a deal; `unitPrice` includes VAT.
public struct DealExtraLine: Sendable, Hashable, Codable {
    public var kind: DealLineKind
    public var description: String
    public var quantity: Int
    public var unitPrice: Money
    public var vatRate: VATRate

    public init(kind: DealLineKind, description: String, quantity: Int = 1, unitPrice: Money, vatRate: VATRate = .standard) {
        self.kind = kind
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.vatRate = vatRate
    }
}

/// A discount off the list price, with a reason code from the dealership's list.
public struct DealDiscount: Sendable, Hashable, Codable {
    public var amount: Money
    public var reasonCode: String

    public init(amount: Money, reasonCode: String) {
        self.amount = amount
        self.reasonCode = reasonCode
    }

    public static let none = DealDiscount(amount: .zero, reasonCode: "")
}

/// Everything the totals panel of a deal form is computed from. All prices include VAT.
///
/// `salePrice` is the vehicle's price in the contract; when a discount is
/// given, `salePrice` must equal `listPrice − discount.amount`.
public struct DealPricingInput: Sendable, Hashable, Codable {
    public var listPrice: Money
    public var salePrice: Money
    public var discount: DealDiscount
    public var extraLines: [DealExtraLine]
    public var tradeInCredit: Money
    public var loanAmount: Money
    /// The dealership's VAT rate (22 % unless configured otherwise).
    public var dealershipVATRate: VATRate
    /// A used vehicle bought from a private person: VAT on the margin only
    /// (Tax Code art. 154 p. 5.1).
    public var boughtFromPrivatePerson: Bool
    /// What the dealer paid the private person; required for the margin scheme. The
    /// margin VAT is computed from this price only — never from the landed cost (Tax
    /// Code art. 154 p. 5.1 taxes the difference between sale and purchase price).
    public var purchaseCost: Money?
    /// What the car cost the group in all (purchase, freight, reconditioning, other: the
    /// cost ledger's sum); the vehicle's profit is computed from it. Nil: not known.
    public var landedCost: Money?

    public init(listPrice: Money, salePrice: Money, discount: DealDiscount = .none, extraLines: [DealExtraLine] = [],
                tradeInCredit: Money = .zero, loanAmount: Money = .zero, dealershipVATRate: VATRate = .standard,
                boughtFromPrivatePerson: Bool = false, purchaseCost: Money? = nil, landedCost: Money? = nil) {
        self.landedCost = landedCost
        self.listPrice = listPrice
        self.salePrice = salePrice
        self.discount = discount
        self.extraLines = extraLines
        self.tradeInCredit = tradeInCredit
        self.loanAmount = loanAmount
        self.dealershipVATRate = dealershipVATRate
        self.boughtFromPrivatePerson = boughtFromPrivatePerson
        self.purchaseCost = purchaseCost
    }
}

/// How the vehicle's VAT was computed.
public enum VehicleVATBasis: Sendable, Hashable {
    /// VAT on the whole sale price.
    case fullPrice
    /// VAT on `max(0, sale − purchase)` (Tax Code art. 154 p. 5.1); `margin` is never negative.
    case margin(Money)
}

public struct PricedDealLine: Sendable, Hashable {
    public var line: DealExtraLine
    /// `unitPrice × quantity`, VAT included.
    public var amount: Money
    public var vat: Money
}

/// The computed totals of a deal. Always filled in, so a form can show them
/// while the user types; `isAcceptable` says whether the deal may be saved.
public struct DealPriceSheet: Sendable, Hashable {
    public var vehiclePrice: Money
    public var vehicleVAT: Money
    public var vehicleVATBasis: VehicleVATBasis
    public var vehicleVATRate: VATRate
    public var lines: [PricedDealLine]
    /// Vehicle + every extra line.
    public var total: Money
    /// Vehicle VAT + each line's VAT (each rounded on its own, as on an invoice).
    public var totalVAT: Money
    public var tradeInCredit: Money
    /// `total − tradeInCredit`.
    public var amountDue: Money
    public var loanAmount: Money
    /// `amountDue − loanAmount`: what the customer pays from their own money.
    public var customerOwnPart: Money
    /// `max(0, listPrice − salePrice)`: the discount the approval rule must
    /// see, including a price cut typed without a discount line.
    public var discountFromList: Money
    /// The vehicle's gross profit: `salePrice − vehicleVAT − landedCost` (the VAT goes to
    /// the budget, the landed cost was spent on the car). Nil when the landed cost is
    /// not known. Extra lines are not in it: their cost is not in the ledger.
    public var vehicleProfit: Money?
    /// Errors block saving; warnings are shown.
    public var issues: [FieldIssue]

    public var isAcceptable: Bool { !issues.contains { $0.severity == .error } }
}

public enum DealPricing {
    /// Quantities above this are refused (and keep the arithmetic far from overflow).
    public static let maximumQuantity = 9_999

    public static func price(_ input: DealPricingInput) -> DealPriceSheet {
        var issues: [FieldIssue] = []
        var computable = true

        func checkAmount(_ value: Money, _ field: String, _ ru: String, _ en: String) {
            if value.isNegative {
                issues.append(.error(field, ru: "\(ru): сумма не может быть отрицательной", en: "\(en): cannot be negative"))
            } else if value > Money.databaseMaximum {
                issues.append(.error(field, ru: "\(ru): слишком большая сумма", en: "\(en): amount too large"))
                computable = false
            }
        }

        checkAmount(input.listPrice, "list_price", "Цена по прайсу", "List price")
        checkAmount(input.salePrice, "sale_price", "Цена продажи", "Sale price")
        checkAmount(input.discount.amount, "discount_amount", "Скидка", "Discount")
        checkAmount(input.tradeInCredit, "trade_in_credit", "Зачёт трейд-ин", "Trade-in credit")
        checkAmount(input.loanAmount, "loan_amount", "Сумма кредита", "Loan amount")
        if !input.dealershipVATRate.isValid {
            issues.append(.error("vat_rate", ru: "Ставка НДС: должна быть от 0 до 99 %", en: "VAT rate: must be 0 to 99 %"))
            computable = false
        }

        // Discount.
        let discount = input.discount.amount
        if discount > input.listPrice && !discount.isNegative {
            issues.append(.error("discount_amount",
                ru: "Скидка: больше цены по прайсу (\(discount.formatted(.ru)) > \(input.listPrice.formatted(.ru)))",
                en: "Discount: larger than the list price (\(discount.formatted(.en)) > \(input.listPrice.formatted(.en)))"))
        }
        if discount > .zero {
            if input.discount.reasonCode.trimmingWhitespace().isEmpty {
                issues.append(.error("discount_reason", ru: "Причина скидки: не указана", en: "Discount reason: is empty"))
            }
            if computable && input.salePrice != input.listPrice - discount {
                let expected = input.listPrice - discount
                issues.append(.error("sale_price",
                    ru: "Цена продажи: должна быть равна цене по прайсу минус скидка (\(expected.formatted(.ru)))",
                    en: "Sale price: must equal the list price minus the discount (\(expected.formatted(.en)))"))
            }
        } else if input.salePrice < input.listPrice && computable {
            let gap = input.listPrice - input.salePrice
            issues.append(.warning("sale_price",
                ru: "Цена продажи: ниже цены по прайсу на \(gap.formatted(.ru)) без указанной скидки",
                en: "Sale price: \(gap.formatted(.en)) below the list price without a discount"))
        }

        // Margin scheme.
        var purchaseCost: Money?
        if input.boughtFromPrivatePerson {
            if let cost = input.purchaseCost {
                checkAmount(cost, "purchase_cost", "Цена закупки", "Purchase cost")
                purchaseCost = cost
            } else {
                issues.append(.error("purchase_cost",
                    ru: "Цена закупки: нужна для НДС с разницы (автомобиль куплен у физического лица)",
                    en: "Purchase cost: needed for VAT on the margin (vehicle bought from a private person)"))
            }
        }

        // Extra lines.
        var lineAmounts: [Money] = []
        for (index, line) in input.extraLines.enumerated() {
            let prefix = "lines[\(index)]."
            let number = index + 1
            if line.description.trimmingWhitespace().isEmpty {
                issues.append(.error(prefix + "description", ru: "Строка \(number): не указано наименование",
                                     en: "Line \(number): description is empty"))
            }
            if line.quantity < 1 || line.quantity > maximumQuantity {
                issues.append(.error(prefix + "quantity", ru: "Строка \(number): количество должно быть от 1 до \(maximumQuantity)",
                                     en: "Line \(number): quantity must be 1 to \(maximumQuantity)"))
                if line.quantity > maximumQuantity { computable = false }
            }
            checkAmount(line.unitPrice, prefix + "unit_price", "Строка \(number): цена", "Line \(number): price")
            if !line.vatRate.isValid {
                issues.append(.error(prefix + "vat_rate", ru: "Строка \(number): ставка НДС должна быть от 0 до 99 %",
                                     en: "Line \(number): VAT rate must be 0 to 99 %"))
                computable = false
            }
            let (kopecks, overflow) = line.unitPrice.kopecks.multipliedReportingOverflow(by: Int64(line.quantity))
            if overflow || kopecks.magnitude > Money.databaseMaximum.kopecks.magnitude {
                if line.unitPrice <= Money.databaseMaximum {
                    issues.append(.error(prefix + "quantity", ru: "Строка \(number): слишком большая сумма",
                                         en: "Line \(number): amount too large"))
                }
                computable = false
            }
            lineAmounts.append(Money(kopecks: overflow ? 0 : kopecks))
        }

        // Sums, guarded: the total itself must fit `numeric(14,2)`.
        if computable {
            var magnitude = input.salePrice.kopecks.magnitude
            var overflow = false
            for amount in lineAmounts {
                let (sum, didOverflow) = magnitude.addingReportingOverflow(amount.kopecks.magnitude)
                magnitude = sum
                overflow = overflow || didOverflow
            }
            if overflow || magnitude > Money.databaseMaximum.kopecks.magnitude {
                issues.append(.error("total", ru: "Итого: слишком большая сумма", en: "Total: amount too large"))
                computable = false
            }
        }

        guard computable else {
            return DealPriceSheet(vehiclePrice: .zero, vehicleVAT: .zero, vehicleVATBasis: .fullPrice,
                                  vehicleVATRate: input.dealershipVATRate, lines: [], total: .zero, totalVAT: .zero,
                                  tradeInCredit: .zero, amountDue: .zero, loanAmount: .zero, customerOwnPart: .zero,
                                  discountFromList: .zero, vehicleProfit: nil, issues: issues)
        }

        // Vehicle VAT.
        let vehicleBasis: VehicleVATBasis
        let vehicleVAT: Money
        if input.boughtFromPrivatePerson, let purchaseCost {
            let margin = max(.zero, input.salePrice - purchaseCost)
            vehicleBasis = .margin(margin)
            vehicleVAT = input.dealershipVATRate.vat(inPrice: margin)
        } else {
            vehicleBasis = .fullPrice
            vehicleVAT = input.dealershipVATRate.vat(inPrice: input.salePrice)
        }

        var priced: [PricedDealLine] = []
        var total = input.salePrice
        var totalVAT = vehicleVAT
        for (line, amount) in zip(input.extraLines, lineAmounts) {
            let vat = line.vatRate.vat(inPrice: amount)
            priced.append(PricedDealLine(line: line, amount: amount, vat: vat))
            total += amount
            totalVAT += vat
        }

        if input.tradeInCredit > total {
            issues.append(.error("trade_in_credit",
                ru: "Зачёт трейд-ин: больше суммы сделки (\(input.tradeInCredit.formatted(.ru)) > \(total.formatted(.ru)))",
                en: "Trade-in credit: larger than the deal total (\(input.tradeInCredit.formatted(.en)) > \(total.formatted(.en)))"))
        }
        let due = total - input.tradeInCredit
        if input.loanAmount > due && input.tradeInCredit <= total {
            issues.append(.error("loan_amount",
                ru: "Сумма кредита: больше суммы к оплате (\(input.loanAmount.formatted(.ru)) > \(due.formatted(.ru)))",
                en: "Loan amount: larger than the amount due (\(input.loanAmount.formatted(.en)) > \(due.formatted(.en)))"))
        }

        return DealPriceSheet(
            vehiclePrice: input.salePrice, vehicleVAT: vehicleVAT, vehicleVATBasis: vehicleBasis,
            vehicleVATRate: input.dealershipVATRate, lines: priced, total: total, totalVAT: totalVAT,
            tradeInCredit: input.tradeInCredit, amountDue: due, loanAmount: input.loanAmount,
            customerOwnPart: due - input.loanAmount,
            discountFromList: max(.zero, input.listPrice - input.salePrice),
            vehicleProfit: input.landedCost.map { input.salePrice - vehicleVAT - $0 }, issues: issues)
    }
}
