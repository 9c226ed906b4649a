import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Migration 0031 and AppraisalRepository.buy: the purchase in one transaction behind the
/// contract gate's rule, the race of two clerks, and a trade-in credited to its deal.
@Suite struct AppraisalPurchaseTests {
    /// An accepted appraisal at 1 222 500 ₽.
    static func accepted(_ f: AppraisalFixture, serial: Int = 123) throws -> Appraisal {
        let a = try f.draft(serial: serial)
        try f.offer(a, retail: Money(roubles: 1_500_000))
        try f.appraisals.answer(appraisalID: a.id, accepted: true, actor: "volkova")
        return try #require(try f.appraisals.get(id: a.id))
    }

    /// Every blocking check of the dealership passed, for the appraisal's car and the seller.
    static func passChecks(_ f: AppraisalFixture, _ a: Appraisal, failing: String? = nil) throws {
        try passChecks(f.connection, a, failing: failing)
    }

    static func passChecks(_ connection: PGConnection, _ a: Appraisal, failing: String? = nil) throws {
        let names = try connection.fetch(String.self,
            "SELECT unnest(blocking_checks) FROM dealerships WHERE id = \(a.dealershipID)")
        let results = names.map { NewCheckResult(checkName: $0, status: $0 == failing ? .failed : .passed,
                                                 details: $0 == failing ? "залог в пользу ООО «Банк»" : "") }
        let checks = CheckResultRepository(connection: connection)
        try checks.record(results, subject: .appraisal, subjectID: a.id, vin: a.vin)
        try checks.record(results, subject: .customer, subjectID: a.sellerID)
    }

    @Test func refusedWhileAChecksIsMissingOrFailedThenBoughtInOneTransaction() throws {
        let f = try AppraisalFixture()
        let a = try Self.accepted(f)
        // The appraisal's checks were enqueued for kited when it was saved.
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM jobs WHERE kind = 'appraisal.verify'") == 1)
        let missing = #expect(throws: AppraisalRefusal.self) { try f.appraisals.buy(appraisalID: a.id, locationID: f.stock.yard.id, actor: "volkova") }
        #expect(missing?.code == "appraisal_checks_block")
        #expect(missing?.localizedReason.ru.contains("не проводилась") == true)
        #expect(missing?.localizedReason.ru.contains("по оценке \(a.number)") == true)
        try Self.passChecks(f, a, failing: "pledge")
        let pledged = #expect(throws: AppraisalRefusal.self) { try f.appraisals.buy(appraisalID: a.id, locationID: f.stock.yard.id, actor: "volkova") }
        #expect(pledged?.localizedReason.ru.contains("залог в пользу ООО «Банк»") == true)
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM vehicles WHERE vin = \(a.vin)") == 0)
        try Self.passChecks(f, a)
        let vehicleID = try f.appraisals.buy(appraisalID: a.id, locationID: f.stock.yard.id, method: .cash, actor: "volkova")
        let car = try #require(try f.stock.vehicles.get(id: vehicleID))
        #expect(car.status == .inStock && car.condition == .used && car.vin == a.vin && car.make == "Haval")
        #expect(car.purchaseCost == Money(roubles: 1_222_500) && car.boughtFromPrivatePerson)
        #expect(car.stockNumber.hasPrefix("MSK-") && car.locationID == f.stock.yard.id && car.mileageKm == 64_000)
        let bought = try #require(try f.appraisals.get(id: a.id))
        #expect(bought.state == .bought && bought.vehicleID == vehicleID && bought.purchasePrice == Money(roubles: 1_222_500))
        #expect(try f.appraisals.forVehicle(vehicleID: vehicleID)?.number == a.number)
        struct Payout: Decodable { var kind: String; var direction: String; var method: String; var state: String; var amount: Money; var counterparty: String }
        let payoutID = try #require(bought.payoutID)
        let payout = try #require(try f.connection.fetchOne(Payout.self,
            "SELECT kind, direction, method, state, amount, counterparty FROM payments WHERE id = \(payoutID)"))
        #expect(payout.kind == "seller_payout" && payout.direction == "outgoing" && payout.method == "cash" && payout.state == "pending")
        #expect(payout.amount == Money(roubles: 1_222_500) && payout.counterparty == "Смирнов Олег Петрович")
        // The cost ledger has the purchase line (shared with logistics: reconditioning goes there too).
        #expect(try f.connection.fetchOne(Money.self,
            "SELECT sum(amount) FROM vehicle_costs WHERE vehicle_id = \(vehicleID) AND kind = 'purchase'") == Money(roubles: 1_222_500))
        #expect(try f.appraisals.events(appraisalID: a.id).last?.event == "bought")
        // Bought once.
        let again = #expect(throws: AppraisalRefusal.self) { try f.appraisals.buy(appraisalID: a.id, locationID: nil, actor: "volkova") }
        #expect(again?.code == "appraisal_state_refused")
    }

    @Test func twoClerksBuyingAtOnceOneSucceeds() throws {
        let f = try AppraisalFixture()
        let a = try Self.accepted(f)
        try Self.passChecks(f, a)
        let conninfo = f.stock.conninfo
        let outcomes = Outcomes()
        let group = DispatchGroup()
        for clerk in ["volkova", "sidorova"] {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                do {
                    let repository = AppraisalRepository(connection: try PGConnection(conninfo))
                    _ = try repository.buy(appraisalID: a.id, locationID: nil, actor: clerk)
                    outcomes.add("bought")
                } catch let refusal as AppraisalRefusal {
                    outcomes.add(refusal.code + ":" + (refusal.values["state"] ?? ""))
                } catch {
                    outcomes.add("error: \(error)")
                }
            }
        }
        group.wait()
        #expect(outcomes.all.sorted() == ["appraisal_state_refused:bought", "bought"])
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM vehicles WHERE vin = \(a.vin)") == 1)
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM payments WHERE kind = 'seller_payout'") == 1)
    }

    @Test func aTradeInBecomesItsDealsCreditAndNoPayout() throws {
        let f = try AppraisalFixture()
        let buyer = try AppraisalFixture.seller(f.connection, dealershipID: f.stock.dealership.id, name: "Покупатель Новой")
        let deal = try #require(try f.connection.fetchOne(Int64.self, """
            INSERT INTO deals (number, dealership_id, manager_login, customer_id, stage, list_price, sale_price, total_amount,
                               amount_due, customer_part, updated_by)
            VALUES ('MSK-2026-000900', \(f.stock.dealership.id), 'ivanova', \(buyer), 'draft', 3000000, 3000000, 3000000,
                    3000000, 3000000, 'test') RETURNING id
            """))
        var sample = AppraisalFixture.sample(dealershipID: f.stock.dealership.id, sellerID: f.sellerID)
        sample.source = .tradeIn
        sample.dealID = deal
        let a = try f.appraisals.create(sample, on: AppraisalFixture.day, actor: "volkova")
        try f.offer(a, retail: Money(roubles: 1_500_000))
        try f.appraisals.answer(appraisalID: a.id, accepted: true, actor: "volkova")
        try Self.passChecks(f, a)
        let vehicleID = try f.appraisals.buy(appraisalID: a.id, locationID: nil, actor: "volkova")
        struct Terms: Decodable { var tradeInCredit: Money; var amountDue: Money; var tradeInDescription: String }
        let terms = try #require(try f.connection.fetchOne(Terms.self,
            "SELECT trade_in_credit, amount_due, trade_in_description FROM deals WHERE id = \(deal)"))
        #expect(terms.tradeInCredit == Money(roubles: 1_222_500) && terms.amountDue == Money(roubles: 1_777_500))
        #expect(terms.tradeInDescription.contains(a.number) && terms.tradeInDescription.contains(a.vin))
        #expect(try f.appraisals.get(id: a.id)?.payoutID == nil)
        #expect(try f.connection.fetchOne(Int.self, "SELECT count(*)::int FROM payments") == 0)
        #expect(try f.stock.vehicles.get(id: vehicleID)?.boughtFromPrivatePerson == true)
    }
}

/// Thread-safe list of what each clerk got.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

/// The buyout reports: look-to-book per appraiser, and estimated against actual
/// reconditioning from the cost ledger.
@Suite struct AppraisalReportTests {
    @Test func lookToBookAndTheReconditioningEstimateAgainstTheLedger() throws {
        let f = try AppraisalFixture()
        let bought = try AppraisalPurchaseTests.accepted(f)
        try AppraisalPurchaseTests.passChecks(f, bought)
        let vehicleID = try f.appraisals.buy(appraisalID: bought.id, locationID: nil, actor: "volkova")
        let declined = try f.draft(serial: 300)
        try f.offer(declined, retail: Money(roubles: 1_500_000))
        try f.appraisals.answer(appraisalID: declined.id, accepted: false, reason: "дорого", actor: "volkova")
        _ = try f.draft(serial: 301)   // a draft: no offer, not counted
        let from = CivilDate(year: 2000, month: 1, day: 1)!, to = CivilDate(year: 2100, month: 1, day: 1)!
        let look = try f.appraisals.lookToBook(from: from, to: to)
        #expect(look.map(\.dealershipCode) == ["MSK"] && look.map(\.appraiserLogin) == ["volkova"])
        #expect(look.map(\.offered) == [2] && look.map(\.bought) == [1])
        #expect(look.map(\.appraised) == [3] && look.map(\.source) == [.walkIn])
        #expect(look[0].permille == 500)
        // The actual reconditioning: manual lines of the shared ledger (60 000 estimated by default).
        try f.connection.execute("""
            INSERT INTO vehicle_costs (vehicle_id, kind, amount, source, note, actor)
            VALUES (\(vehicleID), 'reconditioning', 45000, 'manual', 'полировка, шины', 'smirnov'),
                   (\(vehicleID), 'reconditioning', 22500.50, 'manual', 'лобовое стекло', 'smirnov')
            """)
        let variance = try f.appraisals.reconditioningVariance(from: from, to: to)
        #expect(variance.count == 1 && variance[0].number == bought.number)
        let actual = try Money.parse("67500,50"), short = try Money.parse("7500,50")
        #expect(variance[0].estimate == Money(roubles: 60_000))
        #expect(variance[0].actual == actual && variance[0].difference == short)
    }
}

/// Migration 0032: the contract gate is appraisal_buy's own, so a login calling it from psql
/// (not through AppraisalRepository) is refused the same way, and the refusal reads in the
/// person's words.
@Suite struct AppraisalPurchaseGateTests {
    @Test func appraisalBuyCalledDirectlyByAnAppraiserIsRefusedWhileABlockingCheckFailedOrIsMissing() throws {
        let fixture = try SecurityFixture()
        let msk = fixture.finance.dealership
        let seller = try AppraisalFixture.seller(fixture.connection, dealershipID: msk.id)
        let appraiserLogin = try fixture.person(.appraiser)
        let session = try appraiserLogin.connect()
        let appraiser = AppraisalRepository(connection: session)
        let a = try appraiser.create(AppraisalFixture.sample(dealershipID: msk.id, sellerID: seller), on: AppraisalFixture.day,
                                     actor: appraiserLogin.login)
        let (breakdown, _) = try appraiser.breakdown(for: a, expectedRetail: Money(roubles: 1_500_000))
        try appraiser.offer(appraisalID: a.id, breakdown: breakdown, amount: breakdown.formulaOffer, reason: "", actor: appraiserLogin.login)
        try appraiser.answer(appraisalID: a.id, accepted: true, actor: appraiserLogin.login)
        let login = appraiserLogin.login
        func buyDirectly(_ c: PGConnection) throws -> Int64? {
            try c.fetchOne(Int64.self, "SELECT appraisal_buy(\(a.id), NULL, 'cash', \(login))")
        }

        // No check ran yet: the database itself refuses, naming the rule.
        let missing = #expect(throws: DatabaseError.self) { _ = try buyDirectly(session) }
        #expect(missing?.constraint == "appraisal_checks_block")
        #expect(missing?.message.contains("pledge of the car is missing") == true)
        let missingText = try #require(missing.flatMap { AppraisalRefusal.from($0) })
        #expect(missingText.localizedReason.ru.hasPrefix("Выкуп невозможен: Проверка «VIN и контрольная цифра» для автомобиля по оценке \(a.number) (VIN \(a.vin)) не проводилась"))
        #expect(missingText.localizedReason.en.contains("Check 'Pledge registry' has no result for the car of appraisal \(a.number)"))

        // The pledge registry failed: refused, with the registry's words.
        try AppraisalPurchaseTests.passChecks(fixture.connection, a, failing: "pledge")
        let failed = #expect(throws: DatabaseError.self) { _ = try buyDirectly(session) }
        #expect(failed?.constraint == "appraisal_checks_block")
        let failedText = try #require(failed.flatMap { AppraisalRefusal.from($0) })
        #expect(failedText.localizedReason.ru
            == "Выкуп невозможен: Проверка «Реестр залогов» не пройдена для автомобиля по оценке \(a.number) (VIN \(a.vin)): залог в пользу ООО «Банк»")
        #expect(try fixture.connection.fetchOne(Int.self, "SELECT count(*)::int FROM vehicles WHERE vin = \(a.vin)") == 0)
        #expect(try fixture.connection.fetchOne(String.self, "SELECT state FROM appraisals WHERE id = \(a.id)") == "accepted")

        // A seller's check out of date blocks too (check_max_age_days).
        try AppraisalPurchaseTests.passChecks(fixture.connection, a)
        try fixture.connection.execute("""
            UPDATE check_results SET checked_at = now() - interval '40 days'
             WHERE subject_kind = 'customer' AND subject_id = \(seller) AND check_name = 'passport_invalid'
            """)
        let stale = #expect(throws: DatabaseError.self) { _ = try buyDirectly(session) }
        let staleText = try #require(stale.flatMap { AppraisalRefusal.from($0) })
        #expect(staleText.localizedReason.ru
            == "Выкуп невозможен: Проверка «Недействительный паспорт» для клиента «Смирнов Олег Петрович» устарела: последний результат 40 дн. назад, допускается не старше 30 дн.")

        // All fresh and passed: the same direct call buys.
        try AppraisalPurchaseTests.passChecks(fixture.connection, a)
        let vehicle = try #require(try buyDirectly(session))
        #expect(try fixture.connection.fetchOne(String.self, "SELECT vin::text FROM vehicles WHERE id = \(vehicle)") == a.vin)

        // A finance login is not a buyer at all: refused before the gate.
        let finance = try fixture.person(.finance).connect()
        let notBuyer = #expect(throws: DatabaseError.self) { _ = try buyDirectly(finance) }
        #expect(notBuyer?.constraint == "appraisal_buyer_role")
    }

    /// The database's check lists (kite_check_subject) are CheckCatalog's.
    @Test func theDatabasesCheckSubjectsAreTheCatalogs() throws {
        let f = try AppraisalFixture()
        for kind in ["person", "company", "sole_trader"] {
            let all = Set(CheckCatalog.vehicleChecks + CheckCatalog.personChecks + CheckCatalog.companyChecks + ["unknown_check"])
            for check in all {
                let expected: String? = CheckCatalog.vehicleChecks.contains(check) ? "vehicle"
                    : CheckCatalog.customerChecks(kind: kind).contains(check) ? "customer" : nil
                let subject = try f.connection.fetchOne(String?.self, "SELECT kite_check_subject(\(check), \(kind))") ?? nil
                #expect(subject == expected, "\(check) for \(kind)")
            }
        }
    }
}
