import Foundation
import KiteStore
import KiteTestSupport
import Testing

/// Issue 11: `kite admin user …` and `kite admin audit …`, the real binary against a
/// test database, run as an admin's own login; checked the way an admin would check
/// (psql: the login, its roles, the employee, the memberships; the list; the trail).
@Suite("kite admin on the command line (issue 11)")
struct AdminCLITests {
    private func kite(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(["/usr/bin/env", "LANG=en_US.UTF-8", "LC_ALL=", "HOME=/nonexistent",
                            "KITE_HOME=\(StockEndToEndTests.packageRoot.path)", StockEndToEndTests.kiteBinary] + arguments)
    }

    /// A migrated database with MSK and SPB, and an admin login made by the owner with the CLI.
    struct Setup {
        let owner: PGConnection
        let conninfo: String
        let admin: String
        let suffix: String
        func conninfo(as login: String) -> String { conninfo + " user=\(login)" }
    }

    private func setup() throws -> Setup {
        let conninfo = try TestDatabase.makeMigrated()
        let owner = try PGConnection(conninfo)
        let references = ReferenceRepository(connection: owner)
        for (code, city) in [("MSK", "Москва"), ("SPB", "Санкт-Петербург")] {
            if try owner.fetchOne(Bool.self, "SELECT true FROM dealerships WHERE code = \(code)") == nil {
                _ = try references.insertDealership(code: code, name: "Кайт Авто " + code, city: city)
            }
        }
        let suffix = "\(getpid())x\(UInt16.random(in: 0...UInt16.max))"
        let admin = "adm\(suffix)"
        let made = try kite(["admin", "user", "add", admin, "--name", "Орлов Олег Олегович", "--role", "admin",
                             "--dealership", "MSK", "--database", conninfo])
        #expect(made.status == 0, "\(made.output)")
        return Setup(owner: owner, conninfo: conninfo, admin: admin, suffix: suffix)
    }

    @Test("an admin adds a person: the login, its group roles, the employee and the dealerships, all at once")
    func addGrantListDisable() throws {
        let s = try setup()
        let login = "ivanova\(s.suffix)"
        let added = try kite(["admin", "user", "add", login, "--name", "Иванова Мария Сергеевна", "--role", "manager",
                              "--dealership", "MSK", "--dealership", "SPB", "--senior", "--database", s.conninfo(as: s.admin)])
        #expect(added.status == 0, "\(added.output)")
        #expect(added.output.contains("\(login) added") && added.output.contains("manager, senior") && added.output.contains("MSK, SPB"))

        struct Login: Decodable, Equatable { var canLogin: Bool; var manager: Bool; var senior: Bool; var finance: Bool }
        func roles() throws -> Login? {
            try s.owner.fetchOne(Login.self, """
                SELECT rolcanlogin AS can_login, pg_has_role(rolname, 'kite_manager', 'MEMBER') AS manager,
                       pg_has_role(rolname, 'kite_senior', 'MEMBER') AS senior, pg_has_role(rolname, 'kite_finance', 'MEMBER') AS finance
                FROM pg_roles WHERE rolname = \(login)
                """)
        }
        #expect(try roles() == Login(canLogin: true, manager: true, senior: true, finance: false))
        struct Employee: Decodable, Equatable { var fullName: String; var role: String; var home: String; var dealerships: String; var active: Bool }
        let employee = """
            SELECT e.full_name, e.role, d.code AS home, e.active,
                   (SELECT string_agg(x.code, ',' ORDER BY x.code) FROM employee_dealerships m JOIN dealerships x ON x.id = m.dealership_id
                    WHERE m.employee_id = e.id) AS dealerships
            FROM employees e JOIN dealerships d ON d.id = e.dealership_id WHERE e.login = \(login)
            """ as SQL
        #expect(try s.owner.fetchOne(Employee.self, employee)
                == Employee(fullName: "Иванова Мария Сергеевна", role: "manager", home: "MSK", dealerships: "MSK,SPB", active: true))
        // The new login connects as itself and sees its own dealerships' rows.
        let herself = try PGConnection(s.conninfo(as: login))
        #expect(try herself.fetchOne(String.self, "SELECT session_user::text") == login)

        // A second role.
        let granted = try kite(["admin", "user", "grant", login, "--role", "finance", "--database", s.conninfo(as: s.admin)])
        #expect(granted.status == 0, "\(granted.output)")
        #expect(try roles()?.finance == true)

        // The list shows her with her roles and dealerships.
        let list = try kite(["admin", "user", "list", "--database", s.conninfo(as: s.admin)])
        #expect(list.status == 0, "\(list.output)")
        let line = try #require(list.output.split(separator: "\n").first { $0.hasPrefix(login + "\t") })
        let fields = line.split(separator: "\t").map(String.init)
        #expect(fields.count == 6 && fields[1] == "Иванова Мария Сергеевна" && fields[2] == "manager" && fields[5] == "active")
        #expect(fields[3].contains("kite_manager") && fields[3].contains("kite_senior") && fields[3].contains("kite_finance"))
        #expect(fields[4].contains("MSK") && fields[4].contains("SPB"))

        // Disabled: no login any more; the employee row stays, marked inactive.
        let disabled = try kite(["admin", "user", "disable", login, "--database", s.conninfo(as: s.admin)])
        #expect(disabled.status == 0, "\(disabled.output)")
        #expect(try roles()?.canLogin == false)
        #expect(try s.owner.fetchOne(Employee.self, employee)?.active == false)
        #expect(throws: (any Error).self) { try PGConnection(s.conninfo(as: login)) }
        let after = try kite(["admin", "user", "list", "--database", s.conninfo(as: s.admin)])
        #expect(after.output.split(separator: "\n").first { $0.hasPrefix(login + "\t") }?.hasSuffix("\tdisabled") == true)
    }

    @Test("what an admin gets wrong is refused with the rule, and nothing is half made")
    func refusals() throws {
        let s = try setup()
        let login = "petrov\(s.suffix)"
        let badRole = try kite(["admin", "user", "add", login, "--name", "Петров", "--role", "director", "--dealership", "MSK",
                                "--database", s.conninfo(as: s.admin)])
        #expect(badRole.status != 0 && badRole.output.contains("--role: one of manager"))
        let noDealership = try kite(["admin", "user", "add", login, "--name", "Петров", "--role", "operator",
                                     "--dealership", "KZN", "--database", s.conninfo(as: s.admin)])
        #expect(noDealership.status != 0 && noDealership.output.contains("no dealership KZN"), "\(noDealership.output)")
        #expect(try s.owner.fetchOne(Int.self, "SELECT count(*)::int FROM pg_roles WHERE rolname = \(login)") == 0)
        #expect(try s.owner.fetchOne(Int.self, "SELECT count(*)::int FROM employees WHERE login = \(login)") == 0)
        let badLogin = try kite(["admin", "user", "add", "Robert'); DROP TABLE deals;--", "--name", "Bobby", "--role", "operator",
                                 "--dealership", "MSK", "--database", s.conninfo(as: s.admin)])
        #expect(badLogin.status != 0 && badLogin.output.contains("lowercase Latin letters"), "\(badLogin.output)")

        // A person who is not an admin may not add anyone, even with the same program.
        let made = try kite(["admin", "user", "add", login, "--name", "Петров Пётр", "--role", "operator", "--dealership", "MSK",
                             "--database", s.conninfo(as: s.admin)])
        #expect(made.status == 0, "\(made.output)")
        let byOperator = try kite(["admin", "user", "add", "intruder\(s.suffix)", "--name", "Чужой", "--role", "admin",
                                   "--dealership", "MSK", "--database", s.conninfo(as: login)])
        #expect(byOperator.status != 0 && byOperator.output.contains("permission denied"), "\(byOperator.output)")
        let selfPromotion = try kite(["admin", "user", "grant", login, "--role", "admin", "--database", s.conninfo(as: login)])
        #expect(selfPromotion.status != 0)
        #expect(try s.owner.fetchOne(Bool.self, "SELECT pg_has_role(\(login), 'kite_admin', 'MEMBER')") == false)
        #expect(try s.owner.fetchOne(Int.self, "SELECT count(*)::int FROM pg_roles WHERE rolname = \("intruder" + s.suffix)") == 0)
        // Adding the same person twice.
        let twice = try kite(["admin", "user", "add", login, "--name", "Петров Пётр", "--role", "operator", "--dealership", "MSK",
                              "--database", s.conninfo(as: s.admin)])
        #expect(twice.status != 0 && twice.output.contains("already an employee"), "\(twice.output)")
    }

    @Test("the audit trail lists who changed what, and verify names the first broken row")
    func audit() throws {
        let s = try setup()
        let login = "sidorova\(s.suffix)"
        #expect(try kite(["admin", "user", "add", login, "--name", "Сидорова Анна", "--role", "operator", "--dealership", "MSK",
                          "--database", s.conninfo(as: s.admin)]).status == 0)
        let shown = try kite(["admin", "audit", "--table", "employees", "--actor", s.admin, "--database", s.conninfo(as: s.admin)])
        #expect(shown.status == 0, "\(shown.output)")
        let rows = shown.output.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.count == 1, "\(shown.output)")
        #expect(rows.first?[2] == s.admin && rows.first?[4] == "employees" && rows.first?[5] == "INSERT")
        #expect(rows.first?.last?.contains("Сидорова Анна") == true)
        let badDay = try kite(["admin", "audit", "--since", "31.02.2026", "--database", s.conninfo(as: s.admin)])
        #expect(badDay.status != 0 && badDay.output.contains("--since"))
        // An operator may not read the trail.
        #expect(try kite(["admin", "audit", "--database", s.conninfo(as: login)]).status != 0)

        let intact = try kite(["admin", "audit", "verify", "--database", s.conninfo(as: s.admin)])
        #expect(intact.status == 0 && intact.output.contains("the chain is intact"), "\(intact.output)")
        // A superuser edits a row with the triggers off: verify names it and exits 1.
        let id = try #require(Int64(rows.first?[0] ?? ""))
        try s.owner.transaction { connection in
            try connection.execute("SET LOCAL session_replication_role = replica")
            try connection.execute("UPDATE audit_trail SET after = jsonb_set(after, '{full_name}', '\"Подделка\"') WHERE id = \(id)")
        }
        let broken = try kite(["admin", "audit", "verify", "--database", s.conninfo(as: s.admin)])
        #expect(broken.status == 1 && broken.output.contains("row \(id) ") && broken.output.contains("is broken"), "\(broken.output)")
    }
}
