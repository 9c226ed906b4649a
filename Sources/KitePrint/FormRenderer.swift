import Foundation
import KiteDomain

/// The TrueType files the forms are set in: DejaVu Sans (Debian:
/// fonts-dejavu-core), which covers Cyrillic, `№`, `₽` and the dashes.
public struct FontFiles: Sendable, Hashable {
    public var regular: String
    public var bold: String

    public init(regular: String, bold: String) {
        self.regular = regular
        self.bold = bold
    }

    public static let debianDirectory = "/usr/share/fonts/truetype/dejavu"

    /// DejaVu Sans and DejaVu Sans Bold in `directory`, or `PrintError.fontMissing` naming the file.
    public static func dejaVu(in directory: String = debianDirectory) throws(PrintError) -> FontFiles {
        let files = FontFiles(regular: directory + "/DejaVuSans.ttf", bold: directory + "/DejaVuSans-Bold.ttf")
        for path in [files.regular, files.bold] where !FileManager.default.isReadableFile(atPath: path) {
            throw .fontMissing(path: path)
        }
        return files
    }
}

/// Renders a print form (of a deal, of a trip) to a PDF file with libharu.
public enum FormRenderer {
    /// Writes the form to `url` (its folder must exist); returns the page count.
    /// The file appears whole or not at all: it is written next to `url` and renamed.
    @discardableResult
    public static func render(_ deal: PrintableDeal, template: FormTemplate, fonts: FontFiles,
                              to url: URL) throws(PrintError) -> Int {
        try render([DealPlaceholders.document(for: deal)], vocabulary: DealPlaceholders.vocabulary,
                   template: template, fonts: fonts, to: url)
    }

    /// Writes `documents` one after another into one file, each from a new page with its
    /// own page numbers (a trip's handover acts, one per car); the title is the first's.
    @discardableResult
    public static func render(_ documents: [FilledDocument], vocabulary: FormVocabulary, template: FormTemplate,
                              fonts: FontFiles, to url: URL) throws(PrintError) -> Int {
        do {
            let document = try HaruDocument()
            let filledTitle = TemplateText.fill(template.title, documents.first?.values ?? [:])
            let title = PrintableText.clean(FontCoverage.drawable(by: fonts)?.printable(filledTitle) ?? filledTitle,
                                            keepLineBreaks: false)
            try document.setInfo(title: title, creator: "Kite Auto")
            let regular = try document.loadFont(path: fonts.regular)
            let bold = try document.loadFont(path: fonts.bold)
            let measurer = HaruMeasurer(regular: regular, bold: bold, coverage: FontCoverage.drawable(by: fonts))
            let geometry = PageGeometry.a4
            let pages = documents.flatMap { filled in
                var layout = FormLayout(template: template, document: filled, vocabulary: vocabulary,
                                        measurer: measurer, geometry: geometry)
                return layout.layout()
            }
            for laidOut in pages {
                let page = try document.addPage(width: geometry.width, height: geometry.height)
                for line in laidOut.lines {
                    try document.drawLine(on: page, from: (line.x1, line.y1), to: (line.x2, line.y2), width: line.width)
                }
                for text in laidOut.texts {
                    try document.drawText(text.text, on: page, x: text.x, y: text.y,
                                          font: text.style == .bold ? bold : regular, size: text.size)
                }
            }
            let temporary = url.deletingLastPathComponent()
                .appendingPathComponent(".\(url.lastPathComponent).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
            try document.save(to: temporary.path)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temporary.path)
                throw PrintError.cannotWrite(path: url.path, reason: reason)
            }
            return pages.count
        } catch let error as PrintError {
            throw error
        } catch let error as HaruError {
            // libharu's "cannot open file" is a folder problem the user can fix.
            if error.code == 0x1017 { throw .cannotWrite(path: url.path, reason: "cannot create the file") }
            throw .pdf(error.description)
        } catch {
            throw .pdf(String(describing: error))
        }
    }
}

struct HaruMeasurer: TextMeasuring {
    let regular: HaruFont
    let bold: HaruFont
    let coverage: FontCoverage?

    func width(_ text: String, style: FontStyle, size: Double) -> Double {
        (style == .bold ? bold : regular).width(of: text, size: size)
    }
}

/// Why a form was not printed; every case reads as a sentence in ru and en.
public enum PrintError: Error, Sendable, Hashable, CustomStringConvertible {
    case fontMissing(path: String)
    case template(TemplateProblem)
    /// Not of the form `MSK-2026-000123`.
    case invalidDealNumber(String)
    case dealNotFound(number: String)
    /// Not of the form `MSK-TR-2026-000045`.
    case invalidTripNumber(String)
    case tripNotFound(number: String)
    /// Not of the form `MSK-AP-2026-000045`.
    case invalidAppraisalNumber(String)
    case appraisalNotFound(number: String)
    /// The deal exists but lacks what the form needs (no customer yet, say).
    case notPrintable(LocalizedText)
    case database(String)
    case cannotWrite(path: String, reason: String)
    case pdf(String)

    public var message: LocalizedText {
        switch self {
        case .fontMissing(let path):
            LocalizedText(ru: "Нет шрифта \(path): установите пакет fonts-dejavu-core",
                          en: "Font \(path) is missing: install the fonts-dejavu-core package")
        case .template(let problem):
            LocalizedText(ru: "Ошибка в шаблоне печатной формы: \(problem)",
                          en: "Print template problem: \(problem)")
        case .invalidDealNumber(let text):
            LocalizedText(ru: "«\(text)» — не номер сделки (пример: MSK-2026-000123)",
                          en: "\"\(text)\" is not a deal number (example: MSK-2026-000123)")
        case .dealNotFound(let number):
            LocalizedText(ru: "Сделка \(number) не найдена", en: "Deal \(number) not found")
        case .invalidTripNumber(let text):
            LocalizedText(ru: "«\(text)» — не номер рейса (пример: MSK-TR-2026-000045)",
                          en: "\"\(text)\" is not a trip number (example: MSK-TR-2026-000045)")
        case .tripNotFound(let number):
            LocalizedText(ru: "Рейс \(number) не найден", en: "Trip \(number) not found")
        case .invalidAppraisalNumber(let text):
            LocalizedText(ru: "«\(text)» — не номер оценки (пример: MSK-AP-2026-000045)",
                          en: "\"\(text)\" is not an appraisal number (example: MSK-AP-2026-000045)")
        case .appraisalNotFound(let number):
            LocalizedText(ru: "Оценка \(number) не найдена", en: "Appraisal \(number) not found")
        case .notPrintable(let message):
            message
        case .database(let detail):
            LocalizedText(ru: "Ошибка базы данных: \(detail)", en: "Database error: \(detail)")
        case .cannotWrite(let path, let reason):
            LocalizedText(ru: "Не удалось записать \(path): \(reason)", en: "Cannot write \(path): \(reason)")
        case .pdf(let detail):
            LocalizedText(ru: "Не удалось построить PDF: \(detail)", en: "Cannot build the PDF: \(detail)")
        }
    }

    public var description: String { message.en }
}
