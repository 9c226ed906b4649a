import Foundation
import KiteDemo
import KiteDomain
import KiteStore

extension Seeder {
    /// Customers and a few deals for the demo, and the verification of every car
    /// queued for kited, when there are no deals yet (so an older demo database gets
    /// them too; not "no customers": the demo appraisals' sellers come first). Returns how many customers and deals.
    @discardableResult
    public static func seedDemoSales(_ connection: PGConnection, login: String) throws -> (customers: Int, deals: Int)? {
        guard try (connection.fetchOne(Int.self, "SELECT count(*)::int FROM deals") ?? 0) == 0,
              let dealershipID = try connection.fetchOne(Int64.self, "SELECT id FROM dealerships ORDER BY id LIMIT 1")
        else { return nil }
        return try connection.transaction { connection in
            try connection.execute("UPDATE employees SET is_senior = true WHERE login IN ('petrov', \(login))")
            // The demo's cars were loaded by COPY, without their checks: queue them for kited.
            struct Car: Decodable { var id: Int64; var vin: String }
            for car in try connection.fetch(Car.self, "SELECT id, vin FROM vehicles WHERE \(fragment: .vehicleIsActive())") {
                try VehicleChecks.enqueue(vehicleID: car.id, vin: car.vin, on: connection)
            }
            let customers = CustomerRepository(connection: connection)
            var stored: [Customer] = []
            for customer in DemoCustomers.make(persons: 40) {
                var c = customer
                c.dealershipID = dealershipID
                stored.append(try customers.insert(c, actor: "seed"))
            }
            try seedDemoInvalidPassports(connection, including: stored[1])
            let cars = try connection.fetch(Int64.self, """
                SELECT id FROM vehicles WHERE dealership_id = \(dealershipID) AND status = 'in_stock' ORDER BY id LIMIT 6
                """)
            let deals = DealRepository(connection: connection)
            let managers = ["ivanova", "petrov", "ivanova", login, "petrov", "ivanova"]
            var count = 0
            for (index, carID) in cars.enumerated() {
                guard let car = try VehicleRepository(connection: connection).get(id: carID) else { continue }
                let customer = stored[index * 3]
                var lines: [DealExtraLine] = [DealExtraLine(kind: .accessory, description: "Комплект ковриков в салон",
                                                            unitPrice: Money(roubles: 6_500))]
                if index % 2 == 0 {
                    lines.append(DealExtraLine(kind: .insurance, description: "КАСКО на 1 год", unitPrice: Money(roubles: 89_000),
                                               vatRate: .withoutVAT))
                }
                let discount = index % 3 == 0 ? Money(roubles: 50_000) : .zero
                let deal = try deals.create(Deal(dealershipID: dealershipID, managerLogin: managers[index],
                                                 customerID: customer.id, vehicleID: car.id, listPrice: car.listPrice,
                                                 salePrice: car.listPrice - discount, discountAmount: discount,
                                                 discountReason: discount == .zero ? nil : "promo", lines: lines),
                                            actor: managers[index])
                count += 1
                if index < 4 {
                    let reserved = try deals.perform(.reserve, dealID: deal.id, expectedVersion: deal.version, actor: managers[index])
                    try seedDemoPrepayment(connection, dealershipID: dealershipID, dealID: deal.id, index: index)
                    // One contract signed with money still owed, for the receivables report.
                    if index == 2 {
                        // The contract gate is the database's (0041): the car's and the
                        // customer's blocking checks passed first.
                        try seedDemoPassedChecks(connection, dealershipID: dealershipID, vehicleID: car.id, vin: car.vin,
                                                 customerID: customer.id)
                        _ = try deals.perform(.contract, dealID: deal.id, expectedVersion: reserved.version, actor: managers[index])
                    }
                }
            }
            return (stored.count, count)
        }
    }

    /// A passed result of every blocking check of the dealership that applies to the
    /// car or the customer (as `kite_check_subject` says), as if kited had run them.
    private static func seedDemoPassedChecks(_ connection: PGConnection, dealershipID: Int64, vehicleID: Int64, vin: String,
                                             customerID: Int64) throws {
        try connection.execute("""
            INSERT INTO check_results (subject_kind, subject_id, vin, check_name, status, provider)
            SELECT s.subject, CASE s.subject WHEN 'vehicle' THEN \(vehicleID) ELSE \(customerID) END,
                   CASE s.subject WHEN 'vehicle' THEN \(vin) END, s.name, 'passed', 'demo'
              FROM dealerships dl CROSS JOIN customers c
              CROSS JOIN LATERAL unnest(dl.blocking_checks) AS b(name)
              CROSS JOIN LATERAL (SELECT kite_check_subject(b.name, c.kind) AS subject, b.name) s
             WHERE dl.id = \(dealershipID) AND c.id = \(customerID) AND s.subject IS NOT NULL
            """)
    }

    /// Today's prepayments on the reserved demo deals, so the finance screens
    /// have something to show: three confirmed by finance, one still pending.
    private static func seedDemoPrepayment(_ connection: PGConnection, dealershipID: Int64, dealID: Int64, index: Int) throws {
        let plan: [(PaymentMethod, Int64, Bool)] = [(.cash, 100_000, true), (.card, 300_000, true),
                                                    (.bankTransfer, 1_000_000, true), (.cash, 50_000, false)]
        let (method, roubles, confirmed) = plan[index % plan.count]
        let payments = PaymentRepository(connection: connection)
        let payment = try payments.insert(PaymentDraft(dealershipID: dealershipID, kind: .prepayment, method: method,
                                                       amount: Money(roubles: roubles), date: BookDay.today(), dealID: dealID),
                                          actor: "sidorova")
        if confirmed { _ = try payments.confirm(id: payment.id, actor: "kuznetsov") }
    }

    /// A small list of invalid passports in the public MVD format, so the demo's
    /// passport check runs; one demo customer (not in a deal) is on it.
    static func seedDemoInvalidPassports(_ connection: PGConnection, including flagged: Customer) throws {
        let registry = PassportRegistry(connection: connection)
        guard try registry.latestImport() == nil else { return }
        var random = SeededRandom(seed: 110)
        var lines = ["PASSP_SERIES,PASSP_NUMBER", "\(flagged.passportSeries),\(flagged.passportNumber)"]
        for _ in 0..<2_000 {
            lines.append(String(format: "%04d,%06d", random.between(1000, 9999), random.between(0, 999_999)))
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kite-demo-passports-\(getpid()).csv")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try registry.importCSV(path: url.path, source: "demo", replace: true) { _ in }
    }
}
