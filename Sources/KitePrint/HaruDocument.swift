import CHaru
import Foundation

/// A libharu error: the library's error and detail codes (see hpdf_error.h).
public struct HaruError: Error, Sendable, Hashable, CustomStringConvertible {
    public var operation: String
    public var code: UInt
    public var detail: UInt

    public var description: String {
        "libharu: \(operation) failed (error 0x" + String(code, radix: 16, uppercase: true) + ", detail \(detail))"
    }
}

/// One PDF document being written with libharu, text in UTF-8 with embedded
/// (subset) TrueType fonts. Not thread-safe; one document per rendering.
final class HaruDocument {
    /// Where libharu's error callback leaves the first error it reports.
    private final class ErrorBox {
        var code: UInt = 0
        var detail: UInt = 0
    }

    private let handle: HPDF_Doc
    private let errors = ErrorBox()

    init() throws {
        let box = Unmanaged.passUnretained(errors).toOpaque()
        guard let handle = HPDF_New({ code, detail, userData in
            guard let userData else { return }
            let box = Unmanaged<ErrorBox>.fromOpaque(userData).takeUnretainedValue()
            if box.code == 0 {
                box.code = UInt(code)
                box.detail = UInt(detail)
            }
        }, box) else {
            throw HaruError(operation: "HPDF_New", code: 0, detail: 0)
        }
        self.handle = handle
        try check("HPDF_SetCompressionMode", HPDF_SetCompressionMode(handle, UInt32(HPDF_COMP_ALL)))
        try check("HPDF_UseUTFEncodings", HPDF_UseUTFEncodings(handle))
        try check("HPDF_SetCurrentEncoder", HPDF_SetCurrentEncoder(handle, "UTF-8"))
    }

    deinit {
        HPDF_Free(handle)
    }

    private func check(_ operation: String, _ status: HPDF_STATUS) throws {
        if status != UInt(HPDF_OK) || errors.code != 0 {
            let error = HaruError(operation: operation, code: errors.code != 0 ? errors.code : UInt(status),
                                  detail: errors.detail)
            errors.code = 0
            errors.detail = 0
            HPDF_ResetError(handle)
            throw error
        }
    }

    private func checkLastCall(_ operation: String) throws {
        try check(operation, UInt(HPDF_OK))
    }

    /// The document's title and creator, as PDF viewers show them.
    func setInfo(title: String, creator: String) throws {
        try check("HPDF_SetInfoAttr", HPDF_SetInfoAttr(handle, HPDF_INFO_TITLE, title))
        try check("HPDF_SetInfoAttr", HPDF_SetInfoAttr(handle, HPDF_INFO_CREATOR, creator))
    }

    /// Loads a TrueType file, embedded (libharu subsets it to the glyphs used).
    func loadFont(path: String) throws -> HaruFont {
        guard let name = HPDF_LoadTTFontFromFile(handle, path, HPDF_TRUE) else {
            try checkLastCall("HPDF_LoadTTFontFromFile(\(path))")
            throw HaruError(operation: "HPDF_LoadTTFontFromFile(\(path))", code: 0, detail: 0)
        }
        guard let font = HPDF_GetFont(handle, name, "UTF-8") else {
            try checkLastCall("HPDF_GetFont")
            throw HaruError(operation: "HPDF_GetFont", code: 0, detail: 0)
        }
        let loaded = HaruFont(handle: font)
        loaded.includeCompositeParts()
        return loaded
    }

    /// A new A4 portrait page.
    func addPage(width: Double, height: Double) throws -> HaruPage {
        guard let page = HPDF_AddPage(handle) else {
            try checkLastCall("HPDF_AddPage")
            throw HaruError(operation: "HPDF_AddPage", code: 0, detail: 0)
        }
        try check("HPDF_Page_SetWidth", HPDF_Page_SetWidth(page, Float(width)))
        try check("HPDF_Page_SetHeight", HPDF_Page_SetHeight(page, Float(height)))
        return HaruPage(handle: page)
    }

    func drawText(_ text: String, on page: HaruPage, x: Double, y: Double, font: HaruFont, size: Double) throws {
        try check("HPDF_Page_BeginText", HPDF_Page_BeginText(page.handle))
        try check("HPDF_Page_SetFontAndSize", HPDF_Page_SetFontAndSize(page.handle, font.handle, Float(size)))
        try check("HPDF_Page_TextOut", HPDF_Page_TextOut(page.handle, Float(x), Float(y), text))
        try check("HPDF_Page_EndText", HPDF_Page_EndText(page.handle))
    }

    func drawLine(on page: HaruPage, from start: (x: Double, y: Double), to end: (x: Double, y: Double),
                  width: Double) throws {
        try check("HPDF_Page_SetLineWidth", HPDF_Page_SetLineWidth(page.handle, Float(width)))
        try check("HPDF_Page_MoveTo", HPDF_Page_MoveTo(page.handle, Float(start.x), Float(start.y)))
        try check("HPDF_Page_LineTo", HPDF_Page_LineTo(page.handle, Float(end.x), Float(end.y)))
        try check("HPDF_Page_Stroke", HPDF_Page_Stroke(page.handle))
    }

    /// Writes the document to `path` (replaced if it exists).
    func save(to path: String) throws {
        try check("HPDF_SaveToFile(\(path))", HPDF_SaveToFile(handle, path))
    }
}

struct HaruPage {
    let handle: HPDF_Page
}

/// A loaded font; measures UTF-8 text the way libharu will draw it.
struct HaruFont {
    let handle: HPDF_Font

    /// The width of `text` at `size` points.
    func width(of text: String, size: Double) -> Double {
        guard !text.isEmpty else { return 0 }
        let bytes = Array(text.utf8)
        let measured = bytes.withUnsafeBufferPointer { buffer in
            HPDF_Font_TextWidth(handle, buffer.baseAddress, UInt32(buffer.count))
        }
        return Double(measured.width) * size / 1000
    }

    /// libharu 2.3.0 embeds only the glyphs it measured or drew, and takes in
    /// the parts of a composite glyph only when they were met before it: DejaVu's
    /// `Ё` is `Е` plus a diaeresis, and a heading with `Ё` but no `Е` printed a
    /// lone diaeresis. Measuring the base letters and marks first, once per
    /// font, puts every part in the subset before any text uses the font.
    static let compositeParts: String = {
        var scalars = String.UnicodeScalarView()
        let ranges: [ClosedRange<UInt32>] = [0x41...0x5A, 0x61...0x7A, 0x131...0x131, 0x237...0x237,
                                             0x2C6...0x2DD, 0x300...0x30F, 0x410...0x44F, 0x456...0x456]
        for range in ranges {
            for value in range { if let scalar = Unicode.Scalar(value) { scalars.append(scalar) } }
        }
        return String(scalars) + "\u{A8}\u{B4}\u{B8}"
    }()

    func includeCompositeParts() {
        _ = width(of: HaruFont.compositeParts, size: 1)
    }
}
