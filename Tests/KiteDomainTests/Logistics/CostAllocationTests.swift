import Foundation
import Testing
@testable import KiteDomain

/// Splitting a trip's price over its cars in kopecks (the remainder on the last car), and
/// a car's landed cost from its ledger lines.
@Suite struct CostAllocationTests {
    @Test func threeCarsEquallyTheLastTakesTheKopeck() throws {
        let parts = try CostAllocation.splitEqually(total: moneyRU("100 000"), count: 3)
        #expect(parts == [moneyRU("33 333,33"), moneyRU("33 333,33"), moneyRU("33 333,34")])
        #expect(parts.reduce(.zero, +) == moneyRU("100 000"))
    }

    @Test func anExactSplitHasNoRemainder() throws {
        #expect(try CostAllocation.splitEqually(total: moneyRU("150 000"), count: 8)
                == Array(repeating: moneyRU("18 750"), count: 8))
    }

    @Test func theRemainderIsAtMostOneKopeckPerOtherCar() throws {
        // 0,07 over 8: seven cars get 0, the last 0,07 (all rounded down, the rest on the last).
        let parts = try CostAllocation.splitEqually(total: moneyRU("0,07"), count: 8)
        #expect(parts == Array(repeating: .zero, count: 7) + [moneyRU("0,07")])
        // 100 000,01 over 7: 14 285,71 × 6 and 14 285,75 on the last.
        let seven = try CostAllocation.splitEqually(total: moneyRU("100 000,01"), count: 7)
        #expect(seven.dropLast().allSatisfy { $0 == moneyRU("14 285,71") })
        #expect(seven.last == moneyRU("14 285,75"))
        #expect(seven.reduce(.zero, +) == moneyRU("100 000,01"))
    }

    @Test func oneCarTakesItAllAndZeroSplitsIntoZeros() throws {
        #expect(try CostAllocation.splitEqually(total: moneyRU("99 999,99"), count: 1) == [moneyRU("99 999,99")])
        #expect(try CostAllocation.splitEqually(total: .zero, count: 3) == [.zero, .zero, .zero])
    }

    @Test func noCarsANegativeTotalOrABadWeightIsRefused() {
        #expect(throws: CostAllocation.Refusal.noShares) { try CostAllocation.splitEqually(total: moneyRU("100"), count: 0) }
        #expect(throws: CostAllocation.Refusal.noShares) { try CostAllocation.split(total: .zero, weights: [Decimal]()) }
        #expect(throws: CostAllocation.Refusal.negativeTotal) { try CostAllocation.splitEqually(total: moneyRU("-100"), count: 2) }
        #expect(throws: CostAllocation.Refusal.weightNotPositive(index: 1)) {
            try CostAllocation.split(total: moneyRU("100"), weights: [Decimal(1), Decimal(0)])
        }
        #expect(throws: CostAllocation.Refusal.weightNotPositive(index: 0)) {
            try CostAllocation.split(total: moneyRU("100"), weights: [-1, 2])
        }
        #expect(throws: CostAllocation.Refusal.weightTooPrecise(index: 0)) {
            try CostAllocation.split(total: moneyRU("100"), weights: [Decimal(string: "0.0005")!])
        }
        #expect(throws: CostAllocation.Refusal.weightTooLarge(index: 0)) {
            try CostAllocation.split(total: moneyRU("100"), weights: [Decimal(2_000_000)])
        }
        #expect(CostAllocation.Refusal.weightNotPositive(index: 1).message.ru == "Вес 2: должен быть больше нуля")
    }

    /// Car 1, truck 2, moto 0.5 (the default weights): 100 000 over 3.5 units.
    @Test func byWeightsOfTheVehicleTypes() throws {
        let weights = ["car", "truck", "moto"].map { CostAllocation.defaultWeights[$0]! }
        let parts = try CostAllocation.split(total: moneyRU("100 000"), weights: weights)
        // 100 000 × 1 / 3,5 = 28 571,428… → 28 571,42; × 2 / 3,5 = 57 142,857… → 57 142,85;
        // the motorcycle, last, takes 100 000 − 85 714,27 = 14 285,73.
        #expect(parts == [moneyRU("28 571,42"), moneyRU("57 142,85"), moneyRU("14 285,73")])
        #expect(parts.reduce(.zero, +) == moneyRU("100 000"))
        // Integer weights give the same as the decimals.
        #expect(try CostAllocation.split(total: moneyRU("100 000"), weights: [2, 4, 1]) == parts)
    }

    @Test func theLargestAmountAndWeightsDoNotOverflow() throws {
        let parts = try CostAllocation.split(total: Money.databaseMaximum, weights: [Decimal(1_000_000), Decimal(string: "0.001")!])
        #expect(parts.reduce(.zero, +) == Money.databaseMaximum)
        // floor(M × 10⁹ / (10⁹ + 1)) = M − 100 000 kopecks; the last takes the 100 000.
        #expect(parts == [Money(kopecks: 99_999_999_899_999), Money(kopecks: 100_000)])
    }

    @Test func everySplitAddsUpExactly() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let total = Money(kopecks: Int64.random(in: 0...10_000_000_000, using: &generator))
            let weights = (0..<Int.random(in: 1...10, using: &generator)).map { _ in Int.random(in: 1...5, using: &generator) }
            let parts = try CostAllocation.split(total: total, weights: weights)
            #expect(parts.count == weights.count)
            #expect(parts.reduce(.zero, +) == total)
            #expect(parts.allSatisfy { !$0.isNegative })
            // Every car but the last is rounded down from its exact share.
            let sum = Int64(weights.reduce(0, +))
            for (part, weight) in zip(parts.dropLast(), weights) {
                #expect(part.kopecks == total.kopecks * Int64(weight) / sum)
            }
        }
    }

    @Test func theLandedCostSumsTheLinesByKind() {
        let lines = [
            CostLine(kind: .purchase, amount: moneyRU("1 500 000"), source: .vehicle),
            CostLine(kind: .freight, amount: moneyRU("33 333,33"), source: .trip),
            CostLine(kind: .freight, amount: moneyRU("-33 333,33"), source: .payment, reversesCostID: 2),
            CostLine(kind: .freight, amount: moneyRU("36 666,67"), source: .payment),
            CostLine(kind: .reconditioning, amount: moneyRU("12 500"), source: .manual),
        ]
        let landed = LandedCost(lines)
        #expect(landed[.purchase] == moneyRU("1 500 000"))
        #expect(landed[.freight] == moneyRU("36 666,67"))
        #expect(landed[.reconditioning] == moneyRU("12 500"))
        #expect(landed[.other] == .zero)
        #expect(landed.total == moneyRU("1 549 166,67"))
        #expect(landed.nonZeroKinds.map(\.kind) == [.purchase, .freight, .reconditioning])
        #expect(LandedCost([]).total == .zero)
    }
}

/// The deal's profit uses the landed cost; its margin VAT keeps using the purchase price
/// (Tax Code art. 154 p. 5.1).
@Suite struct DealProfitTests {
    @Test func marginVATUsesThePurchasePriceProfitTheLandedCost() {
        let withoutCost = DealPricing.price(DealPricingInput(listPrice: moneyRU("1 720 000"), salePrice: moneyRU("1 720 000"),
                                                            boughtFromPrivatePerson: true, purchaseCost: moneyRU("1 500 000")))
        let withCost = DealPricing.price(DealPricingInput(listPrice: moneyRU("1 720 000"), salePrice: moneyRU("1 720 000"),
                                                         boughtFromPrivatePerson: true, purchaseCost: moneyRU("1 500 000"),
                                                         landedCost: moneyRU("1 545 833,33")))
        // VAT on the margin 220 000 × 22/122 = 39 672,13 — with or without freight.
        #expect(withoutCost.vehicleVATBasis == .margin(moneyRU("220 000")))
        #expect(withCost.vehicleVATBasis == .margin(moneyRU("220 000")))
        #expect(withCost.vehicleVAT == moneyRU("39 672,13") && withoutCost.vehicleVAT == withCost.vehicleVAT)
        #expect(withCost.totalVAT == withoutCost.totalVAT && withCost.amountDue == withoutCost.amountDue)
        // Profit: 1 720 000 − 39 672,13 − 1 545 833,33 = 134 494,54.
        #expect(withCost.vehicleProfit == moneyRU("134 494,54"))
        #expect(withoutCost.vehicleProfit == nil)
    }

    @Test func fullPriceVATProfitNetOfVAT() {
        let sheet = DealPricing.price(DealPricingInput(listPrice: moneyRU("2 400 000"), salePrice: moneyRU("2 400 000"),
                                                      landedCost: moneyRU("1 900 000")))
        #expect(sheet.vehicleVAT == moneyRU("432 786,89"))
        #expect(sheet.vehicleProfit == moneyRU("67 213,11"))
    }

    @Test func theDealPassesItsLandedCostButNotIntoTheVAT() {
        var deal = Deal(listPrice: moneyRU("1 720 000"), salePrice: moneyRU("1 720 000"), marginVAT: true,
                        purchaseCost: moneyRU("1 500 000"))
        let before = deal.priceSheet
        deal.landedCost = moneyRU("1 600 000")
        #expect(deal.priceSheet.vehicleVAT == before.vehicleVAT)
        #expect(deal.priceSheet.vehicleProfit == moneyRU("80 327,87"))
    }
}
