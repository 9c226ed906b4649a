/// A problem with one field of a form or an imported row.
public struct FieldIssue: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable {
        case error    // blocks the save
        case warning  // shown, does not block
    }

    /// The bind name of the field (`vin`, `year`, `list_price`).
    public var field: String
    public var severity: Severity
    public var message: LocalizedText

    public init(field: String, severity: Severity, message: LocalizedText) {
        self.field = field
        self.severity = severity
        self.message = message
    }

    public static func error(_ field: String, ru: String, en: String) -> FieldIssue {
        FieldIssue(field: field, severity: .error, message: LocalizedText(ru: ru, en: en))
    }

    public static func warning(_ field: String, ru: String, en: String) -> FieldIssue {
        FieldIssue(field: field, severity: .warning, message: LocalizedText(ru: ru, en: en))
    }
}

/// A field issue can be the failure of a `Result` (see `FieldParsers`).
extension FieldIssue: Error {}
