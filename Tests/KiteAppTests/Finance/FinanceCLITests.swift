import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@MainActor
@Suite("kite finance verify, kite export payments, kite import bank-statement")
struct FinanceCLITests {
    @Test func verifyExportAndImport() throws {
        let harness = try AppHarness()
        defer { harness.shutdown() }
        let deal = try FinanceAppData.deal(harness, number: 7, due: Money(roubles: 1_000_000), customer: "Ёлкин Артём")
        let payment = try FinanceAppData.payment(harness, .payment, .cash, "250 000,50", deal: deal, counterparty: "Ёлкин; Артём")
        var output = try FinanceCLI.verify(conninfo: harness.conninfo)
        #expect(output.status == 0)
        #expect(output.stdout.last?.hasSuffix("no discrepancies") == true)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("payments-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let today = FinanceAppData.today
        output = try FinanceCLI.exportPayments(conninfo: harness.conninfo, from: today, to: today, dealershipCode: "msk", file: file.path)
        #expect(output.stdout == ["kite export: 1 payment(s) written to \(file.path)"])
        let bytes = try Data(contentsOf: file)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let records = try CSV.parse(bytes)
        #expect(records.count == 2)
        #expect(records[0].fields.prefix(3) == ["id", "date", "dealership"])
        #expect(records[1].fields[0] == String(payment.id))
        #expect(records[1].fields[1] == today.russianText)
        #expect(records[1].fields[6] == "250000,50")
        #expect(records[1].fields[9] == "Ёлкин; Артём")
        output = try FinanceCLI.exportPayments(conninfo: harness.conninfo, from: today.adding(days: 1), to: nil, dealershipCode: nil, file: file.path)
        #expect(output.stdout.first?.hasPrefix("kite export: 0 payment(s)") == true)

        let statement = file.deletingLastPathComponent().appendingPathComponent("kl_to_1c-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: statement) }
        let text = """
            1CClientBankExchange\r\nКодировка=Windows\r\nРасчСчет=40702810900000012345\r\nСекцияДокумент=Платежное поручение\r\nНомер=15\r\nДата=\(today.russianText)\r\nСумма=749999.50\r\nПлательщикСчет=40817810100000000001\r\nПлательщик=Ёлкин Артём\r\nПолучательСчет=40702810900000012345\r\nНазначениеПлатежа=Доплата по сделке MSK-2026-000007\r\nКонецДокумента\r\nмусор\r\nСекцияДокумент=Банковский ордер\r\nНомер=16\r\nДата=\(today.russianText)\r\nСумма=1490.00\r\nПлательщикСчет=40702810900000012345\r\nПолучательСчет=70601810000000000001\r\nПолучатель=ПАО Сбербанк\r\nПолучательИНН=7707083893\r\nНазначениеПлатежа=Комиссия за ведение счёта\r\nКонецДокумента\r\nКонецФайла\r\n
            """
        try Data(CyrillicCodePage.windows1251.encode(text)!).write(to: statement)
        output = try FinanceCLI.importBankStatement(conninfo: harness.conninfo, file: statement.path, dealershipCode: "MSK",
                                                    accounts: [])
        #expect(output.stdout.last == "kite import: 2 payment(s) imported as pending (1 matched to deals, 0 waiting for a deal, 1 needing none), 0 duplicate(s) skipped, 1 unrecognised (encoding windows1251)")
        // A bank fee is no customer's payment: it is not flagged for a deal.
        #expect(output.stdout.contains { $0.contains("№ 16") && $0.hasSuffix("outgoing, not a customer's: no deal needed") })
        #expect(output.stderr.contains { $0.contains(":13: unrecognised") })
        // Entered in the name of the database login that ran the import, not $USER.
        let login = try harness.connection.fetchOne(String.self, "SELECT session_user::text")
        let enteredBy = try harness.connection.fetchOne(String.self, "SELECT created_by FROM payments WHERE amount = 749999.50")
        #expect(enteredBy == login)
        output = try FinanceCLI.importBankStatement(conninfo: harness.conninfo, file: statement.path, dealershipCode: "MSK",
                                                    accounts: [])
        #expect(output.stdout.last?.contains("0 payment(s) imported") == true)
        #expect(output.stdout.last?.contains("2 duplicate(s) skipped") == true)

        // A stored total that disagrees with the journal: verify says so and exits 1.
        try harness.connection.execute("SET session_replication_role = replica")
        try harness.connection.execute("UPDATE deal_payment_totals SET received = 1")
        try harness.connection.execute("SET session_replication_role = origin")
        output = try FinanceCLI.verify(conninfo: harness.conninfo)
        #expect(output.status == 1)
        #expect(output.stdout.first?.hasPrefix("DISCREPANCY deal MSK-2026-000007") == true)
    }
}
