import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// A stock fixture with a second dealership, a port, a carrier with an eight-car truck
/// (or `capacity`) and a driver, and a planned trip port → yard → SPB showroom.
struct TripFixture {
    let stock: StockFixture
    let spb: Dealership
    let port: Location
    let spbShowroom: Location
    let carrier: Carrier
    let truck: Truck
    let driver: Driver
    var connection: PGConnection { stock.connection }
    var trips: TripRepository { TripRepository(connection: connection) }

    init(capacity: Int = 8) throws {
        stock = try StockFixture()
        let reference = stock.reference
        spb = try reference.insertDealership(code: "SPB", name: "Кайт Авто Петербург", city: "Санкт-Петербург")
        port = try reference.insertLocation(dealershipID: stock.dealership.id, name: "Порт Усть-Луга", kind: .port)
        spbShowroom = try reference.insertLocation(dealershipID: spb.id, name: "Шоурум СПб", kind: .showroom)
        carrier = try CarrierRepository(connection: stock.connection).insert(CarrierRepositoryTests.sample(), actor: "kozlov")
        let fleet = FleetRepository(connection: stock.connection)
        truck = try fleet.insert(Truck(carrierID: carrier.id, plate: "a123bc 77", capacity: capacity), actor: "kozlov")
        driver = try fleet.insert(Driver(carrierID: carrier.id, fullName: "Петров Иван", licenceNumber: "99 00 123456"), actor: "kozlov")
    }

    /// A planned trip with the crew and the route port → MSK yard → SPB showroom.
    func plannedTrip() throws -> (trip: Trip, stops: [TripStopRow]) {
        var trip = Trip()
        trip.dealershipID = stock.dealership.id
        trip.carrierID = carrier.id
        trip.truckID = truck.id
        trip.driverID = driver.id
        trip.price = Money(roubles: 150_000)
        let eta = Date().addingTimeInterval(86_400)
        let stored = try trips.create(trip, stops: [TripStop(position: 1, locationID: port.id),
                                                    TripStop(position: 2, locationID: stock.yard.id, eta: eta),
                                                    TripStop(position: 3, locationID: spbShowroom.id, eta: eta.addingTimeInterval(3600))],
                                      on: CivilDate(year: 2026, month: 12, day: 3)!, actor: "kozlov")
        return (stored, try trips.stops(tripID: stored.id))
    }

    func car(_ number: Int, status: VehicleStatus = .inStock) throws -> Vehicle {
        var vehicle = stock.vehicle(number, status: status)
        vehicle.locationID = port.id
        return try stock.vehicles.insert(vehicle, actor: "seed")
    }
}

/// Migration 0025 and TripRepository: numbering, capacity held by the database even
/// against a racing clerk, the stage machine moving the cars in the same transaction,
/// the transfer to another dealership, and refusals in words.
@Suite struct TripRepositoryTests {
    @Test func numberedPerDealershipAndYearWithItsRoute() throws {
        let f = try TripFixture()
        let (first, stops) = try f.plannedTrip()
        let (second, _) = try f.plannedTrip()
        #expect(first.number == "MSK-TR-2026-000001" && second.number == "MSK-TR-2026-000002")
        #expect(first.stage == .planned && first.clerkLogin == "kozlov")
        #expect(stops.map(\.place) == ["Порт Усть-Луга", "Площадка", "Шоурум СПб"])
        #expect(stops.map(\.position) == [1, 2, 3] && stops[2].dealershipCode == "SPB")
        #expect(f.truck.plate == "А123ВС77")
        let rows = try f.trips.list(TripFilter())
        #expect(rows.map(\.number) == [second.number, first.number])
        #expect(rows[0].origin == "Порт Усть-Луга" && rows[0].destination == "Шоурум СПб" && rows[0].load.text == "0 / 8")
    }

    @Test func theTruckIsFullAtItsCapacityAndABayHoldsOneCar() throws {
        let f = try TripFixture(capacity: 2)
        let (trip, stops) = try f.plannedTrip()
        let a = try f.car(1), b = try f.car(2), c = try f.car(3)
        #expect(try f.trips.addVehicle(tripID: trip.id, vehicleID: a.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "kozlov") == 1)
        let taken = #expect(throws: TripRefusal.self) {
            try f.trips.addVehicle(tripID: trip.id, vehicleID: b.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, bay: 1, actor: "kozlov")
        }
        #expect(taken?.code == "trip_bay_taken")
        #expect(try f.trips.addVehicle(tripID: trip.id, vehicleID: b.id, pickupStopID: stops[0].id, dropStopID: stops[2].id, actor: "kozlov") == 2)
        let full = #expect(throws: TripRefusal.self) {
            try f.trips.addVehicle(tripID: trip.id, vehicleID: c.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "kozlov")
        }
        #expect(full?.localizedReason.ru == "Рейс \(trip.number) заполнен: заняты 2 из 2 мест")
        #expect(try f.trips.load(tripID: trip.id).text == "2 / 2")
        // Not even a direct insert gets past the truck's capacity.
        let direct = #expect(throws: DatabaseError.self) {
            try f.connection.execute("""
                INSERT INTO trip_vehicles (trip_id, vehicle_id, bay, pickup_stop_id, drop_stop_id)
                VALUES (\(trip.id), \(c.id), 3, \(stops[0].id), \(stops[1].id))
                """)
        }
        #expect(direct?.constraint == "trip_capacity")
    }

    /// Two clerks put the last free bay's car on at the same moment: one succeeds, the
    /// other is told the truck is full.
    @Test func twoClerksRaceForTheLastBay() async throws {
        let f = try TripFixture(capacity: 1)
        let (trip, stops) = try f.plannedTrip()
        let a = try f.car(1), b = try f.car(2)
        let conninfo = f.stock.conninfo
        let results = await withTaskGroup(of: String.self) { group in
            for vehicle in [a, b] {
                group.addTask {
                    do {
                        let repository = TripRepository(connection: try PGConnection(conninfo))
                        try repository.addVehicle(tripID: trip.id, vehicleID: vehicle.id, pickupStopID: stops[0].id,
                                                  dropStopID: stops[1].id, actor: "clerk\(vehicle.id)")
                        return "added"
                    } catch let refusal as TripRefusal {
                        return refusal.code
                    } catch {
                        return "\(error)"
                    }
                }
            }
            var all: [String] = []
            for await result in group { all.append(result) }
            return all.sorted()
        }
        #expect(results == ["added", "trip_full"])
        #expect(try f.trips.load(tripID: trip.id).cars == 1)
    }

    @Test func departureAndArrivalsMoveTheCarsInTheSameTransaction() throws {
        let f = try TripFixture()
        let (trip, stops) = try f.plannedTrip()
        let a = try f.car(1), b = try f.car(2)
        try f.trips.addVehicle(tripID: trip.id, vehicleID: a.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "kozlov")
        try f.trips.addVehicle(tripID: trip.id, vehicleID: b.id, pickupStopID: stops[0].id, dropStopID: stops[2].id,
                               transferPrice: Money(roubles: 1_600_000), actor: "kozlov")
        try f.trips.startLoading(tripID: trip.id, actor: "kozlov")
        #expect(try f.trips.depart(tripID: trip.id, actor: "kozlov") == 2)
        #expect(try f.stock.vehicles.get(id: a.id)?.status == .inTransit)
        #expect(try f.stock.vehicles.get(id: b.id)?.status == .inTransit)
        #expect(try f.trips.get(id: trip.id)?.departedAt != nil)
        // The stock list shows when each is due at its drop stop.
        let rows = try f.stock.vehicles.page(filter: StockFilter(statuses: [.inTransit]), sort: StockSort())
        #expect(rows.map(\.eta) == [stops[1].eta, stops[2].eta])

        // Stops are dropped in order: the SPB stop waits for the yard.
        let skipped = #expect(throws: TripRefusal.self) { try f.trips.arrive(tripID: trip.id, stopID: stops[2].id, actor: "kozlov") }
        #expect(skipped?.code == "trip_stop_skipped")
        #expect(try f.trips.arrive(tripID: trip.id, stopID: stops[1].id, actor: "kozlov") == 1)
        let atYard = try #require(try f.stock.vehicles.get(id: a.id))
        #expect(atYard.status == .inStock && atYard.locationID == f.stock.yard.id && atYard.dealershipID == f.stock.dealership.id)
        #expect(try f.trips.get(id: trip.id)?.stage == .inTransit)

        #expect(try f.trips.arrive(tripID: trip.id, stopID: stops[2].id, actor: "kozlov") == 1)
        let inSPB = try #require(try f.stock.vehicles.get(id: b.id))
        #expect(inSPB.status == .inStock && inSPB.locationID == f.spbShowroom.id && inSPB.dealershipID == f.spb.id)
        #expect(try f.trips.get(id: trip.id)?.stage == .arrived)
        struct Transfer: Decodable { var fromDealershipId: Int64; var toDealershipId: Int64; var agreedPrice: Money }
        let transfers = try f.connection.fetch(Transfer.self,
            "SELECT from_dealership_id, to_dealership_id, agreed_price FROM vehicle_transfers WHERE vehicle_id = \(b.id)")
        #expect(transfers.map(\.agreedPrice) == [Money(roubles: 1_600_000)])
        #expect(transfers.first?.toDealershipId == f.spb.id)

        try f.trips.close(tripID: trip.id, actor: "kozlov")
        #expect(try f.trips.get(id: trip.id)?.stage == .closed)
        let actions = try f.connection.fetch(String.self,
            "SELECT action FROM audit_log WHERE entity = 'trip' AND entity_id = \(trip.id) ORDER BY id")
        // Closing splits the trip's price over its cars in the same transaction (0027).
        #expect(actions == ["insert", "add_vehicle", "add_vehicle", "loading", "in_transit", "arrive_stop", "arrived",
                            "freight_allocated", "closed"])
    }

    @Test func aStageCommandRefusesOutOfOrderAndTheStageIsNotWrittenDirectly() throws {
        let f = try TripFixture()
        let (trip, stops) = try f.plannedTrip()
        let empty = #expect(throws: TripRefusal.self) { try f.trips.depart(tripID: trip.id, actor: "kozlov") }
        #expect(empty?.localizedReason.ru == "В рейсе \(trip.number) нет ни одного автомобиля")
        let notYet = #expect(throws: TripRefusal.self) { try f.trips.close(tripID: trip.id, actor: "kozlov") }
        #expect(notYet?.localizedReason.ru == "Рейс \(trip.number) запланирован: закрыть нельзя")
        #expect(notYet?.localizedReason.en == "Trip \(trip.number) is planned: cannot close")

        let a = try f.car(1)
        try f.trips.addVehicle(tripID: trip.id, vehicleID: a.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "kozlov")
        let noReason = #expect(throws: TripRefusal.self) { try f.trips.cancel(tripID: trip.id, reason: " ", actor: "kozlov") }
        #expect(noReason?.code == "trip_reason_required")
        try f.trips.cancel(tripID: trip.id, reason: "перевозчик сорвал подачу", actor: "kozlov")
        let cancelled = try #require(try f.trips.get(id: trip.id))
        #expect(cancelled.stage == .cancelled && cancelled.cancelReason == "перевозчик сорвал подачу")
        #expect(try f.trips.cars(tripID: trip.id).isEmpty)
        // The car is free for another trip.
        let (other, otherStops) = try f.plannedTrip()
        try f.trips.addVehicle(tripID: other.id, vehicleID: a.id, pickupStopID: otherStops[0].id, dropStopID: otherStops[1].id, actor: "kozlov")
    }

    @Test func aCarRidesOneTripAtATimeAndMovesWithAReason() throws {
        let f = try TripFixture()
        let (first, stops) = try f.plannedTrip()
        let (second, secondStops) = try f.plannedTrip()
        let a = try f.car(1)
        try f.trips.addVehicle(tripID: first.id, vehicleID: a.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "kozlov")
        let elsewhere = #expect(throws: TripRefusal.self) {
            try f.trips.addVehicle(tripID: second.id, vehicleID: a.id, pickupStopID: secondStops[0].id, dropStopID: secondStops[1].id, actor: "kozlov")
        }
        #expect(elsewhere?.localizedReason.ru == "Автомобиль MSK-000001 уже в рейсе \(first.number)")
        let bay = try f.trips.moveVehicle(from: first.id, to: second.id, vehicleID: a.id, pickupStopID: secondStops[0].id,
                                          dropStopID: secondStops[1].id, reason: "перегруз", actor: "kozlov")
        #expect(bay == 1)
        #expect(try f.trips.cars(tripID: first.id).isEmpty)
        let removed = try f.trips.cars(tripID: first.id, includeRemoved: true)
        #expect(removed.map(\.state) == [.removed] && removed.first?.removedReason == "moved to another trip: перегруз")
        #expect(try f.trips.cars(tripID: second.id).map(\.vehicleID) == [a.id])
    }

    @Test func aReservedCarTravelsOnlyToItsDealsDealershipAndStaysReserved() throws {
        let f = try TripFixture()
        let (trip, stops) = try f.plannedTrip()
        let reserved = try f.car(1, status: .reserved)
        let buyer = try CustomerRepository(connection: f.connection).insert(SalesFixture.completePerson(), actor: "ivanov")
        try f.connection.execute("""
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, vehicle_id, stage, reserved_until, updated_by)
            VALUES ('MSK-2026-000001', \(f.stock.dealership.id), 'ivanov', \(buyer.id), \(reserved.id), 'reserved',
                    now() + interval '3 days', 'ivanov')
            """)
        let wrongWay = #expect(throws: TripRefusal.self) {
            try f.trips.addVehicle(tripID: trip.id, vehicleID: reserved.id, pickupStopID: stops[0].id, dropStopID: stops[2].id, actor: "kozlov")
        }
        #expect(wrongWay?.code == "trip_reserved_destination")
        try f.trips.addVehicle(tripID: trip.id, vehicleID: reserved.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "kozlov")
        try f.trips.depart(tripID: trip.id, actor: "kozlov")
        #expect(try f.stock.vehicles.get(id: reserved.id)?.status == .reserved)
        try f.trips.arrive(tripID: trip.id, stopID: stops[1].id, actor: "kozlov")
        let arrived = try #require(try f.stock.vehicles.get(id: reserved.id))
        #expect(arrived.status == .reserved && arrived.locationID == f.stock.yard.id)
    }

    @Test func theRouteIsFrozenAfterDepartureExceptTheETA() throws {
        let f = try TripFixture()
        let (trip, stops) = try f.plannedTrip()
        let extra = try f.trips.addStop(tripID: trip.id, TripStop(position: 0, address: "Тверь, склад партнёра"), actor: "kozlov")
        try f.trips.removeStop(tripID: trip.id, stopID: extra, actor: "kozlov")
        #expect(try f.trips.stops(tripID: trip.id).map(\.position) == [1, 2, 3])
        try f.trips.addVehicle(tripID: trip.id, vehicleID: try f.car(1).id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "kozlov")
        let inUse = #expect(throws: TripRefusal.self) { try f.trips.removeStop(tripID: trip.id, stopID: stops[1].id, actor: "kozlov") }
        #expect(inUse?.code == "trip_stop_in_use")
        try f.trips.depart(tripID: trip.id, actor: "kozlov")

        var later = TripStop(position: 2, locationID: f.stock.yard.id, eta: Date().addingTimeInterval(2 * 86_400))
        later.id = stops[1].id
        later.tripID = trip.id
        try f.trips.updateStop(later, actor: "kozlov")
        var moved = later
        moved.locationID = f.stock.showroom.id
        let frozen = #expect(throws: TripRefusal.self) { try f.trips.updateStop(moved, actor: "kozlov") }
        #expect(frozen?.code == "trip_stops_frozen")
    }

    @Test func lateAndArrivingTodayFilters() throws {
        let f = try TripFixture()
        let (trip, stops) = try f.plannedTrip()
        try f.trips.addVehicle(tripID: trip.id, vehicleID: try f.car(1).id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "kozlov")
        try f.trips.depart(tripID: trip.id, actor: "kozlov")
        #expect(try f.trips.list(TripFilter(lateOnly: true)).isEmpty)
        var past = TripStop(position: 2, locationID: f.stock.yard.id, eta: Date().addingTimeInterval(-2 * 3600))
        past.id = stops[1].id
        past.tripID = trip.id
        try f.trips.updateStop(past, actor: "kozlov")
        let late = try f.trips.list(TripFilter(lateOnly: true))
        #expect(late.map(\.id) == [trip.id])
        #expect(late.first?.minutesLate(at: Date()).map { $0 >= 119 && $0 <= 121 } == true)
        let today = Date().addingTimeInterval(-12 * 3600)...Date().addingTimeInterval(12 * 3600)
        #expect(try f.trips.list(TripFilter(arrivingBetween: today)).map(\.id) == [trip.id])
        #expect(try f.trips.list(TripFilter(stages: [.planned])).isEmpty)
        #expect(try f.trips.list(TripFilter(text: "автовоз")).map(\.id) == [trip.id])
    }
}

/// Who may plan and move trips: a login in kite_logistics; an operator with the README's
/// broad table grants reads trips but cannot create, load or dispatch one, and not even
/// a logistics login writes a stage or a car's place on the truck past the commands.
@Suite struct TripPrivilegeTests {
    @Test func onlyLogisticsPlansAndMovesTripsAndNobodyBypassesTheCommands() throws {
        let f = try TripFixture()
        let (trip, stops) = try f.plannedTrip()
        let car = try f.car(1)
        func person(_ role: Role, _ dealerships: [String]) throws -> String {
            let login = "t\(getpid())_\(role.rawValue)_\(UInt32.random(in: 0...UInt32.max))"
            try AccessRepository(connection: f.connection).addUser(login: login, fullName: "Тест", role: role, dealerships: dealerships)
            return f.stock.conninfo + " user=\(login)"
        }
        let operatorLogin = try person(.operator, ["MSK"])
        let clerkLogin = try person(.logistics, ["MSK"])

        // A trip is seen by its own dealership and those on its route, not by others.
        try f.connection.execute("INSERT INTO dealerships (code, name) VALUES ('KZN', 'Казань')")
        #expect(try TripRepository(connection: try PGConnection(try person(.operator, ["SPB"]))).list(TripFilter()).map(\.id) == [trip.id])
        #expect(try TripRepository(connection: try PGConnection(try person(.operator, ["KZN"]))).list(TripFilter()).isEmpty)

        let operatorTrips = TripRepository(connection: try PGConnection(operatorLogin))
        #expect(try operatorTrips.list(TripFilter()).map(\.id) == [trip.id])
        var another = trip
        another.id = 0
        let create = #expect(throws: (any Error).self) {
            try operatorTrips.create(another, stops: [], on: CivilDate(year: 2026, month: 12, day: 3)!, actor: "anna")
        }
        #expect((create as? DatabaseError)?.sqlstate == "42501")
        let load = #expect(throws: (any Error).self) {
            try operatorTrips.addVehicle(tripID: trip.id, vehicleID: car.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "anna")
        }
        #expect((load as? DatabaseError)?.sqlstate == "42501")
        // An operator has no write grant on trips at all.
        let directStage = #expect(throws: DatabaseError.self) {
            try operatorTrips.connection.execute("UPDATE trips SET stage = 'in_transit' WHERE id = \(trip.id)")
        }
        #expect(directStage?.sqlstate == "42501")
        #expect(try f.trips.get(id: trip.id)?.stage == .planned)

        let clerk = TripRepository(connection: try PGConnection(clerkLogin))
        try clerk.addVehicle(tripID: trip.id, vehicleID: car.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "kozlov")
        let stage = #expect(throws: DatabaseError.self) {
            try clerk.connection.execute("UPDATE trips SET stage = 'in_transit' WHERE id = \(trip.id)")
        }
        #expect(stage?.constraint == "trip_stage" || stage?.sqlstate == "42501")
        // Setting the commands' variable gains nothing: the cars on a truck are the commands' to write.
        let sneak = #expect(throws: DatabaseError.self) {
            try clerk.connection.transaction { c in
                try c.execute("SET LOCAL kite.trip_command = 'on'")
                try c.execute("UPDATE trip_vehicles SET state = 'on_board' WHERE trip_id = \(trip.id)")
            }
        }
        #expect(sneak?.sqlstate == "42501")
        try clerk.depart(tripID: trip.id, actor: "kozlov")
        let reroute = #expect(throws: DatabaseError.self) {
            try clerk.connection.transaction { c in
                try c.execute("SET LOCAL kite.trip_command = 'on'")
                try c.execute("UPDATE trip_stops SET location_id = \(f.spbShowroom.id) WHERE id = \(stops[1].id)")
            }
        }
        #expect(reroute?.constraint == "trip_stops_frozen", "\(String(describing: reroute))")
        #expect(try f.stock.vehicles.get(id: car.id)?.status == .inTransit)
    }
}

/// Migration 0028: kited tells the trip's clerk once when a trip on the way passes a
/// stop's ETA, and once when an ETA moves by more than the margin.
@Suite struct TripETAWatchTests {
    @Test func aLateTripAndAMovedETAAreToldOnce() throws {
        let f = try TripFixture()
        let (trip, stops) = try f.plannedTrip()
        try f.trips.addVehicle(tripID: trip.id, vehicleID: try f.car(1).id, pickupStopID: stops[0].id, dropStopID: stops[2].id, actor: "kozlov")
        // Before departure a past ETA is nobody's news; the ETAs seen become the baseline.
        #expect(try TripETAWatch.run(on: f.connection).isEmpty)
        try f.trips.depart(tripID: trip.id, actor: "kozlov")

        var stop = TripStop(position: 3, locationID: f.spbShowroom.id, eta: Date().addingTimeInterval(-600))
        stop.id = stops[2].id
        stop.tripID = trip.id
        try f.trips.updateStop(stop, actor: "kozlov")
        let first = try TripETAWatch.run(on: f.connection)
        #expect(Set(first.map(\.kind)) == ["late", "eta_changed"] && first.allSatisfy { $0.clerkLogin == "kozlov" && $0.stopPosition == 3 })
        #expect(try TripETAWatch.run(on: f.connection).isEmpty)
        let texts = try f.connection.fetch(String.self, "SELECT message_ru FROM user_notices WHERE login = 'kozlov' ORDER BY id")
        #expect(texts.contains { $0.hasPrefix("Рейс \(trip.number) опаздывает: точка 3") })
        #expect(texts.contains { $0.hasPrefix("Рейс \(trip.number): ETA точки 3 изменился") })

        // A new ETA in the future, slipping by 30 minutes (under the margin): nothing; late again later: told again.
        stop.eta = Date().addingTimeInterval(1800)
        try f.trips.updateStop(stop, actor: "kozlov")
        let moved = try TripETAWatch.run(on: f.connection)
        #expect(moved.map(\.kind) == [])
        stop.eta = Date().addingTimeInterval(-60)
        try f.trips.updateStop(stop, actor: "kozlov")
        #expect(try TripETAWatch.run(on: f.connection).map(\.kind) == ["late"])
    }
}
