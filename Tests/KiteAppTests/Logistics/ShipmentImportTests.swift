import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// `kite import shipments`: an importer's shipment notice makes planned trips without a
/// carrier or truck, or moves the ETA of the trip a car already travels on; every bad row
/// named; nothing written for a bad file (migration 0047 lets a planned trip wait for its
/// carrier and refuses loading and departure without it).
@Suite("kite import shipments on a real database")
struct ShipmentImportTests {
    struct Setup {
        let connection: PGConnection
        let msk: Dealership
        let spb: Dealership
        let yard: Location
        let spbYard: Location
        let spbShowroom: Location
        var trips: TripRepository { TripRepository(connection: connection) }

        init() throws {
            connection = try PGConnection(try TestDatabase.makeMigrated())
            let reference = ReferenceRepository(connection: connection)
            msk = try reference.insertDealership(code: "MSK", name: "Кайт Авто Москва", city: "Москва")
            spb = try reference.insertDealership(code: "SPB", name: "Кайт Авто Петербург", city: "Санкт-Петербург")
            yard = try reference.insertLocation(dealershipID: msk.id, name: "Площадка", kind: .yard)
            spbYard = try reference.insertLocation(dealershipID: spb.id, name: "Площадка", kind: .yard)
            spbShowroom = try reference.insertLocation(dealershipID: spb.id, name: "Шоурум СПб", kind: .showroom)
            for n in 1...14 { _ = try car(n, status: n == 12 ? .sold : .ordered) }
        }

        static func vin(_ n: Int) -> String { "XW8" + String(format: "%014d", n) }

        @discardableResult
        func car(_ n: Int, status: VehicleStatus) throws -> Vehicle {
            try VehicleRepository(connection: connection).insert(
                Vehicle(stockNumber: String(format: "MSK-%06d", n), vin: Self.vin(n), make: "Haval", model: "Jolion", trim: "",
                        year: 2026, colour: "белый", body: "SUV", fuel: "petrol", transmission: "DCT", mileageKm: 0,
                        condition: .new, status: status, vehicleType: "car", dealershipID: msk.id, locationID: nil,
                        purchaseCost: Money(roubles: 1_500_000), listPrice: Money(roubles: 2_000_000), arrivalDate: nil,
                        attributes: [:], updatedBy: "seed"),
                actor: "seed")
        }

        func file(_ text: String, bom: Bool = true) throws -> URL {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("kite-shipments-\(UUID().uuidString).csv")
            try Data(((bom ? "\u{FEFF}" : "") + text).utf8).write(to: url)
            return url
        }

        func count(_ sql: SQL) throws -> Int { try connection.fetchOne(Int.self, sql) ?? -1 }
    }

    static let now = TripTime().parse("03.12.2026 12:00")!

    /// Nine cars from the port to the MSK yard on one day, one to SPB the next: Russian
    /// Excel's file (BOM, `;`, Russian titles).
    static let notice = """
        VIN;Откуда;Куда;Дилерский центр;Прибытие;Уведомление
        XW800000000000001;Порт Усть-Луга;Площадка;MSK;10.12.2026 14:00;SN-1182
        XW800000000000002;Порт Усть-Луга;Площадка;MSK;10.12.2026 16:30;SN-1182
        XW800000000000003;Порт Усть-Луга;Площадка;MSK;10.12.2026;SN-1182
        XW800000000000004;Порт Усть-Луга;Площадка;MSK;10.12.2026 14:00;SN-1182
        XW800000000000005;порт усть-луга;площадка;msk;10.12.2026 14:00;SN-1182
        XW800000000000006;Порт Усть-Луга;Площадка;MSK;10.12.2026 14:00;SN-1183
        XW800000000000007;Порт Усть-Луга;Площадка;MSK;10.12.2026 14:00;SN-1183
        XW800000000000008;Порт Усть-Луга;Площадка;MSK;10.12.2026 14:00;SN-1183
        XW800000000000009;Порт Усть-Луга;Площадка;MSK;10.12.2026 14:00;SN-1183
        XW800000000000010;Площадка;Шоурум СПб;;11.12.2026 09:15;SN-1183

        """

    @Test("a notice plans trips by origin, destination and ETA day, at most 8 cars each, without carrier or truck")
    func plansTrips() throws {
        let s = try Setup()
        let result = try ShipmentCSV.importFile(try s.file(Self.notice), into: s.connection, actor: "kozlov",
                                                skipInvalid: false, now: Self.now)
        #expect(result.report.problems.isEmpty, "\(result.report.problems)")
        #expect(result.newTrips == ["MSK-TR-2026-000001", "MSK-TR-2026-000002", "SPB-TR-2026-000001"])
        #expect(result.carsPlanned == 10 && result.report.imported == 10)
        #expect(try s.count("SELECT count(*)::int FROM trips WHERE carrier_id IS NULL AND truck_id IS NULL AND stage = 'planned'") == 3)

        let first = try #require(try s.trips.get(number: "MSK-TR-2026-000001"))
        #expect(first.notes == "SN-1182, SN-1183" && first.clerkLogin == "kozlov")
        let stops = try s.trips.stops(tripID: first.id)
        #expect(stops.map(\.address) == ["Порт Усть-Луга", ""] && stops[1].locationID == s.yard.id)
        // The destination's ETA is the latest car's: 16:30 Moscow time.
        #expect(stops[1].eta.map(TripTime().text) == "10.12.2026 16:30")
        #expect(try s.trips.cars(tripID: first.id).map(\.bay) == Array(1...8))
        #expect(try s.trips.cars(tripID: try #require(try s.trips.get(number: "MSK-TR-2026-000002")).id).map(\.vin) == [Setup.vin(9)])
        // The SPB trip starts at a yard of ours found by name (SPB's own, as both have one) and is SPB's.
        let spbTrip = try #require(try s.trips.get(number: "SPB-TR-2026-000001"))
        #expect(spbTrip.dealershipID == s.spb.id)
        #expect(try s.trips.stops(tripID: spbTrip.id).map(\.locationID) == [s.spbYard.id, s.spbShowroom.id])
        // The list and the export show a trip without a carrier.
        let rows = try s.trips.list(TripFilter())
        #expect(rows.count == 3 && rows.allSatisfy { $0.carrierName.isEmpty && $0.truckPlate.isEmpty })
    }

    @Test("a planned trip without its carrier and truck is refused loading and departure; a truck needs the carrier first")
    func crewRequiredFromLoading() throws {
        let s = try Setup()
        _ = try ShipmentCSV.importFile(try s.file(Self.notice), into: s.connection, actor: "kozlov", skipInvalid: false, now: Self.now)
        let trip = try #require(try s.trips.get(number: "SPB-TR-2026-000001"))
        let depart = #expect(throws: TripRefusal.self) { try s.trips.depart(tripID: trip.id, actor: "kozlov") }
        #expect(depart?.code == "trip_crew_missing")
        #expect(depart?.localizedReason.ru == "Рейсу SPB-TR-2026-000001 нужны перевозчик, автовоз и водитель")
        let load = #expect(throws: TripRefusal.self) { try s.trips.startLoading(tripID: trip.id, actor: "kozlov") }
        #expect(load?.code == "trip_crew_missing")

        let carrier = try CarrierRepository(connection: s.connection).insert(
            Carrier(name: "ООО «Автовоз»", inn: "7707083893", kpp: "770701001", ratePerTrip: Money(roubles: 90_000)), actor: "kozlov")
        let fleet = FleetRepository(connection: s.connection)
        let truck = try fleet.insert(Truck(carrierID: carrier.id, plate: "А123ВС77", capacity: 8), actor: "kozlov")
        let driver = try fleet.insert(Driver(carrierID: carrier.id, fullName: "Петров Иван", licenceNumber: "9900123456"), actor: "kozlov")
        var edited = trip
        edited.truckID = truck.id
        let noCarrier = #expect(throws: TripRefusal.self) { try s.trips.update(edited, actor: "kozlov") }
        #expect(noCarrier?.code == "trip_carrier_missing")

        // Even the owner writing the stage directly meets the CHECK.
        #expect(throws: (any Error).self) {
            _ = try s.connection.execute("ALTER TABLE trips DISABLE TRIGGER trips_guard")
            defer { _ = try? s.connection.execute("ALTER TABLE trips ENABLE TRIGGER trips_guard") }
            _ = try s.connection.execute("UPDATE trips SET stage = 'loading' WHERE id = \(trip.id)")
        }

        edited.carrierID = carrier.id
        edited.driverID = driver.id
        let saved = try s.trips.update(edited, actor: "kozlov")
        #expect(try s.trips.depart(tripID: saved.id, actor: "kozlov") == 1)
        #expect(try s.count("SELECT count(*)::int FROM vehicles WHERE vin = \(Setup.vin(10)) AND status = 'in_transit'") == 1)
    }

    @Test("a second notice moves the ETA of the trip the car travels on (planned or on the way), once per stop")
    func updatesETAs() throws {
        let s = try Setup()
        _ = try ShipmentCSV.importFile(try s.file(Self.notice), into: s.connection, actor: "kozlov", skipInvalid: false, now: Self.now)
        let update = """
            vin,origin,destination,dealership,eta
            XW800000000000001,Порт Усть-Луга,Площадка,MSK,12.12.2026 10:00
            XW800000000000002,Порт Усть-Луга,Площадка,MSK,12.12.2026 10:00
            XW800000000000009,Порт Усть-Луга,Площадка,MSK,10.12.2026 14:00
            XW800000000000011,Порт Усть-Луга,Площадка,MSK,12.12.2026 10:00

            """
        let result = try ShipmentCSV.importFile(try s.file(update, bom: false), into: s.connection, actor: "kozlov",
                                                skipInvalid: false, now: Self.now)
        #expect(result.report.problems.isEmpty, "\(result.report.problems)")
        #expect(result.etasChanged == 2 && result.unchanged == 1)
        #expect(result.newTrips == ["MSK-TR-2026-000003"] && result.carsPlanned == 1)
        let first = try #require(try s.trips.get(number: "MSK-TR-2026-000001"))
        #expect(try s.trips.stops(tripID: first.id)[1].eta.map(TripTime().text) == "12.12.2026 10:00")
        #expect(try s.count("SELECT count(*)::int FROM trips") == 4)
    }

    @Test("every bad row is named with its line, field and rule, and nothing is written; --skip-invalid writes the good ones")
    func badRows() throws {
        let s = try Setup()
        _ = try ShipmentCSV.importFile(try s.file(Self.notice), into: s.connection, actor: "kozlov", skipInvalid: false, now: Self.now)
        let before = try s.count("SELECT count(*)::int FROM trips")
        let bad = """
            vin;origin;destination;dealership;eta
            XW800000000000011;Порт Усть-Луга;Шоурум СПб;;11.12.2026 09:00
            XW899999999999999;Порт Усть-Луга;Площадка;MSK;10.12.2026 14:00
            XW800000000000011;Порт Усть-Луга;Шоурум СПб;;11.12.2026 09:00
            XW800000000000001;Порт Усть-Луга;Шоурум СПб;;12.12.2026 10:00
            XW800000000000012;Порт Усть-Луга;Шоурум СПб;;12.12.2026 10:00
            XW800000000000003;Порт Усть-Луга;Площадка;MSK;32.12.2026
            XW800000000000004;Порт Усть-Луга;Площадка;;12.12.2026 10:00
            XW800000000000005;;Склад №9;;12.12.2026 10:00
            XW800000000000006;Порт Усть-Луга;Площадка;KZN;10.12.2026 14:00
            XW800000000000013;Порт Усть-Луга;Шоурум СПб;;01.12.2026 10:00
            """
        let result = try ShipmentCSV.importFile(try s.file(bad), into: s.connection, actor: "kozlov", skipInvalid: false, now: Self.now)
        let text = result.report.problems.map(\.description).joined(separator: "\n")
        #expect(text.contains("line 3: vin: no vehicle with VIN XW899999999999999"))
        #expect(text.contains("line 4: vin: XW800000000000011 also on line 2"))
        #expect(text.contains("line 5: destination: the car already travels on trip MSK-TR-2026-000001 to \"Площадка\", not to \"Шоурум СПб\""))
        #expect(text.contains("line 6: vin: vehicle MSK-000012 is sold"))
        #expect(text.contains("line 7: eta: \"32.12.2026\" is not"))
        #expect(text.contains("line 8: destination: \"Площадка\" exists in MSK, SPB: give the dealership"))
        #expect(text.contains("line 9: origin: required"))
        #expect(text.contains("line 9: destination: \"Склад №9\" is not one of our showrooms"))
        #expect(text.contains("line 10: dealership: unknown dealership code \"KZN\""), "\(text)")
        #expect(text.contains("line 11: warning: eta: the ETA 01.12.2026 10:00 has already passed"))
        #expect(!text.contains("line 2:"))
        #expect(result.report.imported == 0 && result.newTrips.isEmpty)
        #expect(try s.count("SELECT count(*)::int FROM trips") == before)

        let skipped = try ShipmentCSV.importFile(try s.file(bad), into: s.connection, actor: "kozlov", skipInvalid: true, now: Self.now)
        #expect(skipped.newTrips == ["SPB-TR-2026-000002", "SPB-TR-2026-000003"] && skipped.carsPlanned == 2)
        #expect(skipped.report.skipped == 8)
    }

    @Test("a car the database refuses (reserved for another dealership's deal) names its line; nothing is written")
    func databaseRefusalNamesTheLine() throws {
        let s = try Setup()
        // A car reserved by an MSK deal may not travel to SPB (written directly, the deal's triggers off).
        _ = try s.connection.execute("SET session_replication_role = replica")
        _ = try s.connection.execute("UPDATE vehicles SET status = 'reserved' WHERE vin = \(Setup.vin(11))")
        _ = try s.connection.execute("""
            WITH c AS (INSERT INTO customers (kind, name, updated_by) VALUES ('person', 'Иванов Иван', 'seed') RETURNING id)
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, vehicle_id, stage, reserved_until, updated_by)
            SELECT 'MSK-2026-000001', \(s.msk.id), 'seed', c.id, v.id, 'reserved', current_date + 3, 'seed'
              FROM vehicles v, c WHERE v.vin = \(Setup.vin(11))
            """)
        _ = try s.connection.execute("SET session_replication_role = origin")
        let notice = """
            vin;origin;destination;eta
            XW800000000000010;Площадка;Шоурум СПб;11.12.2026 09:00
            XW800000000000011;Площадка;Шоурум СПб;11.12.2026 09:00

            """
        let result = try ShipmentCSV.importFile(try s.file(notice), into: s.connection, actor: "kozlov", skipInvalid: false, now: Self.now)
        #expect(result.report.problems.map(\.description) == [
            "line 3: vin: Vehicle MSK-000011 is reserved: it may travel only to its deal's dealership"])
        #expect(result.newTrips.isEmpty)
        #expect(try s.count("SELECT count(*)::int FROM trips") == 0)
        let skipped = try ShipmentCSV.importFile(try s.file(notice), into: s.connection, actor: "kozlov", skipInvalid: true, now: Self.now)
        #expect(skipped.newTrips == ["SPB-TR-2026-000001"] && skipped.carsPlanned == 1)
    }
}
