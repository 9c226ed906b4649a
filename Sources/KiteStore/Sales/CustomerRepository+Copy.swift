import Foundation
import KiteDomain

extension CustomerRepository {
    /// Loads customers with COPY (benchmarks, big imports): no audit rows and
    /// no verification jobs. Values are stored as given (normalise first).
    @discardableResult
    public func copyIn(_ customers: some Sequence<Customer>) throws -> Int {
        let lines = customers.lazy.map { c -> String in
            CopyText.line([
                c.kind.rawValue, c.name, c.birthDate?.isoText, c.phone, c.email, c.passportSeries, c.passportNumber,
                c.passportIssueDate?.isoText, c.passportIssuerCode, c.inn, c.kpp, c.ogrn, c.address, c.contactPerson,
                c.consentGiven ? "t" : "f", c.consentDate?.isoText, c.dealershipID.map(String.init),
                c.updatedBy.isEmpty ? "copy" : c.updatedBy,
            ])
        }
        return try connection.copyIn("""
            COPY customers (kind, name, birth_date, phone, email, passport_series, passport_number, passport_issue_date,
                passport_issuer_code, inn, kpp, ogrn, address, contact_person, consent_given, consent_date,
                dealership_id, updated_by) FROM STDIN
            """, lines: lines)
    }
}
