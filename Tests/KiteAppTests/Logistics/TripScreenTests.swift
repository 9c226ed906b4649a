import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// `:trips` and the trip card: the list and the card as goldens (a planned trip with two
/// cars, fixed times), and the flow of putting a car on from the picker, the truck's
/// capacity said by the database, and departure moving the cars.
@MainActor
@Suite("Trips: the list and the card")
struct TripScreenTests {
    /// A harness whose KZN yard holds the golden stock, and a planned KZN trip
    /// yard → SPB showroom on a `capacity`-car truck with the first `loaded` cars on it.
    private func planned(rows: Int, columns: Int, capacity: Int = 8, loaded: Int = 2,
                         language: Language = .ru) throws -> (AppHarness, Trip) {
        let probe = try AppHarness(rows: rows, columns: columns, language: language)
        let kzn = try probe.dealershipID("KZN"), spb = try probe.dealershipID("SPB")
        let references = ReferenceRepository(connection: probe.connection)
        let yard = try #require(try references.locations(dealershipID: kzn).first { $0.kind == .yard })
        let showroom = try #require(try references.locations(dealershipID: spb).first { $0.kind == .showroom })
        let vehicles = VehicleRepository(connection: probe.connection)
        var ids: [Int64] = []
        for var vehicle in GoldenStock.vehicles(dealershipID: kzn) where vehicle.status != .inTransit && vehicle.status != .reserved {
            vehicle.stockNumber = vehicle.stockNumber.replacingOccurrences(of: "MSK", with: "KZN")
            vehicle.locationID = yard.id
            ids.append(try vehicles.insert(vehicle, actor: "seed").id)
        }
        let carrier = try #require(try CarrierRepository(connection: probe.connection).list("Автовоз-Транс").first)
        let fleet = FleetRepository(connection: probe.connection)
        let truck = try fleet.insert(Truck(carrierID: carrier.id, plate: "В001ОР116", capacity: capacity), actor: "seed")
        let driver = try #require(try fleet.drivers(carrierID: carrier.id).first)
        let time = TripTime()
        var trip = Trip()
        trip.dealershipID = kzn
        trip.carrierID = carrier.id
        trip.truckID = truck.id
        trip.driverID = driver.id
        trip.plannedDeparture = time.parse("04.12.2030 09:00")
        trip.price = Money(roubles: 150_000)
        let trips = TripRepository(connection: probe.connection)
        let stored = try trips.create(trip, stops: [TripStop(position: 1, locationID: yard.id),
                                                    TripStop(position: 2, locationID: showroom.id, eta: time.parse("05.12.2030 18:00"))],
                                      on: CivilDate(year: 2026, month: 12, day: 3)!, actor: "sidorova")
        let stops = try trips.stops(tripID: stored.id)
        for id in ids.prefix(loaded) {
            try trips.addVehicle(tripID: stored.id, vehicleID: id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "sidorova")
        }
        return (probe, stored)
    }

    private func openTrips(_ harness: AppHarness) {
        harness.press(.alt("x"))
        harness.type("рейсы")
        harness.press(.enter)
    }

    @Test("the trips list and a planned trip's card, at 80×24 and 160×48")
    func goldens() throws {
        for (rows, columns) in [(24, 80), (48, 160)] {
            let (harness, _) = try planned(rows: rows, columns: columns)
            defer { harness.shutdown() }
            openTrips(harness)
            expectScreen(harness.screen, golden: "trips-\(columns)x\(rows)")
            harness.press(.enter)
            expectScreen(harness.screen, golden: "trip-\(columns)x\(rows)")
        }
    }

    @Test("a car from the first stop goes on at once; the full truck is said; departure puts the cars in transit")
    func loadAndDepart() throws {
        let (harness, trip) = try planned(rows: 32, columns: 100, capacity: 3, loaded: 2)
        defer { harness.shutdown() }
        openTrips(harness)
        harness.press(.enter)
        #expect(harness.screen.contains("\(trip.number) · запланирован · загрузка 2 / 3"), "\(harness.screen)")
        harness.press(.function(6))   // the route
        harness.press(.tab)           // the cars
        harness.press(.insert)
        #expect(harness.screen.contains("Автомобиль с площадки"), "\(harness.screen)")
        harness.type("000005")
        harness.press(.enter)
        #expect(harness.screen.contains("загрузка 3 / 3"), "\(harness.screen)")
        #expect(harness.screen.contains("KZN-000005"))

        // The truck is full: the database says so, in words.
        let other = try VehicleRepository(connection: harness.connection).insert({
            var v = GoldenStock.vehicles(dealershipID: trip.dealershipID)[0]
            v.stockNumber = "KZN-000099"
            v.vin = "XTAGFL110TD000199"
            v.locationID = try? TripRepository(connection: harness.connection).stops(tripID: trip.id).first?.locationID
            return v
        }(), actor: "seed")
        harness.press(.insert)
        harness.type("000099")
        harness.press(.enter)
        #expect(harness.screen.contains("заполнен"), "\(harness.screen)")
        #expect(try TripRepository(connection: harness.connection).cars(tripID: trip.id).count == 3)
        _ = other

        harness.press(.function(9))
        #expect(harness.screen.contains("Отправить"), "\(harness.screen)")
        harness.press(.down)          // Начать погрузку → Отправить
        harness.press(.enter)
        #expect(harness.screen.contains("\(trip.number) · в пути"), "\(harness.screen)")
        let statuses = try TripRepository(connection: harness.connection).cars(tripID: trip.id).map(\.vehicleStatus)
        #expect(statuses == [.inTransit, .inTransit, .inTransit])
    }

    @Test("taking a car off asks for the reason, and it is kept")
    func takeOffWithReason() throws {
        let (harness, trip) = try planned(rows: 32, columns: 100)
        defer { harness.shutdown() }
        openTrips(harness)
        harness.press(.enter)
        harness.press(.function(6))
        harness.press(.tab)
        harness.press(.delete)
        #expect(harness.screen.contains("Снять KZN-000001 с рейса"), "\(harness.screen)")
        harness.press(.function(2))
        #expect(harness.screen.contains("Причина: обязательное поле"))
        harness.type("перегруз")
        harness.press(.function(2))
        #expect(harness.screen.contains("загрузка 1 / 8"), "\(harness.screen)")
        let removed = try TripRepository(connection: harness.connection).cars(tripID: trip.id, includeRemoved: true)
        #expect(removed.contains { $0.stockNumber == "KZN-000001" && $0.state == .removed && $0.removedReason == "перегруз" })
    }

    /// tmux sent the key name "Esc" as the letters E, s, c while the route table had the
    /// focus: they went into the form field behind it, and the next F2 saved them.
    @Test("letters typed in a focused table do not edit the form behind it")
    func lettersInATableDoNotReachTheForm() throws {
        let (harness, trip) = try planned(rows: 32, columns: 100)
        defer { harness.shutdown() }
        openTrips(harness)
        harness.press(.enter)
        for _ in 0..<6 { harness.press(.down) }   // the notes field has the focus
        harness.press(.function(6))   // the route
        #expect(harness.screen.contains("Маршрут (Ins — добавить"), "\(harness.screen)")
        harness.type("Esc")
        harness.press(.escape)        // back to the form: nothing was typed into it
        #expect(!harness.screen.contains("Примечание         Esc"), "\(harness.screen)")
        harness.press(.escape)        // and the card closes without asking about lost edits
        #expect(harness.screen.contains(trip.number) && !harness.screen.contains("\(trip.number) · запланирован · загрузка"),
                "\(harness.screen)")
    }
}
