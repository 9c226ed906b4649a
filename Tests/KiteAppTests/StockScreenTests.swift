import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

@MainActor
@Suite("Stock screen on a real database")
struct StockScreenTests {
    @Test("golden: the stock list at 80×24 in Russian")
    func stockList80x24() throws {
        let harness = try AppHarness(rows: 24, columns: 80)
        defer { harness.shutdown() }
        try insertGolden(harness)
        harness.app.run("list.refresh")
        harness.settle()
        expectScreen(harness.screen, GoldenScreens.stock80x24)
    }

    @Test("golden: the stock list at 160×48 in English")
    func stockList160x48() throws {
        let harness = try AppHarness(rows: 48, columns: 160, language: .en)
        defer { harness.shutdown() }
        try insertGolden(harness)
        harness.app.run("list.refresh")
        harness.settle()
        expectScreen(harness.screen, GoldenScreens.stock160x48)
    }

    @Test("golden: the vehicle card at 80×24 and 160×48")
    func vehicleCard() throws {
        for (rows, columns, golden) in [(24, 80, GoldenScreens.card80x24), (48, 160, GoldenScreens.card160x48)] {
            let harness = try AppHarness(rows: rows, columns: columns)
            defer { harness.shutdown() }
            try insertGolden(harness)
            harness.app.run("list.refresh")
            harness.settle()
            harness.press(.down, .down, .down, .enter)   // MSK-000004, the Geely with a CJK model name
            expectScreen(harness.screen, golden)
        }
    }

    @Test("typing a VIN fragment filters as you type; a status filter narrows further")
    func filterAsYouType() throws {
        let harness = try AppHarness()
        defer { harness.shutdown() }
        try insertGolden(harness)
        harness.app.run("list.refresh")
        harness.settle()
        harness.press(.character("/"))
        harness.type("xzg")
        #expect(harness.screen.contains("MSK-000002"))
        #expect(!harness.screen.contains("MSK-000001"))
        harness.press(.escape)
        for _ in 0..<3 { harness.press(.backspace) }
        harness.press(.character("/"))
        for _ in 0..<3 { harness.press(.backspace) }
        harness.type("hyundai creta")
        #expect(harness.screen.contains("MSK-000005"))
        #expect(!harness.screen.contains("MSK-000002"))
    }

    @Test("paging through 2 500 vehicles shows every one exactly once, in order")
    func keysetWindow() throws {
        let harness = try AppHarness(rows: 24, columns: 80)
        defer { harness.shutdown() }
        _ = try Seeder.seedVehicles(harness.connection, count: 2_500, login: "test")
        harness.app.run("list.refresh")
        harness.settle()
        var seen: [String] = []
        var previousScreen = ""
        for _ in 0..<400 {
            let numbers = harness.screen.split(separator: "\n").compactMap { line -> String? in
                let first = line.split(separator: " ").first.map(String.init) ?? ""
                return first.count == 10 && first.dropFirst(3).first == "-" ? first : nil
            }
            for number in numbers where !seen.contains(number) { seen.append(number) }
            harness.press(.pageDown)
            if harness.screen == previousScreen { break }   // the end: Page Down no longer moves
            previousScreen = harness.screen
        }
        #expect(seen.count == 2_500)
        #expect(seen == seen.sorted())
        // And back to the top through the trimmed window.
        for _ in 0..<200 { harness.press(.pageUp) }
        #expect(harness.screen.contains(seen.first!))
    }

    private func insertGolden(_ harness: AppHarness) throws {
        let repository = VehicleRepository(connection: harness.connection)
        for vehicle in GoldenStock.vehicles(dealershipID: try harness.dealershipID("MSK")) {
            try repository.insert(vehicle, actor: "seed")
        }
    }
}

enum GoldenScreens {
    static let stock80x24 = #"""
 КАЙТ АВТО │ Склад
 / Поиск:                               Статус: все  Найдено: 5
Номер ▲     VIN               Марка    Модель    Год Статус                 Цена
MSK-000001  XTAGFL110TD000101 Lada     Vesta C… 2026 на складе       1 650 000 ₽
MSK-000002  XZGFF7A10TD000102 Haval    Jolion   2026 предпродажная   2 449 900 ₽
MSK-000003  LVVDB21B1TD000103 Chery    Tiggo 7… 2025 резерв          2 890 000 ₽
MSK-000004  L6T7844S0TD000104 Geely    领克 01  2026 в пути          3 120 000 ₽
MSK-000005  Z94K241BBRD000105 Hyundai  Creta    2024 на складе       1 999 999 ₽














 Сидорова А. В. · KZN                                                  ● в сети
F1 Помощь  Ins Новый  Enter Открыть  F4 Правка  F7 Поиск  F8 Статус
"""#
    static let stock160x48 = #"""
 KITE AUTO │ Stock
 / Filter:                               Status: all  Found: 5
Stock no. ▲ VIN               Make               Model                      Year Colour          Mileage, km Status         Location           Days   List price
MSK-000001  XTAGFL110TD000101 Lada               Vesta Cross                2026 Белый                    12 in stock       —                     3  1 650 000 ₽
MSK-000002  XZGFF7A10TD000102 Haval              Jolion                     2026 Серебристый              25 in preparation —                    12  2 449 900 ₽
MSK-000003  LVVDB21B1TD000103 Chery              Tiggo 7 Pro Max            2025 Тёмно-синий               8 reserved       —                    40  2 890 000 ₽
MSK-000004  L6T7844S0TD000104 Geely              领克 01                    2026 Чёрный                    0 in transit     —                     —  3 120 000 ₽
MSK-000005  Z94K241BBRD000105 Hyundai            Creta                      2024 Красный              48 300 in stock       —                    95  1 999 999 ₽






































 Сидорова А. В. · KZN                                                                                                                                  ● online
F1 Help  Ins New  Enter Open  F4 Edit  F7 Filter  F8 Status  F9 By status  F10 Quit
"""#
    static let card80x24 = #"""
 КАЙТ АВТО │ Автомобиль · MSK-000004 · Geely 领克 01 · в пути
── Идентификация ───────────────────────────────────────────────────────────────
Складской номер   MSK-000004
VIN*              L6T7844S0TD000104
                  ! Контрольный знак (позиция 9) «0» не совпадает с расчётным «9
Марка*            Geely
Модель*           领克 01
Комплектация      Comfort
Год выпуска*      2026
Цвет              Чёрный
Кузов             ‹ кроссовер                            ›
Топливо           ‹ бензин                               ›
Коробка передач   ‹ автомат                              ›
Состояние*        ‹ новый                                ›
Тип ТС*           ‹ легковой                             ›

── Склад ───────────────────────────────────────────────────────────────────────
Статус            в пути
Дилерский центр*  ‹ MSK · Кайт Авто Москва               ›
Площадка          ‹ —                                    ›
Дата поступления  ДД.ММ.ГГГГ
 17 знаков, без I, O и Q
 Сидорова А. В. · KZN                                                  ● в сети
F1 Помощь  F2 Сохранить  F4 Правка  F8 Статус  Esc Отмена  F10 Выход
"""#
    static let card160x48 = #"""
 КАЙТ АВТО │ Автомобиль · MSK-000004 · Geely 领克 01 · в пути
── Идентификация ───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
Складской номер   MSK-000004
VIN*              L6T7844S0TD000104
                  ! Контрольный знак (позиция 9) «0» не совпадает с расчётным «9». Вне Северной Америки многие производители его не соблюдают — сверьте VIN с ПТ
Марка*            Geely
Модель*           领克 01
Комплектация      Comfort
Год выпуска*      2026
Цвет              Чёрный
Кузов             ‹ кроссовер                            ›
Топливо           ‹ бензин                               ›
Коробка передач   ‹ автомат                              ›
Состояние*        ‹ новый                                ›
Тип ТС*           ‹ легковой                             ›

── Склад ───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
Статус            в пути
Дилерский центр*  ‹ MSK · Кайт Авто Москва               ›
Площадка          ‹ —                                    ›
Дата поступления  ДД.ММ.ГГГГ
Пробег, км        0

── Цены ────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
Закупочная цена   2 496 000
Цена продажи*     3 120 000



















 17 знаков, без I, O и Q
 Сидорова А. В. · KZN                                                                                                                                  ● в сети
F1 Помощь  F2 Сохранить  F4 Правка  F8 Статус  Esc Отмена  F10 Выход
"""#
}
