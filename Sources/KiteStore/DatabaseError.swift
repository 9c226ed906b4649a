import CLibpq

/// An error reported by PostgreSQL or by libpq, with the fields a UI needs to
/// explain it: SQLSTATE, message, detail, hint and the constraint/table/column.
public struct DatabaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Five-character SQLSTATE (`23505`). Connection problems detected by libpq
    /// itself get a synthetic class-08 code (`08006` lost, `08001` refused).
    public var sqlstate: String
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var table: String?
    public var column: String?

    public init(sqlstate: String, message: String, detail: String? = nil, hint: String? = nil,
                constraint: String? = nil, table: String? = nil, column: String? = nil) {
        self.sqlstate = sqlstate
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    /// The handful of cases callers branch on.
    public enum Kind: Sendable, Hashable {
        case uniqueViolation
        case foreignKeyViolation
        case checkViolation
        case notNullViolation
        case serializationFailure
        case deadlock
        case cancelled
        case connectionLost
        case other
    }

    public var kind: Kind {
        switch sqlstate {
        case "23505": .uniqueViolation
        case "23503": .foreignKeyViolation
        case "23514": .checkViolation
        case "23502": .notNullViolation
        case "40001": .serializationFailure
        case "40P01": .deadlock
        case "57014": .cancelled
        case "57P01", "57P02", "57P03": .connectionLost
        default: sqlstate.hasPrefix("08") ? .connectionLost : .other
        }
    }

    public var isUniqueViolation: Bool { kind == .uniqueViolation }
    public var isForeignKeyViolation: Bool { kind == .foreignKeyViolation }
    public var isCheckViolation: Bool { kind == .checkViolation }
    public var isSerializationFailure: Bool { kind == .serializationFailure }
    public var isCancelled: Bool { kind == .cancelled }
    public var isConnectionLost: Bool { kind == .connectionLost }

    /// `[23505] duplicate key value violates … (constraint vehicles_active_vin_key)`.
    public var description: String {
        var text = "[\(sqlstate)] \(message)"
        if let constraint { text += " (constraint \(constraint))" }
        if let detail { text += " — \(detail)" }
        if let hint { text += " Hint: \(hint)" }
        return text
    }

    // MARK: - Construction from libpq

    static func connectionFailed(_ message: String) -> DatabaseError {
        DatabaseError(sqlstate: "08001", message: "cannot connect to PostgreSQL: " + message.trimmedLibpqMessage)
    }

    static func connectionLost(_ message: String) -> DatabaseError {
        DatabaseError(sqlstate: "08006", message: message.trimmedLibpqMessage)
    }

    static func usage(_ message: String) -> DatabaseError {
        DatabaseError(sqlstate: "XX000", message: message)
    }

    /// Reads the diagnostic fields of a failed result (or the connection's
    /// message when libpq gave no result at all).
    static func from(result: OpaquePointer?, connection: OpaquePointer) -> DatabaseError {
        guard let result else {
            return .connectionLost(String(cString: PQerrorMessage(connection)))
        }
        func field(_ code: Unicode.Scalar) -> String? {
            guard let pointer = PQresultErrorField(result, Int32(code.value)) else { return nil }
            return String(cString: pointer)
        }
        let message = field("M") ?? String(cString: PQresultErrorMessage(result)).trimmedLibpqMessage
        let sqlstate = field("C")
            ?? (PQstatus(connection) == CONNECTION_BAD ? "08006" : "XX000")
        return DatabaseError(sqlstate: sqlstate, message: message.isEmpty ? "unknown error" : message,
                             detail: field("D"), hint: field("H"),
                             constraint: field("n"), table: field("t"),
                             column: field("c"))
    }
}

extension String {
    var trimmedLibpqMessage: String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
