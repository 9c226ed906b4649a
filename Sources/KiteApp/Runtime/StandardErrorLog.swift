import Foundation

/// While the TUI runs, the terminal belongs to ncurses: whatever else would write to
/// it — a log handler on stderr, a library's warning, the Swift runtime — goes to a log
/// file instead, by pointing descriptor 2 at that file for the duration.
public enum StandardErrorLog {
    /// `KITE_LOG`, else `$XDG_STATE_HOME/kite/kite.log`, else `~/.local/state/kite/kite.log`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["KITE_LOG"], !path.isEmpty { return path }
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/kite/kite.log" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/kite/kite.log"
    }

    /// Runs `body` with stderr appended to `path` (its folder is created; when it cannot
    /// be opened, /dev/null), and gives stderr back afterwards, also when `body` throws.
    public static func redirected<T>(to path: String, _ body: () throws -> T) rethrows -> T {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var target = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        if target < 0 { target = open("/dev/null", O_WRONLY | O_CLOEXEC) }
        guard target >= 0 else { return try body() }
        let saved = dup(2)
        fflush(nil)   // every stdio stream, stderr among them
        dup2(target, 2)
        close(target)
        defer {
            fflush(nil)   // every stdio stream, stderr among them
            if saved >= 0 {
                dup2(saved, 2)
                close(saved)
            }
        }
        return try body()
    }
}
