import Foundation

/// The buyout rules' refusals (raised by the database's appraisal commands, migrations
/// 0030–0031), in the person's language, with the values the database names.
public enum AppraisalRefusalText: String, TextKey {
    case notFound = "appraisal_not_found"
    case dealership = "appraisal_dealership"
    case state = "appraisal_state"
    case stateRefused = "appraisal_state_refused"
    case frozen = "appraisal_frozen"
    case offerParts = "appraisal_offer_parts"
    case offerAmount = "appraisal_offer_amount"
    case offerReason = "appraisal_offer_reason"
    case offerExpired = "appraisal_offer_expired"
    case ownApproval = "appraisal_own_approval"
    case reasonRequired = "appraisal_reason_required"
    case checksBlock = "appraisal_checks_block"
    case vinInStock = "appraisal_vin_in_stock"
    case appraiserRole = "kite_appraiser_role"
    case seniorRole = "kite_senior_role"
    case buyerRole = "appraisal_buyer_role"
    /// kite-api's conflict rule: the phone answered an offer the back office has changed since.
    case offerChanged = "offer_changed"

    public var text: LocalizedText {
        switch self {
        case .notFound: LocalizedText(ru: "Оценка не найдена", en: "The appraisal was not found")
        case .dealership: LocalizedText(ru: "Нет такого дилерского центра среди ваших", en: "No such dealership of yours")
        case .state: LocalizedText(ru: "Предложение и состояние оценки меняются только её командами",
                                   en: "An appraisal's offer and state change only through its commands")
        case .stateRefused: LocalizedText(ru: "Оценка {number} — {state}: нельзя {action}", en: "Appraisal {number} is {state}: it cannot {action}")
        case .frozen: LocalizedText(ru: "Оценка {number} — {state}: описание автомобиля больше не меняется",
                                    en: "Appraisal {number} is {state}: the car as described no longer changes")
        case .offerParts: LocalizedText(ru: "Каждая часть расчёта — сумма не меньше нуля", en: "Every part of the offer is a sum not below zero")
        case .offerAmount: LocalizedText(ru: "Предложение должно быть больше нуля (по формуле {formula})",
                                         en: "The offer must be above zero (the formula gives {formula})")
        case .offerReason: LocalizedText(ru: "Предложение {amount} отличается от расчётного {formula}: укажите причину",
                                         en: "The offer {amount} differs from the formula's {formula}: give the reason")
        case .offerExpired: LocalizedText(ru: "Предложение по оценке {number} действовало до {valid_until}",
                                          en: "The offer of appraisal {number} was valid until {valid_until}")
        case .ownApproval: LocalizedText(ru: "Согласование запросил {login}: согласует другой старший сотрудник",
                                         en: "{login} asked for this approval: another senior approves it")
        case .reasonRequired: LocalizedText(ru: "Укажите причину отказа продавца", en: "Give the seller's reason for declining")
        case .checksBlock: LocalizedText(ru: "Выкуп невозможен: {reasons}", en: "The purchase is refused: {reasons}")
        case .vinInStock: LocalizedText(ru: "Автомобиль с VIN {vin} уже на складе ({stock_number})",
                                        en: "A car with VIN {vin} is already in stock ({stock_number})")
        case .appraiserRole: LocalizedText(ru: "Оценки ведут оценщики (роль kite_appraiser)",
                                           en: "Appraisals are kept by appraisers (role kite_appraiser)")
        case .seniorRole: LocalizedText(ru: "Согласует старший сотрудник (роль kite_senior)",
                                        en: "A senior approves (role kite_senior)")
        case .offerChanged: LocalizedText(ru: "Предложение изменилось, пока телефон был без связи (версия {current}, на телефоне {seen}): покажите продавцу новое предложение и запишите ответ заново",
                                          en: "The offer changed while the phone was offline (version {current}, the phone saw {seen}): show the seller the new offer and record the answer again")
        case .buyerRole: LocalizedText(ru: "Выкупает оценщик, оператор или администратор", en: "An appraiser, an operator or an admin buys")
        }
    }

    /// The verb of a refused state change, in the sentence's language.
    public static func action(_ action: String) -> LocalizedText {
        switch action {
        case "make an offer": LocalizedText(ru: "сделать предложение", en: "make an offer")
        case "be approved": LocalizedText(ru: "согласовать", en: "be approved")
        case "take the seller's answer": LocalizedText(ru: "принять ответ продавца", en: "take the seller's answer")
        case "be bought": LocalizedText(ru: "выкупить", en: "be bought")
        default: LocalizedText(ru: action, en: action)
        }
    }
}
