import KiteDomain
import KiteTerminal

/// The line above a list: the typed filter (`/`), the list's other filters as chips
/// (`Статус: все`), how many rows match and whether a read is under way.
public struct FilterBar {
    public var text: String
    public var isEditing: Bool
    public var chips: [String]
    /// `1 000`, `≥ 1 000`, `≈ 1 000 000`, or `…` while counting.
    public var found: String
    public var isLoading: Bool
    public var language: Language

    public init(text: String, isEditing: Bool, chips: [String], found: String, isLoading: Bool, language: Language) {
        self.text = text
        self.isEditing = isEditing
        self.chips = chips
        self.found = found
        self.isLoading = isLoading
        self.language = language
    }

    public static func label(_ language: Language) -> String { " / " + UIText.filterLabel(language) + " " }

    /// Narrow terminals keep room for the chips and the count.
    public static func editorWidth(total: Int) -> Int { total < 100 ? 18 : 28 }

    /// Where the line editor goes while the filter is typed.
    public static func editorColumn(_ language: Language) -> Int { DisplayWidth.of(label(language)) }

    public func draw(on surface: Surface, row: Int, width: Int) {
        surface.fill(row: row, column: 0, width: width, character: " ", style: Style(.normal))
        var column = surface.put(Self.label(language), row: row, column: 0, style: Style(.label))
        let editorWidth = Self.editorWidth(total: width)
        surface.put(DisplayWidth.fit(Sanitizer.clean(text), to: editorWidth), row: row, column: column,
                    style: Style(isEditing ? .inputFocused : .input))
        column += editorWidth + 1
        if !chips.isEmpty {
            column += surface.put(" " + chips.joined(separator: " · "), row: row, column: column, style: Style(.label),
                                  maxWidth: max(0, width - column))
        }
        let loading = isLoading ? "  " + UIText.loading(language) : ""
        surface.put("  " + UIText.found(language, ["count": found]) + loading, row: row, column: column, style: Style(.dim),
                    maxWidth: max(0, width - column))
    }
}
