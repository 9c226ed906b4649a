import KiteDomain

/// The names of the verification checks, their titles for people, and which
/// subject each belongs to (dealerships.blocking_checks uses these names).
public enum CheckCatalog {
    /// Vehicle checks, in the order `VehicleVerifier` runs them.
    public static let vehicleChecks = ["vin_structure", "vin_make", "model_year", "duplicate_vin",
                                       "pledge", "wanted", "restrictions", "mileage_rollback"]

    /// Checks of a private person.
    public static let personChecks = ["passport_invalid", "inn_checksum", "buyer_age"]

    /// Checks of a company or a sole trader.
    public static let companyChecks = ["inn_checksum", "ogrn_checksum"]

    /// The checks that apply to a customer of `kind` (`person`, `company`, `sole_trader`).
    public static func customerChecks(kind: String) -> [String] {
        CustomerKind(rawValue: kind)?.isBusiness == true ? companyChecks : personChecks
    }

    /// A check's title, or the name itself for an unknown check.
    public static func title(_ check: String) -> LocalizedText {
        titles[check] ?? LocalizedText(ru: check, en: check)
    }

    private static let titles: [String: LocalizedText] = [
        "vin_structure": .init(ru: "VIN и контрольная цифра", en: "VIN and check digit"),
        "vin_make": .init(ru: "Марка по VIN", en: "Make from the VIN"),
        "model_year": .init(ru: "Модельный год по VIN", en: "Model year from the VIN"),
        "duplicate_vin": .init(ru: "VIN уже на складе", en: "VIN already in stock"),
        "pledge": .init(ru: "Реестр залогов", en: "Pledge registry"),
        "wanted": .init(ru: "Розыск", en: "Wanted vehicles"),
        "restrictions": .init(ru: "Ограничения регистрации", en: "Registration restrictions"),
        "mileage_rollback": .init(ru: "Скручивание пробега", en: "Mileage rollback"),
        "passport_invalid": .init(ru: "Недействительный паспорт", en: "Invalid passport"),
        "inn_checksum": .init(ru: "Контрольная цифра ИНН", en: "INN check digit"),
        "ogrn_checksum": .init(ru: "Контрольная цифра ОГРН", en: "OGRN check digit"),
        "buyer_age": .init(ru: "Возраст покупателя", en: "Buyer's age"),
    ]
}
