import ArgumentParser
import Foundation
import KiteApp
import KiteDomain
import KiteStore

/// `kite dealership show|set|requisites`: the per-dealership rules and the
/// seller's requisites an admin sets.
struct DealershipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dealership",
        abstract: "Dealership settings: the checks that block a contract, how recent their result must be, the discount limit; the seller's requisites.",
        subcommands: [DealershipShowCommand.self, DealershipSetCommand.self, DealershipRequisitesCommand.self])
}

struct DealershipShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the settings of one dealership, or of all.")

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "The dealership's code (MSK); all dealerships when omitted.")
    var code: String?

    @Option(help: "Language of messages: ru or en (default: from LANG).")
    var language: Language?

    func run() throws {
        let language = language ?? Language.fromLocaleName(ProcessInfo.processInfo.environment["LANG"])
        let list: [DealershipSettings]
        do {
            let repository = DealershipSettingsRepository(connection: try PGConnection(options.conninfo(try? AppEnvironment.load())))
            if let code {
                guard let one = try repository.settings(code: code) else { fail(unknownDealership(code, repository, language)) }
                list = [one]
            } else {
                list = try repository.all()
            }
        } catch {
            fail(String(describing: error))
        }
        say(list.map(DealershipSettingsText.render).joined(separator: "\n"), terminator: "")
    }
}

struct DealershipSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a dealership's settings; the change is written to the audit log with the old and new values.",
        discussion: "Known checks: \(DealershipSettingsChange.knownChecks.joined(separator: ", ")).")

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "The dealership's code (MSK).")
    var code: String

    @Option(help: "Checks that block a contract, comma-separated (pledge,wanted,passport_invalid), or none.")
    var blockingChecks: String?

    @Option(help: "How many days a check result stays valid for the contract: 1–365.")
    var checkMaxAgeDays: String?

    @Option(help: "The discount a manager may give without a senior, in percent: 0–100, two decimals at most.")
    var discountLimitPercent: String?

    @Option(help: "The dealership's time zone (IANA name, Europe/Moscow by default): its cash day's today and every time shown.")
    var timeZone: String?

    @Option(help: "Minutes without a key before kite locks the screen: 0 (never) to 480.")
    var idleLockMinutes: String?

    @Option(help: "Language of messages: ru or en (default: from LANG).")
    var language: Language?

    func run() throws {
        let language = language ?? Language.fromLocaleName(ProcessInfo.processInfo.environment["LANG"])
        var change = DealershipSettingsChange()
        var problems: [String] = []
        func take<Value>(_ option: String, _ text: String?, _ parse: (String) -> Result<Value, FieldIssue>,
                         _ store: (Value) -> Void) {
            guard let text else { return }
            switch parse(text) {
            case .success(let value): store(value)
            case .failure(let issue): problems.append("--\(option): " + issue.message.text(language))
            }
        }
        take("blocking-checks", blockingChecks, DealershipSettingsChange.parseBlockingChecks) { change.blockingChecks = $0 }
        take("check-max-age-days", checkMaxAgeDays, DealershipSettingsChange.parseMaxAgeDays) { change.checkMaxAgeDays = $0 }
        take("discount-limit-percent", discountLimitPercent, DealershipSettingsChange.parseDiscountLimit) {
            change.discountLimitBasisPoints = $0
        }
        take("time-zone", timeZone, DealershipSettingsChange.parseTimeZone) { change.timeZone = $0 }
        take("idle-lock-minutes", idleLockMinutes, DealershipSettingsChange.parseIdleLockMinutes) { change.idleLockMinutes = $0 }
        if !problems.isEmpty { fail(problems.joined(separator: "\nkite: ")) }
        if change.isEmpty {
            fail(language == .ru ? "нечего менять: укажите --blocking-checks, --check-max-age-days, --discount-limit-percent, --time-zone или --idle-lock-minutes"
                                 : "nothing to change: give --blocking-checks, --check-max-age-days, --discount-limit-percent, --time-zone or --idle-lock-minutes")
        }
        let result: (before: DealershipSettings, after: DealershipSettings)
        do {
            let connection = try PGConnection(options.conninfo(try? AppEnvironment.load()))
            let repository = DealershipSettingsRepository(connection: connection)
            guard let updated = try repository.update(code: code, change: change, actor: try databaseLogin(connection)) else {
                fail(unknownDealership(code, repository, language))
            }
            result = updated
        } catch {
            fail(String(describing: error))
        }
        if result.before == result.after {
            say(language == .ru ? "\(result.after.code): без изменений" : "\(result.after.code): nothing changed")
        } else {
            say(language == .ru ? "\(result.after.code): настройки изменены" : "\(result.after.code): settings changed")
        }
        say(DealershipSettingsText.render(result.after), terminator: "")
    }
}

func unknownDealership(_ code: String, _ repository: DealershipSettingsRepository, _ language: Language) -> String {
    let known = ((try? repository.all()) ?? []).map(\.code).joined(separator: ", ")
    return language == .ru ? "нет дилерского центра с кодом «\(code)» (есть: \(known))"
                           : "no dealership with the code '\(code)' (known: \(known))"
}

/// The settings as `kite dealership show` prints them: one `key value` line each.
enum DealershipSettingsText {
    static func render(_ settings: DealershipSettings) -> String {
        let checks = settings.blockingChecks.isEmpty ? "none" : settings.blockingChecks.joined(separator: ",")
        let lines = [
            "\(settings.code)  \(settings.name) (\(settings.city))",
            "  blocking_checks         \(checks)",
            "  check_max_age_days      \(settings.checkMaxAgeDays)",
            "  discount_limit_percent  \(settings.discountLimitText)",
            "  vat_rate_percent        \(settings.vatRateText)",
            "  reservation_days        \(settings.reservationDays)",
            "  time_zone               \(settings.timeZone)",
            "  idle_lock_minutes       \(settings.idleLockMinutes)",
        ]
        return lines.map { $0 + "\n" }.joined()
    }
}
