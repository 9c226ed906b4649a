/// The world region of a VIN, from its first character (ISO 3780).
public enum VINRegion: String, Sendable, Hashable, Codable, CaseIterable {
    case africa
    case asia
    case europe
    case northAmerica = "north_america"
    case oceania
    case southAmerica = "south_america"

    /// A–H Africa, J–R Asia, S–Z Europe, 1–5 North America, 6–7 Oceania, 8–9 and 0 South America.
    public init?(firstCharacter c: Character) {
        switch c {
        case "A"..."H": self = .africa
        case "J"..."R": self = .asia
        case "S"..."Z": self = .europe
        case "1"..."5": self = .northAmerica
        case "6", "7": self = .oceania
        case "8", "9", "0": self = .southAmerica
        default: return nil
        }
    }

    static func isNorthAmerican(_ c: Character) -> Bool { c >= "1" && c <= "5" }

    /// English name as written in `kite vin --json`.
    public var englishName: String { label.en }

    public var label: LocalizedText {
        switch self {
        case .africa: LocalizedText(ru: "Африка", en: "Africa")
        case .asia: LocalizedText(ru: "Азия", en: "Asia")
        case .europe: LocalizedText(ru: "Европа", en: "Europe")
        case .northAmerica: LocalizedText(ru: "Северная Америка", en: "North America")
        case .oceania: LocalizedText(ru: "Океания", en: "Oceania")
        case .southAmerica: LocalizedText(ru: "Южная Америка", en: "South America")
        }
    }
}

/// The country a WMI was assigned to, from its first two characters (the SAE
/// ranges of ISO 3780). The second character runs A…Z then 1…9, 0.
public struct VINCountry: Sendable, Hashable {
    public var name: LocalizedText

    /// The English name (`Russia`), as in `kite vin --json`.
    public var englishName: String { name.en }

    public static func lookup(_ wmi: String) -> VINCountry? {
        let characters = Array(wmi.prefix(2))
        guard characters.count == 2, let second = order(characters[1]) else { return nil }
        for range in ranges where range.first == characters[0] {
            if second >= range.low && second <= range.high {
                return VINCountry(name: LocalizedText(ru: range.ru, en: range.en))
            }
        }
        return nil
    }

    /// Position of a second character in the SAE sequence A…Z (without I, O, Q), 1…9, 0.
    static func order(_ c: Character) -> Int? {
        sequence.firstIndex(of: c)
    }

    static let sequence: [Character] = Array("ABCDEFGHJKLMNPRSTUVWXYZ1234567890")

    struct Range: Sendable {
        let first: Character
        let low: Int
        let high: Int
        let ru: String
        let en: String
    }

    static func range(_ from: String, _ to: String, _ ru: String, _ en: String) -> Range {
        let a = Array(from), b = Array(to)
        precondition(a[0] == b[0])
        return Range(first: a[0], low: order(a[1])!, high: order(b[1])!, ru: ru, en: en)
    }

    /// The SAE country table. Whole first characters are written as X…0.
    static let ranges: [Range] = [
        range("AA", "AH", "ЮАР", "South Africa"),
        range("AJ", "AN", "Кот-д'Ивуар", "Ivory Coast"),
        range("BA", "BE", "Ангола", "Angola"),
        range("BF", "BK", "Кения", "Kenya"),
        range("BL", "BR", "Танзания", "Tanzania"),
        range("CA", "CE", "Бенин", "Benin"),
        range("CF", "CK", "Мадагаскар", "Madagascar"),
        range("CL", "CR", "Тунис", "Tunisia"),
        range("DA", "DE", "Египет", "Egypt"),
        range("DF", "DK", "Марокко", "Morocco"),
        range("DL", "DR", "Замбия", "Zambia"),
        range("EA", "EE", "Эфиопия", "Ethiopia"),
        range("EF", "EK", "Мозамбик", "Mozambique"),
        range("FA", "FE", "Гана", "Ghana"),
        range("FF", "FK", "Нигерия", "Nigeria"),
        range("JA", "J0", "Япония", "Japan"),
        range("KA", "KE", "Шри-Ланка", "Sri Lanka"),
        range("KF", "KK", "Израиль", "Israel"),
        range("KL", "KR", "Республика Корея", "South Korea"),
        range("KS", "K0", "Казахстан", "Kazakhstan"),
        range("LA", "L0", "Китай", "China"),
        range("MA", "ME", "Индия", "India"),
        range("MF", "MK", "Индонезия", "Indonesia"),
        range("ML", "MR", "Таиланд", "Thailand"),
        range("NA", "NE", "Иран", "Iran"),
        range("NF", "NK", "Пакистан", "Pakistan"),
        range("NL", "NR", "Турция", "Turkey"),
        range("PA", "PE", "Филиппины", "Philippines"),
        range("PF", "PK", "Сингапур", "Singapore"),
        range("PL", "PR", "Малайзия", "Malaysia"),
        range("RA", "RE", "ОАЭ", "United Arab Emirates"),
        range("RF", "RK", "Тайвань", "Taiwan"),
        range("RL", "RR", "Вьетнам", "Vietnam"),
        range("RS", "R0", "Саудовская Аравия", "Saudi Arabia"),
        range("SA", "SM", "Великобритания", "United Kingdom"),
        range("SN", "ST", "Германия", "Germany"),
        range("SU", "SZ", "Польша", "Poland"),
        range("S1", "S4", "Латвия", "Latvia"),
        range("TA", "TH", "Швейцария", "Switzerland"),
        range("TJ", "TP", "Чехия", "Czech Republic"),
        range("TR", "TV", "Венгрия", "Hungary"),
        range("TW", "T1", "Португалия", "Portugal"),
        range("UH", "UM", "Дания", "Denmark"),
        range("UN", "UT", "Ирландия", "Ireland"),
        range("UU", "UZ", "Румыния", "Romania"),
        range("U5", "U7", "Словакия", "Slovakia"),
        range("VA", "VE", "Австрия", "Austria"),
        range("VF", "VR", "Франция", "France"),
        range("VS", "VW", "Испания", "Spain"),
        range("VX", "V2", "Сербия", "Serbia"),
        range("V3", "V5", "Хорватия", "Croatia"),
        range("V6", "V0", "Эстония", "Estonia"),
        range("WA", "W0", "Германия", "Germany"),
        range("XA", "XE", "Болгария", "Bulgaria"),
        range("XF", "XK", "Греция", "Greece"),
        range("XL", "XR", "Нидерланды", "Netherlands"),
        range("XS", "XW", "Россия (СССР/СНГ)", "Russia (USSR/CIS)"),
        range("XX", "X2", "Люксембург", "Luxembourg"),
        range("X3", "X0", "Россия", "Russia"),
        range("YA", "YE", "Бельгия", "Belgium"),
        range("YF", "YK", "Финляндия", "Finland"),
        range("YL", "YR", "Мальта", "Malta"),
        range("YS", "YW", "Швеция", "Sweden"),
        range("YX", "Y2", "Норвегия", "Norway"),
        range("Y3", "Y5", "Беларусь", "Belarus"),
        range("Y6", "Y0", "Украина", "Ukraine"),
        range("ZA", "ZR", "Италия", "Italy"),
        range("ZX", "Z2", "Словения", "Slovenia"),
        range("Z3", "Z5", "Литва", "Lithuania"),
        range("Z6", "Z0", "Россия", "Russia"),
        range("1A", "10", "США", "United States"),
        range("2A", "20", "Канада", "Canada"),
        range("3A", "3W", "Мексика", "Mexico"),
        range("3X", "37", "Коста-Рика", "Costa Rica"),
        range("38", "30", "Каймановы острова", "Cayman Islands"),
        range("4A", "40", "США", "United States"),
        range("5A", "50", "США", "United States"),
        range("6A", "6W", "Австралия", "Australia"),
        range("7A", "7E", "Новая Зеландия", "New Zealand"),
        range("8A", "8E", "Аргентина", "Argentina"),
        range("8F", "8K", "Чили", "Chile"),
        range("8L", "8R", "Эквадор", "Ecuador"),
        range("8S", "8W", "Перу", "Peru"),
        range("8X", "82", "Венесуэла", "Venezuela"),
        range("9A", "9E", "Бразилия", "Brazil"),
        range("9F", "9K", "Колумбия", "Colombia"),
        range("9L", "9R", "Парагвай", "Paraguay"),
        range("9S", "9W", "Уругвай", "Uruguay"),
        range("9X", "92", "Тринидад и Тобаго", "Trinidad and Tobago"),
        range("93", "99", "Бразилия", "Brazil"),
    ]
}

/// A manufacturer (or an assembly plant) known by its World Manufacturer Identifier.
public struct WMIEntry: Sendable, Hashable {
    public var wmi: String
    /// The company or plant, in English (`AvtoVAZ`, `Hyundai Motor Manufacturing Rus`).
    public var manufacturer: String
    /// The brands sold under this WMI, canonical spelling first (`Lada`).
    public var makes: [String]
    /// Other spellings a manager may type for those brands (`ВАЗ`, `Лада`).
    public var aliases: [String]

    public init(_ wmi: String, _ manufacturer: String, makes: [String], aliases: [String] = []) {
        self.wmi = wmi
        self.manufacturer = manufacturer
        self.makes = makes
        self.aliases = aliases
    }

    /// Whether `make` (as typed on a vehicle) is one of this WMI's brands:
    /// case-, diacritic- and punctuation-insensitive; `Mercedes` matches `Mercedes-Benz`.
    public func matches(make: String) -> Bool {
        let typed = WMIEntry.fold(make)
        guard !typed.isEmpty else { return true }
        for name in makes + aliases + [manufacturer] {
            let known = WMIEntry.fold(name)
            if known.isEmpty { continue }
            if typed == known || typed.hasPrefix(known) || known.hasPrefix(typed) { return true }
        }
        return false
    }

    static func fold(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            switch scalar {
            case "š": result.append("s")
            case "é", "ë": result.append("e")
            case "ё": result.append("е")
            default:
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}

/// WMIs of the makes a Russian dealer meets today. Deliberately short: every
/// entry was checked against at least one independent published list or is a
/// long-standing, widely documented code; uncertain codes are left out, so an
/// unknown WMI decodes with `manufacturer == nil` and no error.
public enum WMITable {
    public static func entry(for wmi: String) -> WMIEntry? { byCode[wmi] }

    static let byCode: [String: WMIEntry] = {
        var table: [String: WMIEntry] = [:]
        for entry in entries { table[entry.wmi] = entry }
        return table
    }()

    static let chery = ["Chery", "Exeed", "Omoda", "Jaecoo", "Jetour"]
    static let cheryAliases = ["Чери", "Эксид", "Омода", "Джетур"]

    public static let entries: [WMIEntry] = [
        // Russia and Belarus: domestic makers and local assembly.
        WMIEntry("XTA", "AvtoVAZ", makes: ["Lada"], aliases: ["VAZ", "ВАЗ", "Лада", "АвтоВАЗ"]),
        WMIEntry("XTB", "AZLK (Moskvich)", makes: ["Moskvich"], aliases: ["Москвич", "АЗЛК"]),
        WMIEntry("XTT", "UAZ", makes: ["UAZ"], aliases: ["УАЗ"]),
        WMIEntry("X96", "GAZ", makes: ["GAZ"], aliases: ["ГАЗ", "Газель", "GAZelle"]),
        WMIEntry("XTH", "GAZ", makes: ["GAZ"], aliases: ["ГАЗ", "Газель", "GAZelle"]),
        WMIEntry("XTC", "KAMAZ", makes: ["KAMAZ"], aliases: ["КАМАЗ"]),
        WMIEntry("XZG", "Haval Motor Manufacturing Rus (Tula)", makes: ["Haval", "Great Wall"], aliases: ["Хавейл", "Хавал", "GWM"]),
        WMIEntry("XW8", "Volkswagen Group Rus (Kaluga)", makes: ["Volkswagen", "Skoda"], aliases: ["VW", "Фольксваген", "Шкода"]),
        WMIEntry("XW7", "Toyota Motor Manufacturing Russia", makes: ["Toyota"], aliases: ["Тойота"]),
        WMIEntry("Z94", "Hyundai Motor Manufacturing Rus", makes: ["Hyundai", "Kia"], aliases: ["Хендай", "Хёндай", "Киа"]),
        WMIEntry("XWE", "Avtotor (Kaliningrad)", makes: ["Kia", "Hyundai"], aliases: ["Киа", "Хендай", "Хёндай"]),
        WMIEntry("X4X", "Avtotor (Kaliningrad), BMW", makes: ["BMW"], aliases: ["БМВ"]),
        WMIEntry("X7L", "Renault Russia", makes: ["Renault"], aliases: ["Рено"]),
        WMIEntry("X9F", "Ford Sollers", makes: ["Ford"], aliases: ["Форд"]),
        WMIEntry("Y4K", "BelGee (Belarus)", makes: ["Geely"], aliases: ["Джили", "Белджи"]),
        // China.
        WMIEntry("LVV", "Chery Automobile", makes: chery, aliases: cheryAliases),
        WMIEntry("LVT", "Chery Automobile", makes: chery, aliases: cheryAliases),
        WMIEntry("L6T", "Zhejiang Geely Holding", makes: ["Geely", "Zeekr"], aliases: ["Джили", "Зикр"]),
        WMIEntry("LB3", "Geely Automobile", makes: ["Geely"], aliases: ["Джили"]),
        WMIEntry("LS5", "Changan Automobile", makes: ["Changan"], aliases: ["Чанган"]),
        WMIEntry("LGW", "Great Wall Motor", makes: ["Haval", "Tank", "Great Wall", "Wey"], aliases: ["GWM", "Хавейл", "Хавал", "Танк"]),
        // Korea and Japan.
        WMIEntry("KMH", "Hyundai Motor Company", makes: ["Hyundai"], aliases: ["Хендай", "Хёндай"]),
        WMIEntry("KM8", "Hyundai Motor Company (SUV)", makes: ["Hyundai"], aliases: ["Хендай", "Хёндай"]),
        WMIEntry("KNA", "Kia Corporation", makes: ["Kia"], aliases: ["Киа"]),
        WMIEntry("KND", "Kia Corporation (SUV, MPV)", makes: ["Kia"], aliases: ["Киа"]),
        WMIEntry("JTD", "Toyota Motor Corporation", makes: ["Toyota"], aliases: ["Тойота"]),
        WMIEntry("JTE", "Toyota Motor Corporation", makes: ["Toyota"], aliases: ["Тойота"]),
        WMIEntry("JTM", "Toyota Motor Corporation", makes: ["Toyota"], aliases: ["Тойота"]),
        WMIEntry("JTN", "Toyota Motor Corporation", makes: ["Toyota"], aliases: ["Тойота"]),
        WMIEntry("JTH", "Toyota Motor Corporation (Lexus)", makes: ["Lexus"], aliases: ["Лексус"]),
        WMIEntry("JHM", "Honda Motor", makes: ["Honda"], aliases: ["Хонда"]),
        WMIEntry("JN1", "Nissan Motor", makes: ["Nissan"], aliases: ["Ниссан"]),
        // Europe.
        WMIEntry("WVW", "Volkswagen AG", makes: ["Volkswagen"], aliases: ["VW", "Фольксваген"]),
        WMIEntry("WVG", "Volkswagen AG (SUV)", makes: ["Volkswagen"], aliases: ["VW", "Фольксваген"]),
        WMIEntry("WAU", "Audi AG", makes: ["Audi"], aliases: ["Ауди"]),
        WMIEntry("TMB", "Skoda Auto", makes: ["Skoda"], aliases: ["Шкода"]),
        WMIEntry("VF1", "Renault", makes: ["Renault"], aliases: ["Рено"]),
        WMIEntry("WBA", "BMW AG", makes: ["BMW"], aliases: ["БМВ"]),
        WMIEntry("WDB", "Mercedes-Benz", makes: ["Mercedes-Benz"], aliases: ["Mercedes", "Мерседес"]),
        WMIEntry("WDD", "Mercedes-Benz", makes: ["Mercedes-Benz"], aliases: ["Mercedes", "Мерседес"]),
        WMIEntry("W1K", "Mercedes-Benz", makes: ["Mercedes-Benz"], aliases: ["Mercedes", "Мерседес"]),
        WMIEntry("W1N", "Mercedes-Benz (SUV)", makes: ["Mercedes-Benz"], aliases: ["Mercedes", "Мерседес"]),
        WMIEntry("YV1", "Volvo Cars", makes: ["Volvo"], aliases: ["Вольво"]),
        // North America.
        WMIEntry("1FA", "Ford Motor Company", makes: ["Ford"], aliases: ["Форд"]),
        WMIEntry("1FM", "Ford Motor Company (MPV)", makes: ["Ford"], aliases: ["Форд"]),
        WMIEntry("1FT", "Ford Motor Company (truck)", makes: ["Ford"], aliases: ["Форд"]),
        WMIEntry("1G1", "General Motors (Chevrolet)", makes: ["Chevrolet"], aliases: ["Шевроле"]),
        WMIEntry("1HG", "Honda of America", makes: ["Honda"], aliases: ["Хонда"]),
        WMIEntry("5YJ", "Tesla", makes: ["Tesla"], aliases: ["Тесла"]),
    ]
}
