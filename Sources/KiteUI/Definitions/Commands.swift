import KiteDomain

/// A named command the application offers (`form.save`). Keymaps bind keys to these
/// names; screens list the ones they offer; the hint bar and the help overlay show
/// `title` and `description`.
public struct Command: Sendable, Hashable, Identifiable {
    /// The stable long name, `area.verb`: `list.filter`, `stock.change_status`.
    public let name: String
    /// A short label for the hint bar: "Сохранить" / "Save".
    public let title: LocalizedText
    /// One sentence for the help overlay and the command line.
    public let description: LocalizedText
    /// Changes or loses data in a way that needs care (confirmation; hidden from read-only roles).
    public let dangerous: Bool
    /// Position in the hint bar (lower first); nil keeps the command out of the bar.
    public let hintOrder: Int?
    /// The keymap context where the command belongs (`global`, `list`, `form`, `dialog`,
    /// `command_line`): a keymap must reach it there, and `global` commands run on every screen.
    public let context: String

    public var id: String { name }

    /// The home context of a generic command name: `app.*` → `global`, `form.*` → `form`,
    /// `dialog.*` → `dialog`, `command_line.*` → `command_line`, otherwise `list`.
    public static func genericContext(ofName name: String) -> String {
        switch name.prefix(while: { $0 != "." }) {
        case "app": "global"
        case "form": "form"
        case "dialog": "dialog"
        case "command_line": "command_line"
        default: "list"
        }
    }

    /// A command; `context` defaults to the generic rule of its name's prefix.
    public init(_ name: String, _ titleRU: String, _ titleEN: String, _ descriptionRU: String,
                _ descriptionEN: String, context: String? = nil, dangerous: Bool = false, hint: Int? = nil) {
        self.name = name
        self.title = LocalizedText(ru: titleRU, en: titleEN)
        self.description = LocalizedText(ru: descriptionRU, en: descriptionEN)
        self.dangerous = dangerous
        self.hintOrder = hint
        self.context = context ?? Command.genericContext(ofName: name)
    }
}

/// The commands every screen kind shares: the application, lists, cards, dialogs and the
/// command line. Modules bring their own (`stock.change_status`) through the registry.
public enum Commands {
    public static let generic: [Command] = [
        // global
        Command("app.help", "Помощь", "Help", "Показать клавиши и команды этого экрана", "Show the keys and commands of this screen", hint: 10),
        Command("app.command", "Команда", "Command", "Ввести команду по имени", "Type a command by name"),
        Command("app.back", "Назад", "Back", "Закрыть окно или вернуться на предыдущий экран", "Close the window or go back to the previous screen"),
        Command("app.quit", "Выход", "Quit", "Выйти из программы", "Quit the program", hint: 100),
        // lists
        Command("list.open", "Открыть", "Open", "Открыть выбранную запись", "Open the selected record", hint: 30),
        Command("list.new", "Новый", "New", "Создать новую запись", "Create a new record", hint: 20),
        Command("list.filter", "Поиск", "Filter", "Фильтр по тексту (VIN, модель, номер)", "Filter by text (VIN, model, number)", hint: 40),
        Command("list.clear_filter", "Сброс", "Clear", "Сбросить фильтр", "Clear the filter"),
        Command("list.sort_next", "Сорт.", "Sort", "Сортировать по следующему столбцу", "Sort by the next column"),
        Command("list.sort_reverse", "Обратно", "Reverse", "Обратный порядок сортировки", "Reverse the sort order"),
        Command("list.up", "Вверх", "Up", "Предыдущая строка", "Previous row"),
        Command("list.down", "Вниз", "Down", "Следующая строка", "Next row"),
        Command("list.page_up", "Стр. вверх", "Page up", "Предыдущая страница", "Previous page"),
        Command("list.page_down", "Стр. вниз", "Page down", "Следующая страница", "Next page"),
        Command("list.top", "В начало", "Top", "Первая строка", "First row"),
        Command("list.bottom", "В конец", "Bottom", "Последняя строка", "Last row"),
        Command("list.refresh", "Обновить", "Refresh", "Перечитать список из базы", "Reload the list from the database"),
        // forms
        Command("form.save", "Сохранить", "Save", "Сохранить запись", "Save the record", hint: 20),
        Command("form.cancel", "Отмена", "Cancel", "Отменить изменения и закрыть форму", "Discard the changes and close the form", hint: 90),
        Command("form.edit", "Правка", "Edit", "Начать правку записи", "Start editing the record", hint: 30),
        Command("form.next_field", "След. поле", "Next field", "Перейти к следующему полю", "Go to the next field"),
        Command("form.reload", "Перечитать", "Reload", "Загрузить запись из базы заново (правки будут потеряны)", "Load the record from the database again (edits are lost)"),
        Command("form.prev_field", "Пред. поле", "Prev. field", "Перейти к предыдущему полю", "Go to the previous field"),
        Command("form.add_row", "Строка", "Add row", "Добавить строку в таблицу карточки (доп. позицию сделки)", "Add a row to the card's table (a deal's extra line)", hint: 45),
        Command("form.details", "Таблица", "Table", "Перейти к таблице карточки и обратно", "Go to the card's table and back", hint: 50),
        Command("form.checks", "Проверки", "Checks", "Результаты проверок записи: статус, подробности, источник, время", "The record's check results: status, details, provider, time"),
        // dialogs
        Command("dialog.yes", "Да", "Yes", "Подтвердить", "Confirm", hint: 10),
        Command("dialog.no", "Нет", "No", "Отказаться", "Decline", hint: 20),
        // command line
        Command("command_line.run", "Выполнить", "Run", "Выполнить введённую команду", "Run the typed command", hint: 10),
        Command("command_line.complete", "Дополнить", "Complete", "Дополнить имя команды", "Complete the command name", hint: 20),
    ]
}

/// The commands one application knows: the generic ones and every module's, in catalogue
/// order (the order of the help overlay and of a keymap's bindings).
public struct CommandCatalog: Sendable {
    public let all: [Command]
    private let byName: [String: Command]
    private let indexes: [String: Int]

    /// The catalogue of `commands`; a name given twice keeps its first definition.
    public init(_ commands: [Command]) {
        var unique: [Command] = []
        var byName: [String: Command] = [:]
        for command in commands where byName[command.name] == nil {
            byName[command.name] = command
            unique.append(command)
        }
        all = unique
        self.byName = byName
        indexes = Dictionary(uniqueKeysWithValues: unique.enumerated().map { ($0.element.name, $0.offset) })
    }

    /// Only the commands of KiteUI itself.
    public static let generic = CommandCatalog(Commands.generic)

    /// This catalogue with `more` added after its own commands.
    public func adding(_ more: [Command]) -> CommandCatalog { CommandCatalog(all + more) }

    public func command(named name: String) -> Command? { byName[name] }

    public var names: Set<String> { Set(byName.keys) }

    /// The context `name` belongs to (its generic context if it is not in the catalogue).
    public func context(of name: String) -> String {
        byName[name]?.context ?? Command.genericContext(ofName: name)
    }

    /// Position in the catalogue, for ordering; unknown names last.
    public func index(of name: String) -> Int { indexes[name] ?? Int.max }

    public func isGlobal(_ name: String) -> Bool { context(of: name) == "global" }
}
