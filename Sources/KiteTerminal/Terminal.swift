import CNcursesW

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rows and columns of the terminal.
public struct TerminalSize: Sendable, Hashable {
    public var rows: Int
    public var columns: Int
    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }
}

/// The ncurses driver. Main thread only, one per process, not `Sendable`.
///
/// ```swift
/// try Terminal.withTerminal(theme: .named(config.theme) ?? .dark) { terminal in
///     var fds = [pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0),
///                pollfd(fd: wakePipe, events: Int16(POLLIN), revents: 0)]
///     while running {
///         draw(on: terminal.surface)      // widgets draw on the Surface
///         terminal.present()              // one doupdate() per loop turn
///         _ = poll(&fds, 2, -1)           // EINTR (SIGWINCH) is fine: read keys anyway
///         while let key = terminal.readKey() { if key == .resize { relayout() } else { handle(key) } }
///         drainInbox()
///     }
/// }
/// ```
public final class Terminal {
    public struct Options: Sendable, Hashable {
        /// `raw()` (Ctrl-C, Ctrl-S, Ctrl-Z arrive as keys) rather than `cbreak()`.
        public var raw: Bool
        /// Milliseconds ncurses waits after ESC for the rest of a sequence.
        public var escapeDelay: Int
        /// Restore the terminal if the process dies on SIGSEGV/SIGABRT/….
        public var restoreOnFatalSignal: Bool
        public init(raw: Bool = true, escapeDelay: Int = 50, restoreOnFatalSignal: Bool = true) {
            self.raw = raw
            self.escapeDelay = escapeDelay
            self.restoreOnFatalSignal = restoreOnFatalSignal
        }
    }

    public private(set) var theme: Theme
    public let options: Options
    /// The theme actually applied: `mono` when `NO_COLOR` is set or the
    /// terminal has no colours.
    public private(set) var effectiveTheme: Theme
    public private(set) var isStarted = false
    /// True when started by `startHeadless` (output to /dev/null).
    public private(set) var isHeadless = false
    /// True once the input has reached end-of-file (`kite </dev/null`, a closed
    /// pipe): no key will ever come again, so the program should end, as on a hang-up.
    public private(set) var inputEnded = false
    /// A key read behind a lone Esc, handed out by the next `readKey()`.
    private var pendingKey: Key?

    private var screen: OpaquePointer?
    private var outputFile: UnsafeMutablePointer<FILE>?
    private var inputFile: UnsafeMutablePointer<FILE>?
    private var attributesByRole: [StyleRole: (attrs: attr_t, pair: Int32)] = [:]
    private var cursorVisible = false
    private var pendingCursor: CellPosition?
    private var cursorSupported = true
    private lazy var cursesSurface = CursesSurface(terminal: self)

    /// Key codes given (with `define_key`) to the bracketed-paste markers.
    static let pasteStartCode = KEY_MAX + 1
    static let pasteEndCode = KEY_MAX + 2
    /// A paste longer than this many characters keeps only its start (the rest is
    /// read and dropped, never typed as keys).
    public static let pasteLimit = 1_000_000

    public init(theme: Theme = .dark, options: Options = Options()) {
        self.theme = theme
        self.options = options
        self.effectiveTheme = theme
    }

    deinit {
        if isStarted { stop() }
    }

    /// Runs `body` with a started terminal and always restores it afterwards,
    /// also when `body` throws.
    public static func withTerminal<T>(theme: Theme = .dark, options: Options = Options(),
                                       _ body: (Terminal) throws -> T) throws -> T {
        let terminal = Terminal(theme: theme, options: options)
        try terminal.start()
        defer { terminal.stop() }
        return try body(terminal)
    }

    /// `setlocale(LC_ALL, "")`, check for UTF-8 (fall back to C.UTF-8 or throw
    /// `TerminalError.notUTF8`), then open the terminal on stdin/stdout in raw
    /// (or cbreak), noecho, keypad, nonl, non-blocking mode with a 50 ms ESC
    /// delay, the cursor hidden and the theme's colours.
    public func start() throws(TerminalError) {
        guard !isStarted else { throw .alreadyStarted }
        try TerminalLocale.activateFromEnvironment()
        let term = Terminal.environment("TERM") ?? ""
        // ncurses installs its SIGWINCH handler only over the default
        // disposition; a parent that ignored or blocked the signal (some
        // launchers and test runners do) would otherwise hide every resize.
        signal(SIGWINCH, SIG_DFL)
        var winch = sigset_t()
        sigemptyset(&winch)
        sigaddset(&winch, SIGWINCH)
        pthread_sigmask(SIG_UNBLOCK, &winch, nil)
        guard let screen = newterm(nil, kite_stdout(), kite_stdin()) else {
            throw .cannotOpenTerminal(term: term)
        }
        self.screen = screen
        isHeadless = false
        configure()
    }

    /// Opens ncurses with output on /dev/null at a fixed size: for tests that
    /// exercise the real drawing and key-decoding path without a tty. Input is
    /// /dev/null, or `inputDescriptor` (e.g. the read end of a pipe the test
    /// writes key bytes into; it is closed by `stop()`). Read the screen back
    /// with `readRow(_:)`.
    public func startHeadless(rows: Int, columns: Int, term: String = "xterm-256color",
                              inputDescriptor: Int32? = nil) throws(TerminalError) {
        guard !isStarted else { throw .alreadyStarted }
        guard TerminalLocale.ensureUTF8() else { throw .notUTF8(codeset: TerminalLocale.codeset) }
        let input = inputDescriptor.map { fdopen($0, "r") } ?? fopen("/dev/null", "r")
        guard let output = fopen("/dev/null", "w"), let input else {
            throw .cannotOpenTerminal(term: term)
        }
        guard let screen = newterm(term, output, input) else {
            fclose(output)
            fclose(input)
            throw .cannotOpenTerminal(term: term)
        }
        self.screen = screen
        outputFile = output
        inputFile = input
        isHeadless = true
        configure()
        resizeterm(Int32(rows), Int32(columns))
    }

    private func configure() {
        isStarted = true
        if options.restoreOnFatalSignal { kite_install_fatal_signal_handlers() }
        if options.raw { raw() } else { cbreak() }
        noecho()
        nonl()
        let window = kite_stdscr()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(Int32(options.escapeDelay))
        // Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~,
        // so a paste arrives as text, not as keys (a newline is not Enter).
        define_key("\u{1b}[200~", Terminal.pasteStartCode)
        define_key("\u{1b}[201~", Terminal.pasteEndCode)
        writeControl("\u{1b}[?2004h")
        cursorSupported = curs_set(0) != ERR
        cursorVisible = false
        applyTheme(theme)
    }

    /// Switches the theme while running (colour pairs are re-initialised).
    public func applyTheme(_ theme: Theme) {
        self.theme = theme
        guard isStarted else {
            effectiveTheme = theme
            return
        }
        let noColor = !(Terminal.environment("NO_COLOR") ?? "").isEmpty
        var effective = theme
        if !theme.usesColor || noColor || !has_colors() {
            effective = .mono
        } else if start_color() == ERR {
            effective = .mono
        }
        effectiveTheme = effective
        let defaultsOK = effective.usesColor && use_default_colors() == OK
        attributesByRole = [:]
        for role in StyleRole.allCases {
            let entry = effective.entry(for: role)
            var attrs = attr_t(0)
            if entry.attributes.contains(.bold) { attrs |= kite_a_bold() }
            if entry.attributes.contains(.reverse) { attrs |= kite_a_reverse() }
            if entry.attributes.contains(.underline) { attrs |= kite_a_underline() }
            if entry.attributes.contains(.dim) { attrs |= kite_a_dim() }
            var pair: Int32 = 0
            if effective.usesColor {
                pair = Int32(Theme.pairNumber(for: role))
                var fg = entry.foreground.rawValue
                var bg = entry.background.rawValue
                if !defaultsOK {
                    if fg < 0 { fg = Theme.Color.white.rawValue }
                    if bg < 0 { bg = Theme.Color.black.rawValue }
                }
                init_pair(Int16(pair), fg, bg)
            }
            attributesByRole[role] = (attrs, pair)
        }
    }

    /// Restores the terminal (endwin) and frees the screen. Safe to call twice.
    public func stop() {
        guard isStarted else { return }
        isStarted = false
        if cursorSupported { curs_set(1) }
        endwin()
        writeControl("\u{1b}[?2004l")
        if let screen { delscreen(screen) }
        screen = nil
        if let outputFile { fclose(outputFile) }
        if let inputFile { fclose(inputFile) }
        outputFile = nil
        inputFile = nil
        if options.restoreOnFatalSignal { kite_restore_fatal_signal_handlers() }
    }

    /// A mode switch ncurses has no capability for, written straight to the output.
    private func writeControl(_ sequence: String) {
        guard let output = outputFile ?? kite_stdout() else { return }
        fputs(sequence, output)
        fflush(output)
    }

    /// The descriptor to `poll()` for key input beside the app's own pipes.
    public var inputDescriptor: Int32 {
        if let inputFile { return fileno(inputFile) }
        return 0
    }

    public var size: TerminalSize {
        guard isStarted else { return TerminalSize(rows: 0, columns: 0) }
        let window = kite_stdscr()
        return TerminalSize(rows: Int(kite_getmaxy(window)), columns: Int(kite_getmaxx(window)))
    }

    /// The stdscr as a `Surface`; widgets draw here.
    public var surface: Surface { cursesSurface }

    /// Copies the frame to the terminal: `wnoutrefresh` + one `doupdate()`.
    /// Call once per loop turn after drawing.
    public func present() {
        guard isStarted else { return }
        let window = kite_stdscr()
        if let cursor = pendingCursor {
            wmove(window, Int32(cursor.row), Int32(cursor.column))
            if !cursorVisible, cursorSupported { curs_set(1) }
            cursorVisible = true
        } else if cursorVisible {
            if cursorSupported { curs_set(0) }
            cursorVisible = false
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// Forces a full repaint on the next `present()` (Ctrl-L, after a resize).
    public func invalidate() {
        guard isStarted else { return }
        clearok(kite_stdscr(), true)
    }

    /// The next key if one is waiting; nil at once otherwise (never blocks).
    public func readKey() -> Key? {
        guard isStarted else { return nil }
        if let pending = pendingKey {
            pendingKey = nil
            return pending
        }
        let window = kite_stdscr()
        var value: wint_t = 0
        let status = wget_wch(window, &value)
        switch status {
        case KEY_CODE_YES:
            let code = Int32(bitPattern: UInt32(value))
            if code == Terminal.pasteStartCode { return readPaste() }
            if code == Terminal.pasteEndCode { return readKey() }   // an end without a start
            return Terminal.decodeKeyCode(code)
        case OK:
            let code = UInt32(value)
            if code == 0x1B {
                // ncurses has already waited ESCDELAY for a sequence; anything still
                // queued right behind ESC was typed together with it: Alt+key.
                var next: wint_t = 0
                let nextStatus = wget_wch(window, &next)
                if nextStatus == OK {
                    let nextCode = UInt32(next)
                    if nextCode >= 0x20, nextCode != 0x7F, let scalar = Unicode.Scalar(nextCode) {
                        return .alt(Character(scalar))
                    }
                    unget_wch(wchar_t(bitPattern: nextCode))
                } else if nextStatus == KEY_CODE_YES {
                    // A function key is no Alt+key: Esc was pressed, then the key (both
                    // queued at once). Both count; the key comes next.
                    pendingKey = Terminal.decodeKeyCode(Int32(bitPattern: UInt32(next)))
                }
                return .escape
            }
            return Terminal.decodeCharacter(code)
        default:
            if !inputEnded, Terminal.isAtEndOfFile(inputDescriptor) { inputEnded = true }
            return nil
        }
    }

    /// Called after ncurses found no key: in nodelay mode it only reads when
    /// `poll()` says the input is readable, so input that is still readable with
    /// no bytes waiting is end-of-file (or a hang-up), not "nothing typed yet".
    static func isAtEndOfFile(_ descriptor: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 0) == 1 else { return false }
        if entry.revents & Int16(POLLNVAL) != 0 { return true }
        guard entry.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 else { return false }
        // Bytes that arrived after ncurses looked are keys still to read.
        var waiting: Int32 = 0
        let asked = withUnsafeMutablePointer(to: &waiting) { ioctl(descriptor, UInt(FIONREAD), $0) }
        if asked == 0, waiting > 0 { return false }
        return true
    }

    /// Reads a bracketed paste up to its end marker. The rest of a long paste may
    /// still be on its way, so this waits for it (half a second of silence ends a
    /// paste whose end marker never comes).
    private func readPaste() -> Key {
        let window = kite_stdscr()
        wtimeout(window, 500)
        defer { nodelay(window, true) }
        var scalars = String.UnicodeScalarView()
        var count = 0
        while true {
            var value: wint_t = 0
            let status = wget_wch(window, &value)
            if status == OK {
                guard count < Terminal.pasteLimit, let scalar = Unicode.Scalar(UInt32(value)) else { continue }
                scalars.append(scalar)
                count += 1
            } else if status == KEY_CODE_YES {
                let code = Int32(bitPattern: UInt32(value))
                if code == Terminal.pasteEndCode { break }
                if code == KEY_ENTER, count < Terminal.pasteLimit {
                    scalars.append("\n")
                    count += 1
                }
                // Any other key code inside a paste (an arrow's sequence) is not text.
            } else {
                break
            }
        }
        return .paste(Terminal.normalizedLineBreaks(String(scalars)))
    }

    /// Terminals send a pasted line break as CR; "\r\n" and "\r" become "\n".
    static func normalizedLineBreaks(_ text: String) -> String {
        guard text.unicodeScalars.contains("\r") else { return text }
        var result = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n", afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            result.append(afterCR ? "\n" : scalar)
        }
        return String(result)
    }

    /// Decodes a character `wget_wch` returned with `OK`.
    public static func decodeCharacter(_ code: UInt32) -> Key? {
        switch code {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x08, 0x7F: return .backspace
        case 0x1B: return .escape
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(UInt8(0x60 + code))))
        case 0x00, 0x1C...0x1F, 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Decodes a `KEY_*` code `wget_wch` returned with `KEY_CODE_YES`.
    public static func decodeKeyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case kite_key_f(1)...kite_key_f(63): return .function(Int(code - kite_key_f(0)))
        default: return nil
        }
    }

    /// One row of the ncurses virtual screen read back with `mvwinnwstr`
    /// (trailing spaces trimmed). For headless tests and diagnostics.
    public func readRow(_ row: Int) -> String {
        guard isStarted else { return "" }
        let window = kite_stdscr()
        let width = Int(kite_getmaxx(window))
        var buffer = [wchar_t](repeating: 0, count: width * 4 + 1)
        let count = buffer.withUnsafeMutableBufferPointer {
            kite_mvwinnwstr(window, Int32(row), 0, $0.baseAddress, Int32(width * 4))
        }
        guard count != ERR else { return "" }
        var text = String.UnicodeScalarView()
        for value in buffer where value != 0 {
            if let scalar = Unicode.Scalar(UInt32(bitPattern: value)) { text.append(scalar) }
        }
        var result = String(text)
        while result.last == " " { result.removeLast() }
        return result
    }

    // MARK: - Drawing (used by CursesSurface)

    fileprivate func setStyle(_ style: Style) {
        let base = attributesByRole[style.role] ?? (attr_t(0), 0)
        var attrs = base.attrs
        if style.bold { attrs |= kite_a_bold() }
        if style.reverse { attrs |= kite_a_reverse() }
        if style.underline { attrs |= kite_a_underline() }
        _ = kite_wattr_set(kite_stdscr(), attrs, base.pair)
    }

    fileprivate func setPendingCursor(_ position: CellPosition?) {
        pendingCursor = position
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}

/// `Surface` over ncurses' stdscr. Sanitises and clips by display width
/// before anything reaches ncurses.
final class CursesSurface: Surface {
    private unowned let terminal: Terminal

    init(terminal: Terminal) {
        self.terminal = terminal
    }

    var rows: Int { terminal.size.rows }
    var columns: Int { terminal.size.columns }

    func clear() {
        guard terminal.isStarted else { return }
        werase(kite_stdscr())
    }

    @discardableResult
    func put(_ text: String, row: Int, column: Int, style: Style, maxWidth: Int?) -> Int {
        guard terminal.isStarted else { return 0 }
        let size = terminal.size
        guard row >= 0, row < size.rows, column >= 0, column < size.columns else { return 0 }
        var limit = size.columns - column
        if let maxWidth { limit = min(limit, maxWidth) }
        guard limit > 0 else { return 0 }
        let clean = DisplayWidth.drawable(Sanitizer.clean(text))
        let (visible, width) = DisplayWidth.prefix(clean, fitting: limit)
        guard !visible.isEmpty else { return 0 }
        var wide: [wchar_t] = []
        wide.reserveCapacity(visible.unicodeScalars.count)
        var atStart = true
        for scalar in visible.unicodeScalars {
            // ncurses attaches a zero-width scalar to the previous cell; a leading one has none.
            if atStart, DisplayWidth.scalarWidth(scalar) == 0 { continue }
            atStart = false
            wide.append(wchar_t(bitPattern: scalar.value))
        }
        terminal.setStyle(style)
        _ = wide.withUnsafeBufferPointer {
            mvwaddnwstr(kite_stdscr(), Int32(row), Int32(column), $0.baseAddress, Int32($0.count))
        }
        terminal.setStyle(.normal)
        return width
    }

    func fill(row: Int, column: Int, width: Int, character: Character, style: Style) {
        guard terminal.isStarted, width > 0 else { return }
        let glyph: Character = DisplayWidth.of(character) == 1 ? character : " "
        put(String(repeating: String(glyph), count: width), row: row, column: max(0, column), style: style,
            maxWidth: width + min(0, column))
    }

    func setCursor(row: Int, column: Int) {
        terminal.setPendingCursor(CellPosition(row: row, column: column))
    }

    func hideCursor() {
        terminal.setPendingCursor(nil)
    }
}
