import Foundation
import KiteStore

/// Drives a real program in a detached tmux session: type keys, read the
/// screen, wait for what a person would wait for. No fixed sleeps.
final class TmuxSession {
    let name: String
    private let socket: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `command` (argv) in a new session of the given size with `environment` added.
    init(command: [String], environment: [String: String], columns: Int = 120, rows: Int = 36) throws {
        name = "kite-e2e-\(UUID().uuidString.prefix(8))"
        // One tmux server per session: a server that is shutting down after
        // the previous test must not meet the next test's client.
        socket = "kite-e2e-\(getpid())-\(name.suffix(8))"
        var arguments = ["new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)"]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) {
            arguments += ["-e", "\(key)=\(value)"]
        }
        arguments += command
        try run(arguments)
        // Keep the pane after the program exits so a crash stays readable.
        try? run(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit {
        try? run(["kill-server"])
    }

    /// `keys` are tmux key names (`F2`, `Enter`, `Escape`, `C-s`) or literal text with `literal: true`.
    func send(_ keys: String..., literal: Bool = false) throws {
        try run(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
    }

    func type(_ text: String) throws {
        try send(text, literal: true)
    }

    /// Pastes `text` as a terminal does: bracketed (`ESC[200~ … ESC[201~`) when the
    /// program asked for it, line breaks sent as CR.
    func paste(_ text: String) throws {
        try run(["set-buffer", "-b", "kite-paste", "--", text])
        try run(["paste-buffer", "-p", "-d", "-b", "kite-paste", "-t", name])
    }

    func resize(columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(columns)", "-y", "\(rows)"])
    }

    func screen() throws -> String {
        try run(["capture-pane", "-p", "-t", name])
    }

    /// Waits until the screen satisfies `condition`, or fails with the last screen.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 60,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = (try? screen()) ?? ""
            if condition(last) { return last }
            usleep(50_000)
        }
        throw Failure(description: "timed out waiting for \(what); screen was:\n\(last)")
    }

    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 60) throws -> String {
        try waitFor("“\(text)”", timeout: timeout) { $0.contains(text) }
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        // -u: UTF-8 whatever the locale of the test run (CI may have none set).
        let result = try Subprocess.run(["/usr/bin/tmux", "-u", "-L", socket] + arguments)
        guard result.status == 0 else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed: \(result.output)")
        }
        return result.output
    }
}
