import KiteDomain

/// The car carriers of the demo: a company with a rate per car, a sole trader with a
/// rate per trip. Tax numbers are valid (check digits) and fictitious.
public enum DemoCarriers {
    public static let all: [Carrier] = [
        Carrier(name: "ООО «Автовоз-Транс»", inn: "7707083893", kpp: "773601001", contractNumber: "АВ-12/2026",
                contractDate: CivilDate(year: 2026, month: 1, day: 15), contactPerson: "Петров Игорь Сергеевич",
                phone: "+79161230045", email: "dispatch@avtovoz-trans.example", ratePerCar: Money(roubles: 18_500)),
        Carrier(name: "ИП Сидоров Алексей Викторович", inn: "500100732259", contractNumber: "7/2026",
                contractDate: CivilDate(year: 2026, month: 3, day: 2), contactPerson: "Сидоров Алексей",
                phone: "+79035550127", ratePerTrip: Money(roubles: 140_000)),
    ]

    /// Each carrier's trucks and drivers (the carrier id is set when seeding): a
    /// Russian eight-car carrier, a European ten-car one, and their drivers.
    public static let fleet: [(inn: String, trucks: [Truck], drivers: [Driver])] = [
        ("7707083893",
         [Truck(carrierID: 0, plate: "А123ВС77", trailerPlate: "АВ123477", capacity: 8, model: "КамАЗ 65116 + Lohr"),
          Truck(carrierID: 0, plate: "М456ОР750", trailerPlate: "АК765450", capacity: 10, model: "Volvo FH + Rolfo")],
         [Driver(carrierID: 0, fullName: "Кузнецов Андрей Петрович", phone: "+79161112233", licenceNumber: "7700123456"),
          Driver(carrierID: 0, fullName: "Морозов Денис Олегович", phone: "+79162223344", licenceNumber: "5000654321")]),
        ("500100732259",
         [Truck(carrierID: 0, plate: "Е777КХ50", capacity: 7, model: "MAN TGX + Kässbohrer")],
         [Driver(carrierID: 0, fullName: "Сидоров Алексей Викторович", phone: "+79035550127", licenceNumber: "5011987654")]),
    ]
}
