import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@Suite("Roles in the database")
struct RoleConstraintTests {
    /// The CHECK on `employees.role`, as PostgreSQL prints it:
    /// `CHECK ((role = ANY (ARRAY['admin'::text, 'manager'::text, …])))`.
    static func allowedRoles(on connection: PGConnection) throws -> Set<String> {
        let definition = try #require(try connection.fetchOne(String.self, """
            SELECT pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = 'employees'::regclass AND contype = 'c' AND conname = 'employees_role_check'
            """))
        let quoted = try Regex("'([^']*)'::text")
        return Set(definition.matches(of: quoted).map { String($0.output[1].substring ?? "") })
    }

    @Test func roleEnumIsExactlyWhatTheCheckAllows() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        let allowed = try Self.allowedRoles(on: connection)
        #expect(allowed.count == 6)
        #expect(allowed == Set(Role.allCases.map(\.rawValue)))
    }

    @Test func everyRoleRoundTripsThroughEmployees() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        let references = ReferenceRepository(connection: connection)
        for role in Role.allCases {
            let inserted = try references.insertEmployee(login: "user_\(role.rawValue)", fullName: role.label.ru,
                                                         role: role, dealershipID: nil)
            #expect(try references.employee(login: inserted.login)?.role == role)
        }
    }
}
