import KiteDomain
import KiteTerminal

public enum ConnectionState: Sendable, Hashable {
    case online, offline, reconnecting

    public func label(_ language: Language) -> String {
        switch self {
        case .online: UIText.connectionOnline(language)
        case .offline: UIText.connectionOffline(language)
        case .reconnecting: UIText.connectionReconnecting(language)
        }
    }

    var role: StyleRole {
        switch self {
        case .online: .ok
        case .offline: .error
        case .reconnecting: .warning
        }
    }
}

/// The one-line status bar: user and dealership on the left, a message in the
/// middle, the connection state on the right.
public struct StatusBar: Sendable, Hashable {
    public var user: String
    public var dealership: String
    public var message: String
    public var messageRole: StyleRole
    public var connection: ConnectionState
    public var language: Language

    public init(user: String, dealership: String, message: String = "", messageRole: StyleRole = .status,
                connection: ConnectionState = .online, language: Language = .ru) {
        self.user = user
        self.dealership = dealership
        self.message = message
        self.messageRole = messageRole
        self.connection = connection
        self.language = language
    }

    /// At most this many rows of a long message; the rest of the screen stays usable.
    public static let maximumRows = 6

    /// The rows the bar needs at `width`: one, or more when the message does not fit
    /// beside the user and the connection state (it is wrapped, never cut).
    public func height(width: Int) -> Int {
        messageLines(width: width).map { min($0.count, StatusBar.maximumRows) } ?? 1
    }

    private func stateText() -> String { " " + connection.label(language) + " " }

    private func whoText(width: Int, stateWidth: Int) -> String {
        let who = [user, dealership].filter { !$0.isEmpty }.joined(separator: " · ")
        return DisplayWidth.truncate(" " + who, to: max(0, min(width / 3, width - stateWidth - 1)))
    }

    /// nil when the message fits the middle of one row; else its lines, wrapped to
    /// the whole bar left of the connection state.
    private func messageLines(width: Int) -> [String]? {
        guard !message.isEmpty, width > 0 else { return nil }
        let stateWidth = min(width, DisplayWidth.of(stateText()))
        let leftWidth = DisplayWidth.of(whoText(width: width, stateWidth: stateWidth))
        let middleWidth = width - stateWidth - 1 - (leftWidth + 2)
        let clean = Sanitizer.clean(message)
        if DisplayWidth.of(clean) <= middleWidth { return nil }
        let lines = TextWrap.lines(clean, width: max(1, width - stateWidth - 2))
        guard lines.count > StatusBar.maximumRows else { return lines }
        var kept = Array(lines.prefix(StatusBar.maximumRows))
        kept[kept.count - 1] = DisplayWidth.truncate(kept[kept.count - 1] + " …", to: max(1, width - stateWidth - 2))
        return kept
    }

    /// Draws the bar with its top at `row`: `height(width:)` rows.
    public func draw(on surface: Surface, row: Int, column: Int = 0, width: Int? = nil) {
        let width = width ?? (surface.columns - column)
        guard width > 0 else { return }
        let bar = Style(.status)
        let lines = messageLines(width: width)
        let rowCount = lines.map { min($0.count, StatusBar.maximumRows) } ?? 1
        for r in 0..<rowCount {
            surface.fill(row: row + r, column: column, width: width, character: " ", style: bar)
        }
        // Right: connection state (always shown, it matters most), on the bar's last row.
        let lastRow = row + rowCount - 1
        let state = stateText()
        let stateWidth = min(width, DisplayWidth.of(state))
        let stateColumn = column + width - stateWidth
        surface.put(state, row: lastRow, column: stateColumn, style: Style(connection.role, reverse: true), maxWidth: stateWidth)
        let messageStyle = Style(messageRole == .status ? .status : messageRole)
        if let lines {
            // A long message takes the whole bar, over as many rows as it needs.
            for (i, line) in lines.prefix(rowCount).enumerated() {
                surface.put(line, row: row + i, column: column + 1, style: messageStyle, maxWidth: stateColumn - column - 2)
            }
            return
        }
        // Left: who and where, at most a third of the bar.
        let leftWidth = surface.put(whoText(width: width, stateWidth: stateWidth), row: row, column: column, style: bar)
        // Middle: the message, centred in what is left.
        let middleStart = column + leftWidth + 2
        let middleWidth = stateColumn - 1 - middleStart
        if !message.isEmpty, middleWidth > 0 {
            let text = DisplayWidth.fit(Sanitizer.clean(message), to: middleWidth, alignment: .center)
            surface.put(text, row: row, column: middleStart, style: messageStyle, maxWidth: middleWidth)
        }
    }
}

/// A key and what it does, for the hint bar: ("F2", "Сохранить").
public struct Hint: Sendable, Hashable {
    public var key: String
    public var label: String
    /// False for a command the screen offers but cannot run now: drawn dimmed.
    public var isAvailable: Bool
    public init(_ key: String, _ label: String, isAvailable: Bool = true) {
        self.key = key
        self.label = label
        self.isAvailable = isAvailable
    }
}

/// The key-hint row: `F2 Сохранить  Esc Назад`. Hints are in priority order;
/// those that do not fit the width are dropped from the end.
public struct HintBar: Sendable, Hashable {
    public var hints: [Hint]
    public static let separator = "  "

    public init(_ hints: [Hint]) { self.hints = hints }

    /// The hints that fit into `width` columns, in order.
    public func fitted(width: Int) -> [Hint] {
        var used = 0
        var result: [Hint] = []
        for hint in hints {
            let w = (result.isEmpty ? 0 : DisplayWidth.of(HintBar.separator))
                + DisplayWidth.of(hint.key) + 1 + DisplayWidth.of(hint.label)
            if used + w > width { break }
            used += w
            result.append(hint)
        }
        return result
    }

    /// The fitted bar as plain text (what `draw` shows).
    public func text(width: Int) -> String {
        fitted(width: width).map { "\($0.key) \($0.label)" }.joined(separator: HintBar.separator)
    }

    public func draw(on surface: Surface, row: Int, column: Int = 0, width: Int? = nil) {
        let width = width ?? (surface.columns - column)
        guard width > 0 else { return }
        surface.fill(row: row, column: column, width: width, character: " ", style: Style(.hint))
        var x = column
        for (i, hint) in fitted(width: width).enumerated() {
            if i > 0 { x += surface.put(HintBar.separator, row: row, column: x, style: Style(.hint)) }
            x += surface.put(hint.key, row: row, column: x, style: Style(hint.isAvailable ? .hintKey : .hint))
            x += surface.put(" " + hint.label, row: row, column: x, style: Style(hint.isAvailable ? .hint : .dim))
        }
    }
}
