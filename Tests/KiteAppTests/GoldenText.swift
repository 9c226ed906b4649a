import Foundation
import Testing

/// Compares a screen with `Golden/<name>.txt`. With `KITE_UPDATE_GOLDEN=1` the
/// file is (re)written instead — review the diff before committing it.
func expectScreen(_ actual: String, golden name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden").appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["KITE_UPDATE_GOLDEN"] == "1" {
        try? (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let stored = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("missing golden file \(url.path); run with KITE_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
        return
    }
    let expected = stored.hasSuffix("\n") ? String(stored.dropLast()) : stored
    if actual != expected {
        print("----- actual screen (\(name)) -----\n\(actual)\n----- end -----")
    }
    #expect(actual == expected, "screen differs from Golden/\(name).txt", sourceLocation: sourceLocation)
}
