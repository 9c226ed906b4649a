import KiteDomain
import KiteUI

/// Логистика: so far the carriers the group contracts with (`:carriers`). Trips,
/// inspections and landed cost are to come (issue 12).
public struct LogisticsModule: KiteModule {
    public init() {}

    public var name: String { "logistics" }

    public var commands: [Command] { [] }

    public var entities: [String: Set<String>] {
        ["carrier": ["name", "inn", "kpp", "contract", "contract_number", "contract_date", "contact_person", "phone",
                     "email", "rate_per_car", "rate_per_trip", "updated_by", "updated_at", "version"],
         "truck": ["plate", "trailer_plate", "capacity", "model", "active"],
         "driver": ["full_name", "phone", "licence_number", "active"]]
    }

    public var commandWords: [CommandWord] {
        [CommandWord(["carriers", "перевозчики"]) { app, rest in
            app.openList("carriers", source: { CarrierListSource(app: app, form: $0.form) }, filter: rest)
        }]
    }

    public var texts: [any TextKey.Type] { [LogisticsText.self] }
}

/// The logistics module's texts.
enum LogisticsText: TextKey {
    case carrierSaved, newCarrier, noCarriers, logisticsOnly

    var text: LocalizedText {
        switch self {
        case .carrierSaved: LocalizedText(ru: "Перевозчик сохранён: {name}", en: "Carrier saved: {name}")
        case .newCarrier: LocalizedText(ru: "новый", en: "new")
        case .noCarriers: LocalizedText(ru: "Перевозчиков нет — Ins добавить", en: "No carriers — Ins adds one")
        case .logisticsOnly:
            LocalizedText(ru: "База данных отказала: перевозчиков меняет роль логистики (kite_logistics) или администратор",
                          en: "The database refused: carriers are changed by the logistics role (kite_logistics) or an admin")
        }
    }
}
