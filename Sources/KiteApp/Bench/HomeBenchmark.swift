import Foundation
import KiteStore
import KiteTerminal
import KiteUI

/// `kite bench home`: the АРЦ screen's first paint — every tile's number counted by the
/// database in one call and the screen drawn — measured from the screen being opened to
/// the drawn frame with numbers. A cold start (a new connection, the reference data, then
/// the tiles) is reported beside it. Not a test: it reports, it never fails on time.
@MainActor
public enum HomeBenchmark {
    public struct Figures: Sendable {
        public var vehicles: Int
        /// Who it ran as: nil, the owner (row-level security does not bind it); else a person's login.
        public var login: String?
        public var firstPaint: [Double] = []
        public var coldStart: [Double] = []

        public func report() -> String {
            func line(_ name: String, _ samples: [Double], target: String) -> String {
                let p50 = StockBenchmark.percentile(samples, 0.50), p95 = StockBenchmark.percentile(samples, 0.95)
                return name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: "p50 %7.2f ms   p95 %7.2f ms   n=%-4d target %@", p50, p95, samples.count, target)
            }
            let who = login.map { "as \($0), under row-level security" } ?? "as the owner (no row-level security)"
            return """
                Home screen (АРЦ) at \(CellFormatter.grouped(vehicles)) vehicles, \(who) (count + render, 160×48 in-memory surface)
                \(line("first paint", firstPaint, target: "p95 < 50 ms"))
                \(line("cold start", coldStart, target: "(connect + references + tiles)"))
                """
        }
    }

    /// `login`: a person's database login (`conninfo` then connects as it, so its
    /// dealership's policies bind every count); nil runs as `conninfo`'s owner.
    public static func run(environment: AppEnvironment, conninfo: String, vehicles: Int, login: String? = nil) throws -> Figures {
        let surface = MemorySurface(rows: 48, columns: 160)
        var figures = Figures(vehicles: vehicles, login: login)
        let conninfo = login.map { conninfo + " user=\($0)" } ?? conninfo
        let appLogin = login ?? "bench"

        func paint(_ app: KiteApplication, _ home: HomeScreen) throws {
            let deadline = Date().addingTimeInterval(30)
            while home.counts == nil {
                guard Date() < deadline else { throw SeedError("the home screen's numbers did not arrive in 30 s") }
                app.database.waitAndDeliver(timeout: 100)
            }
            app.draw(on: surface)
        }

        // Cold: the application as `kite` starts it, ten times.
        for _ in 0..<10 {
            let start = DispatchTime.now().uptimeNanoseconds
            let app = KiteApplication(environment: environment, conninfo: conninfo, login: appLogin, listensForChanges: false)
            app.start(on: .home)
            guard let home = app.stack.first as? HomeScreen else { throw SeedError("no home screen") }
            try paint(app, home)
            figures.coldStart.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
            app.database.settle()
            app.shutdown()
        }

        // Warm: the screen opened afresh (Alt-0 from elsewhere) on a running application, 50 times.
        let app = KiteApplication(environment: environment, conninfo: conninfo, login: appLogin, listensForChanges: false)
        defer { app.shutdown() }
        app.start(on: .stock)
        app.database.settle()
        for _ in 0..<50 {
            let start = DispatchTime.now().uptimeNanoseconds
            let home = HomeScreen(app: app)
            app.replaceRoot(with: home)
            try paint(app, home)
            figures.firstPaint.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
            app.database.settle()
        }
        return figures
    }
}
