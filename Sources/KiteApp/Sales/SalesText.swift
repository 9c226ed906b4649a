import KiteDomain

/// The sales module's user-facing texts: the deal list, the deal card with its stages,
/// lines and printing, the customer card.
enum SalesText: TextKey {
    // The deal list
    case dealershipChip
    case stageChip
    case chipAll
    case chipMine
    case chipExpiringToday
    case allDealerships
    case dealership
    case allStages
    case showStage
    case noDealNumbered
    case noticesTitle
    // The deal card: header and footer
    case newDealTitle
    case savedDeal
    case heldUntil
    case unpaidDue
    case partiallyPaid
    case paidInFull
    case overpaid
    case toRefund
    case cancelledBalance
    case carryTypedTitle
    case carryTyped
    case dropTyped
    case carriedOver
    case totalsNotComputed
    case manager
    case discountApprovedBy
    case vatOnMargin
    case vatAtRate
    case vehicleTotals
    case dealTotals
    case amountDueTotals
    case vehicleProfit
    // The deal card: stages, discount, printing
    case noFurtherStages
    case renewReservation
    case stagePickerTitle
    case cancelDealTitle
    case cancelReason
    case stageChanged
    case stageChangedUntil
    case confirmApproveDiscount
    case discountApproved
    case working
    case printTitle
    case printing
    case printed
    case pdfReady
    // The deal card: pickers and the line dialog
    case customerPickerTitle
    case vehiclePickerTitle
    case noVAT
    case lineKind
    case lineDescription
    case lineQuantity
    case lineUnitPrice
    case lineVATRate
    // The customer card
    case newCustomerTitle
    case savedCustomer
    case lookingForDuplicates
    case samePhone
    case samePassport
    case sameINN
    case thatIsThem
    case saveAsSeparateCustomer
    case similarCustomersExist
    case customerElsewhere
    case customerElsewhereNotShown

    var text: LocalizedText {
        switch self {
        case .dealershipChip: LocalizedText(ru: "Центр: {dealership}", en: "Dealership: {dealership}")
        case .stageChip: LocalizedText(ru: "Стадия: {stage}", en: "Stage: {stage}")
        case .chipAll: LocalizedText(ru: "все", en: "all")
        case .chipMine: LocalizedText(ru: "мои", en: "mine")
        case .chipExpiringToday: LocalizedText(ru: "резерв истекает сегодня", en: "reservation ends today")
        case .allDealerships: LocalizedText(ru: "Все центры", en: "All dealerships")
        case .dealership: LocalizedText(ru: "Дилерский центр", en: "Dealership")
        case .allStages: LocalizedText(ru: "Все стадии", en: "All stages")
        case .showStage: LocalizedText(ru: "Показать стадию", en: "Show stage")
        case .noDealNumbered: LocalizedText(ru: "Нет сделки с номером {number}", en: "No deal numbered {number}")
        case .noticesTitle: LocalizedText(ru: "Для вас", en: "For you")

        case .newDealTitle: LocalizedText(ru: "{title} · новая", en: "{title} · new")
        case .savedDeal: LocalizedText(ru: "Сохранено: сделка {number}", en: "Saved: deal {number}")
        case .heldUntil: LocalizedText(ru: "Резерв до {date}", en: "Held until {date}")
        case .unpaidDue: LocalizedText(ru: "Не оплачена, к оплате {due}", en: "Unpaid, due {due}")
        case .partiallyPaid:
            LocalizedText(ru: "Оплачено {paid} из {due}, остаток {outstanding}", en: "Paid {paid} of {due}, outstanding {outstanding}")
        case .paidInFull: LocalizedText(ru: "Оплачена полностью: {paid}", en: "Paid in full: {paid}")
        case .overpaid: LocalizedText(ru: "Переплата: оплачено {paid} из {due}", en: "Overpaid: paid {paid} of {due}")
        case .toRefund: LocalizedText(ru: "к возврату {amount}", en: "to refund {amount}")
        case .totalsNotComputed:
            LocalizedText(ru: "Итоги не посчитаны — исправьте: {problems}", en: "Totals not computed — fix: {problems}")
        case .carryTypedTitle:
            LocalizedText(ru: "Открыть клиента {name}: что делать с введённым?", en: "Open customer {name}: what about what you typed?")
        case .carryTyped: LocalizedText(ru: "Перенести в его карточку: {fields}", en: "Carry it to their card: {fields}")
        case .dropTyped: LocalizedText(ru: "Открыть без введённого ({fields} не сохранятся)", en: "Open without it ({fields} will not be kept)")
        case .carriedOver:
            LocalizedText(ru: "Введённое перенесено в карточку: проверьте и сохраните (F2)",
                          en: "What you typed is on the card: check it and save (F2)")
        case .cancelledBalance: LocalizedText(ru: "Сделка отменена, оплачено {paid}", en: "Deal cancelled, paid {paid}")
        case .manager: LocalizedText(ru: "Менеджер: {name}", en: "Manager: {name}")
        case .discountApprovedBy: LocalizedText(ru: "скидку согласовал {name}", en: "discount approved by {name}")
        case .vatOnMargin: LocalizedText(ru: "НДС с разницы", en: "VAT on margin")
        case .vatAtRate: LocalizedText(ru: "НДС {rate}", en: "VAT {rate}")
        case .vehicleTotals:
            LocalizedText(ru: "Автомобиль {price} · {vatLabel} {vat} · Доп. позиции {extras}",
                          en: "Vehicle {price} · {vatLabel} {vat} · Extras {extras}")
        case .dealTotals:
            LocalizedText(ru: "Итого {total} · в т. ч. НДС {vat} · Трейд-ин {tradeIn}",
                          en: "Total {total} · incl. VAT {vat} · Trade-in {tradeIn}")
        case .vehicleProfit:
            LocalizedText(ru: "Себестоимость авто {cost} · Прибыль с авто без НДС {profit}",
                          en: "Vehicle landed cost {cost} · Vehicle profit net of VAT {profit}")
        case .amountDueTotals:
            LocalizedText(ru: "К оплате {due} · Кредит {loan} · Клиент платит сам {ownPart}",
                          en: "Amount due {due} · Loan {loan} · Customer pays {ownPart}")

        case .noFurtherStages:
            LocalizedText(ru: "Сделка «{stage}»: дальше стадий нет", en: "The deal is '{stage}': no further stages")
        case .renewReservation: LocalizedText(ru: "Продлить резерв", en: "Renew the reservation")
        case .stagePickerTitle: LocalizedText(ru: "Стадия: {stage} → …", en: "Stage: {stage} → …")
        case .cancelDealTitle: LocalizedText(ru: "Отмена сделки", en: "Cancel the deal")
        case .cancelReason: LocalizedText(ru: "Причина", en: "Reason")
        case .stageChanged: LocalizedText(ru: "Сделка {number}: {stage}", en: "Deal {number}: {stage}")
        case .stageChangedUntil: LocalizedText(ru: "Сделка {number}: {stage} до {date}", en: "Deal {number}: {stage} until {date}")
        case .confirmApproveDiscount:
            LocalizedText(ru: "Согласовать скидку {amount} по сделке {number}?",
                          en: "Approve the discount of {amount} on deal {number}?")
        case .discountApproved: LocalizedText(ru: "Скидка согласована", en: "Discount approved")
        case .working: LocalizedText(ru: "Выполняется…", en: "Working…")
        case .printTitle: LocalizedText(ru: "Печать: {number}", en: "Print: {number}")
        case .printing: LocalizedText(ru: "Печать…", en: "Printing…")
        case .printed: LocalizedText(ru: "Готово: {path}", en: "Done: {path}")
        case .pdfReady: LocalizedText(ru: "PDF готов", en: "PDF ready")

        case .customerPickerTitle: LocalizedText(ru: "Клиент", en: "Customer")
        case .vehiclePickerTitle: LocalizedText(ru: "Автомобиль со склада", en: "Vehicle from stock")
        case .noVAT: LocalizedText(ru: "без НДС", en: "no VAT")
        case .lineKind: LocalizedText(ru: "Вид", en: "Kind")
        case .lineDescription: LocalizedText(ru: "Описание", en: "Description")
        case .lineQuantity: LocalizedText(ru: "Количество (1)", en: "Quantity (1)")
        case .lineUnitPrice: LocalizedText(ru: "Цена за ед. с НДС", en: "Unit price incl. VAT")
        case .lineVATRate: LocalizedText(ru: "Ставка НДС", en: "VAT rate")

        case .newCustomerTitle: LocalizedText(ru: "{title} · новый", en: "{title} · new")
        case .savedCustomer: LocalizedText(ru: "Клиент сохранён: {name}", en: "Customer saved: {name}")
        case .lookingForDuplicates: LocalizedText(ru: "Проверка дублей…", en: "Looking for duplicates…")
        case .samePhone: LocalizedText(ru: "тот же телефон", en: "same phone")
        case .samePassport: LocalizedText(ru: "тот же паспорт", en: "same passport")
        case .sameINN: LocalizedText(ru: "тот же ИНН", en: "same INN")
        case .thatIsThem: LocalizedText(ru: "Это он: {name} — {reasons}", en: "That's them: {name} — {reasons}")
        case .saveAsSeparateCustomer:
            LocalizedText(ru: "Нет, сохранить как отдельного клиента", en: "No, save as a separate customer")
        case .similarCustomersExist: LocalizedText(ru: "Похожие клиенты уже есть", en: "Similar customers exist")
        case .customerElsewhere:
            LocalizedText(ru: "Клиент ДЦ {dealership} — {reasons}", en: "A customer of {dealership} — {reasons}")
        case .customerElsewhereNotShown:
            LocalizedText(ru: "Клиент другого дилерского центра: его данные вам не показываются",
                          en: "A customer of another dealership: their details are not shown to you")
        }
    }
}
