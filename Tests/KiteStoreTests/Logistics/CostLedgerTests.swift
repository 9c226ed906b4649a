import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Migration 0027: the cost ledger on a real database — purchase lines in step with the
/// car's purchase cost, a closing trip's price split over its cars in kopecks, the split
/// redone on the carrier's invoice, and who may write a line.
@Suite struct CostLedgerTests {
    func ledger(_ f: TripFixture) -> CostLedgerRepository { CostLedgerRepository(connection: f.connection) }

    /// A trip of the fixture with `cars` on board (bays 1…n, all dropped at the yard),
    /// priced `price`, departed and arrived; the trip is left arrived, not closed.
    func arrivedTrip(_ f: TripFixture, price: Money?, types: [String] = ["car", "car", "car"],
                     split: String? = nil) throws -> (trip: Trip, cars: [Vehicle]) {
        var (trip, stops) = try f.plannedTrip()
        trip.price = price
        trip = try f.trips.update(trip, actor: "kozlov")
        if let split {
            try f.connection.execute("UPDATE trips SET freight_split = \(split) WHERE id = \(trip.id)")
        }
        var cars: [Vehicle] = []
        for (index, type) in types.enumerated() {
            var car = f.stock.vehicle(100 + index)
            car.locationID = f.port.id
            car.vehicleType = type
            car = try f.stock.vehicles.insert(car, actor: "seed")
            try f.trips.addVehicle(tripID: trip.id, vehicleID: car.id, pickupStopID: stops[0].id, dropStopID: stops[1].id,
                                   bay: index + 1, actor: "kozlov")
            cars.append(car)
        }
        try f.trips.depart(tripID: trip.id, actor: "kozlov")
        try f.trips.arrive(tripID: trip.id, stopID: stops[1].id, actor: "kozlov")
        return (trip, cars)
    }

    func freight(_ f: TripFixture, _ car: Vehicle) throws -> Money {
        try ledger(f).landedCost(vehicleID: car.id)[.freight]
    }

    func carrierInvoice(_ f: TripFixture, trip: Trip, amount: Money) throws -> Payment {
        try PaymentRepository(connection: f.connection).insert(
            PaymentDraft(dealershipID: f.stock.dealership.id, kind: .carrier, method: .bankTransfer, amount: amount,
                         date: CivilDate(year: 2026, month: 12, day: 3)!, counterparty: "ООО «Автовоз-Логистик»",
                         documentRef: "счёт 118", tripID: trip.id),
            actor: "petrova")
    }

    @Test func aClosingTripOfThreeCarsSplitsItsPriceInKopecksTheLastTakesTheRest() throws {
        let f = try TripFixture()
        let (trip, cars) = try arrivedTrip(f, price: Money(roubles: 100_000))
        #expect(try cars.map { try freight(f, $0) } == [.zero, .zero, .zero])
        try f.trips.close(tripID: trip.id, actor: "kozlov")

        #expect(try cars.map { try freight(f, $0) } == [rub("33 333,33"), rub("33 333,33"), rub("33 333,34")])
        let lines = try ledger(f).lines(tripID: trip.id)
        #expect(lines.map(\.source) == [.trip, .trip, .trip] && lines.allSatisfy { $0.actor == "kozlov" })
        #expect(lines.first?.tripNumber == trip.number)
        // The landed cost: the purchase line the car was born with, and its freight.
        let landed = try ledger(f).landedCost(vehicleID: cars[2].id)
        #expect(landed[.purchase] == Money(roubles: 1_500_000))
        #expect(landed.total == rub("1 533 333,34"))
        let audit = try f.connection.fetch(String.self, """
            SELECT action || ' ' || (data->>'amount') || ' ' || (data->>'lines') FROM audit_log
             WHERE entity = 'trip' AND entity_id = \(trip.id) AND action LIKE 'freight%'
            """)
        #expect(audit == ["freight_allocated 100000.00 3"])
    }

    @Test func byTheWeightsOfTheVehicleTypesOrEqually() throws {
        let f = try TripFixture()
        let (weighted, cars) = try arrivedTrip(f, price: Money(roubles: 100_000), types: ["car", "truck", "moto"])
        try f.trips.close(tripID: weighted.id, actor: "kozlov")
        // car 1, truck 2, moto 0,5 — the same figures as CostAllocation.split.
        let expected = try CostAllocation.split(total: Money(roubles: 100_000), weights: [Decimal(1), 2, Decimal(string: "0.5")!])
        #expect(try cars.map { try freight(f, $0) } == expected)
        #expect(expected == [rub("28 571,42"), rub("57 142,85"), rub("14 285,73")])

        let g = try TripFixture()
        let (equal, same) = try arrivedTrip(g, price: Money(roubles: 100_000), types: ["car", "truck", "moto"], split: "equal")
        try g.trips.close(tripID: equal.id, actor: "kozlov")
        #expect(try same.map { try freight(g, $0) } == [rub("33 333,33"), rub("33 333,33"), rub("33 333,34")])
    }

    @Test func aTripWithoutAPriceWritesNoFreightUntilItsInvoice() throws {
        let f = try TripFixture()
        let (trip, cars) = try arrivedTrip(f, price: nil)
        try f.trips.close(tripID: trip.id, actor: "kozlov")
        #expect(try ledger(f).lines(tripID: trip.id).isEmpty)
        let invoice = try carrierInvoice(f, trip: trip, amount: Money(roubles: 90_000))
        try PaymentRepository(connection: f.connection).confirm(id: invoice.id, actor: "petrova")
        #expect(try cars.map { try freight(f, $0) } == [Money(roubles: 30_000), Money(roubles: 30_000), Money(roubles: 30_000)])
    }

    /// The carrier bills 110 000 for a trip priced 100 000: the old split is reversed line by
    /// line, the new one booked, in the confirmation's transaction; reversing the invoice
    /// brings the trip's price back.
    @Test func aDifferingCarrierInvoiceReSplitsTheFreight() throws {
        let f = try TripFixture()
        let (trip, cars) = try arrivedTrip(f, price: Money(roubles: 100_000))
        try f.trips.close(tripID: trip.id, actor: "kozlov")
        let payments = PaymentRepository(connection: f.connection)
        let invoice = try carrierInvoice(f, trip: trip, amount: Money(roubles: 110_000))
        #expect(invoice.tripID == trip.id)
        // Pending: nothing changes yet.
        #expect(try freight(f, cars[0]) == rub("33 333,33"))
        try payments.confirm(id: invoice.id, actor: "petrova")

        #expect(try cars.map { try freight(f, $0) } == [rub("36 666,66"), rub("36 666,66"), rub("36 666,68")])
        let lines = try ledger(f).lines(tripID: trip.id)
        #expect(lines.count == 9)
        let reversals = lines.filter { $0.reversesCostID != nil }
        #expect(reversals.map(\.amount) == [rub("-33 333,33"), rub("-33 333,33"), rub("-33 333,34")])
        #expect(Set(reversals.compactMap(\.reversesCostID)) == Set(lines.prefix(3).map(\.id)))
        #expect(lines.suffix(6).allSatisfy { $0.source == .payment && $0.paymentID == invoice.id && $0.actor == "petrova" })
        #expect(lines.reduce(Money.zero) { $0 + $1.amount } == Money(roubles: 110_000))
        let audit = try f.connection.fetch(String.self, """
            SELECT action || ' ' || (data->>'amount') || ' was ' || (data->>'was') || ' ' || (data->>'basis') FROM audit_log
             WHERE entity = 'trip' AND entity_id = \(trip.id) AND action LIKE 'freight%' ORDER BY id
            """)
        #expect(audit == ["freight_allocated 100000.00 was 0.00 trip_price",
                          "freight_reallocated 110000.00 was 100000.00 carrier_invoice"])

        // The invoice was wrong: reversing it re-splits at the trip's price.
        try payments.reverse(id: invoice.id, reason: "счёт выставлен ошибочно", actor: "petrova")
        #expect(try cars.map { try freight(f, $0) } == [rub("33 333,33"), rub("33 333,33"), rub("33 333,34")])
        #expect(try ledger(f).lines(tripID: trip.id).reduce(Money.zero) { $0 + $1.amount } == Money(roubles: 100_000))
    }

    @Test func anInvoiceEqualToThePriceChangesNothingAndOneBeforeTheCloseIsUsedAtTheClose() throws {
        let f = try TripFixture()
        let (trip, _) = try arrivedTrip(f, price: Money(roubles: 100_000))
        try f.trips.close(tripID: trip.id, actor: "kozlov")
        let same = try carrierInvoice(f, trip: trip, amount: Money(roubles: 100_000))
        try PaymentRepository(connection: f.connection).confirm(id: same.id, actor: "petrova")
        #expect(try ledger(f).lines(tripID: trip.id).count == 3)

        let g = try TripFixture()
        let (early, cars) = try arrivedTrip(g, price: Money(roubles: 100_000))
        let invoice = try carrierInvoice(g, trip: early, amount: Money(roubles: 99_000))
        try PaymentRepository(connection: g.connection).confirm(id: invoice.id, actor: "petrova")
        #expect(try ledger(g).lines(tripID: early.id).isEmpty)   // not closed yet
        try g.trips.close(tripID: early.id, actor: "kozlov")
        #expect(try cars.map { try freight(g, $0) } == [Money(roubles: 33_000), Money(roubles: 33_000), Money(roubles: 33_000)])
        #expect(try ledger(g).lines(tripID: early.id).count == 3)
    }

    @Test func purchaseLinesFollowThePurchaseCost() throws {
        let f = try TripFixture()
        var car = try f.car(1)
        #expect(try ledger(f).lines(vehicleID: car.id).map(\.amount) == [Money(roubles: 1_500_000)])
        car.purchaseCost = Money(roubles: 1_450_000)
        car = try f.stock.vehicles.update(car, actor: "sidorova")
        let lines = try ledger(f).lines(vehicleID: car.id)
        #expect(lines.map(\.amount) == [Money(roubles: 1_500_000), Money(roubles: -50_000)])
        #expect(lines.map(\.source) == [.vehicle, .vehicle] && lines.last?.actor == "sidorova")
        #expect(try ledger(f).landedCost(vehicleID: car.id)[.purchase] == car.purchaseCost)
        // Another change that is not the cost adds nothing.
        car.colour = "серый"
        _ = try f.stock.vehicles.update(car, actor: "sidorova")
        #expect(try ledger(f).lines(vehicleID: car.id).count == 2)
    }

    @Test func linesAreNeverChangedOrDeleted() throws {
        let f = try TripFixture()
        let car = try f.car(1)
        let update = #expect(throws: DatabaseError.self) {
            try f.connection.execute("UPDATE vehicle_costs SET amount = 1 WHERE vehicle_id = \(car.id)")
        }
        #expect(update?.constraint == "vehicle_costs_append_only")
        let delete = #expect(throws: DatabaseError.self) {
            try f.connection.execute("DELETE FROM vehicle_costs WHERE vehicle_id = \(car.id)")
        }
        #expect(delete?.constraint == "vehicle_costs_append_only")
        let line = try ledger(f).addManual(vehicleID: car.id, kind: .reconditioning, amount: Money(roubles: 12_500),
                                           note: "полировка", actor: "kozlov")
        let mirror = #expect(throws: DatabaseError.self) {
            try f.connection.execute("""
                INSERT INTO vehicle_costs (vehicle_id, kind, amount, source, reverses_cost_id, actor)
                VALUES (\(car.id), 'reconditioning', -100, 'manual', \(line.id), 'kozlov')
                """)
        }
        #expect(mirror?.constraint == "vehicle_costs_reversal_mirror")
    }
}

/// Who may write a cost line: logistics (or an admin) a manual one; nobody a trip's or an
/// invoice's line past the database's functions; an operator with broad table grants
/// none at all — but the operator's change of a purchase cost still books its line.
@Suite struct CostLedgerPrivilegeTests {
    @Test func aNonLogisticsLoginCannotWriteCostLinesDirectly() throws {
        let f = try TripFixture()
        let car = try f.car(1)
        let operatorLogin = try CarrierRepositoryTests.Login(f.stock.conninfo, owner: f.connection, logistics: false)
        let clerkLogin = try CarrierRepositoryTests.Login(f.stock.conninfo, owner: f.connection, logistics: true)
        defer { operatorLogin.drop(); clerkLogin.drop() }

        let operatorLedger = CostLedgerRepository(connection: try PGConnection(operatorLogin.conninfo))
        #expect(try operatorLedger.lines(vehicleID: car.id).count == 1)   // everybody reads
        let refused = #expect(throws: DatabaseError.self) {
            try operatorLedger.addManual(vehicleID: car.id, kind: .freight, amount: Money(roubles: 1), note: "", actor: "anna")
        }
        #expect(refused?.sqlstate == "42501")
        // Not even a purchase line, nor a line dressed as a trip's.
        let purchase = #expect(throws: DatabaseError.self) {
            try operatorLedger.connection.execute("""
                INSERT INTO vehicle_costs (vehicle_id, kind, amount, source, actor) VALUES (\(car.id), 'purchase', -1500000, 'vehicle', 'anna')
                """)
        }
        #expect(purchase?.sqlstate == "42501")

        let clerkLedger = CostLedgerRepository(connection: try PGConnection(clerkLogin.conninfo))
        let manual = try clerkLedger.addManual(vehicleID: car.id, kind: .reconditioning, amount: Money(roubles: 12_500),
                                               note: "  полировка  ", actor: "kozlov")
        #expect(manual.source == .manual && manual.note == "полировка" && manual.actor == "kozlov")
        let asTrip = #expect(throws: DatabaseError.self) {
            try clerkLedger.connection.execute("""
                INSERT INTO vehicle_costs (vehicle_id, kind, amount, source, actor) VALUES (\(car.id), 'freight', 5, 'trip', 'kozlov')
                """)
        }
        #expect(asTrip?.sqlstate == "42501")
        let audit = try f.connection.fetch(String.self, """
            SELECT action || ' ' || (data->>'db_login') FROM audit_log WHERE entity = 'vehicle' AND entity_id = \(car.id)
               AND action LIKE 'cost_line%'
            """)
        #expect(audit == ["cost_line \(clerkLogin.name)"])

        // The operator edits the car's purchase cost: the database books the difference.
        let operatorVehicles = VehicleRepository(connection: try PGConnection(operatorLogin.conninfo))
        var edited = try #require(try operatorVehicles.get(id: car.id))
        edited.purchaseCost = Money(roubles: 1_480_000)
        _ = try operatorVehicles.update(edited, actor: "anna")
        let landed = try CostLedgerRepository(connection: f.connection).landedCost(vehicleID: car.id)
        #expect(landed[.purchase] == Money(roubles: 1_480_000) && landed.total == Money(roubles: 1_492_500))
    }
}
