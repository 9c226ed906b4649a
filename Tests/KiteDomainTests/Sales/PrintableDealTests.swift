import Testing
@testable import KiteDomain

@Suite struct PrintableDealTests {
    func deal(marginVAT: Bool = false) -> PrintableDeal {
        PrintableDeal(
            number: "MSK-2026-000123", date: CivilDate(year: 2026, month: 3, day: 5)!, managerName: "Петров Пётр",
            dealership: .init(code: "MSK", name: "ООО «Кайт Авто Москва»", city: "Москва"),
            customer: .person(.init(fullName: "Иванова Анна Сергеевна")),
            vehicle: .init(vin: "XW8AN2NE3PH000123", make: "Haval", model: "Jolion", trim: "Elite", year: 2025),
            pricing: DealPricingInput(
                listPrice: moneyRU("2 500 000"), salePrice: moneyRU("2 400 000"),
                discount: DealDiscount(amount: moneyRU("100 000"), reasonCode: "promo"),
                extraLines: [DealExtraLine(kind: .accessory, description: "Коврики в салон", quantity: 2,
                                           unitPrice: moneyRU("3 050")),
                             DealExtraLine(kind: .insurance, description: "КАСКО", unitPrice: moneyRU("80 000"),
                                           vatRate: .withoutVAT)],
                tradeInCredit: moneyRU("500 000"), loanAmount: moneyRU("1 000 000"),
                boughtFromPrivatePerson: marginVAT, purchaseCost: marginVAT ? moneyRU("2 000 000") : nil))
    }

    @Test func theVehicleIsLineOneAndEachLineHasItsVAT() {
        let lines = deal().lines
        #expect(lines.map(\.position) == [1, 2, 3])
        #expect(lines[0].description == "Автомобиль Haval Jolion Elite, 2025 г. в., VIN XW8AN2NE3PH000123")
        #expect(lines[0].amount == moneyRU("2 400 000"))
        #expect(lines[0].vat == moneyRU("432 786,89"))
        // 2 × 3 050 = 6 100; 6 100 × 22 / 122 = 1 099,999… → 1 100,00.
        #expect(lines[1].amount == moneyRU("6 100"))
        #expect(lines[1].vat == moneyRU("1 100"))
        #expect(lines[2].vatRate == .withoutVAT)
        #expect(lines[2].vat == .zero)
    }

    @Test func totalsComeFromDealPricing() {
        let printable = deal()
        #expect(printable.sheet.total == moneyRU("2 486 100"))
        #expect(printable.sheet.totalVAT == moneyRU("433 886,89"))
        #expect(printable.sheet.amountDue == moneyRU("1 986 100"))
        #expect(printable.sheet.customerOwnPart == moneyRU("986 100"))
        #expect(!printable.hasMarginVAT)
    }

    @Test func marginSchemeMarksTheVehicleLine() {
        let printable = deal(marginVAT: true)
        #expect(printable.hasMarginVAT)
        #expect(printable.lines[0].vatOnMargin)
        // (2 400 000 − 2 000 000) × 22 / 122 = 72 131,147… → 72 131,15.
        #expect(printable.lines[0].vat == moneyRU("72 131,15"))
        #expect(!printable.lines[1].vatOnMargin)
    }
}
