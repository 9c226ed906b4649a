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

    private static func soleTrader(_ deal: PrintableDeal) -> PrintableDeal.SoleTrader? {
        if case .soleTrader(let trader) = deal.customer { trader } else { nil }
    }

    /// A full name in the genitive («в лице менеджера Ивановой Марии Сергеевны»).
    static func genitive(_ fullName: String) -> String { NameDeclension.decline(fullName, to: .genitive) }

    /// `гражданин`, `гражданка`, or both when the name does not tell.
    static func gendered(_ fullName: String, male: String, female: String, either: String) -> String {
        switch NameDeclension.gender(ofFullName: fullName) {
        case .male: male
        case .female: female
        case nil: either
        }
    }

    /// Who signs for the customer: the person, the sole trader, or the company's representative.
    static func signatory(_ deal: PrintableDeal) -> String {
        switch deal.customer {
        case .person(let person): person.fullName
        case .soleTrader(let trader): trader.fullName
        case .company(let company): company.contactPerson
        }
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

    /// The customer's details as a party of the contract, one item per line. What a contract
    /// needs and is not filled in prints as a line to write on by hand; what it can do
    /// without (a person's INN, a phone) is left out.
    static func requisites(_ deal: PrintableDeal) -> String {
        switch deal.customer {
        case .person(let person):
            return [person.fullName,
                    "Дата рождения: " + blankIfEmpty(date(person.birthDate)),
                    "Паспорт: " + blankIfEmpty(passport(person), width: 30),
                    person.inn.isEmpty ? nil : "ИНН: \(person.inn)",
                    "Адрес: " + blankIfEmpty(person.address, width: 30),
                    person.phone.isEmpty ? nil : "Телефон: \(person.phone)"]
                .compactMap { $0 }.joined(separator: "\n")
        case .company(let company):
            return [company.name,
                    "ИНН\u{00A0}\(blankIfEmpty(company.inn)), КПП\u{00A0}\(blankIfEmpty(company.kpp))",
                    "ОГРН: " + blankIfEmpty(company.ogrn),
                    "Адрес: " + blankIfEmpty(company.address, width: 30),
                    company.phone.isEmpty ? nil : "Телефон: \(company.phone)",
                    "Представитель: " + blankIfEmpty(company.contactPerson, width: 24)]
                .compactMap { $0 }.joined(separator: "\n")
        case .soleTrader(let trader):
            return ["Индивидуальный предприниматель " + trader.fullName,
                    "ИНН\u{00A0}" + blankIfEmpty(trader.inn),
                    "ОГРНИП: " + blankIfEmpty(trader.ogrnip, width: 15),
                    "Адрес: " + blankIfEmpty(trader.address, width: 30),
                    trader.phone.isEmpty ? nil : "Телефон: \(trader.phone)"]
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

    /// An unfilled value prints as a line to write on by hand (white space counts as unfilled).
    static func blankIfEmpty(_ value: String, width: Int = 12) -> String {
        value.allSatisfy(\.isWhitespace) ? String(repeating: "_", count: width) : value
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

        ("manager.name_genitive", { genitive($0.managerName) }),

        ("customer.name", { $0.customer.name }),
        ("customer.name_genitive", { company($0) == nil ? genitive($0.customer.name) : $0.customer.name }),
        ("customer.kind", { deal in
            switch deal.customer {
            case .person: "физическое лицо"
            case .company: "юридическое лицо"
            case .soleTrader: "индивидуальный предприниматель"
            }
        }),
        /// `гражданин` / `гражданка` for a person (`гражданин(ка)` when the name does not tell).
        ("customer.citizen", { gendered($0.customer.name, male: "гражданин", female: "гражданка", either: "гражданин(ка)") }),
        /// `именуемый` / `именуемая` (`именуемый(ая)`): for a person or a sole trader.
        ("customer.named", { gendered($0.customer.name, male: "именуемый", female: "именуемая", either: "именуемый(ая)") }),
        ("customer.requisites", { requisites($0) }),
        ("customer.address", { blankIfEmpty(person($0)?.address ?? company($0)?.address ?? soleTrader($0)?.address ?? "", width: 30) }),
        ("customer.phone", { blankIfEmpty(person($0)?.phone ?? company($0)?.phone ?? soleTrader($0)?.phone ?? "") }),
        ("customer.inn", { blankIfEmpty(person($0)?.inn ?? company($0)?.inn ?? soleTrader($0)?.inn ?? "") }),
        ("customer.birth_date", { blankIfEmpty(date(person($0)?.birthDate)) }),
        ("customer.passport", { blankIfEmpty(person($0).map(passport) ?? "", width: 30) }),
        ("customer.passport_series", { blankIfEmpty(person($0)?.passportSeries ?? "", width: 6) }),
        ("customer.passport_number", { blankIfEmpty(person($0)?.passportNumber ?? "", width: 8) }),
        ("customer.passport_issue_date", { blankIfEmpty(date(person($0)?.passportIssueDate)) }),
        ("customer.passport_issuer_code", { blankIfEmpty(person($0)?.passportIssuerCode ?? "", width: 8) }),
        ("customer.kpp", { blankIfEmpty(company($0)?.kpp ?? "") }),
        /// A company's ОГРН or a sole trader's ОГРНИП.
        ("customer.ogrn", { blankIfEmpty(company($0)?.ogrn ?? soleTrader($0)?.ogrnip ?? "", width: 15) }),
        ("customer.contact_person", { blankIfEmpty(company($0)?.contactPerson ?? "", width: 24) }),
        ("customer.contact_person_genitive", { blankIfEmpty(genitive(company($0)?.contactPerson ?? ""), width: 24) }),
        /// Who signs for the customer: the person or sole trader, or the company's representative.
        ("customer.signatory", { blankIfEmpty(signatory($0), width: 24) }),
        ("customer.signatory_short", { blankIfEmpty(shortName(signatory($0)), width: 16) }),

        ("vehicle.title", { $0.vehicle.title }),
        ("vehicle.vin", { $0.vehicle.vin }),
        ("vehicle.make", { $0.vehicle.make }),
        ("vehicle.model", { $0.vehicle.model }),
        ("vehicle.trim", { $0.vehicle.trim }),
        ("vehicle.year", { String($0.vehicle.year) }),
        ("vehicle.colour", { blankIfEmpty($0.vehicle.colour) }),
        ("vehicle.mileage", { grouped($0.vehicle.mileageKm) }),
        ("vehicle.stock_number", { blankIfEmpty($0.vehicle.stockNumber) }),

        ("price.list", { money($0.listPrice) }),
        ("price.discount", { money($0.discount) }),
        ("price.discount_reason", { blankIfEmpty($0.discountReason, width: 20) }),
        ("price.vehicle", { money($0.sheet.vehiclePrice) }),
        ("price.vehicle_words", { AmountInWords.russian($0.sheet.vehiclePrice) }),
        ("price.vehicle_vat", { money($0.sheet.vehicleVAT) }),
        ("price.vehicle_vat_rate", { vatLabel($0.sheet.vehicleVATRate, onMargin: $0.hasMarginVAT) }),
        ("price.total", { money($0.sheet.total) }),
        ("price.total_words", { AmountInWords.russian($0.sheet.total) }),
        ("price.vat", { money($0.sheet.totalVAT) }),
        ("price.vat_words", { AmountInWords.russian($0.sheet.totalVAT) }),
        ("price.trade_in", { money($0.tradeInCredit) }),
        ("price.trade_in_description", { blankIfEmpty($0.tradeInDescription, width: 30) }),
        ("price.amount_due", { money($0.sheet.amountDue) }),
        ("price.amount_due_words", { AmountInWords.russian($0.sheet.amountDue) }),
        ("price.own_part", { money($0.sheet.customerOwnPart) }),
        ("price.own_part_words", { AmountInWords.russian($0.sheet.customerOwnPart) }),
        ("price.line_count", { String($0.lines.count) }),
        ("loan.bank", { blankIfEmpty($0.loanBank, width: 20) }),
        ("loan.amount", { money($0.loanAmount) }),
        ("handover.date", { blankIfEmpty(date($0.plannedHandover)) }),
    ]

    /// Every placeholder name a template may use (besides `page`/`pages` in the footer).
    public static let names: Set<String> = Set(table.map(\.name))

    /// Only in `footer`: the page number and the page count.
    public static let pageNames: Set<String> = FormVocabulary.pageNames

    /// What a deal's templates may use.
    public static let vocabulary = FormVocabulary(
        placeholders: names, conditions: Set(conditions.keys),
        columns: Dictionary(uniqueKeysWithValues: FormTemplate.LineField.allCases.map { field in
            (field.rawValue, FormVocabulary.Column(align: field.defaultAlignment, widest: widestFigure(field)))
        }),
        linesName: "the deal's priced lines")

    /// The widest figure a column can show: money up to the largest amount `numeric(14,2)`
    /// holds, a quantity up to the database's 9 999, a position up to 999. Nil for text.
    static func widestFigure(_ field: FormTemplate.LineField) -> String? {
        switch field {
        case .position: "999"
        case .quantity: "9999"
        case .unitPrice, .amount, .vat: money(Money.databaseMaximum)
        case .description, .vatRate: nil
        }
    }

    static func cell(_ line: PrintableDeal.Line, _ field: FormTemplate.LineField) -> String {
        switch field {
        case .position: String(line.position)
        case .description: line.description
        case .quantity: String(line.quantity)
        case .unitPrice: money(line.unitPrice)
        case .amount: money(line.amount)
        case .vatRate: vatLabel(line.vatRate, onMargin: line.vatOnMargin)
        case .vat: line.vatRate == .withoutVAT ? "—" : money(line.vat)
        }
    }

    /// The deal as a document to lay out.
    public static func document(for deal: PrintableDeal) -> FilledDocument {
        FilledDocument(values: values(for: deal), multiLine: ["customer.requisites"],
                       conditions: Set(conditions.filter { $0.value(deal) }.keys),
                       rows: deal.lines.map { line in
                           Dictionary(uniqueKeysWithValues: FormTemplate.LineField.allCases.map { ($0.rawValue, cell(line, $0)) })
                       })
    }

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
        "sole_trader": { soleTrader($0) != nil },
        "discount": { $0.discount > .zero },
        "trade_in": { $0.tradeInCredit > .zero },
        "loan": { $0.loanAmount > .zero },
        "margin_vat": { $0.hasMarginVAT },
        "handover_date": { $0.plannedHandover != nil },
    ]

}
