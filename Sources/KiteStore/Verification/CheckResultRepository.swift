import Foundation

/// The outcome of one check.
public enum CheckStatus: String, Sendable, Hashable, Codable, CaseIterable, SQLTextEnum {
    case passed, warning, failed, error
}

/// Whose check it is.
public enum CheckSubject: String, Sendable, Hashable, Codable, SQLTextEnum {
    case vehicle, customer
}

/// A check result to store.
public struct NewCheckResult: Sendable, Hashable {
    public var checkName: String
    public var status: CheckStatus
    public var details: String
    public var provider: String

    public init(checkName: String, status: CheckStatus, details: String = "", provider: String = "local") {
        self.checkName = checkName
        self.status = status
        self.details = details
        self.provider = provider
    }
}

/// A stored check result (`check_results`).
public struct CheckResult: Sendable, Hashable, Decodable {
    public var id: Int64
    public var subjectKind: CheckSubject
    public var subjectId: Int64
    public var vin: String?
    public var checkName: String
    public var status: CheckStatus
    public var details: String
    public var provider: String
    public var checkedAt: Date
}

/// Check results: append-only history; the latest per subject and check counts.
public struct CheckResultRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// Appends results (one row each) for a subject, all with the same `checked_at`.
    public func record(_ results: [NewCheckResult], subject: CheckSubject, subjectID: Int64,
                       vin: String? = nil) throws {
        guard !results.isEmpty else { return }
        try connection.execute("""
            INSERT INTO check_results (subject_kind, subject_id, vin, check_name, status, details, provider)
            SELECT \(subject), \(subjectID), \(vin), c, s, d, p
            FROM unnest(\(PGArrayLiteral(results.map(\.checkName)))::text[],
                        \(PGArrayLiteral(results.map(\.status.rawValue)))::text[],
                        \(PGArrayLiteral(results.map(\.details)))::text[],
                        \(PGArrayLiteral(results.map(\.provider)))::text[]) WITH ORDINALITY AS u(c, s, d, p, ord)
            ORDER BY ord
            """)
    }

    /// The latest result of each check of a subject, by check name.
    public func latest(subject: CheckSubject, subjectID: Int64) throws -> [CheckResult] {
        try connection.fetch(CheckResult.self, """
            SELECT DISTINCT ON (check_name)
                   id, subject_kind, subject_id, vin::text AS vin, check_name, status, details, provider, checked_at
            FROM check_results
            WHERE subject_kind = \(subject) AND subject_id = \(subjectID)
            ORDER BY check_name, checked_at DESC, id DESC
            """)
    }

    /// Every result of a subject, newest first.
    public func history(subject: CheckSubject, subjectID: Int64) throws -> [CheckResult] {
        try connection.fetch(CheckResult.self, """
            SELECT id, subject_kind, subject_id, vin::text AS vin, check_name, status, details, provider, checked_at
            FROM check_results
            WHERE subject_kind = \(subject) AND subject_id = \(subjectID)
            ORDER BY checked_at DESC, id DESC
            """)
    }
}
