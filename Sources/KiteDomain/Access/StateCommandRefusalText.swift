import Foundation

/// The refusals of the database's state commands (migration 0037: confirming,
/// cancelling and reversing a payment, closing and reopening a cash day,
/// approving a discount, moving a deal, changing a dealership's settings; 0041: the
/// contract gate; 0042: a car's status by hand), in the person's language, with the
/// values the database names.
public enum StateCommandRefusalText: String, TextKey {
    case financeRole = "kite_finance_role"
    case salesRole = "kite_sales_role"
    case seniorRole = "kite_senior_role"
    case adminRole = "kite_admin_role"
    case cancelRole = "payments_cancel_role"
    case cancelReason = "payments_cancel_reason"
    case paymentNotFound = "payment_not_found"
    case paymentNotReversible = "payment_not_reversible"
    case reverseReason = "payment_reverse_reason"
    case dealNotFound = "deal_not_found"
    case dealershipNotFound = "dealership_not_found"
    case dealDiscountOwn = "deal_discount_own"
    case dealStagePath = "deals_stage_path"
    case dealCancelReason = "deal_cancel_reason"
    case dealVehicleUnavailable = "deal_vehicle_unavailable"
    case dealCustomerIncomplete = "deal_customer_incomplete"
    case dealChecksBlock = "deal_checks_block"
    case dealDiscountWithinLimit = "deal_discount_within_limit"
    case stockRole = "kite_stock_role"
    case vehicleNotFound = "vehicle_not_found"
    case vehicleStatusPath = "vehicle_status_path"
    case vehicleStatusDeal = "vehicle_status_deal"

    public var text: LocalizedText {
        switch self {
        case .financeRole:
            LocalizedText(ru: "База отказала: {action} может только финансист (роль kite_finance)",
                          en: "Refused by the database: only finance (the kite_finance role) may {action}")
        case .salesRole:
            LocalizedText(ru: "База отказала: {action} может только менеджер или оператор (роли kite_manager, kite_operator)",
                          en: "Refused by the database: only a manager or an operator (kite_manager, kite_operator) may {action}")
        case .seniorRole:
            LocalizedText(ru: "База отказала: согласовать скидку может только руководитель (роль kite_senior), от своего имени",
                          en: "Refused by the database: only a senior (the kite_senior role) approves a discount, in their own name")
        case .adminRole:
            LocalizedText(ru: "База отказала: {action} может только администратор (роль kite_admin)",
                          en: "Refused by the database: only an admin (the kite_admin role) may {action}")
        case .cancelRole:
            LocalizedText(ru: "База отказала: отменить платёж №{id} может только тот, кто его ввёл, или финансист",
                          en: "Refused by the database: only the login that entered payment #{id} or finance may cancel it")
        case .cancelReason:
            LocalizedText(ru: "Причина: обязательна, чтобы отменить платёж", en: "Reason: required to cancel a payment")
        case .paymentNotFound:
            LocalizedText(ru: "Платёж не найден", en: "The payment was not found")
        case .paymentNotReversible:
            LocalizedText(ru: "Платёж №{id} не сторнируется: сторнируют только подтверждённый платёж, не сторно",
                          en: "Payment #{id} cannot be reversed: only a confirmed payment that is not a reversal is")
        case .reverseReason:
            LocalizedText(ru: "Причина: обязательна для сторно", en: "Reason: required for a reversal")
        case .dealNotFound:
            LocalizedText(ru: "Сделка не найдена", en: "The deal was not found")
        case .dealershipNotFound:
            LocalizedText(ru: "Дилерский центр не найден", en: "The dealership was not found")
        case .dealDiscountOwn:
            LocalizedText(ru: "Скидку по сделке {number} запросили вы: согласовать её должен другой руководитель",
                          en: "You asked for the discount of deal {number}: another senior must approve it")
        case .dealStagePath:
            LocalizedText(ru: "Сделка {number} не переходит из стадии «{from}» в «{to}»",
                          en: "Deal {number} cannot move from '{from}' to '{to}'")
        case .dealCancelReason:
            LocalizedText(ru: "Укажите причину отмены", en: "Give the reason for cancelling")
        case .dealVehicleUnavailable:
            LocalizedText(ru: "Автомобиль {stock_number} сейчас в статусе «{status}»: сделка не может его перевести в «{to}»",
                          en: "Vehicle {stock_number} is now '{status}': the deal cannot move it to '{to}'")
        case .dealCustomerIncomplete:
            LocalizedText(ru: "Нельзя заключить договор: не заполнены данные клиента ({missing})",
                          en: "Cannot sign the contract: the customer's data is incomplete ({missing})")
        case .dealChecksBlock:
            LocalizedText(ru: "Нельзя заключить договор: {reasons}", en: "Cannot sign the contract: {reasons}")
        case .dealDiscountWithinLimit:
            LocalizedText(ru: "Скидка {discount} в пределах лимита {limit}: согласование не нужно",
                          en: "The discount of {discount} is within the limit of {limit}: no approval needed")
        case .stockRole:
            LocalizedText(ru: "База отказала: {action} может только оператор, менеджер, логист или оценщик (роли kite_operator, kite_manager, kite_logistics, kite_appraiser)",
                          en: "Refused by the database: only an operator, a manager, logistics or an appraiser (kite_operator, kite_manager, kite_logistics, kite_appraiser) may {action}")
        case .vehicleNotFound:
            LocalizedText(ru: "Автомобиль не найден", en: "The vehicle was not found")
        case .vehicleStatusPath:
            LocalizedText(ru: "Автомобиль {stock_number} не переводится вручную из «{status}» в «{target_status}»",
                          en: "Vehicle {stock_number} cannot be changed by hand from '{status}' to '{target_status}'")
        case .vehicleStatusDeal:
            LocalizedText(ru: "Резерв, продажа и выдача идут через сделку: автомобиль {stock_number} не переводится в «{target_status}» вручную",
                          en: "Reserving, selling and handing over go through a deal: vehicle {stock_number} is not set to '{target_status}' by hand")
        }
    }

    /// The action a role refusal names, in both languages.
    public static func action(_ code: String) -> LocalizedText {
        switch code {
        case "confirm": LocalizedText(ru: "подтверждать платежи", en: "confirm payments")
        case "reverse": LocalizedText(ru: "сторнировать платежи", en: "reverse payments")
        case "close_day": LocalizedText(ru: "закрывать кассовый день", en: "close the cash day")
        case "reopen_day": LocalizedText(ru: "открывать кассовый день снова", en: "reopen a cash day")
        case "move_deal": LocalizedText(ru: "менять стадию сделки", en: "move a deal's stage")
        case "change_settings": LocalizedText(ru: "менять настройки дилерского центра", en: "change a dealership's settings")
        case "approve_discount": LocalizedText(ru: "согласовывать скидки", en: "approve discounts")
        case "retry_job": LocalizedText(ru: "перезапускать задания", en: "retry jobs")
        case "cancel_job": LocalizedText(ru: "отменять задания", en: "cancel jobs")
        case "change_status": LocalizedText(ru: "менять статус автомобиля", en: "change a vehicle's status")
        default: LocalizedText(ru: code, en: code)
        }
    }
}
