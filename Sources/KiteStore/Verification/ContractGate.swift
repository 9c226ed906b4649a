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
        let name = vehicleName(stockNumber: vehicle.stockNumber, vin: vehicle.vin)
        return try blockers(connection: connection, dealershipID: dealershipID, car: (.vehicle, vehicleID, name),
                            customerID: customerID)
    }

    /// The same rule before a used car is bought (issue 13): the car is the appraisal, its
    /// checks run on the appraisal's VIN (`appraisal.verify`); the customer is the seller.
    public static func purchaseBlockers(connection: PGConnection, appraisal: Appraisal) throws -> [LocalizedText] {
        let name = appraisalCarName(number: appraisal.number, vin: appraisal.vin)
        return try blockers(connection: connection, dealershipID: appraisal.dealershipID,
                            car: (.appraisal, appraisal.id, name), customerID: appraisal.sellerID)
    }

    /// One blocking check that stops (a row of the database's `kite_check_blockers`, migration
    /// 0032, or an element of the `blockers` an `appraisal_checks_block` refusal names).
    public struct Blocker: Decodable, Sendable, Hashable {
        /// `vehicle`, `appraisal` or `customer`.
        public var subject: String
        public var check: String
        /// `missing`, `failed` or `stale`.
        public var problem: String
        public var details: String
        public var ageDays: Int
        public var maxAgeDays: Int
        /// The last error newer than the real result, if any.
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case subject, check, problem, details, error
            case ageDays = "age_days", maxAgeDays = "max_age_days"
        }
    }

    /// The rule for a car (a vehicle in stock, or an appraisal's car) and a customer: the
    /// database's `kite_check_blockers`, the same function `appraisal_buy` enforces.
    static func blockers(connection: PGConnection, dealershipID: Int64, car: (subject: CheckSubject, id: Int64, name: LocalizedText),
                         customerID: Int64) throws -> [LocalizedText] {
        guard try connection.fetchOne(Int64.self, "SELECT id FROM dealerships WHERE id = \(dealershipID)") != nil else {
            throw NotFoundError(entity: "dealership", id: dealershipID)
        }
        guard let customerName = try connection.fetchOne(String.self, "SELECT name FROM customers WHERE id = \(customerID)") else {
            throw NotFoundError(entity: "customer", id: customerID)
        }
        struct Row: Decodable {
            var subjectKind: String, checkName: String, problem: String, details: String
            var ageDays: Int, maxAgeDays: Int, errorDetails: String?
        }
        let rows = try connection.fetch(Row.self, """
            SELECT subject_kind, check_name, problem, details, age_days, max_age_days, error_details
              FROM kite_check_blockers(\(dealershipID), \(car.subject), \(car.id), \(customerID)) ORDER BY n
            """)
        let blockers = rows.map {
            Blocker(subject: $0.subjectKind, check: $0.checkName, problem: $0.problem, details: $0.details,
                    ageDays: $0.ageDays, maxAgeDays: $0.maxAgeDays, error: $0.errorDetails)
        }
        return messages(blockers, car: car.name, customer: customerName)
    }

    /// A car in stock, as the messages name it.
    public static func vehicleName(stockNumber: String, vin: String) -> LocalizedText {
        LocalizedText(ru: "автомобиля \(stockNumber) (VIN \(vin))", en: "vehicle \(stockNumber) (VIN \(vin))")
    }

    /// The car of appraisal `number`, as the messages name it.
    public static func appraisalCarName(number: String, vin: String) -> LocalizedText {
        LocalizedText(ru: "автомобиля по оценке \(number) (VIN \(vin))", en: "the car of appraisal \(number) (VIN \(vin))")
    }

    /// One message (ru and en, naming the check and the subject) per blocker.
    public static func messages(_ blockers: [Blocker], car vehicleName: LocalizedText, customer: String) -> [LocalizedText] {
        let customerName = LocalizedText(ru: "клиента «\(customer)»", en: "customer '\(customer)'")
        return blockers.map { blocker in
            let who = blocker.subject == CheckSubject.customer.rawValue ? customerName : vehicleName
            let title = CheckCatalog.title(blocker.check)
            let errorNote = blocker.error.map { details in
                let details = details.isEmpty ? "" : ": \(details)"
                return LocalizedText(ru: " (последняя попытка завершилась ошибкой\(details))",
                                     en: " (the last attempt ended in an error\(details))")
            } ?? LocalizedText(ru: "", en: "")
            switch blocker.problem {
            case "missing":
                return LocalizedText(
                    ru: "Проверка «\(title.ru)» для \(who.ru) не проводилась\(errorNote.ru)",
                    en: "Check '\(title.en)' has no result for \(who.en)\(errorNote.en)")
            case "failed":
                let details = blocker.details.isEmpty ? "" : ": \(blocker.details)"
                return LocalizedText(
                    ru: "Проверка «\(title.ru)» не пройдена для \(who.ru)\(details)",
                    en: "Check '\(title.en)' failed for \(who.en)\(details)")
            default:
                return LocalizedText(
                    ru: "Проверка «\(title.ru)» для \(who.ru) устарела: последний результат \(blocker.ageDays) дн. назад, допускается не старше \(blocker.maxAgeDays) дн.\(errorNote.ru)",
                    en: "Check '\(title.en)' for \(who.en) is out of date: the last result is \(blocker.ageDays) days old, at most \(blocker.maxAgeDays) allowed\(errorNote.en)")
            }
        }
    }
}
