import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@Suite("Bank statement import (1CClientBankExchange)")
struct BankStatementImportTests {
    static let ourAccount = "40702810900000012345"

    static func document(number: String, date: String, amount: String, payer: String, payerINN: String,
                         payerAccount: String, payeeAccount: String, purpose: String) -> String {
        """
        СекцияДокумент=Платежное поручение
        Номер=\(number)
        Дата=\(date)
        Сумма=\(amount)
        ПлательщикСчет=\(payerAccount)
        Плательщик=\(payer)
        ПлательщикИНН=\(payerINN)
        ПолучательСчет=\(payeeAccount)
        Получатель=ООО "Кайт Авто"
        ПолучательИНН=7701234567
        ДатаПоступило=\(date)
        НазначениеПлатежа=\(purpose)
        КонецДокумента
        """
    }

    static var statement: String {
        let other = "40817810100000000001"
        return [
            "1CClientBankExchange",
            "ВерсияФормата=1.03",
            "Кодировка=Windows",
            "РасчСчет=\(ourAccount)",
            document(number: "000123", date: "10.03.2026", amount: "150000.00", payer: "Петров Пётр Петрович",
                     payerINN: "500100732259", payerAccount: other, payeeAccount: ourAccount,
                     purpose: "Оплата по договору MSK-2026-000001 за автомобиль, НДС не облагается"),
            document(number: "77", date: "10.03.2026", amount: "5000.50", payer: "ООО Ромашка",
                     payerINN: "7707083893", payerAccount: "40702810000000000777", payeeAccount: ourAccount,
                     purpose: "Возмещение расходов по счёту 15"),
            // The same document again (a bank that repeats it): a duplicate.
            document(number: "123", date: "10.03.2026", amount: "150000.00", payer: "Петров Пётр Петрович",
                     payerINN: "500100732259", payerAccount: other, payeeAccount: ourAccount,
                     purpose: "Оплата по договору MSK-2026-000001 за автомобиль, НДС не облагается"),
            // Neither account is ours.
            document(number: "5", date: "10.03.2026", amount: "10.00", payer: "Кто-то", payerINN: "",
                     payerAccount: "1", payeeAccount: "2", purpose: "чужой платёж"),
            "это мусорная строка без знака равенства",
            "СекцияДокумент=Платежное поручение\nНомер=9\nДата=32.03.2026\nСумма=abc\nКонецДокумента",
            "КонецФайла",
        ].joined(separator: "\r\n")
    }

    @Test("a transfer naming a cancelled deal is imported unassigned: the deal takes only a refund")
    func cancelledDealIsNotLinked() throws {
        let f = try FinanceFixture()
        try f.deal(number: 1, due: rub("2 000 000"), stage: "cancelled")
        let bytes = try #require(CyrillicCodePage.windows1251.encode(Self.statement))
        let report = try BankStatementImporter(connection: f.connection)
            .importStatement(ClientBankExchange.parse(data: Data(bytes)), dealershipID: f.dealership.id, actor: "kuznetsov")
        #expect(report.imported.count == 2)
        #expect(report.matched.isEmpty)
        let first = try #require(try f.payments.get(id: report.imported[0].paymentID))
        #expect(first.dealID == nil && first.kind == .otherIncoming)
    }

    @Test func importsMatchesSkipsDuplicatesAndListsTheUnrecognised() throws {
        let f = try FinanceFixture()
        let deal = try f.deal(number: 1, due: rub("2 000 000"))
        let bytes = try #require(CyrillicCodePage.windows1251.encode(Self.statement))
        let file = ClientBankExchange.parse(data: Data(bytes))
        #expect(file.encoding == .windows1251)
        let importer = BankStatementImporter(connection: f.connection)
        let report = try importer.importStatement(file, dealershipID: f.dealership.id, actor: "kuznetsov")
        #expect(report.imported.count == 2)
        #expect(report.matched.map(\.dealNumber) == ["MSK-2026-000001"])
        #expect(report.unmatched.map(\.document.number) == ["77"])
        #expect(report.duplicates.map(\.number) == ["123"])
        #expect(report.skipped.map(\.document.number) == ["5"])
        #expect(report.problems.map(\.kind) == [.garbageLine, .unrecognisedDocument])

        let matched = try #require(try f.payments.get(id: report.matched[0].paymentID))
        #expect(matched.state == .pending)
        #expect(matched.dealID == deal)
        #expect(matched.kind == .payment)
        #expect(matched.method == .bankTransfer)
        #expect(matched.amount == rub("150 000"))
        #expect(matched.counterparty == "Петров Пётр Петрович")
        #expect(matched.documentRef == "п/п №000123 от 10.03.2026")
        let unmatched = try #require(try f.payments.get(id: report.unmatched[0].paymentID))
        #expect(unmatched.kind == .otherIncoming)
        #expect(unmatched.dealID == nil)
        #expect(unmatched.counterparty == "ООО Ромашка")
        #expect(try f.payments.balance(dealID: deal)?.paid == .zero)  // pending until finance confirms

        // The same file again: everything is a duplicate, nothing new.
        let again = try importer.importStatement(file, dealershipID: f.dealership.id, actor: "kuznetsov")
        #expect(again.imported.isEmpty)
        #expect(again.duplicates.count == 3)
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM payments") == 2)
    }
}
