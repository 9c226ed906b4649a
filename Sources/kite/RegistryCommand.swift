import ArgumentParser
import Foundation
import KiteApp
import KiteStore

/// A registry `kite registry import` loads: one of the VIN registries, or the passport list.
enum RegistryName: ExpressibleByArgument, CustomStringConvertible {
    case vins(RegistryKind)
    case passports

    init?(argument: String) {
        if argument == "passports" {
            self = .passports
        } else if let kind = RegistryKind(rawValue: argument) {
            self = .vins(kind)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { RegistryKind.allCases.map(\.rawValue) + ["passports"] }

    var description: String {
        switch self {
        case .vins(let kind): return kind.rawValue
        case .passports: return "passports"
        }
    }
}

struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Local registries for the checks: VINs (pledges, wanted, restrictions) and invalid passports.",
        subcommands: [RegistryImportCommand.self])
}

struct RegistryImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV into a local registry. pledges|wanted|restrictions: UTF-8, BOM accepted, `;` or `,`; a header with a `vin` column, optionally `details`. passports: the MVD list `PASSP_SERIES,PASSP_NUMBER` (header line, millions of rows), streamed. Bad lines are reported with their numbers and skipped; the good rows are loaded with COPY.")

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "The registry: pledges, wanted, restrictions or passports.")
    var registry: RegistryName

    @Argument(help: "The CSV file.")
    var file: String

    @Flag(help: "Empty the registry first (otherwise the rows are added; a VIN already listed gets the new details). Use it with the full MVD passport list.")
    var replace = false

    @Option(help: "The source stored with each row (default: the file name).")
    var source: String?

    func run() throws {
        switch registry {
        case .passports: importPassports()
        case .vins(let kind): importVINs(kind)
        }
    }

    /// Streams the MVD list; every bad line goes to stderr as `FILE:LINE: …`.
    private func importPassports() {
        let started = Date()
        let report: PassportImportReport
        do {
            let environment = try? AppEnvironment.load()
            let connection = try PGConnection(options.conninfo(environment))
            let file = self.file
            report = try PassportRegistry(connection: connection).importCSV(
                path: file, source: source ?? URL(fileURLWithPath: file).lastPathComponent, replace: replace
            ) { bad in
                warn("\(file):\(bad.line): \(bad.reason): '\(bad.text)'")
            }
        } catch {
            fail(String(describing: error))
        }
        let seconds = Date().timeIntervalSince(started)
        say("kite registry import: \(report.goodLines) passport line(s) read"
              + (report.badLines == 0 ? "" : ", \(report.badLines) bad line(s) skipped")
              + "; \(report.total) invalid passports in the registry (\(String(format: "%.1f", seconds)) s)")
    }

    private func importVINs(_ registry: RegistryKind) {
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
            warn("\(file):\(rejected.line): bad VIN '\(rejected.vin)': \(rejected.reason)")
        }
        say("kite registry import: \(report.imported) VIN(s) loaded into \(registry.rawValue)"
              + (report.rejected.isEmpty ? "" : ", \(report.rejected.count) bad line(s) skipped")
              + "; \(report.total) in the registry")
    }
}
