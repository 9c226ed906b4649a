import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// `kite bench stock`: the stock screen as a user drives it, headless on an
/// in-memory surface — each figure is query plus render, measured from the
/// key press to the drawn frame. Not a test: it reports, it never fails on time.
@MainActor
public enum StockBenchmark {
    public struct Figures: Sendable {
        public var vehicles: Int
        public var firstPage: [Double] = []
        public var filterKeystroke: [Double] = []
        public var pageDown: [Double] = []
        public var peakRSSKiB: Int = 0
        /// The slowest filter keystrokes and the filter text after them.
        public var slowestFilters: [(text: String, ms: Double)] = []

        public func report() -> String {
            func line(_ name: String, _ samples: [Double], target: String) -> String {
                let p50 = percentile(samples, 0.50), p95 = percentile(samples, 0.95)
                return name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: "p50 %7.2f ms   p95 %7.2f ms   n=%-4d target %@", p50, p95, samples.count, target)
            }
            return """
                Stock screen at \(CellFormatter.grouped(vehicles)) vehicles (query + render, 160×48 in-memory surface)
                \(line("first page", firstPage, target: "< 50 ms"))
                \(line("filter keystroke", filterKeystroke, target: "p95 < 30 ms"))
                \(line("page down", pageDown, target: "p95 < 10 ms"))
                peak RSS (the UI part)  \(peakRSSKiB / 1024) MiB   target < 40 MB
                slowest filter keystrokes: \(slowestFilters.map { String(format: "“%@” %.1f ms", $0.text, $0.ms) }.joined(separator: ", "))
                """
        }
    }

    nonisolated static func percentile(_ samples: [Double], _ p: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let sorted = samples.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
        return sorted[max(0, index)]
    }

    public static func run(environment: AppEnvironment, conninfo: String, vehicles: Int) throws -> Figures {
        ProcessMemory.resetPeak()
        let surface = MemorySurface(rows: 48, columns: 160)
        let app = KiteApplication(environment: environment, conninfo: conninfo, login: "bench", listensForChanges: false)
        defer { app.shutdown() }
        app.start(on: .stock)
        app.database.settle()
        guard let list = app.stockList else { throw SeedError("no stock screen") }
        var figures = Figures(vehicles: vehicles)

        // From the key to the frame that shows the rows; the match count that
        // follows on its own is not part of what the user waits for.
        func timed(_ action: () -> Void) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            action()
            while list.isLoading || list.isPaging { app.database.waitAndDeliver(timeout: 100) }
            app.draw(on: surface)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
            app.database.settle()
            return elapsed
        }

        // First page: the list opened afresh, 30 times.
        for _ in 0..<30 { figures.firstPage.append(timed { list.reload() }) }

        // Filter keystrokes: VIN fragments and make/model words typed one key at a time.
        for word in ["XTA", "LVV", "XZGFF7", "haval jolion", "lada vesta", "geely", "Z94", "camry"] {
            app.handleKey(.character("/"))
            var typed = ""
            for character in word {
                typed.append(character)
                let ms = timed { app.handleKey(.character(character)) }
                figures.filterKeystroke.append(ms)
                figures.slowestFilters.append((typed, ms))
            }
            for _ in word { app.handleKey(.backspace) }
            app.database.settle()
            app.handleKey(.escape)
        }

        // Page down through the unfiltered list: 300 pages, the window refilling as it goes.
        list.applyFilter("")
        app.database.settle()
        for _ in 0..<300 { figures.pageDown.append(timed { app.handleKey(.pageDown) }) }

        figures.slowestFilters = Array(figures.slowestFilters.sorted { $0.ms > $1.ms }.prefix(6))
        figures.peakRSSKiB = ProcessMemory.peakKiB()
        return figures
    }
}

/// Peak resident memory from /proc (Linux): VmHWM, resettable so the figure
/// covers the UI's work and not the seeding before it.
enum ProcessMemory {
    static func resetPeak() {
        // "5" resets the peak RSS counter (proc(5), clear_refs).
        if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            handle.write(Data("5".utf8))
            try? handle.close()
        }
    }

    static func peakKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}
