import Foundation
import KiteDomain

/// Reads typed form values by bind name, turning each bad value into a
/// FieldIssue named after the field (the typed text stays in the form).
struct FormInput {
    let values: [String: String]
    private(set) var issues: [FieldIssue] = []

    init(_ values: [String: String]) {
        self.values = values
    }

    /// Trimmed text; nil when the form has no such field.
    func text(_ key: String) -> String? {
        values[key].map { $0.trimmingCharacters(in: .whitespaces) }
    }

    mutating func money(_ key: String, _ label: LocalizedText, current: Money) -> Money {
        guard let v = text(key) else { return current }
        if v.isEmpty { return .zero }
        switch FieldParsers.money(v, field: key) {
        case .success(let money): return money
        case .failure(let issue): fail(key, label, issue); return current
        }
    }

    /// Empty is no amount (nil), not zero.
    mutating func optionalMoney(_ key: String, _ label: LocalizedText, current: Money?) -> Money? {
        guard let v = text(key) else { return current }
        if v.isEmpty { return nil }
        switch FieldParsers.money(v, field: key) {
        case .success(let money): return money
        case .failure(let issue): fail(key, label, issue); return current
        }
    }

    mutating func integer(_ key: String, _ label: LocalizedText, current: Int) -> Int {
        guard let v = text(key), !v.isEmpty else { return current }
        switch FieldParsers.integer(v, field: key) {
        case .success(let n): return n
        case .failure(let issue): fail(key, label, issue); return current
        }
    }

    /// `24.11.2026` or ISO; empty is no date.
    mutating func date(_ key: String, _ label: LocalizedText, current: CivilDate?) -> CivilDate? {
        guard let v = text(key) else { return current }
        if v.isEmpty { return nil }
        if let date = CivilDate.parseRussian(v) ?? CivilDate.parseISO(v) { return date }
        issues.append(.error(key, ru: label.ru + ": не дата — введите ДД.ММ.ГГГГ",
                             en: label.en + ": not a date — type DD.MM.YYYY"))
        return current
    }

    func id(_ key: String, current: Int64?) -> Int64? {
        guard let v = text(key) else { return current }
        return v.isEmpty ? nil : Int64(v)
    }

    /// A problem the caller found with a value.
    mutating func add(_ issue: FieldIssue) {
        issues.append(issue)
    }

    private mutating func fail(_ key: String, _ label: LocalizedText, _ issue: FieldIssue) {
        issues.append(.error(key, ru: label.ru + ": " + issue.message.ru.lowercasingFirst,
                             en: label.en + ": " + issue.message.en.lowercasingFirst))
    }

}

extension String {
    /// "Нужно 12 цифр" → "нужно 12 цифр", for a message after a field's title.
    var lowercasingFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
