import ArgumentParser
import Foundation
import KiteApp
import KiteDomain

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports printed as tables.",
        subcommands: [CarrierReportCommand.self, BuyoutReportCommand.self])
}

struct CarrierReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carriers",
        abstract: "Per carrier: the stops reached in the period and how many by their ETA, the average and worst delay (an arrival on time counts 0), the claims opened.")

    @OptionGroup var options: DatabaseOptions

    @OptionGroup var period: ReportPeriodOptions

    func run() throws {
        let environment = try? AppEnvironment.load()
        let (first, last) = period.days()
        do {
            for line in try CarrierReport.run(conninfo: options.conninfo(environment), from: first, to: last,
                                              language: cliLanguage(environment)) {
                say(line)
            }
        } catch {
            fail(String(describing: error))
        }
    }
}

struct BuyoutReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buyout",
        abstract: "Look-to-book (appraised → offered → bought per dealership, appraiser and source) and the bought cars' reconditioning, estimate against actual.",
        discussion: """
        The period is of the appraisals' creation (look-to-book) and of the purchases (reconditioning), \
        Moscow days, both included; without --from/--to the last 90 days. --csv FILE writes both parts \
        as CSV for Russian Excel (UTF-8 with BOM, `;`, decimal comma) and prints the file's path.
        """)

    @OptionGroup var options: DatabaseOptions

    @OptionGroup var period: ReportPeriodOptions

    @Option(help: "Write CSV for Russian Excel to this file instead of printing the tables.")
    var csv: String?

    func run() throws {
        let environment = try? AppEnvironment.load()
        let (first, last) = period.days()
        do {
            for line in try BuyoutReport.run(conninfo: options.conninfo(environment), from: first, to: last, csv: csv,
                                             language: cliLanguage(environment)) {
                say(line)
            }
        } catch {
            fail(String(describing: error))
        }
    }
}

/// `--from` and `--to` of a report.
struct ReportPeriodOptions: ParsableArguments {
    @Option(help: "First day (ДД.ММ.ГГГГ or YYYY-MM-DD, Moscow time).")
    var from: String?

    @Option(help: "Last day, included.")
    var to: String?

    /// The days given (nil where not given); a bad day or a period ending before it starts
    /// ends the process with a message naming the option.
    func days() -> (first: CivilDate?, last: CivilDate?) {
        func day(_ text: String?, _ name: String) -> CivilDate? {
            guard let text else { return nil }
            guard let day = FinanceCLI.parseDay(text) else { fail("--\(name) \(text): expected ДД.ММ.ГГГГ or YYYY-MM-DD") }
            return day
        }
        let first = day(from, "from"), last = day(to, "to")
        if let first, let last, last < first { fail("--to \(to ?? ""): not before --from \(from ?? "")") }
        return (first, last)
    }
}
