import ArgumentParser
import Foundation
import KiteApp
import KiteStore

extension RegistryKind: ExpressibleByArgument {}

struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Local registries of VINs for the vehicle checks (pledges, wanted, restrictions).",
        subcommands: [RegistryImportCommand.self])
}

struct RegistryImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV of VINs into a local registry (UTF-8, BOM accepted, `;` or `,`; a header with a `vin` column, optionally `details`). Bad VINs are reported with their line numbers and skipped; the good rows are loaded with COPY.")

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "The registry: pledges, wanted or restrictions.")
    var registry: RegistryKind

    @Argument(help: "The CSV file.")
    var file: String

    @Flag(help: "Empty the registry first (otherwise the rows are added; a VIN already listed gets the new details).")
    var replace = false

    @Option(help: "The source stored with each row (default: the file name).")
    var source: String?

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let records: [CSV.Record]
        do {
            records = try CSV.parse(Data(contentsOf: url))
        } catch {
            fail("\(file): \(error)")
        }
        guard let header = records.first else { fail("\(file): the file is empty") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let vinColumn = names.firstIndex(of: "vin") else {
            fail("\(file): line \(header.line): the header has no `vin` column (found: \(header.fields.joined(separator: ", ")))")
        }
        let detailsColumn = names.firstIndex(of: "details")
        var rows: [RegistryImportRow] = []
        rows.reserveCapacity(records.count)
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let vin = vinColumn < record.fields.count ? record.fields[vinColumn] : ""
            let details = detailsColumn.flatMap { $0 < record.fields.count ? record.fields[$0] : nil } ?? ""
            rows.append(RegistryImportRow(line: record.line, vin: vin, details: details))
        }
        let report: RegistryImportReport
        do {
            let environment = try? AppEnvironment.load()
            let connection = try PGConnection(options.conninfo(environment))
            report = try RegistryRepository(connection: connection)
                .importVINs(rows, into: registry, source: source ?? url.lastPathComponent, replace: replace)
        } catch {
            fail(String(describing: error))
        }
        for rejected in report.rejected {
            FileHandle.standardError.write(Data("\(file):\(rejected.line): bad VIN '\(rejected.vin)': \(rejected.reason)\n".utf8))
        }
        print("kite registry import: \(report.imported) VIN(s) loaded into \(registry.rawValue)"
              + (report.rejected.isEmpty ? "" : ", \(report.rejected.count) bad line(s) skipped")
              + "; \(report.total) in the registry")
    }
}
