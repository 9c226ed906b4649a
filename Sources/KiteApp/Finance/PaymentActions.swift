import KiteDomain
import KiteStore
import KiteUI

/// Confirming and reversing from any finance screen: the role check in the
/// UI, a confirmation question, the work on the database thread.
@MainActor
enum PaymentActions {
    static func confirm(app: KiteApplication, payment: Payment, done: @escaping @MainActor (Payment) -> Void) {
        let language = app.language
        guard !app.refuseUnlessFinance() else { return }
        guard payment.state == .pending else {
            app.showError(FinanceTexts.alreadyInState(language, ["id": String(payment.id), "state": payment.state.label.text(language)]))
            return
        }
        let amount = payment.amount.formatted(language)
        let question = FinanceTexts.confirmPayment(language, ["id": String(payment.id), "amount": amount,
                                                              "method": payment.method.label.text(language)])
        let actor = app.login, id = payment.id
        app.confirm(question) {
            app.database.request({ connection in
                try PaymentRepository(connection: connection).confirm(id: id, actor: actor)
            }, completion: { result in
                switch result {
                case .success(let confirmed):
                    app.showMessage(FinanceTexts.confirmedPayment(language, ["id": String(confirmed.id)]))
                    done(confirmed)
                case .failure(let error):
                    app.showError(FinanceText.describe(error, language: language))
                }
            })
        }
    }

    static func reverse(app: KiteApplication, payment: Payment, reason: String,
                        done: @escaping @MainActor (Payment) -> Void) -> Bool {
        let language = app.language
        guard !app.refuseUnlessFinance() else { return false }
        guard payment.state == .confirmed, !payment.isReversal else {
            app.showError(FinanceTexts.onlyConfirmedCanBeReversed(language))
            return false
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            app.showError(FinanceTexts.reversalReasonMissing(language))
            return false
        }
        let question = FinanceTexts.confirmReverse(language, ["id": String(payment.id), "amount": payment.amount.formatted(language)])
        let actor = app.login, id = payment.id
        app.confirm(question) {
            app.database.request({ connection in
                try PaymentRepository(connection: connection).reverse(id: id, reason: reason, actor: actor).reversal
            }, completion: { result in
                switch result {
                case .success(let reversal):
                    app.showMessage(FinanceTexts.reversedPayment(language, ["id": String(id), "reversal": String(reversal.id),
                                                                            "date": reversal.date.russianText]))
                    done(reversal)
                case .failure(let error):
                    app.showError(FinanceText.describe(error, language: language))
                }
            })
        }
        return true
    }
}

/// Cancelling a pending payment entered by mistake: its author or finance,
/// a required reason asked in a dialog, then a confirmation question.
@MainActor
enum PaymentCancelAction {
    /// Who may cancel in the UI; the database checks its own rule (0013).
    static func mayCancel(app: KiteApplication, payment: Payment) -> Bool {
        app.isFinance || app.login == payment.createdBy
    }

    static func start(app: KiteApplication, payment: Payment, done: @escaping @MainActor (Payment) -> Void) {
        let language = app.language
        guard payment.state == .pending else {
            app.showError(FinanceTexts.onlyPendingCanBeCancelled(language, ["id": String(payment.id),
                                                                            "state": payment.state.label.text(language)]))
            return
        }
        guard mayCancel(app: app, payment: payment) else {
            app.showRefusal(FinanceTexts.onlyAuthorOrFinanceCancels(language, ["author": payment.createdBy]))
            return
        }
        let dialog = FormDialog(title: FinanceTexts.cancelPaymentTitle(language, ["id": String(payment.id)]),
                                fields: [FormField(bind: "reason", label: FinanceTexts.cancelReason(language),
                                                   required: true, maxLength: 300)],
                                values: ["reason": ""], language: language)
        app.formDialog(dialog) { values in
            let reason = (values["reason"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !reason.isEmpty else {
                dialog.showIssues([.error("reason", ru: "Причина отмены: обязательное поле", en: "Cancel reason: required")])
                return false
            }
            ask(app: app, payment: payment, reason: reason, done: done)
            return true
        }
    }

    private static func ask(app: KiteApplication, payment: Payment, reason: String,
                            done: @escaping @MainActor (Payment) -> Void) {
        let language = app.language
        let question = FinanceTexts.confirmCancel(language, ["id": String(payment.id), "amount": payment.amount.formatted(language)])
        let actor = app.login, id = payment.id
        app.confirm(question) {
            app.database.request({ connection in
                try PaymentRepository(connection: connection).cancel(id: id, reason: reason, actor: actor)
            }, completion: { result in
                switch result {
                case .success(let cancelled):
                    app.showMessage(FinanceTexts.cancelledPayment(language, ["id": String(cancelled.id)]))
                    done(cancelled)
                case .failure(let error):
                    // A refusal names the rule in full (the status line cuts long text).
                    app.showRefusal(FinanceText.describe(error, language: language))
                    done(payment)
                }
            })
        }
    }
}
