import ArgumentParser
import Foundation
import KiteApp
import KiteDomain
import KiteStore

/// `kite admin user …`, `kite admin token …` and `kite admin audit …`: people, the phones'
/// API tokens and the audit trail.
/// The database checks that the login running them is in kite_admin.
struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "People (logins, roles, dealerships), the phones' API tokens and the tamper-evident audit trail.",
        subcommands: [AdminUserCommand.self, AdminTokenCommand.self, AdminAuditCommand.self])
}

struct AdminUserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, disable, grant or list the people who may use kite.",
        subcommands: [Add.self, Disable.self, Grant.self, List.self])

    static func repository(_ options: DatabaseOptions) throws -> AccessRepository {
        AccessRepository(connection: try PGConnection(options.conninfo(try? AppEnvironment.load())))
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the person's database login, its group role, the employee and their dealerships, in one transaction.",
            discussion: "Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")). With peer authentication the login is the person's system account name.")

        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The database login (the person's system account name for peer authentication).")
        var login: String
        @Option(help: "Full name (Иванова Мария Сергеевна).")
        var name: String
        @Option(help: "manager, operator, finance, logistics, appraiser or admin.")
        var role: String
        @Option(help: "Dealership code; repeat for several (the first is the home dealership).")
        var dealership: [String]
        @Flag(help: "May approve discounts above the dealership's limit (kite_senior).")
        var senior = false

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role: one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name: give the person's full name") }
            if dealership.isEmpty { throw ValidationError("--dealership: give at least one dealership code") }
        }

        func run() throws {
            do {
                let id = try AdminUserCommand.repository(options).addUser(
                    login: login, fullName: name, role: Role(rawValue: role)!, dealerships: dealership, senior: senior)
                print("kite admin: \(login) added (employee \(id), \(role)\(senior ? ", senior" : ""), \(dealership.joined(separator: ", ")))")
            } catch {
                fail(String(describing: error))
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The person can no longer log in; their employee row and history stay.")
        @OptionGroup var options: DatabaseOptions
        @Argument var login: String

        func run() throws {
            do {
                try AdminUserCommand.repository(options).disable(login: login)
                print("kite admin: \(login) disabled")
            } catch {
                fail(String(describing: error))
            }
        }
    }

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a person another group role (manager … admin, senior, head_office) and/or another dealership.")
        @OptionGroup var options: DatabaseOptions
        @Argument var login: String
        @Option(help: "manager, operator, finance, logistics, appraiser, admin, senior or head_office.")
        var role: String?
        @Option(help: "A dealership code the person also works for.")
        var dealership: String?

        func validate() throws {
            if role == nil && dealership == nil { throw ValidationError("give --role, --dealership, or both") }
        }

        func run() throws {
            do {
                try AdminUserCommand.repository(options).grant(login: login, role: role, dealership: dealership)
                print("kite admin: \(login) granted \([role, dealership].compactMap { $0 }.joined(separator: ", "))")
            } catch {
                fail(String(describing: error))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Everyone, with their roles, dealerships and whether they can log in.")
        @OptionGroup var options: DatabaseOptions

        func run() throws {
            do {
                for user in try AdminUserCommand.repository(options).users() {
                    let state = !user.active ? "disabled" : (user.canLogin ? "active" : "no login")
                    print([user.login, user.fullName, user.role, user.groupRoles, user.dealerships, state]
                        .map { plainText($0) }.joined(separator: "\t"))
                }
            } catch {
                fail(String(describing: error))
            }
        }
    }
}

/// `kite admin token …`: the bearer tokens of kite-api, one per person and device.
struct AdminTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue, revoke or list the API tokens of the appraisers' phones (kite-api).",
        subcommands: [Issue.self, Revoke.self, List.self])

    static func repository(_ options: DatabaseOptions) throws -> APITokenRepository {
        APITokenRepository(connection: try PGConnection(options.conninfo(try? AppEnvironment.load())))
    }

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A new token for a person's phone, printed once (only its SHA-256 is stored).",
            discussion: "The API's logins (members of kite_api) are granted the person's role, so kite-api can act as them.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The person's login.")
        var login: String
        @Option(help: "The device's name (e.g. \"Pixel 8 Ивановой\").")
        var device: String
        @Option(help: "Days the token stays valid (1 to 400).")
        var days = 90

        func validate() throws {
            if device.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--device: name the phone") }
            if !(1...400).contains(days) { throw ValidationError("--days: 1 to 400") }
        }

        func run() throws {
            do {
                let (id, token) = try AdminTokenCommand.repository(options).issue(login: login, device: device, days: days)
                print("kite admin: token \(id) for \(login) on \(plainText(device)), valid \(days) days. Shown once:")
                print(token)
            } catch {
                fail(String(describing: error))
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id, or every token of a device.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The token's id (kite admin token list).")
        var id: Int64?
        @Option(help: "Revoke the tokens of this device instead.")
        var device: String?
        @Option(help: "Only this person's tokens (with --device).")
        var login: String?

        func validate() throws {
            if (id == nil) == (device == nil) { throw ValidationError("give a token id or --device NAME") }
        }

        func run() throws {
            do {
                let count = try AdminTokenCommand.repository(options).revoke(id: id, device: device, login: login)
                print("kite admin: \(count) token\(count == 1 ? "" : "s") revoked")
                if count == 0 { throw ExitCode(1) }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                fail(String(describing: error))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every token: id, login, device, expiry, revoked, last used.")
        @OptionGroup var options: DatabaseOptions

        func run() throws {
            do {
                let format = Date.ISO8601FormatStyle()
                for token in try AdminTokenCommand.repository(options).list() {
                    let state = token.revokedAt != nil ? "revoked" : (token.expiresAt <= Date() ? "expired" : "active")
                    print([String(token.id), token.login, plainText(token.device), format.format(token.expiresAt), state,
                           token.lastUsed.map { format.format($0) } ?? "never"].joined(separator: "\t"))
                }
            } catch {
                fail(String(describing: error))
            }
        }
    }
}

struct AdminAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit trail: every change to a business table, who (database login), when and from where.",
        subcommands: [Show.self, Verify.self],
        defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "List changes, newest first.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Only this table (payments, deals, …).")
        var table: String?
        @Option(help: "Only this database login.")
        var actor: String?
        @Option(help: "Only since this day (ДД.ММ.ГГГГ or YYYY-MM-DD).")
        var since: String?
        @Option(help: "At most this many rows.")
        var limit = 200

        func run() throws {
            var from: CivilDate?
            if let since {
                guard let day = CivilDate.parseISO(since) ?? CivilDate.parseRussian(since) else {
                    fail("--since: a date as ДД.ММ.ГГГГ or YYYY-MM-DD, not \(since)")
                }
                from = day
            }
            do {
                let repository = try AdminUserCommand.repository(options)
                for entry in try repository.audit(table: table, actor: actor, since: from, limit: limit) {
                    let change = [entry.before.map { "before " + $0 }, entry.after.map { "after " + $0 }]
                        .compactMap { $0 }.joined(separator: " ")
                    print([String(entry.id), ISO8601DateFormatter().string(from: entry.at), entry.dbUser,
                           entry.clientAddr ?? "local", entry.tableName, entry.operation, entry.rowKey, change]
                        .map { plainText($0) }.joined(separator: "\t"))
                }
            } catch {
                fail(String(describing: error))
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal new rows, recompute the hash chain and name the first broken row (exit 1).")
        @OptionGroup var options: DatabaseOptions

        func run() throws {
            do {
                let repository = try AdminUserCommand.repository(options)
                if let broken = try repository.verifyAudit() {
                    print("kite admin audit verify: row \(broken.id) (seq \(broken.seq)) is broken: \(broken.problem)")
                    throw ExitCode(1)
                }
                let counts = try repository.auditCounts()
                print("kite admin audit verify: \(counts.sealed) rows, the chain is intact")
            } catch let exit as ExitCode {
                throw exit
            } catch {
                fail(String(describing: error))
            }
        }
    }
}

/// What a terminal may be shown of a value: control characters (escape
/// sequences included) are dropped.
private func plainText(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }))
}
