import Foundation
import KiteStore

/// The table `kited status` prints.
public enum StatusReport {
    /// Counts per queue and state, the oldest available job per queue, the
    /// failures of the last hour and the current leader.
    public static func render(_ stats: JobStats, leader: String?) -> String {
        let states: [JobState] = [.available, .scheduled, .retryable, .running, .completed, .discarded, .cancelled]
        let queueNames = Set(stats.counts.map(\.queue)).sorted()
        var rows: [[String]] = [["queue"] + states.map(\.rawValue) + ["oldest available"]]
        for queue in queueNames {
            var row = [queue]
            for state in states { row.append(String(stats.count(queue: queue, state: state))) }
            row.append(stats.oldestAvailableAge[queue].map(formatAge) ?? "-")
            rows.append(row)
        }
        if queueNames.isEmpty {
            rows.append(["(no jobs)"] + states.map { _ in "0" } + ["-"])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines: [String] = []
        for (index, row) in rows.enumerated() {
            let cells = row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            lines.append(cells.joined(separator: "  "))
            if index == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        lines.append("")
        lines.append("failures in the last hour: \(stats.failuresLastHour) (discarded: \(stats.discardedLastHour))")
        lines.append("leader: \(leader ?? "none")")
        return lines.joined(separator: "\n")
    }

    /// `42 s`, `3 min 5 s`, `2 h 10 min`, `3 d 4 h`.
    public static func formatAge(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        if s < 86400 { return "\(s / 3600) h \(s % 3600 / 60) min" }
        return "\(s / 86400) d \(s % 86400 / 3600) h"
    }
}
