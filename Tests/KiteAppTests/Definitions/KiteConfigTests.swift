import Foundation
import KiteApp
import KiteDomain
@testable import KiteUI
import Testing

@Suite struct DataPathsTests {
    @Test func checkoutFromFilePath() {
        #expect(FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent("Package.swift").path))
        #expect(FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent("Keymaps/default.toml").path))
    }

    @Test func kiteHomeComesFirst() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let home = try dir.sub("home")
        let paths = DataPaths.resolve(sourceCheckout: repositoryRoot, executable: nil,
                                      environment: ["KITE_HOME": home.path, "HOME": dir.url.path])
        #expect(paths.origin == .kiteHome)
        #expect(paths.dataRoot?.path == home.standardizedFileURL.path)
        #expect(paths.userRoot?.path == dir.url.appendingPathComponent(".config/kite").path)
    }

    @Test func thenTheSourceCheckout() {
        let paths = DataPaths.resolve(sourceCheckout: repositoryRoot, executable: nil, environment: [:])
        #expect(paths.origin == .sourceCheckout)
        #expect(paths.dataRoot == repositoryRoot.standardizedFileURL)
        #expect(paths.userRoot == nil)
    }

    @Test func thenTheInstalledCopy() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        _ = try dir.sub("share/kite/Keymaps")
        let bin = try dir.sub("bin")
        let paths = DataPaths.resolve(sourceCheckout: dir.url.appendingPathComponent("gone"),
                                      executable: bin.appendingPathComponent("kite"), environment: [:])
        #expect(paths.origin == .installed)
        #expect(paths.dataRoot?.path == dir.url.appendingPathComponent("share/kite").standardizedFileURL.path)
        #expect(paths.searched.count == 2)
    }

    @Test func nothingFound() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let paths = DataPaths.resolve(sourceCheckout: nil, executable: dir.url.appendingPathComponent("bin/kite"),
                                      environment: [:])
        #expect(paths.dataRoot == nil)
        let problems = CheckConfig.run(paths: paths, environment: [:], vocabulary: testVocabulary)
        #expect(problems.first?.message.contains("set KITE_HOME") == true)
    }

    @Test func missingKiteHomeIsReported() {
        let paths = DataPaths.resolve(sourceCheckout: repositoryRoot, executable: nil,
                                      environment: ["KITE_HOME": "/nonexistent/kite-home"])
        #expect(paths.origin == .kiteHome)   // an explicit setting is not silently skipped
        let problems = CheckConfig.run(paths: paths, environment: [:], vocabulary: testVocabulary)
        #expect(problems.first?.description == "KITE_HOME: the folder /nonexistent/kite-home does not exist")
    }

    @Test func xdgConfigHomeOverridesHome() {
        let paths = DataPaths.resolve(sourceCheckout: repositoryRoot, executable: nil,
                                      environment: ["XDG_CONFIG_HOME": "/x/conf", "HOME": "/home/u"])
        #expect(paths.userRoot?.path == "/x/conf/kite")
        #expect(paths.keymapDirectories.map(\.path) == ["/x/conf/kite/Keymaps", repositoryRoot.appendingPathComponent("Keymaps").path])
        #expect(paths.userConfigFile?.path == "/x/conf/kite/kite.toml")
    }
}

@Suite struct KiteConfigTests {
    @Test func shippedConfig() throws {
        let paths = DataPaths(dataRoot: repositoryRoot, origin: .sourceCheckout, userRoot: nil)
        let config = try KiteConfig.load(paths: paths, environment: ["LANG": "ru_RU.UTF-8", "USER": "ivanov"])
        #expect(config.conninfo == "")
        #expect(config.languageSetting == .auto && config.language == .ru)
        #expect(config.keymap == "default" && config.theme == .dark)
        #expect(config.login == "ivanov" && config.dealership == "MSK")
    }

    @Test func languageFromLocale() throws {
        let env: [String: String] = ["LC_ALL": "en_US.UTF-8", "LANG": "ru_RU.UTF-8"]
        #expect(try KiteConfig.parse("", environment: env).language == .en)          // LC_ALL wins
        #expect(try KiteConfig.parse("", environment: ["LANG": "ru_RU.UTF-8"]).language == .ru)
        #expect(try KiteConfig.parse("", environment: ["LC_ALL": "", "LANG": "ru_RU.UTF-8"]).language == .ru)
        #expect(try KiteConfig.parse("", environment: [:]).language == .en)
        #expect(try KiteConfig.parse("[ui]\nlanguage = \"ru\"\n", environment: ["LANG": "C.UTF-8"]).language == .ru)
    }

    @Test func loginFromConfigOrUser() throws {
        #expect(try KiteConfig.parse("[user]\nlogin = \"petrov\"\n", environment: ["USER": "ivanov"]).login == "petrov")
        #expect(try KiteConfig.parse("", environment: ["LOGNAME": "sidorov"]).login == "sidorov")
    }

    @Test func userFileOverridesKeyByKey() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("shipped/config/kite.toml", "[user]\ndealership = \"SPB\"\n[ui]\ntheme = \"light\"\n")
        try dir.write("xdg/kite/kite.toml", "[ui]\nkeymap = \"vim\"\n")
        let paths = DataPaths.resolve(sourceCheckout: nil, executable: nil,
                                      environment: ["KITE_HOME": dir.url.appendingPathComponent("shipped").path,
                                                    "XDG_CONFIG_HOME": dir.url.appendingPathComponent("xdg").path])
        let config = try KiteConfig.load(paths: paths, environment: [:])
        #expect(config.keymap == "vim")          // from the user
        #expect(config.dealership == "SPB")      // from the shipped file
        #expect(config.theme == .light)
    }

    @Test func errorsNameFileAndKey() {
        let theme = definitionError { _ = try KiteConfig.parse("[ui]\ntheme = \"pink\"\n", environment: [:]) }
        #expect(theme?.description == #"config/kite.toml: ui.theme: unknown theme "pink" (dark, light, mono)"#)
        let typo = definitionError { _ = try KiteConfig.parse("[ui]\nlangauge = \"ru\"\n", environment: [:]) }
        #expect(typo?.key == "ui.langauge" && typo?.message == "unknown key")
        let section = definitionError { _ = try KiteConfig.parse("[databse]\nconninfo = \"\"\n", environment: [:]) }
        #expect(section?.key == "databse")
        let type = definitionError { _ = try KiteConfig.parse("[ui]\nkeymap = 1\n", environment: [:]) }
        #expect(type?.key == "ui.keymap")
        let syntax = definitionError { _ = try KiteConfig.parse("[ui]\nkeymap = \"vim\n", environment: [:]) }
        #expect(syntax?.line == 2)
    }

    @Test func thePriceProviderIsReadAndItsMistakesNamed() throws {
        #expect(try KiteConfig.parse("", environment: [:]).priceProvider == nil)
        let config = try KiteConfig.parse("""
            [price_provider]
            kind = "http"
            url = "https://prices.example/api"
            token_env = "KITE_PRICE_TOKEN"
            timeout_seconds = 2.5
            """, environment: [:])
        #expect(config.priceProvider == PriceProviderSettings(url: "https://prices.example/api", tokenEnv: "KITE_PRICE_TOKEN", timeoutSeconds: 2.5))
        let kind = definitionError { _ = try KiteConfig.parse("[price_provider]\nkind = \"ftp\"\nurl = \"https://x.example\"\n", environment: [:]) }
        #expect(kind?.description == #"config/kite.toml: price_provider.kind: unknown kind "ftp" (http)"#)
        let url = definitionError { _ = try KiteConfig.parse("[price_provider]\nkind = \"http\"\nurl = \"prices.example\"\n", environment: [:]) }
        #expect(url?.key == "price_provider.url")
        let missing = definitionError { _ = try KiteConfig.parse("[price_provider]\nkind = \"http\"\n", environment: [:]) }
        #expect(missing?.description == "config/kite.toml: price_provider.url: missing (a string is required)")
        let timeout = definitionError {
            _ = try KiteConfig.parse("[price_provider]\nkind = \"http\"\nurl = \"https://x.example\"\ntimeout_seconds = 0\n", environment: [:])
        }
        #expect(timeout?.key == "price_provider.timeout_seconds")
        let token = definitionError {
            _ = try KiteConfig.parse("[price_provider]\nkind = \"http\"\nurl = \"https://x.example\"\ntoken_env = \"$TOKEN\"\n", environment: [:])
        }
        #expect(token?.key == "price_provider.token_env")
    }
}

@Suite struct CheckConfigTests {
    @Test func shippedDataHasNoProblems() {
        let paths = DataPaths(dataRoot: repositoryRoot, origin: .sourceCheckout, userRoot: nil)
        let problems = CheckConfig.run(paths: paths, environment: [:], vocabulary: testVocabulary)
        #expect(problems.isEmpty, "\(problems.map(\.description))")
    }

    @Test func collectsProblemsFromEveryFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.copyShipped("Screens")
        try dir.copyShipped("Keymaps")
        try dir.copyShipped("config")
        // The user's overrides: a config naming a missing keymap, a broken keymap, a broken screen.
        try dir.write("user/kite/kite.toml", "[ui]\nkeymap = \"emacs\"\n")
        try dir.write("user/kite/Keymaps/vim.toml", "[list]\n\"F13\" = \"list.open\"\n")
        try dir.write("user/kite/Keymaps/mine.toml", "[list]\n\"x\" = \"list.new\"\n")
        try dir.write("user/kite/Screens/stock.toml", "kind = \"list\"\nentity = \"vehicle\"\ntitle = { ru = \"Склад\" }\n")
        let paths = DataPaths.resolve(sourceCheckout: nil, executable: nil,
                                      environment: ["KITE_HOME": dir.url.path,
                                                    "XDG_CONFIG_HOME": dir.url.appendingPathComponent("user").path])
        let problems = CheckConfig.run(paths: paths, environment: [:], vocabulary: testVocabulary)
        let text = problems.map(\.description)
        #expect(text.contains { $0.hasPrefix("Keymaps/emacs.toml: keymap \"emacs\" not found") })
        #expect(text.contains(#"Keymaps/vim.toml: [list] "F13": unknown key name"#))
        #expect(text.contains(#"Keymaps/mine.toml: [form]: no key runs "form.save""#))
        #expect(text.contains("Screens/stock.toml: title.en: missing (a string is required)"))
        #expect(text.contains { $0.hasPrefix("Screens/stock.toml: columns: missing") })
        #expect(problems.allSatisfy { $0.path == nil || $0.detailedDescription.contains($0.path!) })
    }
}
