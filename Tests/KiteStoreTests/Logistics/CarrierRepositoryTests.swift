import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// Migration 0014 and CarrierRepository: carriers are read by everyone and changed only
/// by logins in kite_logistics (or kite_admin); every change leaves the database's own
/// audit row; a stale save is refused.
@Suite struct CarrierRepositoryTests {
    static func sample(_ name: String = "ООО «Автовоз-Транс»") -> Carrier {
        Carrier(name: name, inn: "7707083893", kpp: "773601001", contractNumber: "АВ-12/2026",
                contractDate: CivilDate(year: 2026, month: 1, day: 15), contactPerson: "Петров Иван",
                phone: "8 916 123-45-67", ratePerCar: Money(roubles: 18_500))
    }

    /// A person's login the way an admin makes one (`kite admin user add`): a logistics
    /// clerk or an operator of the first dealership, with that role's grants only.
    struct Login {
        let name: String
        let conninfo: String
        let owner: PGConnection

        init(_ conninfo: String, owner: PGConnection, logistics: Bool) throws {
            name = "kite_carriers_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
            self.owner = owner
            var dealership = try owner.fetchOne(String.self, "SELECT code FROM dealerships ORDER BY id LIMIT 1")
            if dealership == nil {
                try owner.execute("INSERT INTO dealerships (code, name) VALUES ('TST', 'Тест')")
                dealership = "TST"
            }
            try AccessRepository(connection: owner).addUser(login: name, fullName: "Тест", role: logistics ? .logistics : .operator,
                                                           dealerships: dealership.map { [$0] } ?? [])
            self.conninfo = conninfo + " user=\(name)"
        }

        func repository() throws -> CarrierRepository { CarrierRepository(connection: try PGConnection(conninfo)) }

        func drop() {
            _ = try? owner.execute("DROP OWNED BY \(identifier: name)")
            _ = try? owner.execute("DROP ROLE IF EXISTS \(identifier: name)")
        }
    }

    @Test func storedOnceReadBackAndAudited() throws {
        let conninfo = try TestDatabase.makeMigrated()
        let connection = try PGConnection(conninfo)
        let repository = CarrierRepository(connection: connection)
        let stored = try repository.insert(Self.sample(), actor: "kozlov")
        #expect(stored.id > 0 && stored.version == 1 && stored.updatedBy == "kozlov")
        #expect(stored.phone == "+79161234567")
        #expect(stored.ratePerCar == Money(roubles: 18_500) && stored.ratePerTrip == nil)
        #expect(try repository.get(id: stored.id) == stored)
        #expect(try repository.list("автовоз").map(\.id) == [stored.id])
        #expect(try repository.list("7707083").map(\.id) == [stored.id])
        #expect(try repository.list("нет такого").isEmpty)

        var changed = stored
        changed.ratePerTrip = Money(roubles: 120_000)
        let updated = try repository.update(changed, actor: "kozlov")
        #expect(updated.version == 2 && updated.ratePerTrip == Money(roubles: 120_000))
        let actions = try connection.fetch(String.self,
            "SELECT action FROM audit_log WHERE entity = 'carrier' AND entity_id = \(stored.id) ORDER BY id")
        #expect(actions == ["insert", "update"])
        #expect(try connection.fetchOne(String.self, """
            SELECT data->'after'->>'rate_per_trip' FROM audit_log WHERE entity = 'carrier' AND action = 'update'
            """) == "120000.00")

        // A second clerk's save of the old version is refused with who changed it.
        let stale = #expect(throws: StaleWriteError.self) { try repository.update(stored, actor: "petrova") }
        #expect(stale?.changedBy == "kozlov")
    }

    @Test func theSameINNAndKPPOnce() throws {
        let repository = CarrierRepository(connection: try PGConnection(try TestDatabase.makeMigrated()))
        try repository.insert(Self.sample(), actor: "kozlov")
        let error = #expect(throws: DatabaseError.self) { try repository.insert(Self.sample("Другое имя"), actor: "kozlov") }
        #expect(error?.constraint == "carriers_inn_key")
    }

    @Test func onlyLogisticsMayChangeCarriersEveryoneReads() throws {
        let conninfo = try TestDatabase.makeMigrated()
        let owner = try PGConnection(conninfo)
        let seeded = try CarrierRepository(connection: owner).insert(Self.sample(), actor: "kozlov")
        let clerk = try Login(conninfo, owner: owner, logistics: false)
        defer { clerk.drop() }
        let logist = try Login(conninfo, owner: owner, logistics: true)
        defer { logist.drop() }

        // The clerk reads, but row-level security refuses a new carrier and a change.
        let asClerk = try clerk.repository()
        #expect(try asClerk.list("").map(\.id) == [seeded.id])
        let insert = #expect(throws: DatabaseError.self) { try asClerk.insert(Self.sample("Чужой"), actor: "clerk") }
        #expect(insert?.sqlstate == "42501", "\(String(describing: insert))")
        var changed = seeded
        changed.ratePerCar = Money(roubles: 1)
        #expect(throws: (any Error).self) { try asClerk.update(changed, actor: "clerk") }
        #expect(try CarrierRepository(connection: owner).get(id: seeded.id)?.ratePerCar == Money(roubles: 18_500))

        // A member of kite_logistics may.
        let asLogist = try logist.repository()
        let added = try asLogist.insert(Self.sample("ИП Сидоров").withINN("500100732259", kpp: ""), actor: "logist")
        #expect(try asLogist.update(changed, actor: "logist").ratePerCar == Money(roubles: 1))
        // The audit row names the login that really wrote it.
        #expect(try owner.fetchOne(String.self, """
            SELECT data->>'db_login' FROM audit_log WHERE entity = 'carrier' AND entity_id = \(added.id)
            """) == logist.name)
    }
}

private extension Carrier {
    func withINN(_ inn: String, kpp: String) -> Carrier {
        var copy = self
        copy.inn = inn
        copy.kpp = kpp
        return copy
    }
}
