import Testing
@testable import KiteTerminal

/// The real ncurses path without a tty: newterm on /dev/null, draw, read the
/// virtual screen back with mvwinnwstr.
@Suite(.serialized) struct HeadlessTerminalTests {
    @Test func drawsCyrillicAndWideTextThroughNcurses() throws {
        let terminal = Terminal(theme: .dark, options: .init(restoreOnFatalSignal: false))
        try terminal.startHeadless(rows: 24, columns: 80)
        defer { terminal.stop() }
        #expect(terminal.size == TerminalSize(rows: 24, columns: 80))
        let surface = terminal.surface
        surface.clear()
        #expect(surface.put("Клиент: Иванов И.И.", row: 0, column: 0, style: Style(.title)) == 19)
        surface.put("Иван\u{1b}[2J\u{7}ов 漢字", row: 1, column: 2)
        surface.put("обрезано", row: 2, column: 76)
        surface.fill(row: 3, column: 0, width: 5, character: "─", style: Style(.border))
        surface.setCursor(row: 1, column: 2)
        terminal.present()
        #expect(terminal.readRow(0) == "Клиент: Иванов И.И.")
        #expect(terminal.readRow(1) == "  Иванов 漢字")
        #expect(terminal.readRow(2).hasSuffix("обре"))
        #expect(terminal.readRow(3) == "─────")
        #expect(terminal.readKey() == .resize)   // queued by resizeterm, as after SIGWINCH
        #expect(terminal.readKey() == nil)       // /dev/null: nothing more, and it never blocks
    }
}
