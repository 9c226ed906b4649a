import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Issue 11: the TUI's person is the database login, whatever kite.toml says.
@MainActor
@Suite struct DatabaseIdentityTests {
    @Test func theAppIsTheDatabaseLoginAndAConfigNamingAnotherChangesNothing() throws {
        let conninfo = try TestDatabase.makeMigrated()
        let owner = try PGConnection(conninfo)
        try Seeder.seedDemo(owner, login: "postgres", vehicles: 0)
        try Seeder.ensureDemoLogins(owner)
        var environment = try AppEnvironment.load(environment: ["HOME": "/nonexistent", "LANG": "ru_RU.UTF-8"])
        environment.config.login = "orlov"   // an admin: the config claims it
        let personal = try DemoCluster.personal(conninfo: conninfo, login: "sidorova")
        let app = KiteApplication(environment: environment, conninfo: personal, listensForChanges: false)
        defer { app.shutdown() }
        #expect(app.login == "sidorova")
        app.start()
        app.database.settle()
        #expect(app.references.employee?.login == "sidorova")
        #expect(app.role == Role.operator.rawValue)
        // And as the database sees it: the operator cannot make herself the config's admin.
        let connection = try PGConnection(personal)
        #expect(throws: DatabaseError.self) {
            try connection.execute("UPDATE employees SET role = 'admin' WHERE login = 'sidorova'")
        }
        #expect(throws: (any Error).self) { try DemoCluster.personal(conninfo: conninfo, login: "nobody_here") }
    }
}
