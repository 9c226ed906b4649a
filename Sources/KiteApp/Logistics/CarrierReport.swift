import Foundation
import KiteDomain
import KiteStore
import KiteTerminal

/// `kite report carriers`: per carrier, the stops its trucks reached in the period, how many
/// by their ETA, the average and the worst delay, and the claims opened on its trips.
public enum CarrierReport {
    /// The report as lines of a table (the header first), or one line saying there is nothing.
    public static func lines(_ rows: [CarrierPerformance], language: Language) -> [String] {
        guard !rows.isEmpty else { return [CarrierReportText.empty(language)] }
        let header = [CarrierReportText.carrier, .arrivals, .onTime, .averageDelay, .worstDelay, .claims, .openClaims, .settled]
            .map { $0(language) }
        let body = rows.map { row -> [String] in
            [Sanitizer.clean(row.carrierName), String(row.arrivals),
             row.onTimePercent.map { "\(row.onTime) (\($0) %)" } ?? "—",
             row.averageDelayMinutes.map { TripTime.duration(minutes: $0).text(language) } ?? "—",
             row.worstDelayMinutes.map { TripTime.duration(minutes: $0).text(language) } ?? "—",
             String(row.claims), String(row.openClaims), row.settledAmount.formatted(language)]
        }
        let widths = header.indices.map { column in ([header] + body).map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        return ([header] + body).map { cells in
            cells.enumerated().map { column, cell in
                DisplayWidth.pad(cell, to: widths[column], alignment: column == 0 ? .left : .right)
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }

    /// Loads and formats the report for `from`…`to` (days, both included; nil: open).
    public static func run(conninfo: String, from: CivilDate?, to: CivilDate?, language: Language) throws -> [String] {
        let rows = try CarrierReportQuery(connection: PGConnection(conninfo)).performance(from: from, to: to)
        return lines(rows, language: language)
    }
}

enum CarrierReportText: TextKey {
    case carrier, arrivals, onTime, averageDelay, worstDelay, claims, openClaims, settled, empty

    var text: LocalizedText {
        switch self {
        case .carrier: LocalizedText(ru: "Перевозчик", en: "Carrier")
        case .arrivals: LocalizedText(ru: "Прибытий", en: "Arrivals")
        case .onTime: LocalizedText(ru: "Вовремя", en: "On time")
        case .averageDelay: LocalizedText(ru: "Ср. опоздание", en: "Avg delay")
        case .worstDelay: LocalizedText(ru: "Макс. опоздание", en: "Worst delay")
        case .claims: LocalizedText(ru: "Претензий", en: "Claims")
        case .openClaims: LocalizedText(ru: "Открыто", en: "Open")
        case .settled: LocalizedText(ru: "Возмещено", en: "Settled")
        case .empty: LocalizedText(ru: "За период нет ни прибытий, ни претензий", en: "No arrivals and no claims in the period")
        }
    }
}
