import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@Suite("Payments: cancelling a pending payment entered by mistake")
struct PaymentCancelTests {
    @Test("a cancelled payment stays in the journal with who, when and why, and counts nowhere")
    func cancelledPaymentCountsNowhere() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 1, due: rub("1 000 000"))
        try f.confirmed(.prepayment, .cash, "300 000", deal: deal)
        let duplicate = try f.payments.insert(f.draft(.prepayment, .cash, "300 000", deal: deal), actor: "sidorova")
        var day = try f.cashDays.report(dealershipID: f.dealership.id, day: FinanceFixture.day)
        #expect(day.pending.map(\.id) == [duplicate.id])

        let cancelled = try f.payments.cancel(id: duplicate.id, reason: "  дубль чека 15  ", actor: "sidorova")
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.cancelledBy == "sidorova")
        #expect(cancelled.cancelledAt != nil)
        #expect(cancelled.cancelReason == "дубль чека 15")
        #expect(cancelled.confirmedBy == nil)
        #expect(cancelled.version == duplicate.version + 1)
        #expect(cancelled.amount == rub("300 000"))  // nothing else changed
        #expect(try f.payments.history(id: duplicate.id).map(\.state) == [.cancelled])
        #expect(try f.connection.fetchOne(String.self, """
            SELECT data->>'cancel_reason' FROM audit_log WHERE entity = 'payment' AND entity_id = \(duplicate.id) AND action = 'cancel'
            """) == "дубль чека 15")

        // Deal balance, the cash day (totals and the pending line), receivables, verify.
        let balance = try #require(try f.payments.balance(dealID: deal))
        #expect(balance.paid == rub("300 000"))
        #expect(balance.outstanding == rub("700 000"))
        day = try f.cashDays.report(dealershipID: f.dealership.id, day: FinanceFixture.day)
        #expect(day.pending.isEmpty)
        #expect(day.cashIn == rub("300 000"))
        #expect(!day.payments.contains { $0.id == duplicate.id })
        let receivables = try ReceivablesRepository(connection: f.connection).report(asOf: FinanceFixture.day)
        #expect(receivables.deals.map(\.balance.outstanding) == [rub("700 000")])
        #expect(try FinanceVerifier(connection: f.connection).run().discrepancies == [])

        // Still in the journal: the state filter finds it; it no longer blocks closing the day.
        #expect(try f.payments.page(filter: PaymentFilter(state: .cancelled)).map(\.id) == [duplicate.id])
        #expect(try f.payments.page(filter: PaymentFilter(state: .pending)).isEmpty)
        let closure = try f.cashDays.close(dealershipID: f.dealership.id, day: FinanceFixture.day, actor: "kuznetsov")
        #expect(closure.cashIn == rub("300 000"))
        #expect(closure.entries == 1)
        #expect(try FinanceVerifier(connection: f.connection).run().discrepancies == [])
    }

    @Test("refused: a confirmed, reversed or already cancelled payment, a reversal entry, an empty reason")
    func refusals() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 2, due: rub("1 000 000"))
        let confirmed = try f.confirmed(.payment, .card, "100 000", deal: deal)
        let onConfirmed = #expect(throws: FinanceRefusal.self) {
            try f.payments.cancel(id: confirmed.id, reason: "ошибка", actor: "kuznetsov")
        }
        #expect(onConfirmed?.message.en.contains("already confirmed by kuznetsov") == true)
        #expect(onConfirmed?.message.en.contains("only a pending payment can be cancelled; reverse a confirmed one") == true)

        let (reversal, _) = try f.payments.reverse(id: confirmed.id, reason: "двойное списание", actor: "kuznetsov")
        let onReversed = #expect(throws: FinanceRefusal.self) {
            try f.payments.cancel(id: confirmed.id, reason: "ошибка", actor: "kuznetsov")
        }
        #expect(onReversed?.message.ru.contains("сторнирован: отменить можно только ожидающий подтверждения") == true)
        let onReversal = #expect(throws: FinanceRefusal.self) {
            try f.payments.cancel(id: reversal.id, reason: "ошибка", actor: "kuznetsov")
        }
        #expect(onReversal?.message.en.contains("a reversal is neither cancelled nor reversed") == true)

        let pending = try f.payments.insert(f.draft(.payment, .card, "5 000", deal: deal), actor: "sidorova")
        let empty = #expect(throws: FinanceRefusal.self) { try f.payments.cancel(id: pending.id, reason: " \n ", actor: "sidorova") }
        #expect(empty?.message.ru == "Причина отмены: обязательное поле")
        #expect(empty?.message.en == "Cancel reason: required")
        #expect(try f.payments.get(id: pending.id)?.state == .pending)

        try f.payments.cancel(id: pending.id, reason: "не тот клиент", actor: "sidorova")
        let twice = #expect(throws: FinanceRefusal.self) { try f.payments.cancel(id: pending.id, reason: "ещё раз", actor: "kuznetsov") }
        #expect(twice?.message.en.contains("was cancelled by sidorova") == true)
        #expect(twice?.message.en.contains("reason: не тот клиент") == true)
        // Nor confirmed, edited or reversed afterwards.
        let confirm = #expect(throws: FinanceRefusal.self) { try f.payments.confirm(id: pending.id, actor: "kuznetsov") }
        #expect(confirm?.message.en.contains("a cancelled payment is never edited, confirmed or reversed") == true)
        #expect(throws: FinanceRefusal.self) {
            try f.payments.update(id: pending.id, f.draft(.payment, .card, "1", deal: deal), expectedVersion: 2, actor: "sidorova")
        }
        let reverse = #expect(throws: FinanceRefusal.self) { try f.payments.reverse(id: pending.id, reason: "x", actor: "kuznetsov") }
        #expect(reverse?.message.en.contains("is cancelled: it was never confirmed") == true)
        #expect(try f.payments.get(id: pending.id)?.cancelReason == "не тот клиент")
        #expect(try f.payments.balance(dealID: deal)?.paid == .zero)
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM audit_log WHERE action = 'cancel'") == 1)
    }

    @Test("a cancel racing a confirm from other terminals: exactly one wins, the others are told who did what")
    func cancelRacingConfirm() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 3, due: rub("1 000 000"))
        var confirmedRounds = 0
        for round in 0..<10 {
            let payment = try f.payments.insert(f.draft(.payment, .cash, "1 000", deal: deal), actor: "sidorova")
            let wins = ThreadResults<String>()
            let refusals = ThreadResults<String>()
            let conninfo = f.conninfo
            runOnThreads(4, results: wins) { index in
                let repository = PaymentRepository(connection: try PGConnection(conninfo))
                do {
                    if index % 2 == 0 {
                        try repository.cancel(id: payment.id, reason: "дубль", actor: "clerk\(index)")
                        wins.append("cancelled")
                    } else {
                        try repository.confirm(id: payment.id, actor: "finance\(index)")
                        wins.append("confirmed")
                    }
                } catch let refusal as FinanceRefusal {
                    refusals.append(refusal.message.en)
                }
            }
            #expect(wins.errors == [], "round \(round)")
            #expect(wins.values.count == 1, "round \(round): \(wins.values)")
            #expect(refusals.values.count == 3, "round \(round)")
            let stored = try #require(try f.payments.get(id: payment.id))
            if wins.values.first == "confirmed" {
                confirmedRounds += 1
                #expect(stored.state == .confirmed && stored.cancelledBy == nil)
                #expect(refusals.values.allSatisfy { $0.contains("already confirmed by \(stored.confirmedBy!)") })
            } else {
                #expect(stored.state == .cancelled && stored.confirmedBy == nil)
                #expect(refusals.values.allSatisfy { $0.contains("was cancelled by \(stored.cancelledBy!)") })
            }
        }
        #expect(try f.payments.balance(dealID: deal)?.paid == Money(roubles: Int64(1_000 * confirmedRounds)))
        #expect(try FinanceVerifier(connection: f.connection).run().discrepancies == [])
    }

    @Test("bypassing the app, the database refuses every transition but pending → cancelled with a reason")
    func databaseRefusesForbiddenTransitions() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 4, due: rub("1 000 000"))
        func refusal(_ sql: SQL) -> String? {
            let error = #expect(throws: DatabaseError.self) { try f.connection.execute(sql) }
            return error?.constraint
        }
        let confirmed = try f.confirmed(.payment, .card, "100 000", deal: deal)
        #expect(refusal("""
            UPDATE payments SET state = 'cancelled', cancelled_at = now(), cancelled_by = 'x', cancel_reason = 'x'
            WHERE id = \(confirmed.id)
            """) == "payments_immutable")

        let pending = try f.payments.insert(f.draft(.payment, .card, "5 000", deal: deal), actor: "sidorova")
        #expect(refusal("""
            UPDATE payments SET state = 'cancelled', cancelled_at = now(), cancelled_by = 'x' WHERE id = \(pending.id)
            """) == "payments_cancelled_shape")  // no reason
        #expect(refusal("""
            UPDATE payments SET state = 'cancelled', cancelled_at = now(), cancelled_by = 'x', cancel_reason = 'x',
                amount = 1 WHERE id = \(pending.id)
            """) == "payments_cancel_only")  // cancelling changes nothing else
        #expect(refusal("UPDATE payments SET cancel_reason = 'x' WHERE id = \(pending.id)") == "payments_cancel_only")
        #expect(refusal("""
            INSERT INTO payments (dealership_id, direction, kind, method, amount, payment_date, deal_id, state,
                cancelled_at, cancelled_by, cancel_reason, created_by, updated_by)
            VALUES (\(f.dealership.id), 'incoming', 'payment', 'card', 10, '2026-03-10', \(deal), 'cancelled',
                now(), 'x', 'x', 'x', 'x')
            """) == "payments_entered_pending")

        try f.connection.execute("""
            UPDATE payments SET state = 'cancelled', cancelled_at = now(), cancelled_by = 'x', cancel_reason = 'дубль'
            WHERE id = \(pending.id)
            """)
        #expect(refusal("UPDATE payments SET state = 'pending' WHERE id = \(pending.id)") == "payments_cancelled_final")
        #expect(refusal("""
            UPDATE payments SET state = 'confirmed', confirmed_at = now(), confirmed_by = 'x' WHERE id = \(pending.id)
            """) == "payments_cancelled_final")
        #expect(refusal("UPDATE payments SET cancel_reason = 'другая' WHERE id = \(pending.id)") == "payments_cancelled_final")
        #expect(refusal("""
            INSERT INTO payments (dealership_id, direction, kind, method, amount, payment_date, deal_id, state,
                reverses_payment_id, reason, confirmed_at, confirmed_by, created_by, updated_by)
            VALUES (\(f.dealership.id), 'incoming', 'payment', 'card', -5000, '2026-03-10', \(deal), 'confirmed',
                \(pending.id), 'x', now(), 'x', 'x', 'x')
            """) == "payments_reversal_mirror")
        #expect(refusal("DELETE FROM payments WHERE id = \(pending.id)") == "payments_never_deleted")
        let stored = try #require(try f.payments.get(id: pending.id))
        #expect(stored.state == .cancelled)
        #expect(stored.cancelReason == "дубль")
        #expect(try f.payments.balance(dealID: deal)?.paid == rub("100 000"))
        #expect(try FinanceVerifier(connection: f.connection).run().discrepancies == [])
    }

    @Test("the database lets only the login that entered a payment, or kite_finance, cancel it")
    func databaseRoleRule() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 5, due: rub("1 000 000"))
        let anna = try f.makePlainLogin(), boris = try f.makePlainLogin()
        defer { f.dropLogin(anna.name); f.dropLogin(boris.name) }
        // Clerks who enter payments (kite_operator: EXECUTE on kite_payment_cancel, 0037).
        try f.connection.execute("GRANT kite_operator TO \(identifier: anna.name), \(identifier: boris.name)")
        let annaPayments = PaymentRepository(connection: try PGConnection(anna.conninfo))
        let borisPayments = PaymentRepository(connection: try PGConnection(boris.conninfo))

        let annas = try annaPayments.insert(f.draft(.payment, .card, "1 000", deal: deal), actor: "anna")
        #expect(try f.connection.fetchOne(String.self, "SELECT created_db_user FROM payments WHERE id = \(annas.id)") == anna.name)
        let byOther = #expect(throws: StateCommandRefusal.self) { try borisPayments.cancel(id: annas.id, reason: "чужой", actor: "anna") }
        #expect(byOther?.code == "payments_cancel_role")
        #expect(byOther?.localizedReason.ru == "База отказала: отменить платёж №\(annas.id) может только тот, кто его ввёл, или финансист")
        #expect(try f.payments.get(id: annas.id)?.state == .pending)
        let own = try annaPayments.cancel(id: annas.id, reason: "ошиблась сделкой", actor: "anna")
        #expect(own.state == .cancelled)
        #expect(try f.connection.fetchOne(String.self, "SELECT cancelled_db_user FROM payments WHERE id = \(annas.id)") == anna.name)

        // A payment entered by another login: finance may cancel it (the test's superuser is finance), Boris may not.
        let imported = try f.payments.insert(f.draft(.otherIncoming, .bankTransfer, "7 000", deal: nil, counterparty: "ООО Чужие"),
                                             actor: "kuznetsov")
        #expect(throws: StateCommandRefusal.self) { try borisPayments.cancel(id: imported.id, reason: "не наш", actor: "boris") }
        try f.connection.execute("GRANT kite_finance TO \(identifier: boris.name)")
        let financeBoris = PaymentRepository(connection: try PGConnection(boris.conninfo))
        #expect(try financeBoris.cancel(id: imported.id, reason: "не наш платёж", actor: "boris").state == .cancelled)
    }

    @Test func cancellingNotifiesOtherScreens() throws {
        let f = try FinanceFixture()
        let watcher = try PGConnection(f.conninfo)
        try watcher.listen("payments")
        let deal = try f.deal(number: 6, due: Money(roubles: 5_000))
        let payment = try f.payments.insert(f.draft(.prepayment, .cash, "1000", deal: deal), actor: "sidorova")
        _ = try f.payments.cancel(id: payment.id, reason: "дубль", actor: "sidorova")
        var payloads: [String] = []
        let deadline = Date().addingTimeInterval(5)
        while payloads.count < 2 && Date() < deadline {
            payloads += try watcher.drainNotifications().filter { $0.channel == "payments" }.map(\.payload)
            if payloads.count < 2 { usleep(20_000) }
        }
        #expect(payloads.prefix(2) == ["\(payment.id):pending", "\(payment.id):cancelled"])
    }

    @Test("a cancelled imported bank line is still a duplicate when the same statement is imported again")
    func reimportSkipsCancelledLine() throws {
        let f = try FinanceFixture()
        try f.deal(number: 1, due: rub("2 000 000"))
        let bytes = try #require(CyrillicCodePage.windows1251.encode(BankStatementImportTests.statement))
        let file = ClientBankExchange.parse(data: Data(bytes))
        let importer = BankStatementImporter(connection: f.connection)
        let first = try importer.importStatement(file, dealershipID: f.dealership.id, actor: "kuznetsov")
        let notOurs = try #require(first.unmatched.first)
        try f.payments.cancel(id: notOurs.paymentID, reason: "не наш платёж", actor: "kuznetsov")

        let again = try importer.importStatement(file, dealershipID: f.dealership.id, actor: "kuznetsov")
        #expect(again.imported.isEmpty)
        #expect(again.duplicates.map(\.number).contains(notOurs.document.number))
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM payments") == 2)
        #expect(try f.payments.get(id: notOurs.paymentID)?.state == .cancelled)
    }
}
