import Foundation

/// The pid of a helper program this one started (the demo's `kited`), kept in
/// a file so a run that was killed before it could stop its helper does not
/// leave it running for ever: the next run stops the leftover first.
public struct PIDFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Notes `pid`, started by the process `owner` (this one, by default).
    public func write(_ pid: pid_t, owner: pid_t = getpid()) throws {
        try "\(pid) \(owner)\n".write(toFile: path, atomically: true, encoding: .utf8)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Removes the file only while it still names `pid` (another run may have
    /// written its own since).
    public func remove(ifItNames pid: pid_t) {
        if read()?.pid == pid { remove() }
    }

    private func read() -> (pid: pid_t, owner: pid_t?)? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let numbers = text.split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) }
        guard let pid = numbers.first else { return nil }
        return (pid, numbers.dropFirst().first)
    }

    /// Stops the process the file names, if it is still alive, its command
    /// line contains `program` (a reused pid belongs to someone else) and the
    /// process that started it is gone (a second demo leaves the first one's
    /// daemon alone): SIGTERM, up to `grace` seconds, then SIGKILL. Returns
    /// the pid it stopped.
    @discardableResult
    public func stopLeftover(program: String, grace: TimeInterval = 10) -> pid_t? {
        guard let (pid, owner) = read() else { return nil }
        if let owner, owner != getpid(), Self.isAlive(owner) { return nil }
        defer { remove() }
        guard pid > 1, Self.isAlive(pid), Self.commandLine(of: pid).contains(program) else { return nil }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Self.isAlive(pid) && Date() < deadline { usleep(50_000) }
        if Self.isAlive(pid) { kill(pid, SIGKILL) }
        return pid
    }

    /// Alive and not a zombie waiting to be reaped.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    static func commandLine(of pid: pid_t) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }
}
