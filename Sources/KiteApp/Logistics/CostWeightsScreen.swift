import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// The weights of the vehicle types a closing trip splits its price by
/// (`vehicle_cost_weights`, migration 0027), as the `:weights` card edits them.
struct CostWeightsSheet: Sendable, Hashable {
    var weights: [CostWeight] = []
}

extension CostWeight {
    /// The vehicle type's name in both languages.
    var name: LocalizedText { LocalizedText(ru: nameRu, en: nameEn) }
}

/// A vehicle type's row in the `weights` table.
struct CostWeightRow: ListRow {
    var index: Int
    var weight: CostWeight
    var language: Language

    var rowID: Int64 { Int64(index) }

    func value(_ field: String) -> CellValue {
        switch field {
        case "vehicle_type": .text(weight.vehicleType)
        case "name": .text(weight.name.text(language))
        case "weight": .text(weight.weight.map { CostWeightsEditor.text($0, language) } ?? LogisticsText.weightDefault(language))
        default: .none
        }
    }
}

/// Веса доставки on the card (`Screens/cost_weights.toml`): every vehicle type with its
/// weight; Enter edits one in its dialog, F2 writes them all in one transaction (only
/// logistics or an admin may: the database's rule).
@MainActor
final class CostWeightsEditor: RecordEditor {
    unowned let app: KiteApplication
    var weights: [CostWeight] = []
    private var stored: [CostWeight] = []

    init(app: KiteApplication) {
        self.app = app
    }

    var entity: String { "cost_weights" }
    var variantField: String? { nil }

    func reader(id: Int64) -> @Sendable (PGConnection) throws -> CardRecord<CostWeightsSheet>? {
        { connection in CardRecord(record: CostWeightsSheet(weights: try CostLedgerRepository(connection: connection).weights())) }
    }

    func newRecord() -> CardRecord<CostWeightsSheet> { CardRecord(record: CostWeightsSheet()) }
    func id(of record: CostWeightsSheet) -> Int64? { 1 }
    func variant(of record: CostWeightsSheet) -> String { "" }

    func willShow(_ loaded: CardRecord<CostWeightsSheet>, card: CardScreen<CostWeightsEditor>) {
        weights = loaded.record.weights
        stored = loaded.record.weights
    }

    func values(of record: CostWeightsSheet, isNew: Bool) -> [String: String] {
        ["rule": LogisticsText.weightsRule(app.language)]
    }

    func apply(_ values: [String: String], to base: CostWeightsSheet) -> (CostWeightsSheet, [FieldIssue]) {
        (CostWeightsSheet(weights: weights), [])
    }

    func validate(_ candidate: CostWeightsSheet) -> [FieldIssue] { [] }

    func writer(_ candidate: CostWeightsSheet, isNew: Bool, actor: String) -> @Sendable (PGConnection) throws -> CardRecord<CostWeightsSheet> {
        let changed = candidate.weights.filter { !stored.contains($0) }
        return { connection in
            let ledger = CostLedgerRepository(connection: connection)
            try ledger.setWeights(changed, actor: actor)
            return CardRecord(record: CostWeightsSheet(weights: try ledger.weights()))
        }
    }

    func saved(_ stored: CardRecord<CostWeightsSheet>, isNew: Bool, card: CardScreen<CostWeightsEditor>) {
        app.showMessage(LogisticsText.weightsSaved(app.language))
        card.show(stored)
    }

    // MARK: the table

    func detailsDirty(card: CardScreen<CostWeightsEditor>) -> Bool { weights != stored }

    func offers(_ command: String, card: CardScreen<CostWeightsEditor>) -> Bool { command != "form.add_row" }

    func detailRows(_ name: String, card: CardScreen<CostWeightsEditor>) -> [any ListRow] {
        guard name == "weights" else { return [] }
        return weights.enumerated().map { CostWeightRow(index: $0.offset, weight: $0.element, language: app.language) }
    }

    func detailRowValues(_ name: String, at index: Int?, card: CardScreen<CostWeightsEditor>) -> [String: String] {
        guard name == "weights", let index, weights.indices.contains(index) else { return [:] }
        let w = weights[index]
        return ["name": w.name.text(app.language), "weight": w.weight.map { Self.text($0, app.language) } ?? ""]
    }

    func saveDetailRow(_ name: String, values: [String: String], at index: Int?, card: CardScreen<CostWeightsEditor>) -> [FieldIssue] {
        guard name == "weights", let index, weights.indices.contains(index) else {
            return [.error("weight", ru: "Новый тип автомобиля заводится в справочнике типов", en: "A new vehicle type is added to the types' list")]
        }
        let text = (values["weight"] ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            return [.error("weight", ru: "Вес: обязательное поле (тип без веса весит 1)", en: "Weight: required (a type without one weighs 1)")]
        }
        guard let weight = Self.parse(text) else {
            return [.error("weight", ru: "Вес: число больше нуля, до трёх знаков после запятой, не больше 9 999",
                           en: "Weight: a number above zero, at most three decimals, at most 9,999")]
        }
        weights[index].weight = weight
        return []
    }

    /// `0,5` or `0.5`: above zero, at most three decimals, below 10 000 (numeric(7,3)).
    nonisolated static func parse(_ text: String) -> Decimal? {
        let normal = text.replacingOccurrences(of: ",", with: ".")
        guard normal.range(of: #"^[0-9]{1,4}(\.[0-9]{1,3})?$"#, options: .regularExpression) != nil,
              let value = Decimal(string: normal, locale: Locale(identifier: "en_US_POSIX")), value > 0 else { return nil }
        return value
    }

    /// `0,5` in Russian, `0.5` in English.
    nonisolated static func text(_ weight: Decimal, _ language: Language) -> String {
        let plain = NSDecimalNumber(decimal: weight).stringValue
        switch language {
        case .ru: return plain.replacingOccurrences(of: ".", with: ",")   // the decimal comma
        default: return plain
        }
    }
}
