import Foundation
import KiteStore
import Testing

/// A demo killed with SIGKILL cannot stop its kited; the next start does.
@Suite("PID file: a leftover helper is stopped by the next run")
struct PIDFileTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kite-pid-\(UUID().uuidString)").path
    }

    @Test("a live process named in the file is stopped and the file removed")
    func stopsTheLeftover() throws {
        let file = PIDFile(path: temporaryPath())
        let sleeper = try BackgroundProcess(["/bin/sleep", "300"], logPath: "/dev/null")
        try file.write(sleeper.pid)
        #expect(file.stopLeftover(program: "sleep", grace: 5) == sleeper.pid)
        var status: Int32 = 0
        #expect(waitpid(sleeper.pid, &status, 0) == sleeper.pid)
        #expect(status & 0x7f == SIGTERM)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test("a pid that now belongs to another program, a dead pid, or no file: nothing is killed")
    func leavesOthersAlone() throws {
        let file = PIDFile(path: temporaryPath())
        #expect(file.stopLeftover(program: "kited") == nil)

        let stranger = try BackgroundProcess(["/bin/sleep", "300"], logPath: "/dev/null")
        defer { stranger.stop(grace: 1) }
        try file.write(stranger.pid)
        #expect(file.stopLeftover(program: "kited") == nil)
        #expect(kill(stranger.pid, 0) == 0)

        try "999999999\n".write(toFile: file.path, atomically: true, encoding: .utf8)
        #expect(file.stopLeftover(program: "kited") == nil)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
