import Foundation
import KiteDomain
import KiteStore
import Testing

@Suite struct ReservationExpiryTests {
    @Test func pastReservationsGoBackToDraftReleasingTheVehicleWithAuditAndNotice() throws {
        let fixture = try StockFixture()
        let expiredCar = try fixture.vehicles.insert(fixture.vehicle(1, status: .reserved), actor: "test")
        let todayCar = try fixture.vehicles.insert(fixture.vehicle(2, status: .reserved), actor: "test")
        let customer = try fixture.insertPerson()
        let expired = try fixture.insertDeal(number: 1, vehicleID: expiredCar.id, customerID: customer,
                                             reservedUntil: "current_date - 1", manager: "petrov")
        let current = try fixture.insertDeal(number: 2, vehicleID: todayCar.id, customerID: customer,
                                             reservedUntil: "current_date", manager: "ivanova")

        let result = try ReservationExpiry.run(on: fixture.connection)
        #expect(result.map(\.dealId) == [expired])
        #expect(result.first?.managerLogin == "petrov")

        struct Deal: Decodable { var stage: String; var reservedUntil: String?; var version: Int }
        let deal = try #require(try fixture.connection.fetchOne(Deal.self,
            "SELECT stage, reserved_until::text AS reserved_until, version FROM deals WHERE id = \(expired)"))
        #expect(deal.stage == "draft")
        #expect(deal.reservedUntil == nil)
        #expect(deal.version == 2)
        #expect(try fixture.vehicles.get(id: expiredCar.id)?.status == .inStock)
        // The reservation that ends today stays.
        #expect(try fixture.connection.fetchOne(String.self, "SELECT stage FROM deals WHERE id = \(current)") == "reserved")
        #expect(try fixture.vehicles.get(id: todayCar.id)?.status == .reserved)

        let audit = try fixture.connection.fetch(String.self, """
            SELECT entity || ':' || action FROM audit_log
            WHERE (entity = 'deal' AND entity_id = \(expired)) OR (entity = 'vehicle' AND entity_id = \(expiredCar.id) AND actor = 'kited')
            ORDER BY id
            """)
        #expect(audit.sorted() == ["deal:reservation_expired", "vehicle:status"])
        struct Notice: Decodable { var login: String; var messageRu: String; var messageEn: String }
        let notices = try fixture.connection.fetch(Notice.self, "SELECT login, message_ru, message_en FROM user_notices")
        #expect(notices.count == 1)
        #expect(notices.first?.login == "petrov")
        #expect(notices.first?.messageRu.contains("Бронь по сделке MSK-2026-000001 истекла") == true)
        #expect(notices.first?.messageEn.contains("The reservation of deal MSK-2026-000001 expired") == true)

        // Run again: nothing left to expire, nothing written twice.
        #expect(try ReservationExpiry.run(on: fixture.connection).isEmpty)
        #expect(try fixture.connection.fetchOne(Int.self, "SELECT count(*)::int FROM user_notices") == 1)
    }

    @Test func aVehicleNoLongerReservedIsLeftAlone() throws {
        let fixture = try StockFixture()
        let car = try fixture.vehicles.insert(fixture.vehicle(1, status: .inPreparation), actor: "test")
        let customer = try fixture.insertPerson()
        let deal = try fixture.insertDeal(number: 1, vehicleID: car.id, customerID: customer)
        #expect(try ReservationExpiry.run(on: fixture.connection).map(\.dealId) == [deal])
        #expect(try fixture.vehicles.get(id: car.id)?.status == .inPreparation)
    }
}
