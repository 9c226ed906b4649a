import CNcursesW

/// Horizontal alignment of text in a field of fixed display width.
public enum TextAlignment: String, Sendable, Hashable, CaseIterable {
    case left, right, center
}

/// Display width of text in terminal columns, as ncurses and the terminal
/// draw it: Cyrillic and Latin 1, CJK and emoji 2, combining marks 0.
/// Never count bytes or `Character`s when laying out a screen.
///
/// ncurses keeps one cell model: every scalar advances by its `wcwidth`, a
/// zero-width one joins the cell before it. Terminals agree with that, except for
/// what some of them fuse into one glyph and others do not: zero-width-joiner
/// sequences (👩‍💻 is 2 columns in one terminal, 4 in another), variation
/// selectors (❤️ is 1 or 2) and skin-tone modifiers (👍🏽 is 2 or 4). Those few
/// scalars are left out of what is drawn (`drawable`), so a grapheme cluster is
/// as wide as the sum of its scalars everywhere (👩‍💻 shows as 👩💻, 4 columns),
/// and a name never pushes the next column aside.
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

    /// Columns taken by one grapheme cluster as drawn: the sum of its drawn
    /// scalars' widths (usually 0, 1 or 2; 👨‍👩‍👧 is 6).
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii >= 0x20 && ascii != 0x7F ? 1 : 0
        }
        var width = 0
        for scalar in character.unicodeScalars where !Sanitizer.isControl(scalar) && !isLeftOut(scalar) {
            width += scalarWidth(scalar)
        }
        return width
    }

    /// Scalars that terminals draw differently from each other and from ncurses'
    /// cell model: ZWJ (U+200D), variation selectors (U+FE00–U+FE0F) and emoji
    /// skin-tone modifiers (U+1F3FB–U+1F3FF). Surfaces do not draw them.
    public static func isLeftOut(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200D, 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF: true
        default: false
        }
    }

    /// `text` without the scalars `isLeftOut` names: what a surface draws.
    public static func drawable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isLeftOut) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isLeftOut(scalar) { scalars.append(scalar) }
        return String(scalars)
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
