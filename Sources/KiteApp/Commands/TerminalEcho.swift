import Foundation
import KiteTerminal

/// What the command-line tools echo to a terminal, made safe as the TUI makes what it draws:
/// a cell of an imported file or an argument holding `ESC[2J`, an OSC title or an OSC 52
/// clipboard write reaches the terminal as plain text without them. Line breaks between
/// lines are kept; every other control character goes.
public enum TerminalEcho {
    public static func safe(_ text: String) -> String {
        guard Sanitizer.needsCleaning(text) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { Sanitizer.clean(String($0)) }
            .joined(separator: "\n")
    }
}
