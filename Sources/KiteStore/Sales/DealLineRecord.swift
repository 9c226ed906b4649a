import Foundation
import KiteDomain

/// Row decoding of `deal_lines` (the deal itself is a `StoredRecord`).
struct DealLineRecord: Decodable {
    var kind: DealLineKind
    var description: String
    var quantity: Int
    var unitPrice: Money
    var vatRatePercent: Int?

    var line: DealExtraLine {
        DealExtraLine(kind: kind, description: description, quantity: quantity, unitPrice: unitPrice,
                      vatRate: vatRatePercent.map { .percent($0) } ?? .withoutVAT)
    }
}

extension VATRate {
    /// `deal_lines.vat_rate_percent`: NULL is "без НДС".
    var storedPercent: Int? {
        switch self {
        case .percent(let rate): rate
        case .withoutVAT: nil
        }
    }
}
