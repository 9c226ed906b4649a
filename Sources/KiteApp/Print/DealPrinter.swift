import Foundation
import KiteDomain
import KitePrint
import KiteStore
import KiteUI

/// Prints a deal's form to a PDF file: `kite print deal`, and the deal form's print command.
public enum DealPrinter {
    /// Loads deal `number` (`MSK-2026-000123`; lower case accepted), renders
    /// `form` from its template and returns the file written: `output` when
    /// given, else `$XDG_DATA_HOME/kite/print/<NUMBER>-<form>.pdf`
    /// (`~/.local/share/kite/print/`), folders created. Every failure is a
    /// `PrintError` whose `message` reads as a sentence in ru and en.
    public static func print(number: String, form: PrintForm, connection: PGConnection, output: URL? = nil,
                             paths: DataPaths = AppEnvironment.resolvePaths(),
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(PrintError) -> URL {
        guard let parsed = DealNumber.parse(number) else { throw .invalidDealNumber(number) }
        let template: FormTemplate
        do {
            template = try FormTemplateLoader.load(form, directories: templateDirectories(paths))
        } catch {
            throw .template(error)
        }
        let fonts = try FontFiles.dejaVu()
        let deal: PrintableDeal
        do {
            guard let loaded = try DealDocumentQuery(connection: connection).load(number: parsed.formatted) else {
                throw PrintError.dealNotFound(number: parsed.formatted)
            }
            deal = loaded
        } catch let error as PrintError {
            throw error
        } catch let error as DealDocumentError {
            throw .notPrintable(error.message)
        } catch {
            throw .database(String(describing: error))
        }
        let url = output ?? defaultDirectory(environment: environment)
            .appendingPathComponent("\(parsed.formatted)-\(form.rawValue).pdf")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        try FormRenderer.render(deal, template: template, fonts: fonts, to: url)
        return url
    }

    /// `$XDG_DATA_HOME/kite/print`, or `~/.local/share/kite/print` when it is unset.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let dataHome: URL
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            dataHome = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".local/share", isDirectory: true)
        }
        return dataHome.appendingPathComponent("kite/print", isDirectory: true)
    }

    /// Where templates are looked for, highest precedence first: the user's
    /// `$XDG_CONFIG_HOME/kite/templates/`, then the shipped `config/templates/`.
    public static func templateDirectories(_ paths: DataPaths) -> [URL] {
        [paths.userRoot?.appendingPathComponent("templates", isDirectory: true),
         paths.dataRoot?.appendingPathComponent("config/templates", isDirectory: true)].compactMap { $0 }
    }

    /// Every problem in every form's template (for `kite check-config`).
    public static func checkTemplates(paths: DataPaths = AppEnvironment.resolvePaths()) -> [TemplateProblem] {
        FormTemplateLoader.checkAll(directories: templateDirectories(paths))
    }

    /// Characters in the templates' own text that the forms' fonts cannot draw (they would
    /// print as �): warnings for `kite check-config`, not errors. Empty when the fonts are missing
    /// (that is an error of printing, said there).
    public static func templateWarnings(paths: DataPaths = AppEnvironment.resolvePaths(),
                                        fonts: FontFiles? = try? FontFiles.dejaVu()) -> [TemplateProblem] {
        guard let fonts, let coverage = FontCoverage.drawable(by: fonts) else { return [] }
        return FormTemplateLoader.allForms.flatMap { form -> [TemplateProblem] in
            let directories = templateDirectories(paths)
            guard let template = FormTemplateLoader.check(form, directories: directories).0 else { return [] }
            // Name the file that was read: the user's copy wins over the shipped one.
            let file = directories.map { $0.appendingPathComponent(form.templateFileName) }
                .first { FileManager.default.fileExists(atPath: $0.path) }
            return FormTemplateLoader.glyphWarnings(template, coverage: coverage).map { warning in
                var warning = warning
                warning.path = file?.path
                return warning
            }
        }
    }
}
