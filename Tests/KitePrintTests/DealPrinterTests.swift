import Foundation
import KiteApp
import KiteDomain
import KitePrint
import KiteStore
import KiteTestSupport
import Testing

/// `kite print deal` and `DealPrinter.print` against a real PostgreSQL.
@Suite struct DealPrinterTests {
    static let kite = PrintFixtures.repositoryRoot.appendingPathComponent(".build/debug/kite").path

    /// A migrated database with one contracted deal of a person, inserted by SQL.
    static func database() throws -> (conninfo: String, connection: PGConnection) {
        let conninfo = try TestDatabase.makeMigrated()
        let connection = try PGConnection(conninfo)
        let dealershipID = try connection.fetchOne(Int64.self, """
            INSERT INTO dealerships (code, name, city) VALUES ('MSK', 'ООО «Кайт Авто Москва»', 'Москва') RETURNING id
            """)!
        _ = try connection.execute("""
            INSERT INTO employees (login, full_name, role, dealership_id)
            VALUES ('petrov', 'Петров Пётр Ильич', 'manager', \(dealershipID))
            """)
        let customerID = try connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, birth_date, passport_series, passport_number, passport_issue_date,
                                   passport_issuer_code, address, updated_by)
            VALUES ('person', 'Иванова Анна Сергеевна', '1990-07-14', '4510', '123456', '2015-02-01', '770-001',
                    'г. Москва, ул. Тверская, д. 7', 'test') RETURNING id
            """)!
        let vehicleID = try connection.fetchOne(Int64.self, """
            INSERT INTO vehicles (stock_number, vin, make, model, year, status, dealership_id, list_price, updated_by)
            VALUES ('MSK-000042', 'XW8AN2NE3PH000123', 'Haval', 'Jolion', 2025, 'reserved', \(dealershipID), 1200000, 'test')
            RETURNING id
            """)!
        _ = try connection.execute("""
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, vehicle_id, stage, list_price,
                               sale_price, contracted_at, updated_by)
            VALUES ('MSK-2026-000123', \(dealershipID), 'petrov', \(customerID), \(vehicleID), 'contracted',
                    1200000, 1200000, '2026-03-05 10:00:00+03', 'petrov')
            """)
        return (conninfo, connection)
    }

    @Test func printsToTheDefaultFolderUnderXDGDataHome() throws {
        let (_, connection) = try Self.database()
        let dataHome = try PrintFixtures.temporaryDirectory()
        let url = try DealPrinter.print(number: "msk-2026-000123", form: .contract, connection: connection,
                                        environment: ["XDG_DATA_HOME": dataHome.path, "HOME": "/nonexistent"])
        #expect(url.path == dataHome.path + "/kite/print/MSK-2026-000123-contract.pdf")
        let text = try PDFText.pages(url).joined(separator: " ")
        #expect(text.contains("Иванова Анна Сергеевна"))
        #expect(text.contains("1 200 000,00 руб. (один миллион двести тысяч рублей 00 копеек)"))
    }

    @Test func withoutXDGDataHomeTheFolderIsUnderHome() {
        let url = DealPrinter.defaultDirectory(environment: ["HOME": "/home/anna"])
        #expect(url.path == "/home/anna/.local/share/kite/print")
    }

    @Test func unknownAndMalformedNumbersAreClearErrors() throws {
        let (_, connection) = try Self.database()
        #expect(throws: PrintError.dealNotFound(number: "MSK-2026-999999")) {
            try DealPrinter.print(number: "MSK-2026-999999", form: .invoice, connection: connection)
        }
        #expect(throws: PrintError.invalidDealNumber("123")) {
            try DealPrinter.print(number: "123", form: .invoice, connection: connection)
        }
        #expect(PrintError.dealNotFound(number: "MSK-2026-999999").message.ru == "Сделка MSK-2026-999999 не найдена")
    }

    @Test func theCommandPrintsThePathOrSaysTheDealIsUnknown() throws {
        let (conninfo, _) = try Self.database()
        let dataHome = try PrintFixtures.temporaryDirectory()
        let printed = try Subprocess.run(["/usr/bin/env", "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=",
                                          "XDG_DATA_HOME=\(dataHome.path)", Self.kite, "print", "deal",
                                          "MSK-2026-000123", "--form", "handover", "--database", conninfo])
        let expected = dataHome.path + "/kite/print/MSK-2026-000123-handover.pdf"
        #expect(printed.status == 0, "\(printed.output)")
        #expect(printed.output.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
        #expect(FileManager.default.fileExists(atPath: expected))

        let unknown = try Subprocess.run(["/usr/bin/env", "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", Self.kite,
                                          "print", "deal", "MSK-2026-999999", "--form", "contract",
                                          "--database", conninfo])
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("kite: Deal MSK-2026-999999 not found"), "\(unknown.output)")

        let badForm = try Subprocess.run([Self.kite, "print", "deal", "MSK-2026-000123", "--form", "receipt",
                                          "--database", conninfo])
        #expect(badForm.status != 0)
        #expect(badForm.output.contains("contract") && badForm.output.contains("invoice")
                && badForm.output.contains("handover"), "\(badForm.output)")
    }
}
