import ArgumentParser
import Foundation
import KiteApp
import KiteDomain
import KiteStore

/// `kite dealership requisites CODE [--inn …]`: shows the seller's requisites
/// the print forms use, or changes the fields given (the others stay).
struct DealershipRequisitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requisites",
        abstract: "Show or change the seller's requisites printed on the invoice, contract and handover act.",
        discussion: "Without options it prints them. With options it changes only those fields; an empty value clears one. "
            + "INN, KPP, OGRN, BIK and the accounts are checked (the accounts' keys against the BIK); nothing is written unless all are valid.")

    @OptionGroup var options: DatabaseOptions

    @Argument(help: "The dealership's code (MSK).")
    var code: String

    @Option(help: "Full legal name: ООО «Кайт Авто Москва».") var legalName: String?
    @Option(help: "INN of the company: 10 digits.") var inn: String?
    @Option(help: "KPP: 9 characters.") var kpp: String?
    @Option(help: "OGRN: 13 digits.") var ogrn: String?
    @Option(help: "Legal address.") var address: String?
    @Option(help: "Bank name and city.") var bank: String?
    @Option(help: "BIK of the bank: 9 digits, starts with 04.") var bik: String?
    @Option(help: "Settlement account (расчётный счёт): 20 digits.") var account: String?
    @Option(help: "Correspondent account of the bank: 20 digits, starts with 30101.") var corrAccount: String?
    @Option(help: "Language of messages: ru or en (default: from LANG).") var language: Language?

    func run() throws {
        let language = language ?? Language.fromLocaleName(ProcessInfo.processInfo.environment["LANG"])
        let stored: SellerRequisites
        let repository: SellerRequisitesRepository
        let actor: String
        do {
            let connection = try PGConnection(options.conninfo(try? AppEnvironment.load()))
            actor = try databaseLogin(connection)
            repository = SellerRequisitesRepository(connection: connection)
            guard let current = try repository.requisites(dealershipCode: code) else {
                fail(unknownDealership(code, DealershipSettingsRepository(connection: connection), language))
            }
            stored = current
        } catch {
            fail(String(describing: error))
        }
        var wanted = stored
        let given: [(String?, WritableKeyPath<SellerRequisites, String>)] = [
            (legalName, \.legalName), (inn, \.inn), (kpp, \.kpp), (ogrn, \.ogrn), (address, \.address),
            (bank, \.bankName), (bik, \.bik), (account, \.settlementAccount), (corrAccount, \.correspondentAccount),
        ]
        for (value, path) in given { if let value { wanted[keyPath: path] = value } }
        if given.allSatisfy({ $0.0 == nil }) {
            say(Self.render(code, stored), terminator: "")
            return
        }
        do {
            let written = try repository.set(dealershipCode: code, wanted, actor: actor)
            say(language == .ru ? "\(code): реквизиты изменены" : "\(code): requisites changed")
            say(Self.render(code, written), terminator: "")
        } catch let error as SellerRequisitesError {
            fail(error.issues.map { "--\(Self.option(for: $0.field)): \($0.message.text(language))" }.joined(separator: "\nkite: "))
        } catch {
            fail(String(describing: error))
        }
    }

    /// The command-line option a field issue belongs to.
    static func option(for field: String) -> String {
        switch field {
        case "corr_account": "corr-account"
        default: field
        }
    }

    static func render(_ code: String, _ r: SellerRequisites) -> String {
        let rows = [("legal_name", r.legalName), ("inn", r.inn), ("kpp", r.kpp), ("ogrn", r.ogrn), ("address", r.address),
                    ("bank", r.bankName), ("bik", r.bik), ("account", r.settlementAccount), ("corr_account", r.correspondentAccount)]
        return "\(code)\n" + rows.map { "  " + $0.0.padding(toLength: 14, withPad: " ", startingAt: 0) + ($0.1.isEmpty ? "—" : $0.1) + "\n" }.joined()
    }
}
