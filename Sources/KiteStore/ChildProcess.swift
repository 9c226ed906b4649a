import Foundation

/// Runs a program and waits for it with posix_spawn and waitpid.
///
/// Foundation's `Process.waitUntilExit()` spins the caller's run loop and was
/// seen to hang on the main thread of a command-line tool after `pg_ctl start`
/// (whose server child outlives it); this has no run loop and no pipes: output
/// goes to a temporary file, so a daemon child that keeps descriptors open
/// cannot block us either.
enum ChildProcess {
    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ command: [String], directory: String = "/") throws -> (status: Int32, output: String) {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("kite-child-\(getpid())-\(UUID().uuidString).log").path
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Run in `directory` (GNU env -C): the postgres user may not be allowed into our cwd.
        let command = ["/usr/bin/env", "-C", directory] + command
        var cArguments = command.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw SpawnError(description: "cannot run \(command[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw SpawnError(description: "waitpid failed: \(String(cString: strerror(errno)))") }
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS, spelled out: the C macros are not imported.
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitCode, output)
    }
}
