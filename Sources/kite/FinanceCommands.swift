import ArgumentParser
import Foundation
import KiteApp
import KiteDomain

/// `kite finance …`: integrity checks of the payment journal.
struct FinanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finance",
        abstract: "Finance: integrity checks of payments, deal balances and closed cash days.",
        subcommands: [FinanceVerifyCommand.self])
}

struct FinanceVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every deal balance and every closed cash day from the payments; print each discrepancy; exit 1 if there is any.")

    @OptionGroup var options: DatabaseOptions

    func run() throws {
        let environment = try? AppEnvironment.load()
        do {
            let output = try FinanceCLI.verify(conninfo: options.conninfo(environment))
            emit(output)
        } catch {
            fail(String(describing: error))
        }
    }
}

func emit(_ output: FinanceCLI.Output) {
    for line in output.stdout { say(line) }
    for line in output.stderr { warn(line) }
    if output.status != 0 { Foundation.exit(output.status) }
}

/// Options of `kite export payments`.
struct PaymentExportOptions: ParsableArguments {
    @Option(help: "First payment date (ДД.ММ.ГГГГ or YYYY-MM-DD); payments only.")
    var from: String?

    @Option(help: "Last payment date (ДД.ММ.ГГГГ or YYYY-MM-DD); payments only.")
    var to: String?

    @Option(help: "Only this dealership (code, e.g. MSK); payments and bank statements.")
    var dealership: String?

    @Option(help: "Our account number for a bank statement whose header has no РасчСчет (repeatable).")
    var account: [String] = []

    /// The options given on the command line, as typed (`--from`, `--account`).
    var given: [String] {
        (from == nil ? [] : ["--from"]) + (to == nil ? [] : ["--to"]) + (dealership == nil ? [] : ["--dealership"])
            + (account.isEmpty ? [] : ["--account"])
    }

    /// Stops with a sentence when an option is given that `kite import|export ENTITY` would ignore.
    func refuse(_ options: Set<String>, command: String, entity: String, language: Language, hint: String = "") {
        guard let option = given.first(where: options.contains) else { return }
        fail(TransferText.optionNotForImport(language, ["option": option, "entity": entity, "hint": hint])
            .replacingOccurrences(of: "kite import", with: "kite \(command)"))
    }

    func day(_ text: String?, _ name: String) -> KiteDomainDay? {
        guard let text else { return nil }
        guard let day = FinanceCLI.parseDay(text) else { fail("--\(name) \(text): expected ДД.ММ.ГГГГ or YYYY-MM-DD") }
        return day
    }
}

typealias KiteDomainDay = FinanceCLI.Day

func exportPayments(options: DatabaseOptions, finance: PaymentExportOptions, file: String) {
    let environment = try? AppEnvironment.load()
    do {
        emit(try FinanceCLI.exportPayments(conninfo: options.conninfo(environment), from: finance.day(finance.from, "from"),
                                           to: finance.day(finance.to, "to"), dealershipCode: finance.dealership, file: file,
                                           language: cliLanguage(environment)))
    } catch {
        fail(String(describing: error))
    }
}

func importBankStatement(options: DatabaseOptions, finance: PaymentExportOptions, file: String) {
    let environment = try? AppEnvironment.load()
    let code = finance.dealership ?? environment?.config.dealership ?? "MSK"
    do {
        emit(try FinanceCLI.importBankStatement(conninfo: options.conninfo(environment), file: file, dealershipCode: code,
                                                accounts: finance.account))
    } catch {
        fail("\(file): \(error)")
    }
}
