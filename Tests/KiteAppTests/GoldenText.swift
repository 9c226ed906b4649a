import Testing

/// Compares a screen with the expected text; on a mismatch prints the actual
/// screen between markers so updating a golden file is a copy.
func expectScreen(_ actual: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let trimmedExpected = expected.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        .joined(separator: "\n")
    if actual != trimmedExpected {
        print("----- actual screen -----\n\(actual)\n----- end -----")
    }
    #expect(actual == trimmedExpected, sourceLocation: sourceLocation)
}
