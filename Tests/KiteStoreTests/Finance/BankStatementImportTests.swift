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
        #expect(report.skipped[0].reason.en == "neither the payer's account 1 nor the payee's 2 is ours (ours: \(Self.ourAccount))")
        #expect(report.problems.map(\.kind) == [.garbageLine, .unrecognisedDocument])

        let matched = try #require(try f.payments.get(id: report.matched[0].paymentID))
        #expect(matched.state == .pending)
        #expect(matched.dealID == deal)
        #expect(matched.kind == .payment)
        #expect(matched.method == .bankTransfer)
        #expect(matched.amount == rub("150 000"))
        #expect(matched.counterparty == "Петров Пётр Петрович")
        #expect(matched.documentRef == "Платежное поручение №000123 от 10.03.2026")
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

    /// An outgoing document of any kind, from one of our accounts.
    static func outgoing(kind: String, number: String, amount: String, payee: String, payeeINN: String,
                         from payerAccount: String = ourAccount, to payeeAccount: String, purpose: String) -> String {
        """
        СекцияДокумент=\(kind)
        Номер=\(number)
        Дата=11.03.2026
        Сумма=\(amount)
        ПлательщикСчет=\(payerAccount)
        Плательщик=ООО "Кайт Авто"
        ПлательщикИНН=7701234567
        ПолучательСчет=\(payeeAccount)
        Получатель=\(payee)
        ПолучательИНН=\(payeeINN)
        ДатаСписано=11.03.2026
        НазначениеПлатежа=\(purpose)
        КонецДокумента
        """
    }

    @Test func ownTransfersTaxesAndBankFeesAreNotCustomersPayments() throws {
        let f = try FinanceFixture()
        let second = "40702810500000067890"
        // A customer whose refund goes out without a deal number: that one does need a deal.
        try f.connection.execute("""
            INSERT INTO customers (kind, name, inn, updated_by) VALUES ('person', 'Петров Пётр Петрович', '500100732259', 'test')
            """)
        let text = [
            "1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows",
            "РасчСчет=\(Self.ourAccount)", "РасчСчет=\(second)",
            Self.outgoing(kind: "Платежное поручение", number: "301", amount: "1000000.00", payee: "ООО \"Кайт Авто\"",
                          payeeINN: "7701234567", to: second, purpose: "Перевод собственных средств"),
            Self.outgoing(kind: "Платежное поручение", number: "302", amount: "125000.00", payee: "УФК по Тульской области (Межрегиональная ИФНС по управлению долгом)",
                          payeeINN: "7727406020", to: "03100643000000018500", purpose: "Единый налоговый платеж"),
            Self.outgoing(kind: "Банковский ордер", number: "303", amount: "1490.00", payee: "ПАО Сбербанк",
                          payeeINN: "7707083893", to: "70601810000000000001", purpose: "Комиссия за ведение счёта за февраль"),
            Self.outgoing(kind: "Мемориальный ордер", number: "304", amount: "350.00", payee: "ПАО Сбербанк",
                          payeeINN: "7707083893", to: "70601810000000000002", purpose: "Комиссия за перевод"),
            Self.outgoing(kind: "Платежное поручение", number: "305", amount: "20000.00", payee: "Петров Пётр Петрович",
                          payeeINN: "500100732259", to: "40817810100000000001", purpose: "Возврат переплаты"),
            "КонецФайла",
        ].joined(separator: "\r\n")
        let file = ClientBankExchange.parse(data: Data(try #require(CyrillicCodePage.windows1251.encode(text))))
        let report = try BankStatementImporter(connection: f.connection)
            .importStatement(file, dealershipID: f.dealership.id, actor: "kuznetsov")

        // The transfer between our own accounts is refused with that reason, naming both accounts.
        #expect(report.skipped.map(\.document.number) == ["301"])
        #expect(report.skipped.first?.reason.ru
                == "перевод между нашими счетами \(Self.ourAccount) → \(second): внутренний перевод не приход и не расход, в журнал платежей не вносится")
        // Tax and fees need no deal; the refund to a customer does.
        #expect(report.imported.map(\.document.number) == ["302", "303", "304", "305"])
        #expect(report.withoutDealNeeded.map(\.document.number) == ["302", "303", "304"])
        #expect(report.unmatched.map(\.document.number) == ["305"])
        // Each document keeps its own kind.
        let refs = try report.imported.map { try #require(try f.payments.get(id: $0.paymentID)).documentRef }
        #expect(refs == ["Платежное поручение №302 от 11.03.2026", "Банковский ордер №303 от 11.03.2026",
                         "Мемориальный ордер №304 от 11.03.2026", "Платежное поручение №305 от 11.03.2026"])
        let tax = try #require(try f.payments.get(id: report.imported[0].paymentID))
        #expect(tax.direction == .outgoing && tax.kind == .otherOutgoing && tax.dealID == nil)
    }

    @Test func aStatementWithoutOurAccountNamesTheAccountsItCouldNotCompare() throws {
        let f = try FinanceFixture()
        let text = ["1CClientBankExchange", "ВерсияФормата=1.03",
                    Self.outgoing(kind: "Платежное поручение", number: "1", amount: "10.00", payee: "X", payeeINN: "",
                                  from: "40702810000000000111", to: "40702810000000000222", purpose: "x"),
                    "КонецФайла"].joined(separator: "\r\n")
        let report = try BankStatementImporter(connection: f.connection)
            .importStatement(ClientBankExchange.parse(data: Data(text.utf8)), dealershipID: f.dealership.id, actor: "k")
        #expect(report.skipped.first?.reason.en
                == "the statement names no account of ours (РасчСчет in the header, or --account): nothing to compare the payer's account 40702810000000000111 and the payee's 40702810000000000222 with")
    }
}
