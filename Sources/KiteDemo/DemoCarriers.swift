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
}
