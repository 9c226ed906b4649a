import Foundation
import KiteDomain

/// The sales tiles: reservations ending today and this month's deals by stage, each
/// opening the deals list with that filter (`E` and `t` there), in every dealership the
/// person sees (as the numbers are counted).
extension SalesModule {
    public var homeTiles: [HomeTileGroup] {
        var tiles = [HomeTile.count("deals.expiring", SalesHomeText.expiringToday.text, attentionAbove: 0) { app in
            app.openDealsFromHome { $0.expiringToday = true }
        }]
        for stage in [DealStage.draft, .reserved, .contracted, .delivered] {
            tiles.append(HomeTile.count("deals.\(stage.rawValue)", SalesHomeText.stageThisMonth.text.filled(stage.label)) { app in
                let since = HomeCalendar.startOfMonth(app.now)
                app.openDealsFromHome { source in
                    source.stage = stage
                    source.createdSince = since
                }
            })
        }
        return [HomeTileGroup(SalesHomeText.group.text, tiles)]
    }

    public var cardOpeners: [String: @MainActor @Sendable (KiteApplication, Int64?) -> Void] {
        ["deal": { app, id in
            if let id { app.openDeal(id: id) } else { app.openNewDeal(vehicle: nil) }
         },
         "customer": { app, id in
            if let id { app.openCustomer(id: id) } else { app.openNewCustomer(initialText: "") }
         }]
    }
}

extension KiteApplication {
    func openDealsFromHome(_ configure: @escaping @MainActor (DealListSource) -> Void) {
        goToRoot { app in
            app.openList("deals", source: { definition in
                let source = DealListSource(app: app, form: definition.form)
                source.dealership = nil
                configure(source)
                return source
            })
        }
    }
}

/// "This month" in the dealership's calendar.
enum HomeCalendar {
    static func startOfMonth(_ now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DisplayTime.timeZone
        return calendar.date(from: calendar.dateComponents([.year, .month], from: now)) ?? now
    }
}

extension LocalizedText {
    /// `{stage}` in both languages replaced by `value`'s text in the same language.
    func filled(_ value: LocalizedText) -> LocalizedText {
        LocalizedText(ru: LocalizedText.fill(ru, ["stage": value.ru]), en: LocalizedText.fill(en, ["stage": value.en]))
    }
}

enum SalesHomeText: TextKey {
    case group, expiringToday, stageThisMonth, monthChip

    var text: LocalizedText {
        switch self {
        case .group: LocalizedText(ru: "Продажи", en: "Sales")
        case .expiringToday: LocalizedText(ru: "Резерв истекает сегодня", en: "Reservations ending today")
        case .stageThisMonth: LocalizedText(ru: "За месяц: {stage}", en: "This month: {stage}")
        case .monthChip: LocalizedText(ru: "с {date}", en: "since {date}")
        }
    }
}
