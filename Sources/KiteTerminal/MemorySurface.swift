/// A position on a surface, 0-based.
public struct CellPosition: Sendable, Hashable {
    public var row: Int
    public var column: Int
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

/// An in-memory grid of cells: the surface of golden screen tests.
///
/// A wide character (CJK, emoji) occupies two cells; the second is a
/// continuation. Writing over either half of a wide character blanks the
/// other half, as a real terminal does. Zero-width characters (a stray
/// combining mark) join the cell before them.
public final class MemorySurface: Surface {
    public struct Cell: Sendable, Hashable {
        /// The grapheme cluster shown in this cell; empty for a continuation.
        public var text: String
        public var style: Style
        /// The right half of a wide character.
        public var isContinuation: Bool

        public static let blank = Cell(text: " ", style: .normal, isContinuation: false)
    }

    public private(set) var rows: Int
    public private(set) var columns: Int
    private var cells: [Cell]
    /// Where the cursor rests after the frame; nil when hidden.
    public private(set) var cursor: CellPosition?

    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        self.cells = Array(repeating: .blank, count: self.rows * self.columns)
    }

    /// Changes the size (like a terminal resize) and blanks everything.
    public func resize(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        cells = Array(repeating: .blank, count: self.rows * self.columns)
        cursor = nil
    }

    public func clear() {
        for i in cells.indices { cells[i] = .blank }
    }

    @discardableResult
    public func put(_ text: String, row: Int, column: Int, style: Style, maxWidth: Int?) -> Int {
        guard row >= 0, row < rows, column < columns else { return 0 }
        let clean = DisplayWidth.drawable(Sanitizer.clean(text))
        var limit = columns - column
        if let maxWidth { limit = min(limit, maxWidth) }
        var col = column
        var written = 0
        var lastCell: Int?
        for character in clean {
            let w = DisplayWidth.of(character)
            if w == 0 {
                if let lastCell { cells[lastCell].text.append(contentsOf: String(character)) }
                continue
            }
            if written + w > limit { break }
            if col < 0 {
                // Clipped on the left; a wide character cut in half shows as a blank.
                if col + w > 0 { set(row: row, column: 0, Cell(text: " ", style: style, isContinuation: false)) }
                col += w
                written += w
                continue
            }
            let index = row * columns + col
            set(row: row, column: col, Cell(text: String(character), style: style, isContinuation: false))
            for extra in 1..<max(1, w) {
                set(row: row, column: col + extra, Cell(text: "", style: style, isContinuation: true))
            }
            lastCell = index
            col += w
            written += w
        }
        return max(0, written - max(0, -column))
    }

    public func fill(row: Int, column: Int, width: Int, character: Character, style: Style) {
        guard row >= 0, row < rows, width > 0 else { return }
        let glyph = DisplayWidth.of(character) == 1 && !Sanitizer.needsCleaning(String(character)) ? String(character) : " "
        let start = max(0, column)
        let end = min(columns, column + width)
        guard start < end else { return }
        for col in start..<end {
            set(row: row, column: col, Cell(text: glyph, style: style, isContinuation: false))
        }
    }

    public func setCursor(row: Int, column: Int) {
        cursor = CellPosition(row: row, column: column)
    }

    public func hideCursor() {
        cursor = nil
    }

    // MARK: - Reading back

    public func cell(row: Int, column: Int) -> Cell {
        guard row >= 0, row < rows, column >= 0, column < columns else { return .blank }
        return cells[row * columns + column]
    }

    public func styleAt(row: Int, column: Int) -> Style {
        cell(row: row, column: column).style
    }

    /// One row as text, trailing spaces trimmed.
    public func line(_ row: Int) -> String {
        guard row >= 0, row < rows else { return "" }
        var text = ""
        for col in 0..<columns {
            let cell = cells[row * columns + col]
            if !cell.isContinuation { text += cell.text }
        }
        while text.last == " " { text.removeLast() }
        return text
    }

    /// The whole screen: rows joined by "\n", trailing spaces of each row
    /// trimmed. This is what golden tests compare.
    public func text() -> String {
        (0..<rows).map(line).joined(separator: "\n")
    }

    /// Whether any cell in `row` between the columns has `role`.
    public func rowHasRole(_ role: StyleRole, row: Int) -> Bool {
        (0..<columns).contains { styleAt(row: row, column: $0).role == role }
    }

    // MARK: - Cell writes keeping wide characters whole

    private func set(row: Int, column: Int, _ cell: Cell) {
        guard column >= 0, column < columns else { return }
        let index = row * columns + column
        let old = cells[index]
        if old.isContinuation, column > 0 {
            // Overwriting the right half of a wide character: blank its left half.
            cells[index - 1] = Cell(text: " ", style: cells[index - 1].style, isContinuation: false)
        }
        if !old.isContinuation, column + 1 < columns, cells[index + 1].isContinuation {
            // Overwriting the left half of a wide character: blank its right half.
            cells[index + 1] = Cell(text: " ", style: cells[index + 1].style, isContinuation: false)
        }
        cells[index] = cell
    }
}
