import ArgumentParser
import Foundation
import KiteApp
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

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("kite: " + message + "\n").utf8))
    exit(1)
}

/// The person a command acts as: the database login of its connection
/// (`session_user`), never `$USER` or the config — what is recorded as the
/// actor is what PostgreSQL authenticated.
func databaseLogin(_ connection: PGConnection) throws -> String {
    guard let login = try DatabaseIdentity.login(of: connection), !login.isEmpty else {
        fail("the database did not say who is connected (session_user)")
    }
    return login
}
