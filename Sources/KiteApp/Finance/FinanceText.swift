import Foundation
import KiteDomain
import KiteStore

/// Small formatting helpers of the finance screens.
enum FinanceText {
    /// `24.11.2026 15:04` in the dealership's time zone (`DisplayTime`).
    static func moment(_ date: Date?) -> String {
        guard let date else { return "" }
        return DisplayTime.text(date)
    }

    /// Amount with its sign: a reversal shows as `−250 000 ₽`.
    static func amount(_ money: Money, _ language: Language) -> String {
        money.formatted(language)
    }

    /// "Сделка MSK-2026-000001 · Петров П. П. · к оплате … · оплачено … · остаток … · частично".
    static func balanceLine(number: String, customer: String, balance: DealBalance, stage: DealStage? = nil,
                            language: Language) -> String {
        let ru = language == .ru
        var parts = [(ru ? "Сделка " : "Deal ") + number]
        if !customer.isEmpty { parts.append(customer) }
        if stage == .cancelled {
            // Nothing is due any more: what was paid goes back.
            parts.append(SalesText.cancelledBalance(language, ["paid": balance.paid.formatted(language)]))
            if balance.paid > .zero { parts.append(SalesText.toRefund(language, ["amount": balance.paid.formatted(language)])) }
            return parts.joined(separator: " · ")
        }
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

    /// Errors of the finance screens: described with every other error by `ErrorText`.
    static func describe(_ error: any Error, language: Language) -> String {
        ErrorText.describe(error, language: language)
    }
}
