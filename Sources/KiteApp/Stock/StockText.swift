import KiteDomain

/// The stock module's user-facing texts: the stock list, the vehicle card, status changes
/// and the `kite vin` report.
enum StockText: TextKey {
    // The stock list
    case statusChip
    case anyStatus
    case arrivedBeforeChip
    case agedTile
    case stockGroup
    case allStatuses
    case showStatus
    case notAvailableForDeal
    // Status changes
    case statusPickerTitle
    case confirmStatusChange
    case statusChanged
    // The vehicle card
    case newVehicleTitle
    case savedVehicle
    // The vehicle card: the landed cost (cost ledger)
    case landedCostSummary
    case landedCostLatest
    case costLine
    case costSourceVehicle
    case costSourceTrip
    case costSourceInvoice
    case costReversal
    case costPending
    case costLineKept
    // The `kite vin` report
    case vinValid
    case vinInvalid
    case vinManufacturer
    case vinCountry
    case vinRegion
    case vinCheckDigit
    case vinCheckDigitCorrect
    case vinCheckDigitExpected
    case vinModelYear
    case vinIssueError
    case vinIssueWarning

    var text: LocalizedText {
        switch self {
        case .statusChip: LocalizedText(ru: "Статус: {status}", en: "Status: {status}")
        case .anyStatus: LocalizedText(ru: "все", en: "all")
        case .arrivedBeforeChip: LocalizedText(ru: "прибыли до {date}", en: "arrived before {date}")
        case .agedTile: LocalizedText(ru: "Стоят больше 90 дней", en: "In stock over 90 days")
        case .stockGroup: LocalizedText(ru: "Склад", en: "Stock")
        case .allStatuses: LocalizedText(ru: "Все статусы", en: "All statuses")
        case .showStatus: LocalizedText(ru: "Показать статус", en: "Show status")
        case .notAvailableForDeal:
            LocalizedText(ru: "Этот автомобиль недоступен для сделки (статус «{status}»)",
                          en: "This vehicle is not available for a deal (status '{status}')")
        case .statusPickerTitle: LocalizedText(ru: "Статус: {status} →", en: "Status: {status} →")
        case .confirmStatusChange:
            LocalizedText(ru: "Перевести автомобиль из «{from}» в «{to}»?",
                          en: "Move the vehicle from “{from}” to “{to}”?")
        case .statusChanged:
            LocalizedText(ru: "Статус изменён: {stockNumber} → {status}", en: "Status changed: {stockNumber} → {status}")
        case .newVehicleTitle: LocalizedText(ru: "{title} · новый", en: "{title} · new")
        case .savedVehicle:
            LocalizedText(ru: "Сохранено: {stockNumber} · {make} {model}", en: "Saved: {stockNumber} · {make} {model}")
        case .landedCostSummary: LocalizedText(ru: "Себестоимость {total} ({parts})", en: "Landed cost {total} ({parts})")
        case .landedCostLatest: LocalizedText(ru: "последние {shown} из {count} строк", en: "latest {shown} of {count} lines")
        case .costLine: LocalizedText(ru: "{date}  {kind} {amount}  {source}", en: "{date}  {kind} {amount}  {source}")
        case .costSourceVehicle: LocalizedText(ru: "закупочная цена", en: "purchase cost")
        case .costSourceTrip: LocalizedText(ru: "рейс {number}", en: "trip {number}")
        case .costSourceInvoice: LocalizedText(ru: "счёт перевозчика, рейс {number}", en: "carrier invoice, trip {number}")
        case .costReversal: LocalizedText(ru: "сторно: {source}", en: "reversal: {source}")
        case .costPending: LocalizedText(ru: "к записи", en: "to save")
        case .costLineKept: LocalizedText(ru: "Строка учёта не удаляется: добавьте исправление (F3) с суммой со знаком минус",
                                          en: "A ledger line is never deleted: add a correction (F3) with a negative amount")
        case .vinValid: LocalizedText(ru: "корректен", en: "valid")
        case .vinInvalid: LocalizedText(ru: "ОШИБКА", en: "INVALID")
        case .vinManufacturer: LocalizedText(ru: "Изготовитель", en: "Manufacturer")
        case .vinCountry: LocalizedText(ru: "Страна", en: "Country")
        case .vinRegion: LocalizedText(ru: "Регион", en: "Region")
        case .vinCheckDigit: LocalizedText(ru: "Контрольная цифра", en: "Check digit")
        case .vinCheckDigitCorrect: LocalizedText(ru: "{digit} (верна)", en: "{digit} (correct)")
        case .vinCheckDigitExpected: LocalizedText(ru: "{digit} (ожидалась {expected})", en: "{digit} (expected {expected})")
        case .vinModelYear: LocalizedText(ru: "Модельный год", en: "Model year")
        case .vinIssueError: LocalizedText(ru: "ошибка", en: "error")
        case .vinIssueWarning: LocalizedText(ru: "предупреждение", en: "warning")
        }
    }
}
