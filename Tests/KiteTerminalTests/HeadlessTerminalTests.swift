import Testing
@testable import KiteTerminal
#if canImport(Glibc)
import Glibc
#endif

/// The real ncurses path without a tty: newterm on /dev/null, draw, read the
/// virtual screen back with mvwinnwstr.
@Suite(.serialized) struct HeadlessTerminalTests {
    @Test func drawsCyrillicAndWideTextThroughNcurses() throws {
        let terminal = Terminal(theme: .dark, options: .init(restoreOnFatalSignal: false))
        try terminal.startHeadless(rows: 24, columns: 80)
        defer { terminal.stop() }
        #expect(terminal.size == TerminalSize(rows: 24, columns: 80))
        // xterm-256color has colours; `swift test` itself may set NO_COLOR=1.
        let noColor = getenv("NO_COLOR").map { String(cString: $0) }.map { !$0.isEmpty } ?? false
        #expect(terminal.effectiveTheme.name == (noColor ? "mono" : "dark"))
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

/// Key bytes as a terminal sends them (xterm keypad mode) go through ncurses'
/// wget_wch and come out as `Key`s. (Same suite: ncurses is one global screen,
/// so these tests must not run in parallel.)
extension HeadlessTerminalTests {
    @Test func decodesKeysFromAPipe() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let terminal = Terminal(options: .init(restoreOnFatalSignal: false))
        try terminal.startHeadless(rows: 24, columns: 80, inputDescriptor: fds[0])
        defer {
            terminal.stop()
            close(fds[1])
        }
        #expect(terminal.readKey() == .resize)
        func send(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBufferPointer { write(fds[1], $0.baseAddress, $0.count) }
        }
        func next() -> Key? {
            // ncurses waits ESCDELAY (50 ms) after a lone ESC; poll a little.
            for _ in 0..<50 {
                if let key = terminal.readKey() { return key }
                usleep(10_000)
            }
            return nil
        }
        send("Жa\r\u{7f}\u{13}\t\u{1b}[Z\u{1b}OA\u{1b}OQ\u{1b}[6~\u{1b}x")
        #expect(next() == .character("Ж"))
        #expect(next() == .character("a"))
        #expect(next() == .enter)
        #expect(next() == .backspace)
        #expect(next() == .control("s"))
        #expect(next() == .tab)
        #expect(next() == .backTab)
        #expect(next() == .up)
        #expect(next() == .function(2))
        #expect(next() == .pageDown)
        #expect(next() == .alt("x"))
        send("\u{1b}")
        #expect(next() == .escape)
        #expect(terminal.readKey() == nil)
    }
}

extension HeadlessTerminalTests {
    @Test func monoThemeUsesAttributesOnly() throws {
        let terminal = Terminal(theme: .mono, options: .init(restoreOnFatalSignal: false))
        try terminal.startHeadless(rows: 10, columns: 40, term: "xterm-mono")
        defer { terminal.stop() }
        #expect(terminal.effectiveTheme.name == "mono")
        terminal.surface.put("Выбрано", row: 0, column: 0, style: Style(.selected))
        terminal.present()
        #expect(terminal.readRow(0) == "Выбрано")
        terminal.stop()
        #expect(!terminal.isStarted)
        terminal.stop()   // twice is harmless
    }
}
