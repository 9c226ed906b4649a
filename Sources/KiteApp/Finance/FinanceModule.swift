import KiteDomain
import KiteUI

/// Финансы: the payment journal and card, the cash day, receivables.
public struct FinanceModule: KiteModule {
    public init() {}

    public var name: String { "finance" }

    public var commands: [Command] {
        [
            Command("app.payments", "Платежи", "Payments", "Открыть список платежей", "Open the payments list"),
            Command("app.new_payment", "Новый платёж", "New payment", "Ввести новый платёж", "Enter a new payment"),
            Command("app.cashday", "Касса", "Cash day", "Открыть кассовый день", "Open the cash day report"),
            Command("app.receivables", "Дебиторка", "Receivables", "Открыть дебиторскую задолженность", "Open the receivables report"),
            Command("finance.filter", "Фильтры", "Filters", "Период, дилерский центр, способ, направление, состояние", "Period, dealership, method, direction, state", hint: 45),
            Command("finance.confirm", "Подтвердить", "Confirm", "Подтвердить платёж (финансист)", "Confirm the payment (finance)", dangerous: true, hint: 50),
            Command("finance.reverse", "Сторно", "Reverse", "Сторнировать подтверждённый платёж с причиной (финансист)", "Reverse a confirmed payment with a reason (finance)", dangerous: true, hint: 55),
            Command("payment.cancel", "Отменить платёж", "Cancel payment", "Отменить ошибочный платёж, ожидающий подтверждения, с причиной (ввёл его сам или финансист); он остаётся в журнале и нигде не считается", "Cancel a mistaken pending payment with a reason (its author or finance); it stays in the journal and counts nowhere", context: "form", dangerous: true, hint: 52),
            Command("finance.pick_deal", "Сделка", "Deal", "Выбрать сделку по номеру или клиенту", "Pick the deal by number or customer", hint: 40),
            Command("finance.export", "CSV", "CSV", "Выгрузить в CSV для Excel", "Export to CSV for Excel", hint: 80),
            Command("finance.prev_day", "Пред. день", "Prev. day", "Предыдущий день", "The previous day", hint: 35),
            Command("finance.next_day", "След. день", "Next day", "Следующий день", "The next day", hint: 36),
            Command("finance.close_day", "Закрыть день", "Close day", "Закрыть кассовый день (финансист)", "Close the cash day (finance)", dangerous: true, hint: 60),
            Command("finance.reopen_day", "Открыть день", "Reopen day", "Снова открыть закрытый кассовый день, с причиной (финансист)", "Reopen a closed cash day, with a reason (finance)", dangerous: true, hint: 61),
            Command("finance.group", "По менеджерам", "By manager", "Итоги по менеджерам или список сделок", "Totals by manager, or the list of deals", hint: 50),
        ]
    }

    public var entities: [String: Set<String>] {
        ["payment": [
            "id", "payment_date", "dealership_code", "dealership_id", "direction", "kind", "method", "amount", "state",
            "deal", "trip", "party", "counterparty", "purpose", "document_ref", "reason", "created_by", "confirmed_by",
            "reverses_payment_id",
         ],
         "receivable": ["deal", "customer", "manager", "contract_date", "days", "bucket", "due", "paid", "outstanding"]]
    }

    public var texts: [any TextKey.Type] { [FinanceTexts.self, FinanceHomeText.self] }

    public var changeChannels: [ChangeChannel] {
        [ChangeChannel("payments") { _ in PaymentsChanged() }]
    }

    public var commandWords: [CommandWord] {
        [
            CommandWord(["payments", "платежи"]) { app, rest in app.openPayments(text: rest) },
            CommandWord(["payment", "платёж", "платеж"]) { app, rest in
                app.openPayment(id: Int64(rest), deal: Int64(rest) == nil && !rest.isEmpty ? rest : nil)
            },
            CommandWord(["cashday", "касса"]) { app, _ in app.openCashDay() },
            CommandWord(["receivables", "дебиторка"]) { app, _ in app.openReceivables() },
        ]
    }

    @MainActor public func run(_ command: String, app: KiteApplication) -> Bool {
        switch command {
        case "app.payments": app.openPayments()
        case "app.new_payment": app.openPayment(id: nil)
        case "app.cashday": app.openCashDay()
        case "app.receivables": app.openReceivables()
        default: return false
        }
        return true
    }
}

/// A payment was entered, confirmed, reversed or cancelled (LISTEN `payments`).
public struct PaymentsChanged: ChangeEvent, Hashable {}
