import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Issue 15: the home tiles' numbers are the database's, for the login as it is; drafts
/// are their author's alone.
@Suite("Home counts and drafts (issue 15)")
struct HomeAndDraftTests {
    static func car(_ n: Int, dealership: Int64, status: VehicleStatus, arrivedDaysAgo: Int?) -> Vehicle {
        let arrival = arrivedDaysAgo.map { Date().addingTimeInterval(-Double($0) * 86_400) }
        return Vehicle(stockNumber: "T-\(dealership)-\(n)", vin: String(format: "XTAGFL110TD%06d", n), make: "Lada", model: "Vesta",
                       trim: "", year: 2025, colour: "Белый", body: "sedan", fuel: "petrol", transmission: "manual",
                       mileageKm: 10, condition: .new, status: status, vehicleType: "car", dealershipID: dealership,
                       purchaseCost: Money(roubles: 1_000_000), listPrice: Money(roubles: 1_200_000),
                       arrivalDate: arrival, updatedBy: "seed")
    }

    @Test("An MSK person's tiles count MSK's cars, deals, payments and appraisals, never SPB's; head office counts both")
    func homeCountsFollowTheCallersDealerships() throws {
        let fixture = try SecurityFixture()
        let msk = fixture.finance.dealership.id, spb = fixture.spb.id
        let vehicles = VehicleRepository(connection: fixture.connection)
        try vehicles.insert(Self.car(1, dealership: msk, status: .inStock, arrivedDaysAgo: 3), actor: "seed")
        try vehicles.insert(Self.car(2, dealership: msk, status: .inStock, arrivedDaysAgo: 120), actor: "seed")
        for n in 3...5 { try vehicles.insert(Self.car(n, dealership: spb, status: .inStock, arrivedDaysAgo: 200), actor: "seed") }
        _ = try fixture.sale(in: fixture.finance.dealership, number: 1)
        _ = try fixture.sale(in: fixture.spb, number: 2)
        _ = try fixture.sale(in: fixture.spb, number: 3)
        // Appraisals: MSK one waiting for a senior (its offer good for 10 more days); SPB one
        // offer running out tomorrow and one in 10 days.
        let owner = AppraisalRepository(connection: fixture.connection)
        func appraisal(_ serial: Int, in dealership: Int64, retail: Money, validDays: Int) throws -> AppraisalState {
            let seller = try AppraisalFixture.seller(fixture.connection, dealershipID: dealership, name: "Продавец \(serial)")
            let sample = AppraisalFixture.sample(dealershipID: dealership, sellerID: seller, serial: serial)
            let a = try owner.create(sample, on: AppraisalFixture.day, actor: "volkova")
            let (breakdown, _) = try owner.breakdown(for: a, expectedRetail: retail)
            let state = try owner.offer(appraisalID: a.id, breakdown: breakdown, amount: breakdown.formulaOffer, reason: "", actor: "volkova")
            try fixture.connection.transaction { c in
                try c.execute("SELECT set_config('kite.appraisal_command', 'on', true)")
                try c.execute("UPDATE appraisals SET offer_valid_until = appraisal_today(dealership_id) + (\(validDays))::int WHERE id = \(a.id)")
            }
            return state
        }
        #expect(try appraisal(1, in: msk, retail: Money(roubles: 5_000_000), validDays: 10) == .awaitingApproval)
        #expect(try appraisal(2, in: spb, retail: Money(roubles: 1_500_000), validDays: 1) == .offered)
        #expect(try appraisal(3, in: spb, retail: Money(roubles: 1_500_000), validDays: 10) == .offered)

        let mskPerson = try HomeRepository(connection: fixture.person(.operator, ["MSK"]).connect()).counts(timeZone: "Europe/Moscow")
        #expect(mskPerson.count("stock.in_stock") == 2)
        #expect(mskPerson.count("stock.aged") == 1)
        #expect(mskPerson.count("deals.draft") == 1)
        #expect(mskPerson.count("payments.pending") == 1)
        #expect(mskPerson.amount("payments.pending_amount") == Money(roubles: 1_000))
        #expect(mskPerson.count("appraisals.awaiting_approval") == 1 && mskPerson.count("appraisals.expiring") == 0)

        let spbPerson = try HomeRepository(connection: fixture.person(.manager, ["SPB"]).connect()).counts(timeZone: "Europe/Moscow")
        #expect(spbPerson.count("stock.in_stock") == 3 && spbPerson.count("stock.aged") == 3)
        #expect(spbPerson.count("payments.pending") == 2)
        #expect(spbPerson.count("appraisals.awaiting_approval") == 0 && spbPerson.count("appraisals.expiring") == 1)

        let headOffice = try HomeRepository(connection: fixture.person(.admin, ["MSK"]).connect()).counts(timeZone: "Europe/Moscow")
        #expect(headOffice.count("stock.in_stock") == 5 && headOffice.count("stock.aged") == 4)
        #expect(headOffice.count("deals.draft") == 3)
        #expect(headOffice.count("appraisals.awaiting_approval") == 1 && headOffice.count("appraisals.expiring") == 1)
    }

    @Test("The stock tallies stay equal to the cars through inserts, status changes and moves")
    func tallesFollowEveryChange() throws {
        let fixture = try SecurityFixture()
        let msk = fixture.finance.dealership.id, spb = fixture.spb.id
        let vehicles = VehicleRepository(connection: fixture.connection)
        for n in 1...6 {
            try vehicles.insert(Self.car(n, dealership: n % 2 == 0 ? msk : spb, status: .inStock, arrivedDaysAgo: n * 30), actor: "seed")
        }
        try fixture.connection.execute("UPDATE vehicles SET status = 'in_preparation' WHERE stock_number LIKE '%-1' OR stock_number LIKE '%-2'")
        try fixture.connection.execute("UPDATE vehicles SET dealership_id = \(msk), arrival_date = NULL WHERE stock_number LIKE '%-3'")
        // (Cars are never deleted once they have cost lines; the trigger's delete branch mirrors its insert.)
        try fixture.connection.execute("UPDATE vehicles SET status = 'written_off', arrival_date = arrival_date - 1 WHERE stock_number LIKE '%-4'")
        struct Tally: Decodable, Hashable { var dealershipId: Int64; var status: String; var day: String; var n: Int64 }
        let real = Set(try fixture.connection.fetch(Tally.self, """
            SELECT dealership_id, status, coalesce(arrival_date, 'infinity')::text AS day, count(*) AS n FROM vehicles GROUP BY 1, 2, 3
            """))
        let tallied = Set(try fixture.connection.fetch(Tally.self, """
            SELECT dealership_id, status, arrival_day::text AS day, vehicles AS n FROM stock_tallies WHERE vehicles <> 0
            """))
        #expect(real == tallied)
        #expect(real.count > 3)
    }

    @Test("A draft is its author's alone: another login neither sees, changes nor writes it; kited prunes old ones")
    func draftsAreTheirAuthorsAlone() throws {
        let fixture = try SecurityFixture()
        let anna = try fixture.person(.manager, ["MSK"])
        let boris = try fixture.person(.manager, ["MSK"])
        let admin = try fixture.person(.admin, ["MSK"])
        let annas = DraftRepository(connection: try anna.connect())
        try annas.save(screen: "deal", recordID: 42, title: "Сделка MSK-2026-000042", fields: ["discount": "5000"], baseVersion: nil)
        #expect(try annas.get(screen: "deal", recordID: 42)?.fields == ["discount": "5000"])

        for other in [boris, admin] {
            let connection = try other.connect()
            #expect(try DraftRepository(connection: connection).list().isEmpty)
            #expect(try connection.fetch(String.self, "SELECT login FROM drafts").isEmpty)
            #expect(try connection.execute("UPDATE drafts SET fields = '{}'").affectedRows == 0)
            #expect(try connection.execute("DELETE FROM drafts").affectedRows == 0)
            #expect(throws: DatabaseError.self) {
                try connection.execute("""
                    INSERT INTO drafts (login, screen, record_id, fields) VALUES (\(anna.login), 'deal', 43, '{"x":"y"}')
                    """)
            }
        }
        #expect(try annas.list().map(\.recordId) == [42])

        // kited prunes drafts nobody touched for the configured age, whoever's they are.
        try annas.save(screen: "vehicle", recordID: nil, title: "Автомобиль", fields: ["vin": "XTA"], baseVersion: nil)
        try fixture.connection.execute("UPDATE drafts SET updated_at = now() - interval '3 days' WHERE screen = 'deal'")
        let kited = try fixture.service("kite_kited").connect()
        #expect(try DraftRepository(connection: kited).prune(maxAgeHours: 48) == 1)
        #expect(try annas.list().map(\.screen) == ["vehicle"])
        try annas.delete(screen: "vehicle", recordID: nil)
        #expect(try annas.list().isEmpty)
    }

    @Test("A draft keeps the rows of the card's detail tables beside its fields, and rewrites them")
    func draftKeepsDetailRows() throws {
        let fixture = try SecurityFixture()
        let anna = DraftRepository(connection: try fixture.person(.manager, ["MSK"]).connect())
        let rows = DraftRows(["lines": [["kind": "accessory", "description": "Фаркоп \"усиленный\"\n", "unit_price": "15 000"],
                                        ["kind": "service", "description": "Мойка", "unit_price": "1 500"]]])
        try anna.save(screen: "deal", recordID: 7, title: "Сделка", fields: ["loan_bank": "Банк"], details: rows, baseVersion: nil)
        let kept = try #require(try anna.get(screen: "deal", recordID: 7))
        #expect(kept.fields == ["loan_bank": "Банк"])
        #expect(kept.details == rows)
        #expect(kept.details["lines"]?.count == 2)
        // A later write replaces the rows (one removed), and a draft without tables has none.
        try anna.save(screen: "deal", recordID: 7, title: "Сделка", fields: ["loan_bank": "Банк"],
                      details: DraftRows(["lines": [rows["lines"]![1]]]), baseVersion: nil)
        #expect(try anna.get(screen: "deal", recordID: 7)?.details["lines"] == [rows["lines"]![1]])
        try anna.save(screen: "vehicle", recordID: 8, title: "Автомобиль", fields: ["vin": "XTA"], baseVersion: nil)
        #expect(try anna.get(screen: "vehicle", recordID: 8)?.details.isEmpty == true)
    }
}
