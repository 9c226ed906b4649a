import Foundation

/// One numbered SQL file: `0001_schema.sql` is version 1, name `schema`.
public struct Migration: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var fileName: String
    public var sql: String
    /// Lowercase hex SHA-256 of the file's bytes (same as `sha256sum`).
    public var checksum: String
}

public struct MigrationStatus: Sendable, Hashable {
    public var version: Int
    public var name: String
    /// nil while pending.
    public var appliedAt: Date?
    public var appliedBy: String?
    public var isApplied: Bool { appliedAt != nil }
}

public enum MigrationError: Error, Sendable, Hashable, CustomStringConvertible {
    case badFileName(String)
    case duplicateVersion(Int, [String])
    case checksumMismatch(version: Int, fileName: String, recorded: String, current: String)
    case schemaTooNew(database: Int, binary: Int)
    case missingDirectory(String)

    public var description: String {
        switch self {
        case .badFileName(let name):
            "migration file \(name) is not named NNNN_name.sql"
        case .duplicateVersion(let version, let files):
            "migration version \(version) appears twice: \(files.joined(separator: ", "))"
        case .checksumMismatch(let version, let fileName, let recorded, let current):
            "migration \(fileName) (version \(version)) was changed after it was applied: checksum \(current.prefix(12))… differs from the recorded \(recorded.prefix(12))…; add a new migration instead of editing an applied one"
        case .schemaTooNew(let database, let binary):
            "the database schema is version \(database) but this program knows only up to \(binary): upgrade kite before using this database"
        case .missingDirectory(let path):
            "migrations directory not found: \(path)"
        }
    }
}

/// Applies the numbered SQL files in order, each in its own transaction,
/// recorded in `schema_migrations` with a SHA-256 checksum, all under a
/// session advisory lock so two processes (app and daemon) never migrate at once.
public final class Migrator {
    /// `pg_advisory_lock` key: "KITEMIGR" in ASCII.
    public static let advisoryLockKey: Int64 = 0x4B49_5445_4D49_4752

    public let connection: PGConnection
    public let migrations: [Migration]

    /// - Parameter directory: where the `NNNN_name.sql` files are; nil uses
    ///   the `Migrations` folder bundled with KiteStore.
    public init(connection: PGConnection, directory: URL? = nil) throws {
        self.connection = connection
        self.migrations = try Migrator.load(from: directory ?? Migrator.bundledDirectory())
    }

    /// The resource bundle's name, as SwiftPM builds it beside the binaries.
    public static let resourceBundleName = "KiteAuto_KiteStore.resources"

    /// `Migrations` of the first resource bundle found: beside the binary (the
    /// build folder, `make install`), in `<binary>/../share/kite/` (the Debian
    /// package: /usr/bin holds no folders), else where SwiftPM built it.
    public static func bundledDirectory(executable: URL? = Bundle.main.executableURL) throws -> URL {
        if let directory = executable?.resolvingSymlinksInPath().deletingLastPathComponent() {
            for candidate in [directory.appendingPathComponent(resourceBundleName),
                              directory.appendingPathComponent("../share/kite/\(resourceBundleName)").standardizedFileURL] {
                let migrations = candidate.appendingPathComponent("Migrations", isDirectory: true)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: migrations.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    return migrations
                }
            }
        }
        // Bundle.module stops the process when its bundle is in neither place it knows.
        guard let url = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw MigrationError.missingDirectory("KiteStore resource bundle/Migrations")
        }
        return url
    }

    public static func load(from directory: URL) throws -> [Migration] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw MigrationError.missingDirectory(directory.path)
        }
        var result: [Migration] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"),
                  let version = Int(stem[..<underscore]), version > 0,
                  stem[..<underscore].allSatisfy(\.isNumber) else {
                throw MigrationError.badFileName(fileName)
            }
            let data = try Data(contentsOf: directory.appendingPathComponent(fileName))
            result.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]),
                                    fileName: fileName, sql: String(decoding: data, as: UTF8.self),
                                    checksum: SHA256.hex(data)))
        }
        result.sort { $0.version < $1.version }
        for (a, b) in zip(result, result.dropFirst()) where a.version == b.version {
            throw MigrationError.duplicateVersion(a.version, [a.fileName, b.fileName])
        }
        return result
    }

    public var latestKnownVersion: Int { migrations.last?.version ?? 0 }

    private struct AppliedRow: Decodable {
        var version: Int
        var name: String
        var checksum: String
        var appliedAt: Date
        var appliedBy: String
    }

    /// Applies what is pending and returns it (empty when up to date).
    /// Refuses a database newer than this binary and an applied file whose
    /// checksum changed.
    @discardableResult
    public func migrate(actor: String? = nil) throws -> [Migration] {
        // Recorded as the database login that applied it (session_user), on this host.
        let actor = try actor ?? "\(connection.fetchOne(String.self, "SELECT session_user::text") ?? "unknown")@\(ProcessInfo.processInfo.hostName)"
        return try withLock {
            try ensureTable()
            let applied = try verifiedApplied()
            var done: [Migration] = []
            for migration in migrations where applied[migration.version] == nil {
                try connection.transaction { connection in
                    try connection.executeScript(migration.sql)
                    try connection.execute("""
                        INSERT INTO schema_migrations (version, name, checksum, applied_by)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum), \(actor))
                        """)
                }
                done.append(migration)
            }
            return done
        }
    }

    /// Applied and pending migrations, in version order. Also checks checksums
    /// and the too-new rule (and throws like `migrate`).
    public func status() throws -> [MigrationStatus] {
        try withLock {
            try ensureTable()
            let applied = try verifiedApplied()
            return migrations.map { migration in
                let row = applied[migration.version]
                return MigrationStatus(version: migration.version, name: migration.name,
                                       appliedAt: row?.appliedAt, appliedBy: row?.appliedBy)
            }
        }
    }

    private func withLock<T>(_ body: () throws -> T) throws -> T {
        try connection.execute("SELECT pg_advisory_lock(\(Migrator.advisoryLockKey))")
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock(\(Migrator.advisoryLockKey))") }
        return try body()
    }

    private func ensureTable() throws {
        // A person's login may not create anything in public: it only reads
        // the version, so the table is created only where it is missing.
        if try connection.fetchOne(Bool.self, "SELECT to_regclass('public.schema_migrations') IS NOT NULL") == true {
            return
        }
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    int PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                applied_by text NOT NULL
            )
            """)
    }

    private func verifiedApplied() throws -> [Int: AppliedRow] {
        let rows = try connection.fetch(AppliedRow.self,
            "SELECT version, name, checksum, applied_at, applied_by FROM schema_migrations ORDER BY version")
        if let newest = rows.last?.version, newest > latestKnownVersion {
            throw MigrationError.schemaTooNew(database: newest, binary: latestKnownVersion)
        }
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for row in rows {
            if let migration = known[row.version], migration.checksum != row.checksum {
                throw MigrationError.checksumMismatch(version: row.version, fileName: migration.fileName,
                                                      recorded: row.checksum, current: migration.checksum)
            }
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.version, $0) })
    }
}
