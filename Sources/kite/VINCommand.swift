import ArgumentParser
import Foundation
import KiteDomain
import KiteApp

struct VINCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vin",
        abstract: "Decode and check a VIN: structure, check digit, manufacturer, country, model years.")

    @Argument(help: "The 17-character VIN.")
    var vin: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Language of the text report: ru or en (default: from LANG).")
    var language: Language?

    func run() throws {
        let report = VINDecoder.decode(vin)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            let lang = language ?? Language.fromLocaleName(ProcessInfo.processInfo.environment["LANG"])
            say(VINReportText.render(report, language: lang))
        }
        if !report.valid { throw ExitCode(2) }
    }
}

extension Language: ExpressibleByArgument {}
