import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@Suite("search_path, shadowing and the audit trail (issue 11)")
struct SearchPathAndAuditTests {
    /// Generated from pg_proc, so a function added later cannot escape.
    @Test func everyFunctionOfOursPinsSearchPathWithPgTempLast() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        struct Function: Decodable { var name: String; var definer: Bool; var trigger: Bool; var config: String? }
        let functions = try connection.fetch(Function.self, """
            SELECT p.oid::regprocedure::text AS name, p.prosecdef AS definer, p.prorettype = 'trigger'::regtype AS trigger,
                   (SELECT c FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%') AS config
            FROM pg_proc p
            WHERE p.pronamespace = 'public'::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            """)
        #expect(functions.contains { $0.definer } && functions.contains { $0.trigger })
        for function in functions {
            #expect(function.config == "search_path=pg_catalog, public, pg_temp",
                    "\(function.name)\(function.definer ? " (SECURITY DEFINER)" : "") runs with \(function.config ?? "the caller's search_path")")
        }
    }

    /// A temporary table named like every table of ours, each with a trigger that
    /// fails loudly, then the rule-carrying changes by hand: none reaches them, and
    /// the closed cash day still refuses a cash payment.
    @Test func temporaryTablesShadowNothingOurFunctionsRead() throws {
        let fixture = try SecurityFixture()
        let sale = try fixture.sale(in: fixture.finance.dealership, number: 1)
        let person = try fixture.person(.finance)
        try fixture.connection.execute("GRANT kite_admin, kite_logistics, kite_manager, kite_senior, kite_kited TO \(identifier: person.login)")
        // For 0041/0042's commands: a deal that passes the contract gate (reading public's
        // customers and check results, not the attacker's empty ones), one whose reservation
        // ran out, one with a discount within the limit, a car in stock.
        let ready = try fixture.finance.deal(number: 11, due: rub("1 000 000"), stage: "reserved")
        try StateRuleMatrixTests.completeCustomer(fixture.connection, deal: ready)
        try fixture.connection.passContractChecks(dealID: ready)
        let lapsed = try fixture.finance.deal(number: 12, due: rub("1 000 000"), stage: "reserved")
        try fixture.connection.execute("UPDATE deals SET reserved_until = current_date - 1 WHERE id = \(lapsed)")
        let small = try fixture.finance.deal(number: 13, due: rub("1 000 000"), stage: "draft")
        try fixture.connection.execute("UPDATE deals SET sale_price = 990000, discount_amount = 10000, discount_reason = 'promo' WHERE id = \(small)")
        let car = try VehicleRepository(connection: fixture.connection).insert(Vehicle(
            stockNumber: "MSK-S00001", vin: "XW8S0000000000001", make: "Haval", model: "Jolion", year: 2026,
            condition: .new, status: .inStock, vehicleType: "car", dealershipID: fixture.finance.dealership.id,
            listPrice: rub("2 000 000")), actor: "test")
        let attacker = try person.connect()
        try attacker.execute("""
            CREATE FUNCTION pg_temp.shadow_hit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'shadowed table % reached as %', TG_TABLE_NAME, current_user; END $$
            """)
        let tables = try attacker.fetch(String.self, """
            SELECT relname::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
            """)
        #expect(tables.contains("deal_payment_totals") && tables.contains("cash_days"))
        for table in tables {
            // LIKE needs SELECT; a table the login cannot read is shadowed by name only.
            let readable = try attacker.fetchOne(Bool.self, "SELECT has_table_privilege(\("public." + table), 'SELECT')") ?? false
            try attacker.execute(readable ? "CREATE TEMP TABLE \(identifier: table) (LIKE public.\(identifier: table))"
                                          : "CREATE TEMP TABLE \(identifier: table) (name text, holder text, expires_at timestamptz)")
            try attacker.execute("""
                CREATE TRIGGER shadow BEFORE INSERT OR UPDATE OR DELETE ON pg_temp.\(identifier: table)
                FOR EACH ROW EXECUTE FUNCTION pg_temp.shadow_hit()
                """)
        }
        // Confirm: payments_guard, kite_require_finance, payments_totals (SECURITY DEFINER), the audit trail.
        try attacker.execute("SELECT public.kite_payment_confirm(\(sale.payment))")
        #expect(try fixture.connection.fetchOne(String.self,
            "SELECT received::text FROM deal_payment_totals WHERE deal_id = \(sale.deal)") == "1000.00")
        // Close a day, then a cash payment dated on it is refused although pg_temp.cash_days is empty.
        try attacker.execute("SELECT public.kite_cash_day_close(\(fixture.finance.dealership.id), '2026-03-10')")
        let closed = #expect(throws: DatabaseError.self) {
            try attacker.execute("""
                INSERT INTO public.payments (dealership_id, direction, kind, method, amount, payment_date, deal_id, created_by, updated_by)
                VALUES (\(fixture.finance.dealership.id), 'incoming', 'payment', 'cash', 5, '2026-03-09', \(sale.deal), 'x', 'x')
                """)
        }
        #expect(closed?.constraint == "payments_cash_day_closed")
        // Carriers (SECURITY DEFINER audit), deals guard, job functions, user administration.
        try attacker.execute("""
            INSERT INTO public.carriers (name, inn, updated_by) VALUES ('Перевозчик', '7707083893', 'x')
            """)
        _ = try attacker.fetchOne(Int64.self, "SELECT public.kite_payment_reverse(\(sale.payment), 'x', current_date)")
        try attacker.execute("SELECT public.kite_deal_move(\(sale.deal), 'cancelled', 'x')")
        try attacker.execute("SELECT public.kite_dealership_settings_set('MSK', new_check_max_age_days => 30)")
        try attacker.execute("SELECT public.kite_cash_day_reopen(\(fixture.finance.dealership.id), '2026-03-10', 'x')")
        let job = try fixture.connection.fetchOne(Int64.self, "INSERT INTO jobs (kind) VALUES ('x') RETURNING id")!
        #expect(try attacker.fetchOne(Bool.self, "SELECT public.kite_job_cancel(\(job), 'x')") == true)
        _ = try attacker.fetchOne(String?.self, "SELECT public.kite_job_retry(\(job))")
        _ = try attacker.fetch(String.self, "SELECT login FROM public.kite_user_list()")
        _ = try attacker.fetch(String.self, "SELECT dealership_code FROM public.kite_customer_elsewhere('+79160000001', '', '', NULL)")
        // 0041: the contract gate reads our customers and check results (the attacker's are empty:
        // read, they would refuse the contract), kited's expiry, the approval within the limit.
        try attacker.execute("DROP TRIGGER shadow ON pg_temp.check_results")
        try attacker.execute("INSERT INTO pg_temp.check_results SELECT * FROM public.check_results")
        try attacker.execute("UPDATE pg_temp.check_results SET status = 'failed'")
        try attacker.execute("SELECT public.kite_deal_move(\(ready), 'contracted')")
        #expect(try fixture.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(ready)") == "contracted")
        let expired = try attacker.fetch(Int64.self, "SELECT deal_id FROM public.kite_reservations_expire()")
        #expect(expired.contains(lapsed))
        #expect(try fixture.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(lapsed)") == "draft")
        let withinLimit = #expect(throws: DatabaseError.self) {
            try attacker.execute("SELECT public.kite_deal_approve_discount(\(small))")
        }
        #expect(withinLimit?.constraint == "deal_discount_within_limit")
        // 0042: the manual status command, the new car's status rule, the trips' visibility.
        try attacker.execute("SELECT public.kite_vehicle_set_status(\(car.id), 'in_preparation')")
        #expect(try fixture.connection.fetchOne(String.self, "SELECT status FROM vehicles WHERE id = \(car.id)") == "in_preparation")
        try attacker.execute("""
            INSERT INTO public.vehicles (stock_number, vin, make, model, year, status, vehicle_type, dealership_id, list_price, updated_by)
            VALUES ('MSK-S00002', 'XW8S0000000000002', 'Haval', 'Jolion', 2026, 'ordered', 'car', \(fixture.finance.dealership.id), 1, 'x')
            """)
        _ = try attacker.fetchOne(Bool.self, "SELECT public.kite_trip_visible(0)")
        _ = try attacker.fetch(Int64.self, "SELECT public.kite_trips_reaching_me()")
        #expect(try AccessRepository(connection: fixture.connection).verifyAudit() == nil)
        // Nothing of ours wrote into the attacker's tables.
        for table in ["deal_payment_totals", "cash_days", "audit_trail", "audit_log", "payments", "deals", "vehicles",
                      "user_notices"] {
            #expect(try attacker.fetchOne(Int.self, "SELECT count(*)::int FROM pg_temp.\(identifier: table)") == 0)
        }
    }

    @Test func theAuditTrailRecordsEveryChangeAndNamesTheFirstBrokenRow() throws {
        let fixture = try SecurityFixture()
        let sale = try fixture.sale(in: fixture.finance.dealership, number: 1)
        let person = try fixture.person(.operator)
        let op = try person.connect()
        try op.execute("UPDATE customers SET name = 'Новое имя' WHERE id = \(sale.customer)")
        let access = AccessRepository(connection: fixture.connection)
        let rows = try access.audit(table: "customers", actor: person.login)
        #expect(rows.count == 1)
        #expect(rows.first?.operation == "UPDATE" && rows.first?.rowKey == "{\"id\": \(sale.customer)}")
        #expect(rows.first?.before?.contains("Клиент MSK") == true && rows.first?.after?.contains("Новое имя") == true)
        #expect(rows.first?.seq != nil)   // sealed at commit
        #expect(try access.verifyAudit() == nil)
        // Nobody, admin included, may change or delete a row.
        let admin = try fixture.person(.admin).connect()
        let id = try #require(rows.first?.id)
        #expect(throws: DatabaseError.self) { try admin.execute("UPDATE audit_trail SET db_user = 'x' WHERE id = \(id)") }
        #expect(throws: DatabaseError.self) { try admin.execute("DELETE FROM audit_trail WHERE id = \(id)") }
        #expect(throws: DatabaseError.self) { try fixture.connection.execute("DELETE FROM audit_trail WHERE id = \(id)") }
        // A superuser who switches the triggers off to edit a row is caught by the chain.
        try fixture.connection.transaction { connection in
            try connection.execute("SET LOCAL session_replication_role = replica")
            try connection.execute("UPDATE audit_trail SET after = jsonb_set(after, '{name}', '\"Подделка\"') WHERE id = \(id)")
        }
        let broken = try AccessRepository(connection: admin).verifyAudit()
        #expect(broken?.id == id && broken?.problem.contains("changed") == true)
    }
}
