import Foundation

/// A program left running beside this one (the demo's `kited`), its output
/// appended to a log file; stopped with SIGTERM and reaped.
public final class BackgroundProcess: @unchecked Sendable {
    public let pid: pid_t

    /// Starts `command` with stdin from /dev/null and stdout+stderr appended to `logPath`.
    public init(_ command: [String], logPath: String) throws {
        precondition(!command.isEmpty, "BackgroundProcess needs a program")
        pid = try Subprocess.spawn(command, outputPath: logPath, append: true)
    }

    /// SIGTERM, then up to `grace` seconds for it to exit, then SIGKILL.
    public func stop(grace: TimeInterval = 10) {
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        var status: Int32 = 0
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(50_000)
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
    }
}
