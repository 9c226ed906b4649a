import Foundation
import Testing
@testable import KiteDomain

@Suite("Vehicle validation") struct VehicleValidatorTests {
    static let calendar = FieldParsers.utcCalendar
    static let today = calendar.date(from: DateComponents(year: 2026, month: 11, day: 24, hour: 19))!

    static func vesta() -> Vehicle {
        Vehicle(stockNumber: "MSK-000001", vin: VINGenerator.make(wmi: "XTA", vds: "GFL11", modelYear: 2026, serial: 1),
                make: "Lada", model: "Vesta", year: 2026, mileageKm: 12, condition: .new,
                purchaseCost: Money(roubles: 1_600_000), listPrice: Money(roubles: 1_790_000))
    }

    func issues(_ v: Vehicle) -> [FieldIssue] {
        VehicleValidator.validate(v, today: Self.today, calendar: Self.calendar)
    }

    @Test func aGoodVehicleHasNoIssues() {
        #expect(issues(Self.vesta()).isEmpty)
    }

    @Test func requiredFields() {
        var v = Self.vesta()
        v.vin = " "
        v.make = ""
        v.model = "  "
        let found = issues(v)
        #expect(found.map(\.field) == ["vin", "make", "model"])
        #expect(found.allSatisfy { $0.severity == .error })
        #expect(found[0].message.ru == "Укажите VIN: 17 символов")
        #expect(found[1].message.ru == "Укажите марку")
        #expect(found[2].message.en == "Enter the model")
    }

    @Test func vinRulesApplyWithTheirSeverity() {
        var v = Self.vesta()
        v.vin = "XTA210990Y2765432"  // wrong check digit on a Russian VIN: warning
        #expect(issues(v).map(\.severity) == [.warning])
        v.vin = "XTA21099OY2765432"  // letter O: error naming the position
        let found = issues(v)
        #expect(found.count == 1 && found[0].severity == .error && found[0].field == "vin")
        #expect(found[0].message.ru.hasPrefix("Позиция 9"))
    }

    @Test func yearRange() {
        var v = Self.vesta()
        v.year = 2028
        #expect(issues(v).map(\.field) == ["year"])
        #expect(issues(v)[0].message.ru == "Год выпуска должен быть от 1950 до 2027")
        v.year = 2027
        #expect(issues(v).isEmpty)
        v.year = 1949
        #expect(issues(v).map(\.field) == ["year"])
    }

    @Test func mileage() {
        var v = Self.vesta()
        v.mileageKm = -1
        #expect(issues(v).map(\.severity) == [.error])
        #expect(issues(v)[0].message.ru == "Пробег не может быть отрицательным")
        v.mileageKm = 1_500
        #expect(issues(v).map(\.severity) == [.warning])
        #expect(issues(v)[0].field == "mileage_km")
        v.condition = .used
        #expect(issues(v).isEmpty)
    }

    @Test func prices() {
        var v = Self.vesta()
        v.purchaseCost = Money(roubles: -1)
        #expect(issues(v).map(\.field) == ["purchase_cost"])
        #expect(issues(v)[0].message.ru == "Закупочная цена не может быть отрицательной")
        v = Self.vesta()
        v.listPrice = Money(kopecks: Money.databaseMaximum.kopecks + 1)
        #expect(issues(v).map(\.field) == ["list_price"])
        v = Self.vesta()
        v.listPrice = Money(roubles: 1_500_000)
        let below = issues(v)
        #expect(below.map(\.severity) == [.warning])
        #expect(below[0].message.ru == "Цена продажи 1\u{00A0}500\u{00A0}000\u{00A0}₽ ниже закупочной 1\u{00A0}600\u{00A0}000\u{00A0}₽")
        v.listPrice = .zero  // not priced yet: no warning
        #expect(issues(v).isEmpty)
    }

    @Test func makeThatContradictsTheVIN() {
        var v = Self.vesta()
        v.make = "Toyota"
        let found = issues(v)
        #expect(found.map(\.field) == ["make"])
        #expect(found[0].severity == .warning)
        #expect(found[0].message.ru == "По VIN (XTA) производитель — AvtoVAZ (Lada), а указана марка «Toyota»")
        v.make = "LADA"
        #expect(issues(v).isEmpty)
        v.make = "ВАЗ"
        #expect(issues(v).isEmpty)
        // Unknown WMI: nothing to compare with.
        v.make = "Toyota"
        v.vin = "1M8GDM9AXKP042788"
        v.year = 1989
        #expect(issues(v).isEmpty)
    }
}

@Suite("Field parsers") struct FieldParserTests {
    @Test func integers() throws {
        #expect(try FieldParsers.integer("15 000", field: "mileage_km").get() == 15_000)
        #expect(try FieldParsers.integer(" -7 ", field: "x").get() == -7)
        guard case .failure(let issue) = FieldParsers.integer("15 км", field: "mileage_km") else {
            Issue.record("must fail"); return
        }
        #expect(issue.field == "mileage_km" && issue.severity == .error)
        #expect(issue.message.ru == "Введите целое число цифрами, например 15 000")
        #expect((try? FieldParsers.integer("", field: "x").get()) == nil)
        #expect((try? FieldParsers.integer("99999999999999999999", field: "x").get()) == nil)
    }

    @Test func money() throws {
        #expect(try FieldParsers.money("1 250 000,50", field: "list_price").get() == Money(kopecks: 125_000_050))
        guard case .failure(let issue) = FieldParsers.money("1,234", field: "list_price") else {
            Issue.record("must fail"); return
        }
        #expect(issue.field == "list_price")
        #expect(issue.message.ru.hasPrefix("Не более двух знаков после запятой"))
        guard case .failure(let notNumber) = FieldParsers.money("12abc", field: "list_price") else {
            Issue.record("must fail"); return
        }
        #expect(notNumber.message.en.hasPrefix("An amount is digits"))
        // Parses, but more than numeric(14,2) holds.
        guard case .failure(let large) = FieldParsers.money("1 000 000 000 000", field: "list_price") else {
            Issue.record("must fail"); return
        }
        #expect(large.message.ru.hasPrefix("Сумма слишком большая"))
    }

    @Test func dates() throws {
        let calendar = FieldParsers.utcCalendar
        let expected = calendar.date(from: DateComponents(year: 2026, month: 3, day: 5))!
        #expect(try FieldParsers.date("05.03.2026", field: "arrival_date").get() == expected)
        #expect(try FieldParsers.date("5.3.2026", field: "arrival_date").get() == expected)
        #expect(try FieldParsers.date("2026-03-05", field: "arrival_date").get() == expected)
        guard case .failure(let noSuchDay) = FieldParsers.date("31.02.2026", field: "arrival_date") else {
            Issue.record("must fail"); return
        }
        #expect(noSuchDay.message.ru == "Такой даты нет в календаре")
        for bad in ["05/03/2026", "5.3.26", "2026-3-5", "вчера", "", "2026-13-01"] {
            #expect((try? FieldParsers.date(bad, field: "arrival_date").get()) == nil, "\(bad)")
        }
        #expect((try? FieldParsers.date("29.02.2028", field: "d").get()) != nil)  // leap year
    }
}

@Suite("Stock age") struct StockAgeTests {
    @Test func calendarDays() {
        let calendar = FieldParsers.utcCalendar
        let arrival = calendar.date(from: DateComponents(year: 2026, month: 11, day: 1, hour: 23, minute: 30))!
        let today = calendar.date(from: DateComponents(year: 2026, month: 11, day: 24, hour: 8))!
        #expect(StockAge.days(from: arrival, to: today, calendar: calendar) == 23)
        #expect(StockAge.days(from: today, to: today, calendar: calendar) == 0)
        #expect(StockAge.days(from: nil, to: today, calendar: calendar) == nil)
        #expect(StockAge.days(from: today.addingTimeInterval(86_400 * 3), to: today, calendar: calendar) == 0)
        // Across the year boundary: 20.12.2025 → 10.01.2026 is 21 days.
        let december = calendar.date(from: DateComponents(year: 2025, month: 12, day: 20))!
        let january = calendar.date(from: DateComponents(year: 2026, month: 1, day: 10))!
        #expect(StockAge.days(from: december, to: january, calendar: calendar) == 21)
    }
}
