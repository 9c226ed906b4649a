import Foundation

/// `{{name}}` placeholders in a template's text.
enum TemplateText {
    enum Piece: Equatable {
        case literal(String)
        case placeholder(String)
    }

    enum ScanError: Error, Equatable {
        /// `{{` without its `}}`.
        case unclosed
    }

    /// Splits `text` into literal text and placeholder names (trimmed).
    static func pieces(_ text: String) throws(ScanError) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.literal(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else { throw .unclosed }
            let name = afterOpen[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            pieces.append(.placeholder(name))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        return pieces
    }

    /// The placeholder names used in `text`.
    static func names(in text: String) throws(ScanError) -> [String] {
        try pieces(text).compactMap { if case .placeholder(let name) = $0 { name } else { nil } }
    }

    /// `text` with every placeholder replaced by its value (the loader has
    /// checked the names; an unknown one would print as empty).
    static func fill(_ text: String, _ values: [String: String]) -> String {
        guard let pieces = try? pieces(text) else { return text }
        var result = ""
        for piece in pieces {
            switch piece {
            case .literal(let literal): result += literal
            case .placeholder(let name): result += values[name] ?? ""
            }
        }
        return result
    }
}
