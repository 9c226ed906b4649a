import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Where a card's draft stands: what was last written, and when the typing last changed.
struct DraftState {
    /// The values last written as the draft (nil: no draft of ours in the database).
    var written: [String: String]?
    /// The values seen at the last tick, and when they last changed.
    var seen: [String: String]?
    var changedAt: Date?
    /// A restore question is open, or the draft is still being looked for: nothing is written meanwhile.
    var deciding = false
}

/// Typed work survives: what is typed into any card is written as a draft (per login,
/// screen and record) half a second after the last change, on the database thread; a
/// card opened again offers it back, showing what differs from the stored record; a save
/// or a discard deletes it.
extension CardScreen {
    /// How long the typing must rest before the draft is written.
    static var draftDelay: TimeInterval { 0.5 }

    var draftScreen: String { definition.name }

    /// The form's texts as a draft keeps them (fields shown read-only are not typed).
    var draftValues: [String: String]? {
        guard let form, !isReadOnly else { return nil }
        var values = form.values
        for key in displayOnly { values.removeValue(forKey: key) }
        return values
    }

    func tick(now: Date) -> Bool {
        guard !draft.deciding, !isSaving, let values = draftValues else { return false }
        if values != draft.seen {
            draft.seen = values
            draft.changedAt = now
            return false
        }
        guard let changedAt = draft.changedAt, now.timeIntervalSince(changedAt) >= Self.draftDelay else { return false }
        if form?.isDirty == true {
            guard values != draft.written else { return false }
            writeDraft(values)
        } else if draft.written != nil {
            // Typed back to what is stored: nothing left to keep.
            discardDraft(recordID: recordID)
        }
        return false
    }

    private func writeDraft(_ values: [String: String]) {
        draft.written = values
        let screen = draftScreen, id = recordID, title = Sanitizer.clean(self.title)
        app.database.request(lane: ownLane("draft"), { connection in
            try DraftRepository(connection: connection).save(screen: screen, recordID: id, title: title, fields: values,
                                                             baseVersion: nil)
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
        if draft.written != nil || form?.isDirty == true { discardDraft(recordID: recordID) }
    }

    /// After the card opened: is there a draft of this record? Offer it, showing what differs.
    func offerDraft() {
        draft.deciding = true
        let screen = draftScreen, id = recordID
        app.database.request({ try DraftRepository(connection: $0).get(screen: screen, recordID: id) },
                             completion: { [weak self] result in
            guard let self else { return }
            guard case .success(let found?) = result, let form = self.form, let current = self.draftValues else {
                self.draft.deciding = false
                return
            }
            let differences = self.differences(from: current, to: found.fields)
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
                for (bind, value) in found.fields where current[bind] != nil && current[bind] != value {
                    form.setValue(value, for: bind)
                }
                self.afterRestore()
                self.draft.deciding = false
                self.draft.written = found.fields
                self.app.showMessage(DraftText.restored(language), role: .ok)
            }, onNo: { [weak self] in
                guard let self else { return }
                self.draft.deciding = false
                self.discardDraft(recordID: id)
                self.app.showMessage(DraftText.discarded(language), role: .status)
            })
        })
    }

    /// `Поле: «stored» → «typed»` for each field the draft changes.
    func differences(from current: [String: String], to typed: [String: String]) -> [String] {
        guard let form else { return [] }
        return form.sections.flatMap(\.fields).compactMap { field in
            guard let now = current[field.bind], let then = typed[field.bind], now != then else { return nil }
            func shown(_ text: String) -> String {
                let clean = Sanitizer.clean(text)
                return clean.count > 30 ? String(clean.prefix(29)) + "…" : clean
            }
            return "\(field.label): «\(shown(now))» → «\(shown(then))»"
        }
    }
}
