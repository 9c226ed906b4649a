import Foundation

/// Where the data folders (`Screens/`, `Keymaps/`, `config/`) are.
///
/// The shipped data comes from the first of: `$KITE_HOME` (used as given when set),
/// the source checkout the binary was built from (development), the installed copy
/// `<executable dir>/../share/kite` (`make install` puts it in `$PREFIX/share/kite`).
/// Files in `$XDG_CONFIG_HOME/kite/` (default `~/.config/kite/`) override the shipped
/// files one by one: `~/.config/kite/Keymaps/default.toml` replaces `Keymaps/default.toml`,
/// `~/.config/kite/kite.toml` overrides the keys of `config/kite.toml`.
public struct DataPaths: Sendable, Hashable {
    public enum Origin: String, Sendable, Hashable {
        case kiteHome = "$KITE_HOME"
        case sourceCheckout = "source checkout"
        case installed = "installed copy"
    }

    /// The folder with the shipped `Screens/`, `Keymaps/` and `config/`; nil when none was found.
    public var dataRoot: URL?
    public var origin: Origin?
    /// The user's override folder (`$XDG_CONFIG_HOME/kite`), whether or not it exists.
    public var userRoot: URL?
    /// Where the shipped data was looked for, in order (for messages).
    public var searched: [URL]

    public init(dataRoot: URL?, origin: Origin?, userRoot: URL?, searched: [URL] = []) {
        self.dataRoot = dataRoot
        self.origin = origin
        self.userRoot = userRoot
        self.searched = searched
    }

    /// Finds the folders.
    /// - Parameters:
    ///   - sourceCheckout: the checkout the binary was built from, e.g.
    ///     `DataPaths.checkout(containing: #filePath)`; skipped when it has no data folders.
    ///   - executable: the running binary (default: `Bundle.main.executableURL`), for `../share/kite`.
    ///   - environment: `KITE_HOME`, `XDG_CONFIG_HOME`, `HOME`.
    public static func resolve(sourceCheckout: URL?,
                               executable: URL? = Bundle.main.executableURL,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> DataPaths {
        var userRoot: URL?
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            userRoot = URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("kite", isDirectory: true)
        } else if let home = environment["HOME"], !home.isEmpty {
            userRoot = URL(fileURLWithPath: home, isDirectory: true)
                .appendingPathComponent(".config/kite", isDirectory: true)
        }
        if let kiteHome = environment["KITE_HOME"], !kiteHome.isEmpty {
            let url = URL(fileURLWithPath: kiteHome, isDirectory: true).standardizedFileURL
            return DataPaths(dataRoot: url, origin: .kiteHome, userRoot: userRoot, searched: [url])
        }
        var searched: [URL] = []
        if let sourceCheckout {
            let url = sourceCheckout.standardizedFileURL
            searched.append(url)
            if hasData(url) { return DataPaths(dataRoot: url, origin: .sourceCheckout, userRoot: userRoot, searched: searched) }
        }
        if let executable {
            let url = executable.resolvingSymlinksInPath().deletingLastPathComponent()
                .appendingPathComponent("../share/kite", isDirectory: true).standardizedFileURL
            searched.append(url)
            if hasData(url) { return DataPaths(dataRoot: url, origin: .installed, userRoot: userRoot, searched: searched) }
        }
        return DataPaths(dataRoot: nil, origin: nil, userRoot: userRoot, searched: searched)
    }

    /// The checkout root above a source file: the nearest folder that holds `Package.swift`
    /// and `Keymaps/`. Pass `#filePath` from the executable's own sources.
    public static func checkout(containing filePath: String) -> URL? {
        var dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while dir.path != "/" && !dir.path.isEmpty {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
               hasData(dir) {
                return dir
            }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    static func hasData(_ url: URL) -> Bool {
        ["Screens", "Keymaps", "config"].contains {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path, isDirectory: &isDir)
                && isDir.boolValue
        }
    }

    /// The folders that may hold `Screens/*.toml`, highest precedence first.
    public var screenDirectories: [URL] { directories("Screens") }
    /// The folders that may hold `Keymaps/*.toml`, highest precedence first.
    public var keymapDirectories: [URL] { directories("Keymaps") }

    private func directories(_ name: String) -> [URL] {
        [userRoot, dataRoot].compactMap { $0?.appendingPathComponent(name, isDirectory: true) }
    }

    /// The shipped `config/kite.toml`, if there is a data folder.
    public var shippedConfigFile: URL? { dataRoot?.appendingPathComponent("config/kite.toml") }
    /// The user's `kite.toml` (`$XDG_CONFIG_HOME/kite/kite.toml`).
    public var userConfigFile: URL? { userRoot?.appendingPathComponent("kite.toml") }
}
