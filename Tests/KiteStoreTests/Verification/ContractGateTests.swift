import Foundation
import KiteDomain
import KiteStore
import Testing

@Suite struct ContractGateTests {
    /// Every blocking check of the default list passed today for the vehicle and the person.
    func allPassed(_ fixture: StockFixture, vehicle: Int64, customer: Int64) throws {
        for check in ["vin_structure", "duplicate_vin", "pledge", "wanted", "restrictions"] {
            try fixture.record(check, .passed, subject: .vehicle, id: vehicle)
        }
        for check in ["passport_invalid", "buyer_age"] {
            try fixture.record(check, .passed, subject: .customer, id: customer)
        }
    }

    @Test func nothingBlocksWhenEveryBlockingCheckPassedRecently() throws {
        let fixture = try StockFixture()
        let vehicle = try fixture.vehicles.insert(fixture.vehicle(1), actor: "test")
        let customer = try fixture.insertPerson()
        try allPassed(fixture, vehicle: vehicle.id, customer: customer)
        // A warning is a result, and a failed non-blocking check does not block.
        try fixture.record("wanted", .warning, subject: .vehicle, id: vehicle.id)
        try fixture.record("mileage_rollback", .failed, subject: .vehicle, id: vehicle.id)
        #expect(try ContractGate.blockers(connection: fixture.connection, dealershipID: fixture.dealership.id,
                                          vehicleID: vehicle.id, customerID: customer).isEmpty)
    }

    @Test func failedMissingAndStaleChecksEachGiveOneMessageNamingCheckAndSubject() throws {
        let fixture = try StockFixture()
        let vehicle = try fixture.vehicles.insert(fixture.vehicle(1), actor: "test")
        let customer = try fixture.insertPerson(name: "Сидоров Пётр")
        try allPassed(fixture, vehicle: vehicle.id, customer: customer)
        // The latest pledge result failed (an older pass does not count).
        try fixture.record("pledge", .failed, subject: .vehicle, id: vehicle.id, details: "залог: ООО Банк")
        // buyer_age passed 45 days ago only (the earlier pass is replaced by an old one).
        try fixture.connection.execute("DELETE FROM check_results WHERE check_name = 'buyer_age'")
        try fixture.record("buyer_age", .passed, subject: .customer, id: customer, daysAgo: 45)
        // No restrictions result at all.
        try fixture.connection.execute("DELETE FROM check_results WHERE check_name = 'restrictions'")

        let messages = try ContractGate.blockers(connection: fixture.connection, dealershipID: fixture.dealership.id,
                                                 vehicleID: vehicle.id, customerID: customer)
        #expect(messages.count == 3, "\(messages)")
        let en = messages.map(\.en)
        #expect(en.contains("Check 'Pledge registry' failed for vehicle MSK-000001 (VIN \(vehicle.vin)): залог: ООО Банк"))
        #expect(en.contains("Check 'Registration restrictions' has no result for vehicle MSK-000001 (VIN \(vehicle.vin))"))
        #expect(en.contains("Check 'Buyer's age' for customer 'Сидоров Пётр' is out of date: the last result is 45 days old, at most 30 allowed"))
        #expect(messages.map(\.ru).contains("Проверка «Реестр залогов» не пройдена для автомобиля MSK-000001 (VIN \(vehicle.vin)): залог: ООО Банк"))
    }

    @Test func anErrorIsNotAResultNeitherBlockingAfterAPassNorPassingAlone() throws {
        let fixture = try StockFixture()
        let vehicle = try fixture.vehicles.insert(fixture.vehicle(1), actor: "test")
        let customer = try fixture.insertPerson()
        try allPassed(fixture, vehicle: vehicle.id, customer: customer)
        // The registry timed out after a pass today: the pass still stands.
        try fixture.record("pledge", .error, subject: .vehicle, id: vehicle.id, details: "timeout")
        #expect(try ContractGate.blockers(connection: fixture.connection, dealershipID: fixture.dealership.id,
                                          vehicleID: vehicle.id, customerID: customer).isEmpty)

        // Only errors: the car was never actually checked, so it blocks, and says why.
        try fixture.connection.execute("DELETE FROM check_results WHERE check_name = 'pledge' AND status <> 'error'")
        let messages = try ContractGate.blockers(connection: fixture.connection, dealershipID: fixture.dealership.id,
                                                 vehicleID: vehicle.id, customerID: customer)
        #expect(messages.map(\.en) == ["Check 'Pledge registry' has no result for vehicle MSK-000001 (VIN \(vehicle.vin)) (the last attempt ended in an error: timeout)"])
        #expect(messages.map(\.ru) == ["Проверка «Реестр залогов» для автомобиля MSK-000001 (VIN \(vehicle.vin)) не проводилась (последняя попытка завершилась ошибкой: timeout)"])

        // An error older than a pass that has since gone stale is not mentioned.
        try fixture.connection.execute("DELETE FROM check_results WHERE check_name = 'pledge'")
        try fixture.record("pledge", .error, subject: .vehicle, id: vehicle.id, daysAgo: 50, details: "timeout")
        try fixture.record("pledge", .passed, subject: .vehicle, id: vehicle.id, daysAgo: 40)
        let stale = try ContractGate.blockers(connection: fixture.connection, dealershipID: fixture.dealership.id,
                                              vehicleID: vehicle.id, customerID: customer)
        #expect(stale.map(\.en) == ["Check 'Pledge registry' for vehicle MSK-000001 (VIN \(vehicle.vin)) is out of date: the last result is 40 days old, at most 30 allowed"])
    }

    @Test func dealershipSettingsDecideWhichChecksBlockAndHowRecent() throws {
        let fixture = try StockFixture()
        let vehicle = try fixture.vehicles.insert(fixture.vehicle(1), actor: "test")
        let company = try fixture.insertCompany()
        try fixture.connection.execute("""
            UPDATE dealerships SET blocking_checks = '{pledge,passport_invalid,ogrn_checksum}', check_max_age_days = 60
            WHERE id = \(fixture.dealership.id)
            """)
        try fixture.record("pledge", .passed, subject: .vehicle, id: vehicle.id, daysAgo: 45)
        // A company has no passport check: it is skipped, not reported missing.
        var messages = try ContractGate.blockers(connection: fixture.connection, dealershipID: fixture.dealership.id,
                                                 vehicleID: vehicle.id, customerID: company)
        #expect(messages.map(\.en) == ["Check 'OGRN check digit' has no result for customer 'ООО «Ромашка»'"])
        try fixture.record("ogrn_checksum", .failed, subject: .customer, id: company, details: "wrong check digit")
        messages = try ContractGate.blockers(connection: fixture.connection, dealershipID: fixture.dealership.id,
                                             vehicleID: vehicle.id, customerID: company)
        #expect(messages.map(\.en) == ["Check 'OGRN check digit' failed for customer 'ООО «Ромашка»': wrong check digit"])
    }

    @Test func missingVehicleIsAnError() throws {
        let fixture = try StockFixture()
        let customer = try fixture.insertPerson()
        #expect {
            try ContractGate.blockers(connection: fixture.connection, dealershipID: fixture.dealership.id,
                                      vehicleID: 999, customerID: customer)
        } throws: { "\($0)" == "vehicle 999 not found" }
    }
}
