import Foundation
import KiteDomain
import KitePrint
import KiteStore
import KiteUI

/// Prints a trip's form to a PDF file: `kite print trip NUMBER --form waybill|handover`.
public enum TripPrinter {
    /// Loads trip `number` (`MSK-TR-2026-000045`; lower case accepted), renders `form` from
    /// its template (`config/templates/trip_<form>.toml`) and returns the file written:
    /// `output` when given, else `$XDG_DATA_HOME/kite/print/<NUMBER>-<form>.pdf`. The
    /// handover act is one per car dropped, each from a new page. Every failure is a
    /// `PrintError` whose `message` reads as a sentence in ru and en.
    public static func print(number: String, form: TripPrintForm, connection: PGConnection, output: URL? = nil,
                             paths: DataPaths = AppEnvironment.resolvePaths(),
                             catalogue: DamageCatalogue? = nil,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(PrintError) -> URL {
        let normalized = number.trimmingCharacters(in: .whitespaces).uppercased()
        guard TripNumber.isValid(normalized) else { throw .invalidTripNumber(number) }
        let template: FormTemplate
        do {
            template = try FormTemplateLoader.load(form, directories: DealPrinter.templateDirectories(paths))
        } catch {
            throw .template(error)
        }
        let fonts = try FontFiles.dejaVu()
        let trip: PrintableTrip
        do {
            // A broken catalogue is check-config's to report; the act still prints the codes.
            let codes = catalogue ?? (try? DamageCodesFile.load(paths: paths)) ?? DamageCatalogue()
            guard let loaded = try TripDocumentQuery(connection: connection)
                .load(number: normalized, catalogue: codes, deliveredOnly: form == .handover) else {
                throw PrintError.tripNotFound(number: normalized)
            }
            trip = loaded
        } catch let error as PrintError {
            throw error
        } catch {
            throw .database(String(describing: error))
        }
        let documents: [FilledDocument]
        switch form {
        case .waybill:
            guard !trip.cars.isEmpty else { throw .notPrintable(TripDocumentError.noCars(number: trip.number).message) }
            documents = [TripPlaceholders.waybill(trip)]
        case .handover:
            guard !trip.cars.isEmpty else { throw .notPrintable(TripDocumentError.nothingDelivered(number: trip.number).message) }
            documents = TripPlaceholders.handovers(trip)
        }
        let url = output ?? DealPrinter.defaultDirectory(environment: environment)
            .appendingPathComponent("\(trip.number)-\(form.rawValue).pdf")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        try FormRenderer.render(documents, vocabulary: form.vocabulary, template: template, fonts: fonts, to: url)
        return url
    }
}
