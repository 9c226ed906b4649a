import Foundation
import KiteDomain

/// Reads and writes a dealership's seller requisites (migration 0012).
public struct SellerRequisitesRepository {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    static let columns = """
        legal_name, inn, kpp, ogrn, legal_address AS address, bank_name, bik, settlement_account, correspondent_account
        """

    public func requisites(dealershipCode code: String) throws -> SellerRequisites? {
        try connection.fetchOne(SellerRequisites.self, "SELECT \(raw: Self.columns) FROM dealerships WHERE code = \(code)")
    }

    /// Validates (check digits included), writes all fields and records the
    /// change with what it was before in `audit_log`. Invalid input throws
    /// `SellerRequisitesError` naming every bad field, and writes nothing.
    @discardableResult
    public func set(dealershipCode code: String, _ requisites: SellerRequisites, actor: String) throws -> SellerRequisites {
        let r = requisites.normalized
        let issues = r.validate().filter { $0.severity == .error }
        guard issues.isEmpty else { throw SellerRequisitesError(issues: issues) }
        return try connection.transaction { connection in
            struct Before: Decodable { var id: Int64; var before: String }
            guard let before = try connection.fetchOne(Before.self, """
                SELECT id, jsonb_build_object('legal_name', legal_name, 'inn', inn, 'kpp', kpp, 'ogrn', ogrn,
                    'legal_address', legal_address, 'bank_name', bank_name, 'bik', bik,
                    'settlement_account', settlement_account, 'correspondent_account', correspondent_account)::text AS before
                FROM dealerships WHERE code = \(code) FOR UPDATE
                """) else { throw UnknownDealershipError(dealershipCode: code) }
            try connection.execute("""
                UPDATE dealerships SET legal_name = \(r.legalName), inn = \(r.inn), kpp = \(r.kpp), ogrn = \(r.ogrn),
                    legal_address = \(r.address), bank_name = \(r.bankName), bik = \(r.bik),
                    settlement_account = \(r.settlementAccount), correspondent_account = \(r.correspondentAccount)
                WHERE id = \(before.id)
                """)
            try AuditLog.append(connection, entity: "dealership", id: before.id, action: "requisites", actor: actor,
                                data: "jsonb_build_object('before', \(before.before)::jsonb)")
            return r
        }
    }
}

/// Requisites that break a rule: one issue per bad field.
public struct SellerRequisitesError: Error, Sendable {
    public var issues: [FieldIssue]
}

/// No dealership has the code asked for.
public struct UnknownDealershipError: Error, Sendable {
    public var dealershipCode: String
    public init(dealershipCode: String) { self.dealershipCode = dealershipCode }
}
