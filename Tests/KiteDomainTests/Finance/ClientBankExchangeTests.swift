import Foundation
import Testing
@testable import KiteDomain

/// A statement of Kite Auto's account for 10.03.2026 as a bank exports it,
/// with a duplicate document, garbage lines and broken documents.
private let sampleStatement = """
1CClientBankExchange
ВерсияФормата=1.03
Кодировка=Windows
Отправитель=Бухгалтерия предприятия, редакция 3.0
Получатель=
ДатаСоздания=11.03.2026
ВремяСоздания=09:15:02
ДатаНачала=10.03.2026
ДатаКонца=10.03.2026
РасчСчет=40702810938000012345
Документ=Платежное поручение
СекцияРасчСчет
ДатаНачала=10.03.2026
ДатаКонца=10.03.2026
РасчСчет=40702810938000012345
НачальныйОстаток=1250000.00
ВсегоПоступило=2150000.00
ВсегоСписано=45000.00
КонечныйОстаток=3355000.00
КонецРасчСчет
СекцияДокумент=Платежное поручение
Номер=123
Дата=10.03.2026
Сумма=150000.00
ПлательщикСчет=40817810099910004312
ДатаПоступило=10.03.2026
Плательщик=ИНН 500100732259 Иванов Иван Иванович
ПлательщикИНН=500100732259
Плательщик1=Иванов Иван Иванович
ПлательщикБанк1=ПАО СБЕРБАНК
ПлательщикБИК=044525225
ПлательщикКорсчет=30101810400000000225
ПолучательСчет=40702810938000012345
Получатель=ООО "Кайт Авто"
ПолучательИНН=7701234560
ПолучательКПП=770101001
ВидОплаты=01
Очередность=5
НазначениеПлатежа=Предоплата по договору MSK-2026-000123 за автомобиль LADA Vesta. НДС не облагается
КонецДокумента
СекцияДокумент=Платежное поручение
Номер=005512
Дата=10.03.2026
Сумма=2000000.00
ПлательщикСчет=47422810200000000001
Плательщик=ПАО СБЕРБАНК
ПлательщикИНН=7707083893
ПлательщикКПП=773601001
ПолучательСчет=40702810938000012345
Получатель=ООО "Кайт Авто"
ПолучательИНН=7701234560
НазначениеПлатежа=
НазначениениеПлатежа=опечатка банка
НазначениеПлатежа1=Перечисление кредитных средств по кредитному договору № 98765 от 09.03.2026
НазначениеПлатежа2=за автомобиль по сделке МSК-2026-000124, Петров П.П. Без НДС
КонецДокумента
#### обрыв связи, повтор выгрузки ####
СекцияДокумент=Платежное поручение
Номер=123
Дата=10.03.2026
Сумма=150000.00
ПлательщикСчет=40817810099910004312
Плательщик=ИНН 500100732259 Иванов Иван Иванович
ПлательщикИНН=500100732259
ПолучательСчет=40702810938000012345
Получатель=ООО "Кайт Авто"
ПолучательИНН=7701234560
НазначениеПлатежа=Предоплата по договору MSK-2026-000123 за автомобиль LADA Vesta. НДС не облагается
КонецДокумента
СекцияДокумент=Платежное поручение
Номер=88
Дата=10.03.2026
Сумма=45000.00
ПлательщикСчет=40702810938000012345
Плательщик=ООО "Кайт Авто"
ПлательщикИНН=7701234560
ПолучательСчет=40817810099910007777
Получатель=Сидоров Сергей Сергеевич
ДатаСписано=10.03.2026
Сумма прописью сорок пять тысяч
НазначениеПлатежа=Возврат переплаты по сделке MSK-2026-000101. НДС не облагается
КонецДокумента
СекцияДокумент=Платежное поручение
Номер=901
Дата=10.03.2026
Сумма=15O000.00
ПлательщикИНН=7707083893
НазначениеПлатежа=Оплата по счёту MSK-2026-000130
КонецДокумента
СекцияДокумент=Банковский ордер
Номер=902
Дата=31.02.2026
Сумма=1000.00
КонецДокумента
СекцияДокумент=Платежное поручение
Номер=77
Дата=10.03.2026
Сумма=500.00
СекцияДокумент=Платежное поручение
Номер=78
Дата=10.03.2026
Сумма=300000,00
ПлательщикИНН=7707083893
ПолучательСчет=40702810938000012345
НазначениеПлатежа=Оплата за дополнительное оборудование, без номера сделки
КонецДокумента
КонецДокумента
ВсегоСписано=1.00
КонецФайла
мусор после конца файла
"""

@Suite struct ClientBankExchangeTests {
    let file = ClientBankExchange.parse(text: sampleStatement.replacingOccurrences(of: "\n", with: "\r\n"))

    @Test func header() {
        #expect(file.header["ВерсияФормата"] == "1.03")
        #expect(file.header["Кодировка"] == "Windows")
        #expect(file.accounts == ["40702810938000012345"])
    }

    @Test func recognisedDocuments() throws {
        #expect(file.documents.map(\.number) == ["123", "005512", "123", "88", "78"])
        let first = file.documents[0]
        #expect(first.kind == "Платежное поручение")
        #expect(first.date == CivilDate(year: 2026, month: 3, day: 10))
        #expect(first.amount == moneyRU("150 000"))
        #expect(first.creditedDate == CivilDate(year: 2026, month: 3, day: 10))
        #expect(first.debitedDate == nil)
        #expect(first.payerINN == "500100732259")
        #expect(first.payerName == "ИНН 500100732259 Иванов Иван Иванович")
        #expect(first.payeeName == "ООО \"Кайт Авто\"")
        #expect(first.payeeINN == "7701234560")
        #expect(first.purpose == "Предоплата по договору MSK-2026-000123 за автомобиль LADA Vesta. НДС не облагается")
        #expect(first.dealNumber == DealNumber.parse("MSK-2026-000123"))
        #expect(first.fields["ПлательщикБИК"] == "044525225")
        #expect(first.firstLine == 21 && first.lastLine == 40)
        #expect(first.idempotencyKey == "1c|2026-03-10|123|150000.00|500100732259")
        #expect(INN.validateAny(first.payerINN).isEmpty)
        #expect(INN.validateCompany(first.payeeINN).isEmpty)

        // Purpose in numbered lines; the deal number typed with Cyrillic М and К.
        let loan = file.documents[1]
        #expect(loan.purpose == "Перечисление кредитных средств по кредитному договору № 98765 от 09.03.2026 за автомобиль по сделке МSК-2026-000124, Петров П.П. Без НДС")
        #expect(loan.dealNumber == DealNumber.parse("MSK-2026-000124"))
        #expect(loan.idempotencyKey == "1c|2026-03-10|5512|2000000.00|7707083893")

        // Comma as the decimal separator is read too; no deal number in the purpose.
        let last = file.documents[4]
        #expect(last.amount == moneyRU("300 000"))
        #expect(last.dealNumber == nil)
    }

    @Test func directions() {
        let ours: Set = ["40702810938000012345"]
        #expect(file.documents.map { $0.direction(ourAccounts: ours) } == [.incoming, .incoming, .incoming, .outgoing, .incoming])
        #expect(file.documents[0].direction(ourAccounts: []) == nil)
        #expect(file.documents[3].debitedDate == CivilDate(year: 2026, month: 3, day: 10))
        #expect(file.documents[3].payeeINN == "")
    }

    @Test func duplicatesAreSkippedByKey() {
        let split = file.partitioned()
        #expect(split.new.map(\.number) == ["123", "005512", "88", "78"])
        #expect(split.duplicates.map(\.firstLine) == [58])
        // On the next import, everything already stored is a duplicate.
        let again = file.partitioned(knownKeys: Set(split.new.map(\.idempotencyKey)))
        #expect(again.new.isEmpty)
        #expect(again.duplicates.count == 5)
    }

    @Test func problemsWithLineNumbers() {
        let summary = file.problems.map { "\($0.kind.rawValue) \($0.line)-\($0.lastLine)" }
        #expect(summary == [
            "garbageLine 57-57",            // #### обрыв связи ####
            "garbageLine 80-80",            // Сумма прописью … (no '=')
            "unrecognisedDocument 83-89",   // Сумма=15O000.00
            "unrecognisedDocument 90-94",  // Дата=31.02.2026
            "unterminatedSection 95-98",  // Номер=77 without КонецДокумента
            "garbageLine 107-107",          // a second КонецДокумента
            "garbageLine 108-108",          // Key=value outside any section
            "garbageLine 110-110",          // after КонецФайла
        ])
        let amount = file.problems[2]
        #expect(amount.message.ru == "Строки 83–89: документ «Платежное поручение» не распознан: неверная сумма (Сумма=15O000.00)")
        #expect(amount.text == "СекцияДокумент=Платежное поручение")
        #expect(file.problems[3].message.en.contains("invalid date (Дата=31.02.2026)"))
        #expect(file.problems[0].message.ru == "Строка 57: не распознана: «#### обрыв связи, повтор выгрузки ####»")
    }

    @Test func windows1251AndUTF8GiveTheSameResult() throws {
        let bytes = try #require(CyrillicCodePage.windows1251.encode(sampleStatement.replacingOccurrences(of: "\n", with: "\r\n")))
        #expect(bytes.count < sampleStatement.utf8.count)  // one byte per letter
        let windows = ClientBankExchange.parse(data: Data(bytes))
        #expect(windows.encoding == .windows1251)
        let utf8 = ClientBankExchange.parse(data: Data(sampleStatement.utf8))
        #expect(utf8.encoding == .utf8)
        #expect(windows.documents == utf8.documents)
        #expect(windows.problems == utf8.problems)
        #expect(windows.documents == file.documents)
        // With a BOM.
        let bom = ClientBankExchange.parse(data: Data([0xEF, 0xBB, 0xBF] + Array(sampleStatement.utf8)))
        #expect(bom.documents == utf8.documents)
    }

    @Test func dosEncoding() throws {
        let text = sampleStatement.replacingOccurrences(of: "Кодировка=Windows", with: "Кодировка=DOS")
        let bytes = try #require(CyrillicCodePage.cp866.encode(text))
        let parsed = ClientBankExchange.parse(data: Data(bytes))
        #expect(parsed.encoding == .cp866)
        #expect(parsed.documents.count == 5)
        #expect(parsed.documents[0].payerName == "ИНН 500100732259 Иванов Иван Иванович")
    }

    @Test func codePagesRoundTripAllCyrillic() throws {
        let alphabet = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя№"
        for page in [CyrillicCodePage.windows1251, .cp866] {
            let bytes = try #require(page.encode(alphabet))
            #expect(page.decode(bytes) == alphabet)
        }
        #expect(CyrillicCodePage.windows1251.encode("€ ok") != nil)
        #expect(CyrillicCodePage.windows1251.encode("漢") == nil)
    }

    @Test func notAnExchangeFile() {
        let parsed = ClientBankExchange.parse(text: "Дата;Сумма;Назначение\n10.03.2026;150000.00;оплата\n")
        #expect(parsed.documents.isEmpty)
        #expect(parsed.problems.map(\.kind) == [.missingHeader, .garbageLine, .garbageLine, .missingEndOfFile])
        #expect(ClientBankExchange.parse(text: "").problems.map(\.kind) == [.missingHeader, .missingEndOfFile])
    }

    @Test func cutShortFile() {
        let parsed = ClientBankExchange.parse(text: "1CClientBankExchange\nСекцияДокумент=Платежное поручение\nНомер=1\nДата=10.03.2026\n")
        #expect(parsed.problems.map(\.kind) == [.unterminatedSection, .missingEndOfFile])
        #expect(parsed.problems[0].line == 2 && parsed.problems[0].lastLine == 4)
    }

    @Test func idempotencyKeyNormalisesTheNumber() {
        let day = CivilDate(year: 2026, month: 3, day: 10)!
        #expect(ClientBankExchange.idempotencyKey(date: day, number: "000123", amount: moneyRU("150 000"), payerINN: "500100732259")
                == ClientBankExchange.idempotencyKey(date: day, number: " 123 ", amount: moneyRU("150 000"), payerINN: "500100732259"))
        #expect(ClientBankExchange.idempotencyKey(date: day, number: "0", amount: moneyRU("1"), payerINN: "") == "1c|2026-03-10|0|1.00|")
    }
}
