import Foundation

/// A module's string catalogue: an enum whose cases are its user-facing texts, each in
/// both languages, with `{name}` placeholders for the values put in.
///
/// ```swift
/// enum JobsText: TextKey {
///     case queuedAgain
///     var text: LocalizedText {
///         switch self {
///         case .queuedAgain: LocalizedText(ru: "Задание {id} поставлено в очередь снова", en: "Job {id} queued again")
///         }
///     }
/// }
/// JobsText.queuedAgain(.ru, ["id": "105"])   // "Задание 105 поставлено в очередь снова"
/// ```
/// A test reads every module's catalogue: both languages present, the same placeholders.
public protocol TextKey: CaseIterable, Sendable {
    var text: LocalizedText { get }
}

extension TextKey {
    /// The text in `language` with `{name}` replaced by `values[name]`.
    public func callAsFunction(_ language: Language, _ values: [String: String] = [:]) -> String {
        LocalizedText.fill(text.text(language), values)
    }

    /// Both languages filled in.
    public func localized(_ values: [String: String] = [:]) -> LocalizedText {
        LocalizedText(ru: LocalizedText.fill(text.ru, values), en: LocalizedText.fill(text.en, values))
    }

    /// Every key with its text, for the catalogue test.
    public static var catalogue: [(key: String, text: LocalizedText)] {
        allCases.map { ("\(Self.self).\($0)", $0.text) }
    }
}

extension LocalizedText {
    /// `template` with each `{name}` replaced by `values[name]` (unknown names stay as written).
    /// One pass over the template: a value is never searched for placeholders itself, so a
    /// typed reason that reads `{amount}` is shown as typed.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        guard !values.isEmpty, template.contains("{") else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(where: { $0 == "}" || $0 == "{" }), rest[close] == "}",
               let value = values[String(rest[afterOpen..<close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    /// The `{name}` placeholders of a template.
    public static func placeholders(_ template: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
