import Foundation
import KiteDomain
import KiteStore

/// The finance tiles: today's cash (in and out, confirmed), payments waiting for
/// confirmation, receivables over 30 days; they open the cash day, the payments list
/// showing the pending ones of every dealership the person sees, and receivables.
extension FinanceModule {
    public var homeTiles: [HomeTileGroup] {
        [HomeTileGroup(FinanceHomeText.group.text, [
            HomeTile("cash.today", FinanceHomeText.cashToday.text, value: { counts, language in
                "+" + counts.amount("cash.in").formatted(language) + " / −" + counts.amount("cash.out").formatted(language)
            }, open: { app in app.goToRoot { $0.openCashDay() } }),
            HomeTile("payments.pending", FinanceHomeText.pending.text, value: { counts, language in
                HomeTile.grouped(counts.count("payments.pending")) + " · " + counts.amount("payments.pending_amount").formatted(language)
            }, attention: { $0.count("payments.pending") > 0 }, open: { app in
                app.goToRoot { app in
                    let filter = PaymentFilter(state: .pending)
                    app.openList("payments", source: { PaymentListSource(app: app, form: $0.form, filter: filter) }, pageSize: 200)
                }
            }),
            HomeTile("receivables.over30", FinanceHomeText.receivablesOver30.text, value: { counts, language in
                HomeTile.grouped(counts.count("receivables.over30")) + " · "
                    + counts.amount("receivables.over30_amount").formatted(language)
            }, attention: { $0.count("receivables.over30") > 0 }, open: { app in app.goToRoot { $0.openReceivables() } }),
        ])]
    }

    public var cardOpeners: [String: @MainActor @Sendable (KiteApplication, Int64?) -> Void] {
        ["payment": { app, id in app.openPayment(id: id) }]
    }
}

enum FinanceHomeText: TextKey {
    case group, cashToday, pending, receivablesOver30

    var text: LocalizedText {
        switch self {
        case .group: LocalizedText(ru: "Финансы", en: "Finance")
        case .cashToday: LocalizedText(ru: "Касса сегодня", en: "Cash today")
        case .pending: LocalizedText(ru: "Ждут подтверждения", en: "Awaiting confirmation")
        case .receivablesOver30: LocalizedText(ru: "Долги старше 30 дней", en: "Owed over 30 days")
        }
    }
}
