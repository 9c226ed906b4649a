import Foundation
import KiteDomain
import KiteStore
import Testing

/// Every "no, because …" of the store is one `Refusal`: a code and a reason in both languages.
@Suite("Refusals: one protocol")
struct RefusalTests {
    @Test func everyRefusalHasACodeAndAReasonInBothLanguages() {
        let refusals: [any Refusal] = [
            RefusalError("deal_fixed", ru: "Условия не меняются", en: "Terms are fixed"),
            FinanceRefusal("cash_day_closed", ru: "Кассовый день закрыт", en: "The cash day is closed"),
            StaleWriteError(entity: "vehicle", id: 1, changedBy: "anna", changedAt: Date(timeIntervalSince1970: 0),
                            currentVersion: 3, expectedVersion: 2),
            NotFoundError(missing: "deal", id: 9),
            DealDocumentError.noVehicle(number: "MSK-2026-000001"),
            UnknownDealershipError(dealershipCode: "XXX"),
            StatusTransitionRefusal(from: .sold, to: .inStock, reason: LocalizedText(ru: "нельзя", en: "no")),
        ]
        #expect(refusals.map(\.code) == ["deal_fixed", "cash_day_closed", "stale_write", "not_found", "no_vehicle",
                                         "unknown_dealership", "status_sold_to_in_stock"])
        for refusal in refusals {
            #expect(!refusal.localizedReason.ru.isEmpty && !refusal.localizedReason.en.isEmpty, "\(refusal.code)")
        }
        let stale = refusals[2].localizedReason
        #expect(stale.ru.hasPrefix("Не сохранено: запись уже изменил anna 01.01.1970"))
        #expect(stale.en.contains("(version 3)"))
        #expect(refusals[5].description == "no dealership with the code XXX")
    }

    @Test("a version conflict says when in the dealership's time zone: the day and the time of day both there")
    func staleWriteTimeIsTheDealerships() {
        // 22:30 UTC is 01:30 the next day in Moscow (the default zone).
        let stale = StaleWriteError(entity: "vehicle", id: 1, changedBy: "anna", changedAt: Date(timeIntervalSince1970: 22 * 3600 + 1800),
                                    currentVersion: 3, expectedVersion: 2)
        #expect(stale.localizedReason.ru.contains("anna 02.01.1970 01:30"))
        let yekaterinburg = TimeZone(identifier: "Asia/Yekaterinburg")!
        #expect(DisplayTime.text(Date(timeIntervalSince1970: 20 * 3600), in: yekaterinburg) == "02.01.1970 01:00")
    }
}
