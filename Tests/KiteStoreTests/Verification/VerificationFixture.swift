import Foundation
import KiteDomain
import KiteStore

/// Customers and deals written with plain SQL (the sales repositories are not
/// this suite's subject), on top of `StockFixture`.
extension StockFixture {
    @discardableResult
    func insertPerson(name: String = "Иванов Иван Иванович", birthDate: String? = "1990-05-17",
                      passport: (String, String) = ("4508", "123456"), inn: String = "") throws -> Int64 {
        try connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, birth_date, passport_series, passport_number, inn, updated_by)
            VALUES ('person', \(name), \(birthDate)::date, \(passport.0), \(passport.1), \(inn), 'test') RETURNING id
            """)!
    }

    @discardableResult
    func insertCompany(name: String = "ООО «Ромашка»", inn: String = "7707083893", ogrn: String = "1027700132195")
        throws -> Int64
    {
        try connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, inn, ogrn, updated_by)
            VALUES ('company', \(name), \(inn), \(ogrn), 'test') RETURNING id
            """)!
    }

    /// A deal in `stage` for the vehicle and customer; `reservedUntil` as an SQL date expression.
    @discardableResult
    func insertDeal(number: Int, vehicleID: Int64, customerID: Int64, stage: String = "reserved",
                    reservedUntil: SQL = "current_date - 1", manager: String = "petrov") throws -> Int64 {
        try connection.fetchOne(Int64.self, """
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, vehicle_id, stage, reserved_until,
                               reserved_at, updated_by)
            VALUES (\(String(format: "MSK-2026-%06d", number)), \(dealership.id), \(manager), \(customerID), \(vehicleID),
                    \(stage), \(fragment: reservedUntil), now(), 'test')
            RETURNING id
            """)!
    }

    func record(_ check: String, _ status: CheckStatus, subject: CheckSubject, id: Int64, daysAgo: Int = 0,
                details: String = "") throws {
        try CheckResultRepository(connection: connection)
            .record([NewCheckResult(checkName: check, status: status, details: details)], subject: subject, subjectID: id)
        if daysAgo > 0 {
            try connection.execute("""
                UPDATE check_results SET checked_at = now() - make_interval(days => \(daysAgo))
                WHERE id = (SELECT max(id) FROM check_results)
                """)
        }
    }
}
