import KiteDomain

/// The finance module's user-facing texts: payments (card, confirming, reversing,
/// cancelling), the payment journal's filters, the cash day and receivables.
/// (`FinanceText` is the module's formatting helpers and error sentences, kept apart.)
enum FinanceTexts: TextKey {
    // Shared by the finance screens
    case financeOnly
    case dealership
    case all
    case total
    case exported
    // Confirming, reversing, cancelling
    case alreadyInState
    case confirmPayment
    case confirmedPayment
    case onlyConfirmedCanBeReversed
    case reversalReasonMissing
    case confirmReverse
    case reversedPayment
    case onlyPendingCanBeCancelled
    case onlyAuthorOrFinanceCancels
    case cancelPaymentTitle
    case cancelReason
    case confirmCancel
    case cancelledPayment
    // The payment card
    case newPaymentTitle
    case reversalOf
    case savedPayment
    case noDealPicked
    case enteredBy
    case confirmedBy
    case reversedBy
    case cancelledBy
    case cancelledCountsNowhere
    case linkedReversal
    case reversesPayment
    case dealPickerTitle
    case dealOutstanding
    // The payment journal
    case periodChip
    case allDealershipsChip
    case dealChip
    case period
    case dealFilter
    case method
    case direction
    case state
    case clearAllFilters
    case filter
    case anotherPeriod
    case anotherDeal
    case allDeals
    case deal
    case allDealerships
    case periodFrom
    case periodTo
    case exportedPayments
    // The cash day
    case noPaymentsBehindTotal
    case noDealership
    case dayAlreadyClosed
    case confirmCloseDay
    case dayClosed
    case cashDayHeader
    case dayStateClosed
    case dayStateOpen
    case dayStateClosedWith
    case dayNotYet
    case reopenDayTitle
    case reopenReason
    case reopenReasonMissing
    case confirmReopenDay
    case dayReopened
    case dayNotClosed
    case dayClosedWithLater
    case laterDayClosed
    case cashDeskBalances
    case incoming
    case outgoing
    case rowCount
    case pendingNotInTotals
    case paymentsOfCell
    // Receivables
    case nothingOwed
    case manager
    case asOf
    case receivablesTotal

    var text: LocalizedText {
        switch self {
        case .financeOnly:
            LocalizedText(ru: "Только для финансиста: подтверждать, сторнировать и закрывать кассу может роль «финансы»",
                          en: "Finance only: confirming, reversing and closing the cash day need the finance role")
        case .dealership: LocalizedText(ru: "Дилерский центр", en: "Dealership")
        case .all: LocalizedText(ru: "Все", en: "All")
        case .total: LocalizedText(ru: "Итого", en: "Total")
        case .exported: LocalizedText(ru: "Выгружено: {path}", en: "Exported: {path}")

        case .alreadyInState: LocalizedText(ru: "Платёж №{id} уже {state}", en: "Payment #{id} is already {state}")
        case .confirmPayment:
            LocalizedText(ru: "Подтвердить платёж №{id} на {amount} ({method})?", en: "Confirm payment #{id} of {amount} ({method})?")
        case .confirmedPayment: LocalizedText(ru: "Подтверждён платёж №{id}", en: "Confirmed payment #{id}")
        case .onlyConfirmedCanBeReversed:
            LocalizedText(ru: "Сторнировать можно только подтверждённый платёж (не сторно)",
                          en: "Only a confirmed payment (not a reversal) can be reversed")
        case .reversalReasonMissing:
            LocalizedText(ru: "Укажите причину сторно в поле «Причина сторно»", en: "Type the reason in “Reversal reason” first")
        case .confirmReverse: LocalizedText(ru: "Сторнировать платёж №{id} на {amount}?", en: "Reverse payment #{id} of {amount}?")
        case .reversedPayment:
            LocalizedText(ru: "Сторнирован: платёж №{id}, сторно №{reversal} от {date}",
                          en: "Reversed: payment #{id}, reversal #{reversal} dated {date}")
        case .onlyPendingCanBeCancelled:
            LocalizedText(ru: "Платёж №{id} {state}: отменить можно только ожидающий подтверждения",
                          en: "Payment #{id} is {state}: only a pending payment can be cancelled")
        case .onlyAuthorOrFinanceCancels:
            LocalizedText(ru: "Отменить платёж может только тот, кто его ввёл ({author}), или финансист",
                          en: "Only the person who entered the payment ({author}) or finance may cancel it")
        case .cancelPaymentTitle: LocalizedText(ru: "Отмена платежа №{id}", en: "Cancel payment #{id}")
        case .cancelReason: LocalizedText(ru: "Причина отмены", en: "Cancel reason")
        case .confirmCancel:
            LocalizedText(ru: "Отменить платёж №{id} на {amount}? Он останется в журнале и нигде не будет считаться.",
                          en: "Cancel payment #{id} of {amount}? It stays in the journal and counts nowhere.")
        case .cancelledPayment: LocalizedText(ru: "Отменён платёж №{id}", en: "Cancelled payment #{id}")

        case .newPaymentTitle: LocalizedText(ru: "{title} · новый", en: "{title} · new")
        case .reversalOf: LocalizedText(ru: "сторно №{id}", en: "reversal of #{id}")
        case .savedPayment:
            LocalizedText(ru: "Сохранён платёж №{id} · {amount} · ожидает подтверждения", en: "Saved payment #{id} · {amount} · pending")
        case .noDealPicked: LocalizedText(ru: "Сделка не выбрана: F3 — найти «{text}»", en: "No deal picked: F3 finds “{text}”")
        case .enteredBy: LocalizedText(ru: "Ввёл {name} {time}", en: "Entered by {name} {time}")
        case .confirmedBy: LocalizedText(ru: "подтвердил {name} {time}", en: "confirmed by {name} {time}")
        case .reversedBy: LocalizedText(ru: "сторнировал {name} {time}", en: "reversed by {name} {time}")
        case .cancelledBy: LocalizedText(ru: "отменил {name} {time}", en: "cancelled by {name} {time}")
        case .cancelledCountsNowhere:
            LocalizedText(ru: "Отменён: {reason} · не учитывается нигде", en: "Cancelled: {reason} · counts nowhere")
        case .linkedReversal:
            LocalizedText(ru: "Сторно №{id} от {date}: {amount} · причина: {reason}",
                          en: "Reversal #{id} of {date}: {amount} · reason: {reason}")
        case .reversesPayment:
            LocalizedText(ru: "Сторнирует платёж №{id} от {date} на {amount}", en: "Reverses payment #{id} of {date}, {amount}")
        case .dealPickerTitle: LocalizedText(ru: "Сделка (номер или клиент)", en: "Deal (number or customer)")
        case .dealOutstanding: LocalizedText(ru: "остаток {amount}", en: "due {amount}")

        case .periodChip: LocalizedText(ru: "Период: {period}", en: "Period: {period}")
        case .allDealershipsChip: LocalizedText(ru: "все ДЦ", en: "all dealerships")
        case .dealChip: LocalizedText(ru: "сделка {deal}", en: "deal {deal}")
        case .period: LocalizedText(ru: "Период", en: "Period")
        case .dealFilter: LocalizedText(ru: "Сделка (номер или клиент)…", en: "Deal (number or customer)…")
        case .method: LocalizedText(ru: "Способ", en: "Method")
        case .direction: LocalizedText(ru: "Направление", en: "Direction")
        case .state: LocalizedText(ru: "Состояние", en: "State")
        case .clearAllFilters: LocalizedText(ru: "Сбросить все фильтры", en: "Clear all filters")
        case .filter: LocalizedText(ru: "Фильтр", en: "Filter")
        case .anotherPeriod: LocalizedText(ru: "другой период…", en: "another period…")
        case .anotherDeal: LocalizedText(ru: "Другая сделка…", en: "Another deal…")
        case .allDeals: LocalizedText(ru: "Все сделки", en: "All deals")
        case .deal: LocalizedText(ru: "Сделка", en: "Deal")
        case .allDealerships: LocalizedText(ru: "Все дилерские центры", en: "All dealerships")
        case .periodFrom: LocalizedText(ru: "С (ДД.ММ.ГГГГ)", en: "From (DD.MM.YYYY)")
        case .periodTo: LocalizedText(ru: "По (ДД.ММ.ГГГГ)", en: "To (DD.MM.YYYY)")
        case .exportedPayments: LocalizedText(ru: "Выгружено платежей: {count} → {path}", en: "Exported {count} payment(s) → {path}")

        case .noPaymentsBehindTotal:
            LocalizedText(ru: "За этим итогом нет подтверждённых платежей", en: "No confirmed payments behind this total")
        case .noDealership: LocalizedText(ru: "Нет дилерского центра", en: "No dealership")
        case .dayAlreadyClosed: LocalizedText(ru: "День уже закрыт", en: "The day is already closed")
        case .confirmCloseDay:
            LocalizedText(ru: "Закрыть кассовый день {day} ({dealership})? Наличные этого дня больше не изменить.",
                          en: "Close the cash day {day} ({dealership})? Its cash entries will be locked.")
        case .dayClosed: LocalizedText(ru: "Кассовый день закрыт, остаток {balance}", en: "Cash day closed, balance {balance}")
        case .cashDayHeader: LocalizedText(ru: "Дилерский центр: {dealership} · День: {day}", en: "Dealership: {dealership} · Day: {day}")
        case .dayStateClosed: LocalizedText(ru: "закрыт ({name} {time})", en: "closed ({name} {time})")
        case .dayStateOpen: LocalizedText(ru: "открыт", en: "open")
        case .dayStateClosedWith: LocalizedText(ru: "закрыт вместе с {day}", en: "closed with {day}")
        case .dayNotYet:
            LocalizedText(ru: "День {day} ещё не наступил (сегодня {today}): закрыть можно сегодняшний или прошедший день",
                          en: "Day {day} has not come yet (today is {today}): only today or a past day can be closed")
        case .reopenDayTitle: LocalizedText(ru: "Открыть кассовый день {day} снова", en: "Reopen cash day {day}")
        case .reopenReason: LocalizedText(ru: "Причина", en: "Reason")
        case .reopenReasonMissing: LocalizedText(ru: "Причина: обязательное поле", en: "Reason: required")
        case .confirmReopenDay:
            LocalizedText(ru: "Открыть кассовый день {day} ({dealership}) снова? Его наличные снова можно будет менять.",
                          en: "Reopen cash day {day} ({dealership})? Its cash entries can change again.")
        case .dayReopened: LocalizedText(ru: "Кассовый день {day} снова открыт", en: "Cash day {day} is open again")
        case .dayNotClosed: LocalizedText(ru: "День {day} не закрыт: открывать нечего", en: "Day {day} is not closed: nothing to reopen")
        case .dayClosedWithLater:
            LocalizedText(ru: "День {day} закрыт вместе с {last}: откройте сначала {last}",
                          en: "Day {day} was closed with {last}: reopen {last} first")
        case .laterDayClosed:
            LocalizedText(ru: "Закрыт более поздний день {last}: откройте сначала его",
                          en: "The later day {last} is closed: reopen it first")
        case .cashDeskBalances:
            LocalizedText(ru: "Касса (наличные): на начало {opening} · на конец {closing}",
                          en: "Cash desk: opening {opening} · closing {closing}")
        case .incoming: LocalizedText(ru: "Поступления", en: "Incoming")
        case .outgoing: LocalizedText(ru: "Выплаты", en: "Outgoing")
        case .rowCount: LocalizedText(ru: "Зап.", en: "Rows")
        case .pendingNotInTotals:
            LocalizedText(ru: "Ожидают подтверждения: {count} на {amount} (не в итогах)",
                          en: "Waiting for confirmation: {count}, {amount} (not in the totals)")
        case .paymentsOfCell:
            LocalizedText(ru: "Платежи: {method} · {direction} (←/→ поступления/выплаты)",
                          en: "Payments: {method} · {direction} (←/→ incoming/outgoing)")

        case .nothingOwed: LocalizedText(ru: "Задолженности нет", en: "Nothing is owed")
        case .manager: LocalizedText(ru: "Менеджер", en: "Manager")
        case .asOf: LocalizedText(ru: "На {date}", en: "As of {date}")
        case .receivablesTotal: LocalizedText(ru: "всего {amount}", en: "total {amount}")
        }
    }
}
