import ArgumentParser
import Foundation
import KiteApp
import KiteDomain
import KiteStore

/// Options every command that talks to the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "libpq connection string or URI (default: KITE_DATABASE, then [database] conninfo in kite.toml, then the PG* variables).")
    var database: String?

    func conninfo(_ environment: AppEnvironment?) -> String {
        if let database { return database }
        if let fromEnvironment = ProcessInfo.processInfo.environment["KITE_DATABASE"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return environment?.config.conninfo ?? ""
    }
}

func loadEnvironment(keymap: String? = nil) -> AppEnvironment {
    do {
        return try AppEnvironment.load(keymapOverride: keymap)
    } catch {
        fail("\(error)\nRun `kite check-config` to see every problem.")
    }
}

/// Every message the CLI prints goes through here or `say`: sanitised for the terminal
/// (issue 10: a cell or an argument holding escape sequences is echoed as plain text).
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("kite: " + TerminalEcho.safe(message) + "\n").utf8))
    exit(1)
}

/// A line to standard output, sanitised.
func say(_ text: String, terminator: String = "\n") {
    print(TerminalEcho.safe(text), terminator: terminator)
}

/// A line to standard error, sanitised.
func warn(_ text: String) {
    FileHandle.standardError.write(Data((TerminalEcho.safe(text) + "\n").utf8))
}

/// The language of the CLI's own words: kite.toml's `[ui] language`, else the locale.
func cliLanguage(_ environment: AppEnvironment?) -> Language {
    environment?.config.language ?? Language.fromLocaleName(
        ProcessInfo.processInfo.environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ProcessInfo.processInfo.environment["LC_MESSAGES"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ProcessInfo.processInfo.environment["LANG"])
}

var currentLogin: String { SystemUser.login }
/// The person a command acts as: the database login of its connection
/// (`session_user`), never `$USER` or the config — what is recorded as the
/// actor is what PostgreSQL authenticated.
func databaseLogin(_ connection: PGConnection) throws -> String {
    guard let login = try DatabaseIdentity.login(of: connection), !login.isEmpty else {
        fail("the database did not say who is connected (session_user)")
    }
    return login
}
