import KiteDomain
import KiteTerminal

/// A rectangle of cells on a surface.
public struct Rect: Sendable, Hashable {
    public var row: Int
    public var column: Int
    public var height: Int
    public var width: Int

    public init(row: Int, column: Int, height: Int, width: Int) {
        self.row = row
        self.column = column
        self.height = max(0, height)
        self.width = max(0, width)
    }

    /// The whole surface.
    public init(_ surface: Surface) {
        self.init(row: 0, column: 0, height: surface.rows, width: surface.columns)
    }

    public var bottom: Int { row + height }
    public var right: Int { column + width }
    public var isEmpty: Bool { height <= 0 || width <= 0 }

    /// Shrunk by `by` cells on every side.
    public func inset(_ by: Int) -> Rect {
        Rect(row: row + by, column: column + by, height: height - 2 * by, width: width - 2 * by)
    }

    /// A `width`×`height` rectangle centred in this one (clamped to fit).
    public func centered(width: Int, height: Int) -> Rect {
        let w = min(width, self.width)
        let h = min(height, self.height)
        return Rect(row: row + (self.height - h) / 2, column: column + (self.width - w) / 2, height: h, width: w)
    }
}

/// Single-line box drawing: ┌─┐ │ │ └─┘.
public enum Box {
    public static let topLeft = "┌", topRight = "┐", bottomLeft = "└", bottomRight = "┘"
    public static let horizontal: Character = "─", vertical = "│"

    /// Draws the frame of `rect`, blanks its inside, and puts `title` (if any)
    /// into the top edge: `┌ Title ─────┐`.
    public static func draw(on surface: Surface, rect: Rect, title: String? = nil,
                            style: Style = Style(.border), titleStyle: Style = Style(.title),
                            fillStyle: Style = .normal) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let inner = rect.width - 2
        surface.put(topLeft, row: rect.row, column: rect.column, style: style)
        surface.fill(row: rect.row, column: rect.column + 1, width: inner, character: horizontal, style: style)
        surface.put(topRight, row: rect.row, column: rect.right - 1, style: style)
        for r in (rect.row + 1)..<(rect.bottom - 1) {
            surface.put(vertical, row: r, column: rect.column, style: style)
            surface.fill(row: r, column: rect.column + 1, width: inner, character: " ", style: fillStyle)
            surface.put(vertical, row: r, column: rect.right - 1, style: style)
        }
        surface.put(bottomLeft, row: rect.bottom - 1, column: rect.column, style: style)
        surface.fill(row: rect.bottom - 1, column: rect.column + 1, width: inner, character: horizontal, style: style)
        surface.put(bottomRight, row: rect.bottom - 1, column: rect.right - 1, style: style)
        if let title, !title.isEmpty, inner >= 3 {
            let text = " " + DisplayWidth.truncate(title, to: inner - 2) + " "
            surface.put(text, row: rect.row, column: rect.column + 1, style: titleStyle, maxWidth: inner)
        }
    }

    /// Blanks `rect`.
    public static func clear(on surface: Surface, rect: Rect, style: Style = .normal) {
        guard rect.width > 0 else { return }
        for r in rect.row..<rect.bottom {
            surface.fill(row: r, column: rect.column, width: rect.width, character: " ", style: style)
        }
    }
}

/// Word wrapping by display width (long words are cut).
public enum TextWrap {
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ") {
                var word = String(word)
                var w = DisplayWidth.of(word)
                if lineWidth > 0 && lineWidth + 1 + w <= width {
                    line += " " + word
                    lineWidth += 1 + w
                    continue
                }
                if lineWidth > 0 {
                    result.append(line)
                    line = ""
                    lineWidth = 0
                }
                while w > width {
                    let (head, headWidth) = DisplayWidth.prefix(word, fitting: width)
                    if head.isEmpty { break }
                    result.append(String(head))
                    word = String(word[head.endIndex...])
                    w -= headWidth
                }
                line = word
                lineWidth = w
            }
            result.append(line)
        }
        return result
    }
}

/// Below this size screens say so instead of drawing a broken layout.
public enum MinimumSize {
    public static let columns = 80
    public static let rows = 24

    public static func isSatisfied(by surface: Surface, rows: Int = rows, columns: Int = columns) -> Bool {
        surface.rows >= rows && surface.columns >= columns
    }

    public static func message(_ language: Language, rows: Int = rows, columns: Int = columns) -> String {
        UIText.windowTooSmall(language, ["columns": String(columns), "rows": String(rows)])
    }

    /// Clears the surface and explains, centred, wrapped to whatever width there is.
    public static func draw(on surface: Surface, language: Language, rows: Int = rows, columns: Int = columns) {
        surface.clear()
        surface.hideCursor()
        let now = UIText.windowNow(language, ["columns": String(surface.columns), "rows": String(surface.rows)])
        let lines = TextWrap.lines(message(language, rows: rows, columns: columns), width: surface.columns) + [now]
        let top = max(0, (surface.rows - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < surface.rows {
            let column = max(0, (surface.columns - DisplayWidth.of(line)) / 2)
            surface.put(line, row: top + i, column: column, style: Style(i < lines.count - 1 ? .warning : .dim))
        }
    }
}
