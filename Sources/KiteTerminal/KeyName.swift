/// Key names as written in `Keymaps/*.toml` and shown in hints.
///
/// Canonical names: `F1`…`F12`, `Enter`, `Esc`, `Tab`, `S-Tab`, `Backspace`,
/// `Del`, `Ins`, `Up`, `Down`, `Left`, `Right`, `Home`, `End`, `PgUp`, `PgDn`,
/// `Space`, `C-s` (Ctrl plus a letter), `M-x` (Alt plus a printable character)
/// and any single printable character (`/`, `:`, `n`, `?`, `й`).
/// Parsing also accepts a few spellings people type (`Escape`, `Return`,
/// `Delete`, `Insert`, `PageUp`, `PageDown`, `BackTab`, `f2`, `Ctrl-S`, `Alt-x`);
/// `name` always prints the canonical one, so `Key(name: k.name) == k`.
extension Key {
    private static let namedKeys: [(String, Key)] = [
        ("Enter", .enter), ("Esc", .escape), ("Tab", .tab), ("S-Tab", .backTab),
        ("Backspace", .backspace), ("Del", .delete), ("Ins", .insert),
        ("Up", .up), ("Down", .down), ("Left", .left), ("Right", .right),
        ("Home", .home), ("End", .end), ("PgUp", .pageUp), ("PgDn", .pageDown),
        ("Space", .character(" ")), ("Resize", .resize),
    ]

    private static let aliases: [String: Key] = [
        "escape": .escape, "return": .enter, "delete": .delete, "insert": .insert,
        "pageup": .pageUp, "pagedown": .pageDown, "backtab": .backTab,
        "shift-tab": .backTab, "bs": .backspace,
    ]

    /// Parses a key name; nil when the name is not a key this terminal layer knows.
    public init?(name: String) {
        // A single printable character stands for itself (case matters: `s` ≠ `S`).
        if name.count == 1, let c = name.first {
            guard Key.isPrintable(c) else { return nil }
            self = .character(c)
            return
        }
        let lower = name.lowercased()
        if let (_, key) = Key.namedKeys.first(where: { $0.0.lowercased() == lower }) {
            self = key
            return
        }
        if let key = Key.aliases[lower] {
            self = key
            return
        }
        // F1…F12
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n),
           !lower.dropFirst().hasPrefix("0"), !lower.dropFirst().hasPrefix("+") {
            self = .function(n)
            return
        }
        // C-s, Ctrl-s, Ctrl+S → control("s")
        for prefix in ["c-", "ctrl-", "ctrl+"] where lower.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard rest.count == 1, let c = rest.first, c.isASCII, c.isLetter else { return nil }
            self = .control(Character(c.lowercased()))
            return
        }
        // M-x, Alt-x, Alt+x → alt("x"); case is kept (M-x ≠ M-X).
        for prefix in ["m-", "alt-", "alt+"] where lower.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard rest.count == 1, let c = rest.first, Key.isPrintable(c), c != " " else { return nil }
            self = .alt(c)
            return
        }
        // U+0009 style for characters that have no printable form.
        if lower.hasPrefix("u+"), let v = UInt32(lower.dropFirst(2), radix: 16),
           let scalar = Unicode.Scalar(v) {
            self = .character(Character(scalar))
            return
        }
        return nil
    }

    /// The canonical name, as written in keymap files.
    public var name: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c):
            if Key.isPrintable(c) { return String(c) }
            return c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }
                .joined()
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .function(let n): return "F\(n)"
        case .control(let c): return "C-\(c)"
        case .alt(let c): return "M-\(c)"
        case .resize: return "Resize"
        case .paste: return "Paste"
        }
    }

    /// The label for the hint bar and the help overlay: `F2`, `Ins`, `Ctrl-S`, `Alt-X`, `/`.
    public var displayName: String {
        switch self {
        case .control(let c): return "Ctrl-" + c.uppercased()
        case .alt(let c): return "Alt-" + String(c)
        case .backTab: return "Shift-Tab"
        default: return name
        }
    }

    /// True for keys that type text in an editable field (printable characters and Space).
    public var isPrintable: Bool {
        if case .character(let c) = self { return Key.isPrintable(c) }
        return false
    }

    static func isPrintable(_ c: Character) -> Bool {
        if c == " " { return true }
        guard !c.isWhitespace, !c.isNewline else { return false }
        return !c.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
