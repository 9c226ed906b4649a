import Foundation
import KiteDomain

/// Row decoding of `deals` and `deal_lines`.
struct DealRecord: Decodable {
    static let columns = """
        id, number, dealership_id, manager_login, customer_id, vehicle_id, stage, list_price, sale_price, \
        discount_amount, discount_reason, discount_requested_by, discount_approved_by, trade_in_credit, \
        trade_in_description, loan_bank, loan_amount, vat_rate_percent, margin_vat, purchase_cost, \
        planned_handover, reserved_until, cancel_reason, version, updated_at, updated_by
        """

    var id: Int64
    var number: String
    var dealershipID: Int64
    var managerLogin: String
    var customerID: Int64?
    var vehicleID: Int64?
    var stage: DealStage
    var listPrice: Money
    var salePrice: Money
    var discountAmount: Money
    var discountReason: String?
    var discountRequestedBy: String?
    var discountApprovedBy: String?
    var tradeInCredit: Money
    var tradeInDescription: String
    var loanBank: String
    var loanAmount: Money
    var vatRatePercent: Int
    var marginVat: Bool
    var purchaseCost: Money
    var plannedHandover: CivilDate?
    var reservedUntil: CivilDate?
    var cancelReason: String
    var version: Int
    var updatedAt: Date
    var updatedBy: String

    func deal(lines: [DealExtraLine]) -> Deal {
        Deal(id: id, number: number, dealershipID: dealershipID, managerLogin: managerLogin, customerID: customerID,
             vehicleID: vehicleID, stage: stage, listPrice: listPrice, salePrice: salePrice,
             discountAmount: discountAmount, discountReason: discountReason, discountRequestedBy: discountRequestedBy,
             discountApprovedBy: discountApprovedBy, tradeInCredit: tradeInCredit,
             tradeInDescription: tradeInDescription, loanBank: loanBank, loanAmount: loanAmount,
             vatRatePercent: vatRatePercent, marginVAT: marginVat, purchaseCost: purchaseCost, lines: lines,
             plannedHandover: plannedHandover, reservedUntil: reservedUntil, cancelReason: cancelReason,
             version: version, updatedAt: updatedAt, updatedBy: updatedBy)
    }
}

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
