import Foundation
import KiteDomain
import KiteStore

/// Turns errors into sentences a sales manager understands: a store
/// `Refusal` says its own reason (plus what to do here, by its code); a
/// database error is named by its constraint.
public enum ErrorText {
    /// `vehicles_make_length` (migration 0016) → (`make`, 60), from `TextLimits`.
    static func lengthLimit(_ constraint: String) -> (column: String, limit: Int)? {
        guard constraint.hasSuffix("_length") else { return nil }
        let body = String(constraint.dropLast("_length".count))
        for (table, limits) in TextLimits.byTable where body.hasPrefix(table + "_") {
            let column = String(body.dropFirst(table.count + 1))
            if let limit = limits[column] { return (column, limit) }
        }
        return nil
    }

    public static func describe(_ error: any Error, language: Language) -> String {
        let ru = language == .ru
        if let refusal = error as? any Refusal {
            return refusal.localizedReason.text(language) + (hints[refusal.code].map { " " + $0.text(language) } ?? "")
        }
        guard let db = error as? DatabaseError else {
            return String(describing: error)
        }
        if let constraint = db.constraint, let sentence = constraints[constraint] {
            return sentence.text(language)
        }
        if db.sqlstate == "42501" {
            return ru ? "База данных отказала: вашей учётной записи БД это не разрешено (\(db.message))."
                      : "Refused by the database: your database login may not do this (\(db.message))."
        }
        switch (db.kind, db.constraint) {
        case (.uniqueViolation, let constraint?) where constraint.contains("stock_number"):
            return ru ? "Такой складской номер уже занят." : "This stock number is already taken."
        case (.checkViolation, let constraint?) where lengthLimit(constraint) != nil:
            let (column, limit) = lengthLimit(constraint)!
            return TransferText.textTooLong(language, ["field": column, "limit": String(limit)])
        case (.checkViolation, let constraint?):
            return ru ? "База отклонила значение (правило \(constraint))." : "The database refused a value (rule \(constraint))."
        case (.foreignKeyViolation, _):
            return ru ? "Ссылка на несуществующую запись (дилерский центр, площадка или тип)." : "A reference points to a record that does not exist."
        case (.connectionLost, _):
            return ru ? "Нет связи с базой данных: \(db.message)" : "No connection to the database: \(db.message)"
        default:
            return (ru ? "Ошибка базы данных: " : "Database error: ") + db.description
        }
    }

    /// What the person can do about a refusal, on the screens of this app.
    static let hints: [String: LocalizedText] = [
        "stale_write": LocalizedText(ru: "Ваши правки остались в форме; F5 — загрузить свежую версию.",
                                     en: "Your edits are still in the form; F5 loads the fresh version."),
    ]

    /// Database rules by constraint name (also the finance triggers' names).
    static let constraints: [String: LocalizedText] = [
        "vehicles_active_vin_key": LocalizedText(
            ru: "Автомобиль с этим VIN уже есть на складе (активный). Проверьте VIN или найдите его через /.",
            en: "A vehicle with this VIN is already in stock (active). Check the VIN or find it with /."),
        "customers_ogrn_record_type": LocalizedText(
            ru: "ОГРН: первая цифра — признак записи: 1 или 5 у организации (13 цифр), 3 у ИП (ОГРНИП, 15 цифр).",
            en: "OGRN: the first digit is the record type: 1 or 5 for a company (13 digits), 3 for a sole trader (OGRNIP, 15 digits)."),
        "customers_company_numbers": LocalizedText(
            ru: "Организация: ИНН из 10 цифр, ОГРН из 13 цифр, начинается с 1 или 5.",
            en: "A company: a 10-digit INN and a 13-digit OGRN starting with 1 or 5."),
        "customers_sole_trader_numbers": LocalizedText(
            ru: "ИП: ИНН из 12 цифр, ОГРНИП из 15 цифр, начинается с 3; КПП у ИП нет.",
            en: "A sole trader: a 12-digit INN, a 15-digit OGRNIP starting with 3, and no KPP."),
        "deals_one_active_per_vehicle": LocalizedText(
            ru: "Этот автомобиль уже в другой активной сделке.", en: "This vehicle is already in another active deal."),
        "kite_finance_role": LocalizedText(
            ru: "База отказала: ваша учётная запись БД не входит в роль kite_finance (подтверждать, сторнировать и закрывать кассу может только финансист).",
            en: "Refused by the database: your database login is not in the kite_finance role (only finance may confirm, reverse and close the cash day)."),
        "payments_cancel_role": LocalizedText(
            ru: "База отказала: отменить платёж может только учётная запись БД, которая его ввела, или роль kite_finance.",
            en: "Refused by the database: only the database login that entered the payment or a member of kite_finance may cancel it."),
        "payments_cancelled_final": LocalizedText(
            ru: "Отменённый платёж не меняется: его нельзя править, подтвердить, сторнировать или отменить ещё раз.",
            en: "A cancelled payment never changes: it cannot be edited, confirmed, reversed or cancelled again."),
        "payments_cancel_only": cancelShape, "payments_cancelled_shape": cancelShape,
        "payments_cash_day_closed": LocalizedText(
            ru: "Кассовый день закрыт: наличные за этот день менять нельзя; исправление — сторно следующим открытым днём.",
            en: "The cash day is closed: its cash entries are locked; correct it with a reversal on the next open day."),
        "payments_immutable": confirmedFinal, "payments_never_deleted": confirmedFinal,
        "payments_trade_in_credit": LocalizedText(
            ru: "Зачёт трейд-ин больше, чем зачёт по сделке (trade-in credit).", en: "The trade-in offset exceeds the deal's trade-in credit."),
        "payments_deal_required": LocalizedText(
            ru: "Сделка: обязательна для этого вида платежа.", en: "Deal: required for this kind of payment."),
        "payments_deal_open": LocalizedText(
            ru: "Сделка отменена или закрыта: платежей по ней больше не принимают, кроме возврата.",
            en: "The deal is cancelled or closed: it takes no more payments, only a refund."),
        "cash_days_not_future": LocalizedText(
            ru: "Кассовый день ещё не наступил: закрыть можно только сегодняшний или прошедший день.",
            en: "The cash day has not come yet: only today or a past day can be closed."),
        "cash_days_reopen_in_order": LocalizedText(
            ru: "Закрыт более поздний кассовый день: откройте сначала его.",
            en: "A later cash day is closed: reopen that one first."),
        "cash_days_reopen_reason": LocalizedText(
            ru: "Причина: обязательна, чтобы снова открыть кассовый день.", en: "Reason: required to reopen a cash day."),
        "cash_days_immutable": LocalizedText(
            ru: "Закрытый кассовый день не меняется: его можно только открыть снова с причиной.",
            en: "A closed cash day never changes: it can only be reopened with a reason."),
        "deals_vehicle_status": LocalizedText(
            ru: "Стадия сделки и статус её автомобиля расходятся: их меняют вместе только команды стадии сделки (F9).",
            en: "The deal's stage and its vehicle's status disagree: only the deal's stage commands (F9) change them together."),
        "payments_counterparty_required": LocalizedText(
            ru: "Контрагент: укажите плательщика или получателя, если нет сделки.", en: "Counterparty: name the payer or payee when there is no deal."),
    ]

    private static let cancelShape = LocalizedText(
        ru: "Отмена платежа меняет только его состояние, кто, когда и почему (причина обязательна).",
        en: "Cancelling a payment changes only its state, who, when and why (a reason is required).")

    private static let confirmedFinal = LocalizedText(
        ru: "Подтверждённый платёж не меняется и не удаляется: его можно только сторнировать.",
        en: "A confirmed payment is never edited or deleted: reverse it instead.")
}
