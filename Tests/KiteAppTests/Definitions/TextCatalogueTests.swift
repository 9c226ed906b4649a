import Foundation
import KiteApp
import KiteDomain
import Testing

/// Every catalogue's strings: both languages, the same placeholders; and no bilingual
/// string left inline in the application's or the widgets' sources.
@Suite struct TextCatalogueTests {
    @Test func everyKeyHasBothLanguages() {
        for (key, text) in ModuleRegistry.standard.texts {
            #expect(!text.ru.trimmingCharacters(in: .whitespaces).isEmpty, "\(key): no Russian text")
            #expect(!text.en.trimmingCharacters(in: .whitespaces).isEmpty, "\(key): no English text")
            #expect(LocalizedText.placeholders(text.ru) == LocalizedText.placeholders(text.en),
                    "\(key): the placeholders differ between ru and en")
        }
    }

    /// The shell's and KiteUI's catalogues are checked with the modules', and none is listed twice.
    @Test func everyCatalogueIsChecked() {
        let keys = ModuleRegistry.standard.texts.map(\.key)
        for catalogue in ["AppText", "UIText", "StockText", "SalesText", "FinanceTexts", "JobsText"] {
            #expect(keys.contains { $0.hasPrefix(catalogue + ".") }, "\(catalogue) is not in ModuleRegistry.texts")
        }
        #expect(Set(keys).count == keys.count, "a catalogue is listed twice")
    }

    @Test func placeholdersAreFilled() {
        #expect(LocalizedText.fill("Задание {id} отменено", ["id": "105"]) == "Задание 105 отменено")
        #expect(LocalizedText.placeholders("{a} и {b}, снова {a}") == ["a", "b"])
        // A value is put in as it is, never read for placeholders; unknown names stay.
        #expect(LocalizedText.fill("{reason} · {amount}", ["reason": "{amount}", "amount": "5 ₽"]) == "{amount} · 5 ₽")
        #expect(LocalizedText.fill("{a} {unknown} {{a}", ["a": "1"]) == "1 {unknown} {1")
    }

    /// Files still allowed to choose a language inline. ErrorText.swift and FinanceText.swift
    /// are being rewritten on another branch; they move to catalogues with that rewrite, and
    /// then this list is empty.
    static let inlineAllowed: Set<String> = ["Sources/KiteApp/UI/ErrorText.swift", "Sources/KiteApp/Finance/FinanceText.swift"]

    /// `language == .ru ? "…" : "…"`, `ru ? "…" : "…"` (also with the `?` on the next line):
    /// a user-facing text belongs in a catalogue (`TextKey`), not inline.
    @Test func noInlineBilingualStrings() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()   // Definitions
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let ternary = try Regex(#"==\s*\.ru\s*\?|(^|[^\w.])ru\s*\?\s*[("]"#)
        let dangling = try Regex(#"==\s*\.ru\s*$"#)
        var found: [String] = []
        for folder in ["Sources/KiteApp", "Sources/KiteUI"] {
            let base = root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
            #expect(!files.isEmpty, "no Swift files under \(base.path)")
            for file in files {
                let relative = folder + String(file.path.dropFirst(base.path.count))
                guard !Self.inlineAllowed.contains(relative) else { continue }
                let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
                for (index, line) in lines.enumerated() {
                    let next = index + 1 < lines.count ? lines[index + 1].trimmingCharacters(in: .whitespaces) : ""
                    if line.contains(ternary) || (line.contains(dangling) && next.hasPrefix("?")) {
                        found.append("\(relative):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        let list = found.sorted().joined(separator: "\n")
        #expect(found.isEmpty, "bilingual strings written inline; give them a key in the module's catalogue:\n\(list)")
    }
}
