import KiteDomain
import KiteUI

/// Логистика: the carriers with their trucks and drivers (`:carriers`), and the trips of
/// car carriers with their route and cars (`:trips`), each car's inspection at pickup and
/// delivery (from the trip card), and the claims a delivery damage opens (`:claims`).
public struct LogisticsModule: KiteModule {
    public init() {}

    public var name: String { "logistics" }

    public var commands: [Command] {
        [
            Command("app.trips", "Рейсы", "Trips", "Перейти к рейсам автовозов", "Go to the car-carrier trips"),
            Command("trips.filter_stage", "Стадия", "Stage", "Показать только выбранную стадию", "Show only the chosen stage", hint: 64),
            Command("trips.late", "Опоздания", "Late", "Только опаздывающие рейсы / все", "Only late trips / all", hint: 65),
            Command("trips.today", "Сегодня", "Today", "Только прибывающие сегодня / все", "Only those arriving today / all", hint: 66),
            Command("trip.stage", "Стадия", "Stage", "Начать погрузку, отправить, отметить прибытие, закрыть или отменить рейс",
                    "Start loading, depart, arrive at a stop, close or cancel the trip", context: "form", dangerous: true, hint: 40),
            Command("trip.inspect", "Осмотр", "Inspect", "Осмотр выбранной машины при погрузке или выгрузке",
                    "The selected car's inspection at pickup or delivery", context: "form", hint: 41),
            Command("inspection.pick_damage", "Справочник", "Catalogue", "Повреждение из справочника: зона, вид, степень",
                    "A damage from the catalogue: area, type, severity", context: "form", hint: 42),
            Command("claims.filter_state", "Состояние", "State", "Показать претензии в выбранном состоянии",
                    "Show the claims in the chosen state", hint: 64),
            Command("claim.resolve", "Решение", "Resolve", "Урегулировать претензию (перевозчик платит) или отклонить её",
                    "Settle the claim (the carrier pays) or reject it", context: "form", dangerous: true, hint: 40),
        ]
    }

    public var entities: [String: Set<String>] {
        ["carrier": ["name", "inn", "kpp", "contract", "contract_number", "contract_date", "contact_person", "phone",
                     "email", "rate_per_car", "rate_per_trip", "updated_by", "updated_at", "version"],
         "truck": ["plate", "trailer_plate", "capacity", "model", "active"],
         "driver": ["full_name", "phone", "licence_number", "active"],
         "trip": ["number", "stage", "route", "load", "next_eta", "late", "carrier", "truck", "planned_departure", "price",
                  "carrier_id", "truck_id", "driver_id", "second_driver_id", "notes"],
         "trip_stop": ["position", "place", "location_id", "address", "eta", "arrived_at", "cars"],
         "trip_car": ["bay", "stock_number", "vehicle", "vin", "route", "state", "status", "transfer_price"],
         "inspection": ["odometer_km", "fuel", "keys_count", "pts_present", "sts_present", "loose_items", "signed_by",
                        "recipient_absent", "absent_reason", "inspected_at"],
         "inspection_damage": ["code", "meaning", "notes", "photos", "claim"],
         "claim": ["id", "state", "carrier", "vehicle", "codes", "amount", "trip", "opened_at"],
         "vehicle_cost": ["at", "kind", "amount", "source", "actor", "note"],
         "cost_weights": ["rule"],
         "cost_weight": ["vehicle_type", "name", "weight"]]
    }

    /// Carriers, trucks and drivers are picked in a search box (the trip card's own pickers).
    public var lookupTargets: Set<String> { ["carrier", "truck", "driver"] }

    public var commandWords: [CommandWord] {
        [CommandWord(["carriers", "перевозчики"]) { app, rest in
            app.openList("carriers", source: { CarrierListSource(app: app, form: $0.form) }, filter: rest)
         },
         CommandWord(["trips", "рейсы"]) { app, rest in app.openTrips(filter: rest) },
         CommandWord(["weights", "веса"]) { app, _ in
            app.openCard("cost_weights", id: 1) { _ in CostWeightsEditor(app: app) }
         },
         CommandWord(["claims", "претензии"]) { app, rest in
            app.openList("claims", source: { ClaimListSource(app: app, form: $0.form) }, filter: rest)
         }]
    }

    public var changeChannels: [ChangeChannel] {
        // Payload `id:stage`.
        [ChangeChannel("trips") { payload in
            guard let id = payload.split(separator: ":").first.flatMap({ Int64($0) }) else { return nil }
            return TripChanged(id: id)
         },
         // Payload `id:state`.
         ChangeChannel("claims") { payload in
            guard let id = payload.split(separator: ":").first.flatMap({ Int64($0) }) else { return nil }
            return ClaimChanged(id: id)
         }]
    }

    public var texts: [any TextKey.Type] {
        [LogisticsText.self, LogisticsHomeText.self, TripRefusalText.self, InspectionText.self, ClaimText.self, InspectionRefusalText.self]
    }

    @MainActor public func run(_ command: String, app: KiteApplication) -> Bool {
        guard command == "app.trips" else { return false }
        app.goToRoot { app in app.openTrips(filter: "") }
        return true
    }
}

extension KiteApplication {
    func openTrips(filter: String) {
        openList("trips", source: { TripListSource(app: self, form: $0.form) }, filter: filter)
    }
}

/// The logistics module's texts.
enum LogisticsText: TextKey {
    case carrierSaved, newCarrier, noCarriers
    case noTrips, newTrip, tripSaved, stageChip, chipAll, chipLate, chipToday, allStages, showStage
    case loadLine, lateBy, cancelledBecause, saveTripFirst, saveChangesFirst, noFurtherStages, stagePickerTitle
    case cancelTripTitle, arrivalTitle, reason, working, stageChanged, loadChanged, carPickerTitle, dropStopTitle
    case removeCarTitle, carsFrozen, routeFirst, carrierFirst, carrierPickerTitle, truckPickerTitle, driverPickerTitle
    case weightDefault, weightsRule, weightsSaved

    var text: LocalizedText {
        switch self {
        case .carrierSaved: LocalizedText(ru: "Перевозчик сохранён: {name}", en: "Carrier saved: {name}")
        case .newCarrier: LocalizedText(ru: "новый", en: "new")
        case .noCarriers: LocalizedText(ru: "Перевозчиков нет — Ins добавить", en: "No carriers — Ins adds one")
        case .noTrips: LocalizedText(ru: "Рейсов нет — Ins запланировать", en: "No trips — Ins plans one")
        case .newTrip: LocalizedText(ru: "новый", en: "new")
        case .tripSaved: LocalizedText(ru: "Рейс сохранён: {number}", en: "Trip saved: {number}")
        case .stageChip: LocalizedText(ru: "Стадия: {stage}", en: "Stage: {stage}")
        case .chipAll: LocalizedText(ru: "все", en: "all")
        case .chipLate: LocalizedText(ru: "опаздывают", en: "late")
        case .chipToday: LocalizedText(ru: "прибывают сегодня", en: "arriving today")
        case .allStages: LocalizedText(ru: "Все стадии", en: "All stages")
        case .showStage: LocalizedText(ru: "Показать стадию", en: "Show the stage")
        case .loadLine: LocalizedText(ru: "загрузка {load}", en: "load {load}")
        case .lateBy: LocalizedText(ru: "опаздывает на {time}", en: "late by {time}")
        case .cancelledBecause: LocalizedText(ru: "причина: {reason}", en: "reason: {reason}")
        case .saveTripFirst: LocalizedText(ru: "Сначала сохраните рейс (F2)", en: "Save the trip first (F2)")
        case .saveChangesFirst: LocalizedText(ru: "Сначала сохраните изменения (F2) или отмените их (Esc)",
                                              en: "Save your changes first (F2) or discard them (Esc)")
        case .noFurtherStages: LocalizedText(ru: "Рейс {stage}: дальше стадий нет", en: "The trip is {stage}: no further stages")
        case .stagePickerTitle: LocalizedText(ru: "Рейс {number} — {stage}", en: "Trip {number} — {stage}")
        case .cancelTripTitle: LocalizedText(ru: "Отменить рейс", en: "Cancel the trip")
        case .arrivalTitle: LocalizedText(ru: "Прибытие на точку", en: "Arrival at a stop")
        case .reason: LocalizedText(ru: "Причина", en: "Reason")
        case .working: LocalizedText(ru: "Выполняется…", en: "Working…")
        case .stageChanged: LocalizedText(ru: "Рейс {number}: {stage}", en: "Trip {number}: {stage}")
        case .loadChanged: LocalizedText(ru: "Рейс {number}: загрузка {load}", en: "Trip {number}: load {load}")
        case .carPickerTitle: LocalizedText(ru: "Автомобиль с площадки «{place}»", en: "A car at «{place}»")
        case .dropStopTitle: LocalizedText(ru: "Куда везём", en: "Drop at")
        case .removeCarTitle: LocalizedText(ru: "Снять {stock_number} с рейса", en: "Take {stock_number} off the trip")
        case .carsFrozen: LocalizedText(ru: "Рейс {stage}: машины уже не ставят и не снимают", en: "The trip is {stage}: cars are no longer put on or taken off")
        case .routeFirst: LocalizedText(ru: "Сначала маршрут: хотя бы две точки (F3)", en: "The route first: at least two stops (F3)")
        case .carrierFirst: LocalizedText(ru: "Сначала выберите перевозчика", en: "Choose the carrier first")
        case .carrierPickerTitle: LocalizedText(ru: "Перевозчик", en: "Carrier")
        case .truckPickerTitle: LocalizedText(ru: "Автовоз перевозчика", en: "The carrier's truck")
        case .driverPickerTitle: LocalizedText(ru: "Водитель перевозчика", en: "The carrier's driver")
        case .weightDefault: LocalizedText(ru: "1 (не задан)", en: "1 (not set)")
        case .weightsRule: LocalizedText(ru: "по весам типов, в копейках; остаток — последней машине",
                                         en: "by the types' weights, in kopecks; the remainder to the last car")
        case .weightsSaved: LocalizedText(ru: "Веса сохранены", en: "Weights saved")
        }
    }
}
