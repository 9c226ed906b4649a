import Foundation
import KiteDomain
import KiteStore

/// The buyout tiles: appraisals waiting for a senior's approval, and open offers running out
/// within 3 days (counted by `kite_home_counts_buyout`, migration 0033, with the appraisals
/// list's own predicates); each opens the appraisals list with the same filter (the state
/// chip, `E` there).
extension BuyoutModule {
    public var homeTiles: [HomeTileGroup] {
        [HomeTileGroup(BuyoutHomeText.group.text, [
            HomeTile.count("appraisals.awaiting_approval", BuyoutHomeText.awaitingApproval.text, attentionAbove: 0) { app in
                app.openAppraisalsFromHome { $0.state = .awaitingApproval }
            },
            HomeTile.count("appraisals.expiring", BuyoutHomeText.expiring.text, attentionAbove: 0) { app in
                app.openAppraisalsFromHome { $0.expiring = true }
            },
        ])]
    }
}

extension KiteApplication {
    func openAppraisalsFromHome(_ configure: @escaping @MainActor (AppraisalListSource) -> Void) {
        goToRoot { app in
            app.openList("appraisals", source: { definition in
                let source = AppraisalListSource(app: app, form: definition.form)
                configure(source)
                return source
            })
        }
    }
}

enum BuyoutHomeText: TextKey {
    case group, awaitingApproval, expiring

    var text: LocalizedText {
        switch self {
        case .group: LocalizedText(ru: "Выкуп", en: "Buyout")
        case .awaitingApproval: LocalizedText(ru: "Оценки на согласовании", en: "Appraisals awaiting approval")
        case .expiring: LocalizedText(ru: "Предложения истекают за 3 дня", en: "Offers running out within 3 days")
        }
    }
}
