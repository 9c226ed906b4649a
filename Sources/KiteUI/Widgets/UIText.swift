import KiteDomain

/// The texts of KiteUI's generic widgets (bars, overlays, forms, tables, the filter bar).
/// KiteUI cannot see the application's catalogues, so its widgets keep their own;
/// layout spaces around a text stay at the call site.
public enum UIText: TextKey {
    case connectionOnline
    case connectionOffline
    case connectionReconnecting
    case windowTooSmall
    case windowNow
    case helpTitle
    case helpFooter
    case yes
    case no
    case answerYes
    case answerNo
    case yesKeys
    case noKeys
    case switchAnswer
    case closeBox
    case pasteCut
    case errorTitle
    case warningTitle
    case messageTitle
    case lookupChooseHint
    case datePlaceholder
    case noData
    case filterLabel
    case found
    case loading
    case loadingPane

    public var text: LocalizedText {
        switch self {
        case .connectionOnline: LocalizedText(ru: "● в сети", en: "● online")
        case .connectionOffline: LocalizedText(ru: "○ нет связи", en: "○ offline")
        case .connectionReconnecting: LocalizedText(ru: "переподключение…", en: "reconnecting…")
        case .windowTooSmall:
            LocalizedText(ru: "Окно слишком мало: нужно не меньше {columns}×{rows}",
                          en: "The window is too small: at least {columns}×{rows} is needed")
        case .windowNow: LocalizedText(ru: "Сейчас: {columns}×{rows}", en: "Now: {columns}×{rows}")
        case .helpTitle: LocalizedText(ru: "Клавиши", en: "Keys")
        case .helpFooter: LocalizedText(ru: "Esc — закрыть", en: "Esc — close")
        case .yes: LocalizedText(ru: "[Да]", en: "[Yes]")
        case .no: LocalizedText(ru: "[Нет]", en: "[No]")
        case .answerYes: LocalizedText(ru: "Да", en: "Yes")
        case .answerNo: LocalizedText(ru: "Нет", en: "No")
        case .yesKeys: LocalizedText(ru: "Y/Д", en: "Y")
        case .noKeys: LocalizedText(ru: "N/Т", en: "N")
        case .switchAnswer: LocalizedText(ru: "Выбор", en: "Switch")
        case .closeBox: LocalizedText(ru: "Закрыть", en: "Close")
        case .pasteCut:
            LocalizedText(ru: "Вставлено знаков: {kept} из {total} — в поле «{field}» помещается не больше {limit}",
                          en: "Pasted {kept} of {total} characters: «{field}» holds at most {limit}")
        case .errorTitle: LocalizedText(ru: "Ошибка", en: "Error")
        case .warningTitle: LocalizedText(ru: "Внимание", en: "Warning")
        case .messageTitle: LocalizedText(ru: "Сообщение", en: "Message")
        case .lookupChooseHint: LocalizedText(ru: "Enter — выбрать", en: "Enter — choose")
        case .datePlaceholder: LocalizedText(ru: "ДД.ММ.ГГГГ", en: "DD.MM.YYYY")
        case .noData: LocalizedText(ru: "Нет данных", en: "No data")
        case .filterLabel: LocalizedText(ru: "Поиск:", en: "Filter:")
        case .found: LocalizedText(ru: "Найдено: {count}", en: "Found: {count}")
        case .loading: LocalizedText(ru: "загрузка…", en: "loading…")
        case .loadingPane: LocalizedText(ru: "Загрузка…", en: "Loading…")
        }
    }
}
