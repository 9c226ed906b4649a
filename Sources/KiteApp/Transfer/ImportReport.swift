/// One problem of one line of an imported file.
public struct ImportRowProblem: Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var isWarning: Bool
    public var description: String { "line \(line): \(isWarning ? "warning: " : "")\(message)" }
}

/// What an import did: rows written, rows skipped, and every problem by line.
public struct ImportReport: Sendable {
    public var imported = 0
    public var skipped = 0
    public var problems: [ImportRowProblem] = []
    public var errors: [ImportRowProblem] { problems.filter { !$0.isWarning } }
}
