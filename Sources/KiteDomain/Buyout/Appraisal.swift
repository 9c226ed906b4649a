import Foundation

/// draft → offered (or awaiting approval above the dealership's limit → approved) →
/// accepted / declined / expired → bought. Each step is a command of the database
/// (`appraisal_offer`, `appraisal_approve`, `appraisal_answer`, `appraisal_expire_offers`,
/// `appraisal_buy`); a declined or expired appraisal may get a new offer.
public enum AppraisalState: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case offered
    case awaitingApproval = "awaiting_approval"
    case approved
    case accepted
    case declined
    case expired
    case bought

    public var label: LocalizedText {
        switch self {
        case .draft: LocalizedText(ru: "черновик", en: "draft")
        case .offered: LocalizedText(ru: "предложение", en: "offered")
        case .awaitingApproval: LocalizedText(ru: "на согласовании", en: "awaiting approval")
        case .approved: LocalizedText(ru: "согласовано", en: "approved")
        case .accepted: LocalizedText(ru: "принято продавцом", en: "accepted")
        case .declined: LocalizedText(ru: "отказ продавца", en: "declined")
        case .expired: LocalizedText(ru: "истекло", en: "expired")
        case .bought: LocalizedText(ru: "выкуплен", en: "bought")
        }
    }

    /// The car's description, checklist, paint and reconditioning may still change.
    public var isEditable: Bool { self != .accepted && self != .bought }
    /// A new offer may be made from here.
    public var mayOffer: Bool { isEditable }
    /// The seller may answer (the offer is valid and needs no approval).
    public var mayAnswer: Bool { self == .offered || self == .approved }
    /// An offer is out and waiting for something (the seller or a senior).
    public var isOpenOffer: Bool { self == .offered || self == .awaitingApproval || self == .approved }
}

/// Where the car came from.
public enum AppraisalSource: String, Sendable, Hashable, Codable, CaseIterable {
    case walkIn = "walk_in"
    case tradeIn = "trade_in"
    case field
    case call

    public var label: LocalizedText {
        switch self {
        case .walkIn: LocalizedText(ru: "пришёл сам", en: "walk-in")
        case .tradeIn: LocalizedText(ru: "трейд-ин", en: "trade-in")
        case .field: LocalizedText(ru: "выездная оценка", en: "field appraisal")
        case .call: LocalizedText(ru: "звонок", en: "call")
        }
    }
}

/// The registration document: ПТС on paper or ЭПТС (cars made after 2 Nov 2020).
public enum PTSKind: String, Sendable, Hashable, Codable, CaseIterable {
    case paper
    case electronic

    public var label: LocalizedText {
        switch self {
        case .paper: LocalizedText(ru: "ПТС", en: "PTS (paper)")
        case .electronic: LocalizedText(ru: "ЭПТС", en: "ePTS")
        }
    }

    /// `77УА123456` (2 digits, 2 letters, 6 digits) or 15 digits; spaces dropped, Latin
    /// look-alike letters of a paper ПТС turned Cyrillic.
    public static func normalized(_ input: String, kind: PTSKind) -> String {
        let compact = input.uppercased().filter { $0 != " " && $0 != "-" }
        guard kind == .paper else { return compact }
        let latin: [Character: Character] = ["A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О",
                                             "P": "Р", "C": "С", "T": "Т", "Y": "У", "X": "Х"]
        return String(compact.map { latin[$0] ?? $0 })
    }

    public func isValid(_ number: String) -> Bool {
        let chars = Array(number)
        func digit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        switch self {
        case .electronic:
            return chars.count == 15 && chars.allSatisfy(digit)
        case .paper:
            guard chars.count == 10 else { return false }
            return chars[0..<2].allSatisfy(digit) && chars[4..<10].allSatisfy(digit)
                && chars[2..<4].allSatisfy { ("А"..."Я").contains($0) || ("A"..."Z").contains($0) }
        }
    }
}

/// An appraisal number: `MSK-AP-2026-000045` — the dealership, the year, the sequence.
public enum AppraisalNumber {
    public static func isValid(_ number: String) -> Bool {
        number.range(of: "^[A-Z0-9]{2,10}-AP-[0-9]{4}-[0-9]{6}$", options: .regularExpression) != nil
    }
}

/// A used car brought by a seller, as the appraiser records it, and the current offer.
public struct Appraisal: Sendable, Hashable {
    public var id: Int64 = 0
    public var number = ""
    public var dealershipID: Int64 = 0
    public var sellerID: Int64 = 0
    public var source = AppraisalSource.walkIn
    public var dealID: Int64?
    public var appraiserLogin = ""
    public var vin = ""
    public var make = ""
    public var model = ""
    public var modelYear = 0
    public var body = "sedan"
    public var colour = ""
    public var mileageKm = 0
    public var plate = ""
    public var ptsKind = PTSKind.electronic
    public var ptsNumber = ""
    public var owners = 1
    public var keysCount = 2
    public var serviceBook = false
    public var notes = ""
    public var state = AppraisalState.draft
    public var expectedRetail: Money?
    public var reconditioning: Money?
    public var targetMargin: Money?
    public var holdingCost: Money?
    public var offerAmount: Money?
    public var offerReason = ""
    public var offerValidUntil: CivilDate?
    public var approvalRequestedBy: String?
    public var approvedBy: String?
    public var declineReason = ""
    public var vehicleID: Int64?
    public var purchasePrice: Money?
    public var payoutID: Int64?
    public var boughtAt: Date?
    public var version = 0
    public var createdAt = Date(timeIntervalSince1970: 0)
    public var updatedAt = Date(timeIntervalSince1970: 0)
    public var updatedBy = ""
    /// The appraisal's UUID: the phone's own for one made on a phone (kite-api), given by the
    /// database otherwise (nil until stored).
    public var clientID: String?
    /// When the phone made it (its clock); nil for one made in the back office.
    public var happenedAt: Date?
    /// When the server received it.
    public var receivedAt: Date?

    public init() {}

    public static let maxNotesLength = 2000
    public static let maxMakeLength = 60
    public static let maxModelLength = 100
    public static let maxColourLength = 60

    /// The VIN's decoding (make, model years, check digit).
    public var vinReport: VINReport { VINDecoder.decode(vin) }

    /// Fills the make and the model year from the VIN when they are empty: the make when
    /// the WMI names one brand, the year as the latest the year code can mean (a code
    /// repeats every 30 years; a car brought for buyout is the recent one).
    public mutating func fillFromVIN() {
        let report = vinReport
        if make.trimmingCharacters(in: .whitespaces).isEmpty, let entry = report.wmiEntry, entry.makes.count == 1 {
            make = entry.makes[0]
        }
        if modelYear == 0, let latest = report.modelYears.max() {
            modelYear = latest
        }
    }

    /// Problems by field before a save. The VIN is decoded and its check digit checked
    /// (an error for a North-American VIN, a warning elsewhere, as for the stock); the
    /// make against the WMI; the ПТС number against its kind; the plate in its Russian form.
    public func validate(today: CivilDate) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if sellerID == 0 {
            issues.append(.error("seller_id", ru: "Продавец: обязательное поле", en: "Seller: required"))
        }
        if source == .tradeIn, dealID == nil {
            issues.append(.error("deal_id", ru: "Трейд-ин: выберите сделку, в зачёт которой сдаётся автомобиль",
                                 en: "Trade-in: choose the deal the car is traded in against"))
        }
        if source != .tradeIn, dealID != nil {
            issues.append(.error("deal_id", ru: "Сделка указывается только для трейд-ина", en: "A deal is given only for a trade-in"))
        }
        let vinText = vin.trimmingCharacters(in: .whitespaces)
        var report: VINReport?
        if vinText.isEmpty {
            issues.append(.error("vin", ru: "Укажите VIN: 17 символов", en: "Enter the VIN: 17 characters"))
        } else {
            let decoded = VINDecoder.decode(vinText)
            report = decoded
            issues += decoded.issues
        }
        let makeText = make.trimmingCharacters(in: .whitespaces)
        if makeText.isEmpty {
            issues.append(.error("make", ru: "Укажите марку", en: "Enter the make"))
        } else if let entry = report?.wmiEntry, !entry.matches(make: makeText) {
            issues.append(.warning("make",
                ru: "По VIN (\(entry.wmi)) производитель — \(entry.manufacturer) (\(entry.makes.joined(separator: ", "))), а указана марка «\(makeText)»",
                en: "The VIN's WMI \(entry.wmi) belongs to \(entry.manufacturer) (\(entry.makes.joined(separator: ", "))), but the make is “\(makeText)”"))
        }
        if model.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(.error("model", ru: "Укажите модель", en: "Enter the model"))
        }
        let latest = today.year + 1
        if modelYear < 1950 || modelYear > latest {
            issues.append(.error("model_year", ru: "Год выпуска: от 1950 до \(latest)", en: "Model year: 1950 to \(latest)"))
        } else if let years = report?.modelYears, !years.isEmpty, !years.contains(modelYear) {
            issues.append(.warning("model_year",
                ru: "По VIN год выпуска — \(years.map(String.init).joined(separator: " или ")), указан \(modelYear)",
                en: "The VIN says model year \(years.map(String.init).joined(separator: " or ")), \(modelYear) is entered"))
        }
        if mileageKm < 0 || mileageKm > 3_000_000 {
            issues.append(.error("mileage_km", ru: "Пробег: от 0 до 3 000 000 км", en: "Mileage: 0 to 3,000,000 km"))
        }
        if !plate.isEmpty {
            issues += RegistrationPlate.validate(plate, kind: .vehicle, field: "plate")
        }
        let pts = PTSKind.normalized(ptsNumber, kind: ptsKind)
        if pts.isEmpty {
            issues.append(.error("pts_number", ru: "Номер \(ptsKind.label.ru): обязательное поле", en: "\(ptsKind.label.en) number: required"))
        } else if !ptsKind.isValid(pts) {
            issues.append(ptsKind == .paper
                ? .error("pts_number", ru: "Номер ПТС: 2 цифры, 2 буквы, 6 цифр (77УА123456)",
                         en: "PTS number: 2 digits, 2 letters, 6 digits (77УА123456)")
                : .error("pts_number", ru: "Номер ЭПТС: 15 цифр", en: "ePTS number: 15 digits"))
        }
        if owners < 1 || owners > 99 {
            issues.append(.error("owners", ru: "Владельцев по ПТС: от 1 до 99", en: "Owners by the PTS: 1 to 99"))
        }
        if keysCount < 0 || keysCount > 9 {
            issues.append(.error("keys_count", ru: "Ключей: от 0 до 9", en: "Keys: 0 to 9"))
        } else if keysCount == 0 {
            issues.append(.warning("keys_count", ru: "Ключей нет: учтите это в предложении", en: "No keys: allow for it in the offer"))
        }
        issues += TextRules.issues(make, field: "make", maxLength: Self.maxMakeLength)
        issues += TextRules.issues(model, field: "model", maxLength: Self.maxModelLength)
        issues += TextRules.issues(colour, field: "colour", maxLength: Self.maxColourLength)
        issues += TextRules.issues(notes, field: "notes", maxLength: Self.maxNotesLength, allowsTab: true)
        return issues
    }
}
