import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// The carriers report: the stops reached with an ETA, how many on time, the average delay
/// (an arrival on time counts 0) and the worst, the claims; a period keeps to its days.
@Suite struct CarrierReportTests {
    @Test func onTimeRateAverageAndWorstDelayAndClaimsPerCarrier() throws {
        let d = try InspectionRepositoryTests.Departed()
        try d.f.trips.arrive(tripID: d.trip.id, stopID: d.stops[1].id, actor: "kozlov")
        try d.record(.delivery, vehicle: d.a, damages: ["04123", "20065"])   // the crack is new: a claim
        // A second trip of the same carrier, one car to the SPB showroom.
        let (second, stops) = try d.f.plannedTrip()
        let c = try d.f.car(3)
        try d.f.trips.addVehicle(tripID: second.id, vehicleID: c.id, pickupStopID: stops[0].id, dropStopID: stops[2].id, actor: "kozlov")
        try d.f.trips.depart(tripID: second.id, actor: "kozlov")
        try d.f.trips.arrive(tripID: second.id, stopID: stops[2].id, actor: "kozlov")
        // The yard reached half an hour early, the showroom two and a half hours late (Moscow time).
        _ = try d.f.connection.execute("SET session_replication_role = replica")
        _ = try d.f.connection.execute("UPDATE trip_stops SET eta = '2026-12-05 10:00+03', arrived_at = '2026-12-05 09:30+03' WHERE id = \(d.stops[1].id)")
        _ = try d.f.connection.execute("UPDATE trip_stops SET eta = '2026-12-05 18:00+03', arrived_at = '2026-12-05 20:30+03' WHERE id = \(stops[2].id)")
        _ = try d.f.connection.execute("UPDATE trip_stops SET eta = NULL WHERE trip_id = \(second.id) AND id <> \(stops[2].id)")
        _ = try d.f.connection.execute("UPDATE claims SET opened_at = '2026-12-06 12:00+03'")
        _ = try d.f.connection.execute("SET session_replication_role = origin")
        let report = CarrierReportQuery(connection: d.f.connection)

        let all = try report.performance()
        try #require(all.count == 1)
        let row = all[0]
        #expect(row.carrierID == d.f.carrier.id && row.arrivals == 2 && row.onTime == 1 && row.onTimePercent == 50)
        #expect(row.averageDelayMinutes == 75 && row.worstDelayMinutes == 150)
        #expect(row.claims == 1 && row.openClaims == 1 && row.settledAmount == .zero)

        // The 5th: both arrivals, no claim yet; the 6th: the claim only; the 7th: nothing.
        let fifth = CivilDate(year: 2026, month: 12, day: 5)!, sixth = CivilDate(year: 2026, month: 12, day: 6)!
        let onFifth = try report.performance(from: fifth, to: fifth)
        #expect(onFifth.map(\.arrivals) == [2] && onFifth.map(\.claims) == [0])
        let onSixth = try report.performance(from: sixth, to: sixth)
        #expect(onSixth.map(\.arrivals) == [0] && onSixth.map(\.claims) == [1] && onSixth.first?.onTimePercent == nil)
        #expect(try report.performance(from: CivilDate(year: 2026, month: 12, day: 7)!).isEmpty)
    }
}
