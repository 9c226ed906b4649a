import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Migration 0036: two clerks with one claim open set its amount; the second, who read the
/// claim before the first saved, is told who changed it, and the first one's amount stays.
@Suite struct ClaimVersionTests {
    @Test func theSecondClerksAmountOverAnOlderVersionIsRefusedAndNothingIsWritten() throws {
        let d = try InspectionRepositoryTests.Departed()
        try d.f.trips.arrive(tripID: d.trip.id, stopID: d.stops[1].id, actor: "kozlov")
        let claimID = try #require(try d.record(.delivery, vehicle: d.a, damages: ["20065"]).damages.first?.claimID)
        let read = try #require(try d.claims.get(id: claimID))   // both clerks opened the claim at this version

        try d.claims.setAmount(claimID: claimID, amount: Money(roubles: 45_000), expectedVersion: read.version, actor: "kozlov")
        let stale = #expect(throws: StaleWriteError.self) {
            try d.claims.setAmount(claimID: claimID, amount: Money(roubles: 12_000), expectedVersion: read.version, actor: "smirnov")
        }
        #expect(stale?.changedBy == "kozlov" && stale?.currentVersion == read.version + 1 && stale?.expectedVersion == read.version)
        #expect(stale.map { abs($0.changedAt.timeIntervalSinceNow) < 600 } == true)
        #expect(stale?.localizedReason.ru.hasPrefix("Не сохранено: запись уже изменил kozlov") == true)
        let stored = try #require(try d.claims.get(id: claimID))
        #expect(stored.amount == Money(roubles: 45_000) && stored.version == read.version + 1)

        // Read again, the second clerk's amount goes in.
        try d.claims.setAmount(claimID: claimID, amount: Money(roubles: 12_000), expectedVersion: stored.version, actor: "kozlov")
        #expect(try d.claims.get(id: claimID)?.amount == Money(roubles: 12_000))
    }
}
