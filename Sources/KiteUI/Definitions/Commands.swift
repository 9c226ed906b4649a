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
    /// `form.*`, `deal.*` and `payment.*` (commands of a card) → `form`, `dialog.*` → `dialog`, `command_line.*` → `command_line`,
    /// everything else (lists and screen specifics such as `stock.*`) → `list`.
    public var context: String { Command.context(ofName: name) }

    /// The home context of a command name (see `context`).
    public static func context(ofName name: String) -> String {
        switch name.prefix(while: { $0 != "." }) {
        case "app": "global"
        case "form", "deal", "payment": "form"
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
        // finance
        Command("app.payments", "Платежи", "Payments", "Открыть список платежей", "Open the payments list"),
        Command("app.new_payment", "Новый платёж", "New payment", "Ввести новый платёж", "Enter a new payment"),
        Command("app.cashday", "Касса", "Cash day", "Открыть кассовый день", "Open the cash day report"),
        Command("app.receivables", "Дебиторка", "Receivables", "Открыть дебиторскую задолженность", "Open the receivables report"),
        Command("finance.filter", "Фильтры", "Filters", "Период, дилерский центр, способ, направление, состояние", "Period, dealership, method, direction, state", hint: 45),
        Command("finance.confirm", "Подтвердить", "Confirm", "Подтвердить платёж (финансист)", "Confirm the payment (finance)", dangerous: true, hint: 50),
        Command("finance.reverse", "Сторно", "Reverse", "Сторнировать подтверждённый платёж с причиной (финансист)", "Reverse a confirmed payment with a reason (finance)", dangerous: true, hint: 55),
        Command("payment.cancel", "Отменить платёж", "Cancel payment", "Отменить ошибочный платёж, ожидающий подтверждения, с причиной (ввёл его сам или финансист); он остаётся в журнале и нигде не считается", "Cancel a mistaken pending payment with a reason (its author or finance); it stays in the journal and counts nowhere", dangerous: true, hint: 52),
        Command("finance.pick_deal", "Сделка", "Deal", "Выбрать сделку по номеру или клиенту", "Pick the deal by number or customer", hint: 40),
        Command("finance.export", "CSV", "CSV", "Выгрузить в CSV для Excel", "Export to CSV for Excel", hint: 80),
        Command("finance.prev_day", "Пред. день", "Prev. day", "Предыдущий день", "The previous day", hint: 35),
        Command("finance.next_day", "След. день", "Next day", "Следующий день", "The next day", hint: 36),
        Command("finance.close_day", "Закрыть день", "Close day", "Закрыть кассовый день (финансист)", "Close the cash day (finance)", dangerous: true, hint: 60),
        Command("finance.group", "По менеджерам", "By manager", "Итоги по менеджерам или список сделок", "Totals by manager, or the list of deals", hint: 50),
        // dialogs
        Command("stock.new_deal", "Сделка", "Deal", "Начать сделку на выбранный автомобиль", "Start a deal for the selected vehicle", hint: 65),
        Command("deals.mine", "Мои", "Mine", "Только мои сделки / все", "Only my deals / all", hint: 62),
        Command("deals.filter_stage", "Стадия", "Stage", "Показать только выбранную стадию", "Show only the chosen stage", hint: 64),
        Command("deals.filter_dealership", "Центр", "Dealership", "Показать сделки одного дилерского центра или всех", "Show one dealership's deals or all", hint: 63),
        Command("deals.expiring", "Истекает", "Expiring", "Только резервы, истекающие сегодня", "Only reservations ending today", hint: 66),
        Command("app.stock", "Склад", "Stock", "Перейти к складу", "Go to the stock list"),
        Command("app.deals", "Сделки", "Deals", "Перейти к сделкам", "Go to the deals"),
        Command("app.customers", "Клиенты", "Customers", "Перейти к клиентам", "Go to the customers"),
        Command("deal.stage", "Стадия", "Stage", "Зарезервировать, заключить договор, выдать, закрыть или отменить", "Reserve, contract, hand over, close or cancel", dangerous: true, hint: 40),
        Command("deal.add_line", "Позиция", "Add line", "Добавить доп. позицию (аксессуар, услуга, страховка, гарантия)", "Add an extra line (accessory, service, insurance, warranty)", hint: 45),
        Command("deal.edit_lines", "Позиции", "Lines", "Перейти к таблице доп. позиций и обратно", "Go to the extra lines table and back", hint: 50),
        Command("deal.approve_discount", "Согласовать", "Approve", "Согласовать скидку сверх лимита (руководитель)", "Approve a discount above the limit (a senior)", hint: 55),
        Command("deal.print", "Печать", "Print", "Напечатать договор, счёт или акт в PDF", "Print the contract, invoice or handover act to PDF", hint: 58),
        Command("deal.payments", "Платежи", "Payments", "Платежи по этой сделке", "This deal's payments", hint: 59),
        Command("deal.new_payment", "Внести", "Pay in", "Внести платёж по этой сделке", "Enter a payment for this deal", hint: 61),
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
