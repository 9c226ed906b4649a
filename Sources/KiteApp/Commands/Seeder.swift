import Foundation
import KiteDemo
import KiteDomain
import KiteStore

/// `kite seed`: a believable Russian dealer group for the demo, and any number
/// of synthetic vehicles through COPY for benchmarks.
public enum Seeder {
    public struct Summary: Sendable {
        public var dealerships = 0
        public var locations = 0
        public var employees = 0
        public var vehicles = 0
    }

    /// Dealerships, showrooms and yards, staff and a few hundred cars. Does
    /// nothing when dealerships already exist (run it twice, get one demo).
    @discardableResult
    public static func seedDemo(_ connection: PGConnection, login: String, vehicles: Int = 360,
                                today: Date = Date()) throws -> Summary? {
        guard try (connection.fetchOne(Int.self, "SELECT count(*)::int FROM dealerships") ?? 0) == 0 else { return nil }
        return try connection.transaction { connection in
            var summary = Summary()
            let references = ReferenceRepository(connection: connection)
            var locationIDs: [Int64: [Int64]] = [:]
            var dealershipIDs: [Int64] = []
            for demo in DemoCatalog.dealerships {
                let dealership = try references.insertDealership(code: demo.code, name: demo.name, city: demo.city.ru)
                try SellerRequisitesRepository(connection: connection).set(dealershipCode: demo.code, demo.requisites, actor: "seed")
                dealershipIDs.append(dealership.id)
                summary.dealerships += 1
                for place in demo.locations {
                    let kind = Location.Kind(rawValue: place.kind) ?? .yard
                    let location = try references.insertLocation(dealershipID: dealership.id, name: place.name, kind: kind,
                                                                 city: demo.city.ru, address: place.address)
                    locationIDs[dealership.id, default: []].append(location.id)
                    summary.locations += 1
                }
            }
            for (index, person) in demoStaff.enumerated() {
                _ = try references.insertEmployee(login: person.login, fullName: person.name, role: person.role,
                                                  dealershipID: dealershipIDs[index % dealershipIDs.count])
                summary.employees += 1
            }
            if !demoStaff.contains(where: { $0.login == login }), !login.isEmpty {
                _ = try references.insertEmployee(login: login, fullName: login == "root" || login == "postgres" ? "Администратор" : login,
                                                  role: .admin, dealershipID: dealershipIDs.first)
                summary.employees += 1
            }
            let fleet = FleetRepository(connection: connection)
            for carrier in DemoCarriers.all {
                let stored = try CarrierRepository(connection: connection).insert(carrier, actor: "seed")
                for entry in DemoCarriers.fleet where entry.inn == carrier.inn {
                    for var truck in entry.trucks {
                        truck.carrierID = stored.id
                        try fleet.insert(truck, actor: "seed")
                    }
                    for var driver in entry.drivers {
                        driver.carrierID = stored.id
                        try fleet.insert(driver, actor: "seed")
                    }
                }
            }
            summary.vehicles = try insertVehicles(connection, count: vehicles, seed: 2026, plants: ["D"],
                                                  dealershipIDs: dealershipIDs, locationIDs: locationIDs, today: today)
            return summary
        }
    }

    /// The demo appraiser's appraisals (volkova's dealership), through the repository the
    /// TUI and the phone API use: a draft, offers out and answered.
    static func seedAppraisals(_ connection: PGConnection, today: Date) throws {
        guard let dealershipID = try connection.fetchOne(Int64.self,
            "SELECT dealership_id FROM employees WHERE login = 'volkova'") else { return }
        let appraisals = AppraisalRepository(connection: connection)
        let day = CivilDate(today, timeZone: TimeZone(identifier: "Europe/Moscow") ?? .current)
        for entry in DemoAppraisals.all {
            guard let seller = try connection.fetchOne(Int64.self, """
                INSERT INTO customers (kind, name, phone, dealership_id, updated_by)
                VALUES ('person', \(entry.seller), \(entry.phone), \(dealershipID), 'seed') RETURNING id
                """) else { continue }
            var a = entry.appraisal
            a.dealershipID = dealershipID
            a.sellerID = seller
            a.appraiserLogin = "volkova"
            let stored = try appraisals.create(a, on: day, actor: "volkova")
            try appraisals.saveAnswers(appraisalID: stored.id, entry.answers, actor: "volkova")
            try appraisals.savePaint(appraisalID: stored.id, entry.paint, actor: "volkova")
            for line in entry.reconditioning { try appraisals.addReconditioning(appraisalID: stored.id, line, actor: "volkova") }
            guard let retail = entry.retail else { continue }
            let (breakdown, _) = try appraisals.breakdown(for: stored, expectedRetail: retail)
            try appraisals.offer(appraisalID: stored.id, breakdown: breakdown, amount: breakdown.formulaOffer, reason: "", actor: "volkova")
            if let accepted = entry.accepted {
                try appraisals.answer(appraisalID: stored.id, accepted: accepted, reason: accepted ? "" : "продаст сам дороже", actor: "volkova")
            }
        }
    }

    /// Adds `count` synthetic vehicles with COPY (1,000,000 in well under two
    /// minutes). Needs the demo's dealerships; loads them first if missing.
    public static func seedVehicles(_ connection: PGConnection, count: Int, login: String,
                                    progress: (@Sendable (Int) -> Void)? = nil) throws -> Int {
        if try (connection.fetchOne(Int.self, "SELECT count(*)::int FROM dealerships") ?? 0) == 0 {
            try seedDemo(connection, login: login, vehicles: 0)
        }
        let dealerships = try ReferenceRepository(connection: connection).dealerships()
            .filter { code in DemoCatalog.dealerships.contains { $0.code == code.code } }
        guard dealerships.count == DemoCatalog.dealerships.count else {
            throw SeedError("synthetic vehicles need the demo dealerships MSK, SPB and KZN")
        }
        let ids = DemoCatalog.dealerships.map { demo in dealerships.first { $0.code == demo.code }!.id }
        var locationIDs: [Int64: [Int64]] = [:]
        for id in ids { locationIDs[id] = try ReferenceRepository(connection: connection).locations(dealershipID: id).map(\.id) }
        let existing = try connection.fetchOne(Int.self, "SELECT count(*)::int FROM vehicles") ?? 0
        return try connection.transaction { connection in
            try insertVehicles(connection, count: count, seed: UInt64(existing) &+ 77, plants: syntheticPlants,
                               firstSerial: existing, dealershipIDs: ids, locationIDs: locationIDs, today: Date(),
                               progress: progress)
        }
    }

    /// Plant codes (VIN position 11) for synthetic cars; the demo's own use `D`,
    /// so the two never share a VIN.
    static let syntheticPlants: [Character] = Array("0123456789ABCEFGHJKLMNPRSTUVWXYZ")

    /// Streams generated vehicles into COPY: stock numbers continue each
    /// dealership's counter, VINs get a serial that is unique for this database.
    private static func insertVehicles(_ connection: PGConnection, count: Int, seed: UInt64, plants: [Character],
                                       firstSerial: Int = 0, dealershipIDs: [Int64],
                                       locationIDs: [Int64: [Int64]], today: Date,
                                       progress: (@Sendable (Int) -> Void)? = nil) throws -> Int {
        guard count > 0 else { return 0 }
        // Lock each counter row for the transaction and learn where numbering continues.
        var nextNumber: [Int64] = try dealershipIDs.map {
            try VehicleRepository.takeStockNumbers(connection, dealershipID: $0, count: 0)
        }
        let codes = DemoCatalog.dealerships.map(\.code)
        var factory = DemoVehicleFactory(seed: seed, today: today)
        var produced = 0
        let vehicles = AnySequence<Vehicle> {
            AnyIterator {
                guard produced < count else { return nil }
                var vehicle = factory.next()
                let index = Int(vehicle.dealershipID) - 1
                vehicle.dealershipID = dealershipIDs[index]
                vehicle.stockNumber = VehicleRepository.stockNumber(dealershipCode: codes[index], number: nextNumber[index])
                nextNumber[index] += 1
                let serial = firstSerial + produced
                let vin = Array(vehicle.vin)
                vehicle.vin = VINGenerator.make(wmi: String(vin[0..<3]), vds: String(vin[3..<8]), modelYear: vehicle.year,
                                                plant: plants[(serial / 1_000_000) % plants.count], serial: serial % 1_000_000)
                if vehicle.status != .ordered && vehicle.status != .inTransit, let places = locationIDs[vehicle.dealershipID], !places.isEmpty {
                    vehicle.locationID = places[serial % places.count]
                }
                vehicle.updatedBy = "seed"
                produced += 1
                if produced % 100_000 == 0 { progress?(produced) }
                return vehicle
            }
        }
        let inserted = try VehicleRepository(connection: connection).copyIn(vehicles)
        for (index, id) in dealershipIDs.enumerated() {
            try connection.execute("UPDATE stock_number_counters SET last_number = \(nextNumber[index] - 1) WHERE dealership_id = \(id)")
        }
        try connection.execute("ANALYZE vehicles")
        return inserted
    }

    /// Database logins for the demo staff (peer-less: the demo cluster trusts
    /// its socket), each in the group role of their employee role, plus an
    /// admin of the head office (orlov) and a second dealership for the
    /// operator and the finance person, so `kite demo --as LOGIN` shows what
    /// each of them may see and do. Safe to run again.
    public static func ensureDemoLogins(_ connection: PGConnection) throws {
        // Roles belong to the cluster: two databases of one cluster set up at once (tests in
        // parallel) may both find a login missing; the one that loses the race finds it there
        // on the next try.
        for attempt in 1...3 {
            do {
                return try addDemoLogins(connection)
            } catch let error as DatabaseError where attempt < 3 && (error.sqlstate == "23505" || error.sqlstate == "42710") {
                continue
            }
        }
    }

    private static func addDemoLogins(_ connection: PGConnection) throws {
        try connection.transaction { connection in
            for person in demoStaff {
                if try connection.fetchOne(Int.self, "SELECT count(*)::int FROM pg_roles WHERE rolname = \(person.login)") == 0 {
                    try connection.execute("CREATE ROLE \(identifier: person.login) LOGIN")
                }
                try connection.execute("""
                    SELECT 1 FROM (SELECT kite_user_grant(login, role, NULL) FROM employees WHERE login = \(person.login)) g
                    """)
            }
            try connection.execute("SELECT kite_user_grant('petrov', 'senior', NULL)")
            try connection.execute("SELECT kite_user_grant('sidorova', NULL, 'MSK')")
            try connection.execute("SELECT kite_user_grant('kuznetsov', NULL, 'SPB')")
            if try connection.fetchOne(Int.self, "SELECT count(*)::int FROM employees WHERE login = 'orlov'") == 0 {
                try connection.execute("""
                    SELECT kite_user_add('orlov', 'Орлов Сергей Петрович', 'admin', '{MSK,SPB}')
                    """)
            }
        }
    }

    struct Person {
        var login: String
        var name: String
        var role: Role
    }

    static let demoStaff: [Person] = [
        Person(login: "ivanova", name: "Иванова Мария Сергеевна", role: .manager),
        Person(login: "petrov", name: "Петров Алексей Николаевич", role: .manager),
        Person(login: "sidorova", name: "Сидорова Анна Викторовна", role: .operator),
        Person(login: "kuznetsov", name: "Кузнецов Дмитрий Олегович", role: .finance),
        Person(login: "smirnov", name: "Смирнов Игорь Павлович", role: .logistics),
        Person(login: "volkova", name: "Волкова Елена Андреевна", role: .appraiser),
    ]
}

public struct SeedError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
