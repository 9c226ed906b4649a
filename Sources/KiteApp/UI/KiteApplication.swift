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
    public let login: String
    public private(set) var roleValue: Role = .operator
    public var role: String { roleValue.rawValue }
    public private(set) var references = References()

    public private(set) var stack: [any AppScreen] = []
    var overlay: Overlay?
    public private(set) var statusMessage = ""
    public private(set) var statusRole: StyleRole = .status
    public private(set) var isQuitting = false
    public private(set) var listener: ChangeListener?
    /// Keys typed while the screen on top was still loading, in order.
    var typeahead: [Key] = []

    public init(environment: AppEnvironment, conninfo: String, login: String? = nil, listensForChanges: Bool = true) {
        self.environment = environment
        self.login = login ?? (environment.config.login.isEmpty
            ? SystemUser.login : environment.config.login)
        database = DatabaseClient(conninfo: conninfo)
        if listensForChanges {
            listener = ChangeListener(conninfo: conninfo, channels: ["vehicles", "deals", "payments"], inbox: database.inbox)
        }
        database.afterDelivery = { [weak self] in self?.replayTypeahead() }
    }

    /// Loads the reference data and opens the stock list.
    public func start() {
        let login = self.login
        let dealershipCode = environment.config.dealership
        database.request({ connection in
            try References.load(connection, login: login, dealershipCode: dealershipCode)
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let loaded):
                self.references = loaded
                self.roleValue = loaded.employee?.role ?? .operator
                self.stack.first.map { $0.didReappear() }
                self.showNotices()
            case .failure(let error):
                self.showError(ErrorText.describe(error, language: self.language))
            }
        })
        if let list = environment.screens.list("stock") {
            push(StockListScreen(app: self, definition: list))
        }
    }

    public func shutdown() {
        listener?.stop()
        database.stop()
    }

    // MARK: - Navigation and messages

    public func push(_ screen: any AppScreen) {
        stack.append(screen)
    }

    /// Closes the top screen, asking first when it has unsaved changes.
    public func pop(force: Bool = false) {
        guard stack.count > 1, let top = stack.last else { return }
        if !force, let question = top.leaveQuestion {
            confirm(question) { [weak self] in self?.pop(force: true) }
            return
        }
        stack.removeLast()
        stack.last?.didReappear()
    }

    public func requestQuit() {
        if let question = stack.reversed().lazy.compactMap(\.leaveQuestion).first {
            let text = question + (language == .ru ? " Выйти из программы?" : " Quit anyway?")
            confirm(text) { [weak self] in self?.isQuitting = true }
            return
        }
        isQuitting = true
    }

    public func showMessage(_ text: String, role: StyleRole = .ok) {
        statusMessage = text
        statusRole = role
    }

    public func showError(_ text: String) {
        showMessage(text, role: .error)
    }

    public func confirm(_ question: String, onYes: @escaping @MainActor () -> Void) {
        overlay = .confirm(ConfirmDialog(question: question, language: language), onYes: onYes)
    }

    public func pick(_ picker: ChoicePicker, onChoose: @escaping @MainActor (String) -> Void) {
        overlay = .picker(picker, onChoose: onChoose)
    }

    func lookup(_ picker: LookupPicker, onOutcome: @escaping @MainActor (LookupPicker.Outcome) -> Void) {
        overlay = .lookup(picker, onOutcome: onOutcome)
    }

    func formDialog(_ dialog: FormDialog, onSubmit: @escaping @MainActor ([String: String]) -> Bool) {
        overlay = .form(dialog, onSubmit: onSubmit)
    }

    func showMessageBox(title: String, text: String) {
        overlay = .message(MessageBox(.info, message: text, title: title, language: language))
    }

    /// A rule said no: the status bar says so, and a box shows the whole reason.
    func showRefusal(_ text: String) {
        showError(text)
        overlay = .message(MessageBox(.error, message: text, title: language == .ru ? "Нельзя" : "Not allowed", language: language))
    }

    public var hasOverlay: Bool { overlay != nil }

    // MARK: - Keys

    public func handleKey(_ key: Key) {
        if key == .resize { return }
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
        // A key may serve several screens: the commands this screen offers (and
        // global ones) are tried first, so another screen's command never shadows them.
        let offered = Set(screen.offeredCommands)
        let commands = keymap.commands(for: key, in: screen.keymapContext)
        let mine = commands.filter { offered.contains($0) || Command.context(ofName: $0) == "global" }
        for command in mine + commands.filter({ !mine.contains($0) }) where run(command, on: screen) { return }
        if screen.handle(key) { return }
    }

    /// Runs a command by name, as a key or the command line would.
    @discardableResult
    public func run(_ command: String, on screen: (any AppScreen)? = nil) -> Bool {
        switch command {
        case "app.quit": requestQuit(); return true
        case "app.help": showHelp(); return true
        case "app.command": openCommandLine(); return true
        default: break
        }
        if FinanceNavigation.run(command, app: self) { return true }
        if let screen = screen ?? stack.last, screen.perform(command) { return true }
        if runSalesCommand(command) { return true }
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
        case .confirm(let dialog, let onYes):
            switch dialog.handle(key) {
            case .confirmed: overlay = nil; onYes()
            case .cancelled: overlay = nil
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
        let context = stack.last?.keymapContext ?? "global"
        let offered = Set(stack.last?.offeredCommands ?? [])
        // Every key of a command on one line, commands in keymap order.
        var order: [Command] = []
        var keys: [String: [String]] = [:]
        // A key listed for several commands does what the first of them that
        // applies here does (as the dispatch), so it is shown for that one only.
        func applies(_ name: String) -> Bool {
            offered.contains(name) || Commands.command(named: name)?.context == "global"
        }
        for binding in keymap.bindings(in: context) {
            guard let command = Commands.command(named: binding.command), applies(command.name),
                  keymap.commands(for: binding.key, in: context).first(where: applies) == command.name else { continue }
            if keys[command.name] == nil { order.append(command) }
            keys[command.name, default: []].append(binding.key.displayName)
        }
        func entries(global: Bool) -> [HelpEntry] {
            order.filter { ($0.context == "global") == global }.map { command in
                HelpEntry(keys[command.name]!.joined(separator: ", "),
                          command.title.text(language) + " — " + command.description.text(language))
            }
        }
        let screenEntries = entries(global: false)
        let globalEntries = entries(global: true)
        var groups: [HelpGroup] = []
        groups.append(HelpGroup(stack.last?.title ?? "", screenEntries))
        groups.append(HelpGroup(language == .ru ? "Везде" : "Everywhere", globalEntries))
        let commandNames = CommandLineCommands.names.joined(separator: ", ")
        groups.append(HelpGroup(language == .ru ? "Командная строка (:)" : "Command line (:)",
                                [HelpEntry(":", commandNames)]))
        overlay = .help(HelpOverlay(groups: groups, language: language))
    }

    func openCommandLine() {
        overlay = .commandLine(CommandLineView(candidates: CommandLineCommands.names))
    }

    func runCommandLine(_ text: String) {
        let words = text.split(separator: " ").map(String.init)
        guard let first = words.first else { return }
        if FinanceNavigation.runCommandLine(words, app: self) { return }
        switch first {
        case "q", "quit", "выход": requestQuit()
        case "help", "помощь": showHelp()
        case "stock", "склад":
            while stack.count > 1 { pop(force: false); if stack.last?.leaveQuestion != nil || hasOverlay { break } }
            if words.count > 1, let list = stack.first as? StockListScreen {
                list.applyFilter(words.dropFirst().joined(separator: " "))
            }
        case "jobs", "задания":
            if !(stack.last is JobsScreen) { push(JobsScreen(app: self)) }
        case "vehicle", "new", "автомобиль":
            if let list = stack.first as? StockListScreen { list.openNewVehicle() }
        case "vin":
            if words.count > 1 {
                let report = VINDecoder.decode(words[1])
                overlay = .message(MessageBox(report.valid ? .info : .error,
                                              message: VINReportText.render(report, language: language),
                                              title: "VIN", language: language))
            }
        default:
            if runSalesCommandLine(words) { return }
            if Commands.command(named: first) != nil {
                run(first)
            } else {
                showError(language == .ru ? "Нет такой команды: \(first). Список: F1" : "No such command: \(first). See F1")
            }
        }
    }

    // MARK: - Drawing

    public func draw(on surface: Surface) {
        surface.clear()
        surface.hideCursor()
        guard MinimumSize.isSatisfied(by: surface) else {
            MinimumSize.draw(on: surface, language: language)
            return
        }
        let rows = surface.rows
        let columns = surface.columns
        let screen = stack.last
        // Top bar: product and screen title.
        surface.fill(row: 0, column: 0, width: columns, character: " ", style: Style(.title))
        let product = language == .ru ? "КАЙТ АВТО" : "KITE AUTO"
        let used = surface.put(" " + product + " │ ", row: 0, column: 0, style: Style(.title, bold: true))
        surface.put(screen?.title ?? "", row: 0, column: used, style: Style(.title), maxWidth: columns - used)

        let content = Rect(row: 1, column: 0, height: rows - 3, width: columns)
        screen?.draw(on: surface, in: content)

        let dealership = references.dealership.map { $0.code } ?? environment.config.dealership
        let user = references.employee.map { PersonName.short($0.fullName) } ?? login
        StatusBar(user: user, dealership: dealership, message: statusMessage, messageRole: statusRole,
                  connection: database.connectionState, language: language)
            .draw(on: surface, row: rows - 2)
        let context = overlayContext ?? screen?.keymapContext ?? "global"
        let offered: Set<String>? = overlay == nil ? Set((screen?.offeredCommands ?? []) + Commands.all.filter { $0.context == "global" }.map(\.name)) : nil
        var hints = keymap.hints(in: context, language: language, offered: offered).map { Hint($0.key, $0.command) }
        switch overlay {
        case .help: hints = [Hint("Esc", language == .ru ? "Закрыть" : "Close"), Hint("↑↓", language == .ru ? "Листать" : "Scroll")]
        case .picker, .lookup: hints = [Hint("Enter", language == .ru ? "Выбрать" : "Choose"), Hint("Esc", language == .ru ? "Отмена" : "Cancel")]
        case .form: hints = [Hint("F2", language == .ru ? "Готово" : "Done"), Hint("Esc", language == .ru ? "Отмена" : "Cancel")]
        default: break
        }
        HintBar(hints).draw(on: surface, row: rows - 1)

        switch overlay {
        case .help(let help): help.draw(on: surface)
        case .confirm(let dialog, _): dialog.draw(on: surface)
        case .message(let box): box.draw(on: surface)
        case .commandLine(let line): line.draw(on: surface, row: rows - 1)
        case .picker(let picker, _): picker.draw(on: surface)
        case .lookup(let picker, _): picker.draw(on: surface)
        case .form(let dialog, _): dialog.draw(on: surface)
        case nil: break
        }
    }

    private var overlayContext: String? {
        switch overlay {
        case .confirm, .message, .picker, .lookup, .form: "dialog"
        case .commandLine: "command_line"
        case .help: "dialog"
        case nil: nil
        }
    }

    // MARK: - Changes from other users

    /// A vehicle's status changed somewhere (LISTEN vehicles): the payload is `id:status`.
    func vehicleChanged(id: Int64, status: VehicleStatus) {
        for screen in stack {
            (screen as? StockListScreen)?.vehicleChanged(id: id, status: status)
        }
    }
}

enum PersonName {
    /// `Сидорова Анна Викторовна` → `Сидорова А. В.`
    static func short(_ fullName: String) -> String {
        let parts = fullName.split(separator: " ")
        guard let surname = parts.first, parts.count > 1 else { return fullName }
        return ([String(surname)] + parts.dropFirst().compactMap { $0.first.map { "\($0)." } }).joined(separator: " ")
    }
}

/// Names accepted on the `:` command line.
enum CommandLineCommands {
    static let names = ["stock", "vehicle", "vin", "customers", "customer", "deals", "deal", "jobs", "help", "quit",
                        "склад", "клиенты", "клиент", "сделки", "сделка", "задания", "выход"] + FinanceNavigation.commandLineNames
}
