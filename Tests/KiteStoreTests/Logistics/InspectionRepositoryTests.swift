import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Migration 0026, InspectionRepository and ClaimRepository: one inspection per car, trip
/// and kind; a delivery damage the pickup did not list opens a claim in the same
/// transaction (one already there does not, a worse one does); claims move only through
/// their commands with a reason; the per-carrier report; a login outside logistics is refused.
@Suite struct InspectionRepositoryTests {
    /// A trip port → yard → SPB with two cars on board, departed.
    struct Departed {
        let f: TripFixture
        let trip: Trip
        let stops: [TripStopRow]
        let a: Vehicle
        let b: Vehicle
        var inspections: InspectionRepository { InspectionRepository(connection: f.connection) }
        var claims: ClaimRepository { ClaimRepository(connection: f.connection) }

        init(departs: Bool = true) throws {
            f = try TripFixture()
            (trip, stops) = try f.plannedTrip()
            a = try f.car(1)
            b = try f.car(2)
            try f.trips.addVehicle(tripID: trip.id, vehicleID: a.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "kozlov")
            try f.trips.addVehicle(tripID: trip.id, vehicleID: b.id, pickupStopID: stops[0].id, dropStopID: stops[1].id, actor: "kozlov")
            if departs {
                try record(.pickup, vehicle: a, damages: ["04123"])
                try record(.pickup, vehicle: b, damages: [])
                try f.trips.depart(tripID: trip.id, actor: "kozlov")
            }
        }

        func inspection(_ kind: InspectionKind, vehicle: Vehicle, damages: [String], absent: Bool = false) -> Inspection {
            var i = Inspection()
            i.tripID = trip.id
            i.vehicleID = vehicle.id
            i.kind = kind
            i.odometerKm = kind == .pickup ? 12 : 730
            i.fuel = FuelLevel("1/2")
            i.keysCount = 2
            i.ptsPresent = true
            i.stsPresent = true
            i.looseItems = "коврики, аптечка"
            if absent {
                i.recipientAbsent = true
                i.absentReason = "ночная выгрузка на площадке"
            } else {
                i.signedBy = kind == .pickup ? "Смирнов А. (порт)" : "Орлова Е. (склад)"
            }
            i.damages = damages.map { InspectionDamage(code: DamageCode($0)!, notes: "", photos: ["IMG_\(DamageCode($0)!.digits).jpg"]) }
            return i
        }

        @discardableResult
        func record(_ kind: InspectionKind, vehicle: Vehicle, damages: [String], absent: Bool = false) throws -> Inspection {
            try inspections.record(inspection(kind, vehicle: vehicle, damages: damages, absent: absent), actor: "kozlov")
        }
    }

    @Test func aNewDeliveryDamageOpensAClaimAndOneSeenAtPickupDoesNot() throws {
        let d = try Departed()
        // Car A: the rear bumper's dent (04 12 3) was there at pickup; the windshield crack is new.
        let delivered = try d.record(.delivery, vehicle: d.a, damages: ["04123", "20 06 5"])
        #expect(delivered.damages.map(\.code.digits) == ["04123", "20065"])
        #expect(delivered.damages[0].claimID == nil)
        let claimID = try #require(delivered.damages[1].claimID)
        let claim = try #require(try d.claims.get(id: claimID))
        #expect(claim.state == .open && claim.carrierID == d.f.carrier.id && claim.vehicleID == d.a.id)
        #expect(claim.tripNumber == d.trip.number && claim.codes == ["20 06 5"] && claim.amount == nil)
        #expect(claim.openedBy == "kozlov" && claim.inspectionID == delivered.id)
        #expect(delivered.damages[1].photos == ["IMG_20065.jpg"])
        // Car B: delivered as it was picked up, and signed by nobody at night: no claim.
        let clean = try d.record(.delivery, vehicle: d.b, damages: [], absent: true)
        #expect(clean.recipientAbsent && clean.signedBy == "" && clean.absentReason == "ночная выгрузка на площадке")
        #expect(try d.claims.get(inspectionID: clean.id) == nil)
        #expect(try d.claims.list(ClaimFilter()).map(\.id) == [claimID])
        // The database's audit rows name the login that wrote them.
        let audited = try d.f.connection.fetch(String.self,
            "SELECT entity FROM audit_log WHERE entity IN ('inspection', 'inspection_damage', 'claim') ORDER BY id")
        #expect(audited.contains("claim") && audited.contains("inspection") && audited.contains("inspection_damage"))
    }

    @Test func aWorseDamageAtTheSamePlaceCountsAsNew() throws {
        let d = try Departed()
        // At pickup 04 12 3 (a scratch of 7.5–15 cm on the rear bumper); at delivery 04 12 5.
        let delivered = try d.record(.delivery, vehicle: d.a, damages: ["04125"])
        let claim = try #require(try d.claims.get(inspectionID: delivered.id))
        #expect(claim.codes == ["04 12 5"])
        #expect(Inspection.newDamages(delivery: delivered.damages, pickup: try d.inspections.get(tripID: d.trip.id, vehicleID: d.a.id, kind: .pickup)!.damages).count == 1)
    }

    @Test func oneInspectionPerKindAndDeliveryAfterPickup() throws {
        let d = try Departed(departs: false)
        // No delivery before the car has travelled, nor without a pickup inspection.
        let early = #expect(throws: InspectionRefusal.self) { try d.record(.delivery, vehicle: d.a, damages: []) }
        #expect(early?.code == "inspection_stage")
        try d.record(.pickup, vehicle: d.a, damages: [])
        let twice = #expect(throws: InspectionRefusal.self) { try d.record(.pickup, vehicle: d.a, damages: ["20065"]) }
        #expect(twice?.code == "inspection_exists")
        #expect(twice?.localizedReason.ru == "У автомобиля \(d.a.stockNumber) уже есть осмотр при погрузке в рейсе \(d.trip.number)")
        try d.f.trips.depart(tripID: d.trip.id, actor: "kozlov")
        let noPickup = #expect(throws: InspectionRefusal.self) { try d.record(.delivery, vehicle: d.b, damages: []) }
        #expect(noPickup?.code == "inspection_pickup_missing")
        // The same area and type twice on one inspection is refused by name.
        let same = #expect(throws: InspectionRefusal.self) { try d.record(.delivery, vehicle: d.a, damages: ["20061", "20063"]) }
        #expect(same?.code == "inspection_damage_twice" && same?.values["code"] == "20 06")
        // Nobody signed and no reason: the database says so too.
        var unsigned = d.inspection(.delivery, vehicle: d.a, damages: [])
        unsigned.signedBy = ""
        let signer = #expect(throws: InspectionRefusal.self) { try d.inspections.record(unsigned, actor: "kozlov") }
        #expect(signer?.code == "inspection_signer")
        #expect(try d.inspections.marks(tripID: d.trip.id).map(\.kind) == [.pickup])
    }

    @Test func claimsSettleWithAnAmountAndAReasonOrAreRejected() throws {
        let d = try Departed()
        let first = try d.record(.delivery, vehicle: d.a, damages: ["20065"])
        let second = try d.record(.delivery, vehicle: d.b, damages: ["09043"])
        let claimA = try #require(try d.claims.get(inspectionID: first.id))
        let claimB = try #require(try d.claims.get(inspectionID: second.id))

        let noAmount = #expect(throws: InspectionRefusal.self) {
            try d.claims.settle(claimID: claimA.id, amount: nil, reason: "оплачено", actor: "kozlov")
        }
        #expect(noAmount?.code == "claim_amount_required")
        try d.claims.setAmount(claimID: claimA.id, amount: Money(roubles: 48_500), actor: "kozlov")
        let noReason = #expect(throws: InspectionRefusal.self) {
            try d.claims.settle(claimID: claimA.id, amount: nil, reason: "  ", actor: "kozlov")
        }
        #expect(noReason?.code == "claim_reason_required")
        try d.claims.settle(claimID: claimA.id, amount: nil, reason: "Перевозчик оплатил п/п 512", actor: "kozlov")
        let settled = try #require(try d.claims.get(id: claimA.id))
        #expect(settled.state == .settled && settled.amount == Money(roubles: 48_500))
        #expect(settled.resolvedBy == "kozlov" && settled.resolvedAt != nil && settled.resolution == "Перевозчик оплатил п/п 512")
        let again = #expect(throws: InspectionRefusal.self) {
            try d.claims.reject(claimID: claimA.id, reason: "ошибка", actor: "kozlov")
        }
        #expect(again?.localizedReason.ru == "Претензия № \(claimA.id) урегулирована: отклонить нельзя")

        try d.claims.setAmount(claimID: claimB.id, amount: Money(roubles: 12_000), actor: "kozlov")
        try d.claims.reject(claimID: claimB.id, reason: "Вмятина видна на фото погрузки", actor: "kozlov")
        #expect(try d.claims.get(id: claimB.id)?.state == .rejected)
        #expect(try d.f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM claims WHERE state = 'open'") == 0)

        let summary = try d.claims.summary()
        #expect(summary.count == 1)
        #expect(summary[0].carrierName == d.f.carrier.name && summary[0].total == 2 && summary[0].open == 0)
        #expect(summary[0].settled == 1 && summary[0].rejected == 1 && summary[0].settledAmount == Money(roubles: 48_500))
        #expect(try d.claims.list(ClaimFilter(states: [.settled])).map(\.id) == [claimA.id])
        #expect(try d.claims.list(ClaimFilter(text: d.b.stockNumber)).map(\.id) == [claimB.id])
    }

    @Test func onlyLogisticsRecordsAndNobodyWritesPastTheCommands() throws {
        let d = try Departed()
        let operatorLogin = try CarrierRepositoryTests.Login(d.f.stock.conninfo, owner: d.f.connection, logistics: false)
        let clerkLogin = try CarrierRepositoryTests.Login(d.f.stock.conninfo, owner: d.f.connection, logistics: true)
        defer { operatorLogin.drop(); clerkLogin.drop() }

        let operatorInspections = InspectionRepository(connection: try PGConnection(operatorLogin.conninfo))
        #expect(try operatorInspections.marks(tripID: d.trip.id).count == 2)   // reads
        let refused = #expect(throws: (any Error).self) {
            try operatorInspections.record(d.inspection(.delivery, vehicle: d.a, damages: ["20065"]), actor: "anna")
        }
        #expect((refused as? DatabaseError)?.sqlstate == "42501")
        // An operator has no write grant on claims.
        let direct = #expect(throws: DatabaseError.self) {
            try operatorInspections.connection.execute("""
                INSERT INTO claims (carrier_id, trip_id, vehicle_id, inspection_id, opened_by, updated_by)
                SELECT \(d.f.carrier.id), \(d.trip.id), \(d.a.id), id, 'anna', 'anna' FROM inspections LIMIT 1
                """)
        }
        #expect(direct?.sqlstate == "42501")

        let clerk = InspectionRepository(connection: try PGConnection(clerkLogin.conninfo))
        let delivered = try clerk.record(d.inspection(.delivery, vehicle: d.a, damages: ["20065"]), actor: "kozlov")
        #expect(delivered.inspectorLogin == clerkLogin.name)
        let claim = try #require(try ClaimRepository(connection: clerk.connection).get(inspectionID: delivered.id))
        // Not even the clerk changes a claim's state past its commands.
        let sneak = #expect(throws: DatabaseError.self) {
            try clerk.connection.execute("UPDATE claims SET state = 'rejected' WHERE id = \(claim.id)")
        }
        #expect(sneak?.sqlstate == "42501")
        #expect(try d.claims.get(id: claim.id)?.state == .open)
    }
}
