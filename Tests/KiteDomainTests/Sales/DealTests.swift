import Foundation
import KiteDomain
import Testing

@Suite("Deal: pricing input and checks before a save")
struct DealTests {
    @Test func marginSchemeUsesTheVehicleCost() {
        let deal = Deal(listPrice: Money(roubles: 1_220_000), salePrice: Money(roubles: 1_220_000), marginVAT: true,
                        purchaseCost: Money(roubles: 1_000_000))
        // VAT = (1 220 000 − 1 000 000) × 22/122 = 39 672,13.
        #expect(deal.priceSheet.vehicleVAT == Money(kopecks: 3_967_213))
    }

    @Test func fullPriceVATAtTheDealershipRate() {
        let deal = Deal(listPrice: Money(roubles: 1_220_000), salePrice: Money(roubles: 1_220_000), vatRatePercent: 20)
        // 1 220 000 × 20/120 = 203 333,33.
        #expect(deal.priceSheet.vehicleVAT == Money(kopecks: 20_333_333))
    }

    @Test func aLoanNeedsItsBankAndLinesNeedDescriptions() {
        let deal = Deal(listPrice: Money(roubles: 100), salePrice: Money(roubles: 100), loanAmount: Money(roubles: 50),
                        lines: [DealExtraLine(kind: .service, description: " ", unitPrice: Money(roubles: 1))])
        let fields = deal.validate().map(\.field)
        #expect(fields.contains("loan_bank"))
        #expect(fields.contains("lines"))
    }

    @Test func dueAndOwnPartSubtractTradeInAndLoan() {
        let deal = Deal(listPrice: Money(roubles: 2_000_000), salePrice: Money(roubles: 2_000_000),
                        tradeInCredit: Money(roubles: 500_000), loanBank: "Сбербанк", loanAmount: Money(roubles: 1_000_000))
        let sheet = deal.priceSheet
        #expect(sheet.amountDue == Money(roubles: 1_500_000))
        #expect(sheet.customerOwnPart == Money(roubles: 500_000))
        #expect(deal.validate().isEmpty)
    }
}
