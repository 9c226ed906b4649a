/// The world region of a VIN, from its first character (ISO 3780).
public enum VINRegion: String, Sendable, Hashable, Codable, CaseIterable {
    case africa
    case asia
    case europe
    case northAmerica = "north_america"
    case oceania
    case southAmerica = "south_america"

    /// A–G Africa, H (China) and J–R Asia, S–Z Europe, 1–5 and 7 North America,
    /// 6 Oceania, 8, 9 and 0 South America. ISO 3780 gave H to Africa and 7 to
    /// Oceania; SAE has since assigned all of H to China and all of 7 to the
    /// United States (Tesla `7SA`, Honda `7FA`), so those follow the country.
    public init?(firstCharacter c: Character) {
        switch c {
        case "A"..."G": self = .africa
        case "H", "J"..."R": self = .asia
        case "S"..."Z": self = .europe
        case "1"..."5", "7": self = .northAmerica
        case "6": self = .oceania
        case "8", "9", "0": self = .southAmerica
        default: return nil
        }
    }

    /// The VIN follows FMVSS 115/565 (mandatory check digit, model year with the
    /// position-7 cycle rule): the United States (1, 4, 5, 7), Canada (2), Mexico (3).
    static func isNorthAmerican(_ c: Character) -> Bool { (c >= "1" && c <= "5") || c == "7" }

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

/// The country a WMI was assigned to, from its first two characters (the
/// ISO 3780 country ranges as kept by SAE), or named by the WMI's own entry
/// where the range says otherwise (`XWB`, made in Uzbekistan in a range of the
/// former USSR).
public struct VINCountry: Sendable, Hashable {
    /// ISO 3166-1 alpha-2 (`RU`).
    public var code: String
    public var name: LocalizedText

    /// The English name (`Russia`), as in `kite vin --json`.
    public var englishName: String { name.en }

    /// The country by its ISO 3166 code; nil for a code not in `names`.
    public init?(code: String) {
        guard let name = VINCountry.names[code] else { return nil }
        self.code = code
        self.name = name
    }

    /// The country of the range holding the WMI's first two characters.
    public static func lookup(_ wmi: String) -> VINCountry? {
        let characters = Array(wmi.prefix(2))
        guard characters.count == 2, let second = order(characters[1]) else { return nil }
        for range in ranges where range.first == characters[0] && second >= range.low && second <= range.high {
            return VINCountry(code: range.country)
        }
        return nil
    }

    /// Position of a second character in the SAE sequence A…Z (without I, O, Q), 1…9, 0.
    static func order(_ c: Character) -> Int? {
        sequence.firstIndex(of: c)
    }

    static let sequence: [Character] = Array("ABCDEFGHJKLMNPRSTUVWXYZ1234567890")

    /// Every country named anywhere in the VIN tables: one spelling each, in both
    /// languages. A range or a WMI entry names a country only by its code.
    public static let names: [String: LocalizedText] = [
        "AD": LocalizedText(ru: "Андорра", en: "Andorra"),
        "AE": LocalizedText(ru: "ОАЭ", en: "United Arab Emirates"),
        "AM": LocalizedText(ru: "Армения", en: "Armenia"),
        "AO": LocalizedText(ru: "Ангола", en: "Angola"),
        "AR": LocalizedText(ru: "Аргентина", en: "Argentina"),
        "AT": LocalizedText(ru: "Австрия", en: "Austria"),
        "AU": LocalizedText(ru: "Австралия", en: "Australia"),
        "AZ": LocalizedText(ru: "Азербайджан", en: "Azerbaijan"),
        "BA": LocalizedText(ru: "Босния и Герцеговина", en: "Bosnia and Herzegovina"),
        "BD": LocalizedText(ru: "Бангладеш", en: "Bangladesh"),
        "BE": LocalizedText(ru: "Бельгия", en: "Belgium"),
        "BG": LocalizedText(ru: "Болгария", en: "Bulgaria"),
        "BO": LocalizedText(ru: "Боливия", en: "Bolivia"),
        "BR": LocalizedText(ru: "Бразилия", en: "Brazil"),
        "BW": LocalizedText(ru: "Ботсвана", en: "Botswana"),
        "BY": LocalizedText(ru: "Беларусь", en: "Belarus"),
        "CA": LocalizedText(ru: "Канада", en: "Canada"),
        "CH": LocalizedText(ru: "Швейцария", en: "Switzerland"),
        "CI": LocalizedText(ru: "Кот-д'Ивуар", en: "Ivory Coast"),
        "CL": LocalizedText(ru: "Чили", en: "Chile"),
        "CN": LocalizedText(ru: "Китай", en: "China"),
        "CO": LocalizedText(ru: "Колумбия", en: "Colombia"),
        "CY": LocalizedText(ru: "Кипр", en: "Cyprus"),
        "CZ": LocalizedText(ru: "Чехия", en: "Czech Republic"),
        "DE": LocalizedText(ru: "Германия", en: "Germany"),
        "DK": LocalizedText(ru: "Дания", en: "Denmark"),
        "DO": LocalizedText(ru: "Доминиканская Республика", en: "Dominican Republic"),
        "DZ": LocalizedText(ru: "Алжир", en: "Algeria"),
        "EC": LocalizedText(ru: "Эквадор", en: "Ecuador"),
        "EE": LocalizedText(ru: "Эстония", en: "Estonia"),
        "EG": LocalizedText(ru: "Египет", en: "Egypt"),
        "ES": LocalizedText(ru: "Испания", en: "Spain"),
        "FI": LocalizedText(ru: "Финляндия", en: "Finland"),
        "FR": LocalizedText(ru: "Франция", en: "France"),
        "GB": LocalizedText(ru: "Великобритания", en: "United Kingdom"),
        "GR": LocalizedText(ru: "Греция", en: "Greece"),
        "HK": LocalizedText(ru: "Гонконг", en: "Hong Kong"),
        "HN": LocalizedText(ru: "Гондурас", en: "Honduras"),
        "HR": LocalizedText(ru: "Хорватия", en: "Croatia"),
        "HU": LocalizedText(ru: "Венгрия", en: "Hungary"),
        "ID": LocalizedText(ru: "Индонезия", en: "Indonesia"),
        "IE": LocalizedText(ru: "Ирландия", en: "Ireland"),
        "IL": LocalizedText(ru: "Израиль", en: "Israel"),
        "IN": LocalizedText(ru: "Индия", en: "India"),
        "IQ": LocalizedText(ru: "Ирак", en: "Iraq"),
        "IR": LocalizedText(ru: "Иран", en: "Iran"),
        "IT": LocalizedText(ru: "Италия", en: "Italy"),
        "JO": LocalizedText(ru: "Иордания", en: "Jordan"),
        "JP": LocalizedText(ru: "Япония", en: "Japan"),
        "KE": LocalizedText(ru: "Кения", en: "Kenya"),
        "KR": LocalizedText(ru: "Республика Корея", en: "South Korea"),
        "KZ": LocalizedText(ru: "Казахстан", en: "Kazakhstan"),
        "LA": LocalizedText(ru: "Лаос", en: "Laos"),
        "LS": LocalizedText(ru: "Лесото", en: "Lesotho"),
        "LT": LocalizedText(ru: "Литва", en: "Lithuania"),
        "LU": LocalizedText(ru: "Люксембург", en: "Luxembourg"),
        "LV": LocalizedText(ru: "Латвия", en: "Latvia"),
        "LY": LocalizedText(ru: "Ливия", en: "Libya"),
        "MA": LocalizedText(ru: "Марокко", en: "Morocco"),
        "MG": LocalizedText(ru: "Мадагаскар", en: "Madagascar"),
        "MK": LocalizedText(ru: "Северная Македония", en: "North Macedonia"),
        "MM": LocalizedText(ru: "Мьянма", en: "Myanmar"),
        "MN": LocalizedText(ru: "Монголия", en: "Mongolia"),
        "MT": LocalizedText(ru: "Мальта", en: "Malta"),
        "MU": LocalizedText(ru: "Маврикий", en: "Mauritius"),
        "MX": LocalizedText(ru: "Мексика", en: "Mexico"),
        "MY": LocalizedText(ru: "Малайзия", en: "Malaysia"),
        "MZ": LocalizedText(ru: "Мозамбик", en: "Mozambique"),
        "NA": LocalizedText(ru: "Намибия", en: "Namibia"),
        "NG": LocalizedText(ru: "Нигерия", en: "Nigeria"),
        "NL": LocalizedText(ru: "Нидерланды", en: "Netherlands"),
        "NO": LocalizedText(ru: "Норвегия", en: "Norway"),
        "NZ": LocalizedText(ru: "Новая Зеландия", en: "New Zealand"),
        "PA": LocalizedText(ru: "Панама", en: "Panama"),
        "PE": LocalizedText(ru: "Перу", en: "Peru"),
        "PH": LocalizedText(ru: "Филиппины", en: "Philippines"),
        "PK": LocalizedText(ru: "Пакистан", en: "Pakistan"),
        "PL": LocalizedText(ru: "Польша", en: "Poland"),
        "PR": LocalizedText(ru: "Пуэрто-Рико", en: "Puerto Rico"),
        "PT": LocalizedText(ru: "Португалия", en: "Portugal"),
        "RO": LocalizedText(ru: "Румыния", en: "Romania"),
        "RS": LocalizedText(ru: "Сербия", en: "Serbia"),
        "RU": LocalizedText(ru: "Россия", en: "Russia"),
        "SA": LocalizedText(ru: "Саудовская Аравия", en: "Saudi Arabia"),
        "SE": LocalizedText(ru: "Швеция", en: "Sweden"),
        "SG": LocalizedText(ru: "Сингапур", en: "Singapore"),
        "SI": LocalizedText(ru: "Словения", en: "Slovenia"),
        "SK": LocalizedText(ru: "Словакия", en: "Slovakia"),
        "SM": LocalizedText(ru: "Сан-Марино", en: "San Marino"),
        "TH": LocalizedText(ru: "Таиланд", en: "Thailand"),
        "TN": LocalizedText(ru: "Тунис", en: "Tunisia"),
        "TR": LocalizedText(ru: "Турция", en: "Turkey"),
        "TW": LocalizedText(ru: "Тайвань", en: "Taiwan"),
        "UA": LocalizedText(ru: "Украина", en: "Ukraine"),
        "US": LocalizedText(ru: "США", en: "United States"),
        "UY": LocalizedText(ru: "Уругвай", en: "Uruguay"),
        "UZ": LocalizedText(ru: "Узбекистан", en: "Uzbekistan"),
        "VE": LocalizedText(ru: "Венесуэла", en: "Venezuela"),
        "VN": LocalizedText(ru: "Вьетнам", en: "Vietnam"),
        "ZA": LocalizedText(ru: "ЮАР", en: "South Africa"),
        "ZM": LocalizedText(ru: "Замбия", en: "Zambia"),
        "ZW": LocalizedText(ru: "Зимбабве", en: "Zimbabwe"),
    ]

    struct Range: Sendable {
        let first: Character
        let low: Int
        let high: Int
        /// ISO 3166 code, a key of `names`.
        let country: String
    }

    /// `"AA-AH"`: first characters equal, second characters from…to in `sequence`.
    static func range(_ span: String, _ country: String) -> Range {
        let c = Array(span)
        precondition(c.count == 5 && c[0] == c[3] && c[2] == "-", "a range is written XA-XB")
        return Range(first: c[0], low: order(c[1])!, high: order(c[4])!, country: country)
    }

    /// The ISO 3780 country ranges, as kept by SAE International (the "Current WMI
    /// World Codes" chart, September 2015, reproduced in Wikipedia's "Vehicle
    /// identification number" article, "Country or region" table). A whole first
    /// character is written `XA-X0`. Pairs not listed are unassigned.
    static let ranges: [Range] = [
        // Africa (A–G).
        range("AA-AH", "ZA"), range("AJ-AK", "CI"), range("AL-AM", "LS"), range("AN-AP", "BW"),
        range("AR-AS", "NA"), range("AT-AU", "MG"), range("AV-AW", "MU"), range("AX-AY", "TN"),
        range("AZ-A1", "CY"), range("A2-A3", "ZW"), range("A4-A5", "MZ"),
        range("BA-BB", "AO"), range("BF-BG", "KE"), range("BL-BL", "NG"), range("BR-BR", "DZ"),
        range("B3-B4", "LY"),
        range("CA-CB", "EG"), range("CF-CG", "MA"), range("CL-CM", "ZM"),
        range("DA-DE", "EG"),
        // Asia (H, J–R).
        range("HA-H0", "CN"),
        range("JA-J0", "JP"),
        range("KF-KH", "IL"), range("KL-KR", "KR"), range("KS-KT", "JO"),
        range("LA-L0", "CN"),
        range("MA-ME", "IN"), range("MF-MK", "ID"), range("ML-MR", "TH"), range("MS-MS", "MM"),
        range("MU-MU", "MN"), range("MX-MX", "KZ"), range("M1-M6", "IN"),
        range("NA-NE", "IR"), range("NF-NG", "PK"), range("NJ-NJ", "IQ"), range("NL-NR", "TR"),
        range("NS-NT", "UZ"), range("NU-NU", "AZ"), range("NY-NY", "AM"), range("N1-N5", "IR"),
        range("PA-PC", "PH"), range("PF-PG", "SG"), range("PL-PR", "MY"), range("PS-PT", "BD"),
        range("RA-RB", "AE"), range("RF-RK", "TW"), range("RL-RN", "VN"), range("RP-RP", "LA"),
        range("RS-RT", "SA"), range("RU-RW", "RU"), range("R1-R1", "HK"),
        // Europe (S–Z).
        range("SA-SM", "GB"), range("SN-ST", "DE"), range("SU-SZ", "PL"), range("S1-S2", "LV"),
        range("TA-TH", "CH"), range("TJ-TP", "CZ"), range("TR-TV", "HU"), range("TW-T2", "PT"),
        range("T3-T5", "RS"), range("T6-T6", "AD"),
        range("UA-UC", "ES"), range("UH-UM", "DK"), range("UN-UR", "IE"), range("UU-UW", "RO"),
        range("U1-U2", "MK"), range("U5-U7", "SK"), range("U8-U0", "BA"),
        range("VA-VE", "AT"), range("VF-VR", "FR"), range("VS-VW", "ES"), range("VX-V2", "RS"),
        range("V3-V5", "HR"), range("V6-V8", "EE"),
        range("WA-W0", "DE"),
        range("XA-XC", "BG"), range("XD-XE", "RU"), range("XF-XH", "GR"), range("XJ-XK", "RU"),
        range("XL-XR", "NL"), range("XS-XW", "RU"), range("XX-XY", "LU"), range("XZ-X0", "RU"),
        range("YA-YE", "BE"), range("YF-YK", "FI"), range("YN-YN", "MT"), range("YS-YW", "SE"),
        range("YX-Y2", "NO"), range("Y3-Y5", "BY"), range("Y6-Y8", "UA"),
        range("ZA-ZU", "IT"), range("ZX-ZZ", "SI"), range("Z1-Z1", "SM"), range("Z3-Z5", "LT"),
        range("Z6-Z0", "RU"),
        // North America (1–5, 7).
        range("1A-10", "US"),
        range("2A-25", "CA"),
        range("3A-3X", "MX"), range("35-35", "DO"), range("36-36", "HN"), range("37-37", "PA"),
        range("38-39", "PR"),
        range("4A-40", "US"), range("5A-50", "US"), range("7A-70", "US"),
        // Oceania (6).
        range("6A-6X", "AU"), range("6Y-61", "NZ"),
        // South America (8, 9).
        range("8A-8E", "AR"), range("8F-8G", "CL"), range("8L-8N", "EC"), range("8S-8T", "PE"),
        range("8X-8Z", "VE"), range("82-82", "BO"),
        range("9A-9E", "BR"), range("9F-9G", "CO"), range("9S-9V", "UY"), range("92-99", "BR"),
    ]
}
