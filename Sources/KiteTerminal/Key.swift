/// A decoded key press. Keymaps name keys as text (`F2`, `Ins`, `Enter`, `C-s`,
/// `M-x`, `/`); `Key(name:)` parses those and `name` prints them back.
public enum Key: Sendable, Hashable {
    case character(Character)
    case enter, escape, tab, backTab, backspace, delete, insert
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)      // F1…F12
    case control(Character) // C-a … C-z, lower-case letter
    case alt(Character)     // M-x
    case resize
    /// Text the terminal delivered as one bracketed paste (`ESC[200~ … ESC[201~`),
    /// exactly as pasted: line breaks as "\n", control characters still in it.
    /// Never replayed as keys: a newline in it is not Enter, a BEL not Ctrl-G.
    case paste(String)
}
