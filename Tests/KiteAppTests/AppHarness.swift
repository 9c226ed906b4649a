import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import KiteTestSupport
import KiteUI

/// The real application on a real database, drawn on an in-memory surface:
/// keys go in, the screen text comes out. Database results are waited for,
/// never slept for.
@MainActor
final class AppHarness {
    let conninfo: String
    let connection: PGConnection
    private(set) var app: KiteApplication
    let surface: MemorySurface
    private let environment: AppEnvironment
    private let appConninfo: String
    private let login: String

    /// A fresh database with the demo dealerships and the given vehicles.
    init(vehicles: [Vehicle] = [], rows: Int = 24, columns: Int = 80, language: Language = .ru,
         login: String = "sidorova", kiteHome: URL? = nil, asDatabaseLogin: Bool = false,
         start: KiteApplication.StartScreen = .stock, listens: Bool = false) throws {
        conninfo = try TestDatabase.makeMigrated()
        connection = try PGConnection(conninfo)
        try Seeder.seedDemo(connection, login: login, vehicles: 0)
        let repository = VehicleRepository(connection: connection)
        for vehicle in vehicles { try repository.insert(vehicle, actor: "seed") }
        var variables = ["HOME": "/nonexistent", "LANG": "ru_RU.UTF-8"]
        if let kiteHome { variables["KITE_HOME"] = kiteHome.path }
        var environment = try AppEnvironment.load(environment: variables)
        environment.config.language = language
        // asDatabaseLogin: the app connects as the demo person's own login (its
        // group role and dealerships, row-level security); else as the owner.
        var appConninfo = conninfo
        if asDatabaseLogin {
            try Seeder.ensureDemoLogins(connection)
            appConninfo = try DemoCluster.personal(conninfo: conninfo, login: login)
        }
        app = KiteApplication(environment: environment, conninfo: appConninfo, login: login, listensForChanges: listens)
        self.environment = environment
        self.appConninfo = appConninfo
        self.login = login
        surface = MemorySurface(rows: rows, columns: columns)
        app.start(on: start)
        settle()
    }

    /// The program started again on the same database (after a kill: nothing was closed).
    func restart(start: KiteApplication.StartScreen = .home) {
        app.shutdown()
        app = KiteApplication(environment: environment, conninfo: appConninfo, login: login, listensForChanges: false)
        app.start(on: start)
        settle()
    }

    func shutdown() {
        app.shutdown()
    }

    func settle() {
        app.database.settle()
        app.draw(on: surface)
    }

    func press(_ keys: Key...) {
        for key in keys {
            app.handleKey(key)
            settle()
        }
    }

    func type(_ text: String) {
        for character in text { press(.character(character)) }
    }

    var screen: String { surface.text() }

    /// A demo dealership's id by code.
    func dealershipID(_ code: String) throws -> Int64 {
        try ReferenceRepository(connection: connection).dealership(code: code)!.id
    }
}

/// Vehicles with fixed, readable values for golden screens. Arrival dates are
/// relative to today so "days in stock" is stable.
enum GoldenStock {
    static func today(minusDays days: Int) -> Date {
        let start = FieldParsers.utcCalendar.startOfDay(for: Date())
        return start.addingTimeInterval(-Double(days) * 86_400)
    }

    static func vehicles(dealershipID: Int64) -> [Vehicle] {
        let rows: [(String, String, String, String, Int, String, Int, VehicleStatus, Int64, Int)] = [
            ("MSK-000001", "XTAGFL110TD000101", "Lada", "Vesta Cross", 2026, "Белый", 12, .inStock, 1_650_000, 3),
            ("MSK-000002", "XZGFF7A10TD000102", "Haval", "Jolion", 2026, "Серебристый", 25, .inPreparation, 2_449_900, 12),
            ("MSK-000003", "LVVDB21B1TD000103", "Chery", "Tiggo 7 Pro Max", 2025, "Тёмно-синий", 8, .reserved, 2_890_000, 40),
            ("MSK-000004", "L6T7844S0TD000104", "Geely", "领克 01", 2026, "Чёрный", 0, .inTransit, 3_120_000, 0),
            ("MSK-000005", "Z94K241BBRD000105", "Hyundai", "Creta", 2024, "Красный", 48_300, .inStock, 1_999_999, 95),
        ]
        return rows.map { row in
            Vehicle(stockNumber: row.0, vin: row.1, make: row.2, model: row.3, trim: "Comfort", year: row.4,
                    colour: row.5, body: "crossover", fuel: "petrol", transmission: "automatic", mileageKm: row.6,
                    condition: row.6 > 1_000 ? .used : .new, status: row.7, vehicleType: "car", dealershipID: dealershipID,
                    purchaseCost: Money(roubles: row.8 * 8 / 10), listPrice: Money(roubles: row.8),
                    arrivalDate: row.7 == .inTransit ? nil : today(minusDays: row.9), updatedBy: "seed")
        }
    }
}
