import KiteDomain
import KiteStore
import KiteUI

/// Склад: the stock list, the vehicle card, status changes, VIN reports.
public struct StockModule: KiteModule {
    public init() {}

    public var name: String { "stock" }

    public var commands: [Command] {
        [
            Command("app.stock", "Склад", "Stock", "Перейти к складу", "Go to the stock list"),
            Command("stock.change_status", "Статус", "Status", "Сменить статус автомобиля", "Change the vehicle's status", context: "list", dangerous: true, hint: 60),
            Command("stock.filter_status", "По статусу", "By status", "Показать только выбранные статусы", "Show only the chosen statuses", context: "list", hint: 70),
            Command("stock.new_deal", "Сделка", "Deal", "Начать сделку на выбранный автомобиль", "Start a deal for the selected vehicle", context: "list", hint: 65),
        ]
    }

    public var entities: [String: Set<String>] {
        ["vehicle": [
            "stock_number", "vin", "make", "model", "trim", "year", "colour", "body", "fuel",
            "transmission", "condition", "vehicle_type", "status", "dealership_id", "location_id",
            "arrival_date", "mileage_km", "purchase_cost", "list_price", "days_in_stock", "eta",
            "updated_by", "updated_at", "version", "bought_from_private_person",
        ]]
    }

    public var optionSources: [String: [EnumOption]] {
        ["vehicle_status": VehicleStatus.allCases.map { EnumOption(value: $0.rawValue, label: $0.label) },
         "vehicle_condition": VehicleCondition.allCases.map { EnumOption(value: $0.rawValue, label: $0.label) }]
    }

    public var lookupTargets: Set<String> { ["location", "dealership", "vehicle_type"] }

    public var sortableFields: [String: Set<String>] { ["vehicle": Set(StockSortColumn.allCases.map(\.rawValue))] }

    public var texts: [any TextKey.Type] { [StockText.self] }

    public var changeChannels: [ChangeChannel] {
        // Payload `id:status`.
        [ChangeChannel("vehicles") { payload in
            let parts = payload.split(separator: ":")
            guard parts.count == 2, let id = Int64(parts[0]), let status = VehicleStatus(rawValue: String(parts[1])) else { return nil }
            return VehicleStatusChanged(id: id, status: status)
        }]
    }

    public var commandWords: [CommandWord] {
        [
            CommandWord(["stock", "склад"]) { app, rest in
                app.goToRoot { app in if !rest.isEmpty { app.stockList?.applyFilter(rest) } }
            },
            CommandWord(["vehicle", "new", "автомобиль"]) { app, _ in app.openVehicle(id: nil) },
            CommandWord(["vin"]) { app, rest in
                guard !rest.isEmpty else { return }
                let report = VINDecoder.decode(rest)
                app.showDetails(title: "VIN", VINReportText.entries(report, language: app.language))
            },
        ]
    }

    @MainActor public func options(forLookup target: String, app: KiteApplication) -> [SelectOption]? {
        let references = app.references
        switch target {
        case "location":
            return references.locations.map { location in
                let code = references.dealership(location.dealershipID)?.code ?? ""
                return SelectOption(value: String(location.id), label: "\(code) · \(location.name)")
            }
        case "dealership":
            return references.dealerships.map { SelectOption(value: String($0.id), label: "\($0.code) · \($0.name)") }
        case "vehicle_type":
            return references.vehicleTypes.map { SelectOption(value: $0.code, label: LocalizedText(ru: $0.nameRu, en: $0.nameEn).text(app.language)) }
        default:
            return nil
        }
    }

    @MainActor public func run(_ command: String, app: KiteApplication) -> Bool {
        guard command == "app.stock" else { return false }
        app.goToRoot { _ in }
        return true
    }
}

/// A vehicle's status changed (LISTEN `vehicles`).
public struct VehicleStatusChanged: ChangeEvent, Hashable {
    public var id: Int64
    public var status: VehicleStatus
}
