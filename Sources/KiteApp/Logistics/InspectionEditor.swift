import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// One car's inspection with what the card shows around it: the trip, the car, at
/// delivery the pickup's figures and damages, and the claim it opened.
struct InspectionSheet: Sendable {
    var inspection: Inspection
    var tripNumber: String
    var carLabel: String
    var pickup: Inspection?
    var claim: ClaimRow?
}

/// Осмотр (bill of lading) on the card (`Screens/inspection.toml`): the figures and the
/// signature as fields, the damages as the `damages` table whose row dialog takes the code
/// as digits and shows its meaning as it is typed. F2 records it once through the
/// database's `inspection_record`, which opens the claim for a new delivery damage; a
/// recorded inspection is shown, not edited.
@MainActor
final class InspectionEditor: RecordEditor {
    unowned let app: KiteApplication
    /// What a new inspection is of (nil when the card opens a stored one).
    let context: InspectionSheet?
    var damages: [InspectionDamage] = []
    var sheet: InspectionSheet?
    /// A code picked from the catalogue, for the row dialog about to open.
    var pickedCode: DamageCode?
    let time = TripTime()

    init(app: KiteApplication, context: InspectionSheet? = nil) {
        self.app = app
        self.context = context
    }

    var catalogue: DamageCatalogue { app.environment.damageCodes }
    var entity: String { "inspection" }
    var variantField: String? { nil }

    func reader(id: Int64) -> @Sendable (PGConnection) throws -> CardRecord<InspectionSheet>? {
        { connection in try Self.read(id: id, connection: connection).map { CardRecord(record: $0) } }
    }

    /// A stored inspection with its trip, car, the pickup (for a delivery) and its claim.
    nonisolated static func read(id: Int64, connection: PGConnection) throws -> InspectionSheet? {
        let inspections = InspectionRepository(connection: connection)
        guard let inspection = try inspections.get(id: id) else { return nil }
        let pickup = inspection.kind == .delivery
            ? try inspections.get(tripID: inspection.tripID, vehicleID: inspection.vehicleID, kind: .pickup) : nil
        return InspectionSheet(inspection: inspection, tripNumber: try TripRepository(connection: connection).get(id: inspection.tripID)?.number ?? "",
                               carLabel: try carLabel(vehicleID: inspection.vehicleID, connection: connection),
                               pickup: pickup, claim: try ClaimRepository(connection: connection).get(inspectionID: id))
    }

    nonisolated static func carLabel(vehicleID: Int64, connection: PGConnection) throws -> String {
        guard let v = try VehicleRepository(connection: connection).get(id: vehicleID) else { return "" }
        return [v.stockNumber, "\(v.make) \(v.model)", v.vin].joined(separator: " · ")
    }

    func newRecord() -> CardRecord<InspectionSheet> {
        CardRecord(record: context ?? InspectionSheet(inspection: Inspection(), tripNumber: "", carLabel: ""))
    }

    func id(of sheet: InspectionSheet) -> Int64? { sheet.inspection.id == 0 ? nil : sheet.inspection.id }
    func variant(of sheet: InspectionSheet) -> String { "" }

    func willShow(_ loaded: CardRecord<InspectionSheet>, card: CardScreen<InspectionEditor>) {
        sheet = loaded.record
        damages = loaded.record.inspection.damages
    }

    func title(_ sheet: InspectionSheet, isNew: Bool, base: String) -> String {
        sheet.inspection.kind.title.text(app.language) + " · " + sheet.tripNumber
    }

    /// Recorded once: a stored inspection is a signed document.
    func editableFields(_ sheet: InspectionSheet) -> Set<String>? { sheet.inspection.id == 0 ? nil : [] }

    func firstFocus(_ sheet: InspectionSheet, isNew: Bool) -> String? { "odometer_km" }

    func values(of sheet: InspectionSheet, isNew: Bool) -> [String: String] {
        let i = sheet.inspection
        if isNew {
            // At delivery the keys, papers and loose items are what the pickup listed, to be confirmed.
            let p = sheet.pickup
            return ["odometer_km": "", "fuel": "",
                    "keys_count": p?.keysCount.map(String.init) ?? "",
                    "pts_present": String(p?.ptsPresent ?? false), "sts_present": String(p?.stsPresent ?? false),
                    "loose_items": p?.looseItems ?? "", "signed_by": "", "recipient_absent": "false", "absent_reason": "",
                    "inspected_at": ""]
        }
        return ["odometer_km": i.odometerKm.map(String.init) ?? "", "fuel": i.fuel?.text ?? "",
                "keys_count": i.keysCount.map(String.init) ?? "",
                "pts_present": String(i.ptsPresent), "sts_present": String(i.stsPresent),
                "loose_items": i.looseItems, "signed_by": i.signedBy, "recipient_absent": String(i.recipientAbsent),
                "absent_reason": i.absentReason, "inspected_at": time.text(i.inspectedAt)]
    }

    func apply(_ values: [String: String], to base: InspectionSheet) -> (InspectionSheet, [FieldIssue]) {
        var i = base.inspection
        var input = FormInput(values)
        if let text = input.text("odometer_km") {
            let digits = text.filter { !$0.isWhitespace }
            if digits.isEmpty { i.odometerKm = nil } else if let km = Int(digits) { i.odometerKm = km } else {
                input.add(.error("odometer_km", ru: "Пробег: целое число километров", en: "Odometer: whole kilometres"))
            }
        }
        if let text = input.text("fuel") {
            i.fuel = FuelLevel(text)
            if i.fuel == nil, !text.isEmpty {
                input.add(.error("fuel", ru: "Топливо: восьмые (5/8, 1/2, 0–8) или проценты (60%)",
                                 en: "Fuel: eighths (5/8, 1/2, 0–8) or a percentage (60%)"))
            }
        }
        if let text = input.text("keys_count") {
            if text.isEmpty { i.keysCount = nil } else if let n = Int(text) { i.keysCount = n } else {
                input.add(.error("keys_count", ru: "Ключей: число от 0 до 9", en: "Keys: a number 0 to 9"))
            }
        }
        if let v = input.text("pts_present") { i.ptsPresent = v == "true" }
        if let v = input.text("sts_present") { i.stsPresent = v == "true" }
        if let v = input.text("loose_items") { i.looseItems = v }
        if let v = input.text("signed_by") { i.signedBy = v }
        if let v = input.text("recipient_absent") { i.recipientAbsent = v == "true" }
        if let v = input.text("absent_reason") { i.absentReason = v }
        if let text = input.text("inspected_at") {
            if text.isEmpty { i.inspectedAt = Date() } else if let date = time.parse(text) { i.inspectedAt = date } else {
                input.add(.error("inspected_at", ru: "Время осмотра: введите ДД.ММ.ГГГГ ЧЧ:ММ", en: "Inspected at: type DD.MM.YYYY HH:MM"))
            }
        }
        i.damages = damages
        var sheet = base
        sheet.inspection = i
        return (sheet, input.issues)
    }

    func validate(_ candidate: InspectionSheet) -> [FieldIssue] {
        var issues = candidate.inspection.validate()
        if candidate.inspection.inspectedAt > Date().addingTimeInterval(15 * 60) {
            issues.append(.error("inspected_at", ru: "Время осмотра: не в будущем", en: "Inspected at: not in the future"))
        }
        if let pickup = candidate.pickup, let before = pickup.odometerKm, let after = candidate.inspection.odometerKm, after < before {
            issues.append(.warning("odometer_km", ru: "Пробег меньше, чем при погрузке (\(before) км)",
                                   en: "The odometer reads less than at pickup (\(before) km)"))
        }
        return issues
    }

    func writer(_ candidate: InspectionSheet, isNew: Bool, actor: String) -> @Sendable (PGConnection) throws -> CardRecord<InspectionSheet> {
        { connection in
            let stored = try InspectionRepository(connection: connection).record(candidate.inspection, actor: actor)
            guard let sheet = try Self.read(id: stored.id, connection: connection) else {
                throw NotFoundError(missing: "inspection", id: stored.id)
            }
            return CardRecord(record: sheet)
        }
    }

    func saved(_ stored: CardRecord<InspectionSheet>, isNew: Bool, card: CardScreen<InspectionEditor>) {
        let sheet = stored.record
        app.deliver(TripChanged(id: sheet.inspection.tripID))
        if let claim = sheet.claim {
            app.deliver(ClaimChanged(id: claim.id))
            app.showMessage(InspectionText.recordedWithClaim(app.language, ["id": String(claim.id)]),
                            role: .warning)
        } else {
            app.showMessage(InspectionText.recorded(app.language, ["car": sheet.carLabel.components(separatedBy: " · ").first ?? ""]))
        }
        card.show(stored)
    }

    // MARK: panels

    func headerLines(card: CardScreen<InspectionEditor>) -> [CardLine] {
        guard let sheet else { return [] }
        let language = app.language
        var lines = [CardLine(text: sheet.carLabel, role: .status, bold: true)]
        if let pickup = sheet.pickup {
            var parts = [pickup.odometerKm.map { InspectionText.km(language, ["km": String($0)]) } ?? "", pickup.fuel?.text ?? "",
                         InspectionText.keys(language, ["count": pickup.keysCount.map(String.init) ?? "—"])]
            parts.append(pickup.damages.isEmpty ? InspectionText.noDamages(language)
                                                : pickup.damages.map(\.code.spaced).joined(separator: ", "))
            lines.append(CardLine(text: InspectionText.atPickup(language) + " " + parts.filter { !$0.isEmpty }.joined(separator: " · "),
                                  role: .label))
        }
        if sheet.inspection.id != 0 {
            let i = sheet.inspection
            lines.append(CardLine(text: InspectionText.recordedBy(language, ["login": i.inspectorLogin,
                                                                             "at": time.text(i.recordedAt ?? i.inspectedAt)]), role: .label))
        }
        return lines
    }

    func footerLines(card: CardScreen<InspectionEditor>) -> [CardLine] {
        guard let claim = sheet?.claim else { return [] }
        let language = app.language
        return [CardLine(text: InspectionText.claimLine(language, ["id": String(claim.id), "state": claim.state.label.text(language),
                                                                   "carrier": claim.carrierName,
                                                                   "codes": claim.codes.joined(separator: ", ")]),
                         role: claim.state == .open ? .warning : .status, bold: true, wraps: true)]
    }

    // MARK: the damages

    func detailsDirty(card: CardScreen<InspectionEditor>) -> Bool { damages != (sheet?.inspection.damages ?? []) }

    func detailRows(_ name: String, card: CardScreen<InspectionEditor>) -> [any ListRow] {
        guard name == "damages" else { return [] }
        return damages.enumerated().map { DamageListRow(index: $0.offset, damage: $0.element, catalogue: catalogue) }
    }

    func detailRowValues(_ name: String, at index: Int?, card: CardScreen<InspectionEditor>) -> [String: String] {
        guard name == "damages", let index, damages.indices.contains(index) else {
            defer { pickedCode = nil }
            return ["code": pickedCode?.spaced ?? "", "notes": "", "photos": ""]
        }
        let d = damages[index]
        return ["code": d.code.spaced, "notes": d.notes, "photos": d.photos.joined(separator: ", ")]
    }

    func saveDetailRow(_ name: String, values: [String: String], at index: Int?, card: CardScreen<InspectionEditor>) -> [FieldIssue] {
        guard name == "damages" else { return [] }
        let code: DamageCode
        switch DamageCode.parse(values["code"] ?? "", catalogue: catalogue) {
        case .success(let parsed): code = parsed
        case .failure(let issue): return [issue]
        }
        let damage = InspectionDamage(code: code, notes: (values["notes"] ?? "").trimmingCharacters(in: .whitespaces),
                                      photos: InspectionDamage.photos(from: values["photos"] ?? ""))
        var issues = damage.validate()
        if let other = damages.indices.first(where: { $0 != index && damages[$0].code.sameDamage(as: code) }) {
            issues.append(.error("code", ru: "Зона и вид \(String(format: "%02d %02d", code.area, code.type)) уже в строке \(other + 1): укажите там наибольшую степень",
                                 en: "Area and type \(String(format: "%02d %02d", code.area, code.type)) are in row \(other + 1) already: put the highest severity there"))
        }
        guard issues.isEmpty else { return issues }
        if let index { damages[index] = damage } else { damages.append(damage) }
        return []
    }

    func deleteDetailRow(_ name: String, at index: Int, card: CardScreen<InspectionEditor>) {
        guard name == "damages", damages.indices.contains(index) else { return }
        damages.remove(at: index)
    }

    // MARK: a code from the catalogue

    /// A recorded inspection has nothing to pick.
    func offers(_ command: String, card: CardScreen<InspectionEditor>) -> Bool {
        command != "inspection.pick_damage" || card.isNew
    }

    func unavailableReason(_ command: String, card: CardScreen<InspectionEditor>) -> LocalizedText? {
        guard command == "inspection.pick_damage", !card.isNew else { return nil }
        return InspectionText.recordedAlready.text
    }

    func perform(_ command: String, card: CardScreen<InspectionEditor>) -> Bool {
        guard command == "inspection.pick_damage" else { return false }
        if let reason = unavailableReason(command, card: card) {
            app.showError(reason.text(app.language))
            return true
        }
        pickDamage(card)
        return true
    }

    /// Area, then type, then severity, each picked from the catalogue (typing the first
    /// digits or letters jumps to it); then the row dialog opens with the code filled in.
    func pickDamage(_ card: CardScreen<InspectionEditor>) {
        let language = app.language, catalogue = catalogue
        func choices(_ table: [Int: LocalizedText], digits: Int) -> [ChoicePicker.Choice] {
            table.keys.sorted().map { ChoicePicker.Choice(value: String($0), label: String(format: "%0\(digits)d ", $0) + table[$0]!.text(language)) }
        }
        app.pick(ChoicePicker(title: InspectionText.pickArea(language), choices: choices(catalogue.areas, digits: 2))) { [weak self, weak card] area in
            guard let self, let area = Int(area) else { return }
            self.app.pick(ChoicePicker(title: InspectionText.pickType(language, ["area": catalogue.areas[area]?.text(language) ?? ""]),
                                       choices: choices(catalogue.types, digits: 2))) { [weak self, weak card] type in
                guard let self, let type = Int(type) else { return }
                self.app.pick(ChoicePicker(title: InspectionText.pickSeverity(language), choices: choices(catalogue.severities, digits: 1))) {
                    [weak self, weak card] severity in
                    guard let self, let card, let severity = Int(severity),
                          let table = card.details.first(where: { $0.definition.name == "damages" }) else { return }
                    self.pickedCode = DamageCode(area: area, type: type, severity: severity)
                    card.editRow(table, at: nil)
                }
            }
        }
    }

    /// What the digits typed so far mean: the area after two, the type after four, the
    /// whole code after five; a part not in the catalogue is said so.
    func detailRowNote(_ name: String, values: [String: String], card: CardScreen<InspectionEditor>) -> CardLine? {
        guard name == "damages" else { return nil }
        return Self.note(for: values["code"] ?? "", catalogue: catalogue, language: app.language)
    }

    nonisolated static func note(for text: String, catalogue: DamageCatalogue, language: Language) -> CardLine {
        let digits = text.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        if digits.count > 5 || text.contains(where: { !($0.isASCII && ($0.isNumber || " -./".contains($0))) }) {
            return CardLine(text: InspectionText.codeShape(language), role: .error)
        }
        var parts: [String] = []
        if digits.count >= 2 {
            let area = digits[0] * 10 + digits[1]
            guard let name = catalogue.areas[area] else {
                return CardLine(text: InspectionText.unknownArea(language, ["code": String(format: "%02d", area)]), role: .error)
            }
            parts.append(name.text(language))
        }
        if digits.count >= 4 {
            let type = digits[2] * 10 + digits[3]
            guard let name = catalogue.types[type] else {
                return CardLine(text: InspectionText.unknownType(language, ["code": String(format: "%02d", type)]), role: .error)
            }
            parts.append(name.text(language).lowercased())
        }
        if digits.count == 5 {
            guard let name = catalogue.severities[digits[4]] else {
                return CardLine(text: InspectionText.unknownSeverity(language, ["code": String(digits[4])]), role: .error)
            }
            parts.append(name.text(language))
        }
        if parts.isEmpty { return CardLine(text: InspectionText.codeShape(language), role: .label) }
        return CardLine(text: "= " + parts.joined(separator: " · "), role: digits.count == 5 ? .status : .label, bold: digits.count == 5)
    }
}

/// A damage as the damages table shows it.
struct DamageListRow: ListRow {
    var index: Int
    var damage: InspectionDamage
    var catalogue: DamageCatalogue

    var rowID: Int64 { Int64(index + 1) }

    func value(_ field: String) -> CellValue {
        switch field {
        case "code": .text(damage.code.spaced)
        case "meaning": .label(catalogue.describe(damage.code))
        case "notes": .text(damage.notes)
        case "photos": .text(damage.photos.isEmpty ? "" : String(damage.photos.count))
        case "claim": damage.claimID.map { .text("№ \($0)") } ?? .text("")
        default: .none
        }
    }
}

/// A claim changed (LISTEN `claims`, payload `id:state`, or this terminal's own change).
public struct ClaimChanged: ChangeEvent, Hashable {
    public var id: Int64
}

/// The texts of inspections and claims.
enum InspectionText: TextKey {
    case recorded, recordedWithClaim, atPickup, km, keys, noDamages, recordedBy, claimLine
    case codeShape, unknownArea, unknownType, unknownSeverity
    case kindPickerTitle, kindNotRecorded, kindRecorded, noCarSelected, notOnTripAnyMore
    case noClaims, stateChip, allStates, showState, resolveTitle, settle, reject
    case summaryCarrier, summaryTotal, summaryOpen, summaryClaimed, summarySettled, summaryPaid, summaryRejected
    case settleTitle, rejectTitle, paid, claimSaved, claimResolved, claimClosedNothing, reason
    case recordedAlready, pickArea, pickType, pickSeverity

    var text: LocalizedText {
        switch self {
        case .recorded: LocalizedText(ru: "Осмотр записан: {car}", en: "Inspection recorded: {car}")
        case .recordedWithClaim: LocalizedText(ru: "Осмотр записан, открыта претензия № {id}", en: "Inspection recorded, claim No. {id} opened")
        case .atPickup: LocalizedText(ru: "При погрузке:", en: "At pickup:")
        case .km: LocalizedText(ru: "{km} км", en: "{km} km")
        case .keys: LocalizedText(ru: "ключей {count}", en: "{count} keys")
        case .noDamages: LocalizedText(ru: "без повреждений", en: "no damage")
        case .recordedBy: LocalizedText(ru: "Записан {at}, {login}", en: "Recorded {at} by {login}")
        case .claimLine: LocalizedText(ru: "Претензия № {id} ({state}) к перевозчику {carrier}: {codes}",
                                       en: "Claim No. {id} ({state}) against {carrier}: {codes}")
        case .codeShape: LocalizedText(ru: "5 цифр: зона (2), вид (2), степень (1) — 20 06 5", en: "5 digits: area (2), type (2), severity (1) — 20 06 5")
        case .unknownArea: LocalizedText(ru: "Зоны {code} нет в справочнике", en: "Area {code} is not in the catalogue")
        case .unknownType: LocalizedText(ru: "Вида {code} нет в справочнике", en: "Type {code} is not in the catalogue")
        case .unknownSeverity: LocalizedText(ru: "Степени {code} нет в справочнике", en: "Severity {code} is not in the catalogue")
        case .kindPickerTitle: LocalizedText(ru: "Осмотр {car}", en: "Inspection of {car}")
        case .kindNotRecorded: LocalizedText(ru: "{kind} — записать", en: "{kind} — record it")
        case .kindRecorded: LocalizedText(ru: "{kind} — записан {at}, повреждений: {count}", en: "{kind} — recorded {at}, damages: {count}")
        case .noCarSelected: LocalizedText(ru: "Выберите автомобиль в таблице машин (F6)", en: "Choose a car in the cars table (F6)")
        case .notOnTripAnyMore: LocalizedText(ru: "Автомобиль снят с рейса: осмотр не записать", en: "The car was taken off the trip: no inspection")
        case .noClaims: LocalizedText(ru: "Претензий нет", en: "No claims")
        case .stateChip: LocalizedText(ru: "Состояние: {state}", en: "State: {state}")
        case .allStates: LocalizedText(ru: "Все", en: "All")
        case .showState: LocalizedText(ru: "Показать претензии", en: "Show the claims")
        case .summaryCarrier: LocalizedText(ru: "Перевозчик", en: "Carrier")
        case .summaryTotal: LocalizedText(ru: "Всего", en: "Total")
        case .summaryOpen: LocalizedText(ru: "Откр.", en: "Open")
        case .summaryClaimed: LocalizedText(ru: "Заявлено", en: "Claimed")
        case .summarySettled: LocalizedText(ru: "Урег.", en: "Settled")
        case .summaryPaid: LocalizedText(ru: "Оплачено", en: "Paid")
        case .summaryRejected: LocalizedText(ru: "Откл.", en: "Rejected")
        case .resolveTitle: LocalizedText(ru: "Претензия № {id}", en: "Claim No. {id}")
        case .settle: LocalizedText(ru: "Урегулировать: перевозчик платит", en: "Settle: the carrier pays")
        case .reject: LocalizedText(ru: "Отклонить", en: "Reject")
        case .settleTitle: LocalizedText(ru: "Урегулировать претензию № {id}", en: "Settle claim No. {id}")
        case .rejectTitle: LocalizedText(ru: "Отклонить претензию № {id}", en: "Reject claim No. {id}")
        case .paid: LocalizedText(ru: "Сумма к оплате", en: "Amount paid")
        case .claimSaved: LocalizedText(ru: "Претензия № {id}: сумма сохранена", en: "Claim No. {id}: amount saved")
        case .claimResolved: LocalizedText(ru: "Претензия № {id}: {state}", en: "Claim No. {id}: {state}")
        case .claimClosedNothing: LocalizedText(ru: "Претензия {state}: дальше действий нет", en: "The claim is {state}: nothing further")
        case .reason: LocalizedText(ru: "Причина / основание", en: "Reason / reference")
        case .recordedAlready: LocalizedText(ru: "Осмотр уже записан: он не меняется", en: "The inspection is recorded: it does not change")
        case .pickArea: LocalizedText(ru: "Зона повреждения", en: "Damage area")
        case .pickType: LocalizedText(ru: "{area}: вид повреждения", en: "{area}: damage type")
        case .pickSeverity: LocalizedText(ru: "Степень", en: "Severity")
        }
    }
}
