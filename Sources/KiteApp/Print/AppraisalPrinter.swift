import Foundation
import KiteDomain
import KitePrint
import KiteStore
import KiteUI

/// Prints an appraisal's purchase contract (ДКП: the dealership buys the car from a private
/// person) to a PDF file: `kite print appraisal NUMBER --form contract`, and the card's print key.
public enum AppraisalPrinter {
    /// Loads appraisal `number` (`MSK-AP-2026-000045`; lower case accepted), renders `form`
    /// from its template (`config/templates/appraisal_<form>.toml`) and returns the file
    /// written: `output` when given, else `$XDG_DATA_HOME/kite/print/<NUMBER>-<form>.pdf`.
    /// An appraisal the seller has not accepted is refused with a sentence saying so.
    public static func print(number: String, form: AppraisalPrintForm = .contract, connection: PGConnection, output: URL? = nil,
                             paths: DataPaths = AppEnvironment.resolvePaths(),
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(PrintError) -> URL {
        let normalized = number.trimmingCharacters(in: .whitespaces).uppercased()
        guard AppraisalNumber.isValid(normalized) else { throw .invalidAppraisalNumber(number) }
        let template: FormTemplate
        do {
            template = try FormTemplateLoader.load(form, directories: DealPrinter.templateDirectories(paths))
        } catch {
            throw .template(error)
        }
        let fonts = try FontFiles.dejaVu()
        let appraisal: PrintableAppraisal
        do {
            guard let loaded = try AppraisalDocumentQuery(connection: connection).load(number: normalized) else {
                throw PrintError.appraisalNotFound(number: normalized)
            }
            appraisal = loaded
        } catch let error as PrintError {
            throw error
        } catch let error as AppraisalDocumentError {
            throw .notPrintable(error.message)
        } catch {
            throw .database(String(describing: error))
        }
        let url = output ?? DealPrinter.defaultDirectory(environment: environment)
            .appendingPathComponent("\(appraisal.number)-\(form.rawValue).pdf")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        try FormRenderer.render([AppraisalPlaceholders.document(for: appraisal)], vocabulary: form.vocabulary,
                                template: template, fonts: fonts, to: url)
        return url
    }
}
