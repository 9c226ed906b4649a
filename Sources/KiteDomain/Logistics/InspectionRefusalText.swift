import Foundation

/// The inspection and claim rules' refusals (raised by the database's commands, migration
/// 0026), in the person's language, with the values the database names.
public enum InspectionRefusalText: String, TextKey {
    case inspectionKind = "inspection_kind"
    case inspectionNotOnTrip = "inspection_not_on_trip"
    case inspectionStage = "inspection_stage"
    case inspectionNotDelivered = "inspection_not_delivered"
    case inspectionExists = "inspection_exists"
    case inspectionPickupMissing = "inspection_pickup_missing"
    case inspectionAbsentReason = "inspection_absent_reason"
    case inspectionSigner = "inspection_signer"
    case inspectionDamages = "inspection_damages"
    case inspectionDamageTwice = "inspection_damage_twice"
    case inspectionsOnePerKind = "inspections_one_per_kind"
    case claimNotFound = "claim_not_found"
    case claimClosed = "claim_closed"
    case claimAmount = "claim_amount"
    case claimAmountRequired = "claim_amount_required"
    case claimReasonRequired = "claim_reason_required"

    public var text: LocalizedText {
        switch self {
        case .inspectionKind: LocalizedText(ru: "Осмотр бывает при погрузке или при выгрузке", en: "An inspection is at pickup or at delivery")
        case .inspectionNotOnTrip: LocalizedText(ru: "Автомобиля {stock_number} нет в рейсе {number}", en: "Vehicle {stock_number} is not on trip {number}")
        case .inspectionStage: LocalizedText(ru: "Рейс {number} {stage}: осмотр {kind} сейчас не записать",
                                             en: "Trip {number} is {stage}: no inspection {kind} now")
        case .inspectionNotDelivered: LocalizedText(ru: "Автомобиль {stock_number} ещё не ехал рейсом {number}: осмотр при выгрузке рано",
                                                    en: "Vehicle {stock_number} has not travelled on trip {number} yet: too early for the delivery inspection")
        case .inspectionExists: LocalizedText(ru: "У автомобиля {stock_number} уже есть осмотр {kind} в рейсе {number}",
                                              en: "Vehicle {stock_number} already has its inspection {kind} on trip {number}")
        case .inspectionPickupMissing: LocalizedText(ru: "У автомобиля {stock_number} нет осмотра при погрузке в рейсе {number}: сначала запишите его",
                                                     en: "Vehicle {stock_number} has no pickup inspection on trip {number}: record it first")
        case .inspectionAbsentReason: LocalizedText(ru: "Получатель отсутствует: укажите причину", en: "Recipient absent: give the reason")
        case .inspectionSigner: LocalizedText(ru: "Укажите, кто подписал, или отметьте «Получатель отсутствует» с причиной",
                                              en: "Name who signed, or mark “Recipient absent” with the reason")
        case .inspectionDamages: LocalizedText(ru: "Повреждения переданы не списком", en: "The damages are not a list")
        case .inspectionDamageTwice: LocalizedText(ru: "Зона и вид {code} указаны дважды: оставьте одну строку с наибольшей степенью",
                                                   en: "Area and type {code} are listed twice: keep one row with the highest severity")
        case .inspectionsOnePerKind: LocalizedText(ru: "Этот осмотр уже записан", en: "This inspection is recorded already")
        case .claimNotFound: LocalizedText(ru: "Претензия не найдена", en: "The claim was not found")
        case .claimClosed: LocalizedText(ru: "Претензия № {id} {state}: {action} нельзя", en: "Claim No. {id} is {state}: it cannot {action}")
        case .claimAmount: LocalizedText(ru: "Сумма претензии: не меньше нуля", en: "Claim amount: not below zero")
        case .claimAmountRequired: LocalizedText(ru: "У претензии № {id} нет суммы: сначала укажите, сколько платит перевозчик",
                                                 en: "Claim No. {id} has no amount: set what the carrier pays first")
        case .claimReasonRequired: LocalizedText(ru: "Укажите причину", en: "Give the reason")
        }
    }

    /// What `claim_lock_open` was asked to do, for «{action} нельзя».
    public static func action(_ code: String) -> LocalizedText {
        switch code {
        case "change": LocalizedText(ru: "изменить", en: "change")
        case "be settled": LocalizedText(ru: "урегулировать", en: "be settled")
        case "be rejected": LocalizedText(ru: "отклонить", en: "be rejected")
        default: LocalizedText(ru: code, en: code)
        }
    }
}
