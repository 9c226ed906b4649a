import ArgumentParser
import Foundation
import KiteApp
import KiteStore

struct DemoCommand: ParsableCommand {
    /// Where the demo notes its `kited`, so a killed demo's daemon is stopped next time.
    static var daemonPIDFile: PIDFile { PIDFile(path: DemoCluster.directory().appendingPathComponent("kited.pid").path) }

    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the demo on a private PostgreSQL under .kite/ (created, migrated and loaded on first use).",
        subcommands: [Start.self, Stop.self],
        defaultSubcommand: Start.self)

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start", abstract: "Start (or reuse) the demo database and open the TUI.")

        @Flag(help: "Throw the demo database away and start over.")
        var reset = false

        @Flag(help: "Prepare the database but do not open the TUI.")
        var noTUI = false

        @Option(help: "Keymap to use instead of the configured one (default, vim).")
        var keymap: String?

        @Option(name: .customLong("as"), help: "Open as this demo login (ivanova, petrov: managers; sidorova: operator; kuznetsov: finance; smirnov: logistics; volkova: appraiser; orlov: admin).")
        var asLogin: String?

        func run() throws {
            let environment = loadEnvironment(keymap: keymap)
            let conninfo: String
            var personal: String?
            do {
                conninfo = try DemoCluster.prepare(reset: reset) { print($0) }
                if let asLogin { personal = try DemoCluster.personal(conninfo: conninfo, login: asLogin) }
            } catch {
                fail(String(describing: error))
            }
            if noTUI { return }
            let daemon = startDaemon(conninfo: conninfo)
            defer {
                daemon?.stop()
                if let daemon { DemoCommand.daemonPIDFile.remove(ifItNames: daemon.pid) }
            }
            try MainActor.assumeIsolated {
                try TUIRunner.run(environment: environment, conninfo: personal ?? conninfo,
                                  logPath: DemoCluster.directory().appendingPathComponent("kite.log").path)
            }
            print("The demo database keeps running; `kite demo stop` stops it.")
        }

        /// The job daemon beside the TUI, so the demo's checks and periodic
        /// jobs run as they would under systemd; its log is `.kite/kited.log`.
        private func startDaemon(conninfo: String) -> BackgroundProcess? {
            guard let kited = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("kited"),
                  FileManager.default.isExecutableFile(atPath: kited.path) else {
                print("kited is not built next to kite: verification checks will wait in the queue (`make build`).")
                return nil
            }
            let log = DemoCluster.directory().appendingPathComponent("kited.log").path
            let pidFile = DemoCommand.daemonPIDFile
            if let leftover = pidFile.stopLeftover(program: "kited") {
                print("Stopped the kited (pid \(leftover)) a previous demo left running.")
            }
            do {
                let process = try BackgroundProcess([kited.path, "run", "--database", conninfo], logPath: log)
                try? pidFile.write(process.pid)
                print("kited runs the checks in the background (log: \(log)).")
                return process
            } catch {
                print("kited did not start (\(error)); verification checks will wait in the queue.")
                return nil
            }
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop the demo's PostgreSQL.")

        func run() throws {
            if let leftover = DemoCommand.daemonPIDFile.stopLeftover(program: "kited") {
                print("Stopped the demo's kited (pid \(leftover)).")
            }
            do {
                try DemoCluster.stop { print($0) }
            } catch {
                fail(String(describing: error))
            }
        }
    }
}
