import KiteDomain
import KiteTerminal
import KiteUI

/// A small form in a box above the screen (a deal line, a cancel reason).
/// F2, Ctrl-S or Enter on the last field submit; the owner checks the
/// values and either accepts them or shows the problems in the dialog.
@MainActor
final class FormDialog {
    enum Outcome {
        case submit([String: String])
        case cancelled
    }

    let title: String
    let form: FormView
    let width: Int
    /// A line under the fields, recomputed from the values as they are typed.
    var note: (@MainActor ([String: String]) -> CardLine?)?

    init(title: String, fields: [FormField], values: [String: String], language: Language, width: Int = 64) {
        self.title = title
        self.width = width
        form = FormView(sections: [FormSection(id: "dialog", fields: fields)], values: values, language: language)
        if let first = fields.first(where: \.isFocusable) { form.focus(bind: first.bind) }
    }

    func handle(_ key: Key) -> Outcome? {
        switch key {
        case .escape: return .cancelled
        case .function(2), .control("s"): return .submit(form.values)
        case .enter:
            if !form.focusNext() { return .submit(form.values) }
        default:
            form.handle(key)
        }
        return nil
    }

    func showIssues(_ issues: [FieldIssue]) {
        form.setIssues(issues)
        form.focusFirstError()
    }

    func draw(on surface: Surface) {
        let fieldLines = form.sections.flatMap(\.fields).count
        let issueLines = form.sections.flatMap(\.fields).reduce(0) { $0 + form.issues(for: $1.bind).count }
        let line = note?(form.values)
        let noteLines = note == nil ? 0 : 1
        let height = min(surface.rows - 2, fieldLines + issueLines + noteLines + 4)
        let rect = Rect(surface).centered(width: min(surface.columns - 2, width), height: height)
        Box.draw(on: surface, rect: rect, title: title)
        form.draw(on: surface, in: Rect(row: rect.row + 1, column: rect.column + 2, height: height - 3 - noteLines, width: rect.width - 4))
        if let line {
            surface.put(line.text, row: rect.row + height - 3, column: rect.column + 2, style: Style(line.role, bold: line.bold),
                        maxWidth: rect.width - 4)
        }
        let hint = AppText.formDialogHint(form.language)
        surface.put(hint, row: rect.row + height - 2, column: rect.column + 2, style: Style(.dim), maxWidth: rect.width - 4)
    }
}
