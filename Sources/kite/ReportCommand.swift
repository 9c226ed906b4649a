import ArgumentParser
import Foundation
import KiteApp
import KiteDomain

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports printed as tables.",
        subcommands: [CarrierReportCommand.self])
}

struct CarrierReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carriers",
        abstract: "Per carrier: the stops reached in the period and how many by their ETA, the average and worst delay (an arrival on time counts 0), the claims opened.")

    @OptionGroup var options: DatabaseOptions

    @Option(help: "First day (ДД.ММ.ГГГГ or YYYY-MM-DD, Moscow time).")
    var from: String?

    @Option(help: "Last day, included.")
    var to: String?

    func run() throws {
        let environment = try? AppEnvironment.load()
        func day(_ text: String?, _ name: String) -> CivilDate? {
            guard let text else { return nil }
            guard let day = FinanceCLI.parseDay(text) else { fail("--\(name) \(text): expected ДД.ММ.ГГГГ or YYYY-MM-DD") }
            return day
        }
        let first = day(from, "from"), last = day(to, "to")
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
