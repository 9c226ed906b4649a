import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@Suite("Payments: entry, confirmation, reversal, balances")
struct PaymentRepositoryTests {
    @Test func prepaymentConfirmedThenReversedMovesTheBalance() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 1, due: rub("2 500 000"))
        #expect(try f.payments.balance(dealID: deal)?.state == .unpaid)

        let pending = try f.payments.insert(f.draft(.prepayment, .cash, "500 000", deal: deal), actor: "sidorova")
        #expect(pending.state == .pending)
        #expect(pending.dealNumber == "MSK-2026-000001")
        #expect(pending.party == "Петров Пётр Петрович")
        #expect(try f.payments.balance(dealID: deal)?.paid == .zero)  // pending counts nowhere

        let confirmed = try f.payments.confirm(id: pending.id, actor: "kuznetsov")
        #expect(confirmed.state == .confirmed)
        #expect(confirmed.confirmedBy == "kuznetsov")
        var balance = try #require(try f.payments.balance(dealID: deal))
        #expect(balance.state == .partial)
        #expect(balance.paid == rub("500 000"))
        #expect(balance.outstanding == rub("2 000 000"))

        let (reversal, original) = try f.payments.reverse(id: pending.id, reason: "  ошибка кассира  ", actor: "kuznetsov",
                                                          today: FinanceFixture.day)
        #expect(original.state == .reversed)
        #expect(original.reversedByPaymentID == reversal.id)
        #expect(reversal.reversesPaymentID == original.id)
        #expect(reversal.amount == rub("-500 000"))
        #expect(reversal.reason == "ошибка кассира")
        #expect(reversal.state == .confirmed)
        balance = try #require(try f.payments.balance(dealID: deal))
        #expect(balance.state == .unpaid)
        #expect(balance.paid == .zero)
        #expect(balance.hasPayments)
        // The reversal shows in both histories.
        #expect(try f.payments.history(id: original.id).map(\.id) == [original.id, reversal.id])
        #expect(try f.payments.history(id: reversal.id).map(\.id) == [original.id, reversal.id])
        #expect(try FinanceVerifier(connection: f.connection).run().discrepancies == [])
    }

    @Test func refusalsConfirmTwiceReversePendingReverseWithoutReason() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 2, due: rub("1 000 000"))
        let payment = try f.payments.insert(f.draft(.payment, .card, "100 000", deal: deal), actor: "sidorova")
        #expect(throws: FinanceRefusal.self) { try f.payments.reverse(id: payment.id, reason: "x", actor: "kuznetsov") }
        try f.payments.confirm(id: payment.id, actor: "kuznetsov")
        let again = #expect(throws: FinanceRefusal.self) { try f.payments.confirm(id: payment.id, actor: "petrova") }
        #expect(again?.message.ru.contains("уже подтвердил kuznetsov") == true)
        let noReason = #expect(throws: FinanceRefusal.self) { try f.payments.reverse(id: payment.id, reason: "  ", actor: "kuznetsov") }
        #expect(noReason?.message.en == "A reason for the reversal is required")
        let (reversal, _) = try f.payments.reverse(id: payment.id, reason: "двойное списание", actor: "kuznetsov")
        #expect(throws: FinanceRefusal.self) { try f.payments.reverse(id: payment.id, reason: "ещё раз", actor: "kuznetsov") }
        #expect(throws: FinanceRefusal.self) { try f.payments.reverse(id: reversal.id, reason: "сторно сторно", actor: "kuznetsov") }
        #expect(try f.payments.balance(dealID: deal)?.paid == .zero)
    }

    @Test func confirmedPaymentIsNeverEditedOrDeleted() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 3, due: rub("1 000 000"))
        let payment = try f.confirmed(.payment, .bankTransfer, "300 000", deal: deal)
        #expect(throws: FinanceRefusal.self) {
            try f.payments.update(id: payment.id, f.draft(.payment, .bankTransfer, "1", deal: deal),
                                  expectedVersion: payment.version, actor: "sidorova")
        }
        // Even bypassing the repository, the database refuses.
        let edit = #expect(throws: DatabaseError.self) {
            try f.connection.execute("UPDATE payments SET amount = 1 WHERE id = \(payment.id)")
        }
        #expect(edit?.constraint == "payments_immutable")
        let delete = #expect(throws: DatabaseError.self) {
            try f.connection.execute("DELETE FROM payments WHERE id = \(payment.id)")
        }
        #expect(delete?.constraint == "payments_never_deleted")
        #expect(throws: DatabaseError.self) {
            try f.connection.execute("UPDATE payments SET state = 'reversed', reversed_at = now(), reversed_by = 'x' WHERE id = \(payment.id)")
        }
        #expect(throws: DatabaseError.self) {
            try f.connection.execute("""
                INSERT INTO payments (dealership_id, direction, kind, method, amount, payment_date, deal_id, state,
                    confirmed_at, confirmed_by, created_by, updated_by)
                VALUES (\(f.dealership.id), 'incoming', 'payment', 'card', 10, '2026-03-10', \(deal), 'confirmed', now(), 'x', 'x', 'x')
                """)
        }
        #expect(try f.payments.get(id: payment.id)?.amount == rub("300 000"))
    }

    @Test func pendingPaymentIsEditedWithItsVersion() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 4, due: rub("1 000 000"))
        let payment = try f.payments.insert(f.draft(.prepayment, .cash, "100 000", deal: deal), actor: "sidorova")
        let edited = try f.payments.update(id: payment.id, f.draft(.prepayment, .card, "150 000", deal: deal),
                                           expectedVersion: payment.version, actor: "sidorova")
        #expect(edited.amount == rub("150 000"))
        #expect(edited.method == .card)
        #expect(edited.version == payment.version + 1)
        #expect(throws: StaleWriteError.self) {
            try f.payments.update(id: payment.id, f.draft(.prepayment, .card, "1", deal: deal),
                                  expectedVersion: payment.version, actor: "ivanova")
        }
    }

    @Test("two terminals confirming one payment at once confirm it once")
    func doubleConfirmationRace() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 5, due: rub("1 000 000"))
        for round in 0..<10 {
            let payment = try f.payments.insert(f.draft(.payment, .card, "1 000", deal: deal), actor: "sidorova")
            let wins = ThreadResults<Int>()
            let refusals = ThreadResults<String>()
            let conninfo = f.conninfo
            runOnThreads(4, results: wins) { index in
                let repository = PaymentRepository(connection: try PGConnection(conninfo))
                do {
                    try repository.confirm(id: payment.id, actor: "finance\(index)")
                    wins.append(index)
                } catch let refusal as FinanceRefusal {
                    refusals.append(refusal.message.en)
                }
            }
            #expect(wins.errors == [], "round \(round)")
            #expect(wins.values.count == 1, "round \(round): \(wins.values.count) confirmations")
            #expect(refusals.values.count == 3)
            #expect(refusals.values.allSatisfy { $0.contains("already confirmed by finance\(wins.values.first ?? -1)") })
        }
        let balance = try #require(try f.payments.balance(dealID: deal))
        #expect(balance.paid == rub("10 000"))
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM audit_log WHERE action = 'confirm'") == 10)
    }

    @Test("a login without kite_finance cannot confirm, reverse or close a day, even bypassing the app")
    func databaseRoleCheck() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 6, due: rub("1 000 000"))
        let login = try f.makePlainLogin()
        defer { f.dropLogin(login.name) }
        let clerk = try PGConnection(login.conninfo)
        #expect(try clerk.fetchOne(Bool.self, "SELECT kite_is_finance()") == false)
        let repository = PaymentRepository(connection: clerk)
        let payment = try repository.insert(f.draft(.payment, .cash, "200 000", deal: deal), actor: "sidorova")

        // The command is not even executable for it (0037): the program names the role it lacks.
        let confirm = #expect(throws: StateCommandRefusal.self) { try repository.confirm(id: payment.id, actor: "sidorova") }
        #expect(confirm?.code == "kite_finance_role")
        #expect(throws: DatabaseError.self) { try clerk.execute("SELECT kite_payment_confirm(\(payment.id))") }
        // Raw SQL is refused the same way.
        #expect(throws: DatabaseError.self) {
            try clerk.execute("UPDATE payments SET state = 'confirmed', confirmed_at = now(), confirmed_by = 'x' WHERE id = \(payment.id)")
        }
        #expect(try f.payments.get(id: payment.id)?.state == .pending)

        try f.payments.confirm(id: payment.id, actor: "kuznetsov")  // the superuser is finance
        let reverse = #expect(throws: StateCommandRefusal.self) { try repository.reverse(id: payment.id, reason: "ошибка", actor: "sidorova") }
        #expect(reverse?.code == "kite_finance_role")
        let close = #expect(throws: StateCommandRefusal.self) {
            try CashDayRepository(connection: clerk).close(dealershipID: f.dealership.id, day: FinanceFixture.day, actor: "sidorova")
        }
        #expect(close?.code == "kite_finance_role")

        // Made a member of kite_finance, the same login may.
        try f.connection.execute("GRANT kite_finance TO \(identifier: login.name)")
        let financeLogin = try PGConnection(login.conninfo)
        #expect(try financeLogin.fetchOne(Bool.self, "SELECT kite_is_finance()") == true)
        let second = try PaymentRepository(connection: financeLogin).insert(f.draft(.payment, .card, "1 000", deal: deal), actor: "kuznetsov")
        let confirmed = try PaymentRepository(connection: financeLogin).confirm(id: second.id, actor: "kuznetsov")
        #expect(confirmed.state == .confirmed)
        #expect(try f.connection.fetchOne(String.self, "SELECT confirmed_db_user FROM payments WHERE id = \(second.id)") == login.name)
        try PaymentRepository(connection: financeLogin).reverse(id: payment.id, reason: "ошибка", actor: "kuznetsov")
        #expect(try f.payments.balance(dealID: deal)?.paid == rub("1 000"))
    }

    @Test("trade-in offsets are recorded but never counted twice: amount_due already has the credit taken off")
    func tradeInOffsetRule() throws {
        let f = try FinanceFixture()
        // Total 3 000 000, trade-in credit 800 000: amount due 2 200 000.
        let deal = try f.deal(number: 7, due: rub("2 200 000"), tradeInCredit: rub("800 000"))
        try f.confirmed(.tradeIn, .tradeInOffset, "800 000", deal: deal)
        var balance = try #require(try f.payments.balance(dealID: deal))
        #expect(balance.tradeInOffset == rub("800 000"))
        #expect(balance.paid == .zero)
        #expect(balance.state == .unpaid)
        try f.confirmed(.loan, .loan, "2 000 000", deal: deal)
        try f.confirmed(.payment, .cash, "200 000", deal: deal)
        balance = try #require(try f.payments.balance(dealID: deal))
        #expect(balance.state == .paid)
        #expect(balance.isFullyPaid)
        // More trade-in than the deal credits is refused.
        let over = #expect(throws: DatabaseError.self) {
            try f.payments.insert(f.draft(.tradeIn, .tradeInOffset, "1", deal: deal), actor: "sidorova")
        }
        #expect(over?.constraint == "payments_trade_in_credit")
        #expect(try FinanceVerifier(connection: f.connection).run().discrepancies == [])
    }

    @Test func balancesOfManyDealsAndOverpayment() throws {
        let f = try FinanceFixture()
        let a = try f.deal(number: 10, due: rub("1 000 000"))
        let b = try f.deal(number: 11, due: rub("500 000"))
        let c = try f.deal(number: 12, due: rub("700 000"))
        try f.confirmed(.payment, .bankTransfer, "1 100 000", deal: a)
        try f.confirmed(.payment, .card, "500 000", deal: b)
        // A payout to the seller of the deal's car is not the customer's money.
        try f.confirmed(.sellerPayout, .bankTransfer, "300 000", deal: b, counterparty: "Сидоров С. С.")
        let balances = try f.payments.balances(dealIDs: [a, b, c, 999_999])
        #expect(balances.count == 3)
        #expect(balances[a]?.state == .overpaid)
        #expect(balances[a]?.needsRefund == true)
        #expect(balances[a]?.overpayment == rub("100 000"))
        #expect(balances[b]?.state == .paid)
        #expect(balances[c]?.state == .unpaid)
        #expect(balances[c]?.hasPayments == false)
        try f.confirmed(.refund, .bankTransfer, "100 000", deal: a)
        #expect(try f.payments.balance(dealID: a)?.state == .paid)
    }

    @Test func listFiltersAndPaging() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 20, due: rub("5 000 000"), customer: "Ёлкина Анна")
        for index in 0..<30 {
            let method: PaymentMethod = index % 3 == 0 ? .cash : .card
            let payment = try f.payments.insert(f.draft(.payment, method, "\(1_000 + index)", deal: deal,
                                                        date: FinanceFixture.day.adding(days: index % 5)), actor: "sidorova")
            if index % 2 == 0 { try f.payments.confirm(id: payment.id, actor: "kuznetsov") }
        }
        try f.payments.insert(f.draft(.carrier, .bankTransfer, "45 000", deal: nil, counterparty: "ООО «Автовоз»"), actor: "sidorova")
        var seen: [Int64] = []
        var cursor: PaymentCursor?
        repeat {
            let page = try f.payments.page(filter: PaymentFilter(), after: cursor, limit: 7)
            seen += page.map(\.id)
            cursor = page.count == 7 ? PaymentCursor(page.last!) : nil
        } while cursor != nil
        #expect(seen.count == 31)
        #expect(Set(seen).count == 31)
        #expect(try f.payments.page(filter: PaymentFilter(method: .cash)).count == 10)
        #expect(try f.payments.page(filter: PaymentFilter(state: .pending)).count == 16)
        #expect(try f.payments.page(filter: PaymentFilter(direction: .outgoing)).map(\.party) == ["ООО «Автовоз»"])
        #expect(try f.payments.page(filter: PaymentFilter(text: "ёлкина")).count == 30)
        #expect(try f.payments.page(filter: PaymentFilter(text: "000020")).count == 30)
        let day = FinanceFixture.day
        #expect(try f.payments.page(filter: PaymentFilter(from: day.adding(days: 1), to: day.adding(days: 2))).count == 12)
        #expect(try f.payments.findDeals(matching: "ёлк").map(\.number) == ["MSK-2026-000020"])
        #expect(try f.payments.deal(number: "msk-2026-000020")?.customerName == "Ёлкина Анна")
    }

    @Test("the list's filters combine: an open-ended or closed period, a dealership, a deal; the export reads the same rows")
    func periodDealershipAndDealFilters() throws {
        let f = try FinanceFixture()
        let other = try ReferenceRepository(connection: f.connection).insertDealership(code: "SPB", name: "Кайт Авто Санкт-Петербург",
                                                                                      city: "Санкт-Петербург")
        let first = try f.deal(number: 1, due: rub("1 000 000"), customer: "Ёлкин Артём")
        let second = try f.deal(number: 2, due: rub("1 000 000"), customer: "Щербакова Юлия")
        let day = FinanceFixture.day
        for offset in 0..<6 {
            try f.payments.insert(f.draft(.payment, .card, "\(1_000 + offset)", deal: offset % 2 == 0 ? first : second,
                                          date: day.adding(days: offset)), actor: "sidorova")
        }
        var foreign = f.draft(.otherIncoming, .bankTransfer, "7 000", deal: nil, date: day.adding(days: 2), counterparty: "Зайцев")
        foreign.dealershipID = other.id
        try f.payments.insert(foreign, actor: "sidorova")

        func amounts(_ filter: PaymentFilter) throws -> [String] {
            try f.payments.page(filter: filter).map(\.amount.decimalString).sorted()
        }
        #expect(try amounts(PaymentFilter(from: day.adding(days: 4))) == ["1004.00", "1005.00"])
        #expect(try amounts(PaymentFilter(to: day.adding(days: 1))) == ["1000.00", "1001.00"])
        #expect(try amounts(PaymentFilter(from: day.adding(days: 2), to: day.adding(days: 2))) == ["1002.00", "7000.00"])
        #expect(try amounts(PaymentFilter(from: day.adding(days: 2), to: day.adding(days: 2), dealershipID: f.dealership.id)) == ["1002.00"])
        #expect(try amounts(PaymentFilter(dealershipID: other.id)) == ["7000.00"])
        #expect(try amounts(PaymentFilter(dealershipID: f.dealership.id, dealID: second)) == ["1001.00", "1003.00", "1005.00"])
        #expect(try amounts(PaymentFilter(from: day.adding(days: 2), dealID: first)) == ["1002.00", "1004.00"])
        // Exported the same way: batch by batch, every row of the filter once.
        var exported: [String] = []
        try f.payments.forEachBatch(filter: PaymentFilter(from: day.adding(days: 1), dealershipID: f.dealership.id)) { batch in
            exported += batch.map(\.amount.decimalString)
        }
        #expect(exported.sorted() == ["1001.00", "1002.00", "1003.00", "1004.00", "1005.00"])
    }
}
