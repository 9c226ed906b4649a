import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Issue 11: who may do what, asserted while connected as a login of each role.
@Suite("Privilege matrix (issue 11)")
struct PrivilegeMatrixTests {
    static let staffReads: Set<String> = [
        "dealerships", "locations", "vehicle_types", "employees", "employee_dealerships", "discount_reasons", "carriers",
        "schema_migrations", "registry_imports", "registry_pledges", "registry_wanted", "registry_restrictions",
        "registry_invalid_passports", "check_results", "mileage_readings", "jobs", "job_cron", "vehicles",
        "stock_number_counters", "customers", "deals", "deal_lines", "deal_number_counters", "payments", "cash_days",
        "deal_payment_totals", "trucks", "drivers", "trips", "trip_stops", "trip_vehicles", "vehicle_transfers",
        "inspections", "inspection_damages", "claims", "vehicle_costs", "vehicle_cost_weights", "stock_tallies",
        "appraisal_settings", "appraisals", "appraisal_answers", "appraisal_paint", "appraisal_reconditioning", "appraisal_events",
        "appraisal_changes", "appraisal_photos", "appraisal_photo_chunks",
    ]
    /// Every table of the schema: a new table must be placed here (and so in the matrix) to pass.
    static let allTables: Set<String> = staffReads.union(["audit_log", "audit_trail", "job_leader", "user_notices",
                                                          "trip_number_counters", "drafts", "appraisal_number_counters",
                                                          // kite-api (0045): tokens through functions only (admins read some columns)
                                                          "api_tokens", "api_idempotency"])

    /// table → operations (S I U D) a login of the role has, beyond nothing.
    static func expected(_ role: String) -> [String: Set<Character>] {
        var e: [String: Set<Character>] = [:]
        func add(_ ops: String, _ tables: String...) { for t in tables { e[t, default: []].formUnion(ops) } }
        let person = role != "kited"
        for table in staffReads { add("S", table) }
        if person {
            add("S", "user_notices"); add("I", "jobs", "audit_log"); add("SIUD", "drafts")
            // Idempotency keys, each person's own (row-level security); the answer by column grant.
            add("SI", "api_idempotency")
        }
        switch role {
        case "operator", "manager":
            // deals and payments: column privileges only (0037; StateCommandTests checks them);
            // vehicles: every column but the status (0042).
            add("I", "vehicles"); add("IU", "stock_number_counters", "customers", "deal_number_counters")
            add("IUD", "deal_lines")
            if role == "operator" { add("I", "mileage_readings") }
        case "finance":
            break   // payments and cash days: column privileges and the commands of 0037
        case "logistics":
            add("I", "vehicles"); add("IU", "stock_number_counters", "locations", "carriers", "trucks", "drivers", "vehicle_cost_weights")
            add("I", "trips"); add("D", "trip_stops")
        case "appraiser":
            add("I", "vehicles"); add("IU", "stock_number_counters", "customers"); add("I", "mileage_readings")
            // Appraisals: the description by column grants (not a table privilege), state by the commands.
            add("I", "appraisals"); add("IUD", "appraisal_answers", "appraisal_paint", "appraisal_reconditioning")
            add("I", "appraisal_photos"); add("ID", "appraisal_photo_chunks")
        case "admin":
            add("IU", "locations", "carriers", "employees", "discount_reasons", "trucks", "drivers",
                "vehicle_cost_weights")
            add("I", "dealerships")   // UPDATE of names and requisites only (0037)
            add("I", "trips"); add("D", "trip_stops")
            add("IUD", "employee_dealerships", "registry_pledges", "registry_wanted", "registry_restrictions",
                "registry_invalid_passports")
            add("I", "registry_imports"); add("S", "audit_log", "audit_trail")
            add("I", "appraisals"); add("IUD", "appraisal_answers", "appraisal_paint", "appraisal_reconditioning")
            add("I", "appraisal_photos"); add("ID", "appraisal_photo_chunks")
        case "kited":
            add("SIUD", "jobs", "job_leader", "job_cron"); add("I", "check_results", "mileage_readings", "audit_log")
            add("SI", "user_notices")
        default:
            break
        }
        return e
    }

    @Test func everyRoleHasExactlyItsPrivilegesOnEveryTable() throws {
        let fixture = try SecurityFixture()
        let tables = Set(try fixture.connection.fetch(String.self, """
            SELECT relname::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')
            """))
        #expect(tables == Self.allTables, "a table without a place in the matrix: \(tables.symmetricDifference(Self.allTables))")
        var logins: [(String, SecurityFixture.Person)] = try Role.allCases.map { ($0.rawValue, try fixture.person($0)) }
        logins.append(("kited", try fixture.service("kite_kited")))
        logins.append(("api", try fixture.service("kite_api")))
        for (role, login) in logins {
            let connection = try login.connect()
            let expected = Self.expected(role)
            for table in tables.sorted() {
                for (op, word) in [("S", "SELECT"), ("I", "INSERT"), ("U", "UPDATE"), ("D", "DELETE")] {
                    let has = try connection.fetchOne(Bool.self,
                        "SELECT has_table_privilege(current_user, \("public." + table), \(word))") ?? false
                    let wanted = expected[table]?.contains(Character(op)) ?? false
                    #expect(has == wanted, "\(role) \(word) \(table): \(has ? "allowed" : "refused"), expected \(wanted ? "allowed" : "refused")")
                }
            }
        }
    }

    /// The bypasses of issue 11, each tried by hand as an operator (or finance) login.
    @Test func theBypassesOfTheIssueAreRefused() throws {
        let fixture = try SecurityFixture()
        let sale = try fixture.sale(in: fixture.finance.dealership, number: 1)
        let operatorLogin = try fixture.person(.operator)
        let op = try operatorLogin.connect()
        func refused(_ sql: SQL, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(throws: DatabaseError.self, "\(what) was allowed", sourceLocation: sourceLocation) { try op.execute(sql) }
        }
        refused("UPDATE deal_payment_totals SET received = 1000000", "update deal_payment_totals")
        refused("INSERT INTO deal_payment_totals (deal_id, received) VALUES (\(sale.deal), 1000000)", "insert deal_payment_totals")
        refused("UPDATE employees SET role = 'admin', is_senior = true WHERE login = \(operatorLogin.login)", "make herself admin")
        refused("UPDATE dealerships SET discount_limit_percent = 100", "change the discount limit")
        refused("INSERT INTO job_leader (name, holder, expires_at) VALUES ('leader', 'me', now() + interval '1 hour')", "take job_leader")
        refused("UPDATE schema_migrations SET checksum = 'x'", "change a migration checksum")
        refused("INSERT INTO audit_trail (table_name, row_key, operation) VALUES ('x', '{}', 'INSERT')", "write the audit trail")
        // An audit row "as" another person is recorded as herself.
        try op.execute("INSERT INTO audit_log (entity, entity_id, action, actor) VALUES ('deal', 1, 'x', 'kuznetsov')")
        #expect(try fixture.connection.fetchOne(String.self, "SELECT actor FROM audit_log WHERE action = 'x'") == operatorLogin.login)
        // Jobs: no update at all (two-step cancel, running a future job now), no finished copy.
        let job = try fixture.connection.fetchOne(Int64.self, """
            INSERT INTO jobs (kind, state, scheduled_at) VALUES ('later', 'scheduled', now() + interval '1 day') RETURNING id
            """)!
        refused("UPDATE jobs SET state = 'running', lease_until = now() WHERE id = \(job)", "claim a job")
        refused("UPDATE jobs SET scheduled_at = now() WHERE id = \(job)", "move a job's time")
        refused("SELECT kite_job_cancel(\(job), 'x')", "cancel a job")
        refused("SELECT kite_job_retry(\(job))", "retry a job")
        refused("""
            INSERT INTO jobs (kind, state, attempt, finalized_at, errors)
            VALUES ('vehicle.verify', 'discarded', 3, now(), ARRAY['{"error":"x"}'::jsonb])
            """, "insert a finished job's copy")
        try op.execute("INSERT INTO jobs (kind) VALUES ('vehicle.verify')")   // a fresh job: allowed
        // Deals: not straight to delivered; a discount not approved as somebody else, nor by a non-senior.
        refused("UPDATE deals SET stage = 'delivered' WHERE id = \(sale.deal)", "move a deal straight to delivered")
        refused("UPDATE deals SET discount_approved_by = 'petrov' WHERE id = \(sale.deal)", "approve a discount as another")
        refused("UPDATE deals SET discount_approved_by = \(operatorLogin.login) WHERE id = \(sale.deal)", "approve without being senior")
        #expect(try fixture.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(sale.deal)") == "draft")
        // Finance rules: an operator cannot confirm, a finance login can.
        refused("UPDATE payments SET state = 'confirmed', confirmed_at = now(), confirmed_by = 'x' WHERE id = \(sale.payment)", "confirm")
        refused("SELECT kite_payment_confirm(\(sale.payment))", "confirm through the command")
        let finance = try fixture.person(.finance).connect()
        #expect(throws: DatabaseError.self, "finance confirmed by hand") {
            try finance.execute("UPDATE payments SET state = 'confirmed', confirmed_at = now(), confirmed_by = 'x' WHERE id = \(sale.payment)")
        }
        try finance.execute("SELECT kite_payment_confirm(\(sale.payment))")
        #expect(try fixture.connection.fetchOne(String.self, "SELECT received::text FROM deal_payment_totals WHERE deal_id = \(sale.deal)") == "1000.00")
        // A senior approves in their own name (a discount above the limit: within it there is nothing to approve).
        try fixture.connection.execute("""
            UPDATE deals SET list_price = 1000000, sale_price = 800000, discount_amount = 200000, discount_reason = 'promo',
                discount_requested_by = 'ivanova' WHERE id = \(sale.deal)
            """)
        let seniorLogin = try fixture.person(.manager, senior: true)
        try seniorLogin.connect().execute("SELECT kite_deal_approve_discount(\(sale.deal))")
        // Admins retry and cancel through the functions.
        let admin = try fixture.person(.admin).connect()
        #expect(try admin.fetchOne(Bool.self, "SELECT kite_job_cancel(\(job), 'not needed')") == true)
    }

    @Test func anMSKOperatorCannotSeeOrChangeSPBsRowsAndAnAdminSeesAll() throws {
        let fixture = try SecurityFixture()
        let msk = try fixture.sale(in: fixture.finance.dealership, number: 1)
        let spb = try fixture.sale(in: fixture.spb, number: 2)
        let op = try fixture.person(.operator, ["MSK"]).connect()
        #expect(try op.fetch(Int64.self, "SELECT id FROM customers ORDER BY id") == [msk.customer])
        #expect(try op.fetch(Int64.self, "SELECT id FROM deals ORDER BY id") == [msk.deal])
        #expect(try op.fetch(Int64.self, "SELECT id FROM payments ORDER BY id") == [msk.payment])
        #expect(try op.execute("UPDATE customers SET name = 'Взлом' WHERE id = \(spb.customer)").affectedRows == 0)
        #expect(try op.execute("UPDATE deals SET trade_in_description = 'x' WHERE id = \(spb.deal)").affectedRows == 0)
        #expect(try op.execute("UPDATE payments SET purpose = 'x' WHERE id = \(spb.payment)").affectedRows == 0)
        #expect(throws: DatabaseError.self) {
            try op.execute("""
                INSERT INTO customers (kind, name, dealership_id, updated_by) VALUES ('person', 'Чужой', \(fixture.spb.id), 'x')
                """)
        }
        // The duplicate is still found group-wide: where, and on what, not who.
        let elsewhere = try AccessRepository(connection: op).customerElsewhere(phone: "+79160000002", passport: "", inn: "", exceptID: nil)
        #expect(elsewhere.map(\.dealershipCode) == ["SPB"] && elsewhere.map(\.matchedOn) == ["phone"])
        // Someone in both sees both; an admin of the group sees all.
        let both = try fixture.person(.manager, ["MSK", "SPB"]).connect()
        #expect(try both.fetch(Int64.self, "SELECT id FROM deals ORDER BY id") == [msk.deal, spb.deal])
        let admin = try fixture.person(.admin, ["MSK"]).connect()
        #expect(try admin.fetch(Int64.self, "SELECT id FROM customers ORDER BY id") == [msk.customer, spb.customer])
    }
}
