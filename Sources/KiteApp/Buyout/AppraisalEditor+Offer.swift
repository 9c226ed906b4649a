import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// The offer on the appraisal card: its breakdown under the tables (the stored offer's, or
/// the formula's from the group's sales for a draft), and F9 to make or change it — the
/// expected retail and the amount in a box; an amount other than the formula's asks for the
/// reason (`KiteApplication.askReason`). The state that follows is the database's.
extension AppraisalEditor {
    func unavailableReason(_ command: String, card: CardScreen<AppraisalEditor>) -> LocalizedText? {
        if command == "appraisal.print" { return printUnavailable(card: card) }
        guard command == "appraisal.offer" else { return nil }
        guard let sheet, sheet.appraisal.id != 0 else { return AppraisalCardText.offerNeedsSave.text }
        if card.isDirty { return AppraisalCardText.offerNeedsSave.text }
        if !sheet.appraisal.state.mayOffer {
            return LocalizedText(ru: LocalizedText.fill(AppraisalCardText.offerNotNow.text.ru, ["state": sheet.appraisal.state.label.ru]),
                                 en: LocalizedText.fill(AppraisalCardText.offerNotNow.text.en, ["state": sheet.appraisal.state.label.en]))
        }
        return nil
    }

    func perform(_ command: String, card: CardScreen<AppraisalEditor>) -> Bool {
        if command == "appraisal.print" {
            printContract(card: card)
            return true
        }
        guard command == "appraisal.offer" else { return false }
        if let reason = unavailableReason(command, card: card) {
            app.showError(reason.text(app.language))
            return true
        }
        guard let sheet else { return true }
        askOffer(sheet, card: card)
        return true
    }

    /// The retail price the offer starts from: the stored one, else the market estimate's
    /// (the group's median, or the price provider's when the group's sales are too few).
    func suggestedRetail(_ sheet: AppraisalSheet) -> Money? { sheet.appraisal.expectedRetail ?? sheet.estimate.expectedRetail }

    func breakdown(_ sheet: AppraisalSheet, retail: Money) -> OfferBreakdown {
        OfferFormula.breakdown(expectedRetail: retail, reconditioningLines: sheet.lines.map(\.amount), settings: sheet.settings,
                               comparables: sheet.comparables)
    }

    func askOffer(_ sheet: AppraisalSheet, card: CardScreen<AppraisalEditor>) {
        let language = app.language
        let retail = suggestedRetail(sheet)
        // After the seller's "no" a new offer is a counter-offer (README, "Buyout").
        let title = sheet.appraisal.state == .declined ? AppraisalCardText.counterOfferTitle : AppraisalCardText.offerTitle
        let dialog = FormDialog(title: title(language, ["number": sheet.appraisal.number]),
                                fields: [FormField(bind: "expected_retail", label: AppraisalCardText.retailField(language), kind: .money, required: true),
                                         FormField(bind: "offer_amount", label: AppraisalCardText.amountField(language), kind: .money)],
                                values: ["expected_retail": retail.map { VehicleFormValues.editable($0, language) } ?? "",
                                         "offer_amount": ""],
                                language: language)
        dialog.note = { [weak self] values in
            guard let self, let text = values["expected_retail"], let retail = try? FieldParsers.money(text, field: "expected_retail").get() else { return nil }
            let formula = self.breakdown(sheet, retail: retail).formulaOffer
            return CardLine(text: AppraisalCardText.formulaNote(language, ["amount": formula.formatted(language)]), role: .dim)
        }
        app.formDialog(dialog) { [weak self, weak card] values in
            guard let self, let card else { return true }
            var input = FormInput(values)
            let retail = input.money("expected_retail", LocalizedText(ru: "Ожидаемая цена продажи", en: "Expected retail"), current: .zero)
            var issues = input.issues
            if issues.isEmpty, retail <= .zero {
                issues.append(.error("expected_retail", ru: "Ожидаемая цена продажи: больше нуля", en: "Expected retail: above zero"))
            }
            guard issues.isEmpty else {
                dialog.showIssues(issues)
                return false
            }
            let breakdown = self.breakdown(sheet, retail: retail)
            let typed = input.text("offer_amount") ?? ""
            let amount = typed.isEmpty ? breakdown.formulaOffer
                : input.money("offer_amount", LocalizedText(ru: "Предложение", en: "Offer"), current: .zero)
            issues = input.issues
            if issues.isEmpty, amount <= .zero, !typed.isEmpty {
                issues.append(.error("offer_amount", ru: "Предложение: больше нуля", en: "Offer: above zero"))
            }
            if issues.isEmpty, !breakdown.offersSomething, typed.isEmpty {
                issues.append(.error("offer_amount",
                    ru: "Предложение: по формуле выходит \(breakdown.formulaOffer.formatted(.ru)) — введите сумму и причину",
                    en: "Offer: the formula gives \(breakdown.formulaOffer.formatted(.en)) — type an amount and the reason"))
            }
            guard issues.isEmpty else {
                dialog.showIssues(issues)
                return false
            }
            if amount == breakdown.formulaOffer {
                self.makeOffer(sheet, breakdown: breakdown, amount: amount, reason: "", card: card)
            } else {
                // The box has closed; the reason is asked in its own.
                self.app.askReason(title: AppraisalCardText.reasonTitle(language, ["amount": amount.formatted(language),
                                                                                   "formula": breakdown.formulaOffer.formatted(language)]),
                                   label: BuyoutText.reason(language)) { [weak self, weak card] reason in
                    guard let self, let card else { return }
                    self.makeOffer(sheet, breakdown: breakdown, amount: amount, reason: reason, card: card)
                }
            }
            return true
        }
    }

    func makeOffer(_ sheet: AppraisalSheet, breakdown: OfferBreakdown, amount: Money, reason: String, card: CardScreen<AppraisalEditor>) {
        let actor = app.login, language = app.language, id = sheet.appraisal.id
        app.database.request(lane: "appraisal.offer", { connection in
            try AppraisalRepository(connection: connection).offer(appraisalID: id, breakdown: breakdown, amount: amount, reason: reason, actor: actor)
        }, completion: { [weak self, weak card] result in
            guard let self else { return }
            switch result {
            case .success(let state):
                self.app.deliver(AppraisalChanged(id: id))
                self.app.showMessage(BuyoutText.done(language, ["number": sheet.appraisal.number, "state": state.label.text(language)]))
                card?.load(id: id)
            case .failure(let error):
                self.app.showRefusal(ErrorText.describe(error, language: language))
            }
        })
    }

    // MARK: panels

    func headerLines(card: CardScreen<AppraisalEditor>) -> [CardLine] {
        guard let sheet, sheet.appraisal.id != 0 else { return [] }
        let a = sheet.appraisal, language = app.language
        var parts = [a.number, a.state.label.text(language), a.appraiserLogin]
        if let until = a.offerValidUntil, a.state.isOpenOffer { parts.append(BuyoutText.until(language, ["date": until.russianText])) }
        if a.state == .declined, !a.declineReason.isEmpty { parts.append(a.declineReason) }
        if a.state == .declined { parts.append(AppraisalCardText.counterOfferHint(language)) }
        return [CardLine(text: parts.joined(separator: " · "), role: .status, bold: true)]
    }

    /// The offer's breakdown: the stored offer's, or what the formula gives from the group's median.
    func footerLines(card: CardScreen<AppraisalEditor>) -> [CardLine] {
        guard let sheet else { return [] }
        let a = sheet.appraisal, language = app.language
        var result: [CardLine] = []
        if let offer = a.offerAmount, let retail = a.expectedRetail {
            func m(_ value: Money?) -> String { value.map { $0.formatted(language) } ?? "—" }
            result.append(CardLine(text: AppraisalCardText.breakdownLine(language, [
                "retail": retail.formatted(language), "recon": m(a.reconditioning), "margin": m(a.targetMargin),
                "holding": m(a.holdingCost), "offer": offer.formatted(language)]), role: .status, bold: true))
            if !a.offerReason.isEmpty { result.append(CardLine(text: AppraisalCardText.offerReason(language, ["reason": a.offerReason]), role: .dim)) }
        } else if let retail = suggestedRetail(sheet) {
            let b = breakdown(sheet, retail: retail)
            result.append(CardLine(text: AppraisalCardText.formulaLine(language, [
                "retail": retail.formatted(language), "recon": b.reconditioning.formatted(language),
                "margin": b.targetMargin.formatted(language), "holding": b.holdingCost.formatted(language),
                "days": String(b.daysToSell), "offer": b.formulaOffer.formatted(language)]), role: .dim))
        } else {
            result.append(CardLine(text: AppraisalCardText.noOfferYet(language), role: .dim))
        }
        // Where the expected retail came from, when the price provider had a part in it (its
        // figure, or its failure); otherwise the group's line below says it.
        let e = sheet.estimate
        if e.source == .provider || e.providerFailure != nil {
            result.append(CardLine(text: AppraisalCardText.estimateLine(language, [
                "retail": e.expectedRetail.map { $0.formatted(language) } ?? "—", "source": e.note.text(language)]),
                role: e.providerFailure == nil ? .dim : .warning, wraps: true))
        }
        let c = sheet.comparables
        result.append(CardLine(text: BuyoutText.comparablesLabel(language) + ": " + (c.count == 0
            ? ComparablesSummary.Confidence.none.label.text(language)
            : BuyoutText.comparablesText(language, ["count": String(c.count), "median": c.priceMedian.map { $0.formatted(language) } ?? "—",
                                                    "low": c.priceP25.map { $0.formatted(language) } ?? "—",
                                                    "high": c.priceP75.map { $0.formatted(language) } ?? "—",
                                                    "days": c.medianDaysInStock.map(String.init) ?? "—",
                                                    "confidence": c.confidence.label.text(language)])), role: .dim, wraps: true))
        return result
    }
}

/// The appraisal card's texts.
enum AppraisalCardText: TextKey {
    case newAppraisal, saved, sellerPickerTitle, offerNeedsSave, offerNotNow, offerTitle, retailField, amountField
    case formulaNote, reasonTitle, breakdownLine, formulaLine, offerReason, noOfferYet
    case counterOfferTitle, counterOfferHint, estimateLine
    case dealPickerTitle, printNeedsSave, printNotNow, printing, printed, pdfReady

    var text: LocalizedText {
        switch self {
        case .newAppraisal: LocalizedText(ru: "новая", en: "new")
        case .saved: LocalizedText(ru: "Оценка {number} сохранена", en: "Appraisal {number} saved")
        case .sellerPickerTitle: LocalizedText(ru: "Продавец", en: "Seller")
        case .offerNeedsSave: LocalizedText(ru: "Сначала сохраните оценку (F2)", en: "Save the appraisal first (F2)")
        case .offerNotNow: LocalizedText(ru: "Предложение нельзя изменить: оценка в состоянии «{state}»",
                                         en: "The offer cannot change: the appraisal is {state}")
        case .offerTitle: LocalizedText(ru: "Предложение по оценке {number}", en: "The offer on {number}")
        case .counterOfferTitle: LocalizedText(ru: "Встречное предложение по оценке {number}", en: "A counter-offer on {number}")
        case .counterOfferHint: LocalizedText(ru: "F9 — встречное предложение", en: "F9: a counter-offer")
        case .estimateLine: LocalizedText(ru: "Ожидаемая цена продажи {retail}: {source}", en: "Expected retail {retail}: {source}")
        case .retailField: LocalizedText(ru: "Ожидаемая цена продажи", en: "Expected retail")
        case .amountField: LocalizedText(ru: "Предложение (пусто — по формуле)", en: "Offer (empty: the formula's)")
        case .formulaNote: LocalizedText(ru: "По формуле: {amount}", en: "The formula gives {amount}")
        case .reasonTitle: LocalizedText(ru: "Предложение {amount} вместо расчётного {formula}: причина",
                                         en: "An offer of {amount} instead of the formula's {formula}: the reason")
        case .breakdownLine: LocalizedText(ru: "Предложение {offer} = {retail} − подготовка {recon} − маржа {margin} − хранение {holding}",
                                           en: "Offer {offer} = {retail} − reconditioning {recon} − margin {margin} − holding {holding}")
        case .formulaLine: LocalizedText(ru: "По формуле {offer} = {retail} − подготовка {recon} − маржа {margin} − хранение {holding} ({days} дн.)",
                                         en: "The formula: {offer} = {retail} − reconditioning {recon} − margin {margin} − holding {holding} ({days} days)")
        case .offerReason: LocalizedText(ru: "Причина отличия от расчёта: {reason}", en: "Why it differs from the formula: {reason}")
        case .noOfferYet: LocalizedText(ru: "Предложения нет — F9 сделать (после сохранения)", en: "No offer yet — F9 makes one (once saved)")
        case .dealPickerTitle: LocalizedText(ru: "Сделка для трейд-ина", en: "The trade-in's deal")
        case .printNeedsSave: LocalizedText(ru: "Сначала сохраните изменения (F2): печатается то, что в базе",
                                            en: "Save your changes first (F2): the form prints what is stored")
        case .printNotNow: LocalizedText(ru: "Договор купли-продажи печатается, когда продавец принял предложение или автомобиль выкуплен (сейчас «{state}»)",
                                         en: "The purchase contract is printed once the seller has accepted the offer or the car is bought (now {state})")
        case .printing: LocalizedText(ru: "Печать договора…", en: "Printing the contract…")
        case .printed: LocalizedText(ru: "Договор сохранён: {path}", en: "Contract saved: {path}")
        case .pdfReady: LocalizedText(ru: "PDF готов", en: "PDF ready")
        }
    }
}
