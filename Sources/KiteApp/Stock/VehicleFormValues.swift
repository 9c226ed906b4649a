import Foundation
import KiteDomain

/// Moves a vehicle in and out of the card's text fields, keyed by bind name.
/// Parsing never throws away what was typed: a bad value becomes a FieldIssue
/// and the text stays in the form.
public enum VehicleFormValues {
    /// A new vehicle's prices start empty, so typing never lands after a `0`.
    public static func values(of vehicle: Vehicle, isNew: Bool = false, language: Language = .ru) -> [String: String] {
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
            "purchase_cost": isNew && vehicle.purchaseCost == .zero ? "" : editable(vehicle.purchaseCost, language),
            "list_price": isNew && vehicle.listPrice == .zero ? "" : editable(vehicle.listPrice, language),
            "bought_from_private_person": vehicle.boughtFromPrivatePerson ? "true" : "false",
            "updated_by": vehicle.updatedBy,
            "version": String(vehicle.version),
        ]
        for (key, value) in vehicle.attributes { values[key] = value }
        return values
    }

    /// Money as a person edits it, in the language's number format (the one the totals use):
    /// `1 250 000,50` in Russian, `1 250 000.50` in English; groups are plain spaces, no sign.
    public static func editable(_ money: Money, _ language: Language = .ru) -> String {
        money.formatted(language, currencySign: false).replacingOccurrences(of: "\u{00A0}", with: " ")
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
        if let v = text("bought_from_private_person") { vehicle.boughtFromPrivatePerson = v == "true" }
        if let v = text("condition"), let condition = VehicleCondition(rawValue: v) { vehicle.condition = condition }
        // Empty means "no value"; anything else goes through the domain's parsers,
        // and their message is prefixed with the field's title.
        func parsed<T>(_ key: String, _ label: LocalizedText, _ parse: (String) -> Result<T, FieldIssue>) -> T? {
            guard let v = text(key), !v.isEmpty else { return nil }
            switch parse(v) {
            case .success(let value): return value
            case .failure(let issue):
                issues.append(.error(key, ru: label.ru + ": " + issue.message.ru.lowercasingFirst,
                                     en: label.en + ": " + issue.message.en.lowercasingFirst))
                return nil
            }
        }
        if text("year")?.isEmpty == true { vehicle.year = 0 }
        if let year = parsed("year", LocalizedText(ru: "Год", en: "Year"), { FieldParsers.integer($0, field: "year") }) {
            vehicle.year = year
        }
        if text("mileage_km")?.isEmpty == true { vehicle.mileageKm = 0 }
        if let km = parsed("mileage_km", LocalizedText(ru: "Пробег", en: "Mileage"), { FieldParsers.integer($0, field: "mileage_km") }) {
            vehicle.mileageKm = km
        }
        if text("purchase_cost")?.isEmpty == true { vehicle.purchaseCost = .zero }
        if let cost = parsed("purchase_cost", LocalizedText(ru: "Закупочная цена", en: "Purchase cost"),
                             { FieldParsers.money($0, field: "purchase_cost") }) {
            vehicle.purchaseCost = cost
        }
        if text("list_price")?.isEmpty == true { vehicle.listPrice = .zero }
        if let price = parsed("list_price", LocalizedText(ru: "Цена продажи", en: "List price"),
                              { FieldParsers.money($0, field: "list_price") }) {
            vehicle.listPrice = price
        }
        if let v = text("location_id") {
            if v.isEmpty { vehicle.locationID = nil } else if let id = Int64(v) { vehicle.locationID = id }
        }
        if let v = text("dealership_id"), let id = Int64(v) { vehicle.dealershipID = id }
        if text("arrival_date")?.isEmpty == true { vehicle.arrivalDate = nil }
        if let date = parsed("arrival_date", LocalizedText(ru: "Дата поступления", en: "Arrival date"),
                             { FieldParsers.date($0, field: "arrival_date") }) {
            vehicle.arrivalDate = date
        }
        for field in attributeFields {
            guard let v = text(field) else { continue }
            if v.isEmpty { vehicle.attributes.removeValue(forKey: field) } else { vehicle.attributes[field] = v }
        }
        return (vehicle, issues)
    }

}

/// Calendar days as the dealer writes them: `24.11.2026`; ISO accepted on input.
public enum DayFormat {
    public static func display(_ date: Date) -> String {
        let c = FieldParsers.utcCalendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%02d.%02d.%04d", c.day!, c.month!, c.year!)
    }

    /// `24.11.2026` or `2026-11-24`; nil when it is not a calendar day.
    public static func parse(_ text: String) -> Date? {
        try? FieldParsers.date(text, field: "").get()
    }
}
