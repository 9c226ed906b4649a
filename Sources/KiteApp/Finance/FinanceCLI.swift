import Foundation
import KiteDomain
import KiteStore

/// The work behind `kite finance verify`, `kite export payments` and
/// `kite import bank-statement`, returning text and an exit status.
public enum FinanceCLI {
    public struct Output: Sendable {
        public var stdout: [String] = []
        public var stderr: [String] = []
        public var status: Int32 = 0
    }

    /// Prints every discrepancy; status 1 when there is any.
    public static func verify(conninfo: String) throws -> Output {
        let verification = try FinanceVerifier(connection: try PGConnection(conninfo)).run()
        var output = Output()
        for discrepancy in verification.discrepancies { output.stdout.append("DISCREPANCY \(discrepancy)") }
        let summary = "kite finance verify: \(verification.payments) payment(s), \(verification.deals) deal balance(s), \(verification.cashDays) closed cash day(s) checked"
        if verification.isClean {
            output.stdout.append(summary + ": no discrepancies")
        } else {
            output.stdout.append(summary + ": \(verification.discrepancies.count) discrepanc\(verification.discrepancies.count == 1 ? "y" : "ies")")
            output.status = 1
        }
        return output
    }

    /// `ДД.ММ.ГГГГ` or `ГГГГ-ММ-ДД`.
    public typealias Day = CivilDate

    public static func parseDay(_ text: String) -> CivilDate? {
        CivilDate.parseRussian(text) ?? CivilDate.parseISO(text)
    }

    public static func exportPayments(conninfo: String, from: CivilDate?, to: CivilDate?, dealershipCode: String?,
                                      file: String, language: Language = .en) throws -> Output {
        let connection = try PGConnection(conninfo)
        var filter = PaymentFilter(from: from, to: to)
        if let dealershipCode {
            guard let dealership = try ReferenceRepository(connection: connection).dealership(code: dealershipCode.uppercased()) else {
                return Output(stderr: ["kite export: no dealership with code \(dealershipCode)"], status: 1)
            }
            filter.dealershipID = dealership.id
        }
        let count = try FinanceCSV.exportPayments(connection, filter: filter, to: URL(fileURLWithPath: file), language: language)
        return Output(stdout: ["kite export: \(count) payment(s) written to \(file)"])
    }

    /// Imports a 1C statement; lists duplicates, skipped documents and every
    /// unreadable line. Status 0 when the file was read, even with problems.
    public static func importBankStatement(conninfo: String, file: String, dealershipCode: String,
                                           accounts: [String]) throws -> Output {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let parsed = ClientBankExchange.parse(data: data)
        let connection = try PGConnection(conninfo)
        // The payments are entered by the database login, whoever $USER says.
        let actor = try DatabaseIdentity.login(of: connection) ?? ""
        guard let dealership = try ReferenceRepository(connection: connection).dealership(code: dealershipCode.uppercased()) else {
            return Output(stderr: ["kite import: no dealership with code \(dealershipCode) (use --dealership)"], status: 1)
        }
        let report = try BankStatementImporter(connection: connection)
            .importStatement(parsed, dealershipID: dealership.id, actor: actor, extraAccounts: Set(accounts))
        var output = Output()
        for item in report.imported {
            let target = item.dealNumber.map { "deal \($0)" }
                ?? (item.needsDeal ? "no deal found in the purpose: assign it before confirming"
                                   : "outgoing, not a customer's: no deal needed")
            output.stdout.append("\(file):\(item.document.firstLine): payment \(item.paymentID) pending, № \(item.document.number) of \(item.document.date.russianText), \(item.document.amount.decimalString) — \(target)")
        }
        for duplicate in report.duplicates {
            output.stderr.append("\(file):\(duplicate.firstLine): duplicate skipped: № \(duplicate.number) of \(duplicate.date.russianText), \(duplicate.amount.decimalString) is already in the journal")
        }
        for skipped in report.skipped {
            output.stderr.append("\(file):\(skipped.document.firstLine): not imported: № \(skipped.document.number): \(skipped.reason.en)")
        }
        for problem in report.problems {
            output.stderr.append("\(file):\(problem.line): unrecognised: \(problem.message.en)")
        }
        output.stdout.append("kite import: \(report.imported.count) payment(s) imported as pending (\(report.matched.count) matched to deals, \(report.unmatched.count) waiting for a deal, \(report.withoutDealNeeded.count) needing none), \(report.duplicates.count) duplicate(s) skipped, \(report.skipped.count + report.problems.count) unrecognised (encoding \(report.encoding.rawValue))")
        return output
    }
}
