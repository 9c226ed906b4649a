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

    public var id: String { name }

    /// The keymap context where the command belongs: `app.*` → `global`,
    /// `form.*` → `form`, `dialog.*` → `dialog`, `command_line.*` → `command_line`,
    /// everything else (lists and screen specifics such as `stock.*`) → `list`.
    public var context: String { Command.context(ofName: name) }

    /// The home context of a command name (see `context`).
    public static func context(ofName name: String) -> String {
        switch name.prefix(while: { $0 != "." }) {
        case "app": "global"
        case "form": "form"
        case "dialog": "dialog"
        case "command_line": "command_line"
        default: "list"
        }
    }

    public init(_ name: String, _ titleRU: String, _ titleEN: String, _ descriptionRU: String,
                _ descriptionEN: String, dangerous: Bool = false, hint: Int? = nil) {
        self.name = name
        self.title = LocalizedText(ru: titleRU, en: titleEN)
        self.description = LocalizedText(ru: descriptionRU, en: descriptionEN)
        self.dangerous = dangerous
        self.hintOrder = hint
    }
}

/// The catalogue of commands. Adding a command is one line here plus a key in `Keymaps/default.toml`
/// (a test checks that the default keymap reaches every command).
public enum Commands {
    public static let all: [Command] = [
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
        Command("form.checks", "Проверки", "Checks", "Результаты проверок записи: статус, подробности, источник, время", "The record's check results: status, details, provider, time"),
        // stock
        Command("stock.change_status", "Статус", "Status", "Сменить статус автомобиля", "Change the vehicle's status", dangerous: true, hint: 60),
        Command("stock.filter_status", "По статусу", "By status", "Показать только выбранные статусы", "Show only the chosen statuses", hint: 70),
        // jobs (the :jobs screen)
        Command("jobs.retry", "Повторить", "Retry", "Запустить выбранное задание снова", "Run the selected job again", hint: 50),
        Command("jobs.cancel", "Отменить", "Cancel job", "Отменить выбранное задание (с подтверждением)", "Cancel the selected job (asks first)", dangerous: true, hint: 60),
        // dialogs
        Command("dialog.yes", "Да", "Yes", "Подтвердить", "Confirm", hint: 10),
        Command("dialog.no", "Нет", "No", "Отказаться", "Decline", hint: 20),
        // command line
        Command("command_line.run", "Выполнить", "Run", "Выполнить введённую команду", "Run the typed command", hint: 10),
        Command("command_line.complete", "Дополнить", "Complete", "Дополнить имя команды", "Complete the command name", hint: 20),
    ]

    /// The names of all commands, for the loaders' `knownCommands`.
    public static let names: Set<String> = Set(all.map(\.name))

    private static let byName: [String: Command] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    public static func command(named name: String) -> Command? { byName[name] }
}
