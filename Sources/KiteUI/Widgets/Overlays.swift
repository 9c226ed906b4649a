import KiteDomain
import KiteTerminal

public struct HelpEntry: Sendable, Hashable {
    public var key: String
    public var description: String
    public init(_ key: String, _ description: String) {
        self.key = key
        self.description = description
    }
}

public struct HelpGroup: Sendable, Hashable {
    public var title: String
    public var entries: [HelpEntry]
    public init(_ title: String, _ entries: [HelpEntry]) {
        self.title = title
        self.entries = entries
    }
}

/// A framed, scrollable list of key → description, grouped by context. Built
/// from the active keymap by the app.
public final class HelpOverlay {
    public var groups: [HelpGroup]
    public var title: String
    public var language: Language
    public private(set) var scrollOffset = 0
    private var pageSize = 10

    public init(groups: [HelpGroup], title: String? = nil, language: Language = .ru) {
        self.groups = groups
        self.language = language
        self.title = title ?? UIText.helpTitle(language)
    }

    /// The text lines inside the frame (before scrolling). With a `width`, a line
    /// wider than it is wrapped (a description under itself, after the key column),
    /// never cut: a check's details are read whole.
    public func lines(width: Int? = nil) -> [(text: String, role: StyleRole)] {
        let keyWidth = groups.flatMap(\.entries).map { DisplayWidth.of($0.key) }.max() ?? 0
        var lines: [(String, StyleRole)] = []
        func add(_ text: String, _ role: StyleRole, indent: Int) {
            guard let width, DisplayWidth.of(text) > width else {
                lines.append((text, role))
                return
            }
            let body = String(text.dropFirst(indent))
            let room = width - indent
            guard room >= 10 else {
                for line in TextWrap.lines(text, width: width) { lines.append((line, role)) }
                return
            }
            let pad = String(repeating: " ", count: indent)
            for line in TextWrap.lines(Sanitizer.clean(body), width: room) { lines.append((pad + line, role)) }
        }
        for group in groups {
            if !lines.isEmpty { lines.append(("", .normal)) }
            add(group.title, .title, indent: 0)
            for entry in group.entries {
                let prefix = "  " + DisplayWidth.pad(entry.key, to: keyWidth) + "  "
                add(prefix + entry.description, .normal, indent: prefix.count)
            }
        }
        return lines
    }

    /// Lines as last drawn (wrapped to the box), for scrolling.
    private var drawnLineCount: Int?

    public func scroll(by delta: Int) {
        scrollOffset = max(0, min(scrollOffset + delta, max(0, (drawnLineCount ?? lines().count) - pageSize)))
    }

    /// Up/Down/PgUp/PgDn/Home/End scroll. Returns whether the key was used
    /// (Esc/F1/q are left to the caller, which closes the overlay).
    @discardableResult
    public func handle(_ key: Key) -> Bool {
        switch key {
        case .up: scroll(by: -1)
        case .down: scroll(by: 1)
        case .pageUp: scroll(by: -max(1, pageSize - 1))
        case .pageDown: scroll(by: max(1, pageSize - 1))
        case .home: scrollOffset = 0
        case .end: scroll(by: Int.max / 2)
        default: return false
        }
        return true
    }

    public func draw(on surface: Surface) {
        let area = Rect(surface)
        let natural = lines()
        let contentWidth = max(natural.map { DisplayWidth.of($0.text) }.max() ?? 0, DisplayWidth.of(title) + 4, 30)
        let boxWidth = min(contentWidth + 4, area.width - 2)
        let all = lines(width: max(1, boxWidth - 4))
        let rect = area.centered(width: boxWidth, height: min(all.count + 3, area.height - 2))
        guard rect.width >= 6, rect.height >= 3 else { return }
        Box.draw(on: surface, rect: rect, title: title)
        let inner = Rect(row: rect.row + 1, column: rect.column + 2, height: rect.height - 3, width: rect.width - 4)
        pageSize = max(1, inner.height)
        drawnLineCount = all.count
        scrollOffset = max(0, min(scrollOffset, max(0, all.count - pageSize)))
        for (i, line) in all.dropFirst(scrollOffset).prefix(inner.height).enumerated() {
            surface.put(DisplayWidth.truncate(line.text, to: inner.width), row: inner.row + i, column: inner.column,
                        style: Style(line.role), maxWidth: inner.width)
        }
        var footer = UIText.helpFooter(language)
        if all.count > pageSize {
            footer += "  ↑↓ PgUp PgDn  \(scrollOffset + 1)–\(min(all.count, scrollOffset + pageSize))/\(all.count)"
        }
        surface.put(DisplayWidth.truncate(footer, to: inner.width), row: rect.bottom - 2, column: inner.column,
                    style: Style(.dim), maxWidth: inner.width)
        surface.hideCursor()
    }
}

/// The `:` command line: a `LineEditor`, Tab completes from the candidates
/// (to the longest common prefix) and lists them on the row above.
/// (Not named `CommandLine`: that would shadow `Swift.CommandLine`.)
public final class CommandLineView {
    public enum Result: Sendable, Hashable {
        case submit(String)
        case cancel
    }

    public let editor = LineEditor()
    public var prompt = ":"
    /// Every command name that Tab can complete to (`stock.filter`, `quit`, …).
    public var candidates: [String]
    /// What the last Tab matched, shown above the prompt; cleared by typing.
    public private(set) var shownCandidates: [String] = []

    public init(candidates: [String] = []) {
        self.candidates = candidates
    }

    public var text: String { editor.text }

    /// Completes the text at the cursor's end: one match → the whole name;
    /// several → the common prefix, and they are listed.
    public func complete() {
        let typed = editor.text
        let matches = candidates.filter { $0.hasPrefix(typed) }.sorted()
        guard !matches.isEmpty else {
            shownCandidates = []
            return
        }
        if matches.count == 1 {
            editor.setText(matches[0])
            shownCandidates = []
            return
        }
        var prefix = matches[0]
        for match in matches.dropFirst() {
            while !match.hasPrefix(prefix) { prefix.removeLast() }
        }
        if prefix.count > typed.count { editor.setText(prefix) }
        shownCandidates = matches
    }

    /// Enter submits (trimmed), Esc cancels (also Backspace on an empty line),
    /// Tab completes, anything else edits. nil = still editing.
    @discardableResult
    public func handle(_ key: Key) -> Result? {
        switch key {
        case .enter:
            shownCandidates = []
            var command = Substring(editor.text)
            while command.first == " " { command = command.dropFirst() }
            while command.last == " " { command = command.dropLast() }
            return .submit(String(command))
        case .escape:
            shownCandidates = []
            return .cancel
        case .backspace where editor.isEmpty:
            return .cancel
        case .tab:
            complete()
        default:
            if editor.handle(key) { shownCandidates = [] }
        }
        return nil
    }

    public func reset() {
        editor.clear()
        shownCandidates = []
    }

    /// The prompt on `row`; candidates (if any) on `row - 1`.
    public func draw(on surface: Surface, row: Int, column: Int = 0, width: Int? = nil) {
        let width = width ?? (surface.columns - column)
        guard width > 1 else { return }
        if !shownCandidates.isEmpty, row > 0 {
            surface.fill(row: row - 1, column: column, width: width, character: " ", style: Style(.dim))
            surface.put(DisplayWidth.truncate(shownCandidates.joined(separator: "  "), to: width),
                        row: row - 1, column: column, style: Style(.dim), maxWidth: width)
        }
        surface.fill(row: row, column: column, width: width, character: " ", style: .normal)
        let promptWidth = surface.put(prompt, row: row, column: column, style: Style(.accent), maxWidth: width)
        editor.draw(on: surface, row: row, column: column + promptWidth, width: width - promptWidth,
                    style: .normal, focused: true)
    }
}

/// A yes/no question in a frame: [Да] [Нет]. Y/Д and N/Т (the same keys on
/// a Russian layout), Left/Right/Tab to choose, Enter to answer, Esc = no.
public final class ConfirmDialog {
    public enum Result: Sendable, Hashable {
        case confirmed, cancelled
    }

    public var question: String
    public var title: String?
    public var language: Language
    /// The highlighted answer; starts on "No" unless `defaultYes`.
    public private(set) var yesSelected: Bool

    public init(question: String, title: String? = nil, language: Language = .ru, defaultYes: Bool = false) {
        self.question = question
        self.title = title
        self.language = language
        self.yesSelected = defaultYes
    }

    public var yesLabel: String { UIText.yes(language) }
    public var noLabel: String { UIText.no(language) }

    /// nil while the dialog stays open.
    @discardableResult
    public func handle(_ key: Key) -> Result? {
        switch key {
        case .character("y"), .character("Y"), .character("д"), .character("Д"): return .confirmed
        case .character("n"), .character("N"), .character("т"), .character("Т"): return .cancelled
        case .escape: return .cancelled
        case .enter: return yesSelected ? .confirmed : .cancelled
        case .left, .right, .tab, .backTab: yesSelected.toggle()
        default: break
        }
        return nil
    }

    /// What each key does in this box, for the hint bar: Enter gives the
    /// highlighted answer, so its hint follows the highlight.
    public var hints: [Hint] {
        let yes = UIText.answerYes(language)
        let no = UIText.answerNo(language)
        return [Hint("Enter", yesSelected ? yes : no), Hint("←→", UIText.switchAnswer(language)),
                Hint(UIText.yesKeys(language), yes), Hint(UIText.noKeys(language), no), Hint("Esc", no)]
    }

    public func draw(on surface: Surface) {
        let area = Rect(surface)
        let buttons = yesLabel + "   " + noLabel
        let maxText = max(DisplayWidth.of(buttons), min(area.width - 6, 60))
        let lines = TextWrap.lines(Sanitizer.clean(question), width: maxText)
        let textWidth = max(lines.map { DisplayWidth.of($0) }.max() ?? 0, DisplayWidth.of(buttons), DisplayWidth.of(title ?? "") + 2)
        let rect = area.centered(width: textWidth + 4, height: lines.count + 4)
        guard rect.width >= 4, rect.height >= 3 else { return }
        Box.draw(on: surface, rect: rect, title: title)
        for (i, line) in lines.enumerated() where rect.row + 1 + i < rect.bottom - 2 {
            surface.put(line, row: rect.row + 1 + i, column: rect.column + 2, style: .normal, maxWidth: rect.width - 4)
        }
        let buttonRow = rect.bottom - 2
        var x = rect.column + (rect.width - DisplayWidth.of(buttons)) / 2
        x += surface.put(yesLabel, row: buttonRow, column: x, style: Style(yesSelected ? .selected : .normal))
        x += surface.put("   ", row: buttonRow, column: x)
        surface.put(noLabel, row: buttonRow, column: x, style: Style(yesSelected ? .normal : .selected))
        surface.hideCursor()
    }
}

/// An error, warning or information box that waits for Enter/Esc/Space.
public final class MessageBox {
    public enum Kind: Sendable, Hashable {
        case error, warning, info

        var role: StyleRole {
            switch self {
            case .error: .error
            case .warning: .warning
            case .info: .normal
            }
        }

        func title(_ language: Language) -> String {
            switch self {
            case .error: UIText.errorTitle(language)
            case .warning: UIText.warningTitle(language)
            case .info: UIText.messageTitle(language)
            }
        }
    }

    public var kind: Kind
    public var title: String
    public var message: String
    public var language: Language

    public init(_ kind: Kind, message: String, title: String? = nil, language: Language = .ru) {
        self.kind = kind
        self.message = message
        self.language = language
        self.title = title ?? kind.title(language)
    }

    /// True when the key closes the box (Enter, Esc, Space).
    public func handle(_ key: Key) -> Bool {
        key == .enter || key == .escape || key == .character(" ")
    }

    /// What the keys do in this box, for the hint bar: each of them closes it.
    public var hints: [Hint] {
        [Hint("Enter", UIText.closeBox(language)), Hint("Esc", UIText.closeBox(language))]
    }

    public func draw(on surface: Surface) {
        let area = Rect(surface)
        let ok = "[OK]"
        let lines = TextWrap.lines(Sanitizer.clean(message), width: max(10, min(area.width - 6, 60)))
        let textWidth = max(lines.map { DisplayWidth.of($0) }.max() ?? 0, DisplayWidth.of(title) + 2, DisplayWidth.of(ok))
        let rect = area.centered(width: textWidth + 4, height: lines.count + 4)
        guard rect.width >= 4, rect.height >= 3 else { return }
        Box.draw(on: surface, rect: rect, title: title, style: Style(kind == .info ? .border : kind.role),
                 titleStyle: Style(kind == .info ? .title : kind.role))
        for (i, line) in lines.enumerated() where rect.row + 1 + i < rect.bottom - 2 {
            surface.put(line, row: rect.row + 1 + i, column: rect.column + 2, style: Style(kind.role), maxWidth: rect.width - 4)
        }
        surface.put(ok, row: rect.bottom - 2, column: rect.column + (rect.width - DisplayWidth.of(ok)) / 2, style: Style(.selected))
        surface.hideCursor()
    }
}

/// A one-line notice that does not take the keyboard ("Сохранено", a failed
/// query); the app shows it for a few seconds, usually above the hint bar.
public struct Toast: Sendable, Hashable {
    public var message: String
    public var kind: MessageBox.Kind

    public init(_ message: String, kind: MessageBox.Kind = .info) {
        self.message = message
        self.kind = kind
    }

    /// Right-aligned on `row`, framed by a space each side.
    public func draw(on surface: Surface, row: Int) {
        let text = " " + DisplayWidth.truncate(Sanitizer.clean(message), to: max(0, surface.columns - 2)) + " "
        let width = DisplayWidth.of(text)
        surface.put(text, row: row, column: max(0, surface.columns - width),
                    style: Style(kind == .info ? .ok : kind.role, reverse: true))
    }
}
