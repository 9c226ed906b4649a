import Foundation
import KiteDomain
import KiteUI
import Testing

/// `config/damage_codes.toml`: the shipped catalogue loads with the code card's examples;
/// a broken file names the key and the rule.
@Suite struct DamageCodesFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theShippedCatalogueHasTheWindshieldCrack() throws {
        let paths = DataPaths(dataRoot: Self.root, origin: .sourceCheckout, userRoot: nil)
        let catalogue = try DamageCodesFile.load(paths: paths)
        #expect(catalogue.areas.count >= 40 && catalogue.types.count >= 14 && catalogue.severities.keys.sorted() == [1, 2, 3, 4, 5, 6])
        #expect(catalogue.describe(DamageCode("20065")!).ru == "Лобовое стекло · Трещина · более 30 см")
    }

    @Test func problemsNameTheKey() throws {
        let text = """
            [areas]
            "20" = { ru = "Лобовое стекло", en = "Windshield" }
            "7" = { ru = "Дверь", en = "Door" }
            [types]
            "06" = { ru = "Трещина" }
            [severities]
            [colours]
            """
        #expect(throws: DefinitionError.self) { try DamageCodesFile.parse(text) }
        do {
            _ = try DamageCodesFile.parse(text)
        } catch let error as DefinitionError {
            #expect(error.description == #"config/damage_codes.toml: areas."7": a code here is 2 digits, 01–99 (quoted)"#)
        } catch {
            Issue.record("\(error)")
        }
        let missingEnglish = """
            [areas]
            "20" = { ru = "Лобовое стекло", en = "Windshield" }
            [types]
            "06" = { ru = "Трещина" }
            [severities]
            "5" = { ru = "более 30 см", en = "over 30 cm" }
            """
        #expect((try? DamageCodesFile.parse(missingEnglish)) == nil)
        let ok = """
            [areas]
            "20" = { ru = "Лобовое стекло", en = "Windshield" }
            [types]
            "06" = { ru = "Трещина", en = "Cracked" }
            [severities]
            "5" = { ru = "более 30 см", en = "over 30 cm" }
            """
        #expect(try DamageCodesFile.parse(ok).contains(DamageCode("20065")!))
    }
}
