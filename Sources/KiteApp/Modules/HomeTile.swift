import KiteDomain
import KiteStore
import KiteTerminal

/// One tile of the АРЦ home screen, contributed by a module (`KiteModule.homeTiles`): its
/// title, how it reads its number from the counts the database made for every tile
/// (`kite_home_counts`, one round trip), whether the number asks for attention, and what
/// Enter on it opens (its list, already filtered).
public struct HomeTile: Sendable {
    /// `stock.aged`, `trips.late`: stable, for tests and the order within its group.
    public let id: String
    public let title: LocalizedText
    /// The tile's text for the counts (`12`, `3 · 450 000 ₽`).
    public let value: @Sendable (HomeCounts, Language) -> String
    /// True when the number wants someone to act (late trips, failed checks): drawn as a warning.
    public let attention: @Sendable (HomeCounts) -> Bool
    /// What Enter opens; nil: nothing to open.
    public let open: (@MainActor @Sendable (KiteApplication) -> Void)?

    public init(_ id: String, _ title: LocalizedText,
                value: @escaping @Sendable (HomeCounts, Language) -> String,
                attention: @escaping @Sendable (HomeCounts) -> Bool = { _ in false },
                open: (@MainActor @Sendable (KiteApplication) -> Void)? = nil) {
        self.id = id
        self.title = title
        self.value = value
        self.attention = attention
        self.open = open
    }

    /// A tile that shows one count of the function's object.
    public static func count(_ id: String, key: String? = nil, _ title: LocalizedText, attentionAbove: Int64? = nil,
                             open: (@MainActor @Sendable (KiteApplication) -> Void)? = nil) -> HomeTile {
        let key = key ?? id
        return HomeTile(id, title, value: { counts, _ in HomeTile.grouped(counts.count(key)) },
                        attention: { counts in attentionAbove.map { counts.count(key) > $0 } ?? false }, open: open)
    }

    /// `1 234 567`: digits in groups of three, as Russian money is written.
    public static func grouped(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append("\u{00A0}") }
            out.append(c)
        }
        return (n < 0 ? "−" : "") + out
    }
}

/// A module's tiles under its heading on the home screen.
public struct HomeTileGroup: Sendable {
    public let title: LocalizedText
    public let tiles: [HomeTile]

    public init(_ title: LocalizedText, _ tiles: [HomeTile]) {
        self.title = title
        self.tiles = tiles
    }
}

extension LocalizedText {
    /// `на складе` → `На складе`: a status label as a tile's title.
    public var sentenceCase: LocalizedText {
        func up(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
        return LocalizedText(ru: up(ru), en: up(en))
    }
}
