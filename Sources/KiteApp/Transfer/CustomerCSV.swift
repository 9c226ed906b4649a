import Foundation
import KiteDomain
import KiteStore

/// `kite import customers FILE.csv`: the same CSV rules as vehicles (UTF-8,
/// BOM accepted, `;` or `,`, English or Russian column names). Every row is
/// checked by the customer card's rules; a possible duplicate (same phone,
/// passport or INN as a stored customer or an earlier line) is a warning.
public enum CustomerCSV {
    struct Column {
        var name: String
        var russian: String
    }

    static let columns: [Column] = [
        Column(name: "kind", russian: "тип"), Column(name: "name", russian: "фио"),
        Column(name: "phone", russian: "телефон"), Column(name: "email", russian: "e-mail"),
        Column(name: "birth_date", russian: "дата рождения"), Column(name: "passport_series", russian: "серия паспорта"),
        Column(name: "passport_number", russian: "номер паспорта"), Column(name: "passport_issue_date", russian: "дата выдачи"),
        Column(name: "passport_issuer_code", russian: "код подразделения"), Column(name: "inn", russian: "инн"),
        Column(name: "kpp", russian: "кпп"), Column(name: "ogrn", russian: "огрн"), Column(name: "address", russian: "адрес"),
        Column(name: "contact_person", russian: "контактное лицо"), Column(name: "consent", russian: "согласие"),
        Column(name: "consent_date", russian: "дата согласия"), Column(name: "dealership", russian: "дилерский центр"),
    ]

    public static func importFile(_ url: URL, into connection: PGConnection, actor: String, skipInvalid: Bool,
                                  today: CivilDate = CivilDate(Date(), timeZone: .current)) throws -> ImportReport {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw TransferError("cannot read \(url.path)") }
        let records: [CSV.Record]
        do { records = try CSV.parse(data) } catch { throw TransferError("\(url.lastPathComponent): \(error)") }
        guard let header = records.first else { throw TransferError("\(url.lastPathComponent) is empty") }
        let index = try columnIndex(header)
        let dealerships = try ReferenceRepository(connection: connection).dealerships()
        let repository = CustomerRepository(connection: connection)

        var report = ImportReport()
        var good: [(line: Int, customer: Customer)] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            func value(_ name: String) -> String {
                guard let i = index[name], i < record.fields.count else { return "" }
                return record.fields[i].trimmingCharacters(in: .whitespaces)
            }
            var problems: [String] = []
            var warnings: [String] = []
            var c = Customer(name: value("name"), phone: value("phone"), email: value("email"),
                             passportSeries: value("passport_series"), passportNumber: value("passport_number"),
                             passportIssuerCode: value("passport_issuer_code"), inn: value("inn"), kpp: value("kpp"),
                             ogrn: value("ogrn"), address: value("address"), contactPerson: value("contact_person"))
            let kind = value("kind").lowercased()
            if !kind.isEmpty {
                if let k = CustomerKind.allCases.first(where: { $0.rawValue == kind || $0.label.ru.lowercased() == kind }) { c.kind = k }
                else { problems.append("kind: \"\(value("kind"))\" is not person/company/sole_trader (физлицо/организация/ИП)") }
            }
            func date(_ column: String) -> CivilDate? {
                let text = value(column)
                guard !text.isEmpty else { return nil }
                if let d = CivilDate.parseRussian(text) ?? CivilDate.parseISO(text) { return d }
                problems.append("\(column): \"\(text)\" is not ДД.ММ.ГГГГ or YYYY-MM-DD")
                return nil
            }
            c.birthDate = date("birth_date")
            c.passportIssueDate = date("passport_issue_date")
            c.consentDate = date("consent_date")
            let consent = value("consent").lowercased()
            if !consent.isEmpty {
                if ["да", "yes", "true", "1"].contains(consent) { c.consentGiven = true }
                else if !["нет", "no", "false", "0"].contains(consent) { problems.append("consent: \"\(value("consent"))\" is not да/нет (yes/no)") }
            }
            let code = value("dealership").uppercased()
            if !code.isEmpty {
                if let dealership = dealerships.first(where: { $0.code == code }) { c.dealershipID = dealership.id }
                else { problems.append("dealership: unknown dealership code \"\(value("dealership"))\"") }
            }
            if c.name.isEmpty { problems.append("name: required") }
            if problems.isEmpty {
                for issue in c.validate(today: today) {
                    let text = "\(issue.field): \(issue.message.en)"
                    if issue.severity == .error { problems.append(text) } else { warnings.append(text) }
                }
            }
            if problems.isEmpty {
                let normal = c.normalized()
                for (key, label) in [(normal.phone, "phone"), (normal.passportSeries + normal.passportNumber, "passport"), (normal.inn, "inn")]
                where !key.isEmpty && (label != "passport" || key.count == 10) {
                    if let first = seen[label + ":" + key] { warnings.append("\(label): same as line \(first)") }
                    else { seen[label + ":" + key] = record.line }
                }
                for duplicate in try repository.possibleDuplicates(of: normal) {
                    warnings.append("possible duplicate of customer \(duplicate.customer.id) \(duplicate.customer.name) (same \(duplicate.matchedOn.joined(separator: ", ")))")
                }
            }
            report.problems += warnings.map { ImportRowProblem(line: record.line, message: $0, isWarning: true) }
            if problems.isEmpty {
                good.append((record.line, c))
            } else {
                report.problems += problems.map { ImportRowProblem(line: record.line, message: $0, isWarning: false) }
                report.skipped += 1
            }
        }
        report.problems.sort { ($0.line, $0.isWarning ? 1 : 0) < ($1.line, $1.isWarning ? 1 : 0) }
        if !report.errors.isEmpty && !skipInvalid { return report }
        try connection.transaction { connection in
            let repository = CustomerRepository(connection: connection)
            for row in good { try repository.insert(row.customer, actor: actor) }
        }
        report.imported = good.count
        return report
    }

    private static func columnIndex(_ header: CSV.Record) throws -> [String: Int] {
        var index: [String: Int] = [:]
        var unknown: [String] = []
        for (position, raw) in header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if let column = columns.first(where: { $0.name == name || $0.russian == name }) {
                index[column.name] = position
            } else if !name.isEmpty {
                unknown.append(raw)
            }
        }
        if !unknown.isEmpty {
            throw TransferError("line 1: unknown column(s) \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")); known: \(columns.map(\.name).joined(separator: ", "))")
        }
        if index["name"] == nil { throw TransferError("line 1: missing column name (ФИО)") }
        return index
    }
}
