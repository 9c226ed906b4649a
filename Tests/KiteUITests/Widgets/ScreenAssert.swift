import Testing
import KiteTerminal

/// Golden comparison of a whole `MemorySurface`. No-break spaces (money
/// grouping) are compared as plain spaces so expected screens stay readable.
/// On mismatch the actual screen is printed between markers, ready to paste.
func expectScreen(_ surface: MemorySurface, _ expected: String,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let actual = surface.text().replacingNBSP()
    let wanted = expected.replacingNBSP()
    if actual != wanted {
        let lines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        print("---- actual screen \(surface.columns)×\(surface.rows) ----")
        print(actual)
        print("---- end (\(lines.count) lines) ----")
    }
    #expect(actual == wanted, sourceLocation: sourceLocation)
}

/// The expected screen: `body` lines, padded with empty lines to `rows`.
func screen(rows: Int, _ body: String) -> String {
    var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    while lines.count < rows { lines.append("") }
    return lines.joined(separator: "\n")
}

func useUTF8Locale() {
    #expect(TerminalLocale.ensureUTF8(), "no UTF-8 locale available (C.UTF-8)")
}

extension String {
    func replacingNBSP() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{00A0}" ? " " : $0 }))
    }
}
