import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// What a draft keeps of a card: the form's texts by field and the rows of its detail
/// tables (as their row dialogs hold them).
struct DraftContent: Equatable {
    var fields: [String: String]
    var details: DraftRows
}

/// Where a card's draft stands: what was last written, and when the typing last changed.
struct DraftState {
    /// What was last written as the draft (nil: no draft of ours in the database).
    var written: DraftContent?
    /// What was seen at the last tick, and when it last changed.
    var seen: DraftContent?
    var changedAt: Date?
    /// A restore question is open, or the draft is still being looked for: nothing is written meanwhile.
    var deciding = false
}

/// Typed work survives: what is typed into any card is written as a draft (per login,
/// screen and record) half a second after the last change, on the database thread; a
/// card opened again offers it back, showing what differs from the stored record; a save
/// or a discard deletes it. The rows of the detail tables edited in row dialogs (a deal's
/// extra lines) are kept with the fields; tables whose rows change in the database at
/// once (a trip's cars) hold no typed work.
extension CardScreen {
    /// How long the typing must rest before the draft is written.
    static var draftDelay: TimeInterval { 0.5 }

    var draftScreen: String { definition.name }

    /// The card as a draft keeps it: the form's texts (fields shown read-only are not
    /// typed) and the detail tables' rows.
    var draftContent: DraftContent? {
        guard let form, !isReadOnly else { return nil }
        var values = form.values
        for key in displayOnly { values.removeValue(forKey: key) }
        return DraftContent(fields: values, details: detailRowsKept())
    }

    /// The detail tables edited in row dialogs and saved with F2: each row's dialog values.
    private var keptDetails: [DetailTable] { details.filter { !editor.changesDetailAtOnce($0.definition.name) } }

    private func rowCount(_ name: String) -> Int { editor.detailRows(name, card: self).count }

    func detailRowsKept() -> DraftRows {
        var tables: [String: [[String: String]]] = [:]
        for detail in keptDetails {
            let name = detail.definition.name
            tables[name] = (0..<rowCount(name)).map { editor.detailRowValues(name, at: $0, card: self) }
        }
        return DraftRows(tables)
    }

    func tick(now: Date) -> Bool {
        guard !draft.deciding, !isSaving, let content = draftContent else { return false }
        if content != draft.seen {
            draft.seen = content
            draft.changedAt = now
            return false
        }
        guard let changedAt = draft.changedAt, now.timeIntervalSince(changedAt) >= Self.draftDelay else { return false }
        if isDirty {
            guard content != draft.written else { return false }
            writeDraft(content)
        } else if draft.written != nil {
            // Typed back to what is stored: nothing left to keep.
            discardDraft(recordID: recordID)
        }
        return false
    }

    private func writeDraft(_ content: DraftContent) {
        draft.written = content
        let screen = draftScreen, id = recordID, title = Sanitizer.clean(self.title)
        app.database.request(lane: ownLane("draft"), { connection in
            try DraftRepository(connection: connection).save(screen: screen, recordID: id, title: title, fields: content.fields,
                                                             details: content.details, baseVersion: nil)
        }, completion: { [weak self] result in
            // A draft that could not be written is written again at the next change; say so quietly.
            if case .failure(let error) = result, let self {
                self.draft.written = nil
                self.app.showMessage(DraftText.notKept(self.app.language, ["reason": ErrorText.describe(error, language: self.app.language)]),
                                     role: .warning)
            }
        })
    }

    /// Deletes the draft of `recordID` (nil: of a new record).
    func discardDraft(recordID: Int64?) {
        draft.written = nil
        let screen = draftScreen
        app.database.request({ try DraftRepository(connection: $0).delete(screen: screen, recordID: recordID) },
                             completion: { _ in })
    }

    func didClose() {
        // Closing with changes (after "leave without saving?") discards them.
        if draft.written != nil || isDirty { discardDraft(recordID: recordID) }
    }

    /// After the card opened: is there a draft of this record? Offer it, showing what differs.
    func offerDraft() {
        draft.deciding = true
        let screen = draftScreen, id = recordID
        app.database.request({ try DraftRepository(connection: $0).get(screen: screen, recordID: id) },
                             completion: { [weak self] result in
            guard let self else { return }
            guard case .success(let found?) = result, let form = self.form, let current = self.draftContent else {
                self.draft.deciding = false
                return
            }
            let kept = DraftContent(fields: found.fields, details: found.details)
            let differences = self.differences(from: current, to: kept)
            guard !differences.isEmpty else {
                self.draft.deciding = false
                self.discardDraft(recordID: id)
                return
            }
            let language = self.app.language
            let question = DraftText.restoreQuestion(language, [
                "time": DisplayTime.text(found.updatedAt), "changes": differences.joined(separator: "; ")])
            self.app.ask(question, title: DraftText.restoreTitle(language), onYes: { [weak self] in
                guard let self else { return }
                for (bind, value) in found.fields where current.fields[bind] != nil && current.fields[bind] != value {
                    form.setValue(value, for: bind)
                }
                self.afterRestore()
                let refused = self.restoreDetailRows(found.details)
                self.draft.deciding = false
                self.draft.written = kept
                if refused.isEmpty {
                    self.app.showMessage(DraftText.restored(language), role: .ok)
                } else {
                    self.app.showMessage(DraftText.rowsNotRestored(language, ["rows": refused.joined(separator: "; ")]), role: .warning)
                }
            }, onNo: { [weak self] in
                guard let self else { return }
                self.draft.deciding = false
                self.discardDraft(recordID: id)
                self.app.showMessage(DraftText.discarded(language), role: .status)
            })
        })
    }

    /// `Поле: «stored» → «typed»` for each field the draft changes, then
    /// `Таблица, строка N: «stored row» → «typed row»` for each row it changes, adds or removes.
    func differences(from current: DraftContent, to typed: DraftContent) -> [String] {
        guard let form else { return [] }
        var lines = form.sections.flatMap(\.fields).compactMap { field -> String? in
            guard let now = current.fields[field.bind], let then = typed.fields[field.bind], now != then else { return nil }
            return "\(field.label): «\(Self.shown(now))» → «\(Self.shown(then))»"
        }
        let language = app.language
        for detail in keptDetails {
            let name = detail.definition.name
            guard let then = typed.details[name] else { continue }
            let now = current.details[name] ?? []
            let fields = FormBuilder(definition: definition, app: app).formFields(detail.definition.fields)
            for index in 0..<max(now.count, then.count) {
                let before = now.indices.contains(index) ? now[index] : nil
                let after = then.indices.contains(index) ? then[index] : nil
                guard before != after else { continue }
                let row = DraftText.tableRow(language, ["table": detail.definition.title.text(language), "n": String(index + 1)])
                let was = Self.shown(Self.rowText(before, fields: fields), limit: 60)
                let becomes = Self.shown(Self.rowText(after, fields: fields), limit: 60)
                lines.append("\(row): «\(was)» → «\(becomes)»")
            }
        }
        return lines
    }

    /// A row in a few words: its non-empty values, the typed texts first (a description
    /// says most), then the others in the dialog's order, choices by their label.
    static func rowText(_ values: [String: String]?, fields: [FormField]) -> String {
        guard let values else { return "" }
        let ordered = fields.filter { $0.kind == .text } + fields.filter { $0.kind != .text }
        return ordered.compactMap { field -> String? in
            guard let value = values[field.bind]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            if case .select(let options) = field.kind { return options.first { $0.value == value }?.label ?? value }
            return value
        }.joined(separator: " · ")
    }

    private static func shown(_ text: String, limit: Int = 30) -> String {
        let clean = Sanitizer.clean(text)
        return clean.count > limit ? String(clean.prefix(limit - 1)) + "…" : clean
    }

    /// Puts a draft's rows back into the detail tables: a changed row is saved over the
    /// stored one, rows beyond the stored ones are added, stored rows beyond the draft's
    /// are removed (from the last). A row the editor now refuses stays as stored and is
    /// named in what this returns (`Доп. строки, строка 2: …`).
    func restoreDetailRows(_ kept: DraftRows) -> [String] {
        var refused: [String] = []
        let language = app.language
        for detail in keptDetails {
            let name = detail.definition.name
            guard let rows = kept[name] else { continue }
            var stored = rowCount(name)
            for (index, values) in rows.enumerated() {
                let at: Int? = index < stored ? index : nil
                if let at, editor.detailRowValues(name, at: at, card: self) == values { continue }
                let issues = editor.saveDetailRow(name, values: values, at: at, card: self)
                if issues.isEmpty {
                    if at == nil { stored += 1 }
                } else {
                    let row = DraftText.tableRow(language, ["table": detail.definition.title.text(language), "n": String(index + 1)])
                    refused.append(row + ": " + issues.map { $0.message.text(language) }.joined(separator: ", "))
                }
            }
            // Stored rows the draft no longer has; a table of fixed rows (a checklist) keeps its count.
            var count = rowCount(name)
            while count > rows.count {
                editor.deleteDetailRow(name, at: count - 1, card: self)
                let after = rowCount(name)
                if after >= count { break }
                count = after
            }
        }
        refreshDetails()
        return refused
    }
}
