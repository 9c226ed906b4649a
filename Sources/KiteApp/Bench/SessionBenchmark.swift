import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// `kite bench sessions` (issue 11): many people at once, each in their own `kite`
/// process with their own connections, against one PostgreSQL. This is one of those
/// sessions, headless on an 80×24 in-memory surface, listening for changes like the
/// TUI: it opens the stock list, then types a filter key every `interval` seconds
/// (a word one letter at a time, then erased one letter at a time), each keystroke
/// timed from the key to the drawn frame. Not a test: it reports.
@MainActor
public enum SessionBenchmark {
    public struct Session: Codable, Sendable {
        public var keystrokes: [Double]
        public var firstPage: Double
        /// Resident memory at the end and its peak, KiB (/proc/self/status).
        public var rssKiB: Int
        public var peakKiB: Int
        public var errors: Int
    }

    static let words = ["XTA", "haval", "LVV", "lada vesta", "geely", "Z94", "camry", "jolion"]

    public static func runSession(environment: AppEnvironment, conninfo: String, seconds: Double, interval: Double,
                                  index: Int) throws -> Session {
        let surface = MemorySurface(rows: 24, columns: 80)
        let app = KiteApplication(environment: environment, conninfo: conninfo, listensForChanges: true)
        defer { app.shutdown() }
        let opened = DispatchTime.now().uptimeNanoseconds
        app.start()
        app.database.settle()
        guard let list = app.stockList else { throw SeedError("no stock screen") }
        app.draw(on: surface)
        let firstPage = Double(DispatchTime.now().uptimeNanoseconds - opened) / 1_000_000

        // The keys, in order: "/" opens the filter (not timed), then letters and backspaces.
        var keys: [Key] = []
        for offset in 0..<words.count {
            let word = words[(index + offset) % words.count]
            keys += word.map { Key.character($0) } + word.map { _ in Key.backspace }
        }
        app.handleKey(.character("/"))
        app.database.settle()

        var session = Session(keystrokes: [], firstPage: firstPage, rssKiB: 0, peakKiB: 0, errors: 0)
        let start = Date()
        // People do not type in step: each session starts at its own point of the interval.
        var next = start.addingTimeInterval(interval * Double(index % 97) / 97)
        var position = 0
        while Date().timeIntervalSince(start) < seconds {
            // Between keystrokes: notifications and whatever else arrives are handled.
            while Date() < next {
                app.database.waitAndDeliver(timeout: Int32(max(1, min(100, next.timeIntervalSinceNow * 1000))))
            }
            next = next.addingTimeInterval(interval)
            let key = keys[position % keys.count]
            position += 1
            let pressed = DispatchTime.now().uptimeNanoseconds
            app.handleKey(key)
            let deadline = Date().addingTimeInterval(30)
            while (list.isLoading || list.isPaging) && Date() < deadline { app.database.waitAndDeliver(timeout: 100) }
            if list.isLoading { session.errors += 1 }
            app.draw(on: surface)
            session.keystrokes.append(Double(DispatchTime.now().uptimeNanoseconds - pressed) / 1_000_000)
        }
        session.rssKiB = ProcessMemory.currentKiB()
        session.peakKiB = ProcessMemory.peakKiB()
        return session
    }

    /// What `kite bench sessions` prints for the sessions' figures.
    public static func report(sessions: [Session], started: Int, connectionsPeak: Int, connectionsIdleSample: Int,
                              seconds: Double, interval: Double, login: String, vehicles: Int) -> String {
        let keystrokes = sessions.flatMap(\.keystrokes)
        let rss = sessions.map { Double($0.rssKiB) / 1024 }
        let peak = sessions.map { Double($0.peakKiB) / 1024 }
        let first = sessions.map(\.firstPage)
        func p(_ samples: [Double], _ q: Double) -> Double { StockBenchmark.percentile(samples, q) }
        return """
            \(started) sessions (\(sessions.count) reported) as \(login), \(CellFormatter.grouped(vehicles)) vehicles, \
            a filter key every \(String(format: "%.1f", interval)) s for \(Int(seconds)) s each
            connections to PostgreSQL      peak \(connectionsPeak) (\(String(format: "%.2f", Double(connectionsPeak) / Double(max(1, started)))) per session), \
            mid-run sample \(connectionsIdleSample)
            RSS per session                p50 \(String(format: "%.1f", p(rss, 0.5))) MiB   max \(String(format: "%.1f", rss.max() ?? .nan)) MiB   \
            (peak p50 \(String(format: "%.1f", p(peak, 0.5))) MiB)
            first page                     p50 \(String(format: "%.1f", p(first, 0.5))) ms   p95 \(String(format: "%.1f", p(first, 0.95))) ms
            filter keystroke               p50 \(String(format: "%.1f", p(keystrokes, 0.5))) ms   p95 \(String(format: "%.1f", p(keystrokes, 0.95))) ms   \
            max \(String(format: "%.1f", keystrokes.max() ?? .nan)) ms   n=\(keystrokes.count)   unfinished \(sessions.map(\.errors).reduce(0, +))
            """
    }
}

extension ProcessMemory {
    static func currentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}
