import Foundation

/// An answer to one checklist item.
public enum ChecklistAnswer: String, Sendable, Hashable, Codable, CaseIterable {
    case ok
    case defect
    case notApplicable = "not_applicable"

    public var label: LocalizedText {
        switch self {
        case .ok: LocalizedText(ru: "норма", en: "ok")
        case .defect: LocalizedText(ru: "дефект", en: "defect")
        case .notApplicable: LocalizedText(ru: "не применимо", en: "n/a")
        }
    }
}

/// How bad a defect is: 1 minor (cosmetic), 2 needs repair, 3 severe (safety, structure).
public enum DefectSeverity: Int, Sendable, Hashable, Codable, CaseIterable {
    case minor = 1
    case moderate = 2
    case severe = 3

    public var label: LocalizedText {
        switch self {
        case .minor: LocalizedText(ru: "незначительный", en: "minor")
        case .moderate: LocalizedText(ru: "требует ремонта", en: "needs repair")
        case .severe: LocalizedText(ru: "серьёзный", en: "severe")
        }
    }
}

/// One item of the inspection (`documents.pts_matches`), with the reconditioning cost of a
/// defect by severity from the dealership's price list, when the file gives one.
public struct ChecklistItem: Sendable, Hashable {
    /// `section.item`: the code kept in `appraisal_answers`.
    public var code: String
    public var title: LocalizedText
    /// Costs of a minor, moderate and severe defect, when priced.
    public var costs: [Money]?
    public var photoRequired: Bool

    public init(code: String, title: LocalizedText, costs: [Money]? = nil, photoRequired: Bool = false) {
        self.code = code
        self.title = title
        self.costs = costs
        self.photoRequired = photoRequired
    }

    public func cost(_ severity: DefectSeverity) -> Money? {
        guard let costs, costs.count == 3 else { return nil }
        return costs[severity.rawValue - 1]
    }
}

public struct ChecklistSection: Sendable, Hashable {
    public var code: String
    public var title: LocalizedText
    public var items: [ChecklistItem]

    public init(code: String, title: LocalizedText, items: [ChecklistItem]) {
        self.code = code
        self.title = title
        self.items = items
    }
}

/// A body panel measured with the paint gauge; on the body types listed (all when empty).
public struct PaintPanel: Sendable, Hashable {
    public var code: String
    public var title: LocalizedText
    public var bodies: [String]

    public init(code: String, title: LocalizedText, bodies: [String] = []) {
        self.code = code
        self.title = title
        self.bodies = bodies
    }

    public func fits(body: String) -> Bool { bodies.isEmpty || bodies.contains(body) }
}

/// What a paint reading says.
public enum PaintVerdict: String, Sendable, Hashable, CaseIterable {
    case factory
    case repainted
    case filler

    public var label: LocalizedText {
        switch self {
        case .factory: LocalizedText(ru: "заводская", en: "factory")
        case .repainted: LocalizedText(ru: "перекрас", en: "repainted")
        case .filler: LocalizedText(ru: "шпатлёвка / ремонт", en: "filler / repair")
        }
    }

    public var mark: String {
        switch self {
        case .factory: "✓"
        case .repainted: "!"
        case .filler: "✗"
        }
    }
}

/// Paint thresholds in µm: up to `factoryMax` factory, up to `repaintMax` repainted, above
/// that filler or a structural repair. A make whose factory paint is thicker has its own.
public struct PaintThresholds: Sendable, Hashable {
    public var factoryMax: Int
    public var repaintMax: Int

    public init(factoryMax: Int = 200, repaintMax: Int = 300) {
        self.factoryMax = factoryMax
        self.repaintMax = repaintMax
    }

    public func verdict(_ microns: Int) -> PaintVerdict {
        if microns <= factoryMax { return .factory }
        if microns <= repaintMax { return .repainted }
        return .filler
    }
}

/// `config/checklists/appraisal.toml` as data: sections and items, the paint panels and
/// thresholds (with per-make overrides).
public struct AppraisalChecklist: Sendable, Hashable {
    public var sections: [ChecklistSection]
    public var panels: [PaintPanel]
    public var paint: PaintThresholds
    /// Lower-cased make → its thresholds.
    public var paintByMake: [String: PaintThresholds]

    public init(sections: [ChecklistSection] = [], panels: [PaintPanel] = [], paint: PaintThresholds = PaintThresholds(),
                paintByMake: [String: PaintThresholds] = [:]) {
        self.sections = sections
        self.panels = panels
        self.paint = paint
        self.paintByMake = paintByMake
    }

    public var items: [ChecklistItem] { sections.flatMap(\.items) }

    public func item(_ code: String) -> ChecklistItem? { items.first { $0.code == code } }

    public func thresholds(make: String) -> PaintThresholds {
        paintByMake[make.trimmingCharacters(in: .whitespaces).lowercased()] ?? paint
    }

    public func panels(body: String) -> [PaintPanel] { panels.filter { $0.fits(body: body) } }

    /// The reconditioning lines the defects price (items with a price list); the rest are typed.
    public func pricedDefects(_ answers: [AppraisalAnswer]) -> [(item: ChecklistItem, severity: DefectSeverity, cost: Money)] {
        answers.compactMap { answer in
            guard answer.answer == .defect, let severity = answer.severity, let item = item(answer.itemCode),
                  let cost = item.cost(severity) else { return nil }
            return (item, severity, cost)
        }
    }
}

/// A recorded answer (`appraisal_answers`).
public struct AppraisalAnswer: Sendable, Hashable {
    public var appraisalID: Int64 = 0
    public var itemCode = ""
    public var answer = ChecklistAnswer.ok
    public var severity: DefectSeverity?
    public var note = ""
    public var photos: [String] = []

    public init() {}

    public init(itemCode: String, answer: ChecklistAnswer, severity: DefectSeverity? = nil, note: String = "", photos: [String] = []) {
        self.itemCode = itemCode
        self.answer = answer
        self.severity = severity
        self.note = note
        self.photos = photos
    }

    public static let maxNoteLength = 500

    public func validate(in checklist: AppraisalChecklist?) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if let checklist, checklist.item(itemCode) == nil {
            issues.append(.error("item_code", ru: "Нет такого пункта в чек-листе: \(itemCode)", en: "No such checklist item: \(itemCode)"))
        }
        if answer == .defect, severity == nil {
            issues.append(.error("severity", ru: "Дефект: укажите степень", en: "Defect: give its severity"))
        }
        if answer != .defect, severity != nil {
            issues.append(.error("severity", ru: "Степень указывается только у дефекта", en: "A severity is given only for a defect"))
        }
        issues += TextRules.issues(note, field: "note", maxLength: Self.maxNoteLength)
        if photos.count > 20 {
            issues.append(.error("photos", ru: "Не больше 20 фотографий", en: "At most 20 photos"))
        }
        return issues
    }
}

/// A paint reading (`appraisal_paint`).
public struct PaintReading: Sendable, Hashable {
    public var appraisalID: Int64 = 0
    public var panel = ""
    public var microns = 0

    public init() {}
    public init(panel: String, microns: Int) {
        self.panel = panel
        self.microns = microns
    }
}

/// A reconditioning line of the estimate (`appraisal_reconditioning`).
public struct ReconditioningLine: Sendable, Hashable {
    public var id: Int64 = 0
    public var appraisalID: Int64 = 0
    public var itemCode: String?
    public var description = ""
    public var amount = Money.zero

    public init() {}
    public init(itemCode: String? = nil, description: String, amount: Money) {
        self.itemCode = itemCode
        self.description = description
        self.amount = amount
    }

    public func validate() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if description.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(.error("description", ru: "Работа: обязательное поле", en: "Work: required"))
        }
        issues += TextRules.issues(description, field: "description", maxLength: 200)
        if amount <= .zero {
            issues.append(.error("amount", ru: "Стоимость: больше нуля", en: "Cost: above zero"))
        }
        return issues
    }
}
