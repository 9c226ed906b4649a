/// Semantic colour roles; a theme maps them to terminal colours and attributes.
public enum StyleRole: String, Sendable, Hashable, CaseIterable {
    case normal, title, header, selected, border, dim
    case status, hint, hintKey
    case input, inputFocused, label, required
    case error, warning, ok, accent
}

public struct Style: Sendable, Hashable {
    public var role: StyleRole
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: StyleRole = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }

    public static let normal = Style()
}

/// Where widgets draw. Coordinates are 0-based (row, column) in display cells.
/// Two implementations: the ncurses screen, and an in-memory grid for golden tests.
/// Text given to `put` is sanitised by the surface (control characters never
/// reach the terminal) and clipped at the right edge by display width.
public protocol Surface: AnyObject {
    var rows: Int { get }
    var columns: Int { get }

    /// Blank the whole surface.
    func clear()

    /// Writes `text` starting at (row, column), at most `maxWidth` display
    /// columns (default: to the right edge). Returns the columns written.
    @discardableResult
    func put(_ text: String, row: Int, column: Int, style: Style, maxWidth: Int?) -> Int

    /// Fills `width` cells of one row with `character` (a single-width character).
    func fill(row: Int, column: Int, width: Int, character: Character, style: Style)

    /// Where the terminal cursor should rest after this frame; nil hides it.
    func setCursor(row: Int, column: Int)
    func hideCursor()
}

extension Surface {
    @discardableResult
    public func put(_ text: String, row: Int, column: Int, style: Style = .normal) -> Int {
        put(text, row: row, column: column, style: style, maxWidth: nil)
    }
}
