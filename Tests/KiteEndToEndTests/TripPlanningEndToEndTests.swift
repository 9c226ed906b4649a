import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// A logistics clerk plans a trip in the real `kite` in tmux: the crew, a route of two
/// stops, two cars from the first stop, departure; a manager's stock list in a second
/// terminal shows both cars on their way; the arrival, a delivery inspection with a
/// windshield crack the pickup did not list, and the claim against the carrier opened.
@Suite("logistics in a terminal (tmux)", .serialized)
struct TripPlanningEndToEndTests {
    private func demoDatabase() throws -> String { try StockEndToEndTests.demoDatabase() }

    /// The person is the database login: smirnov plans trips (logistics, SPB), petrov sells (SPB).
    private func open(_ conninfo: String, login: String) throws -> TmuxSession {
        try TmuxSession(command: [StockEndToEndTests.kiteBinary, "--database", StockEndToEndTests.conninfo(conninfo, as: login),
                                  "--start", "stock"],
                        environment: ["LANG": "ru_RU.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent",
                                      "KITE_HOME": StockEndToEndTests.packageRoot.path],
                        columns: 120, rows: 40)
    }

    @Test("plan a trip with two cars, depart, see both in transit in another terminal, arrive with a new damage: the claim")
    func planLoadDepart() throws {
        let conninfo = try demoDatabase()
        let connection = try PGConnection(conninfo)
        let clerk = try open(conninfo, login: "smirnov")
        try clerk.waitFor(text: "● в сети")
        try clerk.send("M-x")
        try clerk.type("рейсы")
        try clerk.send("Enter")
        try clerk.waitFor(text: "Рейсов нет")
        try clerk.send("IC")
        try clerk.waitFor(text: "Рейс · новый")
        for field in ["Перевозчик", "Автовоз", "Водитель"] {
            try clerk.send("Enter")
            try clerk.waitFor("the \(field) picker") { $0.contains("▶") }
            try clerk.send("Enter")
            try clerk.waitFor("the \(field) chosen") { !$0.contains("▶") }
        }
        // The route: SPB's yard, then MSK's (the locations are listed KZN, MSK, SPB).
        try clerk.send("F3")
        try clerk.waitFor(text: "Новая строка: Маршрут")
        for _ in 0..<6 { try clerk.send("Right") }
        try clerk.waitFor(text: "SPB · Склад")
        try clerk.send("F2")
        try clerk.send("F3")
        try clerk.waitFor(text: "Новая строка: Маршрут")
        for _ in 0..<3 { try clerk.send("Right") }
        try clerk.waitFor(text: "MSK · Склад")
        try clerk.send("F2")
        try clerk.send("Escape")
        try clerk.send("F2")
        let saved = try clerk.waitFor(text: "Рейс сохранён")
        let number = try #require(saved.components(separatedBy: "Рейс сохранён: ").last?.prefix(18)).description

        // Two cars from the first stop, straight from the picker. The card shows the trip
        // again once the save is heard back; then F6 takes the route table, Tab the cars.
        try clerk.waitFor(text: "загрузка 0 /")
        try clerk.send("F6")
        try clerk.waitFor(text: "Маршрут (Ins — добавить")
        try clerk.send("Tab")
        // The picker's rows come from the database a moment after its box.
        try clerk.waitFor("the car picker with its cars") { $0.contains("Автомобиль с площадки") && $0.contains("▶ SPB-") }
        try clerk.send("Enter")
        try clerk.waitFor(text: "загрузка 1 /")
        try clerk.send("IC")
        try clerk.waitFor("the car picker with its cars") { $0.contains("Автомобиль с площадки") && $0.contains("▶ SPB-") }
        try clerk.send("Enter")
        try clerk.waitFor(text: "загрузка 2 /")
        // The pickup inspections (the inspection form itself is driven below, at delivery).
        struct Loaded: Decodable { var tripId: Int64; var vehicleId: Int64 }
        let loaded = try connection.fetch(Loaded.self, """
            SELECT tv.trip_id, tv.vehicle_id FROM trip_vehicles tv JOIN trips t ON t.id = tv.trip_id
             WHERE t.number = \(number) ORDER BY tv.bay
            """)
        for car in loaded {
            var pickup = Inspection()
            pickup.tripID = car.tripId
            pickup.vehicleID = car.vehicleId
            pickup.odometerKm = 15
            pickup.fuel = FuelLevel("1/2")
            pickup.keysCount = 2
            pickup.signedBy = "Смирнов И."
            try InspectionRepository(connection: connection).record(pickup, actor: "smirnov")
        }
        try clerk.send("F9")
        try clerk.waitFor(text: "Отправить")
        try clerk.send("Down")
        try clerk.send("Enter")
        try clerk.waitFor(text: "\(number) · в пути")

        struct Car: Decodable { var stockNumber: String; var status: String }
        let cars = try connection.fetch(Car.self, """
            SELECT v.stock_number, v.status FROM trip_vehicles tv JOIN vehicles v ON v.id = tv.vehicle_id
            JOIN trips t ON t.id = tv.trip_id WHERE t.number = \(number) ORDER BY tv.bay
            """)
        #expect(cars.count == 2 && cars.allSatisfy { $0.status == "in_transit" })

        let manager = try open(conninfo, login: "petrov")
        try manager.waitFor(text: "● в сети")
        try manager.send("/")
        try manager.type(cars[0].stockNumber)
        try manager.waitFor("\(cars[0].stockNumber) in transit") { $0.contains(cars[0].stockNumber) && $0.contains("в пути") }
        try manager.send("C-u")
        try manager.type(cars[1].stockNumber)
        try manager.waitFor("\(cars[1].stockNumber) in transit") { $0.contains(cars[1].stockNumber) && $0.contains("в пути") }

        // The truck arrives at the last stop: both cars are dropped there.
        try clerk.send("F9")
        try clerk.waitFor(text: "Прибытие на точку")
        try clerk.send("Enter")
        try clerk.waitFor(text: "Прибытие на точку")
        try clerk.send("Enter")
        try clerk.waitFor(text: "\(number) · прибыл")
        // The first car's delivery inspection lists a windshield crack: into the cars
        // table (F6 takes the route, Tab the cars), on its first row.
        if !(try clerk.screen()).contains("Автомобили (Ins — добавить") {
            if !(try clerk.screen()).contains("Маршрут (Ins — добавить") {
                try clerk.send("F6")
                try clerk.waitFor(text: "Маршрут (Ins — добавить")
            }
            try clerk.send("Tab")
            try clerk.waitFor(text: "Автомобили (Ins — добавить")
        }
        try clerk.send("Home")
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
        struct Claim: Decodable { var stockNumber: String; var state: String }
        let claims = try connection.fetch(Claim.self, """
            SELECT v.stock_number, c.state FROM claims c JOIN vehicles v ON v.id = c.vehicle_id
              JOIN trips t ON t.id = c.trip_id WHERE t.number = \(number)
            """)
        #expect(claims.map(\.stockNumber) == [cars[0].stockNumber] && claims.map(\.state) == ["open"])

        try clerk.send("F10")
        try manager.send("F10")
    }
}
