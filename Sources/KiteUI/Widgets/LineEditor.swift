import KiteDomain
import KiteTerminal

/// A paste that did not fit: `kept` of `total` characters went in, the field takes `limit`.
public struct PasteCut: Sendable, Hashable {
    public var kept: Int
    public var total: Int
    public var limit: Int

    public init(kept: Int, total: Int, limit: Int) {
        self.kept = kept
        self.total = total
        self.limit = limit
    }

    /// The status-line sentence: how much went in, which field, and its maximum.
    public func message(field: String, language: Language) -> String {
        UIText.pasteCut(language, ["kept": String(kept), "total": String(total), "field": field, "limit": String(limit)])
    }
}

/// A one-line text editor: insert at the cursor, Left/Right/Home/End,
/// Backspace/Delete, by grapheme cluster (Cyrillic, CJK, emoji are one step),
/// with an optional maximum length in characters. Draws with horizontal
/// scrolling so the cursor stays visible.
public final class LineEditor {
    public private(set) var text: String
    /// Cursor position in characters (grapheme clusters), 0…text.count.
    public private(set) var cursor: Int
    /// Maximum number of characters; typing beyond it is refused, never truncated.
    public var maxLength: Int?
    /// Applied to each typed character (the VIN field upper-cases).
    public var transform: (@Sendable (Character) -> Character)?
    /// Told when a paste was longer than `maxLength` and its end was cut.
    public var onPasteCut: ((PasteCut) -> Void)?
    /// First visible display column when the text is wider than the field.
    private var scrollColumn = 0

    public init(text: String = "", maxLength: Int? = nil) {
        self.text = text
        self.maxLength = maxLength
        self.cursor = text.count
    }

    /// Replaces the text and puts the cursor at the end.
    public func setText(_ newText: String) {
        text = newText
        cursor = text.count
        scrollColumn = 0
    }

    public var isEmpty: Bool { text.isEmpty }

    /// Inserts at the cursor. Returns false when the maximum length is reached.
    @discardableResult
    public func insert(_ character: Character) -> Bool {
        if let maxLength, text.count >= maxLength { return false }
        let c = transform?(character) ?? character
        let index = text.index(text.startIndex, offsetBy: cursor)
        text.insert(c, at: index)
        cursor += 1
        return true
    }

    /// Inserts as much of `string` as the maximum length allows (paste).
    @discardableResult
    public func insert(_ string: String) -> Bool {
        for character in string where !insert(character) { return false }
        return true
    }

    /// Inserts pasted text as one line: line breaks and tabs become spaces (the
    /// line breaks at its ends are dropped), control characters and escape sequences
    /// are removed; what does not fit `maxLength` is cut, and `onPasteCut` says so.
    @discardableResult
    public func paste(_ pasted: String) -> PasteCut? {
        var text = Substring(pasted)
        while let first = text.first, first.isNewline { text = text.dropFirst() }
        while let last = text.last, last.isNewline { text = text.dropLast() }
        let clean = Sanitizer.clean(String(text))
        let total = clean.count
        var kept = 0
        for character in clean {
            guard insert(character) else { break }
            kept += 1
        }
        guard kept < total, let maxLength else { return nil }
        let cut = PasteCut(kept: kept, total: total, limit: maxLength)
        onPasteCut?(cut)
        return cut
    }

    public func moveLeft() { cursor = max(0, cursor - 1) }
    public func moveRight() { cursor = min(text.count, cursor + 1) }
    public func moveHome() { cursor = 0 }
    public func moveEnd() { cursor = text.count }

    /// Deletes the character before the cursor.
    public func backspace() {
        guard cursor > 0 else { return }
        let index = text.index(text.startIndex, offsetBy: cursor - 1)
        text.remove(at: index)
        cursor -= 1
    }

    /// Deletes the character under the cursor.
    public func deleteForward() {
        guard cursor < text.count else { return }
        text.remove(at: text.index(text.startIndex, offsetBy: cursor))
    }

    /// Deletes from the cursor to the end (C-k).
    public func killToEnd() {
        text = String(text.prefix(cursor))
    }

    public func clear() { setText("") }

    /// Editing keys; printable characters are inserted. C-a/C-e/C-k/C-u work
    /// as in a shell. Returns whether the key was used.
    @discardableResult
    public func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let c): insert(c)
        case .paste(let text): paste(text)
        case .left: moveLeft()
        case .right: moveRight()
        case .home, .control("a"): moveHome()
        case .end, .control("e"): moveEnd()
        case .backspace: backspace()
        case .delete: deleteForward()
        case .control("k"): killToEnd()
        case .control("u"): clear()
        default: return false
        }
        return true
    }

    /// Display columns before the cursor.
    public var cursorColumn: Int { DisplayWidth.of(Sanitizer.clean(String(text.prefix(cursor)))) }

    /// Draws into `width` columns, scrolled so the cursor is visible; moves the
    /// surface cursor there when `focused`. Returns the cursor's screen column.
    @discardableResult
    public func draw(on surface: Surface, row: Int, column: Int, width: Int, style: Style, focused: Bool) -> Int {
        guard width > 0 else { return column }
        surface.fill(row: row, column: column, width: width, character: " ", style: style)
        let before = cursorColumn
        // Keep one column free for the cursor after the last character.
        if before < scrollColumn { scrollColumn = before }
        if before - scrollColumn > width - 1 { scrollColumn = before - (width - 1) }
        let clean = Sanitizer.clean(text)
        var skipped = 0
        var start = clean.startIndex
        while start < clean.endIndex && skipped < scrollColumn {
            skipped += DisplayWidth.of(clean[start])
            start = clean.index(after: start)
        }
        let offset = skipped - scrollColumn  // 1 when a wide character was cut at the left
        surface.put(String(clean[start...]), row: row, column: column + offset, style: style, maxWidth: width - offset)
        let cursorScreen = column + min(width - 1, before - scrollColumn)
        if focused { surface.setCursor(row: row, column: cursorScreen) }
        return cursorScreen
    }
}
