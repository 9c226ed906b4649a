/// What an employee does at the dealer, and so what the program lets them do
/// (`employees.role`; the database's CHECK allows exactly these raw values).
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case manager
    case `operator`
    case finance
    case logistics
    case appraiser
    case admin

    public var label: LocalizedText {
        switch self {
        case .manager: LocalizedText(ru: "менеджер", en: "sales manager")
        case .operator: LocalizedText(ru: "оператор", en: "operator")
        case .finance: LocalizedText(ru: "финансы", en: "finance")
        case .logistics: LocalizedText(ru: "логистика", en: "logistics")
        case .appraiser: LocalizedText(ru: "оценщик", en: "appraiser")
        case .admin: LocalizedText(ru: "администратор", en: "administrator")
        }
    }
}
