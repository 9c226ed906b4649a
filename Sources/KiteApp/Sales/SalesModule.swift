import KiteDomain
import KiteUI

/// Продажи: customers, deals and their lines, stages, discounts, print forms.
public struct SalesModule: KiteModule {
    public init() {}

    public var name: String { "sales" }

    public var commands: [Command] {
        [
            Command("app.deals", "Сделки", "Deals", "Перейти к сделкам", "Go to the deals"),
            Command("app.customers", "Клиенты", "Customers", "Перейти к клиентам", "Go to the customers"),
            Command("deals.mine", "Мои", "Mine", "Только мои сделки / все", "Only my deals / all", hint: 62),
            Command("deals.filter_stage", "Стадия", "Stage", "Показать только выбранную стадию", "Show only the chosen stage", hint: 64),
            Command("deals.filter_dealership", "Центр", "Dealership", "Показать сделки одного дилерского центра или всех", "Show one dealership's deals or all", hint: 63),
            Command("deals.expiring", "Истекает", "Expiring", "Только резервы, истекающие сегодня", "Only reservations ending today", hint: 66),
            Command("deal.stage", "Стадия", "Stage", "Зарезервировать, заключить договор, выдать, закрыть или отменить", "Reserve, contract, hand over, close or cancel", context: "form", dangerous: true, hint: 40),
            Command("deal.approve_discount", "Согласовать", "Approve", "Согласовать скидку сверх лимита (руководитель)", "Approve a discount above the limit (a senior)", context: "form", hint: 55),
            Command("deal.print", "Печать", "Print", "Напечатать договор, счёт или акт в PDF", "Print the contract, invoice or handover act to PDF", context: "form", hint: 58),
            Command("deal.payments", "Платежи", "Payments", "Платежи по этой сделке", "This deal's payments", context: "form", hint: 59),
            Command("deal.new_payment", "Внести", "Pay in", "Внести платёж по этой сделке", "Enter a payment for this deal", context: "form", hint: 61),
        ]
    }

    public var entities: [String: Set<String>] {
        ["customer": [
            "kind", "name", "birth_date", "phone", "email", "passport_series", "passport_number", "passport",
            "passport_issue_date", "passport_issuer_code", "inn", "kpp", "ogrn", "address", "contact_person",
            "consent_given", "consent_date", "updated_by", "updated_at", "version",
         ],
         "deal": [
            "number", "stage", "customer_id", "vehicle_id", "customer", "vehicle", "vin", "list_price", "sale_price",
            "discount_amount", "discount_reason", "trade_in_credit", "trade_in_description", "loan_bank", "loan_amount",
            "planned_handover", "reserved_until", "manager_login", "amount_due", "total_amount", "vat_amount",
            "payment_state", "outstanding", "updated_by", "updated_at", "version",
         ],
         "deal_line": ["position", "kind", "description", "quantity", "unit_price", "amount", "vat"]]
    }

    public var optionSources: [String: [EnumOption]] {
        ["customer_kind": CustomerKind.allCases.map { EnumOption(value: $0.rawValue, label: $0.label) },
         "deal_stage": DealStage.allCases.map { EnumOption(value: $0.rawValue, label: $0.label) },
         "deal_line_kind": DealLineKind.allCases.map { EnumOption(value: $0.rawValue, label: $0.label) }]
    }

    /// `customer` and `vehicle` are picked in a search box; discount reasons from a list.
    public var lookupTargets: Set<String> { ["customer", "vehicle", "discount_reason"] }

    public var texts: [any TextKey.Type] { [SalesText.self, SalesHomeText.self] }

    public var changeChannels: [ChangeChannel] {
        // Payload `id:stage`.
        [ChangeChannel("deals") { payload in
            let parts = payload.split(separator: ":")
            guard parts.count == 2, let id = Int64(parts[0]) else { return nil }
            return DealChanged(id: id)
        }]
    }

    public var commandWords: [CommandWord] {
        [
            CommandWord(["customers", "клиенты"]) { app, rest in app.goToRoot { app in app.openCustomers(filter: rest) } },
            CommandWord(["deals", "сделки"]) { app, rest in app.goToRoot { app in app.openDeals(filter: rest) } },
            CommandWord(["deal", "сделка"]) { app, rest in
                if rest.isEmpty || rest == "new" || rest == "новая" { app.openNewDeal(vehicle: nil) } else { app.openDeal(number: rest) }
            },
            CommandWord(["customer", "клиент"]) { app, rest in app.openNewCustomer(initialText: rest) },
        ]
    }

    @MainActor public func options(forLookup target: String, app: KiteApplication) -> [SelectOption]? {
        guard target == "discount_reason" else { return nil }
        return app.references.discountReasons.map { SelectOption(value: $0.code, label: LocalizedText(ru: $0.nameRu, en: $0.nameEn).text(app.language)) }
    }

    @MainActor public func run(_ command: String, app: KiteApplication) -> Bool {
        switch command {
        case "app.deals": app.goToRoot { app in app.openDeals() }
        case "app.customers": app.goToRoot { app in app.openCustomers() }
        default: return false
        }
        return true
    }
}

/// A deal was saved or changed stage (LISTEN `deals`).
public struct DealChanged: ChangeEvent, Hashable {
    public var id: Int64
}
