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
        let language = app.language
        func m(_ money: Money) -> String { money.formatted(language) }
        var parts: [String] = []
        if deal.stage == .reserved, let until = deal.reservedUntil {
            parts.append(SalesText.heldUntil(language, ["date": until.russianText]))
        }
        if let balance, deal.stage == .cancelled {
            // Nothing is due from a cancelled deal: what was paid is to be refunded.
            parts.append(SalesText.cancelledBalance(language, ["paid": m(balance.paid)]))
            if balance.paid > .zero { parts.append(SalesText.toRefund(language, ["amount": m(balance.paid)])) }
        } else if let balance {
            switch balance.state {
            case .unpaid:
                parts.append(SalesText.unpaidDue(language, ["due": m(balance.due)]))
            case .partial:
                parts.append(SalesText.partiallyPaid(language, ["paid": m(balance.paid), "due": m(balance.due),
                                                                "outstanding": m(balance.outstanding)]))
            case .paid:
                parts.append(SalesText.paidInFull(language, ["paid": m(balance.paid)]))
            case .overpaid:
                parts.append(SalesText.overpaid(language, ["paid": m(balance.paid), "due": m(balance.due)]))
            }
            if balance.needsRefund {
                parts.append(SalesText.toRefund(language, ["amount": m(balance.overpayment)]))
            }
        }
        parts.append(SalesText.manager(language, ["name": managerName]))
        if deal.discountAmount > .zero, let approver = deal.discountApprovedBy {
            parts.append(SalesText.discountApprovedBy(language, ["name": approver]))
        }
        return [CardLine(text: parts.joined(separator: " · "), role: .label)]
    }

    /// The fields that make the totals.
    static let pricingFields: Set<String> = ["list_price", "sale_price", "discount_amount", "trade_in_credit", "loan_amount"]

    /// The totals of the deal as typed; while a field they are made of is wrong, the panel
    /// names it instead of showing figures of an earlier keystroke.
    func footerLines(card: CardScreen<DealEditor>) -> [CardLine] {
        guard let (current, parseIssues) = card.typedRecord() else { return [] }
        let language = app.language
        let sheet = current.priceSheet
        var problems = (parseIssues + sheet.issues).filter { $0.severity == .error && Self.pricingFields.contains($0.field) }
        // The sale price follows the discount: the discount is the field to fix.
        if problems.contains(where: { $0.field == "discount_amount" }) { problems.removeAll { $0.field == "sale_price" } }
        if !problems.isEmpty {
            var seen = Set<String>()
            let text = problems.map { $0.message.text(language) }.filter { seen.insert($0).inserted }.joined(separator: "; ")
            return [CardLine(text: SalesText.totalsNotComputed(language, ["problems": text]), role: .error, wraps: true)]
        }
        func m(_ money: Money) -> String { money.formatted(language) }
        let linesTotal = sheet.lines.reduce(Money.zero) { $0 + $1.amount }
        let vehicleVATLabel: String
        switch sheet.vehicleVATBasis {
        case .margin: vehicleVATLabel = SalesText.vatOnMargin(language)
        case .fullPrice: vehicleVATLabel = SalesText.vatAtRate(language, ["rate": sheet.vehicleVATRate.label.text(language)])
        }
        var lines = [
            CardLine(text: SalesText.vehicleTotals(language, ["price": m(sheet.vehiclePrice), "vatLabel": vehicleVATLabel,
                                                              "vat": m(sheet.vehicleVAT), "extras": m(linesTotal)]), role: .normal),
            CardLine(text: SalesText.dealTotals(language, ["total": m(sheet.total), "vat": m(sheet.totalVAT),
                                                           "tradeIn": (sheet.tradeInCredit > .zero ? "−" : "") + m(sheet.tradeInCredit)]),
                     role: .normal),
            CardLine(text: SalesText.amountDueTotals(language, ["due": m(sheet.amountDue), "loan": m(sheet.loanAmount),
                                                                "ownPart": m(sheet.customerOwnPart)]), role: .title, bold: true),
        ]
        // The profit uses the landed cost (purchase, freight, reconditioning, other); the
        // VAT above keeps using the purchase price alone.
        if let profit = sheet.vehicleProfit, let cost = current.landedCost {
            lines.insert(CardLine(text: SalesText.vehicleProfit(language, ["cost": m(cost), "profit": m(profit)]), role: .label),
                         at: 1)
        }
        return lines
    }
}
