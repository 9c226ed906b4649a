import KiteDomain
import KiteTerminal
import KiteUI

/// What the deal card shows around its form: the state line above (reservation, money,
/// manager, approval), the totals below, and its payments (F12, Alt-n).
extension DealEditor {
    func openPayments(new: Bool, card: CardScreen<DealEditor>) {
        guard let deal = card.record, let id = card.recordID else { return }
        if new {
            app.openPayment(id: nil, deal: deal.number)
        } else {
            app.openPayments(dealID: id, dealNumber: deal.number)
        }
    }

    /// The stage is in the title; this line says what it means now, most useful first,
    /// so a narrow terminal cuts the least needed part.
    func headerLines(card: CardScreen<DealEditor>) -> [CardLine] {
        guard let deal = card.record else { return [] }
        let language = app.language, ru = language == .ru
        func m(_ money: Money) -> String { money.formatted(language) }
        var parts: [String] = []
        if deal.stage == .reserved, let until = deal.reservedUntil {
            parts.append((ru ? "Резерв до " : "Held until ") + until.russianText)
        }
        if let balance {
            switch balance.state {
            case .unpaid:
                parts.append((ru ? "Не оплачена, к оплате " : "Unpaid, due ") + m(balance.due))
            case .partial:
                parts.append((ru ? "Оплачено " : "Paid ") + m(balance.paid) + (ru ? " из " : " of ") + m(balance.due)
                             + (ru ? ", остаток " : ", outstanding ") + m(balance.outstanding))
            case .paid:
                parts.append((ru ? "Оплачена полностью: " : "Paid in full: ") + m(balance.paid))
            case .overpaid:
                parts.append((ru ? "Переплата: оплачено " : "Overpaid: paid ") + m(balance.paid) + (ru ? " из " : " of ") + m(balance.due))
            }
            if balance.needsRefund {
                parts.append((ru ? "к возврату " : "to refund ") + m(balance.overpayment))
            }
        }
        parts.append((ru ? "Менеджер: " : "Manager: ") + managerName)
        if deal.discountAmount > .zero, let approver = deal.discountApprovedBy {
            parts.append((ru ? "скидку согласовал " : "discount approved by ") + approver)
        }
        return [CardLine(text: parts.joined(separator: " · "), role: .label)]
    }

    /// The totals of the deal as typed (bad values ignored).
    func footerLines(card: CardScreen<DealEditor>) -> [CardLine] {
        guard let current = card.typedRecord()?.record else { return [] }
        let language = app.language, ru = language == .ru
        let sheet = current.priceSheet
        func m(_ money: Money) -> String { money.formatted(language) }
        let linesTotal = sheet.lines.reduce(Money.zero) { $0 + $1.amount }
        let vehicleVATLabel: String
        switch sheet.vehicleVATBasis {
        case .margin: vehicleVATLabel = ru ? "НДС с разницы" : "VAT on margin"
        case .fullPrice: vehicleVATLabel = (ru ? "НДС " : "VAT ") + sheet.vehicleVATRate.label.text(language)
        }
        return [
            CardLine(text: (ru ? "Автомобиль " : "Vehicle ") + m(sheet.vehiclePrice) + " · " + vehicleVATLabel + " " + m(sheet.vehicleVAT)
                     + (ru ? " · Доп. позиции " : " · Extras ") + m(linesTotal), role: .normal),
            CardLine(text: (ru ? "Итого " : "Total ") + m(sheet.total) + (ru ? " · в т. ч. НДС " : " · incl. VAT ") + m(sheet.totalVAT)
                     + (ru ? " · Трейд-ин " : " · Trade-in ") + (sheet.tradeInCredit > .zero ? "−" : "") + m(sheet.tradeInCredit), role: .normal),
            CardLine(text: (ru ? "К оплате " : "Amount due ") + m(sheet.amountDue) + (ru ? " · Кредит " : " · Loan ") + m(sheet.loanAmount)
                     + (ru ? " · Клиент платит сам " : " · Customer pays ") + m(sheet.customerOwnPart), role: .title, bold: true),
        ]
    }
}
