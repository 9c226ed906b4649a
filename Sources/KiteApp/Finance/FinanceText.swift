import Foundation
import KiteDomain
import KiteStore

/// Small formatting helpers of the finance screens.
enum FinanceText {
    /// `24.11.2026 15:04` in the books' time zone (Moscow).
    static func moment(_ date: Date?) -> String {
        guard let date else { return "" }
        let seconds = Int(floor(date.timeIntervalSince1970)) + BookDay.timeZone.secondsFromGMT(for: date)
        let minuteOfDay = ((seconds % 86_400) + 86_400) % 86_400 / 60
        return CivilDate(date, timeZone: BookDay.timeZone).russianText
            + String(format: " %02d:%02d", minuteOfDay / 60, minuteOfDay % 60)
    }

    /// Amount with its sign: a reversal shows as `−250 000 ₽`.
    static func amount(_ money: Money, _ language: Language) -> String {
        money.formatted(language)
    }

    /// "Сделка MSK-2026-000001 · Петров П. П. · к оплате … · оплачено … · остаток … · частично".
    static func balanceLine(number: String, customer: String, balance: DealBalance, language: Language) -> String {
        let ru = language == .ru
        var parts = [(ru ? "Сделка " : "Deal ") + number]
        if !customer.isEmpty { parts.append(customer) }
        parts.append((ru ? "к оплате\u{00A0}" : "due ") + balance.due.formatted(language))
        parts.append((ru ? "оплачено\u{00A0}" : "paid ") + balance.paid.formatted(language))
        if balance.state == .overpaid {
            parts.append((ru ? "переплата\u{00A0}" : "overpaid ") + balance.overpayment.formatted(language)
                         + (ru ? " — к возврату" : " — refund due"))
        } else {
            parts.append((ru ? "остаток\u{00A0}" : "outstanding ") + balance.outstanding.formatted(language))
            parts.append(balance.state.label.text(language))
        }
        if balance.tradeInOffset != .zero {
            parts.append((ru ? "трейд-ин зачтён\u{00A0}" : "trade-in offset ") + balance.tradeInOffset.formatted(language))
        }
        return parts.joined(separator: " · ")
    }

    /// Finance errors first (refusals, the role check, closed days), then the app's general sentences.
    static func describe(_ error: any Error, language: Language) -> String {
        let ru = language == .ru
        if let refusal = error as? FinanceRefusal { return refusal.message.text(language) }
        if let db = error as? DatabaseError {
            switch db.constraint {
            case "kite_finance_role"?:
                return ru ? "База отказала: ваша учётная запись БД не входит в роль kite_finance (подтверждать, сторнировать и закрывать кассу может только финансист)."
                          : "Refused by the database: your database login is not in the kite_finance role (only finance may confirm, reverse and close the cash day)."
            case "payments_cancel_role"?:
                return ru ? "База отказала: отменить платёж может только учётная запись БД, которая его ввела, или роль kite_finance."
                          : "Refused by the database: only the database login that entered the payment or a member of kite_finance may cancel it."
            case "payments_cancelled_final"?:
                return ru ? "Отменённый платёж не меняется: его нельзя править, подтвердить, сторнировать или отменить ещё раз."
                          : "A cancelled payment never changes: it cannot be edited, confirmed, reversed or cancelled again."
            case "payments_cancel_only"?, "payments_cancelled_shape"?:
                return ru ? "Отмена платежа меняет только его состояние, кто, когда и почему (причина обязательна)."
                          : "Cancelling a payment changes only its state, who, when and why (a reason is required)."
            case "payments_cash_day_closed"?:
                return ru ? "Кассовый день закрыт: наличные за этот день менять нельзя; исправление — сторно следующим открытым днём."
                          : "The cash day is closed: its cash entries are locked; correct it with a reversal on the next open day."
            case "payments_immutable"?, "payments_never_deleted"?:
                return ru ? "Подтверждённый платёж не меняется и не удаляется: его можно только сторнировать."
                          : "A confirmed payment is never edited or deleted: reverse it instead."
            case "payments_trade_in_credit"?:
                return ru ? "Зачёт трейд-ин больше, чем зачёт по сделке (trade-in credit)." : "The trade-in offset exceeds the deal's trade-in credit."
            case "payments_deal_required"?:
                return ru ? "Сделка: обязательна для этого вида платежа." : "Deal: required for this kind of payment."
            case "payments_counterparty_required"?:
                return ru ? "Контрагент: укажите плательщика или получателя, если нет сделки." : "Counterparty: name the payer or payee when there is no deal."
            default: break
            }
        }
        return ErrorText.describe(error, language: language)
    }
}
