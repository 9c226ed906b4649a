import Foundation
import KiteDomain

/// Whether a deal may go to `contracted`, as far as the verification checks
/// are concerned: the dealership's `blocking_checks` must each have a latest
/// result for the vehicle or the customer that is not `failed` and not older
/// than `check_max_age_days` (database clock).
public enum ContractGate {
    /// One message (ru and en, naming the check and the subject) per blocking
    /// check that stops the contract: its latest result is `failed`, or there
    /// is no result newer than `check_max_age_days`. Empty: nothing blocks.
    /// An `error` (the provider could not answer) is not a result: it neither
    /// replaces an earlier pass nor counts as one.
    ///
    /// A blocking check applies to the vehicle when it is a vehicle check and
    /// to the customer when it is a check of the customer's kind
    /// (`CheckCatalog`); a check that does not apply (a passport check for a
    /// company) is skipped. Call it in the transaction that moves the deal,
    /// after locking the deal. Throws `NotFoundError` for a missing
    /// dealership, vehicle or customer.
    public static func blockers(connection: PGConnection, dealershipID: Int64, vehicleID: Int64,
                                customerID: Int64) throws -> [LocalizedText] {
        struct VehicleRow: Decodable { var stockNumber: String; var vin: String }
        guard let vehicle = try connection.fetchOne(VehicleRow.self,
            "SELECT stock_number, vin::text AS vin FROM vehicles WHERE id = \(vehicleID)") else {
            throw NotFoundError(entity: "vehicle", id: vehicleID)
        }
        let name = LocalizedText(ru: "автомобиля \(vehicle.stockNumber) (VIN \(vehicle.vin))",
                                 en: "vehicle \(vehicle.stockNumber) (VIN \(vehicle.vin))")
        return try blockers(connection: connection, dealershipID: dealershipID, car: (.vehicle, vehicleID, name),
                            customerID: customerID)
    }

    /// The same rule before a used car is bought (issue 13): the car is the appraisal, its
    /// checks run on the appraisal's VIN (`appraisal.verify`); the customer is the seller.
    public static func purchaseBlockers(connection: PGConnection, appraisal: Appraisal) throws -> [LocalizedText] {
        let name = LocalizedText(ru: "автомобиля по оценке \(appraisal.number) (VIN \(appraisal.vin))",
                                 en: "the car of appraisal \(appraisal.number) (VIN \(appraisal.vin))")
        return try blockers(connection: connection, dealershipID: appraisal.dealershipID,
                            car: (.appraisal, appraisal.id, name), customerID: appraisal.sellerID)
    }

    /// The rule for a car (a vehicle in stock, or an appraisal's car) and a customer.
    static func blockers(connection: PGConnection, dealershipID: Int64, car: (subject: CheckSubject, id: Int64, name: LocalizedText),
                         customerID: Int64) throws -> [LocalizedText] {
        struct Settings: Decodable { var blockingChecks: String; var checkMaxAgeDays: Int }
        guard let settings = try connection.fetchOne(Settings.self, """
            SELECT array_to_json(blocking_checks)::text AS blocking_checks, check_max_age_days
            FROM dealerships WHERE id = \(dealershipID)
            """) else { throw NotFoundError(entity: "dealership", id: dealershipID) }
        let blocking = try JSONDecoder().decode([String].self, from: Data(settings.blockingChecks.utf8))

        struct CustomerRow: Decodable { var kind: String; var name: String }
        guard let customer = try connection.fetchOne(CustomerRow.self,
            "SELECT kind, name FROM customers WHERE id = \(customerID)") else {
            throw NotFoundError(entity: "customer", id: customerID)
        }

        struct Latest: Decodable {
            var subjectKind: CheckSubject
            var checkName: String
            var status: CheckStatus
            var details: String
            var ageDays: Int
            var fresh: Bool
            /// When, in microseconds since the epoch: only to order two rows.
            var checkedMicros: Int64
        }
        // The latest real result (passed, warning, failed) and, apart, the latest
        // error: a provider that could not answer says nothing about the car.
        let latest = try connection.fetch(Latest.self, """
            SELECT DISTINCT ON (subject_kind, check_name, status = 'error')
                   subject_kind, check_name, status, details,
                   extract(day FROM now() - checked_at)::int AS age_days,
                   checked_at > now() - make_interval(days => \(settings.checkMaxAgeDays)) AS fresh,
                   (extract(epoch FROM checked_at) * 1000000)::bigint AS checked_micros
            FROM check_results
            WHERE ((subject_kind = \(car.subject) AND subject_id = \(car.id))
                OR (subject_kind = 'customer' AND subject_id = \(customerID)))
              AND check_name = ANY(\(blocking))
            ORDER BY subject_kind, check_name, status = 'error', checked_at DESC, id DESC
            """)
        let vehicleName = car.name
        let customerName = LocalizedText(ru: "клиента «\(customer.name)»", en: "customer '\(customer.name)'")
        let customerChecks = CheckCatalog.customerChecks(kind: customer.kind)

        var messages: [LocalizedText] = []
        for check in blocking {
            let subject: CheckSubject
            if CheckCatalog.vehicleChecks.contains(check) {
                subject = car.subject
            } else if customerChecks.contains(check) {
                subject = .customer
            } else {
                continue
            }
            let who = subject == .customer ? customerName : vehicleName
            let title = CheckCatalog.title(check)
            let rows = latest.filter { $0.subjectKind == subject && $0.checkName == check }
            let real = rows.first { $0.status != .error }
            // An error older than the real result says nothing about it.
            let lastError = rows.first { $0.status == .error && $0.checkedMicros > (real?.checkedMicros ?? .min) }
            let errorNote = lastError.map { error in
                let details = error.details.isEmpty ? "" : ": \(error.details)"
                return LocalizedText(ru: " (последняя попытка завершилась ошибкой\(details))",
                                     en: " (the last attempt ended in an error\(details))")
            } ?? LocalizedText(ru: "", en: "")
            guard let result = real else {
                messages.append(LocalizedText(
                    ru: "Проверка «\(title.ru)» для \(who.ru) не проводилась\(errorNote.ru)",
                    en: "Check '\(title.en)' has no result for \(who.en)\(errorNote.en)"))
                continue
            }
            if result.status == .failed {
                let detailsRU = result.details.isEmpty ? "" : ": \(result.details)"
                messages.append(LocalizedText(
                    ru: "Проверка «\(title.ru)» не пройдена для \(who.ru)\(detailsRU)",
                    en: "Check '\(title.en)' failed for \(who.en)\(detailsRU)"))
            } else if !result.fresh {
                messages.append(LocalizedText(
                    ru: "Проверка «\(title.ru)» для \(who.ru) устарела: последний результат \(result.ageDays) дн. назад, допускается не старше \(settings.checkMaxAgeDays) дн.\(errorNote.ru)",
                    en: "Check '\(title.en)' for \(who.en) is out of date: the last result is \(result.ageDays) days old, at most \(settings.checkMaxAgeDays) allowed\(errorNote.en)"))
            }
        }
        return messages
    }
}
