import KiteDomain

/// The texts of the application shell and of the generic kit (cards, detail tables, lookup
/// pickers, the checks row), which every module shares. Layout spaces around a text stay
/// at the call site; the widgets' own words (loading, yes/no…) are KiteUI's `UIText`.
enum AppText: TextKey {
    // The shell: title bar, key hints, help, command line
    case productName
    case quitAnyway
    case notAllowedTitle
    case notNow
    case everywhere
    case commandLineHelp
    case noSuchCommand
    case commandNotOffered
    case hintClose
    case hintScroll
    case hintChoose
    case hintCancel
    case hintDone
    case formDialogHint
    // Cards
    case unsavedChanges
    case reloadLosesEdits
    case notSaved
    case warningsPressAgain
    case saving
    case deleteRow
    case newRowTitle
    case rowTitle
    case detailKeysFocused
    case detailKeys
    case detailKeysGoThere
    // The lookup picker
    case searchLabel
    case searching
    case nothingFound
    case lookupHint
    case lookupHintNew
    // The checks row of a card and its details
    case checksLabel
    case checksDetailsHint
    case checksNoneYet
    case checksTitle
    case noChecksYet
    case checkDetails
    case checkProvider
    case checkTime
    case checkTimestampFormat

    var text: LocalizedText {
        switch self {
        case .productName: LocalizedText(ru: "КАЙТ АВТО", en: "KITE AUTO")
        case .quitAnyway: LocalizedText(ru: "{question} Выйти из программы?", en: "{question} Quit anyway?")
        case .notAllowedTitle: LocalizedText(ru: "Нельзя", en: "Not allowed")
        case .notNow: LocalizedText(ru: "сейчас нельзя: {reason}", en: "not now: {reason}")
        case .everywhere: LocalizedText(ru: "Везде", en: "Everywhere")
        case .commandLineHelp: LocalizedText(ru: "Командная строка (:)", en: "Command line (:)")
        case .noSuchCommand: LocalizedText(ru: "Нет такой команды: {command}. Список: F1", en: "No such command: {command}. See F1")
        case .commandNotOffered:
            LocalizedText(ru: "Команда {command} на этом экране недоступна", en: "The command {command} is not offered on this screen")
        case .hintClose: LocalizedText(ru: "Закрыть", en: "Close")
        case .hintScroll: LocalizedText(ru: "Листать", en: "Scroll")
        case .hintChoose: LocalizedText(ru: "Выбрать", en: "Choose")
        case .hintCancel: LocalizedText(ru: "Отмена", en: "Cancel")
        case .hintDone: LocalizedText(ru: "Готово", en: "Done")
        case .formDialogHint: LocalizedText(ru: "F2 — готово · Esc — отмена", en: "F2 — done · Esc — cancel")

        case .unsavedChanges:
            LocalizedText(ru: "Есть несохранённые изменения. Закрыть без сохранения?",
                          en: "There are unsaved changes. Close without saving?")
        case .reloadLosesEdits:
            LocalizedText(ru: "Загрузить свежую версию? Ваши правки будут потеряны.",
                          en: "Load the fresh version? Your edits will be lost.")
        case .notSaved: LocalizedText(ru: "Не сохранено: исправьте поля, отмеченные красным", en: "Not saved: fix the fields marked in red")
        case .warningsPressAgain: LocalizedText(ru: "Предупреждения: нажмите F2 ещё раз", en: "Warnings: press F2 again to save")
        case .saving: LocalizedText(ru: "Сохранение…", en: "Saving…")
        case .deleteRow: LocalizedText(ru: "Удалить строку «{row}»?", en: "Delete the row “{row}”?")
        case .newRowTitle: LocalizedText(ru: "Новая строка: {table}", en: "New row: {table}")
        case .rowTitle: LocalizedText(ru: "Строка: {table}", en: "Row: {table}")
        case .detailKeysFocused:
            LocalizedText(ru: "(Ins — добавить, Enter — изменить, Del — удалить, Esc — к форме)",
                          en: "(Ins add, Enter edit, Del delete, Esc back)")
        case .detailKeys: LocalizedText(ru: "(F6 — перейти, F3 — добавить)", en: "(F6 to go there, F3 to add)")
        case .detailKeysGoThere: LocalizedText(ru: "(F6 — перейти, там Ins — добавить)", en: "(F6 to go there, Ins there to add)")

        case .searchLabel: LocalizedText(ru: "Поиск:", en: "Search:")
        case .searching: LocalizedText(ru: "Поиск…", en: "Searching…")
        case .nothingFound: LocalizedText(ru: "Ничего не найдено", en: "Nothing found")
        case .lookupHint: LocalizedText(ru: "Enter — выбрать · Esc — закрыть", en: "Enter — choose · Esc — close")
        case .lookupHintNew: LocalizedText(ru: "Ins — новый", en: "Ins — new")

        case .checksLabel: LocalizedText(ru: "Проверки:", en: "Checks:")
        case .checksDetailsHint: LocalizedText(ru: "{key} — подробно", en: "{key} — details")
        case .checksNoneYet: LocalizedText(ru: "ещё не проводились", en: "none yet")
        case .checksTitle: LocalizedText(ru: "Проверки · {subject}", en: "Checks · {subject}")
        case .noChecksYet:
            LocalizedText(ru: "Проверок ещё не было: kited проверит запись после сохранения.",
                          en: "No checks yet: kited checks the record after it is saved.")
        case .checkDetails: LocalizedText(ru: "Подробно", en: "Details")
        case .checkProvider: LocalizedText(ru: "Источник", en: "Provider")
        case .checkTime: LocalizedText(ru: "Время", en: "Checked")
        // A DateFormatter pattern: when a check ran.
        case .checkTimestampFormat: LocalizedText(ru: "dd.MM.yyyy HH:mm", en: "yyyy-MM-dd HH:mm")
        }
    }
}
