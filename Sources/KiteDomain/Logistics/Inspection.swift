import Foundation

/// At pickup the carrier takes the car over, at delivery it hands it back: a damage found
/// at delivery that the pickup did not list is the carrier's.
public enum InspectionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case pickup
    case delivery

    public var label: LocalizedText {
        switch self {
        case .pickup: LocalizedText(ru: "при погрузке", en: "at pickup")
        case .delivery: LocalizedText(ru: "при выгрузке", en: "at delivery")
        }
    }

    /// «Осмотр при погрузке».
    public var title: LocalizedText {
        switch self {
        case .pickup: LocalizedText(ru: "Осмотр при погрузке", en: "Pickup inspection")
        case .delivery: LocalizedText(ru: "Осмотр при выгрузке", en: "Delivery inspection")
        }
    }
}

/// The fuel gauge in eighths, as a bill of lading marks it: 0 (empty) … 8 (full).
public struct FuelLevel: Sendable, Hashable, Comparable {
    public var eighths: Int

    public init?(eighths: Int) {
        guard (0...8).contains(eighths) else { return nil }
        self.eighths = eighths
    }

    /// `5/8`, `1/2`, `3/4`, `5` (eighths), `62%` (to the nearest eighth), `0`/`E`/`пусто`
    /// (empty), `8`/`F`/`Полный` (full).
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: ",", with: ".")
        switch t {
        case "e", "empty", "пусто", "пустой": self.init(eighths: 0); return
        case "f", "full", "полный", "полн", "бак": self.init(eighths: 8); return
        default: break
        }
        if t.hasSuffix("%") {
            guard let percent = Double(t.dropLast().trimmingCharacters(in: .whitespaces)), (0...100).contains(percent) else { return nil }
            self.init(eighths: Int((percent * 8 / 100).rounded()))
            return
        }
        let parts = t.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let n = Int(parts[0].trimmingCharacters(in: .whitespaces)), let d = Int(parts[1].trimmingCharacters(in: .whitespaces)),
                  [1, 2, 4, 8].contains(d), n >= 0, n <= d else { return nil }
            self.init(eighths: n * (8 / d))
            return
        }
        guard parts.count == 1, let n = Int(t) else { return nil }
        self.init(eighths: n)
    }

    /// `5/8`; `0/8` empty, `8/8` full.
    public var text: String { "\(eighths)/8" }

    public static func < (a: FuelLevel, b: FuelLevel) -> Bool { a.eighths < b.eighths }
}

/// A damage listed on an inspection: its code, notes and the references of its photos
/// (file names or links of the photos taken).
public struct InspectionDamage: Sendable, Hashable {
    public var id: Int64 = 0
    public var code: DamageCode
    public var notes: String
    public var photos: [String]
    /// The claim this damage opened (a delivery damage not listed at pickup).
    public var claimID: Int64?

    public init(code: DamageCode, notes: String = "", photos: [String] = []) {
        self.code = code
        self.notes = notes
        self.photos = photos
    }

    public static let maxPhotos = 20

    /// Photo references typed in one line, separated by commas, semicolons or spaces.
    public static func photos(from text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init)
    }

    public func validate(field: String = "code") -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if notes.count > 500 {
            issues.append(.error("notes", ru: "Примечание: не длиннее 500 знаков", en: "Notes: at most 500 characters"))
        }
        if photos.count > Self.maxPhotos {
            issues.append(.error("photos", ru: "Фото: не больше \(Self.maxPhotos) ссылок", en: "Photos: at most \(Self.maxPhotos) references"))
        }
        if photos.contains(where: { $0.count > 300 }) {
            issues.append(.error("photos", ru: "Фото: ссылка не длиннее 300 знаков", en: "Photos: a reference is at most 300 characters"))
        }
        if (notes + photos.joined()).unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            issues.append(.error("notes", ru: "Примечание: управляющие символы не допускаются", en: "Notes: control characters are not allowed"))
        }
        return issues
    }
}

/// The bill of lading of one car at one end of its trip: odometer, fuel, keys,
/// documents, loose items, damages, and who signed — or that nobody was there to.
public struct Inspection: Sendable, Hashable {
    public var id: Int64 = 0
    public var tripID: Int64 = 0
    public var vehicleID: Int64 = 0
    public var kind: InspectionKind = .pickup
    public var odometerKm: Int?
    public var fuel: FuelLevel?
    public var keysCount: Int?
    /// ПТС (or the ЭПТС extract) and СТС travel with the car.
    public var ptsPresent = false
    public var stsPresent = false
    public var looseItems = ""
    public var signedBy = ""
    /// «Получатель отсутствует»: a night drop, a yard where nobody signs.
    public var recipientAbsent = false
    public var absentReason = ""
    /// When the car was looked at (typed, or now); `recordedAt` is when the database got it.
    public var inspectedAt = Date()
    public var recordedAt: Date?
    public var inspectorLogin = ""
    public var updatedBy = ""
    public var damages: [InspectionDamage] = []

    public init() {}

    public static let maxOdometer = 2_000_000

    public func validate() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if let odometerKm, !(0...Self.maxOdometer).contains(odometerKm) {
            issues.append(.error("odometer_km", ru: "Пробег: от 0 до 2 000 000 км", en: "Odometer: 0 to 2,000,000 km"))
        } else if odometerKm == nil {
            issues.append(.error("odometer_km", ru: "Пробег: обязательное поле", en: "Odometer: required"))
        }
        if fuel == nil {
            issues.append(.error("fuel", ru: "Топливо: обязательное поле (восьмые: 5/8, 1/2, или 60%)",
                                 en: "Fuel: required (eighths: 5/8, 1/2, or 60%)"))
        }
        if let keysCount, !(0...9).contains(keysCount) {
            issues.append(.error("keys_count", ru: "Ключей: от 0 до 9", en: "Keys: 0 to 9"))
        } else if keysCount == nil {
            issues.append(.error("keys_count", ru: "Ключей: обязательное поле", en: "Keys: required"))
        }
        if looseItems.count > 500 {
            issues.append(.error("loose_items", ru: "Вещи в машине: не длиннее 500 знаков", en: "Loose items: at most 500 characters"))
        }
        let signer = signedBy.trimmingCharacters(in: .whitespaces)
        let reason = absentReason.trimmingCharacters(in: .whitespaces)
        if recipientAbsent {
            if reason.isEmpty {
                issues.append(.error("absent_reason", ru: "Получатель отсутствует: укажите причину (ночная выгрузка, площадка без сотрудника)",
                                     en: "Recipient absent: give the reason (a night drop, an unattended yard)"))
            }
            if !signer.isEmpty {
                issues.append(.error("signed_by", ru: "Подписал: пусто, когда получатель отсутствует",
                                     en: "Signed by: leave empty when the recipient is absent"))
            }
        } else if signer.isEmpty {
            issues.append(.error("signed_by", ru: "Подписал: ФИО или «Получатель отсутствует»",
                                 en: "Signed by: a name, or “Recipient absent”"))
        }
        if signer.count > 200 {
            issues.append(.error("signed_by", ru: "Подписал: не длиннее 200 знаков", en: "Signed by: at most 200 characters"))
        }
        if reason.count > 500 {
            issues.append(.error("absent_reason", ru: "Причина: не длиннее 500 знаков", en: "Reason: at most 500 characters"))
        }
        if (looseItems + signedBy + absentReason).unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            issues.append(.error("loose_items", ru: "Управляющие символы не допускаются", en: "Control characters are not allowed"))
        }
        var seen: Set<[Int]> = []
        for damage in damages {
            if !seen.insert([damage.code.area, damage.code.type]).inserted {
                issues.append(.error("damages", ru: "Повреждение \(damage.code.spaced): зона и вид уже в списке — укажите одну строку с наибольшей степенью",
                                     en: "Damage \(damage.code.spaced): the area and type are listed already — keep one row with the highest severity"))
            }
            issues += damage.validate().map { FieldIssue(field: "damages", severity: $0.severity, message: $0.message) }
        }
        return issues
    }

    /// The delivery damages the pickup did not list: the same area and type not there, or
    /// there at a lower severity. The database opens its claim by the same rule.
    public static func newDamages(delivery: [InspectionDamage], pickup: [InspectionDamage]) -> [InspectionDamage] {
        delivery.filter { d in !pickup.contains { $0.code.sameDamage(as: d.code) && $0.code.severity >= d.code.severity } }
    }
}

/// A claim (претензия) against the carrier for damage found at delivery: open until the
/// carrier pays (settled, with the amount) or it is rejected, each with who, when and why.
public enum ClaimState: String, Sendable, Hashable, Codable, CaseIterable {
    case open
    case settled
    case rejected

    public var label: LocalizedText {
        switch self {
        case .open: LocalizedText(ru: "открыта", en: "open")
        case .settled: LocalizedText(ru: "урегулирована", en: "settled")
        case .rejected: LocalizedText(ru: "отклонена", en: "rejected")
        }
    }
}
