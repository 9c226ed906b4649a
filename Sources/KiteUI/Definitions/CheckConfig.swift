import Foundation

/// `kite check-config`: runs every loader and collects every problem.
public enum CheckConfig {
    /// Loads the config, every keymap (and checks that each reaches every command), every
    /// screen and the damage codes. An empty result means all is well; `kite check-config` prints each problem
    /// (`detailedDescription`) and exits non-zero when there is any.
    public static func run(paths: DataPaths,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           vocabulary: Vocabulary) -> [DefinitionError] {
        var problems: [DefinitionError] = []
        if paths.dataRoot == nil {
            let searched = paths.searched.map(\.path).joined(separator: ", ")
            problems.append(DefinitionError(file: "KITE_HOME", message: "no data folder with Screens/, Keymaps/ and config/ found (looked in: \(searched.isEmpty ? "nothing" : searched)); set KITE_HOME"))
        } else if paths.origin == .kiteHome, let root = paths.dataRoot,
                  !FileManager.default.fileExists(atPath: root.path) {
            problems.append(DefinitionError(file: "KITE_HOME", message: "the folder \(root.path) does not exist"))
        } else if let shipped = paths.shippedConfigFile, !FileManager.default.fileExists(atPath: shipped.path) {
            problems.append(DefinitionError(file: "config/kite.toml", message: "missing", path: shipped.path))
        }
        let (config, configProblems) = KiteConfig.check(paths: paths, environment: environment)
        problems += configProblems

        let keymapDirs = paths.keymapDirectories
        var names = Keymap.names(in: keymapDirs)
        if !names.contains(config.keymap) { names.append(config.keymap) }   // reports "not found"
        for name in names {
            let (keymap, errors) = Keymap.check(name: name, directories: keymapDirs, catalogue: vocabulary.commands)
            problems += errors
            if let keymap, errors.isEmpty {
                for command in keymap.unreachableCommands() {
                    problems.append(DefinitionError(file: "Keymaps/\(name).toml",
                                                    key: "[\(vocabulary.commands.context(of: command))]",
                                                    message: "no key runs \"\(command)\""))
                }
            }
        }
        let (_, screenProblems) = ScreenCatalog.check(directories: paths.screenDirectories, vocabulary: vocabulary)
        problems += screenProblems
        if paths.dataRoot != nil {
            problems += DamageCodesFile.check(paths: paths).1
            problems += AppraisalChecklistFile.check(paths: paths).1
        }
        return problems
    }
}
