import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Issue 10, items 1–3: rules the database holds whoever writes.
@Suite("Money rules: cash days not ahead of today and reopened with a reason, deal stage ↔ car status, no payments for ended deals")
struct MoneyRulesTests {
    private func today(_ f: FinanceFixture) throws -> CivilDate {
        try #require(try f.cashDays.today(dealershipID: f.dealership.id))
    }

    @Test func aDayAfterTodayCannotBeClosedEvenPastTheRepository() throws {
        let f = try FinanceFixture()
        let tomorrow = try today(f).adding(days: 1)
        #expect(throws: FinanceRefusal.self) {
            try f.cashDays.close(dealershipID: f.dealership.id, day: tomorrow, actor: "kuznetsov")
        }
        let raw = #expect(throws: DatabaseError.self) {
            try f.connection.execute("""
                INSERT INTO cash_days (dealership_id, day, opening_balance, cash_in, cash_out, closing_balance, entries, closed_by)
                VALUES (\(f.dealership.id), \(tomorrow), 0, 0, 0, 0, 0, 'kuznetsov')
                """)
        }
        #expect(raw?.constraint == "cash_days_not_future")
        // Today itself can be closed.
        try f.cashDays.close(dealershipID: f.dealership.id, day: try today(f), actor: "kuznetsov")
    }

    @Test func todayInTheDealershipsTimeZone() throws {
        let f = try FinanceFixture()
        try f.connection.execute("UPDATE dealerships SET time_zone = 'Pacific/Kiritimati' WHERE id = \(f.dealership.id)")
        let kiritimati = try f.connection.fetchOne(String.self, "SELECT (now() AT TIME ZONE 'Pacific/Kiritimati')::date::text")
        #expect(try today(f).isoText == kiritimati)
        #expect(throws: DatabaseError.self) {
            try f.connection.execute("UPDATE dealerships SET time_zone = 'Mars/Olympus' WHERE id = \(f.dealership.id)")
        }
    }

    @Test func aClosedDayIsReopenedWithAReasonByFinanceOnlyAndOnlyTheLastOne() throws {
        let f = try FinanceFixture()
        let day = FinanceFixture.day
        let deal = try f.deal(number: 1, due: rub("3 000 000"))
        try f.confirmed(.payment, .cash, "100 000", deal: deal, date: day)
        try f.cashDays.close(dealershipID: f.dealership.id, day: day, actor: "kuznetsov")
        try f.cashDays.close(dealershipID: f.dealership.id, day: day.adding(days: 2), actor: "kuznetsov")

        // The day between two closures is closed with the later one, and says so.
        let between = try f.cashDays.report(dealershipID: f.dealership.id, day: day.adding(days: 1))
        #expect(between.closure == nil && between.isClosed)
        #expect(between.lastClosedDay == day.adding(days: 2))

        // Not while a later day is closed, neither through the repository nor past it.
        #expect(throws: FinanceRefusal.self) {
            try f.cashDays.reopen(dealershipID: f.dealership.id, day: day, reason: "ошибка кассира", actor: "kuznetsov")
        }
        let raw = #expect(throws: DatabaseError.self) {
            try f.connection.execute("""
                UPDATE cash_days SET reopened_at = now(), reopened_by = 'kuznetsov', reopen_reason = 'x'
                WHERE dealership_id = \(f.dealership.id) AND day = \(day)
                """)
        }
        #expect(raw?.constraint == "cash_days_reopen_in_order")
        // A reason is required.
        #expect(throws: FinanceRefusal.self) {
            try f.cashDays.reopen(dealershipID: f.dealership.id, day: day.adding(days: 2), reason: "  ", actor: "kuznetsov")
        }
        // A login outside kite_finance is refused by the database.
        let login = try f.makePlainLogin()
        defer { f.dropLogin(login.name) }
        let clerk = try PGConnection(login.conninfo)
        let refused = #expect(throws: StateCommandRefusal.self) {
            try CashDayRepository(connection: clerk).reopen(dealershipID: f.dealership.id, day: day.adding(days: 2),
                                                            reason: "ошибка", actor: "sidorova")
        }
        #expect(refused?.code == "kite_finance_role")

        // Finance reopens the last day, then the one before: cash can be entered again.
        try f.cashDays.reopen(dealershipID: f.dealership.id, day: day.adding(days: 2), reason: "пропущен приходник",
                              actor: "kuznetsov")
        #expect(try f.cashDays.lastClosedDay(dealershipID: f.dealership.id) == day)
        try f.cashDays.reopen(dealershipID: f.dealership.id, day: day, reason: "ошибка кассира", actor: "kuznetsov")
        let report = try f.cashDays.report(dealershipID: f.dealership.id, day: day)
        #expect(report.closure == nil && !report.isClosed)
        try f.confirmed(.payment, .cash, "5 000", deal: deal, date: day)
        // Closed again with the new figures; the reopened closures stay as history.
        let again = try f.cashDays.close(dealershipID: f.dealership.id, day: day, actor: "kuznetsov")
        #expect(again.cashIn == rub("105 000"))
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM cash_days") == 3)
        // Audited by the database, with the reason and who.
        struct Audit: Decodable { var actor: String; var reason: String; var day: String }
        let audits = try f.connection.fetch(Audit.self, """
            SELECT actor, data->>'reason' AS reason, data->>'day' AS day FROM audit_log
            WHERE entity = 'cash_day' AND action = 'reopen' ORDER BY id
            """)
        #expect(audits.map(\.reason) == ["пропущен приходник", "ошибка кассира"])
        #expect(audits.map(\.actor) == ["kuznetsov", "kuznetsov"])
        #expect(audits.map(\.day) == [day.adding(days: 2).isoText, day.isoText])
        // A reopened closure never changes again.
        #expect(throws: DatabaseError.self) {
            try f.connection.execute("UPDATE cash_days SET reopen_reason = 'другая' WHERE reopened_at IS NOT NULL")
        }
        #expect(try FinanceVerifier(connection: f.connection).run().discrepancies == [])
    }

    @Test func aDealsStageAndItsCarsStatusMoveTogether() throws {
        let f = try FinanceFixture()
        let vehicle = try VehicleRepository(connection: f.connection).insert(Vehicle(
            stockNumber: "MSK-R00001", vin: "XW8R0000000000001", make: "Haval", model: "Jolion", year: 2026,
            condition: .new, status: .inStock, vehicleType: "car", dealershipID: f.dealership.id,
            listPrice: rub("2 000 000")), actor: "test")
        let customer = try f.connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, updated_by) VALUES ('person', 'Петров Пётр', 'test') RETURNING id
            """)!
        let deal = try f.connection.fetchOne(Int64.self, """
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, vehicle_id, stage, updated_by)
            VALUES ('MSK-2026-000900', \(f.dealership.id), 'ivanova', \(customer), \(vehicle.id), 'draft', 'test')
            RETURNING id
            """)!
        // An UPDATE of deals alone would leave the car in stock while its deal is reserved.
        let alone = #expect(throws: DatabaseError.self) {
            try f.connection.execute("""
                UPDATE deals SET stage = 'reserved', reserved_until = current_date + 3 WHERE id = \(deal)
                """)
        }
        #expect(alone?.constraint == "deals_vehicle_status")
        #expect(try f.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(deal)") == "draft")
        // Both in one transaction: accepted.
        try f.connection.transaction { connection in
            try connection.execute("UPDATE vehicles SET status = 'reserved' WHERE id = \(vehicle.id)")
            try connection.execute("UPDATE deals SET stage = 'reserved', reserved_until = current_date + 3 WHERE id = \(deal)")
        }
        // Nor does the car leave its deal alone.
        let carAlone = #expect(throws: DatabaseError.self) {
            try f.connection.execute("UPDATE vehicles SET status = 'in_stock' WHERE id = \(vehicle.id)")
        }
        #expect(carAlone?.constraint == "deals_vehicle_status")
        let contractedAlone = #expect(throws: DatabaseError.self) {
            try f.connection.execute("UPDATE deals SET stage = 'contracted' WHERE id = \(deal)")
        }
        #expect(contractedAlone?.constraint == "deals_vehicle_status")
        #expect(try VehicleRepository(connection: f.connection).get(id: vehicle.id)?.status == .reserved)
    }

    @Test func aCancelledOrClosedDealTakesNoPaymentButARefund() throws {
        let f = try FinanceFixture()
        let open = try f.deal(number: 1, due: rub("1 000 000"))
        try f.confirmed(.prepayment, .card, "300 000", deal: open)
        let pending = try f.payments.insert(f.draft(.payment, .card, "50 000", deal: open), actor: "sidorova")
        try f.connection.execute("UPDATE deals SET stage = 'cancelled', cancelled_at = now(), cancel_reason = 'передумал' WHERE id = \(open)")

        for kind in [PaymentKind.prepayment, .payment] {
            let refused = #expect(throws: DatabaseError.self) {
                try f.payments.insert(f.draft(kind, .card, "10 000", deal: open), actor: "sidorova")
            }
            #expect(refused?.constraint == "payments_deal_open")
        }
        // A refund is what a cancelled deal is for.
        let refund = try f.payments.insert(f.draft(.refund, .card, "300 000", deal: open), actor: "sidorova")
        #expect(refund.state == .pending)
        // What was entered before it was cancelled can still be confirmed (the money came) or cancelled.
        #expect(try f.payments.confirm(id: pending.id, actor: "kuznetsov").state == .confirmed)
        // Moving another deal's pending payment onto it is refused too.
        let other = try f.deal(number: 2, due: rub("1 000 000"))
        let moved = try f.payments.insert(f.draft(.payment, .card, "1 000", deal: other), actor: "sidorova")
        let move = #expect(throws: DatabaseError.self) {
            try f.payments.update(id: moved.id, f.draft(.payment, .card, "1 000", deal: open),
                                  expectedVersion: moved.version, actor: "sidorova")
        }
        #expect(move?.constraint == "payments_deal_open")

        let closed = try f.deal(number: 3, due: rub("1 000 000"), stage: "closed")
        let refusedClosed = #expect(throws: DatabaseError.self) {
            try f.payments.insert(f.draft(.payment, .cash, "1 000", deal: closed), actor: "sidorova")
        }
        #expect(refusedClosed?.constraint == "payments_deal_open")
    }
}
