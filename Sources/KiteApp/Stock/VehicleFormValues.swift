import Foundation
import KiteDomain

/// Moves a vehicle in and out of the card's text fields, keyed by bind name.
/// Parsing never throws away what was typed: a bad value becomes a FieldIssue
/// and the text stays in the form.
public enum VehicleFormValues {
    /// The column fields a `Screens/vehicle.toml` may bind; anything else must
    /// be declared `storage = "attribute"` (kept in `attributes jsonb`).
    public static let columnFields: Set<String> = [
        "stock_number", "vin", "make", "model", "trim", "year", "colour", "body", "fuel",
        "transmission", "condition", "vehicle_type", "status", "dealership_id", "location_id",
        "arrival_date", "mileage_km", "purchase_cost", "list_price", "days_in_stock",
        "updated_by", "updated_at", "version",
    ]

    /// A new vehicle's prices start empty, so typing never lands after a `0`.
    public static func values(of vehicle: Vehicle, language: Language, isNew: Bool = false) -> [String: String] {
        var values: [String: String] = [
            "stock_number": vehicle.stockNumber,
            "vin": vehicle.vin,
            "make": vehicle.make,
            "model": vehicle.model,
            "trim": vehicle.trim,
            "year": vehicle.year == 0 ? "" : String(vehicle.year),
            "colour": vehicle.colour,
            "body": vehicle.body,
            "fuel": vehicle.fuel,
            "transmission": vehicle.transmission,
            "condition": vehicle.condition.rawValue,
            "vehicle_type": vehicle.vehicleType,
            "status": vehicle.status.rawValue,
            "dealership_id": vehicle.dealershipID == 0 ? "" : String(vehicle.dealershipID),
            "location_id": vehicle.locationID.map(String.init) ?? "",
            "arrival_date": vehicle.arrivalDate.map(DayFormat.display) ?? "",
            "mileage_km": String(vehicle.mileageKm),
            "purchase_cost": isNew && vehicle.purchaseCost == .zero ? "" : editable(vehicle.purchaseCost),
            "list_price": isNew && vehicle.listPrice == .zero ? "" : editable(vehicle.listPrice),
            "updated_by": vehicle.updatedBy,
            "version": String(vehicle.version),
        ]
        _ = language
        for (key, value) in vehicle.attributes { values[key] = value }
        return values
    }

    /// Money as a person edits it: `1250000` or `1250000,50` (no grouping, no sign).
    public static func editable(_ money: Money) -> String {
        money.formatted(.ru, currencySign: false).replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    /// Applies the typed values onto `base`. Fields in `attributeFields` go to
    /// `attributes`. Returns the vehicle and the parse problems, by field.
    public static func apply(_ values: [String: String], to base: Vehicle,
                             attributeFields: Set<String>) -> (Vehicle, [FieldIssue]) {
        var vehicle = base
        var issues: [FieldIssue] = []
        func text(_ key: String) -> String? { values[key].map { $0.trimmingCharacters(in: .whitespaces) } }

        if let v = text("vin") { vehicle.vin = v.uppercased() }
        if let v = text("make") { vehicle.make = v }
        if let v = text("model") { vehicle.model = v }
        if let v = text("trim") { vehicle.trim = v }
        if let v = text("colour") { vehicle.colour = v }
        if let v = text("body") { vehicle.body = v }
        if let v = text("fuel") { vehicle.fuel = v }
        if let v = text("transmission") { vehicle.transmission = v }
        if let v = text("vehicle_type"), !v.isEmpty { vehicle.vehicleType = v }
        if let v = text("condition"), let condition = VehicleCondition(rawValue: v) { vehicle.condition = condition }
        if let v = text("year") {
            if v.isEmpty { vehicle.year = 0 }
            else if let year = Int(v) { vehicle.year = year }
            else { issues.append(.error("year", ru: "Год: нужно целое число, например 2024", en: "Year: a whole number is needed, e.g. 2024")) }
        }
        if let v = text("mileage_km") {
            let digits = v.filter { $0 != " " && $0 != "\u{00A0}" }
            if digits.isEmpty { vehicle.mileageKm = 0 }
            else if let km = Int(digits) { vehicle.mileageKm = km }
            else { issues.append(.error("mileage_km", ru: "Пробег: нужно целое число километров", en: "Mileage: a whole number of kilometres is needed")) }
        }
        for (key, label) in [("purchase_cost", LocalizedText(ru: "Закупочная цена", en: "Purchase cost")),
                             ("list_price", LocalizedText(ru: "Цена продажи", en: "List price"))] {
            guard let v = text(key) else { continue }
            do {
                let money = v.isEmpty ? Money.zero : try Money.parse(v)
                if key == "purchase_cost" { vehicle.purchaseCost = money } else { vehicle.listPrice = money }
            } catch {
                issues.append(moneyIssue(key, label: label, error: error))
            }
        }
        if let v = text("location_id") {
            if v.isEmpty { vehicle.locationID = nil } else if let id = Int64(v) { vehicle.locationID = id }
        }
        if let v = text("dealership_id"), let id = Int64(v) { vehicle.dealershipID = id }
        if let v = text("arrival_date") {
            if v.isEmpty { vehicle.arrivalDate = nil }
            else if let date = DayFormat.parse(v) { vehicle.arrivalDate = date }
            else { issues.append(.error("arrival_date", ru: "Дата поступления: формат ДД.ММ.ГГГГ", en: "Arrival date: use DD.MM.YYYY")) }
        }
        for field in attributeFields {
            guard let v = text(field) else { continue }
            if v.isEmpty { vehicle.attributes.removeValue(forKey: field) } else { vehicle.attributes[field] = v }
        }
        return (vehicle, issues)
    }

    static func moneyIssue(_ field: String, label: LocalizedText, error: MoneyParseError) -> FieldIssue {
        switch error {
        case .empty, .notANumber:
            .error(field, ru: "\(label.ru): нужна сумма в рублях, например 1 250 000 или 1250000,50",
                   en: "\(label.en): an amount in roubles is needed, e.g. 1 250 000 or 1250000.50")
        case .tooManyFractionDigits:
            .error(field, ru: "\(label.ru): не более двух знаков после запятой (копейки)",
                   en: "\(label.en): at most two digits after the decimal point (kopecks)")
        case .tooLarge:
            .error(field, ru: "\(label.ru): сумма слишком велика", en: "\(label.en): the amount is too large")
        }
    }
}

/// Calendar days as the dealer writes them: `24.11.2026`; ISO accepted on input.
public enum DayFormat {
    static let utc = TimeZone(identifier: "UTC")!

    public static func display(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%02d.%02d.%04d", c.day!, c.month!, c.year!)
    }

    public static func iso(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    public static func parse(_ text: String) -> Date? {
        let parts: [Substring]
        let order: (Int, Int, Int) // indices of day, month, year
        if text.contains(".") { parts = text.split(separator: "."); order = (0, 1, 2) }
        else if text.contains("-") { parts = text.split(separator: "-"); order = (2, 1, 0) }
        else { return nil }
        guard parts.count == 3, let day = Int(parts[order.0]), let month = Int(parts[order.1]),
              let year = Int(parts[order.2]), (1900...2100).contains(year), (1...12).contains(month) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }
        return date
    }
}
