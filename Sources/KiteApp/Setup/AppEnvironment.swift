import Foundation
import KiteDomain
import KiteUI

/// Everything the app reads before it opens: where the data folders are, the
/// config, the keymap and the screen definitions — all validated.
public struct AppEnvironment: Sendable {
    public var paths: DataPaths
    public var config: KiteConfig
    public var keymap: Keymap
    public var screens: ScreenCatalog
    /// The modules whose words the keymap and screens were checked against.
    public var modules: ModuleRegistry
    /// The damage codes of the inspections (`config/damage_codes.toml`).
    public var damageCodes = DamageCatalogue()

    /// The source checkout this binary was built from, for development runs.
    public static var sourceCheckout: URL? { DataPaths.checkout(containing: #filePath) }

    public static func resolvePaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> DataPaths {
        DataPaths.resolve(sourceCheckout: sourceCheckout, environment: environment)
    }

    /// Loads and validates; the first problem is thrown as a `DefinitionError`
    /// naming its file and key.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            keymapOverride: String? = nil,
                            languageOverride: Language? = nil,
                            modules: ModuleRegistry = .standard) throws -> AppEnvironment {
        let paths = resolvePaths(environment: environment)
        var config = try KiteConfig.load(paths: paths, environment: environment)
        if let keymapOverride { config.keymap = keymapOverride }
        if let languageOverride { config.language = languageOverride }
        let vocabulary = modules.vocabulary
        let keymap = try Keymap.load(name: config.keymap, directories: paths.keymapDirectories, catalogue: vocabulary.commands)
        let screens = try ScreenCatalog.load(directories: paths.screenDirectories, vocabulary: vocabulary)
        let damageCodes = try DamageCodesFile.load(paths: paths)
        return AppEnvironment(paths: paths, config: config, keymap: keymap, screens: screens, modules: modules,
                              damageCodes: damageCodes)
    }

    /// `kite check-config`: every problem, not just the first.
    public static func check(environment: [String: String] = ProcessInfo.processInfo.environment,
                             modules: ModuleRegistry = .standard) -> (DataPaths, [DefinitionError]) {
        let paths = resolvePaths(environment: environment)
        return (paths, CheckConfig.run(paths: paths, environment: environment, vocabulary: modules.vocabulary))
    }
}
