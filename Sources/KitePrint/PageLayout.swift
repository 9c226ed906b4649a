/// The two weights of the document font.
enum FontStyle: Sendable, Hashable {
    case regular
    case bold
}

/// Measures text in the font it will be drawn in.
protocol TextMeasuring {
    func width(_ text: String, style: FontStyle, size: Double) -> Double
    /// The characters both fonts can draw; nil when unknown (tests' measurers).
    var coverage: FontCoverage? { get }
}

extension TextMeasuring {
    var coverage: FontCoverage? { nil }
}

/// What is drawn on a page, in PDF points from the bottom-left corner.
struct PlacedText: Sendable, Hashable {
    var text: String
    var x: Double
    /// The baseline.
    var y: Double
    var style: FontStyle
    var size: Double
}

struct PlacedLine: Sendable, Hashable {
    var x1: Double
    var y1: Double
    var x2: Double
    var y2: Double
    var width: Double
}

struct LaidOutPage: Sendable, Hashable {
    var texts: [PlacedText] = []
    var lines: [PlacedLine] = []
}

/// A4 portrait with the margins of Russian business papers (ГОСТ Р 7.0.97:
/// left 30 mm, right 15 mm, top and bottom 20 mm).
struct PageGeometry: Sendable, Hashable {
    static let millimetre = 72.0 / 25.4

    var width = 210 * millimetre
    var height = 297 * millimetre
    var left = 30 * millimetre
    var right = 15 * millimetre
    var top = 20 * millimetre
    var bottom = 20 * millimetre

    var textWidth: Double { width - left - right }
    var textRight: Double { width - right }
    /// The baseline of the footer, inside the bottom margin.
    var footerBaseline: Double { bottom / 2 }

    static let a4 = PageGeometry()
}

/// Breaks text into lines that fit a width: at spaces (a no-break space
/// keeps `1 250 000,00` together), a word longer than the line at characters.
/// A line break in the text always starts a new line.
struct LineBreaker {
    let measurer: any TextMeasuring

    func lines(_ text: String, style: FontStyle, size: Double, width: Double) -> [String] {
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            result += wrap(String(paragraph), style: style, size: size, width: width)
        }
        return result
    }

    private func fits(_ text: String, _ style: FontStyle, _ size: Double, _ width: Double) -> Bool {
        measurer.width(text, style: style, size: size) <= width + 0.01
    }

    private func wrap(_ paragraph: String, style: FontStyle, size: Double, width: Double) -> [String] {
        let words = paragraph.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !words.isEmpty else { return [""] }
        var lines: [String] = []
        var current = ""
        for word in words {
            let candidate = current.isEmpty ? word : current + " " + word
            if fits(candidate, style, size, width) {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            if fits(word, style, size, width) {
                current = word
            } else {
                // A word wider than the line (a long VIN list, an e-mail): cut it.
                var piece = ""
                for character in word {
                    if !piece.isEmpty && !fits(piece + String(character), style, size, width) {
                        lines.append(piece)
                        piece = ""
                    }
                    piece.append(character)
                }
                current = piece
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

/// Cleans text before it reaches the PDF: control characters become spaces
/// (a line break stays where `keepLineBreaks`), invisible format characters
/// (zero-width space, bidi marks) are dropped, and characters outside the
/// Basic Multilingual Plane, which libharu's UTF-8 encoder does not map, become `?`.
enum PrintableText {
    static func clean(_ text: String, keepLineBreaks: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" && keepLineBreaks {
                scalars.append(scalar)
            } else if scalar == "\r" && keepLineBreaks {
                continue
            } else if scalar.properties.generalCategory == .format {
                continue
            } else if scalar.properties.generalCategory == .control
                        || scalar.properties.generalCategory == .lineSeparator
                        || scalar.properties.generalCategory == .paragraphSeparator {
                scalars.append(" ")
            } else if scalar.value > 0xFFFF {
                // libharu's UTF-8 encoder draws the Basic Multilingual Plane only: a visible mark, never a `?`.
                scalars.append(FontCoverage.replacement)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
