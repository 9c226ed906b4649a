import Foundation
import KiteDomain

/// A local registry of VINs, imported from CSV.
public enum RegistryKind: String, Sendable, Hashable, CaseIterable {
    /// Реестр залогов.
    case pledges
    /// Wanted vehicles.
    case wanted
    /// Registration restrictions.
    case restrictions

    /// The table (a fixed name, never user input).
    var table: String { "registry_" + rawValue }
}

/// A registry row found for a VIN.
public struct RegistryEntry: Sendable, Hashable, Decodable {
    public var vin: String
    public var details: String
    public var source: String
    public var importedAt: Date
}

/// One row to import: the VIN as written and the line it came from.
public struct RegistryImportRow: Sendable, Hashable {
    public var line: Int
    public var vin: String
    public var details: String

    public init(line: Int, vin: String, details: String = "") {
        self.line = line
        self.vin = vin
        self.details = details
    }
}

/// What an import did.
public struct RegistryImportReport: Sendable, Hashable {
    public struct Rejected: Sendable, Hashable {
        public var line: Int
        public var vin: String
        public var reason: String
    }

    /// Valid rows sent (duplicates within the file counted once).
    public var imported: Int
    /// Rows in the table after the import.
    public var total: Int
    public var rejected: [Rejected]
}

/// The local registry tables (`registry_pledges`, `registry_wanted`, `registry_restrictions`).
public struct RegistryRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// Validates the VINs (normalized: upper case, no spaces; 17 characters of
    /// the VIN alphabet), then in one transaction COPYs the valid ones into a
    /// staging table and merges them into the registry: `replace` empties it
    /// first, otherwise rows are added (an existing VIN gets the new details).
    @discardableResult
    public func importVINs(_ rows: [RegistryImportRow], into kind: RegistryKind, source: String,
                           replace: Bool) throws -> RegistryImportReport {
        var rejected: [RegistryImportReport.Rejected] = []
        var seen = Set<String>()
        var lines: [String] = []
        for row in rows {
            let vin = VIN.normalize(row.vin)
            let problems = VIN.structureProblems(vin)
            if let problem = problems.first {
                rejected.append(.init(line: row.line, vin: row.vin, reason: problem.message.en))
                continue
            }
            if seen.insert(vin).inserted { lines.append(CopyText.line([vin, row.details])) }
        }
        let table = kind.table
        let total = try connection.transaction { connection -> Int in
            try connection.execute("CREATE TEMP TABLE registry_staging (vin char(17), details text) ON COMMIT DROP")
            try connection.copyIn("COPY registry_staging (vin, details) FROM STDIN", lines: lines)
            if replace { try connection.execute("TRUNCATE \(raw: table)") }
            try connection.execute("""
                INSERT INTO \(raw: table) (vin, details, source, imported_at)
                SELECT vin, coalesce(details, ''), \(source), now() FROM registry_staging
                ON CONFLICT (vin) DO UPDATE
                    SET details = excluded.details, source = excluded.source, imported_at = excluded.imported_at
                """)
            return try connection.fetchOne(Int.self, "SELECT count(*)::int FROM \(raw: table)") ?? 0
        }
        return RegistryImportReport(imported: lines.count, total: total, rejected: rejected)
    }

    /// The registry row for a VIN, or nil.
    public func lookup(_ kind: RegistryKind, vin: String) throws -> RegistryEntry? {
        try connection.fetchOne(RegistryEntry.self, """
            SELECT vin::text AS vin, details, source, imported_at FROM \(raw: kind.table) WHERE vin = \(VIN.normalize(vin))
            """)
    }
}
