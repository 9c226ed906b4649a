/// A SQL statement whose values travel as bind parameters, never as text.
///
/// ```swift
/// let sql: SQL = "UPDATE vehicles SET list_price = \(price) WHERE id = \(id)"
/// // sql.text == "UPDATE vehicles SET list_price = $1 WHERE id = $2"
/// ```
/// `\(value)` appends `$n` and a bind typed by `SQLBindable.sqlType`; `\(raw:)` splices trusted text
/// (identifiers or ORDER BY terms chosen from a whitelist, never user input);
/// `\(identifier:)` quotes a name; `\(fragment:)` and `+` compose statements,
/// renumbering the placeholders.
public struct SQL: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    enum Element: Sendable, Hashable {
        case text(String)
        case bind(String?, PGType)
    }

    private(set) var elements: [Element] = []
    /// Whether it may run again after a lost connection (`idempotent()`, `mayRunAgain`).
    public internal(set) var effect: Effect = .undeclared

    public init(stringLiteral value: String) {
        elements = value.isEmpty ? [] : [.text(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        elements = stringInterpolation.elements
    }

    /// Trusted SQL text with no binds (a migration file, a whitelisted fragment).
    public init(unsafeRaw text: String) {
        elements = [.text(text)]
    }

    /// The statement text with `$1`, `$2`, … in place of the values.
    public var text: String {
        var result = ""
        var index = 0
        for element in elements {
            switch element {
            case .text(let text): result += text
            case .bind:
                index += 1
                result += "$\(index)"
            }
        }
        return result
    }

    /// The text form of each bound value, in `$n` order; `nil` is SQL NULL.
    public var bindings: [String?] {
        elements.compactMap { element in
            if case .bind(let value, _) = element { return .some(value) }
            return nil
        }
    }

    /// The type each bound value is sent as, in `$n` order.
    public var bindTypes: [PGType] {
        elements.compactMap { element in
            if case .bind(_, let type) = element { return type }
            return nil
        }
    }

    public var isEmpty: Bool { elements.isEmpty }

    public var description: String { text }

    /// Appends `other`; the result stays declared idempotent only when both were.
    public mutating func append(_ other: SQL) {
        if other.effect != .idempotent && !other.elements.isEmpty { effect = .undeclared }
        elements += other.elements
    }

    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var result = lhs
        result.append(rhs)
        return result
    }

    public static func += (lhs: inout SQL, rhs: SQL) {
        lhs.append(rhs)
    }

    /// `parts` joined by `separator` (e.g. conditions with `" AND "`).
    public static func joined(_ parts: [SQL], separator: String) -> SQL {
        var result = SQL(stringLiteral: "")
        for (index, part) in parts.enumerated() {
            if index > 0 { result.append(SQL(unsafeRaw: separator)) }
            result.append(part)
        }
        return result
    }

    /// `"name"` with embedded quotes doubled.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var elements: [Element] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            elements.reserveCapacity(interpolationCount * 2 + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { elements.append(.text(literal)) }
        }

        /// A value: becomes `$n` with its text form and type as the bind.
        public mutating func appendInterpolation<Value: SQLBindable>(_ value: Value) {
            elements.append(.bind(value.sqlText, Value.sqlType))
        }

        /// An optional value: `$n`, bound as NULL when nil.
        public mutating func appendInterpolation<Value: SQLBindable>(_ value: Value?) {
            elements.append(.bind(value.sqlText, Value.sqlType))
        }

        /// A trusted fragment spliced as text. Never pass user input.
        public mutating func appendInterpolation(raw text: String) {
            elements.append(.text(text))
        }

        /// A quoted identifier: `"vehicles"`.
        public mutating func appendInterpolation(identifier name: String) {
            elements.append(.text(SQL.quoteIdentifier(name)))
        }

        /// Another statement fragment, its binds renumbered in place.
        public mutating func appendInterpolation(fragment: SQL) {
            elements += fragment.elements
        }
        // A fragment's `effect` is not carried: mark the whole statement with `idempotent()`.
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
