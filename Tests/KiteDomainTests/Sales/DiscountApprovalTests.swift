import Testing
@testable import KiteDomain

@Suite struct DiscountApprovalTests {
    let list = rub("2 500 000")
    let senior = DiscountApprover(userID: "petrova", isSenior: true)

    @Test func percentLimit() {
        // 3 % of 2 500 000 = 75 000; 2,5 % = 62 500; 1 % of 1 234 567,89 = 12 345,6789 → 12 345,68.
        #expect(DiscountLimit.percent(3).maximum(listPrice: list) == rub("75 000"))
        #expect(DiscountLimit.percentOfListPrice(basisPoints: 250).maximum(listPrice: list) == rub("62 500"))
        #expect(DiscountLimit.percent(1).maximum(listPrice: rub("1 234 567,89")) == rub("12 345,68"))
        #expect(DiscountLimit.amount(rub("50 000")).maximum(listPrice: list) == rub("50 000"))
    }

    @Test func atTheLimitNeedsNoApproval() {
        let decision = DiscountApproval.decide(discount: rub("75 000"), listPrice: list, limit: .percent(3),
                                               requestedBy: "ivanov", approver: nil)
        #expect(decision == .withinLimit(limit: rub("75 000")))
        #expect(decision.allowsDiscount)
    }

    @Test func oneKopeckAboveNeedsApproval() {
        let decision = DiscountApproval.decide(discount: rub("75 000,01"), listPrice: list, limit: .percent(3),
                                               requestedBy: "ivanov", approver: nil)
        #expect(decision == .needsApproval(limit: rub("75 000"), excess: rub("0,01")))
        #expect(!decision.allowsDiscount)
    }

    @Test func seniorApproves() {
        let decision = DiscountApproval.decide(discount: rub("100 000"), listPrice: list, limit: .amount(rub("50 000")),
                                               requestedBy: "ivanov", approver: senior)
        #expect(decision == .approved(by: "petrova", limit: rub("50 000")))
        #expect(decision.allowsDiscount)
    }

    @Test func requesterCannotApproveOwnDiscountEvenAsSenior() {
        let decision = DiscountApproval.decide(discount: rub("100 000"), listPrice: list, limit: .amount(rub("50 000")),
                                               requestedBy: "petrova", approver: DiscountApprover(userID: " Petrova ", isSenior: true))
        guard case .refused(let reason) = decision else { Issue.record("expected a refusal"); return }
        #expect(reason.ru.contains("не может согласовать тот, кто её запросил"))
        #expect(!decision.allowsDiscount)
    }

    @Test func nonSeniorCannotApprove() {
        let decision = DiscountApproval.decide(discount: rub("100 000"), listPrice: list, limit: .amount(rub("50 000")),
                                               requestedBy: "ivanov", approver: DiscountApprover(userID: "sidorov", isSenior: false))
        #expect(decision == .refused(LocalizedText(
            ru: "Скидку 100\u{00A0}000\u{00A0}₽ сверх лимита 50\u{00A0}000\u{00A0}₽ может согласовать только руководитель",
            en: "A discount of 100\u{00A0}000\u{00A0}₽ above the limit of 50\u{00A0}000\u{00A0}₽ needs a senior's approval")))
    }

    @Test func hiddenDiscountFromThePriceSheetIsJudged() {
        let sheet = DealPricing.price(DealPricingInput(listPrice: list, salePrice: rub("2 400 000")))
        let decision = DiscountApproval.decide(discount: sheet.discountFromList, listPrice: list, limit: .percent(3),
                                               requestedBy: "ivanov", approver: nil)
        #expect(decision == .needsApproval(limit: rub("75 000"), excess: rub("25 000")))
    }
}
