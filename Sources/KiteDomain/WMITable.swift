/// A manufacturer (or an assembly plant) known by its World Manufacturer Identifier.
public struct WMIEntry: Sendable, Hashable {
    /// The three characters (`XTA`).
    public var wmi: String
    /// For a small manufacturer (`9` at position 3), positions 12–14 that name it
    /// among the makers sharing the WMI (`VF9` + `795` is Bugatti); nil otherwise.
    public var smallManufacturerCode: String?
    /// The company or plant, in English (`AvtoVAZ`, `Hyundai Motor Manufacturing Rus`).
    public var manufacturer: String
    /// The brands sold under this WMI, canonical spelling first (`Lada`).
    public var makes: [String]
    /// Other spellings a manager may type for those brands (`ВАЗ`, `Лада`).
    public var aliases: [String]
    /// ISO 3166 code of the country when it differs from the WMI's range
    /// (`XWB` is Uzbekistan in a range of the former USSR); nil to use the range.
    public var countryCode: String?

    public init(_ wmi: String, _ manufacturer: String, makes: [String], aliases: [String] = [],
                smallManufacturerCode: String? = nil, countryCode: String? = nil) {
        self.wmi = wmi
        self.manufacturer = manufacturer
        self.makes = makes
        self.aliases = aliases
        self.smallManufacturerCode = smallManufacturerCode
        self.countryCode = countryCode
    }

    /// `XTA`, or `VF9…795` for a small manufacturer: what the user reads in a message.
    public var code: String { smallManufacturerCode.map { "\(wmi)…\($0)" } ?? wmi }

    /// The country of the vehicles under this WMI: the entry's own, else the range's.
    public var country: VINCountry? { countryCode.flatMap(VINCountry.init(code:)) ?? VINCountry.lookup(wmi) }

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

/// The WMIs of the makes a Russian dealer meets: the makes sold in Russia in
/// the last 30 years, their plants abroad and the Russian assembly plants, plus
/// the large makers of the public lists. The data are text blocks, one WMI a
/// line, grouped by region in `WMITable+Europe.swift`, `WMITable+Asia.swift`
/// and `WMITable+Americas.swift`, each block with its source:
///
///     XTA  AvtoVAZ                              | Lada
///     XWB  GM Uzbekistan (UzDaewoo, UzAuto)     | Chevrolet, Daewoo, Ravon | UZ
///     VF9/795  Bugatti Automobiles              | Bugatti
///
/// WMI (and, for a small manufacturer with `9` at position 3, `/` and the code at
/// positions 12–14), the manufacturer or plant; after `|` the brands (each one a
/// key of `brandAliases`); after a second `|`, optionally, the ISO 3166 country
/// when it is not the range's. A code that is not in the table decodes with
/// `manufacturer == nil` and no error: uncertain codes are left out.
public enum WMITable {
    /// The entry for a three-character WMI; nil when unknown or when the WMI is a
    /// small manufacturers' one (`9` at position 3: the maker needs positions 12–14,
    /// see `entry(forVIN:)`).
    public static func entry(for wmi: String) -> WMIEntry? { byCode[wmi] }

    /// The entry for a (normalised) VIN: the WMI, and for a small manufacturer's
    /// WMI also positions 12–14.
    public static func entry(forVIN vin: String) -> WMIEntry? {
        let characters = Array(vin)
        guard characters.count >= 3 else { return nil }
        let wmi = String(characters[0..<3])
        if characters[2] == "9" {
            guard characters.count >= 14 else { return nil }
            return byCode[wmi + String(characters[11..<14])]
        }
        return byCode[wmi]
    }

    /// All entries, in the order of the blocks.
    public static var entries: [WMIEntry] { parsed.entries }

    /// Lines of the blocks that could not be read (for the consistency test; a
    /// bad line is left out, never a crash).
    static var problems: [String] { parsed.problems }

    static let byCode: [String: WMIEntry] = {
        var table: [String: WMIEntry] = [:]
        for entry in entries { table[entry.wmi + (entry.smallManufacturerCode ?? "")] = entry }
        return table
    }()

    static let blocks: [String] = [
        russiaAndNeighbours, germany, restOfEurope, unitedKingdom,
        japan, korea, china, restOfAsiaAndAfrica,
        northAmerica, southAmericaAndOceania, smallManufacturers,
    ]

    static let parsed: (entries: [WMIEntry], problems: [String]) = {
        var entries: [WMIEntry] = []
        var problems: [String] = []
        for block in blocks {
            for raw in block.split(separator: "\n") {
                let line = String(raw).trimmingWhitespace()
                if line.isEmpty { continue }
                if let entry = parse(line) { entries.append(entry) } else { problems.append(line) }
            }
        }
        return (entries, problems)
    }()

    /// One line of a block, or nil when it does not follow the format.
    static func parse(_ line: String) -> WMIEntry? {
        let columns = line.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        guard columns.count == 2 || columns.count == 3 else { return nil }
        let head = columns[0]
        guard let space = head.firstIndex(of: " ") else { return nil }
        let code = String(head[..<space])
        let manufacturer = String(head[space...]).trimmingWhitespace()
        let parts = code.split(separator: "/").map(String.init)
        let wmi = parts[0]
        let small = parts.count == 2 ? parts[1] : nil
        guard !manufacturer.isEmpty, parts.count <= 2, wmi.count == 3,
              (wmi.last == "9") == (small != nil), small.map({ $0.count == 3 }) ?? true,
              (wmi + (small ?? "")).allSatisfy({ VINAlphabet.value(of: $0) != nil }) else { return nil }
        let makes = columns[1].split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !makes.isEmpty, makes.allSatisfy({ brandAliases[$0] != nil }) else { return nil }
        var country: String?
        if columns.count == 3 {
            guard VINCountry(code: columns[2]) != nil else { return nil }
            country = columns[2]
        }
        var aliases: [String] = []
        for make in makes { aliases += brandAliases[make] ?? [] }
        return WMIEntry(wmi, manufacturer, makes: makes, aliases: aliases,
                        smallManufacturerCode: small, countryCode: country)
    }

    /// Every brand a WMI line may name, with the other spellings a manager types
    /// (Russian transliterations, former names). One place for a brand's spellings.
    public static let brandAliases: [String: [String]] = [
        "Acura": ["Акура"],
        "Alfa Romeo": ["Альфа Ромео"],
        "Aston Martin": ["Астон Мартин"],
        "Audi": ["Ауди"],
        "BAIC": ["БАИК"],
        "Bentley": ["Бентли"],
        "Bestune": ["Бестюн"],
        "BMW": ["БМВ"],
        "Brilliance": ["Бриллианс"],
        "Bugatti": ["Бугатти"],
        "Buick": ["Бьюик"],
        "BYD": ["БИД", "Бид"],
        "Cadillac": ["Кадиллак"],
        "Changan": ["Чанган"],
        "Chery": ["Чери"],
        "Chevrolet": ["Шевроле"],
        "Chrysler": ["Крайслер"],
        "Citroën": ["Citroen", "Ситроен"],
        "DAF": ["ДАФ"],
        "Dacia": ["Дачия"],
        "Daewoo": ["Дэу", "Дэо"],
        "Daihatsu": ["Дайхатсу"],
        "Datsun": ["Датсун"],
        "Dodge": ["Додж"],
        "Dongfeng": ["DFM", "Донгфенг", "Дунфэн"],
        "DS": ["DS Automobiles"],
        "Exeed": ["Эксид"],
        "FAW": ["ФАВ"],
        "Ferrari": ["Феррари"],
        "Fiat": ["Фиат"],
        "Ford": ["Форд"],
        "Foton": ["Фотон"],
        "GAC": ["Trumpchi", "ГАК"],
        "GAZ": ["ГАЗ", "Газель", "GAZelle"],
        "Geely": ["Джили"],
        "Genesis": ["Генезис"],
        "GMC": ["ДжиЭмСи"],
        "Great Wall": ["GWM", "Грейт Волл"],
        "Haima": ["Хайма"],
        "Haval": ["Хавейл", "Хавал"],
        "Holden": ["Холден"],
        "Honda": ["Хонда"],
        "Hongqi": ["Хунцы", "Хончи"],
        "Hummer": ["Хаммер"],
        "Hyundai": ["Хендай", "Хёндай", "Хундай"],
        "Infiniti": ["Инфинити"],
        "Isuzu": ["Исузу"],
        "Iveco": ["Ивеко"],
        "JAC": ["Джак"],
        "Jaecoo": ["Джейку"],
        "Jaguar": ["Ягуар"],
        "Jeep": ["Джип"],
        "Jetour": ["Джетур"],
        "Jetta": ["Джетта"],
        "KAMAZ": ["КАМАЗ", "КамАЗ"],
        "Kia": ["Киа"],
        "King Long": ["Кинг Лонг"],
        "Lada": ["VAZ", "ВАЗ", "Лада", "АвтоВАЗ"],
        "Lamborghini": ["Ламборгини"],
        "Lancia": ["Лянча"],
        "Land Rover": ["Range Rover", "Ленд Ровер", "Лэнд Ровер", "Рейндж Ровер"],
        "Lexus": ["Лексус"],
        "Lifan": ["Лифан"],
        "Lincoln": ["Линкольн"],
        "Lotus": ["Лотус"],
        "Mahindra": ["Махиндра"],
        "MAN": ["МАН"],
        "Maserati": ["Мазерати"],
        "Mazda": ["Мазда"],
        "MAZ": ["МАЗ"],
        "McLaren": ["Макларен"],
        "Mercedes-Benz": ["Mercedes", "Мерседес"],
        "MG": ["ЭмДжи"],
        "Mini": ["Мини"],
        "Mitsubishi": ["Мицубиси", "Митсубиси"],
        "Moskvich": ["Москвич", "АЗЛК"],
        "Nissan": ["Ниссан"],
        "Omoda": ["Омода"],
        "Opel": ["Опель"],
        "PAZ": ["ПАЗ"],
        "Peugeot": ["Пежо"],
        "Porsche": ["Порше"],
        "Proton": ["Протон"],
        "Ram": ["RAM"],
        "Ravon": ["Равон"],
        "Renault": ["Рено"],
        "Rolls-Royce": ["Роллс-Ройс"],
        "Rover": ["Ровер"],
        "Saab": ["Сааб"],
        "Samsung": ["Renault Samsung", "Самсунг"],
        "Scania": ["Скания"],
        "SEAT": ["Cupra", "Сеат", "Купра"],
        "Shacman": ["Shaanxi", "Шакман"],
        "Skoda": ["Шкода"],
        "Smart": ["Смарт"],
        "SsangYong": ["KGM", "СсангЙонг", "Санг Йонг"],
        "Subaru": ["Субару"],
        "Suzuki": ["Сузуки"],
        "Tank": ["Танк"],
        "Tata": ["Тата"],
        "Tesla": ["Тесла"],
        "Toyota": ["Тойота"],
        "UAZ": ["УАЗ"],
        "Vauxhall": ["Воксхолл"],
        "Volkswagen": ["VW", "Фольксваген"],
        "Volvo": ["Вольво"],
        "Wey": ["Вэй"],
        "Wuling": ["Вулинг"],
        "Yutong": ["Ютонг"],
        "ZAZ": ["ЗАЗ"],
        "Zeekr": ["Зикр"],
    ]
}
