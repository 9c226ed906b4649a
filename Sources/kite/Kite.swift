import ArgumentParser
import Foundation
import KiteApp

@main
struct Kite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kite",
        abstract: "Kite Auto (КАЙТ АВТО): the dealer back office in your terminal.",
        discussion: """
        Without a subcommand, opens the terminal UI on the database named by --database,
        KITE_DATABASE, config/kite.toml or the libpq environment (PGHOST, PGDATABASE, ~/.pgpass).
        """,
        subcommands: [OpenCommand.self, DemoCommand.self, MigrateCommand.self, SeedCommand.self,
                      ImportCommand.self, ExportCommand.self, VINCommand.self, CheckConfigCommand.self,
                      BenchCommand.self, RegistryCommand.self, PrintCommand.self, FinanceCommand.self,
                      DealershipCommand.self, AdminCommand.self, ReportCommand.self],
        defaultSubcommand: OpenCommand.self
    )

    /// ArgumentParser's own entry point, with its messages sanitised: an unknown argument that
    /// holds escape sequences is named as plain text (issue 10).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { print(TerminalEcho.safe(message)) }
                else { FileHandle.standardError.write(Data((TerminalEcho.safe(message) + "\n").utf8)) }
            }
            Foundation.exit(code.rawValue)
        }
    }
}

