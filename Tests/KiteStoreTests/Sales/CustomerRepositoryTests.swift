import Foundation
import KiteDomain
import KiteStore
import Testing

@Suite("Customer repository")
struct CustomerRepositoryTests {
    @Test func insertNormalisesAndEnqueuesTheChecks() throws {
        let f = try SalesFixture()
        let stored = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        #expect(stored.phone == "+79161234567")
        #expect(stored.passportSeries == "4508")
        #expect(stored.version == 1)
        let jobs = try f.connection.fetchOne(Int.self, """
            SELECT count(*)::int FROM jobs WHERE kind = 'customer.verify' AND args ->> 'customer_id' = \(String(stored.id))
            """)
        #expect(jobs == 1)
        let audit = try f.connection.fetchOne(Int.self,
            "SELECT count(*)::int FROM audit_log WHERE entity = 'customer' AND entity_id = \(stored.id)")
        #expect(audit == 1)
    }

    @Test func aSoleTraderIsStoredAndTheDatabaseHoldsEachKindsNumbers() throws {
        let f = try SalesFixture()
        let trader = try f.customers.insert(Customer(kind: .soleTrader, name: "Петров Пётр Петрович", inn: "5001 0073 2259",
                                                     ogrn: "304500116000157", address: "Москва"), actor: "ivanov")
        let read = try #require(try f.customers.get(id: trader.id))
        #expect(read.kind == .soleTrader && read.inn == "500100732259" && read.ogrn == "304500116000157")
        // What the card refuses, the database refuses too (a psql user is held by the same rules).
        func refused(_ kind: String, inn: String = "", kpp: String = "", ogrn: String = "") -> Bool {
            (try? f.connection.execute("""
                INSERT INTO customers (kind, name, inn, kpp, ogrn, updated_by)
                VALUES (\(kind), 'x', \(inn), \(kpp), \(ogrn), 'test')
                """)) == nil
        }
        let zeroOGRN = "002770013219" + String(OGRN.checkDigit(leading: "002770013219", modulus: 11))
        #expect(refused("company", ogrn: zeroOGRN), "an OGRN starting with 0 is no OGRN")
        #expect(refused("company", ogrn: "304500116000157"), "a company has an OGRN, not an OGRNIP")
        #expect(refused("company", inn: "500100732259"))
        #expect(refused("sole_trader", inn: "7707083893"), "a sole trader's INN has 12 digits")
        #expect(refused("sole_trader", ogrn: "1027700132195"), "a sole trader's OGRNIP has 15 digits and starts with 3")
        #expect(refused("sole_trader", kpp: "773601001"), "a sole trader has no KPP")
        #expect(refused("partnership"))
        #expect(!refused("company", inn: "7707083893", kpp: "773601001", ogrn: "1027700132195"))
        #expect(!refused("sole_trader", inn: "500100732259", ogrn: "304500116000157"))
    }

    @Test func searchFindsByNameFragmentPhonePassportAndINN() throws {
        let f = try SalesFixture()
        let olga = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        _ = try f.customers.insert(Customer(kind: .person, name: "Кузнецов Иван Ильич", phone: "+7 903 555-00-11"),
                                   actor: "ivanov")
        let company = try f.customers.insert(Customer(kind: .company, name: "ООО «Ромашка»", inn: "7707083893",
                                                      kpp: "773601001"), actor: "ivanov")
        #expect(try f.customers.search("смирн").map(\.id) == [olga.id])
        #expect(try f.customers.search("СМИРНОВА ольга").map(\.id) == [olga.id])
        #expect(try f.customers.search("8 916 123").isEmpty == false)
        #expect(try f.customers.search("89161234567").map(\.id) == [olga.id])
        #expect(try f.customers.search("4508123456").map(\.id) == [olga.id])
        #expect(try f.customers.search("770708").map(\.id) == [company.id])
        #expect(try f.customers.search("").count == 3)
        #expect(try f.customers.search("%").isEmpty)
        // One or two letters: the start of the name.
        #expect(try f.customers.search("см").map(\.id) == [olga.id])
        #expect(try f.customers.search("ол").isEmpty)
        #expect(try f.customers.search("ольга").map(\.id) == [olga.id])
    }

    @Test func possibleDuplicatesBySamePhonePassportOrINN() throws {
        let f = try SalesFixture()
        let olga = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        var twin = SalesFixture.completePerson("Смирнова О. П.", phone: "+7 999 000-00-00")
        let matches = try f.customers.possibleDuplicates(of: twin)
        #expect(matches.map(\.customer.id) == [olga.id])
        #expect(matches.first?.matchedOn == ["passport"])
        twin.passportNumber = "654321"
        #expect(try f.customers.possibleDuplicates(of: twin).isEmpty)
        // The customer itself is never its own duplicate.
        #expect(try f.customers.possibleDuplicates(of: olga).isEmpty)
    }

    @Test func staleUpdateIsRefusedWithWhoAndNothingChanges() throws {
        let f = try SalesFixture()
        let stored = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        var first = stored
        first.address = "Москва, Арбат, 10"
        _ = try f.customers.update(first, actor: "petrova")
        var second = stored
        second.address = "Химки"
        #expect {
            try f.customers.update(second, actor: "ivanov")
        } throws: { error in
            (error as? StaleWriteError)?.changedBy == "petrova"
        }
        #expect(try f.customers.get(id: stored.id)?.address == "Москва, Арбат, 10")
    }

    @Test func databaseRefusesMalformedDocuments() throws {
        let f = try SalesFixture()
        #expect(throws: DatabaseError.self) {
            try f.connection.execute("""
                INSERT INTO customers (kind, name, passport_series, updated_by) VALUES ('person', 'X', '12a4', 't')
                """)
        }
    }
}
