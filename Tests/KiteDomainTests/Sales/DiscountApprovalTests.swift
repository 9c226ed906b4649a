import Testing
@testable import KiteDomain

@Suite struct DiscountApprovalTests {
    let list = moneyRU("2 500 000")
    let senior = DiscountApprover(userID: "petrova", isSenior: true)

    @Test func percentLimit() {
        // 3 % of 2 500 000 = 75 000; 2,5 % = 62 500; 1 % of 1 234 567,89 = 12 345,6789 → 12 345,68.
        #expect(DiscountLimit.percent(3).maximum(listPrice: list) == moneyRU("75 000"))
        #expect(DiscountLimit.percentOfListPrice(basisPoints: 250).maximum(listPrice: list) == moneyRU("62 500"))
        #expect(DiscountLimit.percent(1).maximum(listPrice: moneyRU("1 234 567,89")) == moneyRU("12 345,68"))
        #expect(DiscountLimit.amount(moneyRU("50 000")).maximum(listPrice: list) == moneyRU("50 000"))
    }

    @Test func atTheLimitNeedsNoApproval() {
        let decision = DiscountApproval.decide(discount: moneyRU("75 000"), listPrice: list, limit: .percent(3),
                                               requestedBy: "ivanov", approver: nil)
        #expect(decision == .withinLimit(limit: moneyRU("75 000")))
        #expect(decision.allowsDiscount)
    }

    @Test func oneKopeckAboveNeedsApproval() {
        let decision = DiscountApproval.decide(discount: moneyRU("75 000,01"), listPrice: list, limit: .percent(3),
                                               requestedBy: "ivanov", approver: nil)
        #expect(decision == .needsApproval(limit: moneyRU("75 000"), excess: moneyRU("0,01")))
        #expect(!decision.allowsDiscount)
    }

    @Test func seniorApproves() {
        let decision = DiscountApproval.decide(discount: moneyRU("100 000"), listPrice: list, limit: .amount(moneyRU("50 000")),
                                               requestedBy: "ivanov", approver: senior)
        #expect(decision == .approved(by: "petrova", limit: moneyRU("50 000")))
        #expect(decision.allowsDiscount)
    }

    @Test func requesterCannotApproveOwnDiscountEvenAsSenior() {
        let decision = DiscountApproval.decide(discount: moneyRU("100 000"), listPrice: list, limit: .amount(moneyRU("50 000")),
                                               requestedBy: "petrova", approver: DiscountApprover(userID: " Petrova ", isSenior: true))
        guard case .refused(let reason) = decision else { Issue.record("expected a refusal"); return }
        #expect(reason.ru.contains("не может согласовать тот, кто её запросил"))
        #expect(!decision.allowsDiscount)
    }

    @Test func nonSeniorCannotApprove() {
        let decision = DiscountApproval.decide(discount: moneyRU("100 000"), listPrice: list, limit: .amount(moneyRU("50 000")),
                                               requestedBy: "ivanov", approver: DiscountApprover(userID: "sidorov", isSenior: false))
        #expect(decision == .refused(LocalizedText(
            ru: "Скидку 100\u{00A0}000\u{00A0}₽ сверх лимита 50\u{00A0}000\u{00A0}₽ может согласовать только руководитель",
            en: "A discount of 100\u{00A0}000\u{00A0}₽ above the limit of 50\u{00A0}000\u{00A0}₽ needs a senior's approval")))
    }

    @Test func hiddenDiscountFromThePriceSheetIsJudged() {
        let sheet = DealPricing.price(DealPricingInput(listPrice: list, salePrice: moneyRU("2 400 000")))
        let decision = DiscountApproval.decide(discount: sheet.discountFromList, listPrice: list, limit: .percent(3),
                                               requestedBy: "ivanov", approver: nil)
        #expect(decision == .needsApproval(limit: moneyRU("75 000"), excess: moneyRU("25 000")))
    }
}
