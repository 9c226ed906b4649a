import Foundation
import KiteDomain
import KiteStore

/// The logistics tiles: trips of the person's dealerships in transit, late, arriving
/// today; each opens the trips list with the same filter (`t`, `l`, `T` there).
extension LogisticsModule {
    public var homeTiles: [HomeTileGroup] {
        [HomeTileGroup(LogisticsHomeText.group.text, [
            HomeTile.count("trips.in_transit", LogisticsHomeText.inTransit.text) { app in
                app.openTripsFromHome { $0.stage = .inTransit }
            },
            HomeTile.count("trips.late", LogisticsHomeText.late.text, attentionAbove: 0) { app in
                app.openTripsFromHome { $0.lateOnly = true }
            },
            HomeTile.count("trips.today", LogisticsHomeText.arrivingToday.text) { app in
                app.openTripsFromHome { $0.arrivingToday = true }
            },
        ])]
    }

    public var cardOpeners: [String: @MainActor @Sendable (KiteApplication, Int64?) -> Void] {
        ["trip": { app, id in app.openCard("trip", id: id) { _ in TripEditor(app: app) } },
         "carrier": { app, id in app.openCard("carrier", id: id) { _ in CarrierEditor(app: app) } },
         "claim": { app, id in if let id { app.openCard("claim", id: id) { _ in ClaimEditor(app: app) } } }]
    }
}

extension KiteApplication {
    func openTripsFromHome(_ configure: @escaping @MainActor (TripListSource) -> Void) {
        goToRoot { app in
            app.openList("trips", source: { definition in
                let source = TripListSource(app: app, form: definition.form)
                source.callersDealershipsOnly = true
                configure(source)
                return source
            })
        }
    }
}

enum LogisticsHomeText: TextKey {
    case group, inTransit, late, arrivingToday, myDealerships

    var text: LocalizedText {
        switch self {
        case .group: LocalizedText(ru: "Логистика", en: "Logistics")
        case .inTransit: LocalizedText(ru: "Рейсы в пути", en: "Trips in transit")
        case .late: LocalizedText(ru: "Опаздывают", en: "Late")
        case .arrivingToday: LocalizedText(ru: "Прибывают сегодня", en: "Arriving today")
        case .myDealerships: LocalizedText(ru: "мои ДЦ", en: "my dealerships")
        }
    }
}
