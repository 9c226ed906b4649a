import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// A search box over a list of records, floating above a form: typing
/// narrows the list at once (each keystroke supersedes the running query),
/// Up/Down move, Enter takes the record, Ins or Ctrl-N creates a new one
/// (when the picker allows it) with what was typed, Esc closes. Enter pressed while the
/// rows for the text typed are still coming (the rows shown, if any, are an older text's)
/// is kept, and acts once they arrive: it takes the first of them.
@MainActor
final class LookupPicker {
    struct Item: Sendable, Hashable {
        var id: Int64
        var label: String
        var detail: String
    }

    enum Outcome {
        case chosen(Item)
        case create(String)
        case cancelled
    }

    let title: String
    let editor = LineEditor(maxLength: 60)
    let canCreate: Bool
    private(set) var items: [Item] = []
    private(set) var selected = 0
    private(set) var isLoading = false
    /// Enter was pressed while loading: the outcome is delivered when the rows arrive.
    private(set) var enterPending = false
    /// Where an outcome reached after the key goes (set by `KiteApplication.lookup`).
    var deliver: (@MainActor (Outcome) -> Void)?
    private let lane: String
    private let search: @Sendable (PGConnection, String) throws -> [Item]
    private unowned let app: KiteApplication
    private var generation = 0

    init(app: KiteApplication, title: String, lane: String, initialText: String = "", canCreate: Bool,
         search: @escaping @Sendable (PGConnection, String) throws -> [Item]) {
        self.app = app
        let report = app.pasteCutReporter, language = app.language
        editor.onPasteCut = { [title] in report($0.message(field: title, language: language)) }
        self.title = title
        self.lane = lane
        self.canCreate = canCreate
        self.search = search
        editor.setText(initialText)
        refresh()
    }

    var selectedItem: Item? { items.indices.contains(selected) ? items[selected] : nil }

    func handle(_ key: Key) -> Outcome? {
        if key != .enter { enterPending = false }
        switch key {
        case .escape: return .cancelled
        case .enter:
            if isLoading {
                enterPending = true
                return nil
            }
            if let item = selectedItem { return .chosen(item) }
            return nil
        case .up: selected = max(0, selected - 1)
        case .down, .tab: selected = min(max(0, items.count - 1), selected + 1)
        case .pageUp: selected = max(0, selected - 10)
        case .pageDown: selected = min(max(0, items.count - 1), selected + 10)
        case .insert, .control("n"):
            if canCreate { return .create(editor.text) }
        default:
            let before = editor.text
            if editor.handle(key), editor.text != before { refresh() }
        }
        return nil
    }

    private func refresh() {
        generation += 1
        let generation = self.generation, text = editor.text, search = self.search
        isLoading = true
        app.database.request(lane: lane, { connection in
            try search(connection, text)
        }, completion: { [weak self] result in
            guard let self, self.generation == generation else { return }
            self.isLoading = false
            switch result {
            case .success(let items):
                self.items = items
                self.selected = 0
                if self.enterPending {
                    self.enterPending = false
                    if let item = self.selectedItem { self.deliver?(.chosen(item)) }
                }
            case .failure(let error):
                self.enterPending = false
                self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
        })
    }

    func draw(on surface: Surface) {
        let language = app.language
        let width = min(surface.columns - 2, 76)
        let height = min(surface.rows - 2, 18)
        let rect = Rect(surface).centered(width: width, height: height)
        Box.draw(on: surface, rect: rect, title: title)
        let inner = width - 2
        let label = " " + AppText.searchLabel(language) + " "
        let used = surface.put(label, row: rect.row + 1, column: rect.column + 1, style: Style(.label))
        editor.draw(on: surface, row: rect.row + 1, column: rect.column + 1 + used, width: inner - used - 1,
                    style: Style(.inputFocused), focused: true)
        let listTop = rect.row + 2
        let listHeight = height - 4
        if items.isEmpty {
            let text = (isLoading ? AppText.searching : AppText.nothingFound)(language)
            surface.put("  " + text, row: listTop, column: rect.column + 1, style: Style(.dim), maxWidth: inner)
        }
        let offset = max(0, selected - listHeight + 1)
        for (row, index) in items.indices.dropFirst(offset).prefix(listHeight).enumerated() {
            let item = items[index]
            let isSelected = index == selected
            let detailWidth = min(DisplayWidth.of(item.detail), inner / 2)
            let labelText = DisplayWidth.fit((isSelected ? "▶ " : "  ") + item.label, to: inner - detailWidth - 1, alignment: .left)
            let style = isSelected ? Style(.selected) : Style(.normal)
            surface.put(labelText + " " + DisplayWidth.fit(item.detail, to: detailWidth, alignment: .right),
                        row: listTop + row, column: rect.column + 1, style: style, maxWidth: inner)
        }
        var hint = " " + AppText.lookupHint(language)
        if canCreate { hint += " · " + AppText.lookupHintNew(language) }
        surface.put(hint, row: rect.row + height - 2, column: rect.column + 1, style: Style(.dim), maxWidth: inner)
        surface.setCursor(row: rect.row + 1, column: rect.column + 1 + used + editor.cursorColumn)
    }
}
