import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// A stock fixture with a seller (a private person) and a helper for appraisals.
struct AppraisalFixture {
    let stock: StockFixture
    let sellerID: Int64
    var connection: PGConnection { stock.connection }
    var appraisals: AppraisalRepository { AppraisalRepository(connection: connection) }
    static let day = CivilDate(year: 2026, month: 12, day: 3)!

    init() throws {
        stock = try StockFixture()
        sellerID = try Self.seller(stock.connection, dealershipID: stock.dealership.id)
    }

    static func seller(_ connection: PGConnection, dealershipID: Int64, name: String = "Смирнов Олег Петрович") throws -> Int64 {
        try connection.fetchOne(Int64.self, """
            INSERT INTO customers (kind, name, dealership_id, phone, updated_by)
            VALUES ('person', \(name), \(dealershipID), '+79161112233', 'test') RETURNING id
            """)!
    }

    static func sample(dealershipID: Int64, sellerID: Int64, serial: Int = 123) -> Appraisal {
        var a = Appraisal()
        a.dealershipID = dealershipID
        a.sellerID = sellerID
        a.vin = VINGenerator.make(wmi: "LGW", vds: "EF4A5", modelYear: 2021, serial: serial).lowercased()
        a.make = " Haval "
        a.model = "F7"
        a.mileageKm = 64_000
        a.ptsKind = .electronic
        a.ptsNumber = "164301012345678"
        a.plate = "a123bc77"
        a.colour = "серый"
        return a
    }

    func draft(serial: Int = 123, actor: String = "volkova") throws -> Appraisal {
        try appraisals.create(Self.sample(dealershipID: stock.dealership.id, sellerID: sellerID, serial: serial), on: Self.day, actor: actor)
    }

    /// An offer at the formula's amount for an expected retail price.
    @discardableResult
    func offer(_ a: Appraisal, retail: Money, actor: String = "volkova") throws -> AppraisalState {
        let (breakdown, _) = try appraisals.breakdown(for: a, expectedRetail: retail)
        return try appraisals.offer(appraisalID: a.id, breakdown: breakdown, amount: breakdown.formulaOffer, reason: "", actor: actor)
    }

    /// Moves an offer's date into the past, as the owner inside a command would.
    func backdateOffer(_ id: Int64, days: Int) throws {
        try connection.transaction { c in
            try c.execute("SELECT set_config('kite.appraisal_command', 'on', true)")
            try c.execute("UPDATE appraisals SET offer_valid_until = appraisal_today(dealership_id) - (\(days))::int WHERE id = \(id)")
        }
    }

    /// A car of the group sold `daysAgo` days ago after `daysInStock` days, at `price`.
    func soldCar(_ n: Int, make: String = "Haval", model: String = "F7", year: Int = 2021, mileage: Int = 60_000,
                 price: Int64, daysAgo: Int = 10, daysInStock: Int = 30) throws {
        var v = stock.vehicle(10_000 + n, make: make, model: model, year: year, status: .sold)
        v.mileageKm = mileage
        v.condition = .used
        let stored = try stock.vehicles.insert(v, actor: "seed")
        let customer = try Self.seller(connection, dealershipID: stock.dealership.id, name: "Покупатель \(n)")
        try connection.execute("""
            UPDATE vehicles SET arrival_date = (now() - make_interval(days => \(daysAgo + daysInStock)))::date WHERE id = \(stored.id)
            """)
        try connection.execute("""
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, vehicle_id, stage, list_price, sale_price,
                               contracted_at, updated_by)
            VALUES (\(String(format: "MSK-2026-%06d", 500 + n)), \(stock.dealership.id), 'ivanova', \(customer), \(stored.id),
                    'contracted', \(Money(roubles: price)), \(Money(roubles: price)), now() - make_interval(days => \(daysAgo)), 'seed')
            """)
    }
}

/// Migration 0030 and AppraisalRepository: numbering, the description, the checklist,
/// paint and reconditioning rows, the offer with its history, approval (never by the one
/// who asked), the seller's answer, expiry, and the comparables from the group's sales.
@Suite struct AppraisalRepositoryTests {
    @Test func numberedPerDealershipAndYearWithTheVINDecoded() throws {
        let f = try AppraisalFixture()
        let a = try f.draft()
        let b = try f.draft(serial: 124)
        #expect(a.number == "MSK-AP-2026-000001" && b.number == "MSK-AP-2026-000002")
        #expect(a.state == .draft && a.appraiserLogin == "volkova")
        #expect(a.vin == a.vin.uppercased() && a.make == "Haval" && a.modelYear == 2021)   // the year from the VIN
        #expect(a.plate == "А123ВС77")
        let rows = try f.appraisals.list(AppraisalFilter())
        #expect(rows.map(\.number) == [b.number, a.number])
        #expect(rows[0].sellerName == "Смирнов Олег Петрович" && rows[0].makeModel == "Haval F7")
        // Edited with the version check; the audit trail has the rows.
        var edited = a
        edited.mileageKm = 65_500
        let saved = try f.appraisals.update(edited, actor: "volkova")
        #expect(saved.mileageKm == 65_500 && saved.version == a.version + 1)
        #expect(throws: StaleWriteError.self) { try f.appraisals.update(edited, actor: "volkova") }
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM audit_trail WHERE table_name = 'appraisals'") == 3)
    }

    @Test func theChecklistPaintAndReconditioningAreRowsOfTheAppraisal() throws {
        let f = try AppraisalFixture()
        let a = try f.draft()
        try f.appraisals.saveAnswers(appraisalID: a.id, [
            AppraisalAnswer(itemCode: "documents.pts_matches", answer: .ok),
            AppraisalAnswer(itemCode: "body.dents", answer: .defect, severity: .moderate, note: "дверь", photos: ["IMG_1.jpg", "IMG_2.jpg"]),
        ], actor: "volkova")
        try f.appraisals.saveAnswers(appraisalID: a.id, [AppraisalAnswer(itemCode: "body.dents", answer: .defect, severity: .severe)], actor: "volkova")
        let answers = try f.appraisals.answers(appraisalID: a.id)
        #expect(answers.map(\.itemCode) == ["body.dents", "documents.pts_matches"])
        #expect(answers[0].severity == .severe && answers[0].photos == [])
        // A defect without its severity is refused by the database too.
        #expect(throws: DatabaseError.self) {
            try f.appraisals.saveAnswers(appraisalID: a.id, [AppraisalAnswer(itemCode: "glass.windshield", answer: .defect)], actor: "volkova")
        }
        try f.appraisals.savePaint(appraisalID: a.id, [PaintReading(panel: "hood", microns: 110), PaintReading(panel: "door_fl", microns: 340)], actor: "volkova")
        #expect(try f.appraisals.paint(appraisalID: a.id).map(\.microns) == [340, 110])
        try f.appraisals.addReconditioning(appraisalID: a.id, ReconditioningLine(itemCode: "body.dents", description: "Ремонт двери", amount: Money(roubles: 45_000)), actor: "volkova")
        let typed = try f.appraisals.addReconditioning(appraisalID: a.id, ReconditioningLine(description: "Полировка", amount: Money(roubles: 8_000)), actor: "volkova")
        try f.appraisals.removeReconditioning(appraisalID: a.id, lineID: typed, actor: "volkova")
        #expect(try f.appraisals.reconditioning(appraisalID: a.id).map(\.amount) == [Money(roubles: 45_000)])
        // The lines are the offer's reconditioning.
        let (breakdown, _) = try f.appraisals.breakdown(for: a, expectedRetail: Money(roubles: 2_000_000))
        #expect(breakdown.reconditioning == Money(roubles: 45_000) && !breakdown.reconditioningIsDefault)
    }

    @Test func aRecordedAnswerOrReadingIsClearedAndTheAuditTrailKeepsIt() throws {
        let f = try AppraisalFixture()
        let a = try f.draft()
        try f.appraisals.saveAnswers(appraisalID: a.id, [
            AppraisalAnswer(itemCode: "documents.pts_matches", answer: .ok),
            AppraisalAnswer(itemCode: "body.dents", answer: .defect, severity: .moderate, note: "дверь"),
        ], actor: "volkova")
        try f.appraisals.savePaint(appraisalID: a.id, [PaintReading(panel: "hood", microns: 110), PaintReading(panel: "door_fl", microns: 340)], actor: "volkova")
        let version = try #require(try f.appraisals.get(id: a.id)).version
        try f.appraisals.clearAnswers(appraisalID: a.id, itemCodes: ["body.dents"], actor: "volkova")
        try f.appraisals.clearPaint(appraisalID: a.id, panels: ["door_fl"], actor: "volkova")
        #expect(try f.appraisals.answers(appraisalID: a.id).map(\.itemCode) == ["documents.pts_matches"])
        #expect(try f.appraisals.paint(appraisalID: a.id).map(\.panel) == ["hood"])
        #expect(try f.appraisals.get(id: a.id)?.version == version + 2)
        #expect(try f.connection.fetchOne(Int.self, """
            SELECT count(*)::int FROM audit_trail WHERE table_name IN ('appraisal_answers', 'appraisal_paint') AND operation = 'DELETE'
            """) == 2)
    }

    @Test func anOfferBelowTheLimitIsOfferedAndEveryChangeIsKept() throws {
        let f = try AppraisalFixture()
        let a = try f.draft()
        #expect(try f.offer(a, retail: Money(roubles: 1_500_000)) == .offered)
        var stored = try #require(try f.appraisals.get(id: a.id))
        #expect(stored.offerAmount == Money(roubles: 1_222_500) && stored.offerValidUntil != nil)
        // A different amount needs a reason.
        let (breakdown, _) = try f.appraisals.breakdown(for: stored, expectedRetail: Money(roubles: 1_500_000))
        let refusal = #expect(throws: AppraisalRefusal.self) {
            try f.appraisals.offer(appraisalID: a.id, breakdown: breakdown, amount: Money(roubles: 1_200_000), reason: "", actor: "volkova")
        }
        #expect(refusal?.code == "appraisal_offer_reason")
        #expect(refusal?.localizedReason.ru == "Предложение \(Money(roubles: 1_200_000).formatted(.ru)) отличается от расчётного \(Money(roubles: 1_222_500).formatted(.ru)): укажите причину")
        try f.appraisals.offer(appraisalID: a.id, breakdown: breakdown, amount: Money(roubles: 1_200_000), reason: "скол на стекле", actor: "volkova")
        // The state is the commands' alone.
        let direct = #expect(throws: DatabaseError.self) { try f.connection.execute("UPDATE appraisals SET state = 'accepted' WHERE id = \(a.id)") }
        #expect(direct?.constraint == "appraisal_state")
        try f.appraisals.answer(appraisalID: a.id, accepted: true, actor: "volkova")
        stored = try #require(try f.appraisals.get(id: a.id))
        #expect(stored.state == .accepted && stored.offerAmount == Money(roubles: 1_200_000) && stored.offerReason == "скол на стекле")
        let events = try f.appraisals.events(appraisalID: a.id)
        #expect(events.map(\.event) == ["offered", "offered", "accepted"])
        #expect(events.map(\.offerAmount) == [Money(roubles: 1_222_500), Money(roubles: 1_200_000), Money(roubles: 1_200_000)])
        // Accepted: the car as described no longer changes.
        var edited = stored
        edited.mileageKm = 1
        let frozen = #expect(throws: AppraisalRefusal.self) { try f.appraisals.update(edited, actor: "volkova") }
        #expect(frozen?.code == "appraisal_frozen")
        #expect(throws: AppraisalRefusal.self) {
            try f.appraisals.savePaint(appraisalID: a.id, [PaintReading(panel: "roof", microns: 100)], actor: "volkova")
        }
    }

    @Test func aDeclineNeedsAReasonAndAnExpiredOfferTakesNoAnswer() throws {
        let f = try AppraisalFixture()
        let a = try f.draft()
        try f.offer(a, retail: Money(roubles: 1_500_000))
        let why = #expect(throws: AppraisalRefusal.self) { try f.appraisals.answer(appraisalID: a.id, accepted: false, actor: "volkova") }
        #expect(why?.code == "appraisal_reason_required")
        try f.appraisals.answer(appraisalID: a.id, accepted: false, reason: "продал сам", actor: "volkova")
        #expect(try f.appraisals.get(id: a.id)?.state == .declined)
        // A new offer after a decline; then it runs out.
        try f.offer(a, retail: Money(roubles: 1_600_000))
        try f.backdateOffer(a.id, days: 1)
        let late = #expect(throws: AppraisalRefusal.self) { try f.appraisals.answer(appraisalID: a.id, accepted: true, actor: "volkova") }
        #expect(late?.code == "appraisal_offer_expired")
        let other = try f.draft(serial: 200)
        try f.offer(other, retail: Money(roubles: 1_500_000))
        #expect(try f.appraisals.expireOffers() == 1)
        #expect(try f.appraisals.expireOffers() == 0)
        #expect(try f.appraisals.get(id: a.id)?.state == .expired)
        #expect(try f.appraisals.get(id: other.id)?.state == .offered)
        #expect(try f.appraisals.events(appraisalID: a.id).last?.actor == "kited")
        #expect(try f.appraisals.list(AppraisalFilter(expiringWithinDays: 7)).map(\.id) == [other.id])
        #expect(try f.appraisals.list(AppraisalFilter(states: [.expired])).map(\.id) == [a.id])
    }

    @Test func theComparablesAreTheGroupsSalesLikeTheCarInOneQuery() throws {
        let f = try AppraisalFixture()
        // Like it: F7, 2020–2022, 40–80 thousand km, sold in 180 days.
        let like: [(Int64, Int, Int)] = [(1_650_000, 2021, 60_000), (1_700_000, 2020, 45_000), (1_800_000, 2022, 80_000),
                                         (1_750_000, 2021, 70_000), (1_600_000, 2021, 64_000)]
        for (i, car) in like.enumerated() {
            try f.soldCar(i, year: car.1, mileage: car.2, price: car.0, daysInStock: 20 + i * 10)
        }
        // Not like it: another model, year, mileage, or sold too long ago.
        try f.soldCar(10, model: "Jolion", price: 1_000_000)
        try f.soldCar(11, year: 2019, price: 1_000_000)
        try f.soldCar(12, mileage: 85_000, price: 1_000_000)
        try f.soldCar(13, price: 1_000_000, daysAgo: 200)
        let summary = try f.appraisals.comparables(make: "haval", model: "f7", modelYear: 2021, mileageKm: 64_000)
        let expected = ComparablesSummary.of(prices: like.map { Money(roubles: $0.0) }, daysInStock: [20, 30, 40, 50, 60])
        #expect(summary == expected)
        #expect(summary.count == 5 && summary.priceMedian == Money(roubles: 1_700_000) && summary.medianDaysInStock == 40)
        // The index alone serves each model year's scan (0043, 0044): after VACUUM no row is
        // read from the heap, and the year and the sale date bound the scan.
        try f.connection.execute("VACUUM ANALYZE vehicles")
        try f.connection.execute("SET enable_seqscan = off")
        try f.connection.execute("SET enable_bitmapscan = off")
        let plan = try f.connection.fetch(String.self, """
            EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
            SELECT v.sale_price, greatest(0, (v.sold_at::date - coalesce(v.arrival_date, v.created_at::date)))::int
              FROM vehicles v
             WHERE v.status IN ('sold', 'delivered') AND v.sold_at IS NOT NULL AND lower(v.make) = 'haval' AND lower(v.model) = 'f7'
               AND v.year = 2021 AND v.sold_at >= now() - make_interval(days => 180)
               AND v.mileage_km BETWEEN 44000 AND 84000
            """).joined(separator: "\n")
        #expect(plan.contains("Index Only Scan using vehicles_sold_comparables"), "\(plan)")
        #expect(plan.contains("Heap Fetches: 0"), "\(plan)")
        #expect(plan.contains("(year = 2021) AND (sold_at >="), "\(plan)")
    }

    /// The sale kept on the car (0043) follows its deals: contracted sets it, a cancelled
    /// sale clears it, and nobody writes it by hand.
    @Test func theSaleOnTheCarFollowsItsDealsAndIsNotWrittenByPeople() throws {
        let f = try AppraisalFixture()
        try f.soldCar(1, price: 1_650_000, daysAgo: 10)
        let vehicleID = try #require(try f.connection.fetchOne(Int64.self, "SELECT id FROM vehicles WHERE make = 'Haval' AND model = 'F7'"))
        struct Sale: Decodable, Equatable { var salePrice: Money?; var soldDaysAgo: Int? }
        func sale() throws -> Sale? {
            try f.connection.fetchOne(Sale.self, """
                SELECT sale_price, (current_date - sold_at::date) AS sold_days_ago FROM vehicles WHERE id = \(vehicleID)
                """)
        }
        #expect(try sale() == Sale(salePrice: Money(roubles: 1_650_000), soldDaysAgo: 10))
        let dealID = try #require(try f.connection.fetchOne(Int64.self, "SELECT id FROM deals WHERE vehicle_id = \(vehicleID)"))
        // A price corrected on the deal is the car's.
        try f.connection.execute("UPDATE deals SET sale_price = 1640000 WHERE id = \(dealID)")
        #expect(try sale()?.salePrice == Money(roubles: 1_640_000))
        #expect(try f.appraisals.comparables(make: "Haval", model: "F7", modelYear: 2021, mileageKm: 60_000).count == 1)
        // The sale is cancelled: the car is in stock again and no comparable.
        try f.connection.execute("SELECT kite_deal_move(\(dealID), 'cancelled', 'покупатель передумал', 'ivanova')")
        #expect(try sale() == Sale(salePrice: nil, soldDaysAgo: nil))
        #expect(try f.appraisals.comparables(make: "Haval", model: "F7", modelYear: 2021, mileageKm: 60_000).count == 0)
        // People may not write it.
        let fixture = try SecurityFixture()
        let operatorLogin = try fixture.person(.operator)
        let deal = try fixture.finance.deal(number: 77, due: Money(roubles: 2_000_000))
        let car = try #require(try fixture.connection.fetchOne(Int64.self, "SELECT vehicle_id FROM deals WHERE id = \(deal)"))
        #expect(try fixture.connection.fetchOne(Money.self, "SELECT sale_price FROM vehicles WHERE id = \(car)") == Money(roubles: 2_000_000))
        let refused = #expect(throws: DatabaseError.self) {
            try operatorLogin.connect().execute("UPDATE vehicles SET sold_at = now(), sale_price = 1 WHERE id = \(car)")
        }
        // No role holds a column grant on the sale (0042 made vehicles' UPDATE column-level); the
        // trigger vehicles_sale_maintained stays behind it for a grant added by mistake.
        #expect(refused?.sqlstate == "42501" || refused?.constraint == "vehicles_sale_maintained", "\(String(describing: refused))")
    }
}

/// Issue 13 inside issue 11's access model: an appraiser keeps the appraisals of their own
/// dealership, a senior approves (not their own request), others are refused.
@Suite struct AppraisalAccessTests {
    @Test func anAppraiserOfMSKWorksInMSKAndASeniorApprovesAboveTheLimit() throws {
        let fixture = try SecurityFixture()
        let msk = fixture.finance.dealership
        let mskSeller = try AppraisalFixture.seller(fixture.connection, dealershipID: msk.id)
        let spbSeller = try AppraisalFixture.seller(fixture.connection, dealershipID: fixture.spb.id, name: "Петербуржец")
        let appraiserLogin = try fixture.person(.appraiser)
        let appraiser = AppraisalRepository(connection: try appraiserLogin.connect())
        let day = AppraisalFixture.day
        let mine = try appraiser.create(AppraisalFixture.sample(dealershipID: msk.id, sellerID: mskSeller), on: day, actor: appraiserLogin.login)
        #expect(mine.appraiserLogin == appraiserLogin.login)
        // Not in SPB: neither created nor seen.
        #expect(throws: (any Error).self) {
            try appraiser.create(AppraisalFixture.sample(dealershipID: fixture.spb.id, sellerID: spbSeller), on: day, actor: appraiserLogin.login)
        }
        let owner = AppraisalRepository(connection: fixture.connection)
        let theirs = try owner.create(AppraisalFixture.sample(dealershipID: fixture.spb.id, sellerID: spbSeller, serial: 9), on: day, actor: "owner")
        #expect(try appraiser.list(AppraisalFilter()).map(\.id) == [mine.id])
        #expect(try appraiser.get(id: theirs.id) == nil)
        // Above the limit: waits for a senior; the appraiser may not approve, nor answer yet.
        let (breakdown, _) = try appraiser.breakdown(for: mine, expectedRetail: Money(roubles: 5_000_000))
        #expect(try appraiser.offer(appraisalID: mine.id, breakdown: breakdown, amount: breakdown.formulaOffer, reason: "",
                                    actor: appraiserLogin.login) == .awaitingApproval)
        #expect(throws: (any Error).self) { try appraiser.approve(appraisalID: mine.id, actor: appraiserLogin.login) }
        let early = #expect(throws: AppraisalRefusal.self) { try appraiser.answer(appraisalID: mine.id, accepted: true, actor: appraiserLogin.login) }
        #expect(early?.code == "appraisal_state_refused")
        #expect(early?.localizedReason.ru.contains("на согласовании") == true)
        // The state is not the appraiser's to write.
        #expect(throws: DatabaseError.self) {
            try appraiser.connection.execute("UPDATE appraisals SET state = 'approved' WHERE id = \(mine.id)")
        }
        // A senior approves; the approval is in their own name.
        let seniorLogin = try fixture.person(.manager, senior: true)
        try AppraisalRepository(connection: try seniorLogin.connect()).approve(appraisalID: mine.id, actor: "someone else")
        let approved = try #require(try owner.get(id: mine.id))
        #expect(approved.state == .approved && approved.approvedBy == seniorLogin.login
                && approved.approvalRequestedBy == appraiserLogin.login)
        try appraiser.answer(appraisalID: mine.id, accepted: true, actor: appraiserLogin.login)
        // Finance sees it, and may not change it.
        let finance = AppraisalRepository(connection: try fixture.person(.finance).connect())
        #expect(try finance.get(id: mine.id)?.state == .accepted)
        #expect(throws: DatabaseError.self) {
            try finance.connection.execute("UPDATE appraisals SET notes = 'x' WHERE id = \(mine.id)")
        }
    }

    @Test func whoeverAskedForTheApprovalCannotGiveItAndOthersAreRefused() throws {
        let fixture = try SecurityFixture()
        let msk = fixture.finance.dealership
        let seller = try AppraisalFixture.seller(fixture.connection, dealershipID: msk.id)
        // An admin who is also a senior asks, then tries to approve.
        let adminLogin = try fixture.person(.admin, senior: true)
        let admin = AppraisalRepository(connection: try adminLogin.connect())
        let a = try admin.create(AppraisalFixture.sample(dealershipID: msk.id, sellerID: seller), on: AppraisalFixture.day, actor: adminLogin.login)
        let (breakdown, _) = try admin.breakdown(for: a, expectedRetail: Money(roubles: 5_000_000))
        try admin.offer(appraisalID: a.id, breakdown: breakdown, amount: breakdown.formulaOffer, reason: "", actor: adminLogin.login)
        let own = #expect(throws: AppraisalRefusal.self) { try admin.approve(appraisalID: a.id, actor: adminLogin.login) }
        #expect(own?.code == "appraisal_own_approval")
        #expect(own?.localizedReason.ru == "Согласование запросил \(adminLogin.login): согласует другой старший сотрудник")
        // An operator is not an appraiser: no appraisal, no offer.
        let op = AppraisalRepository(connection: try fixture.person(.operator).connect())
        let refused = #expect(throws: AppraisalRefusal.self) {
            try op.create(AppraisalFixture.sample(dealershipID: msk.id, sellerID: seller, serial: 5), on: AppraisalFixture.day, actor: "op")
        }
        #expect(refused?.code == "kite_appraiser_role")
        #expect(throws: (any Error).self) {
            try op.offer(appraisalID: a.id, breakdown: breakdown, amount: breakdown.formulaOffer, reason: "", actor: "op")
        }
    }
}
