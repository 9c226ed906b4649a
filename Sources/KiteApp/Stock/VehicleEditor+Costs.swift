import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// A line of the car's cost ledger in the card's `costs` table (`Screens/vehicle.toml`):
/// a stored one, or a manual one typed and waiting for F2.
struct CostLineRow: ListRow {
    var index: Int
    var line: CostLine
    var pending: Bool
    var sourceText: String
    var language: Language

    var rowID: Int64 { Int64(index) }

    func value(_ field: String) -> CellValue {
        switch field {
        case "at": .text(pending ? StockText.costPending(language) : DayFormat.display(line.at))
        case "kind": .text(line.kind.label.text(language))
        case "amount": .money(line.amount)
        case "source": .text(sourceText)
        case "actor": .text(line.actor)
        default: .none
        }
    }
}

/// The card's `costs` table: the ledger's stored lines (never changed: a correction is a
/// new line) and the manual lines logistics adds in the row dialog, written with the car
/// by F2 in one transaction (the database admits them only from logistics or an admin).
extension VehicleEditor {
    /// Who may add manual lines (the database's rule, shown before it refuses).
    var mayAddCosts: Bool {
        guard let role = app.references.employee?.role else { return false }
        return role == .logistics || role == .admin
    }

    func detailRows(_ name: String, card: CardScreen<VehicleEditor>) -> [any ListRow] {
        guard name == "costs" else { return [] }
        let language = app.language
        let stored = costLines.enumerated().map { CostLineRow(index: $0.offset, line: $0.element, pending: false,
                                                              sourceText: costSourceText($0.element, language: language),
                                                              language: language) }
        let typed = pendingCosts.enumerated().map { CostLineRow(index: costLines.count + $0.offset, line: $0.element, pending: true,
                                                                sourceText: $0.element.note, language: language) }
        return stored + typed
    }

    func detailRowValues(_ name: String, at index: Int?, card: CardScreen<VehicleEditor>) -> [String: String] {
        guard name == "costs" else { return [:] }
        let line: CostLine? = index.flatMap { i in
            i < costLines.count ? costLines[i] : pendingCosts.indices.contains(i - costLines.count) ? pendingCosts[i - costLines.count] : nil
        }
        guard let line else { return ["kind": CostKind.reconditioning.rawValue, "amount": "", "note": ""] }
        return ["kind": line.kind.rawValue, "amount": VehicleFormValues.editable(line.amount, app.language), "note": line.note]
    }

    func saveDetailRow(_ name: String, values: [String: String], at index: Int?, card: CardScreen<VehicleEditor>) -> [FieldIssue] {
        guard name == "costs" else { return [] }
        if let index, index < costLines.count {
            return [.error("note", ru: "Записанная строка не меняется: добавьте исправление (F3) с суммой со знаком минус",
                           en: "A recorded line does not change: add a correction (F3) with a negative amount")]
        }
        if !mayAddCosts {
            return [.error("kind", ru: "Строки затрат добавляет логист (роль kite_logistics) или администратор",
                           en: "Cost lines are added by logistics (role kite_logistics) or an admin")]
        }
        // A leading minus (or the typographic one) makes a correction; the rest is parsed as any amount.
        var unsigned = values
        let typed = (values["amount"] ?? "").trimmingCharacters(in: .whitespaces)
        let negative = typed.hasPrefix("-") || typed.hasPrefix("\u{2212}")
        if negative { unsigned["amount"] = String(typed.dropFirst()) }
        var input = FormInput(unsigned)
        let kind = CostKind(rawValue: input.text("kind") ?? "")
        let amount = input.optionalMoney("amount", LocalizedText(ru: "Сумма", en: "Amount"), current: nil)
            .map { negative ? .zero - $0 : $0 }
        let note = (input.text("note") ?? "").trimmingCharacters(in: .whitespaces)
        var issues = input.issues
        if kind == nil || kind == .purchase {
            issues.append(.error("kind", ru: "Вид затрат: подготовка, прочее или доставка", en: "Kind: reconditioning, other or freight"))
        }
        if issues.isEmpty, amount == nil || amount == .zero {
            issues.append(.error("amount", ru: "Сумма: не ноль", en: "Amount: not zero"))
        }
        if note.isEmpty { issues.append(.error("note", ru: "Основание: обязательное поле", en: "Note: required")) }
        issues += TextRules.issues(note, field: "note", maxLength: 500)
        guard issues.isEmpty, let kind, let amount else { return issues }
        let line = CostLine(kind: kind, amount: amount, source: .manual, note: note, actor: app.login)
        if let index, pendingCosts.indices.contains(index - costLines.count) {
            pendingCosts[index - costLines.count] = line
        } else {
            pendingCosts.append(line)
        }
        return []
    }

    func deleteDetailRow(_ name: String, at index: Int, card: CardScreen<VehicleEditor>) {
        guard name == "costs" else { return }
        if pendingCosts.indices.contains(index - costLines.count) {
            pendingCosts.remove(at: index - costLines.count)
        } else {
            app.showError(StockText.costLineKept(app.language))
        }
    }

    func detailsDirty(card: CardScreen<VehicleEditor>) -> Bool { !pendingCosts.isEmpty }
}
