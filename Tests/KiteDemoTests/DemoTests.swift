import Foundation
import Testing
import KiteDomain
@testable import KiteDemo

@Suite("Demo data") struct DemoTests {
    static let today = FieldParsers.utcCalendar.date(from: DateComponents(year: 2026, month: 11, day: 24, hour: 12))!

    @Test func everyCatalogueWMIDecodesToItsMake() {
        for make in DemoCatalog.makes {
            #expect(!make.models.isEmpty && make.models.count <= 4)
            for model in make.models {
                let wmi = model.wmi ?? make.wmi
                let entry = WMITable.entry(for: wmi)
                #expect(entry?.matches(make: make.name) == true, "\(make.name) \(model.name): \(wmi)")
                #expect(model.priceFrom > 0 && model.priceFrom < model.priceTo)
                #expect(["car", "ev", "truck"].contains(model.vehicleType))
                #expect(["petrol", "diesel", "hybrid", "electric"].contains(model.fuel))
            }
        }
        #expect(DemoCatalog.dealerships.map(\.code) == ["MSK", "SPB", "KZN"])
    }

    @Test func factoryProducesValidDistinctVehicles() {
        var factory = DemoVehicleFactory(seed: 42, today: Self.today)
        let vehicles = factory.make(count: 3_000)
        #expect(Set(vehicles.map(\.stockNumber)).count == vehicles.count)
        #expect(Set(vehicles.map(\.vin)).count == vehicles.count)
        var used = 0
        for v in vehicles {
            let report = VINDecoder.decode(v.vin)
            #expect(report.valid && report.checkDigit.valid && report.issues.isEmpty, "\(v.vin)")
            #expect(report.modelYears.contains(v.year))
            let issues = VehicleValidator.validate(v, today: Self.today, calendar: FieldParsers.utcCalendar)
            #expect(issues.isEmpty, "\(v.stockNumber) \(v.make) \(v.model): \(issues.map(\.message.en))")
            #expect(v.purchaseCost < v.listPrice)
            #expect(v.listPrice.kopecks % 100 == 0)
            if v.condition == .used {
                used += 1
                #expect((15_000...180_000).contains(v.mileageKm))
            } else {
                #expect((0...50).contains(v.mileageKm))
            }
            if let arrival = v.arrivalDate {
                let days = StockAge.days(from: arrival, to: Self.today, calendar: FieldParsers.utcCalendar)!
                #expect((0..<200).contains(days))
                #expect(v.status != .ordered && v.status != .inTransit)
            } else {
                #expect(v.status == .ordered || v.status == .inTransit)
            }
            #expect((1...3).contains(v.dealershipID))
            let prefix = DemoCatalog.dealerships[Int(v.dealershipID) - 1].code
            #expect(v.stockNumber.hasPrefix(prefix + "-") && v.stockNumber.count == 10)
            if v.vehicleType == "ev" { #expect(v.attributes["battery_kwh"] != nil) }
            if v.vehicleType == "truck" { #expect(v.attributes["payload_kg"] != nil) }
        }
        // About 30% used.
        #expect((750...1_050).contains(used))
        #expect(vehicles.first?.stockNumber.hasSuffix("-000001") == true)
    }

    @Test func sameSeedSameVehicles() {
        var a = DemoVehicleFactory(seed: 7, today: Self.today)
        var b = DemoVehicleFactory(seed: 7, today: Self.today)
        var c = DemoVehicleFactory(seed: 8, today: Self.today)
        let first = a.make(count: 200)
        #expect(first == b.make(count: 200))
        #expect(first != c.make(count: 200))
    }

    @Test func customStatusMix() {
        var factory = DemoVehicleFactory(seed: 1, today: Self.today, statusMix: [(.sold, 1), (.reserved, 1)])
        let statuses = Set(factory.make(count: 100).map(\.status))
        #expect(statuses == [.sold, .reserved])
    }

    @Test func stockNumbersWidenAfterAMillion() {
        #expect(DemoVehicleFactory.stockNumber(prefix: Array("MSK".utf8), number: 123) == "MSK-000123")
        #expect(DemoVehicleFactory.stockNumber(prefix: Array("KZN".utf8), number: 1_234_567) == "KZN-1234567")
    }
}
