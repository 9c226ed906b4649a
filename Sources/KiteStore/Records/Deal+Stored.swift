import Foundation
import KiteDomain

/// `deals`: each column once. The stage, the reservation, the cancel reason
/// and the discount approval change only through the database's commands
/// (`kite_deal_move`, `kite_deal_approve_discount`, migration 0037); the totals are written
/// from the price sheet and never read back into `Deal`. The extra lines are
/// rows of `deal_lines` (`DealRepository.lines`).
extension Deal: StoredRecord, VersionedRecord {
    public static let table = "deals"
    public static var blank: Deal { Deal() }

    public static var columns: [StoredColumn<Deal>] {
        [
            .column("id", \.id, .serverManaged),
            .column("number", \.number, .insertOnly),
            .column("dealership_id", \.dealershipID, .insertOnly),
            .column("manager_login", \.managerLogin, .insertOnly),
            .column("customer_id", \.customerID),
            .column("vehicle_id", \.vehicleID),
            .column("stage", \.stage, .readOnly),
            .column("list_price", \.listPrice),
            .column("sale_price", \.salePrice),
            .column("discount_amount", \.discountAmount),
            .column("discount_reason", \.discountReason),
            .column("discount_requested_by", \.discountRequestedBy),
            .column("discount_approved_by", \.discountApprovedBy, .readOnly),
            .column("trade_in_credit", \.tradeInCredit),
            .column("trade_in_description", \.tradeInDescription),
            .column("loan_bank", \.loanBank),
            .column("loan_amount", \.loanAmount),
            .column("vat_rate_percent", \.vatRatePercent, .insertOnly),
            .column("margin_vat", \.marginVAT),
            .column("purchase_cost", \.purchaseCost),
            .computed("total_amount") { $0.priceSheet.total },
            .computed("vat_amount") { $0.priceSheet.totalVAT },
            .computed("amount_due") { $0.priceSheet.amountDue },
            .computed("customer_part") { $0.priceSheet.customerOwnPart },
            .column("planned_handover", \.plannedHandover),
            .column("reserved_until", \.reservedUntil, .readOnly),
            .column("cancel_reason", \.cancelReason, .readOnly),
            .column("version", \.version, .version),
            .column("updated_at", \.updatedAt, .updatedAt),
            .column("updated_by", \.updatedBy, .actor),
        ]
    }
}
