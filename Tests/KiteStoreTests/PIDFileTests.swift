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

    @Test("a helper whose starter is still running belongs to that run and is left alone")
    func aLiveOwnersHelperIsNotALeftover() throws {
        let file = PIDFile(path: temporaryPath())
        let owner = try BackgroundProcess(["/bin/sleep", "300"], logPath: "/dev/null")
        defer { owner.stop(grace: 1) }
        let helper = try BackgroundProcess(["/bin/sleep", "301"], logPath: "/dev/null")
        defer { helper.stop(grace: 1) }
        try file.write(helper.pid, owner: owner.pid)
        #expect(file.stopLeftover(program: "sleep") == nil)
        #expect(kill(helper.pid, 0) == 0)
        // Only the run that wrote it removes the file.
        file.remove(ifItNames: 12345)
        #expect(FileManager.default.fileExists(atPath: file.path))
        file.remove(ifItNames: helper.pid)
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
