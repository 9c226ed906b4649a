import KiteDomain

/// The `{{placeholders}}` a template may use, and the conditions of `when`.
/// One table, so the names the loader accepts are exactly the names filled in.
public enum DealPlaceholders {
    /// Money on a document: `1 250 000,00`, always with kopecks, groups joined
    /// by a no-break space (as `Money.formatted` groups them).
    public static func money(_ amount: Money) -> String {
        let text = amount.formatted(.ru, currencySign: false)
        return text.contains(",") ? text : text + ",00"
    }

    /// `25 400`: thousands joined by a no-break space, as amounts are.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = number < 0 ? "−" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append("\u{00A0}") }
            result.append(digit)
        }
        return result
    }

    static func date(_ date: CivilDate?) -> String { date?.russianText ?? "" }

    private static func person(_ deal: PrintableDeal) -> PrintableDeal.Person? {
        if case .person(let person) = deal.customer { person } else { nil }
    }

    private static func company(_ deal: PrintableDeal) -> PrintableDeal.Company? {
        if case .company(let company) = deal.customer { company } else { nil }
    }

    /// `серия 45 10 № 123456, выдан 01.02.2015, код подразделения 770-001`; what is known of it.
    static func passport(_ person: PrintableDeal.Person) -> String {
        var parts: [String] = []
        if !person.passportSeries.isEmpty || !person.passportNumber.isEmpty {
            var series = person.passportSeries
            if series.count == 4 { series = String(series.prefix(2)) + "\u{00A0}" + String(series.suffix(2)) }
            parts.append("серия\u{00A0}\(series) №\u{00A0}\(person.passportNumber)")
        }
        if let issued = person.passportIssueDate { parts.append("выдан \(issued.russianText)") }
        if !person.passportIssuerCode.isEmpty { parts.append("код подразделения \(person.passportIssuerCode)") }
        return parts.joined(separator: ", ")
    }

    /// The customer's details as a party of the contract, one item per line.
    static func requisites(_ deal: PrintableDeal) -> String {
        switch deal.customer {
        case .person(let person):
            return [person.fullName,
                    person.birthDate.map { "Дата рождения: \($0.russianText)" },
                    passport(person).isEmpty ? nil : "Паспорт: " + passport(person),
                    person.inn.isEmpty ? nil : "ИНН: \(person.inn)",
                    person.address.isEmpty ? nil : "Адрес: \(person.address)",
                    person.phone.isEmpty ? nil : "Телефон: \(person.phone)"]
                .compactMap { $0 }.joined(separator: "\n")
        case .company(let company):
            return [company.name,
                    company.inn.isEmpty && company.kpp.isEmpty ? nil
                        : "ИНН\u{00A0}\(company.inn)" + (company.kpp.isEmpty ? "" : ", КПП\u{00A0}\(company.kpp)"),
                    company.ogrn.isEmpty ? nil : "ОГРН: \(company.ogrn)",
                    company.address.isEmpty ? nil : "Адрес: \(company.address)",
                    company.phone.isEmpty ? nil : "Телефон: \(company.phone)",
                    company.contactPerson.isEmpty ? nil : "Представитель: \(company.contactPerson)"]
                .compactMap { $0 }.joined(separator: "\n")
        }
    }

    /// `Иванова Анна Сергеевна` → `Иванова А. С.`, as under a signature; joined
    /// by no-break spaces so it never wraps. One word stays as it is.
    static func shortName(_ fullName: String) -> String {
        let words = fullName.split(whereSeparator: \.isWhitespace)
        guard words.count >= 2 else { return fullName }
        let initials = words.dropFirst().compactMap { $0.first.map { "\($0)." } }
        return ([String(words[0])] + initials).joined(separator: "\u{00A0}")
    }

    /// An unfilled requisite prints as a line to write on by hand.
    static func blankIfEmpty(_ value: String, width: Int = 12) -> String {
        value.isEmpty ? String(repeating: "_", count: width) : value
    }

    static func filled(_ value: String, or fallback: String) -> String {
        value.isEmpty ? fallback : value
    }

    static func vatLabel(_ rate: VATRate, onMargin: Bool) -> String {
        let label = rate.label.ru
        return onMargin ? label + " с разницы" : label
    }

    private static let table: [(name: String, value: @Sendable (PrintableDeal) -> String)] = [
        ("deal.number", { $0.number }),
        ("deal.date", { $0.date.russianText }),
        ("dealership.code", { $0.dealership.code }),
        ("dealership.name", { $0.dealership.name }),
        ("dealership.city", { $0.dealership.city }),
        ("dealership.legal_name", { filled($0.dealership.requisites.legalName, or: $0.dealership.name) }),
        ("dealership.inn", { blankIfEmpty($0.dealership.requisites.inn) }),
        ("dealership.kpp", { blankIfEmpty($0.dealership.requisites.kpp) }),
        ("dealership.ogrn", { blankIfEmpty($0.dealership.requisites.ogrn) }),
        ("dealership.address", { blankIfEmpty($0.dealership.requisites.address, width: 30) }),
        ("dealership.bank", { blankIfEmpty($0.dealership.requisites.bankName, width: 30) }),
        ("dealership.bik", { blankIfEmpty($0.dealership.requisites.bik) }),
        ("dealership.account", { blankIfEmpty($0.dealership.requisites.settlementAccount, width: 24) }),
        ("dealership.corr_account", { blankIfEmpty($0.dealership.requisites.correspondentAccount, width: 24) }),
        ("manager.name", { $0.managerName }),
        ("manager.short_name", { shortName($0.managerName) }),

        ("customer.name", { $0.customer.name }),
        ("customer.kind", { person($0) != nil ? "физическое лицо" : "юридическое лицо" }),
        ("customer.requisites", { requisites($0) }),
        ("customer.address", { person($0)?.address ?? company($0)?.address ?? "" }),
        ("customer.phone", { person($0)?.phone ?? company($0)?.phone ?? "" }),
        ("customer.inn", { person($0)?.inn ?? company($0)?.inn ?? "" }),
        ("customer.birth_date", { date(person($0)?.birthDate) }),
        ("customer.passport", { person($0).map(passport) ?? "" }),
        ("customer.passport_series", { person($0)?.passportSeries ?? "" }),
        ("customer.passport_number", { person($0)?.passportNumber ?? "" }),
        ("customer.passport_issue_date", { date(person($0)?.passportIssueDate) }),
        ("customer.passport_issuer_code", { person($0)?.passportIssuerCode ?? "" }),
        ("customer.kpp", { company($0)?.kpp ?? "" }),
        ("customer.ogrn", { company($0)?.ogrn ?? "" }),
        ("customer.contact_person", { company($0)?.contactPerson ?? "" }),
        /// Who signs for the customer: the person, or the company's representative.
        ("customer.signatory", { person($0)?.fullName ?? company($0).map { $0.contactPerson } ?? "" }),
        ("customer.signatory_short", { shortName(person($0)?.fullName ?? company($0).map { $0.contactPerson } ?? "") }),

        ("vehicle.title", { $0.vehicle.title }),
        ("vehicle.vin", { $0.vehicle.vin }),
        ("vehicle.make", { $0.vehicle.make }),
        ("vehicle.model", { $0.vehicle.model }),
        ("vehicle.trim", { $0.vehicle.trim }),
        ("vehicle.year", { String($0.vehicle.year) }),
        ("vehicle.colour", { $0.vehicle.colour }),
        ("vehicle.mileage", { grouped($0.vehicle.mileageKm) }),
        ("vehicle.stock_number", { $0.vehicle.stockNumber }),

        ("price.list", { money($0.listPrice) }),
        ("price.discount", { money($0.discount) }),
        ("price.discount_reason", { $0.discountReason }),
        ("price.vehicle", { money($0.sheet.vehiclePrice) }),
        ("price.vehicle_words", { AmountInWords.russian($0.sheet.vehiclePrice) }),
        ("price.vehicle_vat", { money($0.sheet.vehicleVAT) }),
        ("price.vehicle_vat_rate", { vatLabel($0.sheet.vehicleVATRate, onMargin: $0.hasMarginVAT) }),
        ("price.total", { money($0.sheet.total) }),
        ("price.total_words", { AmountInWords.russian($0.sheet.total) }),
        ("price.vat", { money($0.sheet.totalVAT) }),
        ("price.vat_words", { AmountInWords.russian($0.sheet.totalVAT) }),
        ("price.trade_in", { money($0.tradeInCredit) }),
        ("price.trade_in_description", { $0.tradeInDescription }),
        ("price.amount_due", { money($0.sheet.amountDue) }),
        ("price.amount_due_words", { AmountInWords.russian($0.sheet.amountDue) }),
        ("price.own_part", { money($0.sheet.customerOwnPart) }),
        ("price.own_part_words", { AmountInWords.russian($0.sheet.customerOwnPart) }),
        ("price.line_count", { String($0.lines.count) }),
        ("loan.bank", { $0.loanBank }),
        ("loan.amount", { money($0.loanAmount) }),
        ("handover.date", { date($0.plannedHandover) }),
    ]

    /// Every placeholder name a template may use (besides `page`/`pages` in the footer).
    public static let names: Set<String> = Set(table.map(\.name))

    /// Only in `footer`: the page number and the page count.
    public static let pageNames: Set<String> = ["page", "pages"]

    /// Every placeholder filled in for `deal`.
    public static func values(for deal: PrintableDeal) -> [String: String] {
        var values: [String: String] = [:]
        for entry in table { values[entry.name] = entry.value(deal) }
        return values
    }

    /// The conditions `when` may name; `!name` negates.
    public static let conditions: [String: @Sendable (PrintableDeal) -> Bool] = [
        "person": { person($0) != nil },
        "company": { company($0) != nil },
        "discount": { $0.discount > .zero },
        "trade_in": { $0.tradeInCredit > .zero },
        "loan": { $0.loanAmount > .zero },
        "margin_vat": { $0.hasMarginVAT },
        "handover_date": { $0.plannedHandover != nil },
    ]

    static func holds(_ condition: FormTemplate.Condition?, for deal: PrintableDeal) -> Bool {
        guard let condition, let test = conditions[condition.name] else { return true }
        return test(deal) != condition.negated
    }
}
