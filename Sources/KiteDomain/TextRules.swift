import Foundation

/// The longest text each free-text column keeps, and the rule that text typed or imported holds
/// no control characters. Migration 0016 puts the same limits in the database as CHECK
/// constraints named `<table>_<column>_length` (a store test compares both).
///
/// Lengths are counted in Unicode scalars, as PostgreSQL's `length(text)` counts characters.
/// Columns whose values are bounded otherwise (a code list, a regular expression such as the
/// VIN's or the INN's) are not listed.
public enum TextLimits {
    /// A person's login (`updated_by`, `created_by`, …): PostgreSQL's identifier length.
    public static let login = 63

    public static let vehicles: [String: Int] = [
        "stock_number": 30, "make": 60, "model": 100, "trim": 100, "colour": 60, "body": 60, "fuel": 30,
        "transmission": 30, "updated_by": login,
    ]
    public static let customers: [String: Int] = [
        "name": 200, "email": 254, "address": 500, "contact_person": 200, "updated_by": login,
    ]
    public static let deals: [String: Int] = [
        "manager_login": login, "discount_requested_by": login, "discount_approved_by": login,
        "trade_in_description": 500, "loan_bank": 200, "cancel_reason": 500, "updated_by": login,
    ]
    public static let dealLines: [String: Int] = ["description": 200]
    public static let payments: [String: Int] = [
        "counterparty": 300, "purpose": 1000, "document_ref": 100, "idempotency_key": 200, "reason": 500,
        "cancel_reason": 500, "created_by": login, "created_db_user": login, "confirmed_by": login,
        "confirmed_db_user": login, "reversed_by": login, "cancelled_by": login, "cancelled_db_user": login,
        "updated_by": login,
    ]
    public static let dealerships: [String: Int] = [
        "name": 200, "city": 100, "legal_name": 300, "legal_address": 500, "bank_name": 200, "time_zone": 64,
    ]
    public static let locations: [String: Int] = ["name": 100, "city": 100, "address": 500]
    /// A value in a vehicle's `attributes` (battery kWh, payload): checked by the domain only.
    public static let attributeValue = 200

    /// Every table's limits by column, as the database has them.
    public static let byTable: [String: [String: Int]] = [
        "vehicles": vehicles, "customers": customers, "deals": deals, "deal_lines": dealLines,
        "payments": payments, "dealerships": dealerships, "locations": locations,
        "carriers": Carrier.maxLengths.merging(["updated_by": login]) { domain, _ in domain },
    ]

    /// Long free texts where a tab may stand (a purpose, a description, a reason).
    public static let tabAllowed: Set<String> = [
        "purpose", "description", "trade_in_description", "reason", "cancel_reason", "address", "legal_address",
    ]
}

public enum TextRules {
    /// The first character of `text` that no text field accepts: C0 controls (NUL included),
    /// DEL, C1 controls, line and paragraph separators, and bidi embeddings, overrides and
    /// isolates; a tab only when `allowsTab` is false. Returns the scalar and its 1-based position.
    public static func firstForbidden(in text: String, allowsTab: Bool = false) -> (scalar: Unicode.Scalar, position: Int)? {
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            let v = scalar.value
            if v >= 0x20 && v < 0x7F { continue }
            if v == 0x09 && allowsTab { continue }
            if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
                || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                return (scalar, position)
            }
        }
        return nil
    }

    /// `U+001B (ESC)`: how a refused character is named in a message.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let code = String(scalar.value, radix: 16, uppercase: true)
        let hex = "U+" + String(repeating: "0", count: max(0, 4 - code.count)) + code
        let names: [UInt32: String] = [0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x09: "TAB", 0x0A: "LF", 0x0B: "VT",
                                       0x0C: "FF", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI", 0x9D: "OSC"]
        return names[scalar.value].map { "\(hex) (\($0))" } ?? hex
    }

    /// The problems of one text value of `field`: a control character (NUL included: it is
    /// refused, never cut off) and a length above `maxLength`.
    public static func issues(_ text: String, field: String, maxLength: Int?, allowsTab: Bool? = nil) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        let tab = allowsTab ?? TextLimits.tabAllowed.contains(field)
        if let (scalar, position) = firstForbidden(in: text, allowsTab: tab) {
            let what = name(scalar)
            if scalar.value == 0 {
                issues.append(.error(field, ru: "Символ \(what) в позиции \(position) недопустим: текст с ним не сохраняется (и не обрезается)",
                                     en: "The character \(what) at position \(position) is not allowed: such text is refused, not cut"))
            } else {
                issues.append(.error(field, ru: "Управляющий символ \(what) в позиции \(position) недопустим\(tab ? "" : " (табуляция тоже)")",
                                     en: "The control character \(what) at position \(position) is not allowed\(tab ? "" : " (nor is a tab)")"))
            }
        }
        if let maxLength {
            let length = text.unicodeScalars.count
            if length > maxLength {
                issues.append(.error(field, ru: "Не длиннее \(maxLength) знаков (сейчас \(length))",
                                     en: "At most \(maxLength) characters (this has \(length))"))
            }
        }
        return issues
    }

    /// The problems of several text fields of one row of `table` (limits from `TextLimits.byTable`).
    public static func issues(table: String, _ values: [(field: String, text: String)]) -> [FieldIssue] {
        let limits = TextLimits.byTable[table] ?? [:]
        return values.flatMap { issues($0.text, field: $0.field, maxLength: limits[$0.field]) }
    }
}
