import Foundation
import KiteDomain
import KiteStore
import Testing

/// `stock.recheck`: the vehicles in stock whose last check is older than 30 days get their checks again.
@Suite struct StockRecheckTests {
    struct QueuedCheck: Decodable, Equatable {
        var vehicleId: String
        var priority: Int
    }

    func queuedChecks(_ fixture: StockFixture) throws -> [QueuedCheck] {
        try fixture.connection.fetch(QueuedCheck.self, """
            SELECT args->>'vehicle_id' AS vehicle_id, priority::int AS priority FROM jobs
            WHERE kind = 'vehicle.verify' AND state = 'available' ORDER BY (args->>'vehicle_id')::bigint
            """)
    }

    @Test func aCheckThatLastEndedInAnErrorIsAskedAgainButAnOlderErrorIsForgotten() throws {
        let fixture = try StockFixture()
        let erred = try fixture.vehicles.insert(fixture.vehicle(1), actor: "test").id
        let recovered = try fixture.vehicles.insert(fixture.vehicle(2), actor: "test").id
        try fixture.connection.execute("DELETE FROM jobs")
        // Both passed most checks recently; the pledge registry timed out for the first car.
        for id in [erred, recovered] { try fixture.record("vin_structure", .passed, subject: .vehicle, id: id, daysAgo: 2) }
        try fixture.record("pledge", .passed, subject: .vehicle, id: erred, daysAgo: 3)
        try fixture.record("pledge", .error, subject: .vehicle, id: erred, daysAgo: 1)
        // The second car's pledge error was followed by a pass.
        try fixture.record("pledge", .error, subject: .vehicle, id: recovered, daysAgo: 3)
        try fixture.record("pledge", .passed, subject: .vehicle, id: recovered, daysAgo: 1)

        #expect(try StockRecheck.enqueueStale(on: fixture.connection) == 1)
        #expect(try queuedChecks(fixture) == [QueuedCheck(vehicleId: String(erred), priority: 5)])
    }

    @Test func staleStockIsQueuedOncePerVINAndFreshOrSoldStockIsNot() throws {
        let fixture = try StockFixture()
        let insert = { (number: Int, status: VehicleStatus) in
            try fixture.vehicles.insert(fixture.vehicle(number, status: status), actor: "test").id
        }
        let stale = try insert(1, .inStock)
        let fresh = try insert(2, .inStock)
        let neverChecked = try insert(3, .inStock)
        let soldStale = try insert(4, .sold)
        let reservedStale = try insert(5, .reserved)
        let preparingStale = try insert(6, .inPreparation)
        let transitStale = try insert(7, .inTransit)
        // The checks the saves enqueued have run long ago.
        try fixture.connection.execute("DELETE FROM jobs")
        try fixture.record("vin_structure", .passed, subject: .vehicle, id: stale, daysAgo: 31)
        try fixture.record("vin_structure", .passed, subject: .vehicle, id: fresh, daysAgo: 40)
        try fixture.record("pledge", .passed, subject: .vehicle, id: fresh, daysAgo: 29)   // the newest counts
        for id in [soldStale, reservedStale, preparingStale, transitStale] {
            try fixture.record("vin_structure", .passed, subject: .vehicle, id: id, daysAgo: 45)
        }

        #expect(try StockRecheck.enqueueStale(on: fixture.connection) == 4)
        // In stock, reserved and in preparation; behind interactive saves (priority 5).
        #expect(try queuedChecks(fixture) == [stale, neverChecked, reservedStale, preparingStale].map {
            QueuedCheck(vehicleId: String($0), priority: 5)
        })
        let keys = try fixture.connection.fetch(String.self,
            "SELECT unique_key FROM jobs WHERE args->>'vehicle_id' = \(String(stale))")
        #expect(keys == ["vin-check:" + StockFixture.vin(1)])

        // The next run while those are pending adds nothing.
        #expect(try StockRecheck.enqueueStale(on: fixture.connection) == 0)
        #expect(try queuedChecks(fixture).count == 4)

        // A VIN whose check a save already queued is skipped too.
        try fixture.connection.execute("DELETE FROM jobs")
        try VehicleChecks.enqueue(vehicleID: stale, vin: StockFixture.vin(1), on: fixture.connection)
        #expect(try StockRecheck.enqueueStale(on: fixture.connection) == 3)
        #expect(try queuedChecks(fixture).filter { $0.vehicleId == String(stale) } == [QueuedCheck(vehicleId: String(stale), priority: 2)])

        // Once a vehicle has a fresh result it is left alone.
        try fixture.connection.execute("DELETE FROM jobs")
        for id in [stale, neverChecked, reservedStale] {
            try fixture.record("vin_structure", .passed, subject: .vehicle, id: id)
        }
        #expect(try StockRecheck.enqueueStale(on: fixture.connection) == 1)
        #expect(try queuedChecks(fixture).map(\.vehicleId) == [String(preparingStale)])
    }

    @Test func theLimitAndTheAgeAreParameters() throws {
        let fixture = try StockFixture()
        for number in 1...5 {
            let id = try fixture.vehicles.insert(fixture.vehicle(number), actor: "test").id
            try fixture.record("vin_structure", .passed, subject: .vehicle, id: id, daysAgo: 10)
        }
        try fixture.connection.execute("DELETE FROM jobs")
        #expect(try StockRecheck.enqueueStale(on: fixture.connection) == 0)
        #expect(try StockRecheck.enqueueStale(on: fixture.connection, days: 7, limit: 2) == 2)
        #expect(try StockRecheck.enqueueStale(on: fixture.connection, days: 7) == 3)
    }
}
