import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// An appraisal with what the card shows around it: the checklist answers, the paint
/// readings, the reconditioning lines, the market estimate (the group's comparable sales,
/// and the price provider's figure when they are too few) and the dealership's offer settings.
struct AppraisalSheet: Sendable {
    var appraisal: Appraisal
    var answers: [AppraisalAnswer] = []
    var paint: [PaintReading] = []
    var lines: [ReconditioningLine] = []
    var estimate = MarketEstimate(comparables: ComparablesSummary(count: 0), source: .none)
    var settings = AppraisalSettings.defaults

    var comparables: ComparablesSummary { estimate.comparables }
}

/// Оценка on the card (`Screens/appraisal.toml`): the seller, the car and its documents as
/// fields; the checklist, the paint readings and the reconditioning lines as tables, all
/// saved with F2 through `AppraisalRepository`; the offer's breakdown under them; F9 makes
/// or changes the offer. An accepted or bought appraisal is shown, not edited.
@MainActor
final class AppraisalEditor: RecordEditor {
    unowned let app: KiteApplication
    /// `config/checklists/appraisal.toml` (empty when it cannot be read: said once).
    let checklist: AppraisalChecklist
    var sheet: AppraisalSheet?
    /// The tables as edited (saved with the card).
    var answers: [String: AppraisalAnswer] = [:]
    var paint: [String: Int] = [:]
    var lines: [ReconditioningLine] = []
    /// `[price_provider]` of kite.toml (nil: none configured).
    let priceProvider: (any PriceProvider)?

    init(app: KiteApplication) {
        self.app = app
        priceProvider = app.environment.config.priceProvider?.makeProvider()
        do {
            checklist = try AppraisalChecklistFile.load(paths: app.environment.paths)
        } catch {
            checklist = AppraisalChecklist()
            app.showError(ErrorText.describe(error, language: app.language))
        }
    }

    var entity: String { "appraisal" }
    /// The source: «трейд-ин» shows the deal field.
    var variantField: String? { "source" }

    func reader(id: Int64) -> @Sendable (PGConnection) throws -> CardRecord<AppraisalSheet>? {
        { [priceProvider] connection in try Self.read(id: id, connection: connection, provider: priceProvider) }
    }

    nonisolated static func read(id: Int64, connection: PGConnection, provider: (any PriceProvider)?) throws -> CardRecord<AppraisalSheet>? {
        let repository = AppraisalRepository(connection: connection)
        guard let a = try repository.get(id: id) else { return nil }
        let sheet = AppraisalSheet(appraisal: a, answers: try repository.answers(appraisalID: id),
                                   paint: try repository.paint(appraisalID: id), lines: try repository.reconditioning(appraisalID: id),
                                   estimate: try repository.marketEstimate(for: a, provider: provider),
                                   settings: try repository.settings(dealershipID: a.dealershipID))
        var labels: [String: String] = [:]
        if let seller = try CustomerRepository(connection: connection).get(id: a.sellerID) {
            labels["seller_id"] = DealEditor.customerLabel(name: seller.name, phone: seller.phone)
        }
        if let dealID = a.dealID, let deal = try repository.tradeInDeal(id: dealID) {
            labels["deal_id"] = tradeInDealLabel(deal)
        }
        return CardRecord(record: sheet, labels: labels)
    }

    func newRecord() -> CardRecord<AppraisalSheet> {
        var a = Appraisal()
        a.dealershipID = app.references.dealership?.id ?? 0
        a.ptsNumber = ""
        return CardRecord(record: AppraisalSheet(appraisal: a))
    }

    func id(of sheet: AppraisalSheet) -> Int64? { sheet.appraisal.id == 0 ? nil : sheet.appraisal.id }
    func variant(of sheet: AppraisalSheet) -> String { sheet.appraisal.source.rawValue }

    func willShow(_ loaded: CardRecord<AppraisalSheet>, card: CardScreen<AppraisalEditor>) {
        sheet = loaded.record
        answers = Dictionary(loaded.record.answers.map { ($0.itemCode, $0) }, uniquingKeysWith: { $1 })
        paint = Dictionary(loaded.record.paint.map { ($0.panel, $0.microns) }, uniquingKeysWith: { $1 })
        lines = loaded.record.lines
    }

    func title(_ sheet: AppraisalSheet, isNew: Bool, base: String) -> String {
        base + " · " + (isNew ? AppraisalCardText.newAppraisal(app.language) : sheet.appraisal.number)
    }

    func firstFocus(_ sheet: AppraisalSheet, isNew: Bool) -> String? { isNew ? "seller_id" : nil }

    /// Accepted or bought: nothing changes any more.
    func editableFields(_ sheet: AppraisalSheet) -> Set<String>? { sheet.appraisal.state.isEditable ? nil : [] }

    func knownIssues(_ sheet: AppraisalSheet) -> [FieldIssue] {
        sheet.appraisal.validate(today: today).filter { $0.severity == .warning }
    }

    var today: CivilDate { CivilDate(Date(), timeZone: DisplayTime.timeZone) }

    func values(of sheet: AppraisalSheet, isNew: Bool) -> [String: String] {
        let a = sheet.appraisal
        return ["seller_id": a.sellerID == 0 ? "" : String(a.sellerID), "source": a.source.rawValue,
                "deal_id": a.dealID.map(String.init) ?? "",
                "vin": a.vin, "make": a.make, "model": a.model, "model_year": a.modelYear == 0 ? "" : String(a.modelYear),
                "mileage_km": isNew && a.mileageKm == 0 ? "" : String(a.mileageKm), "body": a.body, "colour": a.colour,
                "plate": a.plate, "pts_kind": a.ptsKind.rawValue, "pts_number": a.ptsNumber, "owners": String(a.owners),
                "keys_count": String(a.keysCount), "service_book": a.serviceBook ? "yes" : "no", "notes": a.notes]
    }

    func apply(_ values: [String: String], to base: AppraisalSheet) -> (AppraisalSheet, [FieldIssue]) {
        var a = base.appraisal
        var input = FormInput(values)
        a.sellerID = input.id("seller_id", current: a.sellerID) ?? 0
        if let v = input.text("source"), let source = AppraisalSource(rawValue: v) { a.source = source }
        // The deal only for a trade-in (its field is hidden for the other sources).
        a.dealID = a.source == .tradeIn ? input.id("deal_id", current: a.dealID) : nil
        if let v = input.text("vin") { a.vin = VIN.normalize(v) }
        if let v = input.text("make") { a.make = v }
        if let v = input.text("model") { a.model = v }
        if input.text("model_year")?.isEmpty == true { a.modelYear = 0 } else {
            a.modelYear = input.integer("model_year", LocalizedText(ru: "Год выпуска", en: "Model year"), current: a.modelYear)
        }
        if input.text("mileage_km")?.isEmpty == true {
            input.add(.error("mileage_km", ru: "Пробег: обязательное поле", en: "Mileage: required"))
        } else {
            a.mileageKm = input.integer("mileage_km", LocalizedText(ru: "Пробег", en: "Mileage"), current: a.mileageKm)
        }
        if let v = input.text("body"), !v.isEmpty { a.body = v }
        if let v = input.text("colour") { a.colour = v }
        if let v = input.text("plate") { a.plate = v }
        if let v = input.text("pts_kind"), let kind = PTSKind(rawValue: v) { a.ptsKind = kind }
        if let v = input.text("pts_number") { a.ptsNumber = v }
        a.owners = input.integer("owners", LocalizedText(ru: "Владельцев по ПТС", en: "Owners by the PTS"), current: a.owners)
        a.keysCount = input.integer("keys_count", LocalizedText(ru: "Ключей", en: "Keys"), current: a.keysCount)
        if let v = input.text("service_book") { a.serviceBook = v == "yes" }
        if let v = values["notes"] { a.notes = v }
        var sheet = base
        sheet.appraisal = a
        sheet.answers = answers.values.sorted { $0.itemCode < $1.itemCode }
        sheet.paint = paint.map { PaintReading(panel: $0.key, microns: $0.value) }.sorted { $0.panel < $1.panel }
        sheet.lines = lines
        return (sheet, input.issues)
    }

    func validate(_ candidate: AppraisalSheet) -> [FieldIssue] {
        validateVIN(candidate.appraisal.validate(today: today))
    }

    func writer(_ candidate: AppraisalSheet, isNew: Bool, actor: String) -> @Sendable (PGConnection) throws -> CardRecord<AppraisalSheet> {
        let before = sheet ?? candidate
        let day = today, provider = priceProvider
        return { connection in
            try connection.transaction { connection in
                let repository = AppraisalRepository(connection: connection)
                let stored = isNew ? try repository.create(candidate.appraisal, on: day, actor: actor)
                                   : try repository.update(candidate.appraisal, actor: actor)
                let id = stored.id
                let changedAnswers = candidate.answers.filter { answer in !before.answers.contains { $0.itemCode == answer.itemCode && $0.answer == answer.answer && $0.severity == answer.severity && $0.note == answer.note } }
                if !changedAnswers.isEmpty { try repository.saveAnswers(appraisalID: id, changedAnswers, actor: actor) }
                // A row cleared with Del (or emptied) is unanswered / not measured again.
                let answered = Set(candidate.answers.map(\.itemCode))
                try repository.clearAnswers(appraisalID: id, itemCodes: before.answers.map(\.itemCode).filter { !answered.contains($0) },
                                            actor: actor)
                let measured = Set(candidate.paint.map(\.panel))
                try repository.clearPaint(appraisalID: id, panels: before.paint.map(\.panel).filter { !measured.contains($0) }, actor: actor)
                let changedPaint = candidate.paint.filter { !before.paint.contains($0) || isNew }
                if !changedPaint.isEmpty { try repository.savePaint(appraisalID: id, changedPaint, actor: actor) }
                let kept = Set(candidate.lines.map(\.id))
                for old in before.lines where old.id != 0 && !kept.contains(old.id) {
                    try repository.removeReconditioning(appraisalID: id, lineID: old.id, actor: actor)
                }
                for line in candidate.lines where line.id == 0 {
                    try repository.addReconditioning(appraisalID: id, line, actor: actor)
                }
                guard let read = try Self.read(id: id, connection: connection, provider: provider) else { throw NotFoundError(missing: "appraisal", id: id) }
                return read
            }
        }
    }

    func fieldIssue(for error: any Error) -> FieldIssue? {
        if let refusal = error as? FieldRefusal { return refusal.issue }
        return nil
    }

    func saved(_ stored: CardRecord<AppraisalSheet>, isNew: Bool, card: CardScreen<AppraisalEditor>) {
        app.deliver(AppraisalChanged(id: stored.record.appraisal.id))
        app.showMessage(AppraisalCardText.saved(app.language, ["number": stored.record.appraisal.number]))
        card.show(stored)
    }

    func receive(_ event: any ChangeEvent, card: CardScreen<AppraisalEditor>) {
        guard let changed = event as? AppraisalChanged, changed.id == sheet?.appraisal.id, !card.isDirty,
              card.focusedDetail == nil else { return }
        card.load(id: changed.id)
    }

    func detailsDirty(card: CardScreen<AppraisalEditor>) -> Bool {
        guard let sheet else { return false }
        return answers != Dictionary(sheet.answers.map { ($0.itemCode, $0) }, uniquingKeysWith: { $1 })
            || paint != Dictionary(sheet.paint.map { ($0.panel, $0.microns) }, uniquingKeysWith: { $1 })
            || lines != sheet.lines
    }
}
