import CNcursesW

/// The process locale as far as the terminal cares: wide-character output,
/// `wget_wch` and `wcwidth` all need a UTF-8 `LC_CTYPE`.
public enum TerminalLocale {
    /// Locales tried, in order, when the environment's locale is not UTF-8.
    public static let fallbacks = ["C.UTF-8", "C.utf8", "en_US.UTF-8", "ru_RU.UTF-8"]

    /// The codeset of the current `LC_CTYPE` (`UTF-8`, `ANSI_X3.4-1968`, …).
    public static var codeset: String {
        guard let name = kite_codeset() else { return "" }
        return String(cString: name)
    }

    public static var isUTF8: Bool {
        let set = codeset.uppercased()
        return set == "UTF-8" || set == "UTF8"
    }

    /// What `Terminal.start()` does: `setlocale(LC_ALL, "")` (the user's
    /// `LANG`/`LC_*`), and if that is not UTF-8, switch `LC_CTYPE` to the first
    /// UTF-8 fallback that exists. Throws when none does.
    public static func activateFromEnvironment() throws(TerminalError) {
        _ = kite_setlocale_all("")
        if isUTF8 { return }
        let original = codeset
        guard ensureUTF8() else { throw .notUTF8(codeset: original) }
    }

    /// Makes `LC_CTYPE` UTF-8 if it is not already, without touching the other
    /// categories. Idempotent and cheap once the locale is UTF-8. Returns
    /// whether a UTF-8 `LC_CTYPE` is active afterwards. Tests call this.
    @discardableResult
    public static func ensureUTF8() -> Bool {
        if isUTF8 { return true }
        for name in fallbacks {
            if kite_setlocale_ctype(name) != nil, isUTF8 { return true }
        }
        return false
    }
}

public enum TerminalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Neither the environment's locale nor any fallback is UTF-8.
    case notUTF8(codeset: String)
    /// ncurses could not open the terminal (`TERM` unknown, not a tty…).
    case cannotOpenTerminal(term: String)
    case alreadyStarted

    public var description: String {
        switch self {
        case .notUTF8(let codeset):
            "kite needs a UTF-8 locale, but the terminal's codeset is \(codeset.isEmpty ? "unknown" : codeset) "
                + "and C.UTF-8 is not installed. Set LANG=C.UTF-8 (or ru_RU.UTF-8) and try again."
        case .cannotOpenTerminal(let term):
            "cannot open the terminal (TERM=\(term.isEmpty ? "unset" : term)); run kite in a terminal "
                + "with a known TERM such as xterm-256color."
        case .alreadyStarted:
            "the terminal is already started"
        }
    }
}
