import Foundation
import KiteDomain

/// The stock's tiles on the АРЦ home screen: cars by status and the aged ones, each
/// opening the stock list with that filter (`F9`/`S` shows one status there too).
extension StockModule {
    static let agedDays = 90

    public var homeTiles: [HomeTileGroup] {
        let statuses: [VehicleStatus] = [.ordered, .inTransit, .inStock, .inPreparation, .reserved]
        var tiles = statuses.map { status in
            HomeTile.count("stock.\(status.rawValue)", status.label.sentenceCase) { app in
                app.openStock { $0.statuses = [status] }
            }
        }
        tiles.append(HomeTile.count("stock.aged", StockText.agedTile.text, attentionAbove: 0) { app in
            let today = CivilDate(app.now, timeZone: DisplayTime.timeZone)
            app.openStock { source in
                source.statuses = [.inStock, .inPreparation, .reserved]
                source.arrivedBefore = today.adding(days: -StockModule.agedDays)
            }
        })
        return [HomeTileGroup(StockText.stockGroup.text, tiles)]
    }

    public var cardOpeners: [String: @MainActor @Sendable (KiteApplication, Int64?) -> Void] {
        ["vehicle": { app, id in app.openVehicle(id: id) }]
    }
}

extension KiteApplication {
    /// The stock list over the home screen, its source set up by `configure` first.
    func openStock(_ configure: @escaping @MainActor (StockListSource) -> Void) {
        goToRoot { app in
            app.openList("stock", source: { definition in
                let source = StockListSource(app: app, form: definition.form)
                configure(source)
                return source
            })
        }
    }
}
