import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// The appraisals list's commands on the selected appraisal: Enter opens its card, Ins/`n`
/// a new one; `v` shows it with its offer breakdown, checklist defects and paint readings; `a` approves (a senior, not the one who
/// asked), `y` records the seller's answer, `b` buys the car into stock. The rules are the
/// database's; a refusal is said in full.
extension AppraisalListSource {
    func open(_ row: AppraisalListRow, in browser: BrowserScreen<AppraisalListSource>) {
        app.openCard(form ?? "appraisal", id: row.row.id) { _ in AppraisalEditor(app: self.app) }
    }

    func openNew(in browser: BrowserScreen<AppraisalListSource>) {
        app.openCard(form ?? "appraisal", id: nil) { _ in AppraisalEditor(app: self.app) }
    }

    /// The summary box of an appraisal (`v`).
    func showDetails(_ row: AppraisalListRow) {
        let id = row.row.id, language = app.language, provider = priceProvider
        app.database.request(lane: "appraisal.show", { connection -> AppraisalDetails? in
            let repository = AppraisalRepository(connection: connection)
            guard let appraisal = try repository.get(id: id) else { return nil }
            return AppraisalDetails(appraisal: appraisal, answers: try repository.answers(appraisalID: id),
                                    paint: try repository.paint(appraisalID: id),
                                    lines: try repository.reconditioning(appraisalID: id),
                                    estimate: try repository.marketEstimate(for: appraisal, provider: provider))
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let details?):
                // The paint verdicts by the make's own thresholds, as on the card.
                self.app.showDetails(title: row.row.number,
                                     details.report(language, thresholds: self.checklist.thresholds(make: details.appraisal.make)))
            case .success(nil): self.app.showError(ErrorText.describe(NotFoundError(missing: "appraisal", id: id), language: language))
            case .failure(let error): self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    func unavailableReason(_ command: String) -> LocalizedText? { nil }

    func performOnSelected(_ command: String, selected: AppraisalListRow?, in browser: BrowserScreen<AppraisalListSource>) -> Bool {
        if command == "appraisals.report" {
            app.openBuyoutReport()
            return true
        }
        guard ["appraisals.approve", "appraisals.answer", "appraisals.buy", "appraisals.details"].contains(command) else { return false }
        guard let row = selected?.row else {
            app.showError(BuyoutText.noneSelected(app.language))
            return true
        }
        let language = app.language
        switch command {
        case "appraisals.details":
            showDetails(AppraisalListRow(row))
        case "appraisals.approve":
            run(row, browser, done: .approved) { try $0.approve(appraisalID: row.id, actor: $1) }
        case "appraisals.answer":
            let choices = [ChoicePicker.Choice(value: "yes", label: BuyoutText.sellerAccepts(language)),
                           ChoicePicker.Choice(value: "no", label: BuyoutText.sellerDeclines(language))]
            app.pick(ChoicePicker(title: BuyoutText.answerTitle(language, ["number": row.number]), choices: choices)) { [weak self, weak browser] value in
                guard let self, let browser else { return }
                if value == "yes" {
                    self.run(row, browser, done: .accepted) { try $0.answer(appraisalID: row.id, accepted: true, actor: $1) }
                } else {
                    self.app.askReason(title: BuyoutText.declineTitle(language), label: BuyoutText.reason(language)) { reason in
                        self.run(row, browser, done: .declined) { try $0.answer(appraisalID: row.id, accepted: false, reason: reason, actor: $1) }
                    }
                }
            }
        default:
            let price = row.offerAmount.map { $0.formatted(language) } ?? "—"
            app.confirm(BuyoutText.buyQuestion(language, ["number": row.number, "car": row.makeModel, "price": price])) { [weak self, weak browser] in
                guard let self, let browser else { return }
                self.run(row, browser, done: .bought) { _ = try $0.buy(appraisalID: row.id, locationID: nil, actor: $1) }
            }
        }
        return true
    }

    /// A command on the database thread; the list hears of it, a refusal is said in full.
    private func run(_ row: AppraisalRow, _ browser: BrowserScreen<AppraisalListSource>, done: AppraisalState,
                     _ work: @escaping @Sendable (AppraisalRepository, String) throws -> Void) {
        let actor = app.login, language = app.language
        app.database.request(lane: "appraisal.command", { connection in
            try work(AppraisalRepository(connection: connection), actor)
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success:
                // The open lists hear of it (and keep their selection).
                self.app.deliver(AppraisalChanged(id: row.id))
                self.app.showMessage(BuyoutText.done(language, ["number": row.number, "state": done.label.text(language)]))
            case .failure(let error):
                self.app.showRefusal(ErrorText.describe(error, language: language))
            }
        })
    }
}

/// What Enter shows of an appraisal.
struct AppraisalDetails: Sendable {
    var appraisal: Appraisal
    var answers: [AppraisalAnswer]
    var paint: [PaintReading]
    var lines: [ReconditioningLine]
    var estimate: MarketEstimate

    func report(_ language: Language, thresholds: PaintThresholds) -> (title: String, entries: [(label: String, text: String)]) {
        let a = appraisal, comparables = estimate.comparables
        func money(_ value: Money?) -> String { value.map { $0.formatted(language) } ?? "—" }
        var entries: [(String, String)] = [
            (BuyoutText.carLabel(language), "\(a.make) \(a.model) \(a.modelYear), \(a.mileageKm) км, VIN \(a.vin)"),
            (BuyoutText.stateLabel(language), a.state.label.text(language)
                + (a.offerValidUntil.map { " · " + BuyoutText.until(language, ["date": $0.russianText]) } ?? "")),
            (BuyoutText.retailLabel(language), money(a.expectedRetail)),
            (BuyoutText.reconditioningLabel(language), money(a.reconditioning)),
            (BuyoutText.marginLabel(language), money(a.targetMargin)),
            (BuyoutText.holdingLabel(language), money(a.holdingCost)),
            (BuyoutText.offerLabel(language), money(a.offerAmount) + (a.offerReason.isEmpty ? "" : " (\(a.offerReason))")),
            (BuyoutText.comparablesLabel(language), comparables.count == 0 ? ComparablesSummary.Confidence.none.label.text(language)
                : BuyoutText.comparablesText(language, ["count": String(comparables.count), "median": money(comparables.priceMedian),
                                                        "low": money(comparables.priceP25), "high": money(comparables.priceP75),
                                                        "days": comparables.medianDaysInStock.map(String.init) ?? "—",
                                                        "confidence": comparables.confidence.label.text(language)])),
            (BuyoutText.estimateLabel(language), money(estimate.expectedRetail) + " — " + estimate.note.text(language)),
        ]
        for answer in answers where answer.answer == .defect {
            entries.append((answer.itemCode, (answer.severity?.label.text(language) ?? "") + (answer.note.isEmpty ? "" : ": " + answer.note)))
        }
        for line in lines { entries.append((line.description, line.amount.formatted(language))) }
        for reading in paint {
            let verdict = thresholds.verdict(reading.microns)
            entries.append((reading.panel, "\(reading.microns) мкм \(verdict.mark) \(verdict.label.text(language))"))
        }
        return (a.number, entries)
    }
}
