import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@Suite("Vehicle status rules in SQL")
struct VehicleStatusConditionTests {
    /// PostgreSQL's answer to `SQL.vehicleIsActive` for each status agrees with the domain's rule.
    @Test func activeConditionAgreesWithTheDomain() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        for status in VehicleStatus.allCases {
            let active = try connection.fetchOne(Bool.self, """
                SELECT \(fragment: .vehicleIsActive("s.status")) FROM (SELECT \(status.rawValue)::text AS status) s
                """)
            #expect(active == status.isActive, "\(status)")
        }
    }

    /// The one-active-vehicle-per-VIN index covers exactly the rows the condition calls active:
    /// a second active row with the VIN is refused, a delivered or written-off one is not.
    @Test func activeConditionIsTheUniqueVINIndexPredicate() throws {
        let fixture = try StockFixture()
        let first = try fixture.vehicles.insert(fixture.vehicle(1), actor: "test")
        for (number, status) in VehicleStatus.allCases.enumerated() {
            var twin = fixture.vehicle(100 + number, status: status)
            twin.vin = first.vin
            let inserted = try? fixture.vehicles.insert(twin, actor: "test")
            #expect((inserted != nil) == !status.isActive, "\(status)")
            let active = try fixture.connection.fetchOne(Int.self, """
                SELECT count(*)::int FROM vehicles WHERE vin = \(first.vin) AND \(fragment: .vehicleIsActive())
                """)
            #expect(active == 1, "\(status)")
        }
    }
}
