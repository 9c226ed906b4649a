/// The fields each entity's `Screens/*.toml` may bind as columns; anything
/// else must be declared `storage = "attribute"` (vehicles only).
public enum EntityFields {
    public static let vehicle: Set<String> = [
        "stock_number", "vin", "make", "model", "trim", "year", "colour", "body", "fuel",
        "transmission", "condition", "vehicle_type", "status", "dealership_id", "location_id",
        "arrival_date", "mileage_km", "purchase_cost", "list_price", "days_in_stock",
        "updated_by", "updated_at", "version", "bought_from_private_person",
    ]

    public static let customer: Set<String> = [
        "kind", "name", "birth_date", "phone", "email", "passport_series", "passport_number", "passport",
        "passport_issue_date", "passport_issuer_code", "inn", "kpp", "ogrn", "address", "contact_person",
        "consent_given", "consent_date", "updated_by", "updated_at", "version",
    ]

    public static let deal: Set<String> = [
        "number", "stage", "customer_id", "vehicle_id", "customer", "vehicle", "vin", "list_price", "sale_price",
        "discount_amount", "discount_reason", "trade_in_credit", "trade_in_description", "loan_bank", "loan_amount",
        "planned_handover", "reserved_until", "manager_login", "amount_due", "total_amount", "vat_amount",
        "payment_state", "outstanding", "updated_by", "updated_at", "version",
    ]

    /// `Screens/payments.toml`, `payment.toml`, `cashday.toml`.
    public static let payment: Set<String> = [
        "id", "payment_date", "dealership_code", "dealership_id", "direction", "kind", "method", "amount", "state",
        "deal", "party", "counterparty", "purpose", "document_ref", "reason", "created_by", "confirmed_by",
        "reverses_payment_id",
    ]

    /// `Screens/receivables.toml`.
    public static let receivable: Set<String> = [
        "deal", "customer", "manager", "contract_date", "days", "bucket", "due", "paid", "outstanding",
    ]

    public static let all: [String: Set<String>] = ["vehicle": vehicle, "customer": customer, "deal": deal,
                                                    "payment": payment, "receivable": receivable]
}
