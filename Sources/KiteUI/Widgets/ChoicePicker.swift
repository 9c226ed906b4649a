import KiteDomain
import KiteTerminal

/// A framed list of choices; some may be unavailable, each with the reason
/// shown when it is highlighted (a refused status transition says why).
public final class ChoicePicker {
    public struct Choice: Sendable, Hashable {
        public var value: String
        public var label: String
        /// Nil when the choice can be taken; otherwise why not.
        public var refusal: String?

        public init(value: String, label: String, refusal: String? = nil) {
            self.value = value
            self.label = label
            self.refusal = refusal
        }
    }

    public enum Result: Sendable, Hashable {
        case chosen(String)
        case refused(String)
        case cancelled
    }

    public var title: String
    public var choices: [Choice]
    public private(set) var selected: Int

    public init(title: String, choices: [Choice], selectedValue: String? = nil) {
        self.title = title
        self.choices = choices
        selected = choices.firstIndex { $0.value == selectedValue } ?? choices.firstIndex { $0.refusal == nil } ?? 0
    }

    public func handle(_ key: Key) -> Result? {
        switch key {
        case .up: selected = max(0, selected - 1)
        case .down, .tab: selected = min(choices.count - 1, selected + 1)
        case .home: selected = 0
        case .end: selected = choices.count - 1
        case .escape: return .cancelled
        case .enter:
            guard choices.indices.contains(selected) else { return .cancelled }
            let choice = choices[selected]
            if let refusal = choice.refusal { return .refused(refusal) }
            return .chosen(choice.value)
        case .character(let c):
            // Jump to the next choice starting with the typed letter, an
            // available one first.
            let lower = String(c).lowercased()
            let order = choices.indices.map { (selected + 1 + $0) % choices.count }
            let matching = order.filter { choices[$0].label.lowercased().hasPrefix(lower) }
            if let index = matching.first(where: { choices[$0].refusal == nil }) ?? matching.first { selected = index }
        default: return nil
        }
        return nil
    }

    public func draw(on surface: Surface) {
        let labelWidth = choices.map { DisplayWidth.of($0.label) }.max() ?? 10
        let reason = choices.indices.contains(selected) ? choices[selected].refusal : nil
        let reasonLines = reason.map { TextWrap.lines($0, width: max(20, min(60, surface.columns - 8))) } ?? []
        let width = min(surface.columns - 2, max(labelWidth + 8, DisplayWidth.of(title) + 6,
                                                 (reasonLines.map { DisplayWidth.of($0) }.max() ?? 0) + 4))
        let height = min(surface.rows - 2, choices.count + 2 + (reasonLines.isEmpty ? 0 : reasonLines.count + 1))
        let rect = Rect(surface).centered(width: width, height: height)
        Box.draw(on: surface, rect: rect, title: title)
        // More choices than rows (a catalogue of 40 areas on 24 rows): the list scrolls with the selection.
        let visible = max(1, height - 2)
        let first = choices.count > visible ? max(0, min(selected - visible + 1, choices.count - visible)) : 0
        for (index, choice) in choices.enumerated() where index >= first && index < first + visible {
            let marker = index == selected ? "▶ " : "  "
            let style: Style = index == selected ? Style(.selected) : (choice.refusal == nil ? Style(.normal) : Style(.dim))
            let text = DisplayWidth.fit(marker + choice.label, to: width - 2, alignment: .left)
            surface.put(text, row: rect.row + 1 + index - first, column: rect.column + 1, style: style, maxWidth: width - 2)
        }
        for (offset, line) in reasonLines.enumerated() {
            let row = rect.row + 2 + choices.count + offset
            guard row < rect.row + rect.height - 1 else { break }
            surface.put(line, row: row, column: rect.column + 2, style: Style(.warning), maxWidth: width - 3)
        }
        surface.hideCursor()
    }
}
