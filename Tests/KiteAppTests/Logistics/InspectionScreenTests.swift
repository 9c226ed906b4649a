import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// The inspection form opened from the trip card (Enter on a car), the damage code typed
/// as digits with its meaning shown, a new delivery damage opening a claim, and `:claims`
/// with the per-carrier report; goldens at 80×24 and 160×48.
@MainActor
@Suite("Inspections and claims on screen")
struct InspectionScreenTests {
    /// A KZN trip yard → SPB showroom with two cars, both inspected at pickup (the first
    /// with a scratch on the rear bumper) and departed.
    private func departed(rows: Int, columns: Int) throws -> (AppHarness, Trip) {
        let harness = try AppHarness(rows: rows, columns: columns)
        let kzn = try harness.dealershipID("KZN"), spb = try harness.dealershipID("SPB")
        let references = ReferenceRepository(connection: harness.connection)
        let yard = try #require(try references.locations(dealershipID: kzn).first { $0.kind == .yard })
        let showroom = try #require(try references.locations(dealershipID: spb).first { $0.kind == .showroom })
        let vehicles = VehicleRepository(connection: harness.connection)
        var ids: [Int64] = []
        for var vehicle in GoldenStock.vehicles(dealershipID: kzn).prefix(2) {
            vehicle.stockNumber = vehicle.stockNumber.replacingOccurrences(of: "MSK", with: "KZN")
            vehicle.locationID = yard.id
            ids.append(try vehicles.insert(vehicle, actor: "seed").id)
        }
        let carrier = try #require(try CarrierRepository(connection: harness.connection).list("Автовоз-Транс").first)
        let fleet = FleetRepository(connection: harness.connection)
        let truck = try fleet.insert(Truck(carrierID: carrier.id, plate: "В001ОР116", capacity: 8), actor: "seed")
        let driver = try #require(try fleet.drivers(carrierID: carrier.id).first)
        let time = TripTime()
        var trip = Trip()
        trip.dealershipID = kzn
        trip.carrierID = carrier.id
        trip.truckID = truck.id
        trip.driverID = driver.id
        trip.price = Money(roubles: 150_000)
        let trips = TripRepository(connection: harness.connection)
        let stored = try trips.create(trip, stops: [TripStop(position: 1, locationID: yard.id),
                                                    TripStop(position: 2, locationID: showroom.id, eta: time.parse("05.12.2030 18:00"))],
                                      on: CivilDate(year: 2026, month: 12, day: 3)!, actor: "sidorova")
        let stops = try trips.stops(tripID: stored.id)
        let inspections = InspectionRepository(connection: harness.connection)
        for (index, id) in ids.enumerated() {
            try trips.addVehicle(tripID: stored.id, vehicleID: id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "sidorova")
            var pickup = Inspection()
            pickup.tripID = stored.id
            pickup.vehicleID = id
            pickup.kind = .pickup
            pickup.odometerKm = 12 + index
            pickup.fuel = FuelLevel("1/2")
            pickup.keysCount = 2
            pickup.ptsPresent = true
            pickup.stsPresent = true
            pickup.looseItems = "коврики, аптечка"
            pickup.signedBy = "Смирнов А."
            pickup.inspectedAt = time.parse("03.12.2026 10:00")!
            pickup.damages = index == 0 ? [InspectionDamage(code: DamageCode("04123")!, notes: "царапина у фонаря")] : []
            try inspections.record(pickup, actor: "sidorova")
        }
        try trips.depart(tripID: stored.id, actor: "sidorova")
        return (harness, stored)
    }

    private func openTripCars(_ harness: AppHarness) {
        harness.press(.alt("x"))
        harness.type("рейсы")
        harness.press(.enter)
        harness.press(.enter)           // the trip
        harness.press(.function(6))     // the route
        harness.press(.tab)             // the cars
    }

    @Test("a delivery inspection from the trip card: the code's meaning as typed, a new damage opens a claim")
    func deliveryWithANewDamage() throws {
        for (rows, columns) in [(24, 80), (48, 160)] {
            let (harness, trip) = try departed(rows: rows, columns: columns)
            defer { harness.shutdown() }
            openTripCars(harness)
            harness.press(.enter)       // KZN-000001: which inspection
            #expect(harness.screen.contains("Осмотр при погрузке — записан 03.12 10:00, повреждений: 1"), "\(harness.screen)")
            harness.press(.enter)       // the delivery, preselected
            #expect(harness.screen.contains("При погрузке: 12 км · 4/8 · ключей 2 · 04 12 3"), "\(harness.screen)")
            harness.type("730")
            harness.press(.enter)
            harness.type("3/8")
            harness.press(.enter)       // keys: 2 as at pickup
            harness.press(.function(3)) // a damage
            harness.type("20")
            #expect(harness.screen.contains("= Лобовое стекло"), "\(harness.screen)")
            harness.type("06")
            harness.type("5")
            expectScreen(harness.screen, golden: "inspection-damage-\(columns)x\(rows)")
            harness.press(.enter)
            harness.type("трещина от камня")
            harness.press(.enter)
            harness.type("IMG_0412.jpg, IMG_0413.jpg")
            harness.press(.function(2))
            harness.press(.escape)      // back to the form
            // Signed by: nobody at night.
            harness.press(.function(2))
            #expect(harness.screen.contains("Подписал: ФИО или «Получатель отсутствует»"), "\(harness.screen)")
            expectScreen(harness.screen, golden: "inspection-\(columns)x\(rows)")
            harness.type("Орлова Е. (склад)")   // the first field in error has the focus
            harness.press(.function(2))
            #expect(harness.screen.contains("открыта претензия №"), "\(harness.screen)")
            let claims = try ClaimRepository(connection: harness.connection).list(ClaimFilter())
            #expect(claims.count == 1 && claims[0].codes == ["20 06 5"] && claims[0].tripNumber == trip.number)
            let stored = try #require(try InspectionRepository(connection: harness.connection)
                .get(tripID: trip.id, vehicleID: claims[0].vehicleID, kind: .delivery))
            #expect(stored.odometerKm == 730 && stored.fuel?.eighths == 3 && stored.keysCount == 2 && stored.signedBy == "Орлова Е. (склад)")
            #expect(stored.damages.first?.photos == ["IMG_0412.jpg", "IMG_0413.jpg"] && stored.damages.first?.notes == "трещина от камня")
        }
    }

    @Test("a code outside the catalogue is named in the row dialog and nothing typed is lost; a code picked from the catalogue fills it")
    func unknownCode() throws {
        let (harness, _) = try departed(rows: 32, columns: 100)
        defer { harness.shutdown() }
        openTripCars(harness)
        harness.press(.enter)
        harness.press(.enter)
        harness.press(.function(3))
        harness.type("99")
        #expect(harness.screen.contains("Зоны 99 нет в справочнике"), "\(harness.screen)")
        harness.type("065")
        harness.press(.function(2))
        #expect(harness.screen.contains("Код: зоны 99 нет в справочнике"), "\(harness.screen)")
        #expect(harness.screen.contains("99065"), "\(harness.screen)")
        harness.press(.escape)
        // Or picked from the catalogue: area, type, severity; the list scrolls to the 40th area.
        harness.press(.function(4))
        #expect(harness.screen.contains("Зона повреждения"), "\(harness.screen)")
        harness.type("4")
        harness.type("4")
        #expect(harness.screen.contains("▶ 40 Салон: обивка и потолок"), "\(harness.screen)")
        harness.press(.home)
        for _ in 0..<19 { harness.press(.down) }
        harness.press(.enter)
        #expect(harness.screen.contains("Лобовое стекло: вид повреждения"), "\(harness.screen)")
        harness.press(.down, .down, .down, .down, .down)   // 01 → 06
        harness.press(.enter)
        harness.press(.end)
        harness.press(.up)
        harness.press(.enter)
        #expect(harness.screen.contains("20 06 5"), "\(harness.screen)")
        #expect(harness.screen.contains("= Лобовое стекло · трещина · более 30 см"), "\(harness.screen)")
    }

    @Test(":claims lists the claims with the per-carrier report; settling asks the amount and the reason")
    func claimsListAndSettle() throws {
        for (rows, columns) in [(24, 80), (48, 160)] {
            let (harness, trip) = try departed(rows: rows, columns: columns)
            defer { harness.shutdown() }
            let cars = try TripRepository(connection: harness.connection).cars(tripID: trip.id)
            let inspections = InspectionRepository(connection: harness.connection)
            for (index, car) in cars.enumerated() {
                var delivery = try #require(try inspections.get(tripID: trip.id, vehicleID: car.vehicleID, kind: .pickup))
                delivery.kind = .delivery
                delivery.odometerKm = 730
                delivery.damages = [InspectionDamage(code: DamageCode(index == 0 ? "20065" : "09043")!)]
                try inspections.record(delivery, actor: "sidorova")
            }
            let claims = ClaimRepository(connection: harness.connection)
            let all = try claims.list(ClaimFilter())
            try claims.setAmount(claimID: all[1].id, amount: Money(roubles: 48_500), actor: "sidorova")
            try harness.connection.execute("UPDATE claims SET opened_at = '2026-12-04 09:30+03'")
            harness.press(.alt("x"))
            harness.type("претензии")
            harness.press(.enter)
            expectScreen(harness.screen, golden: "claims-\(columns)x\(rows)")
            harness.press(.end)
            harness.press(.enter)       // the claim with the amount
            expectScreen(harness.screen, golden: "claim-\(columns)x\(rows)")
            harness.press(.function(9))
            harness.press(.enter)       // settle
            #expect(harness.screen.contains("Урегулировать претензию № \(all[1].id)"), "\(harness.screen)")
            harness.press(.function(2))
            #expect(harness.screen.contains("Причина: обязательное поле"), "\(harness.screen)")
            harness.type("п/п 512 от 10.12.2026")
            harness.press(.function(2))
            #expect(harness.screen.contains("урегулирована"), "\(harness.screen)")
            let settled = try #require(try claims.get(id: all[1].id))
            #expect(settled.state == .settled && settled.amount == Money(roubles: 48_500) && settled.resolution == "п/п 512 от 10.12.2026")
        }
    }
}
