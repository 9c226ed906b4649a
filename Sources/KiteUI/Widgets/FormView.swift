import KiteDomain
import KiteTerminal

/// One choice of a select field: the stored value and the shown label.
public struct SelectOption: Sendable, Hashable {
    public var value: String
    public var label: String
    public init(value: String, label: String) {
        self.value = value
        self.label = label
    }
}

/// What a form field edits. Validation is the domain's job; the editor never
/// refuses typed characters (only the maximum length).
public enum FieldKind: Sendable, Hashable {
    case text
    case integer
    case money
    case date
    /// An enum: Space/Left/Right cycle through the options.
    case select([SelectOption])
    /// Upper-cased as typed, 17 characters at most.
    case vin
    /// Shown, never focused or edited.
    case readOnly
    /// Another record picked from a list (a customer, a vehicle): focused,
    /// but typing goes to the screen, which opens its picker. The value is
    /// the record's id; `FormView.lookupLabels` says what to show.
    case lookup
}

public struct FormField: Sendable, Hashable {
    /// The bind name (`vin`, `list_price`) that keys `values` and `FieldIssue.field`.
    public var bind: String
    public var label: String
    public var kind: FieldKind
    public var required: Bool
    public var maxLength: Int?
    /// Display width of the input; nil = the rest of the line (at most 40).
    public var width: Int?

    public init(bind: String, label: String, kind: FieldKind = .text, required: Bool = false,
                maxLength: Int? = nil, width: Int? = nil) {
        self.bind = bind
        self.label = label
        self.kind = kind
        self.required = required
        self.maxLength = maxLength
        self.width = width
    }

    public var isFocusable: Bool { kind != .readOnly }
}

public struct FormSection: Sendable, Hashable {
    public var id: String
    public var title: String?
    public var fields: [FormField]
    public var isVisible: Bool

    public init(id: String, title: String? = nil, fields: [FormField], isVisible: Bool = true) {
        self.id = id
        self.title = title
        self.fields = fields
        self.isVisible = isVisible
    }
}

/// A data-entry form: labelled fields in sections, one `LineEditor` each,
/// inline error/warning lines from `FieldIssue`s, focus movement and scrolling.
/// Values of hidden sections are kept; nothing typed is ever dropped.
public final class FormView {
    public private(set) var sections: [FormSection]
    public var language: Language
    /// Width of the label column; nil = the widest label + marker + 2.
    public var labelWidth: Int?
    public private(set) var focusedBind: String?
    /// Told (with the sentence for the status line) when a paste into a field was cut at its maximum.
    public var onPasteCut: ((String) -> Void)?
    /// What a `.lookup` field shows for its value (bind → text).
    public var lookupLabels: [String: String] = [:]
    public private(set) var scrollOffset = 0

    private var editors: [String: LineEditor] = [:]
    private var baseline: [String: String] = [:]
    private var issuesByField: [String: [FieldIssue]] = [:]

    public init(sections: [FormSection], values: [String: String] = [:], language: Language = .ru) {
        self.sections = sections
        self.language = language
        for field in sections.flatMap(\.fields) {
            let editor = LineEditor(text: "", maxLength: field.maxLength ?? (field.kind == .vin ? 17 : nil))
            if field.kind == .vin { editor.transform = { Character($0.uppercased()) } }
            editor.onPasteCut = { [weak self] cut in
                guard let self else { return }
                self.onPasteCut?(cut.message(field: field.label, language: self.language))
            }
            editors[field.bind] = editor
        }
        load(values)
        focusedBind = focusableFields.first?.bind
    }

    // MARK: - Values

    /// Every field's text keyed by bind name, hidden sections included.
    public var values: [String: String] {
        editors.mapValues(\.text)
    }

    public func value(_ bind: String) -> String? { editors[bind]?.text }

    /// Sets one field from code (a lookup result); counts as a change.
    public func setValue(_ value: String, for bind: String) {
        editors[bind]?.setText(value)
    }

    /// Loads saved values: the form is clean afterwards. For select fields
    /// without a value the first option is chosen.
    public func load(_ values: [String: String]) {
        for field in sections.flatMap(\.fields) {
            var text = values[field.bind] ?? ""
            if case .select(let options) = field.kind, text.isEmpty, let first = options.first, field.required {
                text = first.value
            }
            editors[field.bind]?.setText(text)
        }
        baseline = self.values
    }

    /// True when any value differs from what was loaded (unsaved-changes guard).
    public var isDirty: Bool { values != baseline }

    /// After a successful save: the current values become the clean state.
    public func markSaved() { baseline = values }

    /// The editor of a field (for tests and custom key handling).
    public func editor(for bind: String) -> LineEditor? { editors[bind] }

    // MARK: - Issues

    public func setIssues(_ issues: [FieldIssue]) {
        issuesByField = Dictionary(grouping: issues, by: \.field)
    }

    /// Replaces the issues of one field (a value checked as the focus leaves it), the others stay.
    public func setIssues(_ issues: [FieldIssue], for bind: String) {
        issuesByField[bind] = issues.isEmpty ? nil : issues
    }

    public func issues(for bind: String) -> [FieldIssue] {
        // Errors first, each group in the order found (position 1 before position 3).
        let issues = issuesByField[bind] ?? []
        return issues.filter { $0.severity == .error } + issues.filter { $0.severity != .error }
    }

    /// Issues the form cannot show under a field: for binds it does not have
    /// (a whole-record problem such as a stale version) or fields in hidden
    /// sections. The screen must show these some other way (a `MessageBox`),
    /// or an error would block the save invisibly.
    public var unplacedIssues: [FieldIssue] {
        let shown = Set(visibleFields.map(\.bind))
        return issuesByField.filter { !shown.contains($0.key) }.flatMap(\.value)
            .sorted { ($0.severity == .error ? 0 : 1, $0.field) < ($1.severity == .error ? 0 : 1, $1.field) }
    }

    public var hasErrors: Bool { issuesByField.values.contains { $0.contains { $0.severity == .error } } }

    /// Moves focus to the first field with an error, if any.
    public func focusFirstError() {
        if let field = visibleFields.first(where: { f in issues(for: f.bind).contains { $0.severity == .error } }),
           field.isFocusable {
            focusedBind = field.bind
        }
    }

    // MARK: - Sections

    public func setSectionVisible(_ id: String, _ visible: Bool) {
        for i in sections.indices where sections[i].id == id { sections[i].isVisible = visible }
        if let focusedBind, !focusableFields.contains(where: { $0.bind == focusedBind }) {
            self.focusedBind = focusableFields.first?.bind
        }
    }

    public func isSectionVisible(_ id: String) -> Bool {
        sections.first { $0.id == id }?.isVisible ?? false
    }

    private var visibleFields: [FormField] { sections.filter(\.isVisible).flatMap(\.fields) }
    private var focusableFields: [FormField] { visibleFields.filter(\.isFocusable) }

    public var focusedField: FormField? {
        guard let focusedBind else { return nil }
        return visibleFields.first { $0.bind == focusedBind }
    }

    // MARK: - Focus

    public func focus(bind: String) {
        if focusableFields.contains(where: { $0.bind == bind }) { focusedBind = bind }
    }

    /// Next focusable field; false when already on the last one.
    @discardableResult
    public func focusNext() -> Bool { moveFocus(by: 1) }

    @discardableResult
    public func focusPrevious() -> Bool { moveFocus(by: -1) }

    private func moveFocus(by delta: Int) -> Bool {
        let fields = focusableFields
        guard !fields.isEmpty else { return false }
        guard let current = fields.firstIndex(where: { $0.bind == focusedBind }) else {
            focusedBind = fields.first?.bind
            return true
        }
        let next = current + delta
        guard fields.indices.contains(next) else { return false }
        focusedBind = fields[next].bind
        return true
    }

    /// Tab/Down/Enter → next field, Shift-Tab/Up → previous; select fields take
    /// Space/Left/Right; everything else goes to the focused field's editor.
    /// Returns false for keys the form does not use (Enter on the last field,
    /// F-keys, Esc…) so the screen's keymap can have them.
    @discardableResult
    public func handle(_ key: Key) -> Bool {
        switch key {
        case .tab, .down: return focusNext() || key == .tab
        case .enter: return focusNext()
        case .backTab, .up: return focusPrevious() || key == .backTab
        default: break
        }
        guard let field = focusedField, let editor = editors[field.bind] else { return false }
        if field.kind == .lookup { return false }
        if case .select(let options) = field.kind {
            switch key {
            case .character(" "), .right: cycle(editor, options, by: 1)
            case .left: cycle(editor, options, by: -1)
            default: return false
            }
            return true
        }
        return editor.handle(key)
    }

    private func cycle(_ editor: LineEditor, _ options: [SelectOption], by delta: Int) {
        guard !options.isEmpty else { return }
        let current = options.firstIndex { $0.value == editor.text } ?? (delta > 0 ? -1 : 0)
        let next = ((current + delta) % options.count + options.count) % options.count
        editor.setText(options[next].value)
    }

    // MARK: - Drawing

    private enum Line {
        case sectionTitle(String)
        case field(FormField)
        case issue(FieldIssue)
        case blank
    }

    private func layoutLines() -> [Line] {
        var lines: [Line] = []
        for section in sections where section.isVisible {
            if !lines.isEmpty { lines.append(.blank) }
            if let title = section.title { lines.append(.sectionTitle(title)) }
            for field in section.fields {
                lines.append(.field(field))
                for issue in issues(for: field.bind) { lines.append(.issue(issue)) }
            }
        }
        return lines
    }

    private func resolvedLabelWidth(max available: Int) -> Int {
        let widest = visibleFields.map { DisplayWidth.of($0.label) + ($0.required ? 1 : 0) }.max() ?? 0
        return min(labelWidth ?? (widest + 2), max(1, available / 2))
    }

    public func draw(on surface: Surface, in rect: Rect) {
        guard !rect.isEmpty else { return }
        Box.clear(on: surface, rect: rect)
        let lines = layoutLines()
        // Keep the focused field and its messages in view.
        if let focusedBind, let index = lines.firstIndex(where: { if case .field(let f) = $0 { f.bind == focusedBind } else { false } }) {
            var end = index
            while end + 1 < lines.count, case .issue = lines[end + 1] { end += 1 }
            if index < scrollOffset { scrollOffset = index }
            if end >= scrollOffset + rect.height { scrollOffset = min(index, end - rect.height + 1) }
            // Show the section title too when scrolling back to a section's first field.
            if index > 0, index - 1 < scrollOffset, case .sectionTitle = lines[index - 1] { scrollOffset = index - 1 }
        }
        scrollOffset = max(0, min(scrollOffset, max(0, lines.count - rect.height)))
        let labelColumns = resolvedLabelWidth(max: rect.width)
        let inputColumn = rect.column + labelColumns
        let inputSpace = rect.width - labelColumns
        var cursorSet = false
        for (offset, line) in lines.dropFirst(scrollOffset).prefix(rect.height).enumerated() {
            let row = rect.row + offset
            switch line {
            case .blank:
                break
            case .sectionTitle(let title):
                let text = "── " + title + " "
                let used = surface.put(text, row: row, column: rect.column, style: Style(.title), maxWidth: rect.width)
                surface.fill(row: row, column: rect.column + used, width: rect.width - used, character: "─", style: Style(.border))
            case .field(let field):
                let used = surface.put(field.label, row: row, column: rect.column, style: Style(.label),
                                       maxWidth: labelColumns - (field.required ? 2 : 1))
                if field.required {
                    surface.put("*", row: row, column: rect.column + used, style: Style(.required))
                }
                let focused = field.bind == focusedBind
                let width = min(field.width ?? 40, inputSpace)
                let editor = editors[field.bind]!
                switch field.kind {
                case .readOnly:
                    surface.put(editor.text, row: row, column: inputColumn, style: .normal, maxWidth: inputSpace)
                case .lookup:
                    let label = lookupLabels[field.bind] ?? (editor.isEmpty ? "—" : editor.text)
                    let hint = focused ? "  " + UIText.lookupChooseHint(language) : ""
                    let text = DisplayWidth.fit(label, to: max(1, width))
                    let used = surface.put(text, row: row, column: inputColumn,
                                           style: Style(focused ? .inputFocused : .input), maxWidth: inputSpace)
                    surface.put(hint, row: row, column: inputColumn + used, style: Style(.dim),
                                maxWidth: max(0, inputSpace - used))
                    if focused {
                        surface.setCursor(row: row, column: inputColumn)
                        cursorSet = true
                    }
                case .select(let options):
                    let label = options.first { $0.value == editor.text }?.label ?? editor.text
                    let text = "‹ " + DisplayWidth.fit(label, to: max(1, width - 4)) + " ›"
                    surface.put(text, row: row, column: inputColumn, style: Style(focused ? .inputFocused : .input), maxWidth: inputSpace)
                    if focused {
                        surface.setCursor(row: row, column: inputColumn + 2)
                        cursorSet = true
                    }
                default:
                    editor.draw(on: surface, row: row, column: inputColumn, width: width,
                                style: Style(focused ? .inputFocused : .input), focused: focused)
                    cursorSet = cursorSet || focused
                    if field.kind == .date, editor.isEmpty, !focused {
                        surface.put(UIText.datePlaceholder(language), row: row, column: inputColumn,
                                    style: Style(.dim), maxWidth: width)
                    }
                }
            case .issue(let issue):
                let mark = issue.severity == .error ? "✗ " : "! "
                surface.put(mark + issue.message.text(language), row: row, column: inputColumn,
                            style: Style(issue.severity == .error ? .error : .warning), maxWidth: inputSpace)
            }
        }
        if !cursorSet { surface.hideCursor() }
    }
}
