import Foundation
import KiteDomain

/// `customers`: each column once. The dealership is set on insert only.
extension Customer: StoredRecord, VersionedRecord {
    public static let table = "customers"
    public static var blank: Customer { Customer() }

    public static var columns: [StoredColumn<Customer>] {
        [
            .column("id", \.id, .serverManaged),
            .column("kind", \.kind),
            .column("name", \.name),
            .column("birth_date", \.birthDate),
            .column("phone", \.phone),
            .column("email", \.email),
            .column("passport_series", \.passportSeries),
            .column("passport_number", \.passportNumber),
            .column("passport_issue_date", \.passportIssueDate),
            .column("passport_issuer_code", \.passportIssuerCode),
            .column("inn", \.inn),
            .column("kpp", \.kpp),
            .column("ogrn", \.ogrn),
            .column("address", \.address),
            .column("contact_person", \.contactPerson),
            .column("consent_given", \.consentGiven),
            .column("consent_date", \.consentDate),
            .column("dealership_id", \.dealershipID, .insertOnly),
            .column("version", \.version, .version),
            .column("updated_at", \.updatedAt, .updatedAt),
            .column("updated_by", \.updatedBy, .actor),
        ]
    }
}
