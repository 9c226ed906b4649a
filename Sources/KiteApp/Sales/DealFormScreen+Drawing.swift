import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// The deal form on screen: status line, form, lines, totals.
extension DealFormScreen {
    // MARK: - Drawing

    func draw(on surface: Surface, in rect: Rect) {
        guard let form, let deal else {
            surface.put(app.language == .ru ? " Загрузка…" : " Loading…", row: rect.row + 1, column: 1, style: Style(.dim))
            return
        }
        let ru = app.language == .ru
        drawStageLine(deal, on: surface, row: rect.row, width: rect.width)
        let totalsHeight = 3
        let linesRows = max(1, min(lines.count, rect.height >= 30 ? 6 : 3))
        let linesHeight = linesRows + 2
        let formHeight = max(3, rect.height - 1 - linesHeight - totalsHeight - 1)
        form.draw(on: surface, in: Rect(row: rect.row + 1, column: rect.column, height: formHeight, width: rect.width))
        var row = rect.row + 1 + formHeight
        let title = "── " + (ru ? "Доп. позиции" : "Extra lines") + (linesFocused ? (ru ? " (Ins — добавить, Enter — изменить, Del — удалить, Esc — к форме) " : " (Ins add, Enter edit, Del delete, Esc back) ") : (ru ? " (F6 — перейти, F3 — добавить) " : " (F6 to go there, F3 to add) "))
        let used = surface.put(title, row: row, column: rect.column, style: Style(linesFocused ? .title : .label), maxWidth: rect.width)
        surface.fill(row: row, column: rect.column + used, width: max(0, rect.width - used), character: "─", style: Style(.border))
        row += 1
        linesTable.draw(on: surface, in: Rect(row: row, column: rect.column, height: linesRows + 1, width: rect.width))
        row += linesRows + 1
        drawTotals(on: surface, row: row, width: rect.width)
        if !linesFocused, let bind = form.focusedBind, let help = definition.field(bind)?.help?.text(app.language) {
            surface.put(" " + help, row: rect.row + rect.height - 1, column: 0, style: Style(.dim), maxWidth: rect.width)
        }
        if linesFocused { surface.hideCursor() }
    }

    func drawStageLine(_ deal: Deal, on surface: Surface, row: Int, width: Int) {
        let ru = app.language == .ru
        // The stage is in the title; this line says what it means now, most
        // useful first, so a narrow terminal cuts the least needed part.
        var parts: [String] = []
        if deal.stage == .reserved, let until = deal.reservedUntil {
            parts.append((ru ? "Резерв до " : "Held until ") + until.russianText)
        }
        if let balance {
            let language = app.language
            func m(_ money: Money) -> String { money.formatted(language) }
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
        surface.fill(row: row, column: 0, width: width, character: " ", style: Style(.normal))
        surface.put(" " + parts.joined(separator: " · "), row: row, column: 0, style: Style(.label), maxWidth: width)
    }

    func drawTotals(on surface: Surface, row: Int, width: Int) {
        guard let current = currentDeal else { return }
        let language = app.language, ru = language == .ru
        let sheet = current.priceSheet
        func m(_ money: Money) -> String { money.formatted(language) }
        let linesTotal = sheet.lines.reduce(Money.zero) { $0 + $1.amount }
        let vehicleVATLabel: String
        switch sheet.vehicleVATBasis {
        case .margin: vehicleVATLabel = ru ? "НДС с разницы" : "VAT on margin"
        case .fullPrice: vehicleVATLabel = (ru ? "НДС " : "VAT ") + sheet.vehicleVATRate.label.text(language)
        }
        let first = (ru ? " Автомобиль " : " Vehicle ") + m(sheet.vehiclePrice) + " · " + vehicleVATLabel + " " + m(sheet.vehicleVAT)
            + (ru ? " · Доп. позиции " : " · Extras ") + m(linesTotal)
        let second = (ru ? " Итого " : " Total ") + m(sheet.total) + (ru ? " · в т. ч. НДС " : " · incl. VAT ") + m(sheet.totalVAT)
            + (ru ? " · Трейд-ин " : " · Trade-in ") + (sheet.tradeInCredit > .zero ? "−" : "") + m(sheet.tradeInCredit)
        let third = (ru ? " К оплате " : " Amount due ") + m(sheet.amountDue) + (ru ? " · Кредит " : " · Loan ") + m(sheet.loanAmount)
            + (ru ? " · Клиент платит сам " : " · Customer pays ") + m(sheet.customerOwnPart)
        surface.put(first, row: row, column: 0, style: Style(.normal), maxWidth: width)
        surface.put(second, row: row + 1, column: 0, style: Style(.normal), maxWidth: width)
        surface.put(third, row: row + 2, column: 0, style: Style(.title, bold: true), maxWidth: width)
    }
}
