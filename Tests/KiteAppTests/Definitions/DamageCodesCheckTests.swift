import Foundation
import KiteApp
import KiteDomain
import KiteUI
import Testing

/// `kite check-config` reads the damage codes like the other data files: the user's copy
/// replaces the shipped one and its problems are named with file and key; the app will
/// not start on a broken catalogue.
@Suite struct DamageCodesCheckTests {
    @Test func aBrokenUserCatalogueIsNamedByCheckConfig() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.copyShipped("Screens")
        try dir.copyShipped("Keymaps")
        try dir.copyShipped("config")
        try dir.write("user/kite/damage_codes.toml", """
            [areas]
            "20" = { ru = "Лобовое стекло", en = "Windshield" }
            [types]
            "6" = { ru = "Трещина", en = "Cracked" }
            [severities]
            "5" = { ru = "более 30 см" }
            """)
        let paths = DataPaths.resolve(sourceCheckout: nil, executable: nil,
                                      environment: ["KITE_HOME": dir.url.path,
                                                    "XDG_CONFIG_HOME": dir.url.appendingPathComponent("user").path])
        let text = CheckConfig.run(paths: paths, environment: [:], vocabulary: testVocabulary).map(\.description)
        let user = dir.url.appendingPathComponent("user/kite/damage_codes.toml").path
        #expect(text.contains(#"\#(user): types."6": a code here is 2 digits, 01–99 (quoted)"#), "\(text)")
        #expect(text.contains(#"\#(user): severities.5.en: missing (a string is required)"#), "\(text)")
        #expect(throws: DefinitionError.self) { _ = try DamageCodesFile.load(paths: paths) }
    }

    @Test func aMissingCatalogueIsSaid() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.copyShipped("Screens")
        try dir.copyShipped("Keymaps")
        try dir.write("config/kite.toml", "")
        let paths = DataPaths.resolve(sourceCheckout: nil, executable: nil, environment: ["KITE_HOME": dir.url.path])
        let problems = CheckConfig.run(paths: paths, environment: [:], vocabulary: testVocabulary)
        #expect(problems.contains { $0.file == "config/damage_codes.toml" && $0.message.hasPrefix("missing") }, "\(problems)")
    }
}
