import Foundation
import KiteDomain
import KiteStore
import KiteUI

extension KiteApplication {
    /// At start: the person's drafts left by a dropped connection, a killed terminal or a
    /// restart, in a box; choosing one opens its card, which offers to restore it.
    func offerDrafts() {
        let language = self.language
        database.request({ try DraftRepository(connection: $0).list() }, completion: { [weak self] result in
            guard let self, case .success(let drafts) = result, !drafts.isEmpty, !self.hasOverlay else { return }
            var choices = drafts.map { draft in
                ChoicePicker.Choice(value: "\(draft.screen):\(draft.recordId)",
                                    label: DraftText.choice(language, ["title": draft.title.isEmpty ? draft.screen : draft.title,
                                                                       "time": DisplayTime.text(draft.updatedAt)]))
            }
            choices.append(ChoicePicker.Choice(value: "", label: DraftText.later(language)))
            self.pick(ChoicePicker(title: DraftText.pendingTitle(language), choices: choices, selectedValue: choices[0].value)) { [weak self] value in
                guard let self, let colon = value.lastIndex(of: ":") else { return }
                let screen = String(value[..<colon])
                let id = Int64(value[value.index(after: colon)...]).flatMap { $0 == 0 ? nil : $0 }
                guard let open = self.modules.cardOpener(screen) else {
                    self.showMessage(DraftText.openWhereLeft(language), role: .warning)
                    return
                }
                self.goToRoot { app in open(app, id) }
            }
        })
    }
}

enum DraftText: TextKey {
    case pendingTitle, choice, later, openWhereLeft, restoreTitle, restoreQuestion, restored, discarded, notKept
    case tableRow, rowsNotRestored

    var text: LocalizedText {
        switch self {
        case .pendingTitle: LocalizedText(ru: "Несохранённый ввод", en: "Unsaved work")
        case .choice: LocalizedText(ru: "{title} — {time}", en: "{title} — {time}")
        case .later: LocalizedText(ru: "Позже", en: "Later")
        case .openWhereLeft: LocalizedText(ru: "Откройте эту карточку там, где работали: она предложит восстановить ввод",
                                           en: "Open that card where you worked on it: it offers to restore what was typed")
        case .restoreTitle: LocalizedText(ru: "Несохранённый ввод", en: "Unsaved work")
        case .restoreQuestion: LocalizedText(ru: "Есть несохранённый ввод от {time}: {changes}. Восстановить? (Нет — удалить его)",
                                             en: "There is unsaved work from {time}: {changes}. Restore it? (No discards it)")
        case .restored: LocalizedText(ru: "Ввод восстановлен — F2 сохранит", en: "Restored — F2 saves it")
        case .discarded: LocalizedText(ru: "Несохранённый ввод удалён", en: "Unsaved work discarded")
        case .notKept: LocalizedText(ru: "Черновик не сохранён: {reason}", en: "Draft not kept: {reason}")
        case .tableRow: LocalizedText(ru: "{table}, строка {n}", en: "{table}, row {n}")
        case .rowsNotRestored: LocalizedText(ru: "Ввод восстановлен, кроме строк: {rows} — F2 сохранит остальное",
                                             en: "Restored except rows: {rows} — F2 saves the rest")
        }
    }
}
