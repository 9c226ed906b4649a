import Foundation
import KiteDomain

/// The outcome of one check.
public enum CheckStatus: String, Sendable, Hashable, Codable, CaseIterable, SQLTextEnum {
    case passed, warning, failed, error
}

/// Whose check it is.
public enum CheckSubject: String, Sendable, Hashable, Codable, SQLTextEnum {
    /// `appraisal`: a used car before it is bought, checked on the appraisal's VIN (issue 13).
    case vehicle, customer, appraisal
}

/// A check result to store.
public struct NewCheckResult: Sendable, Hashable {
    public var checkName: String
    public var status: CheckStatus
    public var details: String
    /// The details in Russian; empty when there is no Russian text (then `details` is shown).
    public var detailsRu: String
    public var provider: String

    public init(checkName: String, status: CheckStatus, details: String = "", detailsRu: String = "",
                provider: String = "local") {
        self.checkName = checkName
        self.status = status
        self.details = details
        self.detailsRu = detailsRu
        self.provider = provider
    }

    /// Details in both languages.
    public init(checkName: String, status: CheckStatus, text: LocalizedText, provider: String = "local") {
        self.init(checkName: checkName, status: status, details: text.en, detailsRu: text.ru, provider: provider)
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
    public var detailsRu: String
    public var provider: String
    public var checkedAt: Date

    /// The details in `language`: Russian when there is a Russian text, else as stored.
    public func details(in language: Language) -> String {
        language == .ru && !detailsRu.isEmpty ? detailsRu : details
    }
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
            INSERT INTO check_results (subject_kind, subject_id, vin, check_name, status, details, details_ru, provider)
            SELECT \(subject), \(subjectID), \(vin), c, s, d, r, p
            FROM unnest(\(PGArrayLiteral(results.map(\.checkName)))::text[],
                        \(PGArrayLiteral(results.map(\.status.rawValue)))::text[],
                        \(PGArrayLiteral(results.map(\.details)))::text[],
                        \(PGArrayLiteral(results.map(\.detailsRu)))::text[],
                        \(PGArrayLiteral(results.map(\.provider)))::text[]) WITH ORDINALITY AS u(c, s, d, r, p, ord)
            ORDER BY ord
            """)
    }

    /// The latest result of each check of a subject, by check name.
    public func latest(subject: CheckSubject, subjectID: Int64) throws -> [CheckResult] {
        try connection.fetch(CheckResult.self, """
            SELECT DISTINCT ON (check_name)
                   id, subject_kind, subject_id, vin::text AS vin, check_name, status, details, details_ru, provider, checked_at
            FROM check_results
            WHERE subject_kind = \(subject) AND subject_id = \(subjectID)
            ORDER BY check_name, checked_at DESC, id DESC
            """)
    }

    /// Every result of a subject, newest first.
    public func history(subject: CheckSubject, subjectID: Int64) throws -> [CheckResult] {
        try connection.fetch(CheckResult.self, """
            SELECT id, subject_kind, subject_id, vin::text AS vin, check_name, status, details, details_ru, provider, checked_at
            FROM check_results
            WHERE subject_kind = \(subject) AND subject_id = \(subjectID)
            ORDER BY checked_at DESC, id DESC
            """)
    }
}
