/// Makes untrusted text (customer names, notes, imported rows) safe to draw:
/// nothing in it can move the cursor, change colours, set the window title or
/// reorder the line.
///
/// - ESC sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL/ST`, DCS/SOS/PM/APC
///   `… ST`, and two-character `ESC x`) are removed whole, as are their 8-bit
///   C1 forms (U+009B CSI, U+009D OSC, …).
/// - Other C0 controls, DEL and C1 controls are removed.
/// - Tab, LF, CR, VT, FF and U+2028/U+2029 become a space (CR LF → one space).
/// - Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are
///   removed.
public enum Sanitizer {
    public static func clean(_ text: String) -> String {
        if !needsCleaning(text) { return text }
        var output = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func skipString(from start: Int) -> Int {
            // Skip a control string up to BEL, ST (ESC \) or U+009C.
            var j = start
            while j < scalars.count {
                let v = scalars[j].value
                if v == 0x07 || v == 0x9C { return j + 1 }
                if v == 0x1B { return j + 1 < scalars.count && scalars[j + 1] == "\\" ? j + 2 : j + 1 }
                j += 1
            }
            return j
        }
        func skipCSI(from start: Int) -> Int {
            var j = start
            while j < scalars.count {
                let v = scalars[j].value
                if v >= 0x40 && v <= 0x7E { return j + 1 }       // final byte
                if !(v >= 0x20 && v <= 0x3F) { return j }          // malformed: stop before it
                j += 1
            }
            return j
        }
        while i < scalars.count {
            let scalar = scalars[i]
            let v = scalar.value
            switch v {
            case 0x1B:
                guard i + 1 < scalars.count else { i += 1; continue }
                let next = scalars[i + 1].value
                switch next {
                case 0x5B: i = skipCSI(from: i + 2)                         // ESC [
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F: i = skipString(from: i + 2) // ESC ] P X ^ _
                case 0x20...0x2F:                                           // ESC intermediate… final
                    var j = i + 1
                    while j < scalars.count, (0x20...0x2F).contains(scalars[j].value) { j += 1 }
                    i = j < scalars.count && (0x30...0x7E).contains(scalars[j].value) ? j + 1 : j
                case 0x30...0x7E: i += 2                                    // ESC 7, ESC c, ESC M …
                default: i += 1
                }
            case 0x9B: i = skipCSI(from: i + 1)
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F: i = skipString(from: i + 1)
            case 0x0D:
                output.append(" ")
                i += (i + 1 < scalars.count && scalars[i + 1].value == 0x0A) ? 2 : 1
            case 0x09, 0x0A, 0x0B, 0x0C, 0x2028, 0x2029:
                output.append(" ")
                i += 1
            default:
                if isControl(scalar) || isBidiControl(scalar) {
                    i += 1
                } else {
                    output.append(scalar)
                    i += 1
                }
            }
        }
        return String(output)
    }

    /// C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F)
    }

    /// Embeddings/overrides U+202A–U+202E and isolates U+2066–U+2069.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// Whether `clean` would change `text` (fast path for the common case).
    public static func needsCleaning(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v >= 0x20 && v < 0x7F { continue }
            if isControl(scalar) || isBidiControl(scalar) || v == 0x2028 || v == 0x2029 { return true }
        }
        return false
    }
}
