import Foundation
import Synchronization
import KiteDomain
import KiteStore
import Testing

@Suite("Deal repository")
struct DealRepositoryTests {
    @Test func draftsAreNumberedPerDealershipAndYear() throws {
        let f = try SalesFixture()
        let year = try f.connection.fetchOne(Int.self, "SELECT extract(year FROM current_date)::int") ?? 0
        let first = try f.draft(vehicle: nil, customer: nil)
        let second = try f.draft(vehicle: nil, customer: nil)
        #expect(first.number == String(format: "MSK-%04d-000001", year))
        #expect(second.number == String(format: "MSK-%04d-000002", year))
        #expect(first.stage == .draft)
        #expect(first.managerLogin == "ivanov")
    }

    @Test func totalsAreStoredAsPricedIncludingMarginVAT() throws {
        let f = try SalesFixture()
        let car = try f.vehicleInStock(1, price: Money(roubles: 1_220_000))
        try f.connection.execute("""
            UPDATE vehicles SET bought_from_private_person = true, purchase_cost = 1000000 WHERE id = \(car.id)
            """)
        let customer = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        let deal = try f.draft(vehicle: car, customer: customer, lines: [
            DealExtraLine(kind: .accessory, description: "Коврики", quantity: 2, unitPrice: Money(roubles: 3_050)),
        ])
        #expect(deal.marginVAT)
        struct Totals: Decodable { var totalAmount: Money; var vatAmount: Money; var amountDue: Money }
        let totals = try #require(try f.connection.fetchOne(Totals.self,
            "SELECT total_amount, vat_amount, amount_due FROM deals WHERE id = \(deal.id)"))
        // Margin 220 000 × 22/122 = 39 672,13; lines 6 100 × 22/122 = 1 100,00.
        #expect(totals.totalAmount == Money(roubles: 1_226_100))
        #expect(totals.vatAmount == Money(kopecks: 3_967_213 + 110_000))
        #expect(totals.amountDue == Money(roubles: 1_226_100))
        #expect(deal.lines.count == 1)
    }

    @Test func reserveHoldsTheCarAndCancelReleasesIt() throws {
        let f = try SalesFixture()
        let car = try f.vehicleInStock(2)
        let customer = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        let draft = try f.draft(vehicle: car, customer: customer)
        let reserved = try f.deals.perform(.reserve, dealID: draft.id, expectedVersion: draft.version, actor: "ivanov")
        #expect(reserved.stage == .reserved)
        #expect(reserved.reservedUntil != nil)
        #expect(try f.stock.vehicles.get(id: car.id)?.status == .reserved)
        let cancelled = try f.deals.perform(.cancel, dealID: draft.id, expectedVersion: reserved.version,
                                            actor: "ivanov", reason: "Клиент передумал")
        #expect(cancelled.stage == .cancelled)
        #expect(cancelled.cancelReason == "Клиент передумал")
        #expect(try f.stock.vehicles.get(id: car.id)?.status == .inStock)
    }

    @Test func reserveNeedsCustomerAndVehicle() throws {
        let f = try SalesFixture()
        let car = try f.vehicleInStock(3)
        let draft = try f.draft(vehicle: car, customer: nil)
        #expect {
            try f.deals.perform(.reserve, dealID: draft.id, expectedVersion: draft.version, actor: "ivanov")
        } throws: { ($0 as? RefusalError)?.code == "no_customer" }
        #expect(try f.stock.vehicles.get(id: car.id)?.status == .inStock)
    }

    /// Twenty sessions reserve the same car at once: exactly one wins, every
    /// other one is told which deal and which manager hold it.
    @Test func twentyConnectionsRaceForOneCar() throws {
        let f = try SalesFixture()
        let car = try f.vehicleInStock(4)
        let customer = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        var drafts: [Deal] = []
        for index in 0..<20 {
            drafts.append(try f.draft(vehicle: car, customer: customer, manager: index == 0 ? "petrova" : "ivanov"))
        }
        let conninfo = f.conninfo
        let outcomes = RaceOutcomes()
        let group = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        for deal in drafts {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    let connection = try PGConnection(conninfo)
                    start.wait()
                    let done = try DealRepository(connection: connection)
                        .perform(.reserve, dealID: deal.id, expectedVersion: deal.version, actor: deal.managerLogin)
                    outcomes.record(.success(done.number))
                } catch {
                    outcomes.record(.failure(error))
                }
            }.start()
        }
        Thread.sleep(forTimeInterval: 0.3)
        for _ in drafts { start.signal() }
        group.wait()

        let winners = outcomes.winners
        #expect(winners.count == 1)
        let winner = try #require(winners.first)
        let winningDeal = try #require(try f.deals.get(number: winner))
        let managerName = winningDeal.managerLogin == "petrova" ? "Петрова Анна Викторовна" : "Иванов Пётр Сергеевич"
        let refusals = outcomes.refusals
        #expect(refusals.count == 19, "unexpected: \(outcomes.others)")
        for refusal in refusals {
            #expect(refusal.code == "vehicle_held")
            #expect(refusal.message.ru.contains(winner))
            #expect(refusal.message.ru.contains(managerName))
        }
        #expect(try f.connection.fetchOne(Int.self,
            "SELECT count(*)::int FROM deals WHERE vehicle_id = \(car.id) AND stage = 'reserved'") == 1)
        #expect(try f.stock.vehicles.get(id: car.id)?.status == .reserved)
    }

    @Test func contractNeedsCompleteCustomerDataAndMovesTheCarToSold() throws {
        let f = try SalesFixture()
        let car = try f.vehicleInStock(5)
        let thin = try f.customers.insert(Customer(kind: .person, name: "Орлов Кирилл"), actor: "ivanov")
        let draft = try f.draft(vehicle: car, customer: thin)
        let reserved = try f.deals.perform(.reserve, dealID: draft.id, expectedVersion: draft.version, actor: "ivanov")
        try f.connection.passContractChecks(dealID: draft.id)
        // The database's gate (0041) names what the contract still needs.
        #expect {
            try f.deals.perform(.contract, dealID: draft.id, expectedVersion: reserved.version, actor: "ivanov")
        } throws: { error in
            guard let refusal = error as? StateCommandRefusal else { return false }
            return refusal.code == "deal_customer_incomplete"
                && refusal.localizedReason.ru == "Нельзя заключить договор: не заполнены данные клиента (дата рождения, паспорт, адрес, телефон, согласие на обработку персональных данных)"
        }
        var complete = SalesFixture.completePerson("Орлов Кирилл Андреевич")
        complete.id = thin.id
        complete.version = thin.version
        _ = try f.customers.update(complete, actor: "ivanov")
        let contracted = try f.deals.perform(.contract, dealID: draft.id, expectedVersion: reserved.version, actor: "ivanov")
        #expect(contracted.stage == .contracted)
        #expect(try f.stock.vehicles.get(id: car.id)?.status == .sold)
        // Terms are fixed once contracted.
        var edited = contracted
        edited.salePrice = Money(roubles: 1)
        #expect {
            try f.deals.update(edited, actor: "ivanov")
        } throws: { ($0 as? RefusalError)?.code == "deal_fixed" }
    }

    @Test func discountAboveLimitNeedsASeniorWhoIsNotTheRequester() throws {
        let f = try SalesFixture()
        let car = try f.vehicleInStock(6, price: Money(roubles: 2_000_000))
        let customer = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        var deal = try f.draft(vehicle: car, customer: customer)
        // 10 % off with a 5 % limit.
        deal.discountAmount = Money(roubles: 200_000)
        deal.discountReason = "promo"
        deal.salePrice = Money(roubles: 1_800_000)
        deal = try f.deals.update(deal, actor: "ivanov")
        #expect(deal.discountRequestedBy == "ivanov")
        #expect {
            try f.deals.perform(.reserve, dealID: deal.id, expectedVersion: deal.version, actor: "ivanov")
        } throws: { ($0 as? RefusalError)?.code == "discount_needs_approval" }
        #expect {
            try f.deals.approveDiscount(dealID: deal.id, expectedVersion: deal.version, approver: "ivanov")
        } throws: { ($0 as? RefusalError)?.code == "discount_refused" }
        #expect {
            try f.deals.approveDiscount(dealID: deal.id, expectedVersion: deal.version, approver: "petrova")
        } throws: { ($0 as? RefusalError)?.code == "discount_refused" }
        let approved = try f.deals.approveDiscount(dealID: deal.id, expectedVersion: deal.version, approver: "boss")
        #expect(approved.discountApprovedBy == "boss")
        let reserved = try f.deals.perform(.reserve, dealID: deal.id, expectedVersion: approved.version, actor: "ivanov")
        #expect(reserved.stage == .reserved)
        // Changing the discount again drops the approval.
        var changed = reserved
        changed.discountAmount = Money(roubles: 250_000)
        changed.salePrice = Money(roubles: 1_750_000)
        let saved = try f.deals.update(changed, actor: "ivanov")
        #expect(saved.discountApprovedBy == nil)
    }

    @Test func staleDealSaveIsRefused() throws {
        let f = try SalesFixture()
        let deal = try f.draft(vehicle: nil, customer: nil)
        var mine = deal
        mine.tradeInDescription = "Kia Rio 2015"
        _ = try f.deals.update(mine, actor: "ivanov")
        var theirs = deal
        theirs.tradeInDescription = "Lada Vesta"
        #expect {
            try f.deals.update(theirs, actor: "petrova")
        } throws: { ($0 as? StaleWriteError)?.changedBy == "ivanov" }
    }

    @Test func aCarOutOfStockCannotBePutInADeal() throws {
        let f = try SalesFixture()
        let car = try f.stock.vehicles.insert(f.stock.vehicle(7, status: .inTransit), actor: "seed")
        #expect {
            try f.draft(vehicle: car, customer: nil)
        } throws: { ($0 as? RefusalError)?.code == "vehicle_unavailable" }
    }

    @Test func listFiltersByStageManagerAndExpiringReservations() throws {
        let f = try SalesFixture()
        let customer = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        let car = try f.vehicleInStock(8)
        let mine = try f.draft(vehicle: car, customer: customer)
        _ = try f.draft(vehicle: nil, customer: nil, manager: "petrova")
        _ = try f.deals.perform(.reserve, dealID: mine.id, expectedVersion: mine.version, actor: "ivanov")
        #expect(try f.deals.list(DealFilter(managerLogin: "ivanov")).map(\.id) == [mine.id])
        #expect(try f.deals.list(DealFilter(stages: [.reserved])).map(\.id) == [mine.id])
        #expect(try f.deals.list(DealFilter(text: "смирнова")).map(\.id) == [mine.id])
        #expect(try f.deals.list(DealFilter()).count == 2)
        let farFuture = CivilDate(year: 2100, month: 1, day: 1)
        #expect(try f.deals.list(DealFilter(reservationEndsBy: farFuture)).map(\.id) == [mine.id])
        let past = CivilDate(year: 2000, month: 1, day: 1)
        #expect(try f.deals.list(DealFilter(reservationEndsBy: past)).isEmpty)
    }

    @Test("Expiring today counts the day in the deal's dealership's time zone, not the terminal's")
    func expiringTodayUsesTheDealershipsZone() throws {
        let f = try SalesFixture()
        let customer = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        let deal = try f.draft(vehicle: try f.vehicleInStock(9), customer: customer)
        _ = try f.deals.perform(.reserve, dealID: deal.id, expectedVersion: deal.version, actor: "ivanov")
        // UTC+14 and UTC−11: the two calendars are always at least a day apart, and the
        // test process (UTC) sits between them.
        let east = try #require(TimeZone(identifier: "Pacific/Kiritimati"))
        let eastToday = CivilDate(Date(), timeZone: east)
        try f.connection.execute("UPDATE deals SET reserved_until = \(eastToday) WHERE id = \(deal.id)")
        func expiring() throws -> [Int64] {
            var filter = DealFilter()
            filter.reservationEndsToday = true
            return try f.deals.list(filter).map(\.id)
        }
        try f.connection.execute("UPDATE dealerships SET time_zone = 'Pacific/Kiritimati' WHERE id = \(deal.dealershipID)")
        #expect(try expiring() == [deal.id], "ends today in Kiritimati")
        // The same reservation at a dealership in Pago Pago ends tomorrow there (or later).
        try f.connection.execute("UPDATE dealerships SET time_zone = 'Pacific/Pago_Pago' WHERE id = \(deal.dealershipID)")
        #expect(try expiring().isEmpty, "ends after today in Pago Pago")
        // One that ended yesterday there is still listed (overdue, not yet expired by kited).
        let westYesterday = CivilDate(Date().addingTimeInterval(-86_400), timeZone: try #require(TimeZone(identifier: "Pacific/Pago_Pago")))
        try f.connection.execute("UPDATE deals SET reserved_until = \(westYesterday) WHERE id = \(deal.id)")
        #expect(try expiring() == [deal.id])
    }
}

/// Results of the race, gathered from many threads.
final class RaceOutcomes: Sendable {
    private let storage = Mutex<[Result<String, any Error>]>([])
    func record(_ outcome: Result<String, any Error>) { storage.withLock { $0.append(outcome) } }
    var winners: [String] { storage.withLock { $0.compactMap { try? $0.get() } } }
    var refusals: [RefusalError] {
        storage.withLock { $0.compactMap { if case .failure(let e) = $0 { e as? RefusalError } else { nil } } }
    }
    var others: [String] {
        storage.withLock { $0.compactMap { if case .failure(let e) = $0, !(e is RefusalError) { String(describing: e) } else { nil } } }
    }
}

@Suite("Deal repository with payments")
struct DealDeliveryTests {
    /// The hooks the app uses: the balance from confirmed payments.
    let hooks = DealStageHooks(balance: { connection, deal in
        try PaymentRepository(connection: connection).balance(dealID: deal.id)
    })

    @Test func handoverWaitsForFullPaymentThenMovesTheCarToDelivered() throws {
        let f = try SalesFixture()
        let car = try f.vehicleInStock(9, price: Money(roubles: 1_000_000))
        let customer = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        var deal = try f.draft(vehicle: car, customer: customer)
        deal = try f.deals.perform(.reserve, dealID: deal.id, expectedVersion: deal.version, actor: "ivanov")
        try f.connection.passContractChecks(dealID: deal.id)
        deal = try f.deals.perform(.contract, dealID: deal.id, expectedVersion: deal.version, actor: "ivanov")
        let payments = PaymentRepository(connection: f.connection)
        let today = CivilDate(Date(), timeZone: .current)
        let part = try payments.insert(PaymentDraft(dealershipID: f.stock.dealership.id, kind: .prepayment, method: .card,
                                                    amount: Money(roubles: 400_000), date: today, dealID: deal.id), actor: "ivanov")
        _ = try payments.confirm(id: part.id, actor: "kuznetsov")
        #expect {
            try f.deals.perform(.deliver, dealID: deal.id, expectedVersion: deal.version, actor: "ivanov", hooks: hooks)
        } throws: { error in
            guard let refusal = error as? RefusalError else { return false }
            return refusal.code == "stage_notFullyPaid" && refusal.message.ru.contains("400")
        }
        #expect(try f.stock.vehicles.get(id: car.id)?.status == .sold)
        let rest = try payments.insert(PaymentDraft(dealershipID: f.stock.dealership.id, kind: .payment, method: .bankTransfer,
                                                    amount: Money(roubles: 600_000), date: today, dealID: deal.id), actor: "ivanov")
        // A pending payment does not count.
        #expect(throws: RefusalError.self) {
            try f.deals.perform(.deliver, dealID: deal.id, expectedVersion: deal.version, actor: "ivanov", hooks: hooks)
        }
        _ = try payments.confirm(id: rest.id, actor: "kuznetsov")
        let delivered = try f.deals.perform(.deliver, dealID: deal.id, expectedVersion: deal.version, actor: "ivanov", hooks: hooks)
        #expect(delivered.stage == .delivered)
        #expect(try f.stock.vehicles.get(id: car.id)?.status == .delivered)
        let closed = try f.deals.perform(.close, dealID: deal.id, expectedVersion: delivered.version, actor: "ivanov", hooks: hooks)
        #expect(closed.stage == .closed)
        // Cancelling after the handover is refused.
        #expect {
            try f.deals.perform(.cancel, dealID: deal.id, expectedVersion: closed.version, actor: "ivanov", reason: "x")
        } throws: { ($0 as? RefusalError)?.code == "stage_notAllowedFromStage" }
    }
}

@Suite("Deal repository with the verification gate")
struct DealContractGateTests {
    /// The gate is the database's (kite_deal_move, migration 0041); the program says its refusal.
    @Test func contractWaitsForPassedChecksAndAFailedPledgeBlocksIt() throws {
        let f = try SalesFixture()
        let car = try f.vehicleInStock(10)
        let customer = try f.customers.insert(SalesFixture.completePerson(), actor: "ivanov")
        var deal = try f.draft(vehicle: car, customer: customer)
        deal = try f.deals.perform(.reserve, dealID: deal.id, expectedVersion: deal.version, actor: "ivanov")
        // No results yet: every blocking check is named.
        #expect {
            try f.deals.perform(.contract, dealID: deal.id, expectedVersion: deal.version, actor: "ivanov")
        } throws: { error in
            guard let refusal = error as? StateCommandRefusal else { return false }
            return refusal.code == "deal_checks_block" && refusal.localizedReason.en.hasPrefix("Cannot sign the contract: Check ")
        }
        let results = CheckResultRepository(connection: f.connection)
        let vehicleChecks = ["vin_structure", "duplicate_vin", "wanted", "restrictions"].map { NewCheckResult(checkName: $0, status: .passed) }
        try results.record(vehicleChecks + [NewCheckResult(checkName: "pledge", status: .failed, details: "залог: банк")],
                           subject: .vehicle, subjectID: car.id, vin: car.vin)
        try results.record(["passport_invalid", "buyer_age"].map { NewCheckResult(checkName: $0, status: .passed) },
                           subject: .customer, subjectID: customer.id)
        #expect {
            try f.deals.perform(.contract, dealID: deal.id, expectedVersion: deal.version, actor: "ivanov")
        } throws: { error in
            let refusal = error as? StateCommandRefusal
            return refusal?.code == "deal_checks_block"
                && refusal?.localizedReason.ru == "Нельзя заключить договор: Проверка «Реестр залогов» не пройдена для автомобиля \(car.stockNumber) (VIN \(car.vin)): залог: банк"
        }
        #expect(try f.stock.vehicles.get(id: car.id)?.status == .reserved)
        try results.record([NewCheckResult(checkName: "pledge", status: .passed)], subject: .vehicle, subjectID: car.id, vin: car.vin)
        let contracted = try f.deals.perform(.contract, dealID: deal.id, expectedVersion: deal.version, actor: "ivanov")
        #expect(contracted.stage == .contracted)
    }
}
