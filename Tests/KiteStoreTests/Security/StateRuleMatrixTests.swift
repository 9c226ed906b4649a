import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Issue 11: every rule-carrying state change attempted by hand (psql-style SQL)
/// while connected as a login of each role; each attempt in its own transaction,
/// rolled back, so they do not depend on one another.
@Suite("State-rule matrix (issue 11)")
struct StateRuleMatrixTests {
    struct Rows {
        var pending: Int64        // a pending card payment of the unpaid deal, entered by the owner
        var confirmed: Int64      // a confirmed card payment of the paid deal
        var unpaid: Int64         // contracted, nothing paid
        var paid: Int64           // contracted, paid in full
        var discounted: Int64     // draft, a discount of 20 % where the limit is 5 %, not approved
        var job: Int64
        var msk: Int64
        var gated: Int64          // reserved, the customer complete, no check has run
        var incomplete: Int64     // reserved, the checks passed, the customer has only a name
        var ready: Int64          // reserved, the checks passed, the customer complete
        var withinLimit: Int64    // draft, 1 % off where the limit is 5 %
        var car: Int64            // in stock, in no deal
    }

    /// What each operation is, and which roles may do it (all others must be refused).
    static func operations(_ r: Rows) -> [(name: String, sql: SQL, allowed: Set<String>)] {
        [
            // Payments: the state moves only through the commands (0037), for finance
            // (cancel: also the login that entered it, not tried here).
            ("confirm a payment by hand", """
                UPDATE payments SET state = 'confirmed', confirmed_at = now(), confirmed_by = session_user
                WHERE id = \(r.pending)
                """, []),
            ("confirm a payment", "SELECT kite_payment_confirm(\(r.pending))", ["finance"]),
            ("cancel a payment by hand", """
                UPDATE payments SET state = 'cancelled', cancelled_at = now(), cancelled_by = session_user,
                    cancel_reason = 'duplicate' WHERE id = \(r.pending)
                """, []),
            ("cancel a payment someone else entered", "SELECT kite_payment_cancel(\(r.pending), 'duplicate')", ["finance"]),
            ("reverse a confirmed payment by hand", """
                INSERT INTO payments (dealership_id, direction, kind, method, amount, payment_date, deal_id, state,
                    reverses_payment_id, reason, confirmed_at, confirmed_by, created_by, updated_by)
                SELECT dealership_id, direction, kind, method, -amount, payment_date, deal_id, 'confirmed', id,
                    'wrong deal', now(), 'x', 'x', 'x'
                FROM payments WHERE id = \(r.confirmed)
                """, []),
            ("mark a confirmed payment reversed by hand", """
                UPDATE payments SET state = 'reversed', reversed_at = now(), reversed_by = session_user WHERE id = \(r.confirmed)
                """, []),
            ("reverse a confirmed payment", "SELECT kite_payment_reverse(\(r.confirmed), 'wrong deal', current_date)", ["finance"]),
            // Cash days: closed and reopened by the commands, which count the figures themselves.
            ("close a cash day by hand", """
                INSERT INTO cash_days (dealership_id, day, opening_balance, cash_in, cash_out, closing_balance, entries, closed_by)
                VALUES (\(r.msk), '2026-01-05', 0, 0, 0, 0, 0, 'x')
                """, []),
            ("close a cash day", "SELECT kite_cash_day_close(\(r.msk), '2026-01-05')", ["finance"]),
            ("reopen a cash day by hand", """
                UPDATE cash_days SET reopened_at = now(), reopened_by = session_user, reopen_reason = 'x'
                WHERE dealership_id = \(r.msk) AND day = '2025-12-31'
                """, []),
            ("reopen a cash day", "SELECT kite_cash_day_reopen(\(r.msk), '2025-12-31', 'a late receipt')", ["finance"]),
            // Deals: the stage moves through kite_deal_move, along the machine's arrows.
            ("hand over a car not paid for by hand", """
                UPDATE deals SET stage = 'delivered', delivered_at = now() WHERE id = \(r.unpaid)
                """, []),
            ("hand over a car not paid for", "SELECT kite_deal_move(\(r.unpaid), 'delivered')", []),
            ("hand over a car paid for by hand", """
                UPDATE deals SET stage = 'delivered', delivered_at = now() WHERE id = \(r.paid)
                """, []),
            ("hand over a car paid for", "SELECT kite_deal_move(\(r.paid), 'delivered')", ["operator", "manager", "senior"]),
            ("move a contracted deal back to draft", "SELECT kite_deal_move(\(r.unpaid), 'draft')", []),
            ("lower a contracted deal's price and amount due", """
                UPDATE deals SET sale_price = 1, total_amount = 1, amount_due = 0, customer_part = 0 WHERE id = \(r.unpaid)
                """, []),
            ("add a line to a contracted deal", """
                INSERT INTO deal_lines (deal_id, position, kind, description, quantity, unit_price)
                VALUES (\(r.unpaid), 9, 'accessory', 'Коврики', 1, 1000)
                """, []),
            ("reserve a deal whose discount above the limit is not approved", """
                UPDATE deals SET stage = 'reserved', reserved_until = current_date + 3, reserved_at = now()
                WHERE id = \(r.discounted)
                """, []),
            ("reserve it through the command", "SELECT kite_deal_move(\(r.discounted), 'reserved')", []),
            ("approve a discount in one's own name by hand", """
                UPDATE deals SET discount_approved_by = session_user, discount_approved_at = now() WHERE id = \(r.discounted)
                """, []),
            ("approve a discount", "SELECT kite_deal_approve_discount(\(r.discounted))", ["senior"]),
            ("change a car's list price", """
                UPDATE vehicles SET list_price = 1 WHERE id = (SELECT vehicle_id FROM deals WHERE id = \(r.unpaid))
                """, ["operator", "manager", "senior", "appraiser"]),
            ("move a car to another location", """
                UPDATE vehicles SET location_id = NULL, updated_at = now()
                WHERE id = (SELECT vehicle_id FROM deals WHERE id = \(r.unpaid))
                """, ["operator", "manager", "senior", "appraiser", "logistics"]),
            ("change the dealership's discount limit by hand", """
                UPDATE dealerships SET discount_limit_percent = 50 WHERE id = \(r.msk)
                """, []),
            ("change the dealership's discount limit",
             "SELECT kite_dealership_settings_set('MSK', new_discount_limit_percent => 50)", ["admin"]),
            ("change the dealership's bank details", "UPDATE dealerships SET bank_name = 'Банк' WHERE id = \(r.msk)", ["admin"]),
            ("retry a job", "SELECT kite_job_retry(\(r.job))", ["admin"]),
            ("cancel a job", "SELECT kite_job_cancel(\(r.job), 'not needed')", ["admin"]),
            ("add a person", """
                SELECT kite_user_add('matrix_newcomer', 'Новиков Н. Н.', 'operator', '{MSK}')
                """, ["admin"]),
            // The contract gate (0041): the customer's data and the blocking checks, in the command.
            ("contract a deal by hand", """
                UPDATE deals SET stage = 'contracted', contracted_at = now() WHERE id = \(r.ready)
                """, []),
            ("contract a deal whose checks have not run", "SELECT kite_deal_move(\(r.gated), 'contracted')", []),
            ("contract a deal whose customer has no passport", "SELECT kite_deal_move(\(r.incomplete), 'contracted')", []),
            ("contract a deal that passes the gate", "SELECT kite_deal_move(\(r.ready), 'contracted')",
             ["operator", "manager", "senior"]),
            // Nothing to approve within the limit (0041).
            ("approve a discount within the limit", "SELECT kite_deal_approve_discount(\(r.withinLimit))", []),
            // A car's status (0042): by the commands only; a new car is not entered as sold.
            ("change a car's status by hand", "UPDATE vehicles SET status = 'in_preparation' WHERE id = \(r.car)", []),
            ("put a car into pre-sale preparation", "SELECT kite_vehicle_set_status(\(r.car), 'in_preparation')",
             ["operator", "manager", "senior", "logistics", "appraiser"]),
            ("mark a car sold without a deal", "SELECT kite_vehicle_set_status(\(r.car), 'sold')", []),
            ("enter a car as sold", """
                INSERT INTO vehicles (stock_number, vin, make, model, year, status, vehicle_type, dealership_id, list_price, updated_by)
                VALUES ('MSK-M99999', 'XW8M0000000099999', 'Haval', 'Jolion', 2026, 'sold', 'car', \(r.msk), 1000000, 'x')
                """, []),
            ("enter a car in stock", """
                INSERT INTO vehicles (stock_number, vin, make, model, year, status, vehicle_type, dealership_id, list_price, updated_by)
                VALUES ('MSK-M99999', 'XW8M0000000099999', 'Haval', 'Jolion', 2026, 'in_stock', 'car', \(r.msk), 1000000, 'x')
                """, ["operator", "manager", "senior", "logistics", "appraiser"]),
            // Reservations expire through kited's command (0041), not its column grants.
            ("end a reservation by hand", """
                UPDATE deals SET stage = 'draft', reserved_until = NULL WHERE id = \(r.ready)
                """, []),
            ("expire the reservations past their date", "SELECT count(*) FROM kite_reservations_expire()", ["kited"]),
            // The trips' visibility (0042): for the logins whose reads the policies serve.
            ("ask whether a trip is visible", "SELECT kite_trip_visible(0)",
             ["operator", "manager", "senior", "finance", "logistics", "appraiser", "admin", "kited", "api"]),
        ]
    }

    static func rows(_ fixture: SecurityFixture) throws -> Rows {
        let f = fixture.finance
        let unpaid = try f.deal(number: 1, due: rub("1 000 000"))
        let paid = try f.deal(number: 2, due: rub("500 000"))
        let confirmed = try f.confirmed(.payment, .card, "500 000", deal: paid)
        let pending = try f.payments.insert(f.draft(.prepayment, .card, "100 000", deal: unpaid), actor: "test")
        let discounted = try f.deal(number: 3, due: rub("1 000 000"), stage: "draft")
        try fixture.connection.execute("""
            UPDATE deals SET sale_price = 800000, discount_amount = 200000, discount_reason = 'promo',
                discount_requested_by = 'ivanova' WHERE id = \(discounted)
            """)
        // The paid deal's car is sold (the contract sold it), so it can be handed over; a
        // day closed before, to reopen.
        try fixture.connection.execute("UPDATE vehicles SET status = 'sold' WHERE id = (SELECT vehicle_id FROM deals WHERE id = \(paid))")
        try fixture.connection.execute("SELECT kite_cash_day_close(\(f.dealership.id), '2025-12-31', 'kuznetsov')")
        let job = try fixture.connection.fetchOne(Int64.self, """
            INSERT INTO jobs (kind, state, scheduled_at) VALUES ('later', 'scheduled', now() + interval '1 day') RETURNING id
            """)!
        let gated = try f.deal(number: 4, due: rub("1 000 000"), stage: "reserved")
        let incomplete = try f.deal(number: 5, due: rub("1 000 000"), stage: "reserved")
        let ready = try f.deal(number: 6, due: rub("1 000 000"), stage: "reserved")
        for deal in [gated, ready] { try completeCustomer(fixture.connection, deal: deal) }
        for deal in [incomplete, ready] { try fixture.connection.passContractChecks(dealID: deal) }
        let withinLimit = try f.deal(number: 7, due: rub("1 000 000"), stage: "draft")
        try fixture.connection.execute("""
            UPDATE deals SET sale_price = 990000, discount_amount = 10000, discount_reason = 'promo',
                discount_requested_by = 'ivanova' WHERE id = \(withinLimit)
            """)
        let car = try VehicleRepository(connection: fixture.connection).insert(Vehicle(
            stockNumber: "MSK-M00001", vin: "XW8M0000000000001", make: "Haval", model: "Jolion", year: 2026,
            condition: .new, status: .inStock, vehicleType: "car", dealershipID: f.dealership.id,
            listPrice: rub("2 000 000")), actor: "test")
        return Rows(pending: pending.id, confirmed: confirmed.id, unpaid: unpaid, paid: paid, discounted: discounted,
                    job: job, msk: f.dealership.id, gated: gated, incomplete: incomplete, ready: ready,
                    withinLimit: withinLimit, car: car.id)
    }

    /// Everything a contract needs of the deal's customer (a person), as the owner.
    static func completeCustomer(_ connection: PGConnection, deal: Int64) throws {
        try connection.execute("""
            UPDATE customers SET birth_date = '1985-04-12', passport_series = '4508', passport_number = '123456',
                passport_issue_date = '2015-05-20', passport_issuer_code = '770-001', phone = '+79161234567',
                address = 'Москва, ул. Тверская, д. 1', consent_given = true, consent_date = '2026-01-10'
            WHERE id = (SELECT customer_id FROM deals WHERE id = \(deal))
            """)
    }

    @Test func everyRoleMayDoExactlyItsStateChanges() throws {
        let fixture = try SecurityFixture()
        let rows = try Self.rows(fixture)
        var logins: [(String, SecurityFixture.Person)] = try Role.allCases.map { ($0.rawValue, try fixture.person($0)) }
        logins.append(("senior", try fixture.person(.manager, senior: true)))
        logins.append(("kited", try fixture.service("kite_kited")))
        logins.append(("api", try fixture.service("kite_api")))
        logins.append(("nobody", try fixture.plainLogin()))
        for (role, login) in logins {
            let connection = try login.connect()
            for operation in Self.operations(rows) {
                try connection.execute("BEGIN")
                var outcome: String
                do {
                    let result = try connection.execute(operation.sql)
                    outcome = result.affectedRows > 0 ? "allowed" : "refused (no row it may see)"
                } catch {
                    outcome = "refused (\(error))"
                }
                try connection.execute("ROLLBACK")
                let wanted = operation.allowed.contains(role)
                #expect(outcome.hasPrefix(wanted ? "allowed" : "refused"),
                        "\(role) tried to \(operation.name): \(outcome), expected \(wanted ? "allowed" : "refused")")
            }
        }
        // Nothing of it stayed.
        #expect(try fixture.connection.fetchOne(String.self, "SELECT state FROM payments WHERE id = \(rows.pending)") == "pending")
        #expect(try fixture.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(rows.paid)") == "contracted")
    }

    /// Who did it is the login, whatever name the statement gives.
    @Test func theActorIsTheLoginNotTheNameGiven() throws {
        let fixture = try SecurityFixture()
        let rows = try Self.rows(fixture)
        let operatorLogin = try fixture.person(.operator)
        let financeLogin = try fixture.person(.finance)
        let entered = try operatorLogin.connect().fetchOne(Int64.self, """
            INSERT INTO payments (dealership_id, direction, kind, method, amount, payment_date, deal_id, created_by, updated_by)
            VALUES (\(rows.msk), 'incoming', 'prepayment', 'card', 5000, '2026-03-10', \(rows.unpaid), 'kuznetsov', 'kuznetsov')
            RETURNING id
            """)!
        let finance = try financeLogin.connect()
        // The commands take a name for the owner's scripts; a person's login is recorded instead.
        try finance.execute("SELECT kite_payment_confirm(\(entered), 'ivanova')")
        try finance.execute("SELECT kite_cash_day_close(\(rows.msk), '2026-01-05', 'ivanova')")
        struct Who: Decodable, Equatable { var createdBy: String; var createdDbUser: String; var confirmedBy: String; var confirmedDbUser: String }
        let who = try fixture.connection.fetchOne(Who.self, """
            SELECT created_by, created_db_user, confirmed_by, confirmed_db_user FROM payments WHERE id = \(entered)
            """)
        #expect(who == Who(createdBy: operatorLogin.login, createdDbUser: operatorLogin.login,
                           confirmedBy: financeLogin.login, confirmedDbUser: financeLogin.login))
        #expect(try fixture.connection.fetchOne(String.self, "SELECT closed_by FROM cash_days WHERE day = '2026-01-05'")
                == financeLogin.login)
        // A discount approval is of one price: changing it drops the approval.
        let senior = try fixture.person(.manager, senior: true)
        try senior.connect().execute("SELECT kite_deal_approve_discount(\(rows.discounted), 'petrov')")
        #expect(try fixture.connection.fetchOne(String.self, "SELECT discount_approved_by FROM deals WHERE id = \(rows.discounted)")
                == senior.login)
        let manager = try fixture.person(.manager).connect()
        try manager.execute("UPDATE deals SET sale_price = 700000, discount_amount = 300000 WHERE id = \(rows.discounted)")
        #expect(try fixture.connection.fetchOne(String.self,
            "SELECT coalesce(discount_approved_by, 'none') FROM deals WHERE id = \(rows.discounted)") == "none")
    }
}
