import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Seeds 1,000,000 vehicles with COPY and prints EXPLAIN ANALYZE of the stock
/// list's queries. Slow (minutes), so it runs only when asked:
/// `KITE_BENCH_1M=1 swift test --filter MillionRowBenchmark`.
@Suite("1M-row stock list benchmark")
struct MillionRowBenchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KITE_BENCH_1M"] == "1",
                   "set KITE_BENCH_1M=1 to seed 1,000,000 vehicles and print EXPLAIN ANALYZE"))
    func explainAtOneMillionRows() throws {
        let fixture = try StockFixture()
        let models = [("Haval", "Jolion"), ("Haval", "F7"), ("Haval", "Dargo"), ("Lada", "Vesta"), ("Lada", "Granta"),
                      ("Lada", "Niva Travel"), ("Chery", "Tiggo 7 Pro"), ("Chery", "Tiggo 4"), ("Geely", "Monjaro"),
                      ("Geely", "Coolray"), ("Toyota", "Camry"), ("Toyota", "RAV4"), ("Kia", "Rio"), ("Kia", "Sportage"),
                      ("Hyundai", "Solaris"), ("Hyundai", "Creta"), ("Changan", "UNI-K"), ("Exeed", "LX"),
                      ("Omoda", "C5"), ("Tank", "300"), ("Volkswagen", "Polo"), ("Skoda", "Octavia"),
                      ("BMW", "X5"), ("Mercedes-Benz", "E-Class"), ("Moskvich", "3")]
        let vinAlphabet = Array("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        let statuses = VehicleStatus.allCases
        let started = Date()
        let vehicles = (1...1_000_000).lazy.map { number -> Vehicle in
            let (make, model) = models[Int.random(in: 0..<models.count, using: &generator)]
            var vin = ""
            for _ in 0..<17 { vin.append(vinAlphabet[Int.random(in: 0..<vinAlphabet.count, using: &generator)]) }
            return Vehicle(stockNumber: "MSK-\(number)", vin: vin, make: make, model: model, year: 2015 + number % 11,
                           colour: ["белый", "чёрный", "серый", "синий", "красный"][number % 5],
                           mileageKm: Int.random(in: 0..<200_000, using: &generator),
                           status: statuses[number % 100 < 90 ? (number % 100 < 70 ? 6 : 5) : number % 6],
                           dealershipID: fixture.dealership.id,
                           locationID: number % 3 == 0 ? nil : (number % 2 == 0 ? fixture.showroom.id : fixture.yard.id),
                           listPrice: Money(roubles: Int64(500_000 + Int.random(in: 0..<9_000_000, using: &generator))),
                           arrivalDate: number % 10 == 0 ? nil : Date(timeIntervalSince1970: 1_600_000_000 + Double(number % 2000) * 86_400),
                           updatedBy: "seed")
        }
        let copied = try fixture.vehicles.copyIn(vehicles)
        let copySeconds = Date().timeIntervalSince(started)
        // A rare model: 20 cars among a million.
        try fixture.vehicles.copyIn((1...20).map { number in
            Vehicle(stockNumber: "RARE-\(number)", vin: "X7MAURUS" + String(format: "%09d", number), make: "Aurus",
                    model: "Senat", year: 2024, mileageKm: number * 1000, status: .inStock,
                    dealershipID: fixture.dealership.id, listPrice: Money(roubles: 40_000_000), updatedBy: "seed")
        })
        try fixture.connection.execute("VACUUM ANALYZE vehicles")
        print("BENCH copied \(copied) vehicles in \(String(format: "%.1f", copySeconds)) s (+ VACUUM ANALYZE \(String(format: "%.1f", Date().timeIntervalSince(started) - copySeconds)) s)")

        let repository = fixture.vehicles
        let sampleVIN = try #require(try fixture.connection.fetchOne(String.self, "SELECT vin FROM vehicles WHERE id = 500000"))
        let cases: [(String, StockFilter, StockSort)] = [
            ("no filter, stock_number", StockFilter(), StockSort()),
            ("no filter, list_price desc", StockFilter(), StockSort(column: .listPrice, descending: true)),
            ("no filter, arrival_date", StockFilter(), StockSort(column: .arrivalDate)),
            ("VIN fragment 6 chars", StockFilter(text: String(sampleVIN.dropFirst(5).prefix(6))), StockSort()),
            ("VIN fragment 3 chars", StockFilter(text: String(sampleVIN.prefix(3))), StockSort()),
            ("haval jolion", StockFilter(text: "haval jolion"), StockSort()),
            ("haval jolion, mileage", StockFilter(text: "haval jolion"), StockSort(column: .mileageKm)),
            ("bmw, in_stock", StockFilter(text: "bmw", statuses: [.inStock]), StockSort()),
            ("rare word 'moskvich 3'", StockFilter(text: "moskvich 3"), StockSort(column: .year, descending: true)),
            ("status in_stock+reserved", StockFilter(statuses: [.inStock, .reserved]), StockSort(column: .make)),
            ("no match 'zzzz'", StockFilter(text: "zzzz"), StockSort()),
            ("rare 'aurus', mileage", StockFilter(text: "aurus"), StockSort(column: .mileageKm)),
            ("rare 'aurus senat', stock_number desc", StockFilter(text: "aurus senat"), StockSort(column: .stockNumber, descending: true)),
            ("2-char no match 'q7'", StockFilter(text: "q7"), StockSort()),
            ("2-char 'x5', price", StockFilter(text: "x5"), StockSort(column: .listPrice)),
        ]
        for (name, filter, sort) in cases {
            let first = try repository.page(filter: filter, sort: sort, limit: 50)
            let t0 = Date()
            let page = try repository.page(filter: filter, sort: sort, limit: 50)
            let firstMs = Date().timeIntervalSince(t0) * 1000
            var nextMs = 0.0
            if let last = page.last {
                let t1 = Date()
                _ = try repository.page(filter: filter, sort: sort, after: StockCursor(row: last, sort: sort), limit: 50)
                nextMs = Date().timeIntervalSince(t1) * 1000
            }
            let query = repository.pageQuery(filter: filter, sort: sort, limit: 50)
            let plan = try fixture.connection.execute(SQL(unsafeRaw: "EXPLAIN (ANALYZE, BUFFERS) ") + query)
            let lines = (0..<plan.rowCount).compactMap { plan.string(row: $0, column: 0) }
            print("BENCH \(name): rows \(first.count), first page \(String(format: "%.1f", firstMs)) ms, next page \(String(format: "%.1f", nextMs)) ms")
            for line in lines { print("BENCH   \(line)") }
        }
        let t2 = Date()
        let count = try repository.count(filter: StockFilter())
        print("BENCH count unfiltered \(count) in \(String(format: "%.1f", Date().timeIntervalSince(t2) * 1000)) ms")
        let t3 = Date()
        let jolionCount = try repository.count(filter: StockFilter(text: "haval jolion"))
        print("BENCH count 'haval jolion' \(jolionCount) in \(String(format: "%.1f", Date().timeIntervalSince(t3) * 1000)) ms")
    }
}
