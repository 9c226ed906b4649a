import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// The deal's extra lines: the table and its dialog.
extension DealFormScreen {
    // MARK: - Lines

    static func lineColumns(_ language: Language) -> [TableColumn] {
        let ru = language == .ru
        return [
            TableColumn("№", width: .fixed(2), alignment: .right),
            TableColumn(ru ? "Вид" : "Kind", width: .fixed(12)),
            TableColumn(ru ? "Описание" : "Description", width: .flexibleAtLeast(share: 1, minimum: 10)),
            TableColumn(ru ? "Кол." : "Qty", width: .fixed(4), alignment: .right),
            TableColumn(ru ? "Сумма" : "Amount", width: .fixed(15), alignment: .right),
            TableColumn(ru ? "НДС" : "VAT", width: .fixed(18), alignment: .right),
        ]
    }

    func refreshLinesTable() {
        let language = app.language
        let priced = DealPricing.price(DealPricingInput(listPrice: .zero, salePrice: .zero, extraLines: lines)).lines
        linesSource.rows = priced.enumerated().map { index, line in
            [String(index + 1), line.line.kind.label.text(language), line.line.description, String(line.line.quantity),
             line.amount.formatted(language), line.line.vatRate.label.text(language) + " " + line.vat.formatted(language, currencySign: false)]
        }
        linesTable.reloadData()
    }

    func focusLines() {
        guard isEditable else { return }
        linesFocused = true
        if lines.isEmpty { editLine(at: nil) }
    }

    func handleLinesKey(_ key: Key) -> Bool {
        switch key {
        case .escape, .tab, .backTab:
            linesFocused = false
        case .enter:
            if let index = linesTable.selection { editLine(at: index) }
        case .insert, .function(3):
            editLine(at: nil)
        case .delete:
            guard let index = linesTable.selection, lines.indices.contains(index) else { return true }
            let description = lines[index].description
            app.confirm(app.language == .ru ? "Удалить строку «\(description)»?" : "Delete the line “\(description)”?") { [weak self] in
                guard let self, self.lines.indices.contains(index) else { return }
                self.lines.remove(at: index)
                self.refreshLinesTable()
            }
        case .up, .down, .pageUp, .pageDown, .home, .end:
            _ = linesTable.handle(key)
        default:
            return false
        }
        return true
    }

    func editLine(at index: Int?) {
        guard isEditable else {
            app.showError(app.language == .ru ? "Условия сделки в этой стадии не меняются" : "The deal's terms are fixed at this stage")
            return
        }
        let ru = app.language == .ru
        let existing = index.flatMap { lines.indices.contains($0) ? lines[$0] : nil }
        let dialog = FormDialog(title: existing == nil ? (ru ? "Новая позиция" : "New line") : (ru ? "Позиция" : "Line"),
                                fields: DealFormValues.lineFields(language: app.language),
                                values: DealFormValues.lineValues(existing, dealershipRate: deal?.vatRatePercent ?? 22),
                                language: app.language)
        app.formDialog(dialog) { [weak self] values in
            guard let self else { return true }
            let parsed = DealFormValues.line(from: values)
            guard let line = parsed.line else {
                dialog.showIssues(parsed.issues)
                return false
            }
            if let index, self.lines.indices.contains(index) { self.lines[index] = line } else { self.lines.append(line) }
            self.refreshLinesTable()
            self.linesTable.select(row: index ?? self.lines.count - 1)
            self.linesFocused = true
            return true
        }
    }
}
