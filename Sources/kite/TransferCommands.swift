import ArgumentParser
import Foundation
import KiteApp
import KiteStore

enum ImportEntity: String, ExpressibleByArgument, CaseIterable {
    case vehicles
    case customers
    case bankStatement = "bank-statement"
}

enum ExportEntity: String, ExpressibleByArgument, CaseIterable {
    case vehicles
    case payments
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV file (UTF-8, BOM accepted, `;` or `,`). Every bad row is reported; nothing is imported unless all rows are good, or --skip-invalid.")

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "What to import: vehicles, customers, or bank-statement (a 1CClientBankExchange file, see `kite finance`).")
    var entity: ImportEntity

    @Argument(help: "The CSV file.")
    var file: String

    @Flag(help: "Import the good rows and skip the bad ones.")
    var skipInvalid = false

    @OptionGroup var finance: PaymentExportOptions

    func run() throws {
        if entity == .bankStatement { return importBankStatement(options: options, finance: finance, file: file) }
        let environment = try? AppEnvironment.load()
        let report: ImportReport
        do {
            let connection = try PGConnection(options.conninfo(environment))
            let url = URL(fileURLWithPath: file)
            let actor = try databaseLogin(connection)
            report = entity == .customers
                ? try CustomerCSV.importFile(url, into: connection, actor: actor, skipInvalid: skipInvalid)
                : try VehicleCSV.importFile(url, into: connection, actor: actor, skipInvalid: skipInvalid)
        } catch {
            fail(String(describing: error))
        }
        for problem in report.problems {
            FileHandle.standardError.write(Data("\(file): \(problem)\n".utf8))
        }
        if !report.errors.isEmpty && !skipInvalid {
            fail("\(report.skipped) bad row(s); nothing imported. Fix them, or use --skip-invalid to import the good rows.")
        }
        print("kite import: \(report.imported) \(entity == .customers ? "customer" : "vehicle")(s) imported" + (report.skipped > 0 ? ", \(report.skipped) bad row(s) skipped" : ""))
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export to CSV for Russian Excel (UTF-8 with BOM, `;`, decimal comma).")

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "What to export: vehicles or payments.")
    var entity: ExportEntity

    @Argument(help: "The CSV file to write.")
    var file: String

    @OptionGroup var finance: PaymentExportOptions

    func run() throws {
        if entity == .payments { return exportPayments(options: options, finance: finance, file: file) }
        let environment = try? AppEnvironment.load()
        do {
            let connection = try PGConnection(options.conninfo(environment))
            let count = try VehicleCSV.export(connection, to: URL(fileURLWithPath: file))
            print("kite export: \(count) vehicle(s) written to \(file)")
        } catch {
            fail(String(describing: error))
        }
    }
}
