import Foundation
import KiteDomain

/// One model in the demo catalogue, with what a stock list shows about it.
public struct DemoModel: Sendable, Hashable {
    public var name: String
    /// `sedan`, `liftback`, `hatchback`, `wagon`, `crossover`, `suv`, `van`, `truck`.
    public var body: String
    /// `petrol`, `diesel`, `hybrid`, `electric`.
    public var fuel: String
    /// `manual`, `automatic`, `cvt`, `dct`, `amt`.
    public var transmission: String
    /// `car`, `ev`, `truck`: selects the type-specific form sections.
    public var vehicleType: String
    /// Typical price of a new one in 2026, whole roubles.
    public var priceFrom: Int64
    public var priceTo: Int64
    public var trims: [String]
    /// VIN positions 4–8 used for generated VINs.
    public var vds: String
    /// A WMI other than the make's (a model built in another plant).
    public var wmi: String?
    /// Type-specific values (`battery_kwh`, `payload_kg`) stored in `attributes`.
    public var attributes: [String: String]

    public init(_ name: String, body: String, fuel: String, transmission: String, vehicleType: String = "car",
                price: ClosedRange<Int64>, trims: [String], vds: String, wmi: String? = nil,
                attributes: [String: String] = [:]) {
        self.name = name
        self.body = body
        self.fuel = fuel
        self.transmission = transmission
        self.vehicleType = vehicleType
        self.priceFrom = price.lowerBound
        self.priceTo = price.upperBound
        self.trims = trims
        self.vds = vds
        self.wmi = wmi
        self.attributes = attributes
    }

    public var priceRange: ClosedRange<Money> { Money(roubles: priceFrom)...Money(roubles: priceTo) }
}

/// A make sold in Russia today, with the WMI its generated VINs carry.
public struct DemoMake: Sendable, Hashable {
    public var name: String
    /// Decodes (through `WMITable`) to this make.
    public var wmi: String
    /// Relative share of the demo stock.
    public var weight: Int
    public var models: [DemoModel]

    public init(_ name: String, wmi: String, weight: Int, models: [DemoModel]) {
        self.name = name
        self.wmi = wmi
        self.weight = weight
        self.models = models
    }
}

/// A place where vehicles stand.
public struct DemoLocation: Sendable, Hashable {
    /// `showroom` or `yard`.
    public var kind: String
    public var name: String
    public var address: String
}

/// A dealer centre of the demo group.
public struct DemoDealership: Sendable, Hashable {
    /// `MSK`, `SPB`, `KZN`: also the stock-number prefix.
    public var code: String
    public var name: String
    public var city: LocalizedText
    public var locations: [DemoLocation]
    /// Relative share of the demo stock.
    public var weight: Int
    /// Made-up company numbers with valid check digits; the banks' BIK and
    /// correspondent accounts are their published ones.
    public var requisites = SellerRequisites()
}

/// Believable static data for a Russian demo dealer group (prices as of 2026).
public enum DemoCatalog {
    public static let makes: [DemoMake] = [
        DemoMake("Lada", wmi: "XTA", weight: 26, models: [
            DemoModel("Granta", body: "sedan", fuel: "petrol", transmission: "manual", price: 900_000...1_250_000,
                      trims: ["Standard", "Comfort", "Club"], vds: "21904"),
            DemoModel("Vesta", body: "sedan", fuel: "petrol", transmission: "cvt", price: 1_500_000...2_000_000,
                      trims: ["Life", "Comfort", "Techno", "Enjoy"], vds: "GFL11"),
            DemoModel("Niva Travel", body: "suv", fuel: "petrol", transmission: "manual", price: 1_300_000...1_600_000,
                      trims: ["Classic", "Comfort", "Off-road"], vds: "21236"),
            DemoModel("Largus", body: "wagon", fuel: "petrol", transmission: "manual", price: 1_600_000...1_950_000,
                      trims: ["Comfort", "Luxe"], vds: "KS0Y5"),
        ]),
        DemoMake("Haval", wmi: "XZG", weight: 12, models: [
            DemoModel("Jolion", body: "crossover", fuel: "petrol", transmission: "dct", price: 2_200_000...2_800_000,
                      trims: ["Comfort", "Elite", "Tech Plus"], vds: "FF7A1"),
            DemoModel("F7", body: "crossover", fuel: "petrol", transmission: "dct", price: 2_900_000...3_600_000,
                      trims: ["Comfort", "Premium", "Tech Plus"], vds: "FF7B2"),
            DemoModel("Dargo", body: "suv", fuel: "petrol", transmission: "dct", price: 3_100_000...3_800_000,
                      trims: ["Family", "Elite", "Tech Plus"], vds: "FD8C3"),
            DemoModel("H9", body: "suv", fuel: "diesel", transmission: "automatic", price: 4_500_000...5_500_000,
                      trims: ["Comfort", "Premium"], vds: "FH9D4", wmi: "LGW"),
        ]),
        DemoMake("Chery", wmi: "LVV", weight: 10, models: [
            DemoModel("Tiggo 4", body: "crossover", fuel: "petrol", transmission: "cvt", price: 2_000_000...2_500_000,
                      trims: ["Life", "Family", "Style"], vds: "DB14B"),
            DemoModel("Tiggo 7 Pro Max", body: "crossover", fuel: "petrol", transmission: "cvt", price: 2_600_000...3_200_000,
                      trims: ["Active", "Prestige", "Ultimate"], vds: "DB21B"),
            DemoModel("Tiggo 8 Pro Max", body: "suv", fuel: "petrol", transmission: "dct", price: 3_300_000...4_000_000,
                      trims: ["Dreamline", "Ultimate"], vds: "DB31B"),
        ]),
        DemoMake("Geely", wmi: "L6T", weight: 10, models: [
            DemoModel("Coolray", body: "crossover", fuel: "petrol", transmission: "dct", price: 2_300_000...2_800_000,
                      trims: ["Comfort", "Luxury", "Flagship"], vds: "75MC2", wmi: "Y4K"),
            DemoModel("Atlas", body: "crossover", fuel: "petrol", transmission: "automatic", price: 3_200_000...3_800_000,
                      trims: ["Comfort", "Luxury", "Flagship"], vds: "78NE1", wmi: "Y4K"),
            DemoModel("Monjaro", body: "suv", fuel: "petrol", transmission: "automatic", price: 4_200_000...5_000_000,
                      trims: ["Luxury", "Flagship", "Exclusive"], vds: "79RD4"),
        ]),
        DemoMake("Changan", wmi: "LS5", weight: 7, models: [
            DemoModel("Alsvin", body: "sedan", fuel: "petrol", transmission: "dct", price: 1_600_000...1_900_000,
                      trims: ["Comfort", "Luxe"], vds: "A2AE1"),
            DemoModel("CS55 Plus", body: "crossover", fuel: "petrol", transmission: "dct", price: 2_600_000...3_100_000,
                      trims: ["Tech", "Tech Plus"], vds: "A4BE3"),
            DemoModel("UNI-K", body: "suv", fuel: "petrol", transmission: "automatic", price: 3_600_000...4_300_000,
                      trims: ["Luxe", "Prestige"], vds: "A5CE2"),
        ]),
        DemoMake("Tank", wmi: "LGW", weight: 3, models: [
            DemoModel("300", body: "suv", fuel: "petrol", transmission: "automatic", price: 4_400_000...5_200_000,
                      trims: ["City", "Off-road"], vds: "FF4T3"),
            DemoModel("400", body: "suv", fuel: "hybrid", transmission: "automatic", price: 5_500_000...6_300_000,
                      trims: ["Premium", "Hi4-T"], vds: "FF5T4"),
            DemoModel("500", body: "suv", fuel: "petrol", transmission: "automatic", price: 6_000_000...7_000_000,
                      trims: ["Premium", "Luxury"], vds: "FF6T5"),
        ]),
        DemoMake("Exeed", wmi: "LVT", weight: 4, models: [
            DemoModel("LX", body: "crossover", fuel: "petrol", transmission: "cvt", price: 2_900_000...3_500_000,
                      trims: ["Prestige", "Flagship"], vds: "DE21B"),
            DemoModel("TXL", body: "crossover", fuel: "petrol", transmission: "dct", price: 3_600_000...4_300_000,
                      trims: ["Prestige", "Flagship"], vds: "DE31B"),
            DemoModel("VX", body: "suv", fuel: "petrol", transmission: "dct", price: 4_500_000...5_500_000,
                      trims: ["Prestige", "President"], vds: "DE41B"),
        ]),
        DemoMake("Omoda", wmi: "LVV", weight: 4, models: [
            DemoModel("S5", body: "sedan", fuel: "petrol", transmission: "cvt", price: 1_900_000...2_300_000,
                      trims: ["Joy", "Lifestyle"], vds: "DC13B"),
            DemoModel("C5", body: "crossover", fuel: "petrol", transmission: "cvt", price: 2_100_000...2_700_000,
                      trims: ["Joy", "Lifestyle", "Ultimate"], vds: "DC21B"),
        ]),
        DemoMake("Jetour", wmi: "LVV", weight: 4, models: [
            DemoModel("Dashing", body: "crossover", fuel: "petrol", transmission: "dct", price: 2_600_000...3_100_000,
                      trims: ["Comfort", "Luxury"], vds: "DJ21B"),
            DemoModel("X70 Plus", body: "suv", fuel: "petrol", transmission: "dct", price: 2_700_000...3_200_000,
                      trims: ["Comfort", "Luxury"], vds: "DJ31B"),
            DemoModel("T2", body: "suv", fuel: "petrol", transmission: "dct", price: 3_800_000...4_500_000,
                      trims: ["Luxury", "Ultimate"], vds: "DJ41B"),
        ]),
        DemoMake("Kia", wmi: "KNA", weight: 4, models: [
            DemoModel("Rio", body: "sedan", fuel: "petrol", transmission: "automatic", price: 1_900_000...2_300_000,
                      trims: ["Comfort", "Prestige"], vds: "B5A11", wmi: "Z94"),
            DemoModel("K5", body: "sedan", fuel: "petrol", transmission: "automatic", price: 3_300_000...4_000_000,
                      trims: ["Luxe", "Prestige", "GT Line"], vds: "E4144"),
            DemoModel("Sportage", body: "crossover", fuel: "petrol", transmission: "automatic", price: 3_500_000...4_300_000,
                      trims: ["Comfort", "Luxe", "Prestige"], vds: "PCA81", wmi: "KND"),
        ]),
        DemoMake("Hyundai", wmi: "KMH", weight: 4, models: [
            DemoModel("Solaris", body: "sedan", fuel: "petrol", transmission: "automatic", price: 1_900_000...2_200_000,
                      trims: ["Active", "Comfort", "Elegance"], vds: "CU41C", wmi: "Z94"),
            DemoModel("Creta", body: "crossover", fuel: "petrol", transmission: "automatic", price: 2_300_000...2_800_000,
                      trims: ["Classic", "Family", "Prestige"], vds: "HU81C", wmi: "Z94"),
            DemoModel("Tucson", body: "crossover", fuel: "petrol", transmission: "automatic", price: 3_800_000...4_600_000,
                      trims: ["Lifestyle", "Prestige"], vds: "JB81A", wmi: "KM8"),
            DemoModel("Santa Fe", body: "suv", fuel: "petrol", transmission: "automatic", price: 5_000_000...6_000_000,
                      trims: ["Prestige", "Calligraphy"], vds: "S841A", wmi: "KM8"),
        ]),
        DemoMake("Toyota", wmi: "JTD", weight: 5, models: [
            DemoModel("Camry", body: "sedan", fuel: "petrol", transmission: "automatic", price: 4_000_000...5_000_000,
                      trims: ["Classic", "Comfort", "Prestige"], vds: "BZ3FK", wmi: "XW7"),
            DemoModel("RAV4", body: "crossover", fuel: "petrol", transmission: "cvt", price: 3_900_000...4_700_000,
                      trims: ["Comfort", "Style", "Prestige"], vds: "A3BV4", wmi: "JTM"),
            DemoModel("Land Cruiser Prado", body: "suv", fuel: "diesel", transmission: "automatic", price: 7_500_000...9_500_000,
                      trims: ["Comfort", "Prestige", "Luxury"], vds: "BJ3FJ", wmi: "JTE"),
        ]),
        DemoMake("Moskvich", wmi: "XTB", weight: 2, models: [
            DemoModel("3", body: "crossover", fuel: "petrol", transmission: "cvt", price: 2_200_000...2_600_000,
                      trims: ["Standart", "Lux"], vds: "M3C15"),
            DemoModel("3e", body: "crossover", fuel: "electric", transmission: "automatic", vehicleType: "ev",
                      price: 3_600_000...3_900_000, trims: ["Standart", "Lux"], vds: "M3E10",
                      attributes: ["battery_kwh": "65", "range_km": "410"]),
            DemoModel("6", body: "liftback", fuel: "petrol", transmission: "cvt", price: 2_600_000...2_900_000,
                      trims: ["Standart", "Lux"], vds: "M6L15"),
        ]),
        DemoMake("GAZ", wmi: "X96", weight: 3, models: [
            DemoModel("GAZelle NN бортовая", body: "truck", fuel: "diesel", transmission: "manual", vehicleType: "truck",
                      price: 3_200_000...3_800_000, trims: ["Стандарт", "Комфорт"], vds: "A21R2",
                      attributes: ["payload_kg": "1500", "gvw_kg": "3500"]),
            DemoModel("GAZelle Next цельнометаллический фургон", body: "van", fuel: "diesel", transmission: "manual",
                      vehicleType: "truck", price: 3_500_000...4_200_000, trims: ["Стандарт", "Комфорт"], vds: "A31R3",
                      attributes: ["payload_kg": "1400", "gvw_kg": "3500"]),
            DemoModel("Соболь NN", body: "van", fuel: "diesel", transmission: "manual", vehicleType: "truck",
                      price: 3_400_000...4_000_000, trims: ["Стандарт", "4×4"], vds: "C45R4",
                      attributes: ["payload_kg": "1000", "gvw_kg": "3100"]),
        ]),
        DemoMake("Zeekr", wmi: "L6T", weight: 2, models: [
            DemoModel("001", body: "liftback", fuel: "electric", transmission: "automatic", vehicleType: "ev",
                      price: 6_500_000...8_000_000, trims: ["WE", "ME", "YOU"], vds: "CX2E7",
                      attributes: ["battery_kwh": "100", "range_km": "656"]),
            DemoModel("X", body: "crossover", fuel: "electric", transmission: "automatic", vehicleType: "ev",
                      price: 4_000_000...4_800_000, trims: ["ME", "YOU"], vds: "CX1E4",
                      attributes: ["battery_kwh": "66", "range_km": "440"]),
        ]),
    ]

    /// Body colours as written in a Russian vehicle passport, with their share.
    public static let colours: [(name: String, weight: Int)] = [
        ("Белый", 22), ("Чёрный", 18), ("Серый", 15), ("Серебристый", 12), ("Синий", 8),
        ("Красный", 6), ("Коричневый", 4), ("Зелёный", 3), ("Бежевый", 3), ("Оранжевый", 2),
        ("Голубой", 2), ("Тёмно-синий", 3), ("Бордовый", 2),
    ]

    public static let dealerships: [DemoDealership] = [
        DemoDealership(
            code: "MSK", name: "Кайт Авто Москва",
            city: LocalizedText(ru: "Москва", en: "Moscow"),
            locations: [
                DemoLocation(kind: "showroom", name: "Шоурум «Ленинградский»",
                             address: "г. Москва, Ленинградское шоссе, д. 63, стр. 2"),
                DemoLocation(kind: "showroom", name: "Шоурум «Варшавский»",
                             address: "г. Москва, Варшавское шоссе, д. 150"),
                DemoLocation(kind: "yard", name: "Склад «Химки»",
                             address: "Московская обл., г. Химки, ул. Заводская, д. 12"),
            ],
            weight: 5,
            requisites: SellerRequisites(
                legalName: "ООО «Кайт Авто Москва»", inn: "7701123451", kpp: "770101001", ogrn: "1027700123450",
                address: "125438, г. Москва, Ленинградское шоссе, д. 63, стр. 2", bankName: "ПАО Сбербанк, г. Москва",
                bik: "044525225", settlementAccount: "40702810200000012345", correspondentAccount: "30101810400000000225")),
        DemoDealership(
            code: "SPB", name: "Кайт Авто Санкт-Петербург",
            city: LocalizedText(ru: "Санкт-Петербург", en: "Saint Petersburg"),
            locations: [
                DemoLocation(kind: "showroom", name: "Шоурум «Энергетиков»",
                             address: "г. Санкт-Петербург, пр. Энергетиков, д. 59"),
                DemoLocation(kind: "yard", name: "Склад «Шушары»",
                             address: "г. Санкт-Петербург, пос. Шушары, Московское шоссе, д. 231"),
            ],
            weight: 3,
            requisites: SellerRequisites(
                legalName: "ООО «Кайт Авто Санкт-Петербург»", inn: "7812345675", kpp: "781201001", ogrn: "1027800123450",
                address: "195248, г. Санкт-Петербург, пр. Энергетиков, д. 59",
                bankName: "Северо-Западный банк ПАО Сбербанк, г. Санкт-Петербург",
                bik: "044030653", settlementAccount: "40702810400000023456", correspondentAccount: "30101810500000000653")),
        DemoDealership(
            code: "KZN", name: "Кайт Авто Казань",
            city: LocalizedText(ru: "Казань", en: "Kazan"),
            locations: [
                DemoLocation(kind: "showroom", name: "Шоурум «Победы»",
                             address: "г. Казань, пр. Победы, д. 178"),
                DemoLocation(kind: "yard", name: "Склад «Дербышки»",
                             address: "г. Казань, ул. Журналистов, д. 107"),
            ],
            weight: 2,
            requisites: SellerRequisites(
                legalName: "ООО «Кайт Авто Казань»", inn: "1655123453", kpp: "165501001", ogrn: "1021600123456",
                address: "420138, г. Казань, пр. Победы, д. 178", bankName: "Отделение «Банк Татарстан» № 8610 ПАО Сбербанк",
                bik: "049205603", settlementAccount: "40702810600000034567", correspondentAccount: "30101810600000000603")),
    ]
}
