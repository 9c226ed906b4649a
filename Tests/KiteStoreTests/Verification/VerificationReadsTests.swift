import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@Suite("Verification reads: same VIN, mileage readings")
struct VerificationReadsTests {
    @Test func sameVINListsActiveOthersAndEveryOtherID() throws {
        let fixture = try StockFixture()
        let first = try fixture.vehicles.insert(fixture.vehicle(1), actor: "test")
        var gone = fixture.vehicle(2, status: .writtenOff)
        gone.vin = first.vin
        let writtenOff = try fixture.vehicles.insert(gone, actor: "test")
        let other = try fixture.vehicles.insert(fixture.vehicle(3), actor: "test")
        let sameVIN = SameVINRepository(connection: fixture.connection)

        #expect(try sameVIN.activeVehicles(vin: first.vin, except: writtenOff.id).map(\.id) == [first.id])
        #expect(try sameVIN.activeVehicles(vin: first.vin, except: first.id).isEmpty)
        #expect(try sameVIN.vehicleIDs(vin: first.vin, except: other.id) == [first.id, writtenOff.id])
    }

    @Test func aReadingIsRecordedOnlyWhenTheLatestDiffers() throws {
        let fixture = try StockFixture()
        let readings = MileageReadingRepository(connection: fixture.connection)
        let vin = StockFixture.vin(7)
        #expect(try readings.highest(vin: vin) == nil)
        try readings.recordUnlessUnchanged(vin: vin, km: 12_000, source: "vehicle:1")
        try readings.recordUnlessUnchanged(vin: vin, km: 12_000, source: "vehicle:1")
        try readings.recordUnlessUnchanged(vin: vin, km: 9_000, source: "vehicle:2")
        #expect(try fixture.connection.fetchOne(Int.self, "SELECT count(*)::int FROM mileage_readings WHERE vin = \(vin)") == 2)
        let highest = try #require(try readings.highest(vin: vin))
        #expect(highest.km == 12_000 && highest.source == "vehicle:1")
    }
}
