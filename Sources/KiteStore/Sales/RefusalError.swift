import KiteDomain

/// A business rule of sales said no (a deal cannot be reserved, a discount
/// cannot be approved). The message is meant for the user as it is.
public struct RefusalError: Refusal, Hashable {
    /// A stable code for tests and callers (`vehicle_held`, `discount_needs_approval`).
    public var code: String
    public var message: LocalizedText

    public init(_ code: String, ru: String, en: String) {
        self.code = code
        self.message = LocalizedText(ru: ru, en: en)
    }

    public init(_ code: String, message: LocalizedText) {
        self.code = code
        self.message = message
    }

    public var localizedReason: LocalizedText { message }
}
