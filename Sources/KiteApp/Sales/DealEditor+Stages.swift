import Foundation
import KiteDomain
import KitePrint
import KiteStore
import KiteTerminal
import KiteUI

/// Stage commands, discount approval and printing from the deal form.
extension DealEditor {
    func perform(_ command: String, card: CardScreen<DealEditor>) -> Bool {
        switch command {
        case "deal.stage": chooseStageCommand(card)
        case "deal.approve_discount": approveDiscount(card)
        case "deal.print": choosePrintForm(card)
        case "deal.payments", "deal.new_payment": openPayments(new: command == "deal.new_payment", card: card)
        default: return false
        }
        return true
    }

    /// A contracted or later deal's terms are fixed: no discount to approve.
    func offers(_ command: String, card: CardScreen<DealEditor>) -> Bool {
        command != "deal.approve_discount" || !card.isReadOnly
    }

    /// Stages, approval, printing and payments need the deal saved as it is on screen.
    func unavailableReason(_ command: String, card: CardScreen<DealEditor>) -> LocalizedText? {
        switch command {
        case "deal.payments", "deal.new_payment":
            guard card.isNew else { return nil }
            return LocalizedText(ru: "Сначала сохраните сделку (F2): платежи вносятся по её номеру",
                           en: "Save the deal first (F2): payments are entered against its number")
        case "deal.stage", "deal.approve_discount", "deal.print":
            if card.isNew { return LocalizedText(ru: "Сначала сохраните сделку (F2)", en: "Save the deal first (F2)") }
            if card.isDirty {
                return command == "deal.print"
                    ? LocalizedText(ru: "Сначала сохраните изменения (F2): печатается то, что в базе", en: "Save your changes first (F2): the form prints what is stored")
                    : LocalizedText(ru: "Сначала сохраните изменения (F2) или отмените их (Esc)", en: "Save your changes first (F2) or discard them (Esc)")
            }
            if command == "deal.approve_discount", let deal = card.record { return approvalUnavailable(deal) }
            return nil
        default:
            return nil
        }
    }

    /// Why this user cannot approve the deal's discount now, said before the question.
    func approvalUnavailable(_ deal: Deal) -> LocalizedText? {
        if deal.discountAmount == .zero {
            return LocalizedText(ru: "Скидки нет: согласовывать нечего", en: "No discount: nothing to approve")
        }
        if deal.discountApprovedBy != nil {
            return LocalizedText(ru: "Скидка уже согласована", en: "The discount is already approved")
        }
        let requester = deal.discountRequestedBy ?? deal.managerLogin
        if requester == app.login {
            return LocalizedText(ru: "Скидку запросили вы: согласует другой руководитель",
                                 en: "You asked for this discount: another senior approves it")
        }
        return nil
    }

    /// A reservation is renewed only once it has run out.
    func reservationIsLive(_ deal: Deal) -> Bool {
        guard deal.stage == .reserved, let until = deal.reservedUntil else { return false }
        return until >= CivilDate(Date(), timeZone: DisplayTime.timeZone)
    }

    // MARK: - Stage commands

    func chooseStageCommand(_ card: CardScreen<DealEditor>) {
        let language = app.language
        guard let deal = card.record else { return }
        // "Renew the reservation" is offered only when it has run out (the store refuses it before).
        let commands = DealCommand.allCases.filter { deal.stage.possibleNext.contains($0.target) }
            .filter { !($0 == .reserve && reservationIsLive(deal)) }
        guard !commands.isEmpty else {
            app.showError(SalesText.noFurtherStages(language, ["stage": deal.stage.label.text(language)]))
            return
        }
        let choices = commands.map { command in
            let label = command == .reserve && deal.stage == .reserved ? SalesText.renewReservation(language)
                                                                        : command.label.text(language)
            return ChoicePicker.Choice(value: command.rawValue, label: label)
        }
        let picker = ChoicePicker(title: SalesText.stagePickerTitle(language, ["stage": deal.stage.label.text(language)]),
                                  choices: choices)
        app.pick(picker) { [weak self] value in
            guard let self, let command = DealCommand(rawValue: value) else { return }
            if command == .cancel { self.askCancelReason(card) } else { self.run(command, reason: "", card: card) }
        }
    }

    func askCancelReason(_ card: CardScreen<DealEditor>) {
        let language = app.language
        let dialog = FormDialog(title: SalesText.cancelDealTitle(language),
                                fields: [FormField(bind: "reason", label: SalesText.cancelReason(language), required: true, maxLength: 200)],
                                values: ["reason": ""], language: app.language)
        app.formDialog(dialog) { [weak self, weak card] values in
            let reason = values["reason"]?.trimmingCharacters(in: .whitespaces) ?? ""
            if reason.isEmpty {
                dialog.showIssues([.error("reason", ru: "Причина: обязательное поле", en: "Reason: required")])
                return false
            }
            if let card { self?.run(.cancel, reason: reason, card: card) }
            return true
        }
    }

    func run(_ command: DealCommand, reason: String, card: CardScreen<DealEditor>) {
        guard let deal = card.record else { return }
        let actor = app.login, language = app.language, hooks = SalesHooks.stage
        change(card, { connection in
            try DealRepository(connection: connection).perform(command, dealID: deal.id, expectedVersion: deal.version,
                                                              actor: actor, reason: reason, hooks: hooks)
        }, done: { stored in
            let values = ["number": stored.number, "stage": stored.stage.label.text(language)]
            if stored.stage == .reserved, let until = stored.reservedUntil {
                return SalesText.stageChangedUntil(language, values.merging(["date": until.russianText]) { _, new in new })
            }
            return SalesText.stageChanged(language, values)
        })
    }

    func approveDiscount(_ card: CardScreen<DealEditor>) {
        guard let deal = card.record, !isBusy else { return }
        let approver = app.login, language = app.language
        app.confirm(SalesText.confirmApproveDiscount(language, ["amount": deal.discountAmount.formatted(language),
                                                                "number": deal.number])) { [weak self, weak card] in
            guard let self, let card else { return }
            self.change(card, { connection in
                try DealRepository(connection: connection).approveDiscount(dealID: deal.id, expectedVersion: deal.version,
                                                                           approver: approver)
            }, done: { _ in SalesText.discountApproved(language) })
        }
    }

    /// A change of the stored deal (a stage, an approval): on the database thread, then the
    /// card shows what is stored, other screens hear of it, and the status line says `done`.
    /// A rule's refusal is shown in full.
    private func change(_ card: CardScreen<DealEditor>, _ work: @escaping @Sendable (PGConnection) throws -> Deal,
                        done: @escaping @MainActor (Deal) -> String) {
        guard !isBusy else { return }
        isBusy = true
        let language = app.language
        app.showMessage(SalesText.working(language), role: .status)
        app.database.request(lane: "deal.stage", work, completion: { [weak self, weak card] result in
            guard let self, let card else { return }
            self.isBusy = false
            switch result {
            case .success(let stored):
                card.show(CardRecord(record: stored, labels: card.form?.lookupLabels ?? [:]))
                self.app.deliver(DealChanged(id: stored.id))
                self.app.showMessage(done(stored))
            case .failure(let error as RefusalError):
                self.app.showRefusal(error.message.text(language))
            case .failure(let error as StateCommandRefusal):
                // The database's rule (the contract gate, the discount limit…), in full.
                self.app.showRefusal(error.localizedReason.text(language))
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    // MARK: - Printing

    func choosePrintForm(_ card: CardScreen<DealEditor>) {
        guard let deal = card.record else { return }
        let labels: [PrintForm: LocalizedText] = [
            .contract: LocalizedText(ru: "Договор купли-продажи", en: "Contract of sale"),
            .invoice: LocalizedText(ru: "Счёт на оплату", en: "Invoice"),
            .handover: LocalizedText(ru: "Акт приёма-передачи", en: "Handover act"),
        ]
        let choices = PrintForm.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: labels[$0]?.text(app.language) ?? $0.rawValue) }
        app.pick(ChoicePicker(title: SalesText.printTitle(app.language, ["number": deal.number]), choices: choices)) { [weak self] value in
            guard let self, let form = PrintForm(rawValue: value) else { return }
            let number = deal.number, language = self.app.language
            self.app.showMessage(SalesText.printing(language), role: .status)
            self.app.database.request(lane: "deal.print", { connection in
                try DealPrinter.print(number: number, form: form, connection: connection).path
            }, completion: { [weak self] result in
                guard let self else { return }
                switch result {
                case .success(let path):
                    self.app.showMessage(SalesText.printed(language, ["path": path]))
                    self.app.showMessageBox(title: SalesText.pdfReady(language), text: path)
                case .failure(let error as PrintError):
                    self.app.showRefusal(error.message.text(language))
                case .failure(let error):
                    self.app.showError(ErrorText.describe(error, language: language))
                }
            })
        }
    }
}
