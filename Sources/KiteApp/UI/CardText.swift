import KiteDomain

/// Sentences every card says the same way.
enum CardText {
    static func unsavedChanges(_ language: Language) -> String {
        language == .ru ? "Есть несохранённые изменения. Закрыть без сохранения?"
                        : "There are unsaved changes. Close without saving?"
    }

    static func reloadLosesEdits(_ language: Language) -> String {
        language == .ru ? "Загрузить свежую версию? Ваши правки будут потеряны."
                        : "Load the fresh version? Your edits will be lost."
    }

    static func notSaved(_ language: Language) -> String {
        language == .ru ? "Не сохранено: исправьте поля, отмеченные красным" : "Not saved: fix the fields marked in red"
    }

    static func warningsPressAgain(_ language: Language) -> String {
        language == .ru ? "Предупреждения: нажмите F2 ещё раз" : "Warnings: press F2 again to save"
    }
}
