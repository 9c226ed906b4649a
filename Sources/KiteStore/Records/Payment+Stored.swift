import Foundation
import KiteDomain

/// `payments p`, each column once, with what the screens show beside a row
/// from the joins of `PaymentRepository.fromClause`. State changes
/// (confirm, reverse, cancel) are dedicated statements; the idempotency key
/// and who entered it are set on insert only.
extension Payment: StoredRecord, VersionedRecord {
    public static let table = "payments"
    public static var alias: String? { "p" }
    public static var blank: Payment { Payment() }

    public static var columns: [StoredColumn<Payment>] {
        [
            .column("id", \.id, .serverManaged),
            .column("dealership_id", \.dealershipID),
            .joined("ds.code", as: "dealership_code", \.dealershipCode),
            .column("direction", \.direction),
            .column("kind", \.kind),
            .column("method", \.method),
            .column("amount", \.amount),
            .column("payment_date", \.date),
            .column("deal_id", \.dealID),
            .joined("d.number", as: "deal_number", \.dealNumber),
            .column("trip_id", \.tripID),
            .joined("tr.number", as: "trip_number", \.tripNumber),
            .joined("c.name", as: "customer_name", \.customerName),
            .column("counterparty", \.counterparty),
            .column("purpose", \.purpose),
            .column("document_ref", \.documentRef),
            .column("idempotency_key", \.idempotencyKey, .insertOnly),
            .column("state", \.state, .readOnly),
            .column("reverses_payment_id", \.reversesPaymentID, .readOnly),
            .joined("(SELECT r.id FROM payments r WHERE r.reverses_payment_id = p.id)", as: "reversed_by_payment_id",
                    \.reversedByPaymentID),
            .column("reason", \.reason, .readOnly),
            .column("created_at", \.createdAt, .serverManaged),
            .column("created_by", \.createdBy, .insertedActor),
            .column("confirmed_at", \.confirmedAt, .readOnly),
            .column("confirmed_by", \.confirmedBy, .readOnly),
            .column("reversed_at", \.reversedAt, .readOnly),
            .column("reversed_by", \.reversedBy, .readOnly),
            .column("cancelled_at", \.cancelledAt, .readOnly),
            .column("cancelled_by", \.cancelledBy, .readOnly),
            .column("cancel_reason", \.cancelReason, .readOnly),
            .column("version", \.version, .version),
            .column("updated_at", \.updatedAt, .updatedAt),
            .column("updated_by", \.updatedBy, .actor),
        ]
    }

    /// A new pending payment as `draft` describes it.
    init(_ draft: PaymentDraft) {
        self.init()
        dealershipID = draft.dealershipID
        direction = draft.direction
        kind = draft.kind
        method = draft.method
        amount = draft.amount
        date = draft.date
        dealID = draft.dealID
        tripID = draft.tripID
        counterparty = draft.counterparty
        purpose = draft.purpose
        documentRef = draft.documentRef
        idempotencyKey = draft.idempotencyKey
    }
}
