import Foundation
import KiteStore
import KiteTerminal
import KiteUI

/// Opens the terminal, runs the event loop until the user quits, and always
/// gives the terminal back in the state it was found.
@MainActor
public enum TUIRunner {
    /// `logPath` receives whatever would be written to stderr while the terminal
    /// is ncurses' (log lines, libpq's messages): nothing else writes to the screen.
    public static func run(environment: AppEnvironment, conninfo: String,
                           logPath: String = StandardErrorLog.defaultPath(), start: KiteApplication.StartScreen = .home) throws {
        try StandardErrorLog.redirected(to: logPath) {
            try runTerminal(environment: environment, conninfo: conninfo, start: start)
        }
    }

    private static func runTerminal(environment: AppEnvironment, conninfo: String, start: KiteApplication.StartScreen) throws {
        let theme = Theme.named(environment.config.theme.rawValue) ?? .dark
        try Terminal.withTerminal(theme: theme) { terminal in
            let app = KiteApplication(environment: environment, conninfo: conninfo)
            // A dropped SSH connection must end the program, even when the
            // parent left SIGHUP ignored.
            signal(SIGHUP, SIG_DFL)
            app.start(on: start)
            defer { app.shutdown() }
            var descriptors = [pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: app.database.wakeDescriptor, events: Int16(POLLIN), revents: 0)]
            app.draw(on: terminal.surface)
            terminal.present()
            while !app.isQuitting {
                // Wakes on a key or a database result; the short timeout also catches a
                // SIGWINCH that lands just before poll() (ncurses only sets a flag).
                _ = poll(&descriptors, nfds_t(descriptors.count), 250)
                if descriptors[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                    break   // the terminal is gone: nobody to draw for
                }
                var changed = false
                while let key = terminal.readKey() {
                    if key == .resize {
                        let size = terminal.size
                        app.windowDidResize(rows: size.rows, columns: size.columns)
                    }
                    app.handleKey(key)
                    changed = true
                    if app.isQuitting { break }
                }
                // Standard input at end-of-file (`kite </dev/null`): no key can come
                // any more; end as on a hang-up instead of polling a readable EOF forever.
                if terminal.inputEnded { break }
                changed = app.database.deliverPending() || changed
                // The idle lock and debounced work (drafts) run on the loop's clock.
                changed = app.tick() || changed
                // A quiet timeout redraws nothing; a new day still shows on the next key.
                guard changed else { continue }
                app.draw(on: terminal.surface)
                terminal.present()
            }
        }
    }
}

/// What `kite` checks before it takes over the terminal, so a problem is a
/// clear sentence on the shell rather than a broken screen.
public enum DatabaseCheck {
    public enum Problem: Error, CustomStringConvertible {
        case cannotConnect(String)
        case needsMigration(pending: [String])
        case other(String)

        public var description: String {
            switch self {
            case .cannotConnect(let message):
                "cannot connect to PostgreSQL: \(message)\nSet --database, KITE_DATABASE, [database] conninfo in kite.toml, or the PG* variables; for a private demo database run `make demo`."
            case .needsMigration(let pending):
                "the database needs migrations: \(pending.joined(separator: ", ")). Run `kite migrate`."
            case .other(let message):
                message
            }
        }
    }

    public static func verify(conninfo: String) throws {
        let connection: PGConnection
        do {
            connection = try PGConnection(conninfo)
        } catch {
            throw Problem.cannotConnect(String(describing: error))
        }
        do {
            let pending = try Migrator(connection: connection).status().filter { !$0.isApplied }
            if !pending.isEmpty { throw Problem.needsMigration(pending: pending.map { "\($0.version)_\($0.name)" }) }
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem.other(String(describing: error))
        }
    }
}
