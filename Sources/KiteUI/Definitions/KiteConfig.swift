import Foundation
import KiteDomain
import TOMLKit

/// `config/kite.toml`, with the user's `$XDG_CONFIG_HOME/kite/kite.toml` overriding it key by key
/// and the environment filling what is left empty.
public struct KiteConfig: Sendable, Hashable {
    public enum LanguageSetting: String, Sendable, Hashable, CaseIterable {
        case auto, ru, en
    }

    public enum Theme: String, Sendable, Hashable, CaseIterable {
        case dark, light, mono
    }

    /// libpq connection string; empty → libpq's own defaults (`PGHOST`, `PGDATABASE`,
    /// `~/.pgpass`, `PGSERVICE`).
    public var conninfo: String
    public var languageSetting: LanguageSetting
    /// The language in effect: the setting, or for `auto` the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    public var language: Language
    public var keymap: String
    public var theme: Theme
    /// `[user] login`, else `$USER` (`$LOGNAME`): read so older files still load, and
    /// never who the person is: that is the database login (`session_user`).
    public var login: String
    /// The code of the user's dealership (`MSK`).
    public var dealership: String
    /// `[price_provider]`: the outside price service the appraisals ask when the group's
    /// own sales are too few (nil: none; README, "Price provider").
    public var priceProvider: PriceProviderSettings?

    public init(conninfo: String = "", languageSetting: LanguageSetting = .auto, language: Language = .en,
                keymap: String = "default", theme: Theme = .dark, login: String = "", dealership: String = "MSK") {
        self.conninfo = conninfo
        self.languageSetting = languageSetting
        self.language = language
        self.keymap = keymap
        self.theme = theme
        self.login = login
        self.dealership = dealership
    }

    /// Reads the shipped file and then the user's file (both optional); errors name file and key.
    public static func load(paths: DataPaths,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> KiteConfig {
        let (config, errors) = check(paths: paths, environment: environment)
        if let first = errors.first { throw first }
        return config
    }

    /// Reads the config and returns every problem found (for `kite check-config`).
    public static func check(paths: DataPaths, environment: [String: String]) -> (KiteConfig, [DefinitionError]) {
        var config = KiteConfig()
        var errors: [DefinitionError] = []
        let files: [(URL?, String)] = [(paths.shippedConfigFile, "config/kite.toml"), (paths.userConfigFile, "kite.toml")]
        for (url, name) in files {
            guard let url, FileManager.default.fileExists(atPath: url.path) else { continue }
            let display = url == paths.userConfigFile ? url.path : name
            switch TOMLFile.parse(url, file: display) {
            case .failure(let error): errors.append(error)
            case .success(let table):
                var diagnostics = Diagnostics(file: display, path: url.path)
                config.apply(table, diagnostics: &diagnostics)
                errors += diagnostics.errors
            }
        }
        config.resolve(environment: environment)
        return (config, errors)
    }

    /// Parses config text over the defaults (tests, and configs that do not live on disk).
    public static func parse(_ text: String, file: String = "config/kite.toml",
                             environment: [String: String]) throws -> KiteConfig {
        var config = KiteConfig()
        switch TOMLFile.parse(string: text, file: file, path: nil) {
        case .failure(let error): throw error
        case .success(let table):
            var diagnostics = Diagnostics(file: file, path: nil)
            config.apply(table, diagnostics: &diagnostics)
            if let first = diagnostics.errors.first { throw first }
        }
        config.resolve(environment: environment)
        return config
    }

    private mutating func apply(_ table: TOMLTable, diagnostics: inout Diagnostics) {
        var root = TableReader(table, path: "", diagnostics: diagnostics)
        defer { diagnostics = root.diagnostics }
        if let t = root.table("database") {
            var r = TableReader(t, path: "database", diagnostics: root.diagnostics)
            if let v = r.string("conninfo") { conninfo = v }
            r.rejectUnknownKeys()
            root.diagnostics = r.diagnostics
        }
        if let t = root.table("ui") {
            var r = TableReader(t, path: "ui", diagnostics: root.diagnostics)
            if let v = r.string("language") {
                if let l = LanguageSetting(rawValue: v) { languageSetting = l } else {
                    r.diagnostics.error("ui.language", "unknown language \"\(v)\" (auto, ru, en)")
                }
            }
            if let v = r.string("keymap") {
                if Keymap.isValidName(v) { keymap = v } else {
                    r.diagnostics.error("ui.keymap", "invalid keymap name \"\(v)\" (a file name in Keymaps/ without .toml)")
                }
            }
            if let v = r.string("theme") {
                if let t = Theme(rawValue: v) { theme = t } else {
                    r.diagnostics.error("ui.theme", "unknown theme \"\(v)\" (dark, light, mono)")
                }
            }
            r.rejectUnknownKeys()
            root.diagnostics = r.diagnostics
        }
        if let t = root.table("user") {
            var r = TableReader(t, path: "user", diagnostics: root.diagnostics)
            if let v = r.string("login") { login = v }
            if let v = r.string("dealership") {
                if v.isEmpty { r.diagnostics.error("user.dealership", "must not be empty") } else { dealership = v }
            }
            r.rejectUnknownKeys()
            root.diagnostics = r.diagnostics
        }
        if let t = root.table("price_provider") {
            var r = TableReader(t, path: "price_provider", diagnostics: root.diagnostics)
            priceProvider = Self.priceProvider(&r)
            r.rejectUnknownKeys()
            root.diagnostics = r.diagnostics
        }
        root.rejectUnknownKeys()
    }

    /// `[price_provider]`: `kind = "http"`, `url` (http or https), `token_env` (the name of
    /// an environment variable), `timeout_seconds` (0.1 to 60, default 3).
    private static func priceProvider(_ r: inout TableReader) -> PriceProviderSettings? {
        let kind = r.string("kind", required: true)
        if let kind, kind != "http" {
            r.diagnostics.error("price_provider.kind", "unknown kind \"\(kind)\" (http)")
        }
        var settings = PriceProviderSettings(url: "")
        if let url = r.string("url", required: true) {
            if let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil {
                settings.url = url
            } else {
                r.diagnostics.error("price_provider.url", "expected an http:// or https:// URL, found \"\(url)\"")
            }
        }
        if let name = r.string("token_env") {
            if name.isEmpty || name.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil {
                settings.tokenEnv = name
            } else {
                r.diagnostics.error("price_provider.token_env", "the name of an environment variable (letters, digits, _), found \"\(name)\"")
            }
        }
        if let value = r.value("timeout_seconds") {
            let seconds = value.double ?? value.int.map(Double.init)
            if let seconds, seconds >= 0.1, seconds <= 60 {
                settings.timeoutSeconds = seconds
            } else {
                r.diagnostics.error("price_provider.timeout_seconds", "seconds from 0.1 to 60, found \(value)")
            }
        }
        guard kind == "http", !settings.url.isEmpty else { return nil }
        return settings
    }

    private mutating func resolve(environment: [String: String]) {
        switch languageSetting {
        case .ru: language = .ru
        case .en: language = .en
        case .auto:
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
            language = Language.fromLocaleName(locale)
        }
        if login.isEmpty {
            login = [environment["USER"], environment["LOGNAME"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        }
    }
}
