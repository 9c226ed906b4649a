import Foundation
import KiteApp
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@Suite("kite import customers on a real database")
struct CustomerImportTests {
    private func database() throws -> PGConnection {
        let connection = try PGConnection(try TestDatabase.makeMigrated())
        try Seeder.seedDemo(connection, login: "test", vehicles: 0)
        return connection
    }

    private func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kite-customers-\(UUID().uuidString).csv")
        try Data(("\u{FEFF}" + text).utf8).write(to: url)
        return url
    }

    private func count(_ connection: PGConnection) throws -> Int {
        try connection.fetchOne(Int.self, "SELECT count(*)::int FROM customers") ?? -1
    }

    static let mixed = """
        ФИО;Тип;Телефон;Дата рождения;Серия паспорта;Номер паспорта;Дата выдачи;Код подразделения;ИНН;Согласие;Дата согласия
        Смирнова Ольга Павловна;физлицо;8 916 123-45-67;12.04.1985;4508;123456;20.05.2015;770-001;;да;01.11.2026
        Кузнецов Иван;;+7 903 55;;;;;;;;
        ООО «Ромашка»;организация;;;;;;;7707083890;;
        Орлов Кирилл;физлицо;;31.02.1990;;;;;;может быть;
        ;физлицо;+79260000000;;;;;;;;
        Смирнова О. П.;физлицо;89161234567;;;;;;;;

        """

    @Test("every bad row is reported with its line, field and rule; nothing is imported")
    func allOrNothing() throws {
        let connection = try database()
        let report = try CustomerCSV.importFile(try write(Self.mixed), into: connection, actor: "test", skipInvalid: false)
        let text = report.problems.map(\.description).joined(separator: "\n")
        #expect(text.contains("line 3: phone:"))
        #expect(text.contains("line 4: inn:"))
        #expect(text.contains("line 5: birth_date: \"31.02.1990\" is not"))
        #expect(text.contains("line 5: consent: \"может быть\" is not да/нет"))
        #expect(text.contains("line 6: name: required"))
        #expect(text.contains("line 7: warning: phone: same as line 2"))
        #expect(!text.contains("line 2:"))
        #expect(report.imported == 0)
        #expect(try count(connection) == 0)
    }

    @Test("--skip-invalid imports the good rows, normalised, each with its checks queued; a known passport is a warning")
    func skipInvalid() throws {
        let connection = try database()
        let report = try CustomerCSV.importFile(try write(Self.mixed), into: connection, actor: "test", skipInvalid: true)
        #expect(report.imported == 2)
        #expect(report.skipped == 4)
        #expect(try connection.fetchOne(String.self, "SELECT phone FROM customers WHERE name = 'Смирнова Ольга Павловна'") == "+79161234567")
        #expect(try connection.fetchOne(Int.self, "SELECT count(*)::int FROM jobs WHERE kind = 'customer.verify'") == 2)
        let again = try CustomerCSV.importFile(try write("ФИО;Серия паспорта;Номер паспорта;Дата выдачи;Код подразделения\nСмирнова О.;4508;123456;20.05.2015;770-001\n"),
                                               into: connection, actor: "test", skipInvalid: false)
        #expect(again.problems.map(\.description) == [
            "line 2: warning: possible duplicate of customer 1 Смирнова Ольга Павловна (same passport)",
        ])
        #expect(again.imported == 1)
    }

    @Test("an unknown column is refused before any row is read")
    func unknownColumn() throws {
        let connection = try database()
        #expect(throws: TransferError.self) {
            try CustomerCSV.importFile(try write("ФИО;Отчество\nА;Б\n"), into: connection, actor: "test", skipInvalid: true)
        }
    }
}
