import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Synchronization
import Testing

@Suite("Connection against PostgreSQL")
struct ConnectionTests {
    @Test func injectionAttemptRoundTripsAsData() throws {
        let fixture = try StockFixture()
        var vehicle = fixture.vehicle(1)
        vehicle.make = "O'Brien'); DROP TABLE vehicles;--"
        let stored = try fixture.vehicles.insert(vehicle, actor: "tester")
        let read = try #require(try fixture.vehicles.get(id: stored.id))
        #expect(read.make == "O'Brien'); DROP TABLE vehicles;--")
        let tables = try fixture.connection.fetchOne(Int.self,
            "SELECT count(*) FROM information_schema.tables WHERE table_name = \("vehicles")")
        #expect(tables == 1)
        #expect(try fixture.connection.fetchOne(Int.self, "SELECT count(*) FROM vehicles") == 1)
    }

    struct Everything: Decodable, Equatable {
        var text: String
        var int: Int
        var bigInt: Int64
        var smallInt: Int32
        var flag: Bool
        var at: Date
        var day: Date
        var price: Money
        var status: VehicleStatus
        var attributes: [String: String]
        var missingText: String?
        var missingPrice: Money?
        var missingDate: Date?
        var missingStatus: VehicleStatus?
        var missingInt: Int?
        var presentOptional: Int?
    }

    @Test func decodesEverySupportedType() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        let at = Date(timeIntervalSince1970: 1_764_000_000.123456)
        let rows = try connection.fetch(Everything.self, """
            SELECT \("Привет, 'мир'") AS text, \(42)::int AS int, \(Int64.max)::bigint AS big_int,
                   \(Int32.min)::int AS small_int, \(true)::bool AS flag, \(at)::timestamptz AS at,
                   '2026-01-31'::date AS day, \(Money(kopecks: 99_999_999_999_999))::numeric(14,2) AS price,
                   \(VehicleStatus.inPreparation) AS status, \(["kwh": "75.5", "ключ": "значение"])::jsonb AS attributes,
                   NULL::text AS missing_text, NULL::numeric AS missing_price, NULL::timestamptz AS missing_date,
                   NULL::text AS missing_status, NULL::int AS missing_int, 7 AS present_optional
            """)
        #expect(rows == [Everything(
            text: "Привет, 'мир'", int: 42, bigInt: .max, smallInt: .min, flag: true, at: at,
            day: Date(timeIntervalSince1970: 1_769_817_600), price: Money(kopecks: 99_999_999_999_999),
            status: .inPreparation, attributes: ["kwh": "75.5", "ключ": "значение"], missingText: nil,
            missingPrice: nil, missingDate: nil, missingStatus: nil, missingInt: nil, presentOptional: 7)])
        // Exact money through the database: 0.10 + 0.20 == 0.30.
        let sum = try connection.fetchOne(Money.self,
            "SELECT \(Money(kopecks: 10))::numeric(14,2) + \(Money(kopecks: 20))::numeric(14,2)")
        #expect(sum == Money(kopecks: 30))
        #expect(try connection.fetchOne(Bool.self, "SELECT \(Money(kopecks: 10))::numeric + \(Money(kopecks: 20))::numeric = 0.30") == true)
        // Single columns, optional single columns, no rows.
        #expect(try connection.fetch(Int.self, "SELECT generate_series(1, 3)") == [1, 2, 3])
        #expect(try connection.fetchOne(String?.self, "SELECT NULL::text") == .some(nil))
        #expect(try connection.fetchOne(Int.self, "SELECT 1 WHERE false") == nil)
        // A NULL into a non-optional is an error naming the column.
        #expect(throws: DecodingError.self) { try connection.fetchOne(Everything.self, "SELECT NULL::text AS text") }
    }

    @Test func queryResultAccessors() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        let result = try connection.execute("SELECT 1 AS a, NULL::text AS b UNION ALL SELECT 2, 'x'")
        #expect(result.rowCount == 2)
        #expect(result.columnNames == ["a", "b"])
        #expect(result.isNull(row: 0, column: 1))
        #expect(result.string(row: 1, column: "b") == "x")
        try connection.execute("CREATE TEMP TABLE t (n int)")
        let inserted = try connection.execute("INSERT INTO t SELECT generate_series(1, 5)")
        #expect(inserted.affectedRows == 5)
    }

    @Test func errorsCarrySQLStateAndConstraint() throws {
        let fixture = try StockFixture()
        try fixture.vehicles.insert(fixture.vehicle(1), actor: "tester")
        var duplicate = fixture.vehicle(2)
        duplicate.vin = StockFixture.vin(1)
        let error = try #require(throws: DatabaseError.self) { try fixture.vehicles.insert(duplicate, actor: "tester") }
        #expect(error.sqlstate == "23505")
        #expect(error.kind == .uniqueViolation)
        #expect(error.constraint == "vehicles_active_vin_key")
        #expect(error.table == "vehicles")
        #expect(error.description.hasPrefix("[23505] duplicate key"))
        #expect(error.description.contains("(constraint vehicles_active_vin_key)"))
        // A delivered car with the same VIN is history, not a duplicate.
        var delivered = fixture.vehicle(3, status: .delivered)
        delivered.vin = StockFixture.vin(1)
        try fixture.vehicles.insert(delivered, actor: "tester")
        // Check and foreign-key violations.
        var badVIN = fixture.vehicle(4)
        badVIN.vin = "IOQ00000000000000"
        let check = try #require(throws: DatabaseError.self) { try fixture.vehicles.insert(badVIN, actor: "tester") }
        #expect(check.kind == .checkViolation)
        #expect(check.constraint == "vehicles_vin_check")
        var badDealer = fixture.vehicle(5)
        badDealer.dealershipID = 999_999
        let foreign = try #require(throws: DatabaseError.self) { try fixture.vehicles.insert(badDealer, actor: "tester") }
        #expect(foreign.kind == .foreignKeyViolation)
    }

    @Test func transactionRollsBackOnThrow() throws {
        struct Boom: Error {}
        let fixture = try StockFixture()
        #expect(throws: Boom.self) {
            try fixture.connection.transaction { connection in
                try VehicleRepository(connection: connection).insert(fixture.vehicle(1), actor: "tester")
                throw Boom()
            }
        }
        #expect(try fixture.connection.fetchOne(Int.self, "SELECT count(*) FROM vehicles") == 0)
        #expect(!fixture.connection.inTransaction)
        // Nested: the inner failure rolls back only the inner part.
        try fixture.connection.transaction { connection in
            try VehicleRepository(connection: connection).insert(fixture.vehicle(2), actor: "tester")
            _ = try? connection.transaction { inner in
                try VehicleRepository(connection: inner).insert(fixture.vehicle(3), actor: "tester")
                throw Boom()
            }
        }
        #expect(try fixture.connection.fetch(String.self, "SELECT stock_number FROM vehicles") == ["MSK-000002"])
    }

    @Test func cancelFromAnotherThreadStopsTheQuery() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        let token = connection.cancelToken
        let cancelled = Atomic<Bool>(false)
        let thread = Thread {
            Thread.sleep(forTimeInterval: 0.3)
            cancelled.store(token.cancel(), ordering: .sequentiallyConsistent)
        }
        thread.start()
        let start = Date()
        let error = try #require(throws: DatabaseError.self) { try connection.execute("SELECT pg_sleep(30)") }
        #expect(error.kind == .cancelled)
        #expect(error.sqlstate == "57014")
        #expect(Date().timeIntervalSince(start) < 5)
        let joinDeadline = Date().addingTimeInterval(5)
        while !thread.isFinished && Date() < joinDeadline { Thread.sleep(forTimeInterval: 0.01) }
        let requestSent = cancelled.load(ordering: .sequentiallyConsistent)
        #expect(requestSent)
        // The connection is usable afterwards.
        #expect(try connection.fetchOne(Int.self, "SELECT 1") == 1)
    }

    @Test func reconnectsAfterServerRestart() throws {
        let directory = URL(fileURLWithPath: "/tmp/kite-restart-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let cluster = try LocalCluster(directory: directory, unsafeFastMode: true)
        defer {
            try? cluster.stop()
            try? FileManager.default.removeItem(at: directory)
        }
        try cluster.start()
        let connection = try PGConnection(cluster.conninfo())
        let firstPID = connection.backendPID
        #expect(try connection.fetchOne(Int.self, "SELECT 1") == 1)
        try cluster.stop()
        #expect(!cluster.isRunning)
        try cluster.start()
        // Outside a transaction: reset and retried once, transparently.
        #expect(try connection.fetchOne(Int.self, "SELECT 2") == 2)
        #expect(connection.backendPID != firstPID)
        // Inside a transaction: a clear connection-lost error, then usable again.
        try connection.execute("BEGIN")
        try cluster.stop()
        try cluster.start()
        let error = try #require(throws: DatabaseError.self) { try connection.execute("SELECT 3") }
        #expect(error.kind == .connectionLost)
        #expect(error.message.contains("inside a transaction"))
        #expect(try connection.fetchOne(Int.self, "SELECT 4") == 4)
        // The cancel token follows the new backend.
        #expect(connection.cancelToken.cancel())
    }

    @Test func listenNotify() throws {
        let fixture = try StockFixture()
        let listener = try PGConnection(fixture.conninfo)
        try listener.listen("vehicles")
        try listener.listen("kite test")
        #expect(listener.socketDescriptor >= 0)
        let stored = try fixture.vehicles.insert(fixture.vehicle(1), actor: "tester")
        try fixture.vehicles.changeStatus(id: stored.id, to: .inPreparation, expectedVersion: stored.version, actor: "tester")
        try fixture.connection.notify("kite test", payload: "it's 'quoted'")
        var received: [PGConnection.Notification] = []
        let deadline = Date().addingTimeInterval(5)
        while received.count < 2 && Date() < deadline {
            var descriptor = pollfd(fd: listener.socketDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 200)
            received += try listener.drainNotifications()
        }
        #expect(received.map(\.channel) == ["vehicles", "kite test"])
        #expect(received.first?.payload == "\(stored.id):in_preparation")
        #expect(received.last?.payload == "it's 'quoted'")
    }

    @Test func copyInTenThousandVehicles() throws {
        let fixture = try StockFixture()
        let vehicles = (1...10_000).lazy.map { number in
            var vehicle = fixture.vehicle(number)
            if number == 7 { vehicle.trim = "tab\there\\back\nnew line" }
            return vehicle
        }
        let copied = try fixture.vehicles.copyIn(vehicles)
        #expect(copied == 10_000)
        #expect(try fixture.connection.fetchOne(Int.self, "SELECT count(*) FROM vehicles") == 10_000)
        let seventh = try #require(try fixture.connection.fetchOne(String.self,
            "SELECT trim FROM vehicles WHERE stock_number = 'MSK-000007'"))
        #expect(seventh == "tab\there\\back\nnew line")
        let sampleID = try #require(try fixture.connection.fetchOne(Int64.self,
            "SELECT id FROM vehicles WHERE stock_number = 'MSK-000010'"))
        let sample = try #require(try fixture.vehicles.get(id: sampleID))
        #expect(sample.listPrice == Money(roubles: 2_000_000))
        #expect(sample.attributes == ["battery_kwh": "1"])
        #expect(sample.locationID == fixture.showroom.id)
        // A bad line fails the whole COPY with the server's error.
        var bad = fixture.vehicle(20_000)
        bad.vin = "short"
        #expect(throws: DatabaseError.self) { try fixture.vehicles.copyIn([bad]) }
        #expect(try fixture.connection.fetchOne(Int.self, "SELECT count(*) FROM vehicles") == 10_000)
    }
}
