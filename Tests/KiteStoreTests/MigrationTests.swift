import Foundation
import KiteStore
import KiteTestSupport
import Synchronization
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test func freshApplyThenIdempotent() throws {
        let connection = try PGConnection(try TestDatabase.makeEmpty())
        let migrator = try Migrator(connection: connection)
        #expect(migrator.migrations.first?.fileName == "0001_schema.sql")
        #expect(migrator.migrations.first?.checksum.count == 64)
        let pendingBefore = try migrator.status()
        #expect(pendingBefore.allSatisfy { !$0.isApplied })
        let applied = try migrator.migrate(actor: "tests")
        #expect(applied.map(\.version) == migrator.migrations.map(\.version))
        #expect(try migrator.migrate(actor: "tests").isEmpty)
        let status = try migrator.status()
        #expect(status.allSatisfy { $0.isApplied && $0.appliedBy == "tests" })
        #expect(try connection.fetchOne(Int.self, "SELECT count(*) FROM vehicle_types") == 4)
        #expect(try connection.fetchOne(Int.self, "SELECT count(*) FROM schema_migrations") == migrator.migrations.count)
    }

    @Test func sha256MatchesKnownDigest() throws {
        // sha256("abc") from FIPS 180-4, checked through a migration file.
        let directory = try temporaryMigrations(["0001_a.sql": "abc"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let migrations = try Migrator.load(from: directory)
        #expect(migrations.first?.checksum == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func changedChecksumIsRefused() throws {
        let connection = try PGConnection(try TestDatabase.makeEmpty())
        let directory = try temporaryMigrations([
            "0001_first.sql": "CREATE TABLE first (id int);",
            "0002_second.sql": "CREATE TABLE second (id int);",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        try Migrator(connection: connection, directory: directory).migrate()
        try "CREATE TABLE second (id bigint);".write(to: directory.appendingPathComponent("0002_second.sql"),
                                                    atomically: true, encoding: .utf8)
        let error = try #require(throws: MigrationError.self) {
            try Migrator(connection: connection, directory: directory).migrate()
        }
        guard case .checksumMismatch(let version, let fileName, _, _) = error else {
            Issue.record("wrong error \(error)")
            return
        }
        #expect(version == 2)
        #expect(fileName == "0002_second.sql")
        #expect(error.description.contains("0002_second.sql"))
    }

    @Test func schemaNewerThanBinaryIsRefused() throws {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        let migrator = try Migrator(connection: connection)
        try connection.execute("""
            INSERT INTO schema_migrations (version, name, checksum, applied_by) VALUES (9999, 'future', 'x', 'newer kite')
            """)
        let error = try #require(throws: MigrationError.self) { try migrator.migrate() }
        #expect(error == .schemaTooNew(database: 9999, binary: migrator.latestKnownVersion))
        #expect(throws: MigrationError.self) { try migrator.status() }
    }

    @Test func failingMigrationRollsBackAndStops() throws {
        let connection = try PGConnection(try TestDatabase.makeEmpty())
        let directory = try temporaryMigrations([
            "0001_ok.sql": "CREATE TABLE ok (id int);",
            "0002_bad.sql": "CREATE TABLE half (id int); SELECT no_such_function();",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: DatabaseError.self) { try Migrator(connection: connection, directory: directory).migrate() }
        #expect(try connection.fetch(Int.self, "SELECT version FROM schema_migrations") == [1])
        #expect(try connection.fetchOne(Int.self, "SELECT count(*) FROM pg_tables WHERE tablename = 'half'") == 0)
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() throws {
        let conninfo = try TestDatabase.makeEmpty()
        let directory = try temporaryMigrations([
            "0001_slow.sql": "CREATE TABLE counter (n int); INSERT INTO counter VALUES (1); SELECT pg_sleep(0.5);",
            "0002_more.sql": "UPDATE counter SET n = n + 1;",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = Mutex<[String]>([])
        let threads = (0..<2).map { index in
            Thread {
                do {
                    let connection = try PGConnection(conninfo)
                    let applied = try Migrator(connection: connection, directory: directory).migrate(actor: "thread\(index)")
                    results.withLock { $0.append(applied.map(\.fileName).joined(separator: ",")) }
                } catch {
                    results.withLock { $0.append("error: \(error)") }
                }
            }
        }
        threads.forEach { $0.start() }
        let deadline = Date().addingTimeInterval(30)
        while results.withLock({ $0.count }) < 2 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let outcome = results.withLock { $0 }.sorted()
        #expect(outcome == ["", "0001_slow.sql,0002_more.sql"])
        let connection = try PGConnection(conninfo)
        #expect(try connection.fetchOne(Int.self, "SELECT n FROM counter") == 2)
        #expect(try connection.fetch(Int.self, "SELECT version FROM schema_migrations ORDER BY version") == [1, 2])
    }

    private func temporaryMigrations(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kite-migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }
}

extension MigrationTests {
    /// The migrations are found beside the binary (the build folder) and in
    /// `<binary>/../share/kite/` (the Debian package: /usr/bin holds no folders).
    @Test func bundledMigrationsAreFoundWhereThePackagePutsThem() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kite-layout-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let packaged = root.appendingPathComponent("usr/share/kite/\(Migrator.resourceBundleName)/Migrations")
        try FileManager.default.createDirectory(at: packaged, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("usr/bin"), withIntermediateDirectories: true)
        let binary = root.appendingPathComponent("usr/bin/kited")
        #expect(try Migrator.bundledDirectory(executable: binary).standardizedFileURL.path == packaged.standardizedFileURL.path)

        // A bundle beside the binary (`swift build`, `make install` of old) wins.
        let beside = root.appendingPathComponent("usr/bin/\(Migrator.resourceBundleName)/Migrations")
        try FileManager.default.createDirectory(at: beside, withIntermediateDirectories: true)
        #expect(try Migrator.bundledDirectory(executable: binary).standardizedFileURL.path == beside.standardizedFileURL.path)

        // The real layout of this build: the files of every migration.
        let built = try Migrator.load(from: Migrator.bundledDirectory())
        #expect(built.contains { $0.fileName == "0004_job_queue.sql" })
    }
}
