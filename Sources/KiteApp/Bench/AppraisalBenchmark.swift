import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// `kite bench appraisals`: the comparables of one appraisal (`AppraisalRepository.comparables`,
/// one query) against many sold cars — each figure from the call to the summary, for probes
/// spread over the makes, models, years and mileages of the seeded sales. Reports; never fails.
public enum AppraisalBenchmark {
    public struct Figures: Sendable {
        public var soldCars: Int
        public var samples: [Double] = []
        public var medianComparables = 0

        public func report() -> String {
            "Comparables at \(CellFormatter.grouped(soldCars)) sold cars (one query, local socket)\n"
                + "comparables".padding(toLength: 22, withPad: " ", startingAt: 0)
                + String(format: "p50 %7.2f ms   p95 %7.2f ms   n=%-4d target p95 < 20 ms   (median %d comparables per probe)",
                         StockBenchmark.percentile(samples, 0.50), StockBenchmark.percentile(samples, 0.95),
                         samples.count, medianComparables)
        }
    }

    /// The makes and models of the synthetic sales.
    static let models: [(String, String)] = [
        ("Lada", "Vesta"), ("Lada", "Granta"), ("Kia", "Rio"), ("Kia", "Sportage"), ("Hyundai", "Solaris"),
        ("Hyundai", "Creta"), ("Volkswagen", "Polo"), ("Skoda", "Octavia"), ("Toyota", "Camry"), ("Toyota", "RAV4"),
        ("Haval", "Jolion"), ("Haval", "F7"), ("Chery", "Tiggo 7 Pro"), ("Geely", "Coolray"), ("Renault", "Logan"),
        ("Nissan", "Qashqai"), ("Mazda", "CX-5"), ("BMW", "X5"), ("Mercedes-Benz", "E-Class"), ("Exeed", "TXL"),
    ]

    /// Adds sold cars with their contracted deals until there are `count`, 100,000 per
    /// statement. Triggers are off while it runs (session_replication_role = replica, as the
    /// owner may): bench data needs no audit rows, cost lines or jobs — so the sale the
    /// deals trigger would keep on the car (`sold_at`, `sale_price`) is written here.
    public static func seed(_ connection: PGConnection, count: Int, progress: (String) -> Void) throws -> Int {
        let present = try connection.fetchOne(Int.self,
            "SELECT count(*)::int FROM vehicles WHERE status IN ('sold', 'delivered') AND stock_number LIKE 'BS-%'") ?? 0
        guard present < count else { return present }
        let dealership = try connection.fetchOne(Int64.self, "SELECT min(id) FROM dealerships") ?? 0
        let customer = try connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, dealership_id, updated_by) VALUES ('person', 'Покупатель (бенчмарк)', \(dealership), 'bench')
            RETURNING id
            """) ?? 0
        let makes = models.map(\.0), names = models.map(\.1)
        var done = present
        while done < count {
            let size = min(100_000, count - done)
            try connection.transaction { c in
                try c.execute("SET LOCAL session_replication_role = replica")
                try c.execute("""
                    WITH m AS (SELECT * FROM unnest(\(makes), \(names)) WITH ORDINALITY AS t(make, model, n)),
                    s AS (
                        SELECT g, current_date - 400 + (g % 360)::int - (g * 31 % 120)::int AS arrival,
                               (600000 + (g * 104729 % 3000000))::numeric(14,2) AS price
                          FROM generate_series((\(done + 1))::bigint, (\(done + size))::bigint) g),
                    v AS (
                        INSERT INTO vehicles (stock_number, vin, make, model, year, mileage_km, condition, status, dealership_id,
                                              purchase_cost, list_price, arrival_date, sold_at, sale_price, updated_by)
                        SELECT 'BS-' || lpad(s.g::text, 10, '0'),
                               'BSX' || lpad(upper(to_hex(s.g)), 14, '0'),
                               m.make, m.model, 2013 + (s.g * 7 % 13), (s.g * 7919 % 250) * 1000, 'used',
                               CASE WHEN s.g % 3 = 0 THEN 'sold' ELSE 'delivered' END, \(dealership),
                               s.price - 100000, s.price, s.arrival,
                               (s.arrival + (s.g % 120)::int)::timestamptz, s.price, 'bench'
                          FROM s JOIN m ON m.n = 1 + s.g % \(models.count)
                        RETURNING id, list_price, sold_at, sale_price, stock_number)
                    INSERT INTO deals (number, dealership_id, manager_login, customer_id, vehicle_id, stage, list_price, sale_price,
                                       contracted_at, updated_by)
                    SELECT 'BN-' || substr(v.stock_number, 4, 4) || '-' || substr(v.stock_number, 8, 6), \(dealership), 'bench', \(customer), v.id,
                           'contracted', v.list_price, v.sale_price, v.sold_at, 'bench'
                      FROM v
                    """)
            }
            done += size
            progress("sold cars: \(CellFormatter.grouped(done)) of \(CellFormatter.grouped(count))")
        }
        try connection.execute("VACUUM ANALYZE vehicles")
        try connection.execute("VACUUM ANALYZE deals")
        return done
    }

    /// `probes` lookups spread over the catalogue (deterministic).
    public static func run(conninfo: String, soldCars: Int, probes: Int = 400) throws -> Figures {
        let repository = AppraisalRepository(connection: try PGConnection(conninfo))
        var figures = Figures(soldCars: soldCars)
        var counts: [Int] = []
        for i in 0..<probes {
            let (make, model) = models[i % models.count]
            let year = 2014 + (i * 5 % 11)
            let mileage = (i * 37 % 200) * 1000
            let start = DispatchTime.now().uptimeNanoseconds
            let summary = try repository.comparables(make: make, model: model, modelYear: year, mileageKm: mileage)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
            if i >= 20 { figures.samples.append(elapsed) }   // the first ones warm the cache
            counts.append(summary.count)
        }
        figures.medianComparables = counts.sorted()[counts.count / 2]
        return figures
    }
}
