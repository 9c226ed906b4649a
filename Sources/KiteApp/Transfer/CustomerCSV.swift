import Foundation
import KiteDomain
import KiteStore

/// `kite import customers FILE.csv`: the same CSV rules as vehicles (UTF-8,
/// BOM accepted, `;` or `,`, English or Russian column names). Every row is
/// checked by the customer card's rules; a possible duplicate (same phone,
/// passport or INN as a stored customer or an earlier line) is a warning.
public enum CustomerCSV {
    static let columns: [(name: String, russian: String)] = [
        ("kind", "тип"), ("name", "фио"), ("phone", "телефон"), ("email", "e-mail"), ("birth_date", "дата рождения"),
        ("passport_series", "серия паспорта"), ("passport_number", "номер паспорта"), ("passport_issue_date", "дата выдачи"),
        ("passport_issuer_code", "код подразделения"), ("inn", "инн"), ("kpp", "кпп"), ("ogrn", "огрн"), ("address", "адрес"),
        ("contact_person", "контактное лицо"), ("consent", "согласие"), ("consent_date", "дата согласия"),
        ("dealership", "дилерский центр"),
    ]

    public static func importFile(_ url: URL, into connection: PGConnection, actor: String, skipInvalid: Bool,
                                  today: CivilDate = CivilDate(Date(), timeZone: .current), language: Language = .en,
                                  progress: ((ImportProgress) -> Void)? = nil) throws -> ImportReport {
        let sheet = try ImportSheet(url: url, columns: columns, required: ["name"], language: language)
        let dealerships = try ReferenceRepository(connection: connection).dealerships()
        let repository = CustomerRepository(connection: connection)
        let started = Date()
        let total = sheet.rows.count
        let t = { (key: TransferText, values: [String: String]) in key(language, values) }

        var report = ImportReport()
        var good: [(line: Int, customer: Customer)] = []
        var seen: [String: Int] = [:]
        var warningsByLine: [Int: [String]] = [:]
        for (number, record) in sheet.rows.enumerated() {
            if number % 5_000 == 0 {
                progress?(ImportProgress(phase: .checking, rows: number, total: total, elapsed: Date().timeIntervalSince(started)))
            }
            func value(_ name: String) -> String { sheet.value(name, in: record) }
            func named(_ column: String, _ message: String) -> String { "\(sheet.title(column)): \(message)" }
            var problems = sheet.textProblems(record, table: "customers", language: language)
            var warnings: [String] = []
            var c = Customer(name: value("name"), phone: value("phone"), email: value("email"),
                             passportSeries: value("passport_series"), passportNumber: value("passport_number"),
                             passportIssuerCode: value("passport_issuer_code"), inn: value("inn"), kpp: value("kpp"),
                             ogrn: value("ogrn"), address: value("address"), contactPerson: value("contact_person"))
            if problems.isEmpty {
                let kind = value("kind").lowercased()
                if !kind.isEmpty {
                    if let k = CustomerKind.allCases.first(where: { $0.rawValue == kind || $0.label.ru.lowercased() == kind }) { c.kind = k }
                    else { problems.append(named("kind", t(.notKind, ["text": value("kind")]))) }
                }
                func date(_ column: String) -> CivilDate? {
                    let text = value(column)
                    guard !text.isEmpty else { return nil }
                    if let d = CivilDate.parseRussian(text) ?? CivilDate.parseISO(text) { return d }
                    problems.append(named(column, t(.notDate, ["text": text])))
                    return nil
                }
                c.birthDate = date("birth_date")
                c.passportIssueDate = date("passport_issue_date")
                c.consentDate = date("consent_date")
                let consent = value("consent").lowercased()
                if !consent.isEmpty {
                    if ["да", "yes", "true", "1"].contains(consent) { c.consentGiven = true }
                    else if !["нет", "no", "false", "0"].contains(consent) { problems.append(named("consent", t(.notConsent, ["text": value("consent")]))) }
                }
                let code = value("dealership").uppercased()
                if !code.isEmpty {
                    if let dealership = dealerships.first(where: { $0.code == code }) { c.dealershipID = dealership.id }
                    else { problems.append(named("dealership", t(.unknownDealership, ["text": value("dealership")]))) }
                }
                if c.name.isEmpty { problems.append(named("name", t(.required, [:]))) }
            }
            if problems.isEmpty {
                for issue in c.validate(today: today) {
                    let text = named(issue.field, issue.message.text(language))
                    if issue.severity == .error { problems.append(text) } else { warnings.append(text) }
                }
            }
            if problems.isEmpty {
                let normal = c.normalized()
                for (key, label) in [(normal.phone, "phone"), (normal.passportSeries + normal.passportNumber, "passport"), (normal.inn, "inn")]
                where !key.isEmpty && (label != "passport" || key.count == 10) {
                    if let first = seen[label + ":" + key] { warnings.append("\(label): " + t(.sameAsLine, ["line": String(first)])) }
                    else { seen[label + ":" + key] = record.line }
                }
            }
            if !warnings.isEmpty { warningsByLine[record.line] = warnings }
            if problems.isEmpty {
                good.append((record.line, c))
            } else {
                report.problems += problems.map { ImportRowProblem(line: record.line, message: $0, isWarning: false) }
                report.skipped += 1
            }
        }
        progress?(ImportProgress(phase: .checking, rows: total, total: total, elapsed: Date().timeIntervalSince(started)))

        // Stored customers with the same phone, passport or INN: one query per 5,000 rows.
        for start in stride(from: 0, to: good.count, by: 5_000) {
            let batch = good[start..<min(start + 5_000, good.count)].map { ($0.line, $0.customer.normalized()) }
            let passports = batch.map { $0.1.passportSeries + $0.1.passportNumber }.filter { $0.count == 10 }
            let stored = try repository.customers(withPhones: batch.map(\.1.phone).filter { !$0.isEmpty }, passports: passports,
                                                  inns: batch.map(\.1.inn).filter { !$0.isEmpty })
            guard !stored.isEmpty else { continue }
            for (line, normal) in batch {
                let passport = normal.passportSeries + normal.passportNumber
                for duplicate in stored {
                    var on: [String] = []
                    if !normal.phone.isEmpty && duplicate.customer.phone == normal.phone { on.append("phone") }
                    if passport.count == 10 && duplicate.customer.passportSeries + duplicate.customer.passportNumber == passport { on.append("passport") }
                    if !normal.inn.isEmpty && duplicate.customer.inn == normal.inn { on.append("inn") }
                    guard !on.isEmpty else { continue }
                    warningsByLine[line, default: []].append(t(.possibleDuplicate, [
                        "id": String(duplicate.customer.id), "name": duplicate.customer.name, "fields": on.joined(separator: ", ")]))
                }
            }
        }
        for (line, warnings) in warningsByLine {
            report.problems += warnings.map { ImportRowProblem(line: line, message: $0, isWarning: true) }
        }
        report.problems.sort { ($0.line, $0.isWarning ? 1 : 0) < ($1.line, $1.isWarning ? 1 : 0) }
        if !report.errors.isEmpty && !skipInvalid { return report }
        let writeStarted = Date()
        try connection.transaction { connection in
            let repository = CustomerRepository(connection: connection)
            var written = 0
            for start in stride(from: 0, to: good.count, by: 5_000) {
                written += try repository.insertImported(good[start..<min(start + 5_000, good.count)].map(\.customer), actor: actor)
                progress?(ImportProgress(phase: .writing, rows: written, total: good.count, elapsed: Date().timeIntervalSince(writeStarted)))
            }
        }
        report.imported = good.count
        return report
    }
}
