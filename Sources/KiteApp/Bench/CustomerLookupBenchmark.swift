import Foundation
import KiteDemo
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// `kite bench customers`: the customer picker of the deal form as a manager
/// types into it — each figure is the query plus the drawn frame, from the
/// key press, on a 160×48 in-memory surface. Also a keystroke in the deal
/// form's price fields, where the totals are recomputed. Reports; never fails.
@MainActor
public enum CustomerLookupBenchmark {
    public struct Figures: Sendable {
        public var customers: Int
        public var lookupKeystroke: [Double] = []
        public var formKeystroke: [Double] = []
        public var slowest: [(text: String, ms: Double)] = []

        public func report() -> String {
            func line(_ name: String, _ samples: [Double], target: String) -> String {
                name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: "p50 %7.2f ms   p95 %7.2f ms   n=%-4d target %@",
                             StockBenchmark.percentile(samples, 0.50), StockBenchmark.percentile(samples, 0.95),
                             samples.count, target)
            }
            return """
                Customer picker at \(CellFormatter.grouped(customers)) customers (query + render, 160×48 in-memory surface)
                \(line("picker keystroke", lookupKeystroke, target: "p95 < 30 ms"))
                \(line("deal form keystroke", formKeystroke, target: "p95 < 10 ms"))
                slowest picker keystrokes: \(slowest.map { String(format: "“%@” %.1f ms", $0.text, $0.ms) }.joined(separator: ", "))
                """
        }
    }

    /// Adds synthetic customers by COPY until there are `count`.
    nonisolated public static func seed(_ connection: PGConnection, count: Int) throws -> Int {
        let present = try connection.fetchOne(Int.self, "SELECT count(*)::int FROM customers") ?? 0
        guard present < count else { return present }
        var remaining = count - present
        var batch = 0
        while remaining > 0 {
            let size = min(remaining, 50_000)
            let customers = DemoCustomers.make(persons: size, seed: UInt64(1_000 + present + batch)).map { customer in
                var c = customer.normalized()
                c.updatedBy = "bench"
                return c
            }
            try CustomerRepository(connection: connection).copyIn(customers.prefix(size))
            remaining -= size
            batch += size
        }
        try connection.execute("VACUUM ANALYZE customers")
        return try connection.fetchOne(Int.self, "SELECT count(*)::int FROM customers") ?? 0
    }

    public static func run(environment: AppEnvironment, conninfo: String, customers: Int) throws -> Figures {
        let surface = MemorySurface(rows: 48, columns: 160)
        let app = KiteApplication(environment: environment, conninfo: conninfo, login: "bench", listensForChanges: false)
        defer { app.shutdown() }
        app.start(on: .stock)
        app.database.settle()
        var figures = Figures(customers: customers)
        func timed(_ action: () -> Void) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            action()
            app.database.settle()
            app.draw(on: surface)
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        }
        app.openNewDeal(vehicle: nil)
        app.database.settle()
        // Names, phones as people type them, passport and INN prefixes.
        for text in ["смирнова ан", "кузнецов", "петров дм", "8 916", "+7 903 1", "4512", "7712", "волкова ек"] {
            app.handleKey(.enter)          // the customer field opens its picker
            app.database.settle()
            var typed = ""
            for character in text {
                typed.append(character)
                let ms = timed { app.handleKey(.character(character)) }
                figures.lookupKeystroke.append(ms)
                figures.slowest.append((typed, ms))
            }
            app.handleKey(.escape)
            app.database.settle()
        }
        // The price fields: totals and VAT recomputed on every key.
        guard let form = app.stack.last as? CardScreen<DealEditor> else { throw SeedError("no deal form") }
        form.form?.focus(bind: "trade_in_credit")
        for _ in 0..<10 {
            for character in "150000" { figures.formKeystroke.append(timed { app.handleKey(.character(character)) }) }
            for _ in 0..<6 { figures.formKeystroke.append(timed { app.handleKey(.backspace) }) }
        }
        figures.slowest = Array(figures.slowest.sorted { $0.ms > $1.ms }.prefix(5))
        return figures
    }
}
