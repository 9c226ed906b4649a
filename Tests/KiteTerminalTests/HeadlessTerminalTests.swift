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

extension HeadlessTerminalTests {
    /// Issue 10 item 28: ncurses advances every scalar of a ZWJ sequence by its own
    /// wcwidth, so a name counted as one 2-column cluster pushed the rest of the row
    /// right and the last column lost its end (`person` showed as `pers`).
    @Test func aNameWithClustersDoesNotClipTheNextColumn() throws {
        let terminal = Terminal(theme: .dark, options: .init(restoreOnFatalSignal: false))
        try terminal.startHeadless(rows: 24, columns: 80)
        defer { terminal.stop() }
        let surface = terminal.surface
        surface.clear()
        let name = "Zoe\u{308} 👩‍💻 Jos\u{301}e ❤️ 👍🏽"
        let row = DisplayWidth.fit(name, to: 74) + "person"
        #expect(DisplayWidth.of(row) == 80)
        surface.put(row, row: 0, column: 0)
        surface.put("|", row: 1, column: 20)
        surface.put(DisplayWidth.fit(name, to: 20) + "|", row: 1, column: 0)
        terminal.present()
        #expect(terminal.readRow(0).hasSuffix(" person"))
        // The bar written right after the name's 20 columns lands on column 20.
        let second = terminal.readRow(1)
        #expect(DisplayWidth.of(String(second.prefix { $0 != "|" })) == 20)
        #expect(second.filter { $0 == "|" }.count == 1)
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
        // Esc pressed and a function key right behind it (queued together: a fast hand, a
        // batching link, tmux send-keys) are both keys: the Esc was lost and only F2 came.
        send("\u{1b}\u{1b}OQ\u{1b}\u{1b}OA")
        #expect(next() == .escape)
        #expect(next() == .function(2))
        #expect(next() == .escape)
        #expect(next() == .up)
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

extension HeadlessTerminalTests {
    /// Issue 10 item 6: a bracketed paste is one `.paste` key with the text as
    /// pasted (CR as "\n", a BEL still in it), never replayed as Enter or Ctrl-G.
    @Test func bracketedPasteIsOneKey() throws {
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
            for _ in 0..<50 {
                if let key = terminal.readKey() { return key }
                usleep(10_000)
            }
            return nil
        }
        send("a\u{1b}[200~Иванов\r\nПётр\u{7}\tX\u{1b}[201~b")
        #expect(next() == .character("a"))
        #expect(next() == .paste("Иванов\nПётр\u{7}\tX"))
        #expect(next() == .character("b"))
        // A long paste arriving in pieces is still one key.
        let long = String(repeating: "0123456789", count: 1_000)
        send("\u{1b}[200~" + long.prefix(4_000))
        usleep(50_000)
        send(long.dropFirst(4_000) + "\u{1b}[201~")
        #expect(next() == .paste(long))
        #expect(terminal.readKey() == nil)
        #expect(!terminal.inputEnded)
    }

    /// Issue 10 item 8: input at end-of-file (`kite </dev/null`) is reported, so the
    /// loop can end instead of polling a readable EOF at 100 % CPU.
    @Test func endOfInputIsReported() throws {
        let devNull = Terminal(options: .init(restoreOnFatalSignal: false))
        try devNull.startHeadless(rows: 24, columns: 80)
        #expect(devNull.readKey() == .resize)
        #expect(devNull.readKey() == nil)
        #expect(devNull.inputEnded)
        devNull.stop()

        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let terminal = Terminal(options: .init(restoreOnFatalSignal: false))
        try terminal.startHeadless(rows: 24, columns: 80, inputDescriptor: fds[0])
        defer { terminal.stop() }
        #expect(terminal.readKey() == .resize)
        #expect(terminal.readKey() == nil)
        #expect(!terminal.inputEnded)          // nothing typed yet is not the end
        _ = write(fds[1], "x", 1)
        close(fds[1])
        var keys: [Key] = []
        for _ in 0..<50 where !terminal.inputEnded {
            if let key = terminal.readKey() { keys.append(key) } else { usleep(10_000) }
        }
        #expect(keys == [.character("x")])      // what was typed before the end still counts
        #expect(terminal.inputEnded)
    }
}
