import Foundation
import KiteDomain
import KiteUI
import KiteStore
import TOMLKit

/// `GET /v1/checklist`: the appraisal checklist the TUI uses (config/checklists/appraisal.toml),
/// as JSON, with the SHA-256 of the file as its version.
struct ChecklistDocument: Sendable {
    let checklist: AppraisalChecklist
    let version: String
    let json: JSONValue

    /// The photo set every appraisal needs.
    static let photoSet: [(String, LocalizedText)] = [
        ("front", LocalizedText(ru: "Спереди", en: "Front")),
        ("rear", LocalizedText(ru: "Сзади", en: "Rear")),
        ("left", LocalizedText(ru: "Слева", en: "Left side")),
        ("right", LocalizedText(ru: "Справа", en: "Right side")),
        ("interior", LocalizedText(ru: "Салон", en: "Interior")),
        ("odometer", LocalizedText(ru: "Одометр", en: "Odometer")),
        ("vin_plate", LocalizedText(ru: "Табличка VIN", en: "VIN plate")),
        ("engine", LocalizedText(ru: "Двигатель", en: "Engine")),
    ]

    /// `path`, or the data paths' `config/checklists/appraisal.toml` when empty.
    static func load(path: String) throws -> ChecklistDocument {
        let url: URL
        let display: String
        if path.isEmpty {
            let paths = DataPaths.resolve(sourceCheckout: DataPaths.checkout(containing: #filePath))
            guard let found = AppraisalChecklistFile.url(paths: paths) else {
                throw APIConfigError(file: "config/checklists/appraisal.toml", key: nil,
                                     message: "not found (set `checklist` in kite-api.toml or KITE_HOME)")
            }
            (url, display) = found
        } else {
            (url, display) = (URL(fileURLWithPath: path), path)
        }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw APIConfigError(file: display, key: nil, message: "cannot read the checklist")
        }
        return try ChecklistDocument(text: text, file: display)
    }

    init(text: String, file: String) throws {
        checklist = try AppraisalChecklistFile.parse(text, file: file)
        version = SHA256.hex(Array(text.utf8))
        func title(_ t: LocalizedText) -> JSONValue { .object(["ru": .string(t.ru), "en": .string(t.en)]) }
        let sections: [JSONValue] = checklist.sections.map { section in
            .object([
                "code": .string(section.code),
                "title": title(section.title),
                "items": .array(section.items.map { item in
                    .object(["code": .string(String(item.code.split(separator: ".").last ?? "")),
                             "title": title(item.title), "photo": .bool(item.photoRequired)])
                }),
            ])
        }
        let panels: [JSONValue] = checklist.panels.map { panel in
            .object(["code": .string(panel.code), "title": title(panel.title), "bodies": .array(panel.bodies.map(JSONValue.string))])
        }
        // The makes with thicker paint, as the file lists them (names as written).
        var makes: [JSONValue] = []
        if let table = try? TOMLTable(string: text), let paint = table["paint"]?.table, let list = paint["makes"]?.array {
            for entry in list {
                guard let m = entry.table else { continue }
                makes.append(.object([
                    "makes": .array((m["makes"]?.array ?? []).compactMap { $0.string }.map(JSONValue.string)),
                    "factoryMax": .int(m["factory_max"]?.int ?? 0),
                    "repaintMax": .int(m["repaint_max"]?.int ?? 0),
                ]))
            }
        }
        json = .object([
            "version": .string(version),
            "sections": .array(sections),
            "panels": .array(panels),
            "paint": .object(["factoryMax": .int(checklist.paint.factoryMax), "repaintMax": .int(checklist.paint.repaintMax),
                              "makes": .array(makes)]),
            "photoSet": .array(Self.photoSet.map { code, text in .object(["code": .string(code), "title": title(text)]) }),
        ])
    }
}
