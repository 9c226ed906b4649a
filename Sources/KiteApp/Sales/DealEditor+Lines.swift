import KiteDomain
import KiteUI

/// The deal's extra lines: the `lines` detail table of `Screens/deal.toml`.
extension DealEditor {
    func detailRows(_ name: String, card: CardScreen<DealEditor>) -> [any ListRow] {
        let priced = DealPricing.price(DealPricingInput(listPrice: .zero, salePrice: .zero, extraLines: lines)).lines
        return priced.enumerated().map { DealLineRow(position: $0.offset + 1, priced: $0.element) }
    }

    func detailRowValues(_ name: String, at index: Int?, card: CardScreen<DealEditor>) -> [String: String] {
        DealFormValues.lineValues(index.flatMap { lines.indices.contains($0) ? lines[$0] : nil },
                                  dealershipRate: card.record?.vatRatePercent ?? 22, language: app.language)
    }

    func saveDetailRow(_ name: String, values: [String: String], at index: Int?, card: CardScreen<DealEditor>) -> [FieldIssue] {
        let parsed = DealFormValues.line(from: values)
        guard let line = parsed.line else { return parsed.issues }
        if let index, lines.indices.contains(index) { lines[index] = line } else { lines.append(line) }
        return []
    }

    func deleteDetailRow(_ name: String, at index: Int, card: CardScreen<DealEditor>) {
        if lines.indices.contains(index) { lines.remove(at: index) }
    }
}

/// One extra line as the table shows it: priced, with its VAT.
struct DealLineRow: ListRow {
    var position: Int
    var priced: PricedDealLine

    var rowID: Int64 { Int64(position) }

    func value(_ field: String) -> CellValue {
        let line = priced.line
        switch field {
        case "position": return .text(String(position))
        case "kind": return .label(line.kind.label)
        case "description": return .text(line.description)
        case "quantity": return .integer(line.quantity)
        case "unit_price": return .money(line.unitPrice)
        case "amount": return .money(priced.amount)
        case "vat":
            let rate = line.vatRate.label
            return .label(LocalizedText(ru: rate.ru + " " + priced.vat.formatted(.ru, currencySign: false),
                                        en: rate.en + " " + priced.vat.formatted(.en, currencySign: false)))
        default: return .none
        }
    }
}
