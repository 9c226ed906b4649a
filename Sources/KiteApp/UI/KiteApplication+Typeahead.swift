import KiteTerminal

/// Typeahead: a card opens with a database read, and an operator who knows the
/// form types on before it arrives. Those keys wait and are replayed in order
/// once the card has loaded, instead of being dropped or landing elsewhere.
extension KiteApplication {
    /// Enough for a burst of typing; keys beyond it are dropped.
    static let typeaheadLimit = 512

    /// True when `key` was held back for a screen that is still loading.
    /// Escape and quit are never held: a read that hangs must not trap anyone,
    /// and what waited is dropped.
    func holdsForLoadingScreen(_ key: Key) -> Bool {
        guard overlay == nil, let screen = stack.last, screen.isOpening || !typeahead.isEmpty else { return false }
        if key == .escape || keymap.commands(for: key, in: screen.keymapContext).contains("app.quit") {
            typeahead.removeAll()
            return false
        }
        if typeahead.count < Self.typeaheadLimit { typeahead.append(key) }
        return true
    }

    /// Hands the held keys to the screen on top while it is not loading; stops
    /// again if one of them opens another screen that loads.
    func replayTypeahead() {
        while !typeahead.isEmpty, !isQuitting, !(overlay == nil && stack.last?.isOpening == true) {
            dispatch(typeahead.removeFirst())
        }
    }
}
