/// Where a vehicle is in its life at the dealer.
///
/// ordered → in_transit → in_stock ⇄ in_preparation → reserved → sold → delivered;
/// written_off from any stage before sold.
public enum VehicleStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case ordered
    case inTransit = "in_transit"
    case inStock = "in_stock"
    case inPreparation = "in_preparation"
    case reserved
    case sold
    case delivered
    case writtenOff = "written_off"

    public var label: LocalizedText {
        switch self {
        case .ordered: LocalizedText(ru: "заказан", en: "ordered")
        case .inTransit: LocalizedText(ru: "в пути", en: "in transit")
        case .inStock: LocalizedText(ru: "на складе", en: "in stock")
        case .inPreparation: LocalizedText(ru: "предпродажная", en: "in preparation")
        case .reserved: LocalizedText(ru: "резерв", en: "reserved")
        case .sold: LocalizedText(ru: "продан", en: "sold")
        case .delivered: LocalizedText(ru: "выдан", en: "delivered")
        case .writtenOff: LocalizedText(ru: "списан", en: "written off")
        }
    }
}
