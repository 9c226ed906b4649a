/// Maps each `StyleRole` to terminal colours and attributes. Loaded by name
/// from config (`theme = "dark"`); `mono` uses attributes only and is what
/// `NO_COLOR` and colourless terminals get.
public struct Theme: Sendable, Hashable {
    /// The eight ANSI colours; `.default` is the terminal's own fg/bg.
    public enum Color: Int16, Sendable, Hashable {
        case `default` = -1
        case black = 0, red, green, yellow, blue, magenta, cyan, white
    }

    public struct Attributes: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let bold = Attributes(rawValue: 1)
        public static let reverse = Attributes(rawValue: 2)
        public static let underline = Attributes(rawValue: 4)
        public static let dim = Attributes(rawValue: 8)
    }

    public struct Entry: Sendable, Hashable {
        public var foreground: Color
        public var background: Color
        public var attributes: Attributes
        public init(_ foreground: Color = .default, _ background: Color = .default, _ attributes: Attributes = []) {
            self.foreground = foreground
            self.background = background
            self.attributes = attributes
        }
    }

    public var name: String
    /// False for `mono`: only attributes are used.
    public var usesColor: Bool
    public var entries: [StyleRole: Entry]

    public init(name: String, usesColor: Bool, entries: [StyleRole: Entry]) {
        self.name = name
        self.usesColor = usesColor
        self.entries = entries
    }

    public func entry(for role: StyleRole) -> Entry {
        entries[role] ?? entries[.normal] ?? Entry()
    }

    /// The colour-pair number ncurses uses for `role` (1-based, stable).
    public static func pairNumber(for role: StyleRole) -> Int {
        (StyleRole.allCases.firstIndex(of: role) ?? 0) + 1
    }

    public static let names = ["dark", "light", "mono"]

    /// `dark`, `light` or `mono`; nil for an unknown name.
    public static func named(_ name: String) -> Theme? {
        switch name.lowercased() {
        case "dark": .dark
        case "light": .light
        case "mono", "monochrome": .mono
        default: nil
        }
    }

    /// Light text on the terminal's (dark) background.
    public static let dark = Theme(name: "dark", usesColor: true, entries: [
        .normal: Entry(),
        .title: Entry(.cyan, .default, [.bold]),
        .header: Entry(.yellow, .default, [.bold]),
        .selected: Entry(.black, .cyan),
        .border: Entry(.blue),
        .dim: Entry(.default, .default, [.dim]),
        .status: Entry(.black, .white),
        .hint: Entry(.white, .blue),
        .hintKey: Entry(.yellow, .blue, [.bold]),
        .input: Entry(.white, .default, [.underline]),
        .inputFocused: Entry(.black, .yellow),
        .label: Entry(.cyan),
        .required: Entry(.red, .default, [.bold]),
        .error: Entry(.red, .default, [.bold]),
        .warning: Entry(.yellow),
        .ok: Entry(.green),
        .accent: Entry(.magenta, .default, [.bold]),
    ])

    /// Dark text for light terminal backgrounds (no yellow/white on default bg).
    public static let light = Theme(name: "light", usesColor: true, entries: [
        .normal: Entry(),
        .title: Entry(.blue, .default, [.bold]),
        .header: Entry(.blue, .default, [.bold, .underline]),
        .selected: Entry(.white, .blue),
        .border: Entry(.blue),
        .dim: Entry(.default, .default, [.dim]),
        .status: Entry(.white, .blue),
        .hint: Entry(.black, .white),
        .hintKey: Entry(.blue, .white, [.bold]),
        .input: Entry(.black, .default, [.underline]),
        .inputFocused: Entry(.black, .cyan),
        .label: Entry(.blue),
        .required: Entry(.red, .default, [.bold]),
        .error: Entry(.red, .default, [.bold]),
        .warning: Entry(.magenta, .default, [.bold]),
        .ok: Entry(.green, .default, [.bold]),
        .accent: Entry(.magenta, .default, [.bold]),
    ])

    /// Attributes only: bold, reverse, underline. Still usable without colour.
    public static let mono = Theme(name: "mono", usesColor: false, entries: [
        .normal: Entry(),
        .title: Entry(.default, .default, [.bold]),
        .header: Entry(.default, .default, [.bold, .underline]),
        .selected: Entry(.default, .default, [.reverse]),
        .border: Entry(),
        .dim: Entry(.default, .default, [.dim]),
        .status: Entry(.default, .default, [.reverse]),
        .hint: Entry(),
        .hintKey: Entry(.default, .default, [.reverse]),
        .input: Entry(.default, .default, [.underline]),
        .inputFocused: Entry(.default, .default, [.reverse]),
        .label: Entry(),
        .required: Entry(.default, .default, [.bold]),
        .error: Entry(.default, .default, [.bold, .reverse]),
        .warning: Entry(.default, .default, [.bold, .underline]),
        .ok: Entry(),
        .accent: Entry(.default, .default, [.bold]),
    ])
}
