import ArgumentParser
import Foundation
import KiteApp
import KiteDomain
import KiteStore

enum ImportEntity: String, ExpressibleByArgument, CaseIterable {
    case vehicles
    case customers
    case shipments
    case bankStatement = "bank-statement"
}

enum ExportEntity: String, ExpressibleByArgument, CaseIterable {
    case vehicles
    case payments
    case trips
    case photos
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV file (UTF-8, BOM accepted, `;` or `,`). Every bad row is reported; nothing is imported unless all rows are good, or --skip-invalid.")

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "What to import: vehicles, customers, shipments (an importer's shipment notice: planned trips and ETAs), or bank-statement (a 1CClientBankExchange file, see `kite finance`).")
    var entity: ImportEntity

    @Argument(help: "The CSV file.")
    var file: String

    @Flag(help: "Import the good rows and skip the bad ones.")
    var skipInvalid = false

    @Option(help: "shipments: at most this many cars on each new trip (1-12, 8 by default).")
    var carsPerTrip: Int?

    @OptionGroup var finance: PaymentExportOptions

    func run() throws {
        let environment = try? AppEnvironment.load()
        let language = cliLanguage(environment)
        if entity == .bankStatement {
            finance.refuse(["--from", "--to"], command: "import", entity: entity.rawValue, language: language)
            return importBankStatement(options: options, finance: finance, file: file)
        }
        finance.refuse(["--from", "--to", "--dealership", "--account"], command: "import", entity: entity.rawValue,
                       language: language)
        if entity == .shipments { return importShipments(language: language, environment: environment) }
        if carsPerTrip != nil {
            fail(TransferText.optionNotForImport(language, ["option": "--cars-per-trip", "entity": entity.rawValue, "hint": ""]))
        }
        let progress = ProgressLine(language: language)
        let report: ImportReport
        do {
            let connection = try PGConnection(options.conninfo(environment))
            let url = URL(fileURLWithPath: file)
            let actor = try databaseLogin(connection)
            report = entity == .customers
                ? try CustomerCSV.importFile(url, into: connection, actor: actor, skipInvalid: skipInvalid,
                                             language: language, progress: progress.show)
                : try VehicleCSV.importFile(url, into: connection, actor: actor, skipInvalid: skipInvalid,
                                            language: language, progress: progress.show)
            progress.end()
        } catch {
            progress.end()
            fail(String(describing: error))
        }
        for problem in report.problems {
            warn("\(file): \(problem.text(language))")
        }
        if !report.errors.isEmpty && !skipInvalid {
            fail(TransferText.badRowsNothingImported(language, ["count": String(report.skipped)]))
        }
        let what = (entity == .customers ? TransferText.customers : TransferText.vehicles)(language)
        say(report.skipped > 0
            ? TransferText.importedSkipped(language, ["what": what, "count": String(report.imported), "skipped": String(report.skipped)])
            : TransferText.imported(language, ["what": what, "count": String(report.imported)]))
    }
}

extension ImportCommand {
    /// `kite import shipments`: planned trips and ETAs from an importer's shipment notice.
    func importShipments(language: Language, environment: AppEnvironment?) {
        let progress = ProgressLine(language: language)
        let result: ShipmentImport
        do {
            let connection = try PGConnection(options.conninfo(environment))
            result = try ShipmentCSV.importFile(URL(fileURLWithPath: file), into: connection, actor: try databaseLogin(connection),
                                                skipInvalid: skipInvalid, carsPerTrip: carsPerTrip ?? ShipmentCSV.defaultCarsPerTrip,
                                                language: language, progress: progress.show)
            progress.end()
        } catch {
            progress.end()
            fail(String(describing: error))
        }
        for problem in result.report.problems {
            warn("\(file): \(problem.text(language))")
        }
        if !result.report.errors.isEmpty && !skipInvalid {
            fail(TransferText.badRowsNothingImported(language, ["count": String(result.report.skipped)]))
        }
        say(TransferText.shipmentsDone(language, [
            "rows": String(result.report.imported), "trips": String(result.newTrips.count), "cars": String(result.carsPlanned),
            "updated": String(result.etasChanged), "same": String(result.unchanged)]))
        for number in result.newTrips { say("  " + number) }
        if result.report.skipped > 0 {
            say(TransferText.importedSkipped(language, ["what": TransferText.trips(language), "count": String(result.newTrips.count),
                                                        "skipped": String(result.report.skipped)]))
        }
    }
}

/// `kite import`'s progress on a terminal: one line on standard error, rewritten in place
/// (rows, rows per second, time left); nothing when standard error is not a terminal.
final class ProgressLine: @unchecked Sendable {
    private let language: Language
    private let enabled = isatty(STDERR_FILENO) == 1
    private var shown = false
    private var lastDraw = Date.distantPast

    init(language: Language) { self.language = language }

    func show(_ progress: ImportProgress) {
        guard enabled else { return }
        let now = Date()
        guard progress.rows == progress.total || now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + TerminalEcho.safe(progress.text(language))).utf8))
        shown = true
    }

    func end() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export to CSV for Russian Excel (UTF-8 with BOM, `;`, decimal comma).")

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "What to export: vehicles, payments, trips, or photos (of an appraisal).")
    var entity: ExportEntity

    @Argument(help: "The CSV file to write; for photos, the appraisal (its number or UUID).")
    var file: String

    @Argument(help: "For photos: the directory to write them to (created if missing).")
    var directory: String?

    @OptionGroup var finance: PaymentExportOptions

    func run() throws {
        let environment = try? AppEnvironment.load()
        let language = cliLanguage(environment)
        if entity == .photos {
            guard let directory else { fail(TransferText.photosDirectoryRequired(language)) }
            return exportPhotos(options: options, appraisal: file, directory: directory, language: language)
        }
        if entity == .payments {
            finance.refuse(["--account"], command: "export", entity: entity.rawValue, language: language)
            return exportPayments(options: options, finance: finance, file: file)
        }
        finance.refuse(["--from", "--to", "--dealership", "--account"], command: "export", entity: entity.rawValue,
                       language: language)
        do {
            let connection = try PGConnection(options.conninfo(environment))
            let url = URL(fileURLWithPath: file)
            let count = entity == .trips ? try TripCSV.export(connection, to: url, language: language)
                                         : try VehicleCSV.export(connection, to: url, language: language)
            let what = (entity == .trips ? TransferText.trips : TransferText.vehicles)(language)
            say(TransferText.exported(language, ["what": what, "count": String(count), "file": file]))
        } catch {
            fail(String(describing: error))
        }
    }
}

/// `kite export photos APPRAISAL DIR`: the appraisal's complete photos, one file each
/// (`<kind>-<n>.<ext>`, a damage photo named after its checklist item), as uploaded.
private func exportPhotos(options: DatabaseOptions, appraisal: String, directory: String, language: Language) {
    do {
        let connection = try PGConnection(options.conninfo(try? AppEnvironment.load()))
        let repository = AppraisalRepository(connection: connection)
        let found = try (UUID(uuidString: appraisal) != nil ? repository.get(clientID: appraisal.lowercased())
                                                            : repository.get(number: appraisal.uppercased()))
        guard let found else { fail(TransferText.photosAppraisalNotFound(language, ["appraisal": appraisal])) }
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            fail(TransferText.cannotCreateFolder(language, ["folder": directory, "reason": error.localizedDescription]))
        }
        var counts: [String: Int] = [:]
        let photos = try AppraisalPhotoRepository(connection: connection).completePhotos(appraisalID: found.id)
        for (photo, bytes) in photos {
            let base = photo.kind == "damage" ? "damage-" + (photo.itemCode ?? "item").replacingOccurrences(of: ".", with: "_") : photo.kind
            counts[base, default: 0] += 1
            let ext = switch photo.contentType { case "image/png": "png"; case "image/heic": "heic"; default: "jpg" }
            let name = counts[base]! == 1 ? "\(base).\(ext)" : "\(base)-\(counts[base]!).\(ext)"
            do {
                try bytes.write(to: url.appendingPathComponent(name))
            } catch {
                fail(TransferText.cannotWriteFile(language, ["file": name, "folder": directory, "reason": error.localizedDescription]))
            }
        }
        say(TransferText.photosExported(language, ["appraisal": found.number, "count": String(photos.count), "directory": directory]))
    } catch {
        fail(String(describing: error))
    }
}
