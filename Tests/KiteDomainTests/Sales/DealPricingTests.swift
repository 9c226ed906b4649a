import Testing
@testable import KiteDomain

/// `moneyRU("1 999 999,99")`: amounts in tests are written as a dealer reads them.
func moneyRU(_ text: String) -> Money { try! Money.parse(text) }

@Suite struct DealPricingTests {
    @Test func newCarFullVAT() {
        // 2 400 000 × 22 / 122 = 432 786,885… → 432 786,89.
        let sheet = DealPricing.price(DealPricingInput(listPrice: moneyRU("2 400 000"), salePrice: moneyRU("2 400 000")))
        #expect(sheet.isAcceptable)
        #expect(sheet.issues.isEmpty)
        #expect(sheet.vehicleVATBasis == .fullPrice)
        #expect(sheet.vehicleVAT == moneyRU("432 786,89"))
        #expect(sheet.total == moneyRU("2 400 000"))
        #expect(sheet.totalVAT == moneyRU("432 786,89"))
        #expect(sheet.amountDue == moneyRU("2 400 000"))
        #expect(sheet.customerOwnPart == moneyRU("2 400 000"))
    }

    @Test func roundingToKopecks() {
        // 1 999 999,99 × 22 / 122 = 360 655,735… → 360 655,74 (half away from zero, in Money.multiplied).
        let sheet = DealPricing.price(DealPricingInput(listPrice: moneyRU("1 999 999,99"), salePrice: moneyRU("1 999 999,99")))
        #expect(sheet.vehicleVAT == moneyRU("360 655,74"))
        // 100,00 × 22 / 122 = 18,03…; 0,03 × 22 / 122 = 0,0054… → 0,01; 0,01 → 0,0018… → 0,00.
        #expect(VATRate.standard.vat(inPrice: moneyRU("100")) == moneyRU("18,03"))
        #expect(VATRate.standard.vat(inPrice: moneyRU("0,03")) == moneyRU("0,01"))
        #expect(VATRate.standard.vat(inPrice: moneyRU("0,01")) == .zero)
        // 10 000 × 10 / 110 = 909,0909… → 909,09.
        #expect(VATRate.reduced.vat(inPrice: moneyRU("10 000")) == moneyRU("909,09"))
        #expect(VATRate.zero.vat(inPrice: moneyRU("10 000")) == .zero)
        #expect(VATRate.withoutVAT.vat(inPrice: moneyRU("10 000")) == .zero)
    }

    @Test func multiLineDealWithDiscountTradeInAndLoan() {
        let input = DealPricingInput(
            listPrice: moneyRU("2 500 000"), salePrice: moneyRU("2 400 000"),
            discount: DealDiscount(amount: moneyRU("100 000"), reasonCode: "STOCK_CLEARANCE"),
            extraLines: [
                DealExtraLine(kind: .accessory, description: "Коврики салона", quantity: 1, unitPrice: moneyRU("15 000")),
                DealExtraLine(kind: .accessory, description: "Зимние шины", quantity: 4, unitPrice: moneyRU("12 500")),
                DealExtraLine(kind: .insurance, description: "КАСКО", quantity: 1, unitPrice: moneyRU("18 000"), vatRate: .withoutVAT),
                DealExtraLine(kind: .extendedWarranty, description: "Продлённая гарантия 2 года", quantity: 1, unitPrice: moneyRU("60 000")),
                DealExtraLine(kind: .service, description: "Детский товар (10 %)", quantity: 2, unitPrice: moneyRU("5 000"), vatRate: .reduced),
            ],
            tradeInCredit: moneyRU("600 000"), loanAmount: moneyRU("1 200 000"))
        let sheet = DealPricing.price(input)
        #expect(sheet.issues.isEmpty)
        // Line VAT, each rounded on its own:
        //   15 000 × 22/122 = 2 704,918 → 2 704,92
        //   4 × 12 500 = 50 000 × 22/122 = 9 016,393 → 9 016,39
        //   18 000 without VAT → 0
        //   60 000 × 22/122 = 10 819,672 → 10 819,67
        //   2 × 5 000 = 10 000 × 10/110 = 909,090 → 909,09
        #expect(sheet.lines.map(\.amount) == [moneyRU("15 000"), moneyRU("50 000"), moneyRU("18 000"), moneyRU("60 000"), moneyRU("10 000")])
        #expect(sheet.lines.map(\.vat) == [moneyRU("2 704,92"), moneyRU("9 016,39"), .zero, moneyRU("10 819,67"), moneyRU("909,09")])
        #expect(sheet.vehicleVAT == moneyRU("432 786,89"))
        // Total = 2 400 000 + 15 000 + 50 000 + 18 000 + 60 000 + 10 000 = 2 553 000.
        #expect(sheet.total == moneyRU("2 553 000"))
        // VAT = 432 786,89 + 2 704,92 + 9 016,39 + 0 + 10 819,67 + 909,09 = 456 236,96.
        #expect(sheet.totalVAT == moneyRU("456 236,96"))
        // Due = 2 553 000 − 600 000 = 1 953 000; own part = 1 953 000 − 1 200 000 = 753 000.
        #expect(sheet.amountDue == moneyRU("1 953 000"))
        #expect(sheet.customerOwnPart == moneyRU("753 000"))
        #expect(sheet.discountFromList == moneyRU("100 000"))
    }

    @Test func marginSchemeWithProfit() {
        // Bought from a private person for 1 500 000, sold for 1 800 000:
        // margin 300 000 × 22/122 = 54 098,360… → 54 098,36 (not 324 590,16 on the full price).
        let sheet = DealPricing.price(DealPricingInput(listPrice: moneyRU("1 800 000"), salePrice: moneyRU("1 800 000"),
                                                       boughtFromPrivatePerson: true, purchaseCost: moneyRU("1 500 000")))
        #expect(sheet.issues.isEmpty)
        #expect(sheet.vehicleVATBasis == .margin(moneyRU("300 000")))
        #expect(sheet.vehicleVAT == moneyRU("54 098,36"))
        #expect(sheet.total == moneyRU("1 800 000"))
    }

    @Test func marginSchemeWithLossHasNoVAT() {
        // Bought for 1 500 000, sold for 1 400 000: margin max(0, −100 000) = 0 → VAT 0.
        let sheet = DealPricing.price(DealPricingInput(
            listPrice: moneyRU("1 450 000"), salePrice: moneyRU("1 400 000"),
            discount: DealDiscount(amount: moneyRU("50 000"), reasonCode: "LONG_IN_STOCK"),
            extraLines: [DealExtraLine(kind: .accessory, description: "Сигнализация", unitPrice: moneyRU("30 500"))],
            boughtFromPrivatePerson: true, purchaseCost: moneyRU("1 500 000")))
        #expect(sheet.issues.isEmpty)
        #expect(sheet.vehicleVATBasis == .margin(.zero))
        #expect(sheet.vehicleVAT == .zero)
        // Only the accessory carries VAT: 30 500 × 22/122 = 5 500,00 exactly.
        #expect(sheet.totalVAT == moneyRU("5 500"))
        #expect(sheet.total == moneyRU("1 430 500"))
    }

    @Test func marginSchemeNeedsPurchaseCost() {
        let sheet = DealPricing.price(DealPricingInput(listPrice: moneyRU("1 000 000"), salePrice: moneyRU("1 000 000"),
                                                       boughtFromPrivatePerson: true))
        #expect(sheet.issues.map(\.field) == ["purchase_cost"])
        #expect(!sheet.isAcceptable)
    }

    @Test func dealershipRateIsConfigurable() {
        // A dealership still on 20 %: 1 200 000 × 20/120 = 200 000.
        let twenty = DealPricing.price(DealPricingInput(listPrice: moneyRU("1 200 000"), salePrice: moneyRU("1 200 000"),
                                                        dealershipVATRate: .percent(20)))
        #expect(twenty.vehicleVAT == moneyRU("200 000"))
        let exempt = DealPricing.price(DealPricingInput(listPrice: moneyRU("1 200 000"), salePrice: moneyRU("1 200 000"),
                                                        dealershipVATRate: .withoutVAT))
        #expect(exempt.vehicleVAT == .zero)
    }

    @Test func refusals() {
        let sheet = DealPricing.price(DealPricingInput(
            listPrice: moneyRU("1 000 000"), salePrice: moneyRU("-5"),
            discount: DealDiscount(amount: moneyRU("1 000 001"), reasonCode: " "),
            extraLines: [DealExtraLine(kind: .service, description: "", quantity: 0, unitPrice: moneyRU("-1"))],
            tradeInCredit: moneyRU("-1"), loanAmount: moneyRU("-1")))
        #expect(!sheet.isAcceptable)
        let fields = Set(sheet.issues.map(\.field))
        #expect(fields.isSuperset(of: ["sale_price", "discount_amount", "discount_reason", "trade_in_credit", "loan_amount",
                                       "lines[0].description", "lines[0].quantity", "lines[0].unit_price"]))
        #expect(sheet.issues.contains { $0.message.ru == "Цена продажи: сумма не может быть отрицательной" })
        #expect(sheet.issues.contains { $0.message.ru == "Скидка: больше цены по прайсу (1\u{00A0}000\u{00A0}001\u{00A0}₽ > 1\u{00A0}000\u{00A0}000\u{00A0}₽)" })
    }

    @Test func loanLargerThanDueIsRefused() {
        let sheet = DealPricing.price(DealPricingInput(listPrice: moneyRU("2 000 000"), salePrice: moneyRU("2 000 000"),
                                                       tradeInCredit: moneyRU("500 000"), loanAmount: moneyRU("1 600 000")))
        #expect(sheet.issues == [.error("loan_amount",
            ru: "Сумма кредита: больше суммы к оплате (1\u{00A0}600\u{00A0}000\u{00A0}₽ > 1\u{00A0}500\u{00A0}000\u{00A0}₽)",
            en: "Loan amount: larger than the amount due (1\u{00A0}600\u{00A0}000\u{00A0}₽ > 1\u{00A0}500\u{00A0}000\u{00A0}₽)")])
        // The numbers are still there for the totals panel.
        #expect(sheet.amountDue == moneyRU("1 500 000"))
        #expect(sheet.customerOwnPart == moneyRU("-100 000"))
    }

    @Test func loanEqualToDueIsAccepted() {
        let sheet = DealPricing.price(DealPricingInput(listPrice: moneyRU("2 000 000"), salePrice: moneyRU("2 000 000"),
                                                       tradeInCredit: moneyRU("500 000"), loanAmount: moneyRU("1 500 000")))
        #expect(sheet.isAcceptable)
        #expect(sheet.customerOwnPart == .zero)
    }

    @Test func tradeInLargerThanTotalIsRefused() {
        let sheet = DealPricing.price(DealPricingInput(listPrice: moneyRU("800 000"), salePrice: moneyRU("800 000"),
                                                       tradeInCredit: moneyRU("900 000")))
        #expect(sheet.issues.map(\.field) == ["trade_in_credit"])
        #expect(sheet.amountDue == moneyRU("-100 000"))
    }

    @Test func salePriceMustMatchListMinusDiscount() {
        let sheet = DealPricing.price(DealPricingInput(listPrice: moneyRU("2 500 000"), salePrice: moneyRU("2 450 000"),
                                                       discount: DealDiscount(amount: moneyRU("100 000"), reasonCode: "X")))
        #expect(sheet.issues.map(\.field) == ["sale_price"])
        #expect(sheet.issues.first?.message.ru.contains("2\u{00A0}400\u{00A0}000") == true)
    }

    @Test func hiddenDiscountIsAWarningAndStillCountsForApproval() {
        let sheet = DealPricing.price(DealPricingInput(listPrice: moneyRU("2 500 000"), salePrice: moneyRU("2 300 000")))
        #expect(sheet.isAcceptable)
        #expect(sheet.issues.map(\.severity) == [.warning])
        #expect(sheet.discountFromList == moneyRU("200 000"))
    }

    @Test func hugeAmountsAreRefusedWithoutTrapping() {
        let sheet = DealPricing.price(DealPricingInput(
            listPrice: moneyRU("900 000 000 000"), salePrice: moneyRU("900 000 000 000"),
            extraLines: [DealExtraLine(kind: .accessory, description: "x", quantity: 9_999, unitPrice: moneyRU("900 000 000 000")),
                         DealExtraLine(kind: .accessory, description: "y", quantity: 1_000_000, unitPrice: moneyRU("1"))]))
        #expect(!sheet.isAcceptable)
        #expect(sheet.total == .zero)
    }
}
