import Foundation
import KiteDomain
import KiteStore

/// Runs the customer checks and stores one result per check (`check_results`,
/// subject `customer`).
///
/// A person: `passport_invalid` (the list imported with `kite registry import
/// passports`), `inn_checksum` (when an INN is entered), `buyer_age` (18 or
/// older on the database's `current_date`). A company: `inn_checksum` (10 digits),
/// `ogrn_checksum` (ОГРН, 13 digits); a sole trader: the same checks of a 12-digit
/// INN and a 15-digit ОГРНИП.
public struct CustomerVerifier {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// Verifies the customer and stores the results; nil when the customer no longer exists.
    @discardableResult
    public func verify(customerID: Int64) throws -> [NewCheckResult]? {
        guard let customer = try CustomerRepository(connection: connection).get(id: customerID) else { return nil }
        let results = try checks(for: customer, today: DatabaseClock(connection: connection).today())
        try CheckResultRepository(connection: connection).record(results, subject: .customer, subjectID: customerID)
        return results
    }

    /// The results for `customer`, its age judged on `today`.
    func checks(for customer: Customer, today: CivilDate) throws -> [NewCheckResult] {
        var results: [NewCheckResult] = []
        switch customer.kind {
        case .company:
            results.append(innCheck(customer.inn, issues: INN.validateCompany))
            results.append(ogrnCheck(customer.ogrn, issues: OGRN.validateCompany))
            return results
        case .soleTrader:
            results.append(innCheck(customer.inn, issues: INN.validatePerson))
            results.append(ogrnCheck(customer.ogrn, issues: OGRN.validateSoleProprietor))
            return results
        case .person:
            break
        }
        results.append(try passportCheck(series: customer.passportSeries, number: customer.passportNumber))
        if !customer.inn.isEmpty { results.append(innCheck(customer.inn, issues: INN.validateAny)) }
        results.append(ageCheck(birthDate: customer.birthDate, today: today))
        return results
    }

    private func passportCheck(series: String, number: String) throws -> NewCheckResult {
        guard !series.isEmpty, !number.isEmpty else {
            return .init(checkName: "passport_invalid", status: .warning,
                         text: LocalizedText(ru: "паспорт не указан", en: "no passport entered"))
        }
        let registry = PassportRegistry(connection: connection)
        guard let list = try registry.latestImport() else {
            return .init(checkName: "passport_invalid", status: .error,
                         text: LocalizedText(ru: "список недействительных паспортов не загружен (kite registry import passports FILE)",
                                             en: "the list of invalid passports was never imported (kite registry import passports FILE)"))
        }
        let imported = list.importedAt.formatted(.iso8601.year().month().day())
        if try registry.contains(series: series, number: number) {
            return .init(checkName: "passport_invalid", status: .failed,
                         text: LocalizedText(ru: "паспорт \(series) \(number) в списке недействительных (\(list.source), \(imported))",
                                             en: "passport \(series) \(number) is in the list of invalid passports (\(list.source), \(imported))"))
        }
        return .init(checkName: "passport_invalid", status: .passed, details: "\(list.source), \(imported)")
    }

    private func innCheck(_ inn: String, issues validate: (String, String) -> [FieldIssue]) -> NewCheckResult {
        if inn.isEmpty {
            return .init(checkName: "inn_checksum", status: .warning, text: LocalizedText(ru: "ИНН не указан", en: "no INN entered"))
        }
        let issues = validate(inn, "inn")
        if let issue = issues.first {
            return .init(checkName: "inn_checksum", status: .failed, text: LocalizedText(ru: "\(inn): \(issue.message.ru)", en: "\(inn): \(issue.message.en)"))
        }
        return .init(checkName: "inn_checksum", status: .passed, details: inn)
    }

    private func ogrnCheck(_ ogrn: String, issues validate: (String, String) -> [FieldIssue]) -> NewCheckResult {
        if ogrn.isEmpty {
            return .init(checkName: "ogrn_checksum", status: .warning, text: LocalizedText(ru: "ОГРН не указан", en: "no OGRN entered"))
        }
        let issues = validate(ogrn, "ogrn")
        if let issue = issues.first {
            return .init(checkName: "ogrn_checksum", status: .failed, text: LocalizedText(ru: "\(ogrn): \(issue.message.ru)", en: "\(ogrn): \(issue.message.en)"))
        }
        return .init(checkName: "ogrn_checksum", status: .passed, details: ogrn)
    }

    private func ageCheck(birthDate born: CivilDate?, today now: CivilDate) -> NewCheckResult {
        guard let born else {
            return .init(checkName: "buyer_age", status: .warning, text: LocalizedText(ru: "дата рождения не указана", en: "no birth date entered"))
        }
        if let issue = PersonAge.validateBuyer(birthDate: born, today: now).first {
            return .init(checkName: "buyer_age", status: .failed,
                         text: LocalizedText(ru: "дата рождения \(born.russianText): \(issue.message.ru)",
                                             en: "born \(born.russianText): \(issue.message.en)"))
        }
        return .init(checkName: "buyer_age", status: .passed,
                     text: LocalizedText(ru: "возраст: \(PersonAge.years(birthDate: born, on: now))",
                                         en: "\(PersonAge.years(birthDate: born, on: now)) years"))
    }
}

extension CustomerVerifier {
    /// The `customer.verify` handler: args `{"customer_id": N}`; opens its own
    /// connection with `conninfo`. A customer deleted meanwhile completes the
    /// job with nothing stored; bad arguments are permanent.
    public static func handler(conninfo: String) -> JobHandlers.Handler {
        { job in
            let args = try job.argsDictionary()
            guard let text = args["customer_id"], let id = Int64(text) else {
                throw JobFailure.permanent("customer.verify: args.customer_id missing or not a number: \(job.args)")
            }
            try CustomerVerifier(connection: PGConnection(conninfo)).verify(customerID: id)
        }
    }
}
