import ArgumentParser
import Foundation
import KiteApp

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the terminal UI (the default when no subcommand is given).")

    @OptionGroup var options: DatabaseOptions

    @Option(help: "Keymap to use instead of the configured one (default, vim).")
    var keymap: String?

    @Option(help: "The screen to open on: home (АРЦ, the default) or stock.")
    var start: String = "home"

    func run() throws {
        guard start == "home" || start == "stock" else { fail("--start: home or stock, not '\(start)'") }
        let environment = loadEnvironment(keymap: keymap)
        let conninfo = options.conninfo(environment)
        do {
            try DatabaseCheck.verify(conninfo: conninfo)
        } catch {
            fail(String(describing: error))
        }
        try MainActor.assumeIsolated {
            try TUIRunner.run(environment: environment, conninfo: conninfo, start: start == "stock" ? .stock : .home)
        }
    }
}

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the pending database migrations (under an advisory lock), or show their status.")

    @OptionGroup var options: DatabaseOptions

    @Flag(help: "Only list applied and pending migrations.")
    var status = false

    func run() throws {
        let environment = try? AppEnvironment.load()
        do {
            let summary = try Maintenance.migrate(conninfo: options.conninfo(environment), statusOnly: status)
            print(summary)
        } catch {
            fail(String(describing: error))
        }
    }
}

struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load demo data (--demo) or synthetic vehicles (--vehicles N, through COPY).")

    @OptionGroup var options: DatabaseOptions

    @Flag(help: "Dealerships in Moscow, Saint Petersburg and Kazan, their staff and a few hundred cars (once).")
    var demo = false

    @Option(help: "Add this many synthetic vehicles.")
    var vehicles: Int?

    func validate() throws {
        if !demo && vehicles == nil { throw ValidationError("give --demo, --vehicles N, or both") }
        if let vehicles, vehicles < 1 { throw ValidationError("--vehicles must be at least 1") }
    }

    func run() throws {
        let environment = try? AppEnvironment.load()
        do {
            let lines = try Maintenance.seed(conninfo: options.conninfo(environment), demo: demo, vehicles: vehicles) { line in print(line) }
            _ = lines
        } catch {
            fail(String(describing: error))
        }
    }
}
