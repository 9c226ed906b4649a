import KiteDomain

/// An appraisal's print forms: `kite print appraisal NUMBER --form contract`.
public enum AppraisalPrintForm: String, Sendable, Hashable, CaseIterable, TemplateForm {
    /// Договор купли-продажи транспортного средства: the dealership buys the car from the seller.
    case contract

    public var templateFileName: String { "appraisal_" + rawValue + ".toml" }
    public var vocabulary: FormVocabulary { AppraisalPlaceholders.vocabulary }
}

/// The `{{placeholders}}` and conditions of the purchase contract: one table of names and
/// values, so what the loader accepts is exactly what is filled in. The dealership's and the
/// person's values are written as on the deal's contract.
public enum AppraisalPlaceholders {
    typealias Entry = (name: String, value: @Sendable (PrintableAppraisal) -> String)

    private static func blank(_ value: String, width: Int = 12) -> String { DealPlaceholders.blankIfEmpty(value, width: width) }

    /// The seller's details as a party of the contract, one item per line; what the contract
    /// needs and is not filled in prints as a line to write on.
    static func sellerRequisites(_ seller: PrintableDeal.Person) -> String {
        [seller.fullName,
         "Дата рождения: " + blank(DealPlaceholders.date(seller.birthDate)),
         "Паспорт: " + blank(DealPlaceholders.passport(seller), width: 30),
         "Адрес: " + blank(seller.address, width: 30),
         seller.phone.isEmpty ? nil : "Телефон: \(seller.phone)"]
            .compactMap { $0 }.joined(separator: "\n")
    }

    /// The dealership as the buyer: legal name, INN/KPP, OGRN, address, bank details.
    static func dealershipRequisites(_ dealership: PrintableDeal.Dealership) -> String {
        let r = dealership.requisites
        return [DealPlaceholders.filled(r.legalName, or: dealership.name),
                "ИНН\u{00A0}\(blank(r.inn)), КПП\u{00A0}\(blank(r.kpp))",
                "ОГРН: " + blank(r.ogrn, width: 15),
                "Адрес: " + blank(r.address, width: 30),
                "Р/с " + blank(r.settlementAccount, width: 24),
                "в " + blank(r.bankName, width: 30),
                "БИК " + blank(r.bik) + ", к/с " + blank(r.correspondentAccount, width: 24)]
            .joined(separator: "\n")
    }

    /// `ЭПТС № 164301012345678`, `ПТС 77 УА 123456`.
    static func pts(_ car: PrintableAppraisal.Car) -> String {
        car.ptsKind.label.ru + " №\u{00A0}" + blank(car.ptsNumber, width: 15)
    }

    private static let table: [Entry] = [
        ("appraisal.number", { $0.number }),
        ("contract.date", { $0.date.russianText }),
        ("dealership.code", { $0.dealership.code }),
        ("dealership.name", { $0.dealership.name }),
        ("dealership.city", { blank($0.dealership.city) }),
        ("dealership.legal_name", { DealPlaceholders.filled($0.dealership.requisites.legalName, or: $0.dealership.name) }),
        ("dealership.inn", { blank($0.dealership.requisites.inn) }),
        ("dealership.kpp", { blank($0.dealership.requisites.kpp) }),
        ("dealership.ogrn", { blank($0.dealership.requisites.ogrn, width: 15) }),
        ("dealership.address", { blank($0.dealership.requisites.address, width: 30) }),
        ("dealership.bank", { blank($0.dealership.requisites.bankName, width: 30) }),
        ("dealership.bik", { blank($0.dealership.requisites.bik) }),
        ("dealership.account", { blank($0.dealership.requisites.settlementAccount, width: 24) }),
        ("dealership.corr_account", { blank($0.dealership.requisites.correspondentAccount, width: 24) }),
        ("dealership.requisites", { dealershipRequisites($0.dealership) }),
        ("appraiser.name", { blank($0.appraiserName, width: 24) }),
        ("appraiser.name_genitive", { blank(DealPlaceholders.genitive($0.appraiserName), width: 24) }),
        ("appraiser.short_name", { blank(DealPlaceholders.shortName($0.appraiserName), width: 16) }),

        ("seller.name", { $0.seller.fullName }),
        ("seller.short_name", { DealPlaceholders.shortName($0.seller.fullName) }),
        ("seller.citizen", { DealPlaceholders.gendered($0.seller.fullName, male: "гражданин", female: "гражданка", either: "гражданин(ка)") }),
        ("seller.named", { DealPlaceholders.gendered($0.seller.fullName, male: "именуемый", female: "именуемая", either: "именуемый(ая)") }),
        ("seller.birth_date", { blank(DealPlaceholders.date($0.seller.birthDate)) }),
        ("seller.passport", { blank(DealPlaceholders.passport($0.seller), width: 30) }),
        ("seller.address", { blank($0.seller.address, width: 30) }),
        ("seller.phone", { blank($0.seller.phone) }),
        ("seller.requisites", { sellerRequisites($0.seller) }),

        ("car.title", { $0.car.title }),
        ("car.make", { $0.car.make }),
        ("car.model", { blank($0.car.model) }),
        ("car.vin", { $0.car.vin }),
        ("car.year", { $0.car.year > 0 ? String($0.car.year) : blank("", width: 4) }),
        ("car.colour", { blank($0.car.colour) }),
        ("car.body", { blank($0.car.body) }),
        ("car.plate", { blank($0.car.plate) }),
        ("car.pts", { pts($0.car) }),
        ("car.pts_kind", { $0.car.ptsKind.label.ru }),
        ("car.pts_number", { blank($0.car.ptsNumber, width: 15) }),
        ("car.mileage", { DealPlaceholders.grouped($0.car.mileageKm) }),
        ("car.owners", { String($0.car.owners) }),
        ("car.keys", { String($0.car.keysCount) }),
        ("car.stock_number", { blank($0.car.stockNumber) }),

        ("price.amount", { DealPlaceholders.money($0.price) }),
        ("price.words", { AmountInWords.russian($0.price) }),
        ("deal.number", { blank($0.dealNumber) }),
    ]

    private static let conditions: [String: @Sendable (PrintableAppraisal) -> Bool] = [
        "bought": { $0.state == .bought },
        "trade_in": { !$0.dealNumber.isEmpty },
        "plate": { !$0.car.plate.isEmpty },
    ]

    private static let multiLine: Set<String> = ["seller.requisites", "dealership.requisites"]

    /// What an appraisal's templates may use (no `lines` table).
    public static let vocabulary = FormVocabulary(
        placeholders: Set(table.map(\.name)), conditions: Set(conditions.keys), columns: [:],
        linesName: "nothing: the purchase contract has no table")

    /// The appraisal as a document to lay out.
    public static func document(for appraisal: PrintableAppraisal) -> FilledDocument {
        var values: [String: String] = [:]
        for entry in table { values[entry.name] = entry.value(appraisal) }
        return FilledDocument(values: values, multiLine: multiLine,
                              conditions: Set(conditions.filter { $0.value(appraisal) }.keys))
    }
}
