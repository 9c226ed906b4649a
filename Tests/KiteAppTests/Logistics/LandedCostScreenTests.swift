import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTerminal
import Testing

/// The landed cost on the vehicle card (read-only footer: the sum by kind, the latest
/// ledger lines) and the profit on the deal card, after a trip of three cars closed at
/// 100 000 ₽.
@MainActor
@Suite("Landed cost on the vehicle and deal cards")
struct LandedCostScreenTests {
    /// The golden stock in MSK; MSK-000001, -000002 and -000005 carried yard → showroom
    /// on a trip priced 100 000 ₽ and closed; MSK-000001 also polished for 12 500 ₽ and its
    /// ЭПТС paid for, 3 000 ₽ (four lines: the card shows the latest three).
    private func harnessWithClosedTrip(rows: Int = 24, columns: Int = 80) throws -> (AppHarness, Trip) {
        let harness = try AppHarness(rows: rows, columns: columns)
        let msk = try harness.dealershipID("MSK")
        let references = ReferenceRepository(connection: harness.connection)
        let locations = try references.locations(dealershipID: msk)
        let yard = try #require(locations.first { $0.kind == .yard })
        let showroom = try #require(locations.first { $0.kind == .showroom })
        let vehicles = VehicleRepository(connection: harness.connection)
        var ids: [String: Int64] = [:]
        for var vehicle in GoldenStock.vehicles(dealershipID: msk) {
            vehicle.locationID = yard.id
            ids[vehicle.stockNumber] = try vehicles.insert(vehicle, actor: "seed").id
        }
        let carrier = try #require(try CarrierRepository(connection: harness.connection).list("Автовоз-Транс").first)
        let fleet = FleetRepository(connection: harness.connection)
        let truck = try fleet.insert(Truck(carrierID: carrier.id, plate: "В001ОР116", capacity: 8), actor: "seed")
        let driver = try #require(try fleet.drivers(carrierID: carrier.id).first)
        var trip = Trip()
        trip.dealershipID = msk
        trip.carrierID = carrier.id
        trip.truckID = truck.id
        trip.driverID = driver.id
        trip.price = Money(roubles: 100_000)
        let trips = TripRepository(connection: harness.connection)
        let stored = try trips.create(trip, stops: [TripStop(position: 1, locationID: yard.id), TripStop(position: 2, locationID: showroom.id)],
                                      on: CivilDate(year: 2026, month: 12, day: 3)!, actor: "sidorova")
        let stops = try trips.stops(tripID: stored.id)
        for number in ["MSK-000001", "MSK-000002", "MSK-000005"] {
            try trips.addVehicle(tripID: stored.id, vehicleID: ids[number]!, pickupStopID: stops[0].id, dropStopID: stops[1].id,
                                 actor: "sidorova")
        }
        try trips.depart(tripID: stored.id, actor: "sidorova")
        try trips.arrive(tripID: stored.id, stopID: stops[1].id, actor: "sidorova")
        try trips.close(tripID: stored.id, actor: "sidorova")
        try CostLedgerRepository(connection: harness.connection).addManual(
            vehicleID: ids["MSK-000001"]!, kind: .reconditioning, amount: Money(roubles: 12_500), note: "полировка, химчистка",
            actor: "sidorova")
        try CostLedgerRepository(connection: harness.connection).addManual(
            vehicleID: ids["MSK-000001"]!, kind: .other, amount: Money(roubles: 3_000), note: "оформление ЭПТС", actor: "sidorova")
        return (harness, stored)
    }

    /// Today's date (the ledger's lines are dated by the database) masked for the golden.
    private func masked(_ screen: String) -> String {
        screen.replacingOccurrences(of: DayFormat.display(Date()), with: "ДД.ММ.ГГГГ")
    }

    private func focus(_ harness: AppHarness, label: String) {
        for _ in 0..<20 {
            if let cursor = harness.surface.cursor, harness.surface.line(cursor.row).hasPrefix(label) { return }
            harness.press(.tab)
        }
        Issue.record("no field labelled \(label)")
    }

    private func currentLine(_ harness: AppHarness) -> String {
        harness.surface.cursor.map { harness.surface.line($0.row) } ?? ""
    }

    @Test("a carrier's invoice entered with its trip number and confirmed re-splits the trip's freight")
    func carrierInvoiceFromThePaymentForm() throws {
        let (harness, trip) = try harnessWithClosedTrip(rows: 30, columns: 100)
        defer { harness.shutdown() }
        harness.app.run("app.new_payment")
        harness.settle()
        focus(harness, label: "Вид")
        for _ in 0..<12 where !currentLine(harness).contains("счёт перевозчика") { harness.press(.right) }
        focus(harness, label: "Способ")
        for _ in 0..<6 where !currentLine(harness).contains("безналичный перевод") { harness.press(.right) }
        focus(harness, label: "Сумма")
        harness.type("110 000")
        focus(harness, label: "Рейс")
        harness.type(trip.number.lowercased())
        focus(harness, label: "Плательщик")
        harness.type("ООО «Автовоз-Транс»")
        harness.press(.function(2))
        let stored = try #require(try harness.connection.fetchOne(Int64.self, "SELECT id FROM payments WHERE trip_id = \(trip.id)"),
                                  "\(harness.screen)")
        let payments = PaymentRepository(connection: harness.connection)
        #expect(try payments.get(id: stored)?.tripNumber == trip.number)
        try payments.confirm(id: stored, actor: "kuznetsov")
        let car = try #require(try harness.connection.fetchOne(Int64.self, "SELECT id FROM vehicles WHERE stock_number = 'MSK-000001'"))
        #expect(try CostLedgerRepository(connection: harness.connection).landedCost(vehicleID: car)[.freight]
                == (try Money.parse("36 666,66")))
    }

    @Test("the trip field of a payment takes a trip number, and only for a carrier's invoice")
    func tripFieldRules() throws {
        let harness = try AppHarness(rows: 30, columns: 100)
        defer { harness.shutdown() }
        harness.app.run("app.new_payment")
        harness.settle()
        focus(harness, label: "Сумма")
        harness.type("100")
        focus(harness, label: "Рейс")
        harness.type("MSK-TR-2026-000001")
        harness.press(.function(2))
        #expect(harness.screen.contains("Рейс: указывается только для вида «счёт перевозчика»"), "\(harness.screen)")
        focus(harness, label: "Рейс")
        harness.press(.control("u"))
        harness.type("рейс 45")
        harness.press(.function(2))
        #expect(harness.screen.contains("Рейс: номер вида MSK-TR-2026-000045"), "\(harness.screen)")
        #expect(try harness.connection.fetchOne(Int.self, "SELECT count(*)::int FROM payments") == 0)
    }

    @Test("golden: the vehicle card with its landed cost and its ledger lines' table at 80×24")
    func vehicleCardWithCostLines() throws {
        let (harness, _) = try harnessWithClosedTrip()
        defer { harness.shutdown() }
        harness.app.run("list.refresh")
        harness.settle()
        harness.press(.enter)   // MSK-000001, the first row
        let screen = masked(harness.screen)
        #expect(screen.contains("Себестоимость 1\u{00A0}368\u{00A0}833,33\u{00A0}₽ (закупка 1\u{00A0}320\u{00A0}000"), "\(screen)")
        // The lines are the costs table's (the first of four shown, F6 reaches the rest).
        #expect(screen.contains("закупочная цена"), "\(screen)")
        expectScreen(screen, golden: "vehicle-card-costs-80x24-ru")
    }
}
