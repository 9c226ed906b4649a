import Testing
@testable import KiteDomain

@Suite struct DealStageTests {
    @Test func happyPath() throws {
        var stage = DealStage.draft
        let facts = DealFacts()
        for command in [DealCommand.reserve, .contract, .deliver, .close] {
            stage = try stage.apply(command, facts: facts).get()
        }
        #expect(stage == .closed)
    }

    @Test func cancelAllowedBeforeDeliveryOnly() {
        for stage in [DealStage.draft, .reserved, .contracted] {
            #expect((try? stage.transition(to: .cancelled, facts: DealFacts()).get()) == .cancelled)
        }
        for stage in [DealStage.delivered, .closed] {
            guard case .failure(let refusal) = stage.transition(to: .cancelled, facts: DealFacts()) else {
                Issue.record("cancel from \(stage) must be refused"); continue
            }
            #expect(refusal.message.ru == "Нельзя отменить сделку: автомобиль уже выдан")
        }
        #expect((try? DealStage.cancelled.transition(to: .cancelled, facts: DealFacts()).get()) == nil)
    }

    @Test func noSkippingStages() {
        guard case .failure(let refusal) = DealStage.draft.transition(to: .delivered, facts: DealFacts()) else {
            Issue.record("expected a refusal"); return
        }
        #expect(refusal.reason == .notAllowedFromStage)
        #expect(refusal.message.ru == "Нельзя перевести сделку из стадии «черновик» в стадию «выдана»")
        #expect(refusal.message.en == "Cannot move the deal from 'draft' to 'delivered'")
        #expect((try? DealStage.draft.transition(to: .contracted, facts: DealFacts()).get()) == nil)
        #expect((try? DealStage.reserved.transition(to: .draft, facts: DealFacts()).get()) == nil)
    }

    @Test func closeOnlyAfterDelivery() {
        guard case .failure(let refusal) = DealStage.contracted.transition(to: .closed, facts: DealFacts()) else {
            Issue.record("expected a refusal"); return
        }
        #expect(refusal.message.ru == "Нельзя закрыть сделку: автомобиль ещё не выдан")
    }

    @Test func reserveNeedsAnAvailableVehicle() {
        guard case .failure(let refusal) = DealStage.draft.transition(to: .reserved, facts: DealFacts(vehicleAvailable: false)) else {
            Issue.record("expected a refusal"); return
        }
        #expect(refusal.reason == .vehicleNotAvailable)
    }

    @Test func renewExpiredReservationOnly() {
        #expect((try? DealStage.reserved.transition(to: .reserved, facts: DealFacts(reservationExpired: true)).get()) == .reserved)
        #expect((try? DealStage.reserved.transition(to: .reserved, facts: DealFacts(reservationExpired: false)).get()) == nil)
        guard case .failure(let refusal) = DealStage.reserved.transition(to: .contracted, facts: DealFacts(reservationExpired: true)) else {
            Issue.record("expected a refusal"); return
        }
        #expect(refusal.reason == .reservationExpired)
    }

    @Test func contractNeedsCompleteCustomerData() {
        let facts = DealFacts(customerDataComplete: false, missingCustomerData: [
            LocalizedText(ru: "паспорт", en: "passport"), LocalizedText(ru: "адрес", en: "address")])
        guard case .failure(let refusal) = DealStage.reserved.transition(to: .contracted, facts: facts) else {
            Issue.record("expected a refusal"); return
        }
        #expect(refusal.reason == .customerDataIncomplete)
        #expect(refusal.message.ru == "Нельзя заключить договор: не заполнены данные клиента (паспорт, адрес)")
        #expect(refusal.message.en == "Cannot sign the contract: the customer's data is incomplete (passport, address)")
    }

    @Test func deliveryNeedsFullPaymentOncePaymentsExist() {
        let partial = DealFacts(paymentState: .partial, paid: moneyRU("1 000 000"), due: moneyRU("2 500 000"), hasPayments: true)
        guard case .failure(let refusal) = DealStage.contracted.transition(to: .delivered, facts: partial) else {
            Issue.record("expected a refusal"); return
        }
        #expect(refusal.reason == .notFullyPaid)
        #expect(refusal.message.ru == "Нельзя выдать автомобиль: сделка не оплачена полностью (оплачено 1\u{00A0}000\u{00A0}000\u{00A0}₽ из 2\u{00A0}500\u{00A0}000\u{00A0}₽)")
        #expect(refusal.message.en == "Cannot hand over the vehicle: the deal is not fully paid (paid 1\u{00A0}000\u{00A0}000\u{00A0}₽ of 2\u{00A0}500\u{00A0}000\u{00A0}₽)")

        // Paid and overpaid deals may be delivered.
        for state in [DealPaymentState.paid, .overpaid] {
            let facts = DealFacts(paymentState: state, paid: moneyRU("2 500 000"), due: moneyRU("2 500 000"), hasPayments: true)
            #expect((try? DealStage.contracted.transition(to: .delivered, facts: facts).get()) == .delivered)
        }
        // Before the finance module: no payments, not enforced → no gate.
        #expect((try? DealStage.contracted.transition(to: .delivered, facts: DealFacts(due: moneyRU("2 500 000"))).get()) == .delivered)
        // With finance enforced, a deal with no payment at all cannot be delivered.
        let enforced = DealFacts(paymentState: .unpaid, due: moneyRU("2 500 000"), paymentsEnforced: true)
        #expect((try? DealStage.contracted.transition(to: .delivered, facts: enforced).get()) == nil)
    }

    @Test func factsFromABalance() {
        var facts = DealFacts(paymentsEnforced: true)
        let payment = PaymentEntry(id: 1, direction: .incoming, method: .cash, amount: moneyRU("1 000 000"),
                                   date: CivilDate(year: 2026, month: 3, day: 1)!, state: .confirmed)
        facts.apply(DealBalance.compute(due: moneyRU("2 500 000"), payments: [payment]))
        #expect(facts.paymentState == .partial)
        #expect(facts.paid == moneyRU("1 000 000"))
        #expect(facts.hasPayments)
    }

    @Test func everyPairIsEitherAllowedOrExplained() {
        for from in DealStage.allCases {
            for to in DealStage.allCases {
                let result = from.transition(to: to, facts: DealFacts(reservationExpired: true))
                switch result {
                case .success(let stage): #expect(stage == to && from.possibleNext.contains(to))
                case .failure(let refusal): #expect(!refusal.message.ru.isEmpty && !refusal.message.en.isEmpty)
                }
            }
        }
    }
}

@Suite struct DealNumberTests {
    @Test func formatAndParse() {
        let number = DealNumber(dealershipCode: "MSK", year: 2026, sequence: 123)!
        #expect(number.formatted == "MSK-2026-000123")
        #expect(DealNumber.parse("MSK-2026-000123") == number)
        #expect(DealNumber.parse(" msk-2026-000123 ") == number)
        #expect(DealNumber(dealershipCode: "SPB2", year: 2026, sequence: 999_999)!.formatted == "SPB2-2026-999999")
    }

    @Test(arguments: ["MSK-2026-123", "MSK-26-000123", "MSK-2026-0000123", "MSK-2026-000000", "1SK-2026-000123",
                      "M-2026-000123", "MSK2026000123", "MSK-2026-00012A", "", "МSК-2026-000123"])
    func refusedByTheStrictParser(text: String) {
        #expect(DealNumber.parse(text) == nil)
    }

    @Test func invalidParts() {
        #expect(DealNumber(dealershipCode: "msk", year: 2026, sequence: 1) == nil)
        #expect(DealNumber(dealershipCode: "MSK", year: 2026, sequence: 1_000_000) == nil)
        #expect(DealNumber(dealershipCode: "MSK", year: 1999, sequence: 1) == nil)
    }

    @Test func findInPurposeText() {
        let msk = DealNumber.parse("MSK-2026-000123")!
        #expect(DealNumber.all(in: "Оплата по договору MSK-2026-000123 за автомобиль, НДС не облагается") == [msk])
        #expect(DealNumber.all(in: "Предоплата по сделке №MSK-2026-000123.") == [msk])
        #expect(DealNumber.all(in: "оплата msk–2026–000123") == [msk])                    // lower case, en dashes
        #expect(DealNumber.all(in: "оплата МSК-2026-000123") == [msk])                    // Cyrillic М and К
        #expect(DealNumber.all(in: "ЖMSK-2026-000123 и MSK-2026-0001234 и MSK-2026-000123Б") == [])  // glued
        #expect(DealNumber.all(in: "MSK-2026-000123, MSK-2026-000123") == [msk])
        #expect(DealNumber.all(in: "MSK-2026-000123 и SPB-2026-000007").count == 2)
        #expect(DealNumber.unique(in: "MSK-2026-000123 и SPB-2026-000007") == nil)
        #expect(DealNumber.unique(in: "без номера") == nil)
        #expect(DealNumber.all(in: "Straße MSK-2026-000001").map(\.formatted) == ["MSK-2026-000001"])
    }
}
