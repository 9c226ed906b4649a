import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// The appraisal card's seller picker, the VIN decoded as the focus leaves it, and its
/// three tables: the checklist (every item of the file, answered in its row dialog), the
/// paint readings (the body's panels, the verdict by the make's thresholds) and the
/// reconditioning lines.
extension AppraisalEditor {
    // MARK: the seller

    func interceptKey(_ key: Key, card: CardScreen<AppraisalEditor>) -> Bool {
        guard let form = card.form, let field = form.focusedField, ["seller_id", "deal_id"].contains(field.bind) else { return false }
        let pick = field.bind == "seller_id" ? pickSeller : pickDeal
        switch key {
        case .enter:
            pick("", card)
            return true
        case .character(let c) where key.isPrintable:
            pick(String(c), card)
            return true
        case .backspace, .delete:
            return true
        default:
            return false
        }
    }

    func pickSeller(text: String, card: CardScreen<AppraisalEditor>) {
        let picker = LookupPicker(app: app, title: AppraisalCardText.sellerPickerTitle(app.language), lane: "lookup.customer",
                                  initialText: text, canCreate: true) { connection, text in
            try CustomerRepository(connection: connection).search(text, limit: 50).map { row in
                LookupPicker.Item(id: row.id, label: row.name,
                                  detail: [row.phone, row.birthDate?.russianText ?? "", row.inn].filter { !$0.isEmpty }.joined(separator: " · "))
            }
        }
        app.lookup(picker) { [weak card] outcome in
            guard let card else { return }
            switch outcome {
            case .chosen(let item):
                Self.setSeller(id: item.id, label: DealEditor.customerLabel(name: item.label, phone: item.detail.components(separatedBy: " · ").first ?? ""),
                               form: card.form)
            case .create(let typed):
                card.app.openNewCustomer(initialText: typed) { [weak card] customer in
                    Self.setSeller(id: customer.id, label: DealEditor.customerLabel(name: customer.name, phone: customer.phone), form: card?.form)
                }
            case .cancelled:
                break
            }
        }
    }

    /// `KZN-2026-000012 · Иванов Иван Иванович · Lada Vesta`.
    nonisolated static func tradeInDealLabel(_ deal: AppraisalRepository.TradeInDeal) -> String {
        ([deal.number] + [deal.customerName ?? "", deal.vehicle ?? ""].filter { !$0.isEmpty }).joined(separator: " · ")
    }

    static func setSeller(id: Int64, label: String, form: FormView?) {
        form?.setValue(String(id), for: "seller_id")
        form?.lookupLabels["seller_id"] = label
        form?.setIssues([], for: "seller_id")
        form?.focus(bind: "source")
    }

    // MARK: the trade-in deal

    /// The dealership's draft and reserved deals (a trade-in is credited only to those).
    func pickDeal(text: String, card: CardScreen<AppraisalEditor>) {
        let dealershipID = sheet?.appraisal.dealershipID ?? app.references.dealership?.id ?? 0
        let picker = LookupPicker(app: app, title: AppraisalCardText.dealPickerTitle(app.language), lane: "lookup.deal",
                                  initialText: text, canCreate: false) { connection, text in
            try AppraisalRepository(connection: connection).tradeInDeals(matching: text, dealershipID: dealershipID).map { deal in
                LookupPicker.Item(id: deal.id, label: deal.number,
                                  detail: [deal.customerName ?? "", deal.vehicle ?? ""].filter { !$0.isEmpty }.joined(separator: " · "))
            }
        }
        app.lookup(picker) { [weak card] outcome in
            guard let card, case .chosen(let item) = outcome else { return }
            card.form?.setValue(String(item.id), for: "deal_id")
            card.form?.lookupLabels["deal_id"] = item.detail.isEmpty ? item.label : item.label + " · " + item.detail
            card.form?.setIssues([], for: "deal_id")
            card.form?.focus(bind: "vin")
        }
    }

    // MARK: the VIN

    /// Leaving the VIN: the make and the model year filled when empty, the decoder's word
    /// on the check digit and the manufacturer under the field.
    func fieldLeft(_ bind: String, card: CardScreen<AppraisalEditor>) {
        guard bind == "vin", let form = card.form else { return }
        let vin = VIN.normalize(form.value("vin") ?? "")
        guard !vin.isEmpty else {
            form.setIssues([], for: "vin")
            return
        }
        var probe = Appraisal()
        probe.vin = vin
        probe.make = form.value("make") ?? ""
        probe.modelYear = Int(form.value("model_year")?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
        probe.fillFromVIN()
        if (form.value("make") ?? "").trimmingCharacters(in: .whitespaces).isEmpty, !probe.make.isEmpty {
            form.setValue(probe.make, for: "make")
        }
        if (form.value("model_year") ?? "").trimmingCharacters(in: .whitespaces).isEmpty, probe.modelYear != 0 {
            form.setValue(String(probe.modelYear), for: "model_year")
        }
        form.setIssues(Self.namingVIN(VINDecoder.decode(vin).issues), for: "vin")
    }

    /// "VIN: …" before a decoder message that does not name the field yet.
    nonisolated static func namingVIN(_ issues: [FieldIssue]) -> [FieldIssue] {
        issues.map { issue in
            guard !issue.message.ru.contains("VIN") else { return issue }
            var named = issue
            named.message = LocalizedText(ru: "VIN: " + issue.message.ru.lowercasingFirst, en: "VIN: " + issue.message.en.lowercasingFirst)
            return named
        }
    }

    func validateVIN(_ issues: [FieldIssue]) -> [FieldIssue] {
        issues.map { $0.field == "vin" ? Self.namingVIN([$0])[0] : $0 }
    }

    // MARK: the tables

    /// The panels the paint gauge measures on this body, then any other panel recorded.
    func panels(card: CardScreen<AppraisalEditor>) -> [(code: String, title: String)] {
        let body = card.form?.value("body") ?? sheet?.appraisal.body ?? "sedan"
        let language = app.language
        var list: [(code: String, title: String)] = checklist.panels(body: body).map { (code: $0.code, title: $0.title.text(language)) }
        for code in paint.keys.sorted() where !list.contains(where: { $0.code == code }) {
            list.append((code: code, title: checklist.panels.first { $0.code == code }?.title.text(language) ?? code))
        }
        return list
    }

    func thresholds(card: CardScreen<AppraisalEditor>) -> PaintThresholds {
        checklist.thresholds(make: card.form?.value("make") ?? sheet?.appraisal.make ?? "")
    }

    func detailRows(_ name: String, card: CardScreen<AppraisalEditor>) -> [any ListRow] {
        let language = app.language
        switch name {
        case "checklist":
            var rows: [any ListRow] = []
            for section in checklist.sections {
                for item in section.items {
                    rows.append(ChecklistListRow(index: rows.count, section: section.title.text(language), item: item.title.text(language),
                                                 answer: answers[item.code]))
                }
            }
            return rows
        case "paint":
            let thresholds = thresholds(card: card)
            return panels(card: card).enumerated().map { index, panel in
                PaintListRow(index: index, panel: panel.title, microns: paint[panel.code], thresholds: thresholds)
            }
        case "reconditioning":
            return lines.enumerated().map { ReconditioningListRow(index: $0.offset, line: $0.element) }
        default:
            return []
        }
    }

    func detailRowValues(_ name: String, at index: Int?, card: CardScreen<AppraisalEditor>) -> [String: String] {
        switch name {
        case "checklist":
            guard let index, let item = checklist.items[safe: index] else { return [:] }
            let answer = answers[item.code]
            return ["answer": answer?.answer.rawValue ?? "", "severity": answer?.severity.map { String($0.rawValue) } ?? "",
                    "note": answer?.note ?? ""]
        case "paint":
            guard let index, let panel = panels(card: card)[safe: index] else { return [:] }
            return ["microns": paint[panel.code].map(String.init) ?? ""]
        case "reconditioning":
            guard let index, let line = lines[safe: index] else { return ["description": "", "amount": ""] }
            return ["description": line.description, "amount": VehicleFormValues.editable(line.amount, app.language)]
        default:
            return [:]
        }
    }

    func saveDetailRow(_ name: String, values: [String: String], at index: Int?, card: CardScreen<AppraisalEditor>) -> [FieldIssue] {
        var input = FormInput(values)
        switch name {
        case "checklist":
            // Ins on the checklist: its rows are the file's items; Enter answers one.
            guard let index, let item = checklist.items[safe: index] else {
                return [.error("answer", ru: "Чек-лист: пункты задаёт файл чек-листа — выберите пункт и нажмите Enter",
                               en: "Checklist: the items come from the checklist file — pick one and press Enter")]
            }
            let text = input.text("answer") ?? ""
            if text.isEmpty {
                if values["severity"]?.isEmpty == false || values["note"]?.isEmpty == false {
                    return [.error("answer", ru: "Ответ: выберите норму, дефект или «не применимо»", en: "Answer: choose ok, defect or n/a")]
                }
                answers[item.code] = nil
                return []
            }
            var answer = answers[item.code] ?? AppraisalAnswer()
            answer.itemCode = item.code
            answer.answer = ChecklistAnswer(rawValue: text) ?? .ok
            answer.severity = (input.text("severity")).flatMap(Int.init).flatMap(DefectSeverity.init(rawValue:))
            answer.note = input.text("note") ?? ""
            let issues = answer.validate(in: checklist)
            guard issues.isEmpty else { return issues }
            answers[item.code] = answer
            return []
        case "paint":
            guard let index, let panel = panels(card: card)[safe: index] else {
                return [.error("microns", ru: "Толщина ЛКП: панели задаёт кузов — выберите панель и нажмите Enter",
                               en: "Paint thickness: the body decides the panels — pick one and press Enter")]
            }
            guard let text = input.text("microns"), !text.isEmpty else {
                paint[panel.code] = nil
                return []
            }
            let microns = input.integer("microns", LocalizedText(ru: "Толщина", en: "Thickness"), current: -1)
            guard input.issues.isEmpty else { return input.issues }
            guard (1...5000).contains(microns) else {
                return [.error("microns", ru: "Толщина: от 1 до 5000 мкм", en: "Thickness: 1 to 5000 µm")]
            }
            paint[panel.code] = microns
            return []
        case "reconditioning":
            var line = index.flatMap { lines[safe: $0] } ?? ReconditioningLine()
            line.description = input.text("description") ?? ""
            line.amount = input.money("amount", LocalizedText(ru: "Стоимость", en: "Cost"), current: .zero)
            let typed = input.issues
            let issues = typed + line.validate().filter { issue in !typed.contains { $0.field == issue.field } }
            guard issues.isEmpty else { return issues }
            // A changed line is written as a new one (the stored one is removed).
            line.id = 0
            if let index { lines[index] = line } else { lines.append(line) }
            return []
        default:
            return []
        }
    }

    func deleteDetailRow(_ name: String, at index: Int, card: CardScreen<AppraisalEditor>) {
        switch name {
        case "reconditioning":
            if lines.indices.contains(index) { lines.remove(at: index) }
        case "checklist":
            if let item = checklist.items[safe: index] { answers[item.code] = nil }
        case "paint":
            if let panel = panels(card: card)[safe: index] { paint[panel.code] = nil }
        default:
            break
        }
    }

    /// What a paint reading means, as it is typed.
    func detailRowNote(_ name: String, values: [String: String], card: CardScreen<AppraisalEditor>) -> CardLine? {
        guard name == "paint", let microns = Int(values["microns"]?.trimmingCharacters(in: .whitespaces) ?? "") else { return nil }
        let verdict = thresholds(card: card).verdict(microns)
        return CardLine(text: verdict.mark + " " + verdict.label.text(app.language), role: verdict == .factory ? .status : .error)
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// A checklist item as the table shows it.
struct ChecklistListRow: ListRow {
    var index: Int
    var section: String
    var item: String
    var answer: AppraisalAnswer?

    var rowID: Int64 { Int64(index) }

    func value(_ field: String) -> CellValue {
        switch field {
        case "section": .text(section)
        case "item": .text(item)
        case "answer": answer.map { .label($0.answer.label) } ?? .text("·")
        case "severity": answer?.severity.map { .label($0.label) } ?? .text("")
        case "note": .text(answer?.note ?? "")
        default: .none
        }
    }
}

/// A panel and its reading; the verdict by the thresholds.
struct PaintListRow: ListRow {
    var index: Int
    var panel: String
    var microns: Int?
    var thresholds: PaintThresholds

    var rowID: Int64 { Int64(index) }

    func value(_ field: String) -> CellValue {
        switch field {
        case "panel": .text(panel)
        case "microns": microns.map { .integer($0) } ?? .text("")
        case "verdict":
            microns.map { microns in
                let verdict = thresholds.verdict(microns)
                return .label(LocalizedText(ru: verdict.mark + " " + verdict.label.ru, en: verdict.mark + " " + verdict.label.en))
            } ?? .text("")
        default: .none
        }
    }
}

/// A reconditioning line.
struct ReconditioningListRow: ListRow {
    var index: Int
    var line: ReconditioningLine

    var rowID: Int64 { Int64(index) }

    func value(_ field: String) -> CellValue {
        switch field {
        case "description": .text(line.description)
        case "amount": .money(line.amount)
        default: .none
        }
    }
}
