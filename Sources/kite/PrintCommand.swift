import ArgumentParser
import Foundation
import KiteApp
import KiteDomain
import KitePrint
import KiteStore

extension PrintForm: ExpressibleByArgument {}
extension TripPrintForm: ExpressibleByArgument {}
extension AppraisalPrintForm: ExpressibleByArgument {}

struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Print a document to PDF.",
        subcommands: [PrintDealCommand.self, PrintTripCommand.self, PrintAppraisalCommand.self])
}

struct PrintDealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deal",
        abstract: "Print a deal's contract of sale, invoice or handover act to PDF and show where it went.",
        discussion: """
        The form comes from config/templates/<form>.toml (a copy in $XDG_CONFIG_HOME/kite/templates/ wins).
        Without --output the file is $XDG_DATA_HOME/kite/print/<NUMBER>-<form>.pdf
        (~/.local/share/kite/print/ when XDG_DATA_HOME is unset).
        """)

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "The deal number, e.g. MSK-2026-000123.")
    var number: String

    @Option(help: "contract (договор купли-продажи), invoice (счёт на оплату) or handover (акт приёма-передачи).")
    var form: PrintForm

    @Option(help: "Write the PDF here instead of the default folder.")
    var output: String?

    func run() throws {
        printPDF(options) { (connection) throws(PrintError) in
            try DealPrinter.print(number: number, form: form, connection: connection,
                                output: output.map { URL(fileURLWithPath: $0) })
        }
    }
}

struct PrintTripCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trip",
        abstract: "Print a trip's transport waybill, or the handover acts of its delivered cars, to PDF and show where it went.",
        discussion: """
        The form comes from config/templates/trip_<form>.toml (a copy in $XDG_CONFIG_HOME/kite/templates/ wins).
        The handover act is one page (or more) per car dropped at its stop, with its delivery inspection's damages.
        Without --output the file is $XDG_DATA_HOME/kite/print/<NUMBER>-<form>.pdf
        (~/.local/share/kite/print/ when XDG_DATA_HOME is unset).
        """)

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "The trip number, e.g. MSK-TR-2026-000045.")
    var number: String

    @Option(help: "waybill (транспортная накладная) or handover (акты приёма-передачи при доставке).")
    var form: TripPrintForm

    @Option(help: "Write the PDF here instead of the default folder.")
    var output: String?

    func run() throws {
        printPDF(options) { (connection) throws(PrintError) in
            try TripPrinter.print(number: number, form: form, connection: connection,
                                output: output.map { URL(fileURLWithPath: $0) })
        }
    }
}

struct PrintAppraisalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appraisal",
        abstract: "Print an appraisal's purchase contract (the dealership buys the car from the seller) to PDF and show where it went.",
        discussion: """
        The form comes from config/templates/appraisal_<form>.toml (a copy in $XDG_CONFIG_HOME/kite/templates/ wins).
        Only an appraisal the seller accepted, or a car already bought, has a contract.
        Without --output the file is $XDG_DATA_HOME/kite/print/<NUMBER>-<form>.pdf
        (~/.local/share/kite/print/ when XDG_DATA_HOME is unset).
        """)

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "The appraisal number, e.g. KZN-AP-2026-000001.")
    var number: String

    @Option(help: "contract (договор купли-продажи ТС у физического лица).")
    var form: AppraisalPrintForm = .contract

    @Option(help: "Write the PDF here instead of the default folder.")
    var output: String?

    func run() throws {
        printPDF(options) { (connection) throws(PrintError) in
            try AppraisalPrinter.print(number: number, form: form, connection: connection,
                                output: output.map { URL(fileURLWithPath: $0) })
        }
    }
}

/// Connects as the options say, makes the PDF and prints its path; or says why not, in the
/// person's language.
private func printPDF(_ options: DatabaseOptions, _ make: (PGConnection) throws(PrintError) -> URL) {
    let environment = try? AppEnvironment.load()
    let language = environment?.config.language
        ?? Language.fromLocaleName(ProcessInfo.processInfo.environment["LANG"])
    let connection: PGConnection
    do {
        connection = try PGConnection(options.conninfo(environment))
    } catch {
        fail(String(describing: error))
    }
    do {
        say(try make(connection).path)
    } catch {
        fail(error.message.text(language))
    }
}
