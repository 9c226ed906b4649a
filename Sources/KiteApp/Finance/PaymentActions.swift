import KiteDomain
import KiteStore
import KiteUI

/// Confirming and reversing from any finance screen: the role check in the
/// UI, a confirmation question, the work on the database thread.
@MainActor
enum PaymentActions {
    static func confirm(app: KiteApplication, payment: Payment, done: @escaping @MainActor (Payment) -> Void) {
        let language = app.language, ru = language == .ru
        guard !app.refuseUnlessFinance() else { return }
        guard payment.state == .pending else {
            app.showError(ru ? "Платёж №\(payment.id) уже \(payment.state.label.ru)" : "Payment #\(payment.id) is already \(payment.state.label.en)")
            return
        }
        let amount = payment.amount.formatted(language)
        let question = ru ? "Подтвердить платёж №\(payment.id) на \(amount) (\(payment.method.label.ru))?"
                          : "Confirm payment #\(payment.id) of \(amount) (\(payment.method.label.en))?"
        let actor = app.login, id = payment.id
        app.confirm(question) {
            app.database.request({ connection in
                try PaymentRepository(connection: connection).confirm(id: id, actor: actor)
            }, completion: { result in
                switch result {
                case .success(let confirmed):
                    app.showMessage((ru ? "Подтверждён платёж №" : "Confirmed payment #") + "\(confirmed.id)")
                    done(confirmed)
                case .failure(let error):
                    app.showError(FinanceText.describe(error, language: language))
                }
            })
        }
    }

    static func reverse(app: KiteApplication, payment: Payment, reason: String,
                        done: @escaping @MainActor (Payment) -> Void) -> Bool {
        let language = app.language, ru = language == .ru
        guard !app.refuseUnlessFinance() else { return false }
        guard payment.state == .confirmed, !payment.isReversal else {
            app.showError(ru ? "Сторнировать можно только подтверждённый платёж (не сторно)" : "Only a confirmed payment (not a reversal) can be reversed")
            return false
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            app.showError(ru ? "Укажите причину сторно в поле «Причина сторно»" : "Type the reason in “Reversal reason” first")
            return false
        }
        let question = ru ? "Сторнировать платёж №\(payment.id) на \(payment.amount.formatted(language))?"
                          : "Reverse payment #\(payment.id) of \(payment.amount.formatted(language))?"
        let actor = app.login, id = payment.id
        app.confirm(question) {
            app.database.request({ connection in
                try PaymentRepository(connection: connection).reverse(id: id, reason: reason, actor: actor).reversal
            }, completion: { result in
                switch result {
                case .success(let reversal):
                    app.showMessage(ru ? "Сторнирован: платёж №\(id), сторно №\(reversal.id) от \(reversal.date.russianText)"
                                       : "Reversed: payment #\(id), reversal #\(reversal.id) dated \(reversal.date.russianText)")
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
        let language = app.language, ru = language == .ru
        guard payment.state == .pending else {
            app.showError(ru ? "Платёж №\(payment.id) \(payment.state.label.ru): отменить можно только ожидающий подтверждения"
                             : "Payment #\(payment.id) is \(payment.state.label.en): only a pending payment can be cancelled")
            return
        }
        guard mayCancel(app: app, payment: payment) else {
            app.showRefusal(ru ? "Отменить платёж может только тот, кто его ввёл (\(payment.createdBy)), или финансист"
                             : "Only the person who entered the payment (\(payment.createdBy)) or finance may cancel it")
            return
        }
        let dialog = FormDialog(title: ru ? "Отмена платежа №\(payment.id)" : "Cancel payment #\(payment.id)",
                                fields: [FormField(bind: "reason", label: ru ? "Причина отмены" : "Cancel reason",
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
        let language = app.language, ru = language == .ru
        let amount = payment.amount.formatted(language)
        let question = ru ? "Отменить платёж №\(payment.id) на \(amount)? Он останется в журнале и нигде не будет считаться."
                          : "Cancel payment #\(payment.id) of \(amount)? It stays in the journal and counts nowhere."
        let actor = app.login, id = payment.id
        app.confirm(question) {
            app.database.request({ connection in
                try PaymentRepository(connection: connection).cancel(id: id, reason: reason, actor: actor)
            }, completion: { result in
                switch result {
                case .success(let cancelled):
                    app.showMessage(ru ? "Отменён платёж №\(cancelled.id)" : "Cancelled payment #\(cancelled.id)")
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
