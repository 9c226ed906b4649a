import Foundation

/// Runs a program to completion with posix_spawn + waitpid, its output
/// (stdout and stderr) collected in a temporary file.
///
/// Not Foundation's `Process`: it did not reap `runuser` reliably inside
/// parallel tests, and a pipe never reaches EOF when the program leaves a
/// daemon behind with the descriptors inherited (`pg_ctl start`,
/// `tmux new-session -d`). The child starts with no blocked signals and every
/// signal at its default, whatever the caller had: a server or a terminal
/// program started from here must see SIGTERM and SIGWINCH.
public enum Subprocess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(_ command: [String]) throws -> Result {
        precondition(!command.isEmpty, "Subprocess.run needs a program")
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("kite-run-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).out").path
        defer { unlink(outputPath) }

        let pid = try spawn(command, outputPath: outputPath, append: false)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw SpawnError(description: "waitpid failed for \(command[0]): errno \(errno)") }
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS by hand (the macros are not imported).
        let exited = status & 0x7f == 0
        return Result(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output: text)
    }

    /// Starts `command` with stdin from /dev/null and stdout+stderr written to
    /// `outputPath` (appended or truncated), no blocked signals and every
    /// signal at its default. Returns the child's pid; the caller reaps it.
    static func spawn(_ command: [String], outputPath: String, append: Bool) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        sigdelset(&everySignal, SIGKILL)
        sigdelset(&everySignal, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw SpawnError(description: "cannot start \(command[0]): \(String(cString: strerror(spawned)))")
        }
        return pid
    }
}
