import CNcursesW

/// Horizontal alignment of text in a field of fixed display width.
public enum TextAlignment: String, Sendable, Hashable, CaseIterable {
    case left, right, center
}

/// Display width of text in terminal columns, by grapheme cluster, from
/// `wcwidth`: Cyrillic and Latin 1, CJK and emoji 2, combining marks 0.
/// Never count bytes or `Character`s when laying out a screen.
public enum DisplayWidth {
    /// `wcwidth` answers -1 for everything non-ASCII under a non-UTF-8
    /// `LC_CTYPE`; make sure one is active before the first call.
    private static let localeReady: Bool = TerminalLocale.ensureUTF8()

    /// Columns taken by `text`. Control characters count 0 (surfaces remove
    /// them with `Sanitizer` before drawing).
    public static func of(_ text: String) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    public static func of(_ text: Substring) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// Columns taken by one grapheme cluster: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii >= 0x20 && ascii != 0x7F ? 1 : 0
        }
        var scalars = character.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return 0 }
        if Sanitizer.isControl(first) { return 0 }
        var width = scalarWidth(first)
        if (0x1F1E6...0x1F1FF).contains(first.value) { width = 2 }  // regional-indicator flags
        while let next = scalars.next() {
            if next.value == 0xFE0F && width == 1 { width = 2 }  // emoji presentation: ❤️
        }
        return min(width, 2)
    }

    /// Width of one scalar from `wcwidth`, with a Unicode-property fallback when
    /// the C library does not know the character.
    public static func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
        _ = localeReady
        let width = Int(wcwidth(wchar_t(bitPattern: scalar.value)))
        if width >= 0 { return width }
        if Sanitizer.isControl(scalar) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// The longest prefix of `text` that fits in `width` columns, and its width.
    /// A wide character that would straddle the limit is left out.
    public static func prefix(_ text: String, fitting width: Int) -> (text: Substring, width: Int) {
        var used = 0
        var end = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let w = of(text[index])
            if used + w > width { break }
            used += w
            index = text.index(after: index)
            end = index
        }
        return (text[..<end], used)
    }

    /// `text` if it fits in `width` columns, else its longest prefix that fits
    /// together with `ellipsis` ("Иванов Иван…"). The result may be one column
    /// narrower than `width` when a wide character did not fit.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let ellipsisWidth = of(ellipsis)
        if ellipsisWidth >= width { return String(prefix(ellipsis, fitting: width).text) }
        var head = prefix(text, fitting: width - ellipsisWidth).text
        while head.last == " " { head = head.dropLast() }  // "Иванов…", not "Иванов …"
        return String(head) + ellipsis
    }

    /// `text` padded with spaces to exactly `width` columns. Text wider than
    /// `width` is returned unchanged (use `fit` to truncate as well).
    public static func pad(_ text: String, to width: Int, alignment: TextAlignment = .left) -> String {
        let gap = width - of(text)
        guard gap > 0 else { return text }
        switch alignment {
        case .left: return text + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + text
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + text + String(repeating: " ", count: gap - left)
        }
    }

    /// Truncate with `ellipsis`, then pad: always exactly `width` columns.
    public static func fit(_ text: String, to width: Int, alignment: TextAlignment = .left, ellipsis: String = "…") -> String {
        pad(truncate(text, to: width, ellipsis: ellipsis), to: width, alignment: alignment)
    }
}

extension String {
    /// Display columns of this string (see `DisplayWidth`).
    public var displayWidth: Int { DisplayWidth.of(self) }
}
