import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// The logistics clerk at the real `kite` binary: a trip on its way with two cars
/// inspected at pickup arrives; the delivery inspection of one car lists a new damage,
/// and a second terminal's claims list shows the claim against the carrier without a key
/// press.
@Suite("kite in a terminal: arrival, a new damage at delivery, the claim", .serialized)
struct LogisticsEndToEndTests {
    private func open(_ conninfo: String) throws -> TmuxSession {
        // The person is the database login: smirnov, the demo's logistics clerk.
        try TmuxSession(command: [StockEndToEndTests.kiteBinary, "--database", StockEndToEndTests.conninfo(conninfo, as: "smirnov"), "--start", "stock"],
                        environment: ["LANG": "ru_RU.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent",
                                      "KITE_HOME": StockEndToEndTests.packageRoot.path],
                        columns: 120, rows: 36)
    }

    @Test("arrive, record a delivery with a windshield crack: the claim shows in the other terminal")
    func arrivalDamageClaim() throws {
        let conninfo = try StockEndToEndTests.demoDatabase()
        let connection = try PGConnection(conninfo)
        let references = ReferenceRepository(connection: connection)
        let msk = try #require(try references.dealership(code: "MSK"))
        let spb = try #require(try references.dealership(code: "SPB"))
        let yard = try #require(try references.locations(dealershipID: msk.id).first { $0.kind == .yard })
        let showroom = try #require(try references.locations(dealershipID: spb.id).first { $0.kind == .showroom })
        struct Car: Decodable { var id: Int64; var stockNumber: String }
        let cars = try connection.fetch(Car.self, """
            SELECT v.id, v.stock_number FROM vehicles v WHERE v.dealership_id = \(msk.id) AND v.status = 'in_stock'
            ORDER BY v.stock_number LIMIT 2
            """)
        try #require(cars.count == 2)
        let carrier = try #require(try CarrierRepository(connection: connection).list("Автовоз-Транс").first)
        let fleet = FleetRepository(connection: connection)
        let truck = try fleet.insert(Truck(carrierID: carrier.id, plate: "Е777КХ77", capacity: 8), actor: "seed")
        let driver = try #require(try fleet.drivers(carrierID: carrier.id).first)
        var trip = Trip()
        trip.dealershipID = msk.id
        trip.carrierID = carrier.id
        trip.truckID = truck.id
        trip.driverID = driver.id
        let trips = TripRepository(connection: connection)
        let stored = try trips.create(trip, stops: [TripStop(position: 1, locationID: yard.id), TripStop(position: 2, locationID: showroom.id)],
                                      on: CivilDate(year: 2026, month: 12, day: 3)!, actor: "sidorova")
        let stops = try trips.stops(tripID: stored.id)
        for car in cars {
            try trips.addVehicle(tripID: stored.id, vehicleID: car.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "sidorova")
            var pickup = Inspection()
            pickup.tripID = stored.id
            pickup.vehicleID = car.id
            pickup.kind = .pickup
            pickup.odometerKm = 15
            pickup.fuel = FuelLevel("1/2")
            pickup.keysCount = 2
            pickup.signedBy = "Смирнов А."
            try InspectionRepository(connection: connection).record(pickup, actor: "sidorova")
        }
        try trips.depart(tripID: stored.id, actor: "sidorova")

        let watcher = try open(conninfo)
        try watcher.waitFor(text: "● в сети")
        try watcher.send(":")
        try watcher.type("претензии")
        try watcher.send("Enter")
        try watcher.waitFor(text: "Претензий нет")

        let clerk = try open(conninfo)
        try clerk.waitFor(text: "● в сети")
        try clerk.send(":")
        try clerk.type("рейсы")
        try clerk.send("Enter")
        try clerk.waitFor(text: stored.number)
        try clerk.send("Enter")
        try clerk.waitFor(text: "\(stored.number) · в пути")
        // Arrival at the showroom drops both cars.
        try clerk.send("F9")
        try clerk.waitFor(text: "Прибытие на точку")
        try clerk.send("Enter")
        try clerk.waitFor(text: "Прибытие на точку")
        try clerk.send("Enter")
        try clerk.waitFor(text: "\(stored.number) · прибыл")
        // The first car's delivery inspection.
        try clerk.send("F6")
        try clerk.send("Tab")
        try clerk.send("Enter")
        try clerk.waitFor(text: "Осмотр при выгрузке — записать")
        try clerk.send("Enter")
        try clerk.waitFor(text: "При погрузке: 15 км")
        try clerk.type("740")
        try clerk.send("Enter")
        try clerk.type("3/8")
        try clerk.send("F3")
        try clerk.waitFor(text: "Новая строка: Повреждения")
        try clerk.type("20065")
        try clerk.waitFor(text: "= Лобовое стекло · трещина · более 30 см")
        try clerk.send("F2")
        try clerk.send("Escape")
        try clerk.send("F2")
        try clerk.waitFor(text: "Подписал: ФИО или «Получатель отсутствует»")
        try clerk.type("Орлова Е.")
        try clerk.send("F2")
        try clerk.waitFor(text: "открыта претензия №")

        // No key pressed in the watcher's terminal.
        try watcher.waitFor("the claim to show without a key press", timeout: 5) { screen in
            screen.contains("20 06 5") && screen.contains("открыта") && screen.contains("Автовоз-Транс")
        }
        #expect(try connection.fetchOne(Int.self, "SELECT count(*)::int FROM claims WHERE state = 'open' AND trip_id = \(stored.id)") == 1)
    }
}
