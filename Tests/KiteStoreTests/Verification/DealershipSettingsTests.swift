import Foundation
import KiteDomain
import KiteStore
import Testing

@Suite struct DealershipSettingsTests {
    @Test func parsersAcceptWhatAnAdminTypesAndNameTheRuleOtherwise() throws {
        typealias Change = DealershipSettingsChange
        #expect(try Change.parseBlockingChecks(" Pledge, wanted ,pledge,,passport_invalid").get()
                == ["pledge", "wanted", "passport_invalid"])
        #expect(try Change.parseBlockingChecks("none").get() == [])
        #expect(try Change.parseBlockingChecks("").get() == [])
        let unknown = Change.parseBlockingChecks("pledge,stolen")
        guard case .failure(let issue) = unknown else { Issue.record("stolen accepted"); return }
        #expect(issue.field == "blocking_checks")
        #expect(issue.message.en.hasPrefix("blocking checks: unknown check 'stolen'; known checks: vin_structure, vin_make,"))
        #expect(issue.message.ru.hasPrefix("блокирующие проверки: неизвестная проверка «stolen»; допустимы: vin_structure"))
        #expect(issue.message.en.contains("ogrn_checksum"))

        #expect(try Change.parseMaxAgeDays("45").get() == 45)
        for bad in ["0", "366", "-1", "30d", "1.5", ""] {
            guard case .failure(let issue) = Change.parseMaxAgeDays(bad) else { Issue.record("\(bad) accepted"); continue }
            #expect(issue.field == "check_max_age_days")
            #expect(issue.message.en.contains("must be a whole number of days from 1 to 365"))
        }

        #expect(try Change.parseDiscountLimit("7.5").get() == 750)
        #expect(try Change.parseDiscountLimit("7,25").get() == 725)
        #expect(try Change.parseDiscountLimit("10 %").get() == 1000)
        #expect(try Change.parseDiscountLimit("0").get() == 0)
        #expect(try Change.parseDiscountLimit("100.00").get() == 10_000)
        for bad in ["100.01", "7.125", "-1", "abc", "7.", ".5", "1e2", "", "1000"] {
            guard case .failure(let issue) = Change.parseDiscountLimit(bad) else { Issue.record("\(bad) accepted"); continue }
            #expect(issue.field == "discount_limit_percent")
            #expect(issue.message.en.contains("must be a percentage from 0 to 100 with at most two decimals"))
            #expect(issue.message.ru.contains("нужен процент от 0 до 100"))
        }
    }

    @Test func anUpdateChangesOnlyWhatIsGivenWithAnAuditRow() throws {
        let fixture = try StockFixture()
        let repository = DealershipSettingsRepository(connection: fixture.connection)
        let initial = try #require(try repository.settings(code: "MSK"))
        #expect(initial.blockingChecks == ["vin_structure", "duplicate_vin", "pledge", "wanted", "restrictions",
                                           "passport_invalid", "buyer_age"])
        #expect(initial.checkMaxAgeDays == 30 && initial.discountLimitBasisPoints == 500)
        #expect(initial.discountLimitText == "5.00" && initial.vatRateText == "22.00")

        let result = try #require(try repository.update(
            code: "MSK", change: DealershipSettingsChange(blockingChecks: ["pledge", "wanted"], discountLimitBasisPoints: 750),
            actor: "root"))
        #expect(result.before == initial)
        #expect(result.after.blockingChecks == ["pledge", "wanted"])
        #expect(result.after.discountLimitBasisPoints == 750)
        #expect(result.after.checkMaxAgeDays == 30)
        #expect(try repository.settings(code: "MSK") == result.after)
        #expect(try fixture.connection.fetchOne(String.self,
            "SELECT discount_limit_percent::text FROM dealerships WHERE code = 'MSK'") == "7.50")

        struct Audit: Decodable { var action: String; var actor: String; var data: String }
        let audit = try fixture.connection.fetch(Audit.self, """
            SELECT action, actor, data::text AS data FROM audit_log WHERE entity = 'dealership' AND entity_id = \(initial.id)
            """)
        #expect(audit.count == 1)
        #expect(audit.first?.action == "settings" && audit.first?.actor == "root")
        let data = try #require(audit.first?.data)
        #expect(data.contains(#""after": {"time_zone": "Europe/Moscow", "blocking_checks": ["pledge", "wanted"], "idle_lock_minutes": 15, "check_max_age_days": 30, "discount_limit_percent": 7.50}"#), "\(data)")
        #expect(data.contains(#""discount_limit_percent": 5.00"#), "\(data)")

        // The contract gate reads the new list: the age setting counts from now on.
        _ = try repository.update(code: "MSK", change: DealershipSettingsChange(checkMaxAgeDays: 60), actor: "root")
        #expect(try repository.settings(code: "MSK")?.checkMaxAgeDays == 60)

        // The same values again: nothing written, no audit row.
        let same = try #require(try repository.update(code: "MSK", change: DealershipSettingsChange(checkMaxAgeDays: 60),
                                                      actor: "root"))
        #expect(same.before == same.after)
        #expect(try fixture.connection.fetchOne(Int.self,
            "SELECT count(*)::int FROM audit_log WHERE entity = 'dealership'") == 2)
        #expect(try repository.update(code: "NOPE", change: DealershipSettingsChange(checkMaxAgeDays: 5), actor: "root") == nil)
    }

    @Test func theContractGateFollowsTheNewSettings() throws {
        let fixture = try StockFixture()
        let vehicle = try fixture.vehicles.insert(fixture.vehicle(1), actor: "test").id
        let customer = try fixture.insertPerson()
        let repository = DealershipSettingsRepository(connection: fixture.connection)
        _ = try repository.update(code: "MSK", change: DealershipSettingsChange(blockingChecks: ["pledge"], checkMaxAgeDays: 10),
                                  actor: "root")
        try fixture.record("pledge", .passed, subject: .vehicle, id: vehicle, daysAgo: 20)
        let blockers = { try ContractGate.blockers(connection: fixture.connection, dealershipID: fixture.dealership.id,
                                                   vehicleID: vehicle, customerID: customer) }
        #expect(try blockers().count == 1)   // only pledge blocks, and 20 days is too old
        _ = try repository.update(code: "MSK", change: DealershipSettingsChange(checkMaxAgeDays: 30), actor: "root")
        #expect(try blockers().isEmpty)
    }

    @Test("the dealership's time zone: Europe/Moscow by default, set with the others, an unknown zone refused by name")
    func timeZoneSetting() throws {
        let fixture = try StockFixture()
        let repository = DealershipSettingsRepository(connection: fixture.connection)
        #expect(try repository.settings(code: "MSK")?.timeZone == "Europe/Moscow")
        let zone = try DealershipSettingsChange.parseTimeZone(" Asia/Yekaterinburg ").get()
        let changed = try #require(try repository.update(code: "MSK", change: DealershipSettingsChange(timeZone: zone), actor: "root"))
        #expect(changed.after.timeZone == "Asia/Yekaterinburg")
        #expect(try ReferenceRepository(connection: fixture.connection).dealership(code: "MSK")?.timeZone == "Asia/Yekaterinburg")
        guard case .failure(let issue) = DealershipSettingsChange.parseTimeZone("Mars/Olympus") else {
            Issue.record("an unknown zone was taken")
            return
        }
        #expect(issue.message.ru.contains("часовой пояс: «Mars/Olympus»"))
    }
}
