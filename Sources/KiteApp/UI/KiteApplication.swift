import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// The running TUI: the screen stack, overlays, the status and hint bars, the
/// keymap dispatch and the database client. Main thread only.
@MainActor
public final class KiteApplication {
    public let environment: AppEnvironment
    public let database: DatabaseClient
    public var language: Language { environment.config.language }
    public var keymap: Keymap { environment.keymap }
    public var modules: ModuleRegistry { environment.modules }
    public let login: String
    public private(set) var roleValue: Role = .operator
    public var role: String { roleValue.rawValue }
    public private(set) var references = References()

    public private(set) var stack: [any AppScreen] = []
    var overlay: Overlay?
    public private(set) var statusMessage = ""
    public private(set) var statusRole: StyleRole = .status
    /// Counts events (keys, database results); a status message remembers the one it
    /// was shown in, so leaving a screen clears older messages but keeps the one that
    /// the same event showed ("Сохранено", then back to the list).
    private var eventSerial = 0
    private var statusSerial = 0
    public private(set) var isQuitting = false
    public private(set) var listener: ChangeListener?
    /// Keys typed while the screen on top was still loading, in order.
    var typeahead: [Key] = []
    /// False while the window is below `MinimumSize`: the screen then only says so,
    /// and keys reach nothing (a form nobody can see must not change).
    public private(set) var windowFits = true
    /// The clock of the idle lock and of debounced work (drafts); tests set their own.
    public var clock: () -> Date = { Date() }
    public var now: Date { clock() }
    /// When the person last pressed a key.
    private(set) var lastActivity = Date()
    /// The idle lock's prompt while the screen is locked.
    public private(set) var lock: LockPrompt?

    /// `login` is for tests and benchmarks that act as a named person over the
    /// owner's connection; otherwise the person is the database login
    /// (`session_user`), whatever `[user] login` in kite.toml says.
    public init(environment: AppEnvironment, conninfo: String, login: String? = nil, listensForChanges: Bool = true) {
        self.environment = environment
        self.login = login ?? DatabaseIdentity.login(conninfo: conninfo) ?? SystemUser.login
        database = DatabaseClient(conninfo: conninfo)
        if listensForChanges {
            listener = ChangeListener(conninfo: conninfo, channels: environment.modules.changeChannels,
                                      inbox: database.inbox) { [weak self] event in self?.deliver(event) }
        }
        lastActivity = Date()
        database.afterDelivery = { [weak self] in self?.replayTypeahead() }
        database.beforeEachDelivery = { [weak self] in self?.eventSerial += 1 }
    }

    /// The screen `kite` opens on.
    public enum StartScreen: Sendable { case home, stock }

    /// Loads the reference data and opens the home screen (АРЦ) or the stock list, then
    /// offers the person's unsaved drafts, if any.
    public func start(on root: StartScreen = .home) {
        lastActivity = now
        let login = self.login
        let dealershipCode = environment.config.dealership
        database.request({ connection in
            try References.load(connection, login: login, dealershipCode: dealershipCode)
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let loaded):
                self.references = loaded
                // Every time is shown in the user's dealership's zone.
                DisplayTime.timeZone = loaded.dealership.flatMap { TimeZone(identifier: $0.timeZone) } ?? DisplayTime.defaultTimeZone
                self.roleValue = loaded.employee?.role ?? .operator
                self.stack.first.map { $0.didReappear() }
                self.showNotices()
                self.offerDrafts()
            case .failure(let error):
                self.showError(ErrorText.describe(error, language: self.language))
            }
        })
        switch root {
        case .home: push(HomeScreen(app: self))
        case .stock: openList("stock", source: { StockListSource(app: self, form: $0.form) })
        }
    }

    /// The stack becomes `root` alone (`goHome` on a stack rooted elsewhere).
    func replaceRoot(with root: any AppScreen) {
        clearStaleMessage()
        stack = [root]
        root.didReappear()
    }

    public func shutdown() {
        listener?.stop()
        database.stop()
    }

    // MARK: - Navigation and messages

    public func push(_ screen: any AppScreen) {
        clearStaleMessage()
        stack.append(screen)
    }

    /// A message shown by an earlier event belongs to the screen being left.
    private func clearStaleMessage() {
        guard statusSerial != eventSerial else { return }
        statusMessage = ""
        statusRole = .status
    }

    /// Closes the top screen, asking first when it has unsaved changes.
    public func pop(force: Bool = false) {
        guard stack.count > 1, let top = stack.last else { return }
        if !force, let question = top.leaveQuestion {
            confirm(question) { [weak self] in self?.pop(force: true) }
            return
        }
        clearStaleMessage()
        stack.removeLast().didClose()
        stack.last?.didReappear()
    }

    public func requestQuit() {
        if let question = stack.reversed().lazy.compactMap(\.leaveQuestion).first {
            let text = AppText.quitAnyway(language, ["question": question])
            confirm(text) { [weak self] in self?.isQuitting = true }
            return
        }
        isQuitting = true
    }

    public func showMessage(_ text: String, role: StyleRole = .ok) {
        statusMessage = text
        statusRole = role
        statusSerial = eventSerial
    }

    /// What a text widget calls when a paste was cut at a field's maximum (widgets are
    /// not main-actor types; they only ever run on the main thread).
    var pasteCutReporter: (String) -> Void {
        { [weak self] message in MainActor.assumeIsolated { self?.showMessage(message, role: .warning) } }
    }

    public func showError(_ text: String) {
        showMessage(text, role: .error)
    }

    public func confirm(_ question: String, onYes: @escaping @MainActor () -> Void) {
        overlay = .confirm(ConfirmDialog(question: question, language: language), onYes: onYes)
    }

    /// A question whose "no" does something too (a draft discarded); Enter starts on "yes".
    func ask(_ question: String, title: String? = nil, onYes: @escaping @MainActor () -> Void,
             onNo: @escaping @MainActor () -> Void) {
        overlay = .confirm(ConfirmDialog(question: question, title: title, language: language, defaultYes: true),
                           onYes: onYes, onNo: onNo)
    }

    public func pick(_ picker: ChoicePicker, onChoose: @escaping @MainActor (String) -> Void) {
        overlay = .picker(picker, onChoose: onChoose)
    }

    func lookup(_ picker: LookupPicker, onOutcome: @escaping @MainActor (LookupPicker.Outcome) -> Void) {
        overlay = .lookup(picker, onOutcome: onOutcome)
        // An Enter kept while the rows were loading acts when they arrive, if the picker is still open.
        picker.deliver = { [weak self, weak picker] outcome in
            guard let self, let picker, case .lookup(let open, let onOutcome)? = self.overlay, open === picker else { return }
            self.overlay = nil
            onOutcome(outcome)
        }
    }

    func formDialog(_ dialog: FormDialog, onSubmit: @escaping @MainActor ([String: String]) -> Bool) {
        dialog.form.onPasteCut = pasteCutReporter
        overlay = .form(dialog, onSubmit: onSubmit)
    }

    /// A box of labelled lines (a report): one line per fact, each kept whole (sanitised).
    func showDetails(title: String, _ report: (title: String, entries: [(label: String, text: String)])) {
        let entries = report.entries.map { HelpEntry(Sanitizer.clean($0.label), Sanitizer.clean($0.text)) }
        overlay = .help(HelpOverlay(groups: [HelpGroup(Sanitizer.clean(report.title), entries)], title: title, language: language))
    }

    func showMessageBox(title: String, text: String, isError: Bool = false) {
        overlay = .message(MessageBox(isError ? .error : .info, message: text, title: title, language: language))
    }

    /// A rule said no: the status bar says so, and a box shows the whole reason.
    func showRefusal(_ text: String) {
        showError(text)
        overlay = .message(MessageBox(.error, message: text, title: AppText.notAllowedTitle(language), language: language))
    }

    public var hasOverlay: Bool { overlay != nil }

    // MARK: - Keys

    public func handleKey(_ key: Key) {
        if key == .resize { return }
        guard windowFits else { return }
        eventSerial += 1
        lastActivity = now
        if let lock {
            if lock.handle(key) { self.lock = nil }
            return
        }
        if holdsForLoadingScreen(key) { return }
        dispatch(key)
    }

    func dispatch(_ key: Key) {
        if overlay != nil {
            handleOverlayKey(key)
            return
        }
        guard let screen = stack.last else { return }
        if screen.interceptKey(key) { return }
        if let command = bindings(of: screen).command(for: key) {
            run(command, on: screen)
            return
        }
        _ = screen.handle(key)
    }

    /// The keys of `screen` as they act now (dispatch, help and hints read the same).
    func bindings(of screen: any AppScreen) -> ScreenBindings {
        let offered = Set(screen.offeredCommands)
        return ScreenBindings(keymap: keymap, context: screen.keymapContext) { offered.contains($0) }
    }

    /// Runs a command by name, as a key or the command line would. A command the screen
    /// does not offer (and that is not global) never runs; one that cannot run now says why.
    @discardableResult
    public func run(_ command: String, on screen: (any AppScreen)? = nil) -> Bool {
        guard let screen = screen ?? stack.last else { return false }
        guard bindings(of: screen).applies(command) else { return false }
        if let reason = screen.unavailableReason(command) {
            showError(reason.text(language))
            return true
        }
        switch command {
        case "app.quit": requestQuit(); return true
        case "app.help": showHelp(); return true
        case "app.command": openCommandLine(); return true
        default: break
        }
        if screen.perform(command) { return true }
        if modules.run(command, app: self) { return true }
        if command == "app.back" || command == "form.cancel" { pop(); return true }
        return false
    }

    private func handleOverlayKey(_ key: Key) {
        switch overlay {
        case .help(let help):
            if key == .escape || key == .enter || key == .function(1) || key == .character("q") {
                overlay = nil
            } else {
                help.handle(key)
            }
        case .confirm(let dialog, let onYes, let onNo):
            switch dialog.handle(key) {
            case .confirmed: overlay = nil; onYes()
            case .cancelled: overlay = nil; onNo?()
            case nil: break
            }
        case .message(let box):
            if box.handle(key) { overlay = nil }
        case .commandLine(let line):
            switch line.handle(key) {
            case .submit(let text): overlay = nil; runCommandLine(text)
            case .cancel: overlay = nil
            case nil: break
            }
        case .picker(let picker, let onChoose):
            switch picker.handle(key) {
            case .chosen(let value): overlay = nil; onChoose(value)
            case .refused(let reason): showError(reason)
            case .cancelled: overlay = nil
            case nil: break
            }
        case .lookup(let picker, let onOutcome):
            if let outcome = picker.handle(key) {
                overlay = nil
                onOutcome(outcome)
            }
        case .form(let dialog, let onSubmit):
            switch dialog.handle(key) {
            case .submit(let values):
                overlay = nil
                if !onSubmit(values) { overlay = .form(dialog, onSubmit: onSubmit) }
            case .cancelled: overlay = nil
            case nil: break
            }
        case nil: break
        }
    }

    // MARK: - Help and the command line

    func showHelp() {
        guard let screen = stack.last else { return }
        let entries = bindings(of: screen).entries
        func group(global: Bool) -> [HelpEntry] {
            entries.filter { keymap.catalogue.isGlobal($0.command.name) == global }.map { entry in
                // A command that cannot run now says why instead of what it does.
                let text = entry.command.title.text(language) + " — " + (screen.unavailableReason(entry.command.name).map {
                    AppText.notNow(language, ["reason": $0.text(language)])
                } ?? entry.command.description.text(language))
                return HelpEntry(Self.keyList(entry.keys), text)
            }
        }
        let groups = [
            HelpGroup(screen.title, group(global: false)),
            HelpGroup(AppText.everywhere(language), group(global: true)),
            HelpGroup(AppText.commandLineHelp(language),
                      [HelpEntry(":", commandLineWords.joined(separator: ", "))]),
        ]
        overlay = .help(HelpOverlay(groups: groups, language: language))
    }

    /// `F1 Alt-h «?» «,»`: keys apart by a space, a punctuation key in quotes, so a
    /// comma or a dot bound to a command never reads as the list's own punctuation.
    static func keyList(_ keys: [Key]) -> String {
        keys.map { key in
            if case .character(let c) = key, !c.isLetter, !c.isNumber { return "«\(c)»" }
            return key.displayName
        }.joined(separator: " ")
    }

    /// Every word the `:` command line takes.
    var commandLineWords: [String] {
        ["help", "quit", "помощь", "выход"] + modules.commandWords.flatMap(\.words)
    }

    func openCommandLine() {
        overlay = .commandLine(CommandLineView(candidates: commandLineWords))
    }

    func runCommandLine(_ text: String) {
        let words = text.split(separator: " ").map(String.init)
        guard let first = words.first else { return }
        let rest = words.dropFirst().joined(separator: " ")
        switch first {
        case "q", "quit", "выход": requestQuit()
        case "help", "помощь": showHelp()
        default:
            if let word = modules.commandWord(first) {
                word.run(self, rest)
            } else if keymap.catalogue.command(named: first) == nil {
                showError(AppText.noSuchCommand(language, ["command": first]))
            } else if !run(first) {
                showError(AppText.commandNotOffered(language, ["command": first]))
            }
        }
    }

    // MARK: - Drawing

    /// The terminal's new size (after `KEY_RESIZE`), before the next frame is drawn.
    public func windowDidResize(rows: Int, columns: Int) {
        windowFits = rows >= MinimumSize.rows && columns >= MinimumSize.columns
    }

    public func draw(on surface: Surface) {
        surface.clear()
        surface.hideCursor()
        windowFits = MinimumSize.isSatisfied(by: surface)
        guard windowFits else {
            MinimumSize.draw(on: surface, language: language)
            return
        }
        let rows = surface.rows
        let columns = surface.columns
        let screen = stack.last
        // Top bar: product and screen title.
        surface.fill(row: 0, column: 0, width: columns, character: " ", style: Style(.title))
        let product = AppText.productName(language)
        let used = surface.put(" " + product + " │ ", row: 0, column: 0, style: Style(.title, bold: true))
        surface.put(screen?.title ?? "", row: 0, column: used, style: Style(.title), maxWidth: columns - used)

        let dealership = references.dealership.map { $0.code } ?? environment.config.dealership
        let user = references.employee.map { PersonName.short($0.fullName) } ?? login
        let statusBar = StatusBar(user: user, dealership: dealership, message: statusMessage, messageRole: statusRole,
                                  connection: database.connectionState, language: language)
        // A long message is wrapped over more rows; the screen gives them up rather than the message its end.
        let statusHeight = statusBar.height(width: columns)
        let content = Rect(row: 1, column: 0, height: rows - 2 - statusHeight, width: columns)
        if let lock {
            // Nothing of the work behind shows while the person is away.
            lock.draw(on: surface, in: content)
            statusBar.draw(on: surface, row: rows - 1 - statusHeight)
            HintBar(lock.hints).draw(on: surface, row: rows - 1)
            return
        }
        screen?.draw(on: surface, in: content)
        statusBar.draw(on: surface, row: rows - 1 - statusHeight)
        var hints: [Hint] = []
        if let screen {
            hints = bindings(of: screen).hints(language: language) { screen.unavailableReason($0) }
        }
        switch overlay {
        case .help: hints = [Hint("Esc", AppText.hintClose(language)), Hint("↑↓", AppText.hintScroll(language))]
        case .picker, .lookup: hints = [Hint("Enter", AppText.hintChoose(language)), Hint("Esc", AppText.hintCancel(language))]
        case .form: hints = [Hint("F2", AppText.hintDone(language)), Hint("Esc", AppText.hintCancel(language))]
        // A box's hints say what each key does in that box (Enter follows the highlight).
        case .confirm(let dialog, _, _): hints = dialog.hints
        case .message(let box): hints = box.hints
        case .commandLine:
            hints = ScreenBindings(keymap: keymap, context: "command_line") { _ in true }.hints(language: language)
        case nil: break
        }
        HintBar(hints).draw(on: surface, row: rows - 1)

        switch overlay {
        case .help(let help): help.draw(on: surface)
        case .confirm(let dialog, _, _): dialog.draw(on: surface)
        case .message(let box): box.draw(on: surface)
        case .commandLine(let line): line.draw(on: surface, row: rows - 1)
        case .picker(let picker, _): picker.draw(on: surface)
        case .lookup(let picker, _): picker.draw(on: surface)
        case .form(let dialog, _): dialog.draw(on: surface)
        case nil: break
        }
    }


    // MARK: - The clock: idle lock and debounced work

    /// The idle time after which the screen locks (the dealership's setting); nil: never.
    var idleLockInterval: TimeInterval? {
        guard let minutes = references.dealership?.idleLockMinutes, minutes > 0 else { return nil }
        return TimeInterval(minutes * 60)
    }

    /// The event loop calls this a few times a second: locks an idle screen and lets the
    /// screens do their debounced work (drafts written). True when something must be redrawn.
    @discardableResult
    public func tick() -> Bool {
        let now = self.now
        var changed = false
        if lock == nil, let interval = idleLockInterval, now.timeIntervalSince(lastActivity) >= interval {
            lock = LockPrompt(login: login, minutes: Int(interval / 60), language: language)
            changed = true
        }
        for screen in stack where screen.tick(now: now) { changed = true }
        return changed
    }

    // MARK: - Changes from other users

    /// A change heard on a LISTEN channel: every open screen sees it.
    func deliver(_ event: any ChangeEvent) {
        for screen in stack { screen.receive(event) }
    }

    /// True when `screen` is the one on top (what a change refreshes at once).
    func isOnTop(_ screen: any AppScreen) -> Bool { stack.last === screen }
}

enum PersonName {
    /// `Сидорова Анна Викторовна` → `Сидорова А. В.`
    static func short(_ fullName: String) -> String {
        let parts = fullName.split(separator: " ")
        guard let surname = parts.first, parts.count > 1 else { return fullName }
        return ([String(surname)] + parts.dropFirst().compactMap { $0.first.map { "\($0)." } }).joined(separator: " ")
    }
}

