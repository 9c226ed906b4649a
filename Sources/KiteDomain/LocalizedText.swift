/// A user-facing text in both languages the product speaks.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var ru: String
    public var en: String

    public init(ru: String, en: String) {
        self.ru = ru
        self.en = en
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .ru: ru
        case .en: en
        }
    }
}

/// The language of the user interface: from config, else from `LANG`.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    case ru
    case en

    /// `ru_RU.UTF-8` → `.ru`; anything else → `.en`.
    public static func fromLocaleName(_ name: String?) -> Language {
        guard let name, name.lowercased().hasPrefix("ru") else { return .en }
        return .ru
    }
}
