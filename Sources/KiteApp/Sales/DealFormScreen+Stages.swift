import Foundation
import KiteDomain
import KitePrint
import KiteStore
import KiteTerminal
import KiteUI

/// Stage commands, discount approval and printing from the deal form.
extension DealFormScreen {
    // MARK: - Stage commands

    func chooseStageCommand() {
        let ru = app.language == .ru
        guard let deal, dealID != nil else {
            app.showError(ru ? "Сначала сохраните сделку (F2)" : "Save the deal first (F2)")
            return
        }
        if isDirty {
            app.showError(ru ? "Сначала сохраните изменения (F2) или отмените их (Esc)" : "Save your changes first (F2) or discard them (Esc)")
            return
        }
        let commands = DealCommand.allCases.filter { deal.stage.possibleNext.contains($0.target) }
        guard !commands.isEmpty else {
            app.showError(ru ? "Сделка «\(deal.stage.label.ru)»: дальше стадий нет" : "The deal is '\(deal.stage.label.en)': no further stages")
            return
        }
        let choices = commands.map { command in
            let label = command == .reserve && deal.stage == .reserved ? (ru ? "Продлить резерв" : "Renew the reservation")
                                                                        : command.label.text(app.language)
            return ChoicePicker.Choice(value: command.rawValue, label: label)
        }
        let picker = ChoicePicker(title: ru ? "Стадия: \(deal.stage.label.ru) → …" : "Stage: \(deal.stage.label.en) → …",
                                  choices: choices)
        app.pick(picker) { [weak self] value in
            guard let self, let command = DealCommand(rawValue: value) else { return }
            if command == .cancel { self.askCancelReason() } else { self.run(command, reason: "") }
        }
    }

    func askCancelReason() {
        let ru = app.language == .ru
        let dialog = FormDialog(title: ru ? "Отмена сделки" : "Cancel the deal",
                                fields: [FormField(bind: "reason", label: ru ? "Причина" : "Reason", required: true, maxLength: 200)],
                                values: ["reason": ""], language: app.language)
        app.formDialog(dialog) { [weak self] values in
            let reason = values["reason"]?.trimmingCharacters(in: .whitespaces) ?? ""
            if reason.isEmpty {
                dialog.showIssues([.error("reason", ru: "Причина: обязательное поле", en: "Reason: required")])
                return false
            }
            self?.run(.cancel, reason: reason)
            return true
        }
    }

    func run(_ command: DealCommand, reason: String) {
        guard let deal, !isBusy else { return }
        isBusy = true
        let actor = app.login, language = app.language, hooks = SalesHooks.stage
        app.showMessage(language == .ru ? "Выполняется…" : "Working…", role: .status)
        app.database.request(lane: "deal.stage", { connection in
            try DealRepository(connection: connection).perform(command, dealID: deal.id, expectedVersion: deal.version,
                                                              actor: actor, reason: reason, hooks: hooks)
        }, completion: { [weak self] result in
            guard let self else { return }
            self.isBusy = false
            switch result {
            case .success(let stored):
                self.show(stored, labels: self.form?.lookupLabels ?? [:])
                self.loadBalance()
                var text = (language == .ru ? "Сделка \(stored.number): " : "Deal \(stored.number): ") + stored.stage.label.text(language)
                if stored.stage == .reserved, let until = stored.reservedUntil {
                    text += (language == .ru ? " до " : " until ") + until.russianText
                }
                self.app.showMessage(text)
            case .failure(let error as RefusalError):
                self.app.showRefusal(error.message.text(language))
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: language))
            }
        })
    }

    func approveDiscount() {
        guard let deal, dealID != nil, !isBusy else { return }
        let ru = app.language == .ru
        if isDirty {
            app.showError(ru ? "Сначала сохраните изменения (F2)" : "Save your changes first (F2)")
            return
        }
        let approver = app.login, language = app.language
        app.confirm(ru ? "Согласовать скидку \(deal.discountAmount.formatted(.ru)) по сделке \(deal.number)?"
                       : "Approve the discount of \(deal.discountAmount.formatted(.en)) on deal \(deal.number)?") { [weak self] in
            guard let self else { return }
            self.isBusy = true
            self.app.database.request(lane: "deal.stage", { connection in
                try DealRepository(connection: connection).approveDiscount(dealID: deal.id, expectedVersion: deal.version,
                                                                           approver: approver)
            }, completion: { [weak self] result in
                guard let self else { return }
                self.isBusy = false
                switch result {
                case .success(let stored):
                    self.show(stored, labels: self.form?.lookupLabels ?? [:])
                    self.app.showMessage(language == .ru ? "Скидка согласована" : "Discount approved")
                case .failure(let error):
                    self.app.showError(ErrorText.describe(error, language: language))
                }
            })
        }
    }

    // MARK: - Printing

    func choosePrintForm() {
        let ru = app.language == .ru
        guard let deal, dealID != nil else {
            app.showError(ru ? "Сначала сохраните сделку (F2)" : "Save the deal first (F2)")
            return
        }
        if isDirty {
            app.showError(ru ? "Сначала сохраните изменения (F2): печатается то, что в базе" : "Save your changes first (F2): the form prints what is stored")
            return
        }
        let labels: [PrintForm: LocalizedText] = [
            .contract: LocalizedText(ru: "Договор купли-продажи", en: "Contract of sale"),
            .invoice: LocalizedText(ru: "Счёт на оплату", en: "Invoice"),
            .handover: LocalizedText(ru: "Акт приёма-передачи", en: "Handover act"),
        ]
        let choices = PrintForm.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: labels[$0]?.text(app.language) ?? $0.rawValue) }
        app.pick(ChoicePicker(title: ru ? "Печать: \(deal.number)" : "Print: \(deal.number)", choices: choices)) { [weak self] value in
            guard let self, let form = PrintForm(rawValue: value) else { return }
            let number = deal.number, language = self.app.language
            self.app.showMessage(language == .ru ? "Печать…" : "Printing…", role: .status)
            self.app.database.request(lane: "deal.print", { connection in
                try DealPrinter.print(number: number, form: form, connection: connection).path
            }, completion: { [weak self] result in
                guard let self else { return }
                switch result {
                case .success(let path):
                    self.app.showMessage((language == .ru ? "Готово: " : "Done: ") + path)
                    self.app.showMessageBox(title: language == .ru ? "PDF готов" : "PDF ready", text: path)
                case .failure(let error as PrintError):
                    self.app.showRefusal(error.message.text(language))
                case .failure(let error):
                    self.app.showError(ErrorText.describe(error, language: language))
                }
            })
        }
    }
}
