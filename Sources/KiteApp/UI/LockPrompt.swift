import Foundation
import KiteDomain
import KiteTerminal
import KiteUI

/// The idle lock: after the dealership's `idle_lock_minutes` without a key the screen
/// hides its content behind this prompt. The person is their database login (peer
/// authentication, no password anywhere), so the prompt asks them to type their login
/// and press Enter: a check that the one at the keyboard means to go on, not a password.
/// Everything typed stays where it was (the screens and any open box are untouched) and
/// shows again after unlocking.
@MainActor
public final class LockPrompt {
    let login: String
    let minutes: Int
    let language: Language
    let editor = LineEditor(maxLength: 63)
    private(set) var refused = false

    init(login: String, minutes: Int, language: Language) {
        self.login = login
        self.minutes = minutes
        self.language = language
    }

    /// True when the key unlocked the screen.
    func handle(_ key: Key) -> Bool {
        switch key {
        case .enter:
            let typed = editor.text.trimmingCharacters(in: .whitespaces)
            if typed.caseInsensitiveCompare(login) == .orderedSame { return true }
            refused = !typed.isEmpty
            editor.clear()
        case .escape, .control("u"):
            editor.clear()
        case .paste:
            break   // typed, not pasted: a stray paste must not unlock
        default:
            if editor.handle(key) { refused = false }
        }
        return false
    }

    var hints: [Hint] { [Hint("Enter", LockText.hintUnlock(language)), Hint("Esc", LockText.hintClear(language))] }

    func draw(on surface: Surface, in rect: Rect) {
        for row in rect.row..<(rect.row + rect.height) {
            surface.fill(row: row, column: rect.column, width: rect.width, character: " ", style: .normal)
        }
        let lines = [LockText.locked(language, ["minutes": String(minutes)]), LockText.typeLogin(language)]
        let width = min(rect.width - 4, max(44, lines.map { DisplayWidth.of($0) }.max() ?? 0) + 4)
        let box = Rect(row: rect.row + max(0, (rect.height - 8) / 2), column: rect.column + max(0, (rect.width - width) / 2),
                       height: 8, width: width)
        Box.draw(on: surface, rect: box, title: " " + LockText.title(language) + " ")
        var row = box.row + 1
        for line in lines {
            surface.put(line, row: row, column: box.column + 2, style: Style(.normal), maxWidth: box.width - 4)
            row += 1
        }
        row += 1
        let prompt = LockText.loginPrompt(language) + " "
        let used = surface.put(prompt, row: row, column: box.column + 2, style: Style(.label), maxWidth: box.width - 4)
        _ = editor.draw(on: surface, row: row, column: box.column + 2 + used, width: max(1, box.width - 4 - used),
                        style: Style(.inputFocused), focused: true)
        if refused {
            surface.put(LockText.wrongLogin(language), row: row + 2, column: box.column + 2, style: Style(.error),
                        maxWidth: box.width - 4)
        }
    }
}

enum LockText: TextKey {
    case title, locked, typeLogin, loginPrompt, wrongLogin, hintUnlock, hintClear

    var text: LocalizedText {
        switch self {
        case .title: LocalizedText(ru: "Экран заблокирован", en: "Screen locked")
        case .locked: LocalizedText(ru: "Нет нажатий клавиш {minutes} мин — экран закрыт.",
                                    en: "No key pressed for {minutes} min: the screen is hidden.")
        case .typeLogin: LocalizedText(ru: "Введённое сохранено. Чтобы продолжить, введите свой логин.",
                                       en: "What you typed is kept. To go on, type your login.")
        case .loginPrompt: LocalizedText(ru: "Логин:", en: "Login:")
        case .wrongLogin: LocalizedText(ru: "Это не логин этого сеанса", en: "That is not this session's login")
        case .hintUnlock: LocalizedText(ru: "Продолжить", en: "Unlock")
        case .hintClear: LocalizedText(ru: "Стереть", en: "Clear")
        }
    }
}
