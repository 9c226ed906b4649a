import Foundation
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

@Suite("Vehicle repository")
struct VehicleRepositoryTests {
    /// 137 vehicles with many duplicates in every sort column.
    private func seeded() throws -> StockFixture {
        let fixture = try StockFixture()
        let makes = [("Haval", "Jolion"), ("Haval", "F7"), ("Lada", "Vesta"), ("Chery", "Tiggo 7 Pro"), ("Geely", "Monjaro")]
        let vehicles = (1...137).map { number in
            let (make, model) = makes[number % makes.count]
            var vehicle = fixture.vehicle(number, make: make, model: model, year: 2020 + number % 4,
                                          status: VehicleStatus.allCases[number % 5],
                                          price: Money(roubles: Int64(1_000_000 + (number % 6) * 250_000)))
            vehicle.colour = ["белый", "чёрный", "серый"][number % 3]
            vehicle.mileageKm = (number % 5) * 1000
            vehicle.arrivalDate = number % 4 == 0 ? nil : vehicle.arrivalDate
            return vehicle
        }
        try fixture.vehicles.copyIn(vehicles)
        return fixture
    }

    @Test(arguments: [
        StockSort(column: .stockNumber), StockSort(column: .make), StockSort(column: .year, descending: true),
        StockSort(column: .colour), StockSort(column: .mileageKm), StockSort(column: .status, descending: true),
        StockSort(column: .listPrice), StockSort(column: .arrivalDate), StockSort(column: .arrivalDate, descending: true),
        StockSort(column: .location), StockSort(column: .vin, descending: true), StockSort(column: .model),
    ])
    func keysetPagingVisitsEveryRowOnceInBothDirections(sort: StockSort) throws {
        let fixture = try seeded()
        let repository = fixture.vehicles
        let filter = StockFilter()
        let everything = try repository.page(filter: filter, sort: sort, limit: 1000)
        #expect(everything.count == 137)
        // Forward, 10 rows a page.
        var forward: [StockRow] = []
        var pages: [[StockRow]] = []
        var cursor: StockCursor?
        while true {
            let page = try repository.page(filter: filter, sort: sort, after: cursor, limit: 10)
            if page.isEmpty { break }
            pages.append(page)
            forward += page
            cursor = StockCursor(row: page.last!, sort: sort)
        }
        #expect(forward.map(\.id) == everything.map(\.id))
        #expect(Set(forward.map(\.id)).count == 137)
        // Backward from the last page gives the same pages.
        var backward: [[StockRow]] = [pages.last!]
        var first = pages.last!.first!
        while true {
            let page = try repository.page(filter: filter, sort: sort, before: StockCursor(row: first, sort: sort), limit: 10)
            if page.isEmpty { break }
            backward.insert(page, at: 0)
            first = page.first!
        }
        #expect(backward.flatMap { $0 }.map(\.id) == everything.map(\.id))
        #expect(Array(backward.dropLast()).map { $0.map(\.id) } == Array(pages.dropLast()).map { $0.map(\.id) })
    }

    @Test("sorting by status follows the workflow (ordered → in transit → in stock → in preparation → reserved), not the codes' alphabet")
    func statusSortFollowsTheWorkflow() throws {
        let fixture = try seeded()
        let rows = try fixture.vehicles.page(filter: StockFilter(), sort: StockSort(column: .status), limit: 1000)
        var seen: [VehicleStatus] = []
        for row in rows where seen.last != row.status { seen.append(row.status) }
        #expect(seen == [.ordered, .inTransit, .inStock, .inPreparation, .reserved])
    }

    @Test("the own dealership's cars come first, in both directions and both orders; each row once", arguments: [false, true])
    func ownDealershipFirst(descending: Bool) throws {
        let fixture = try StockFixture()
        let kzn = try fixture.reference.insertDealership(code: "KZN", name: "Кайт Авто Казань", city: "Казань")
        let vehicles = (1...53).map { number in
            var vehicle = fixture.vehicle(number)
            if number % 3 != 0 {   // most cars are Kazan's, and their stock numbers sort first
                vehicle.dealershipID = kzn.id
                vehicle.stockNumber = String(format: "KZN-%06d", number)
                vehicle.locationID = nil
            }
            return vehicle
        }
        try fixture.vehicles.copyIn(vehicles)
        let sort = StockSort(column: .stockNumber, descending: descending, ownDealershipID: fixture.dealership.id,
                             ownDealershipCode: "MSK")
        let repository = fixture.vehicles
        let everything = try repository.page(filter: StockFilter(), sort: sort, limit: 1000)
        #expect(everything.count == 53)
        let firstOthers = try #require(everything.firstIndex { $0.dealershipCode != "MSK" })
        #expect(firstOthers == 17 && everything.prefix(17).allSatisfy { $0.dealershipCode == "MSK" })
        #expect(everything.dropFirst(17).allSatisfy { $0.dealershipCode == "KZN" })
        let numbers = everything.prefix(17).map(\.stockNumber)
        #expect(numbers == (descending ? numbers.sorted(by: >) : numbers.sorted()))
        // Forward by 5, backward by 5 from the end, and End itself give the same rows.
        var forward: [[StockRow]] = []
        var cursor: StockCursor?
        while true {
            let page = try repository.page(filter: StockFilter(), sort: sort, after: cursor, limit: 5)
            if page.isEmpty { break }
            forward.append(page)
            cursor = StockCursor(row: page.last!, sort: sort)
        }
        #expect(forward.flatMap { $0 }.map(\.id) == everything.map(\.id))
        let last = try repository.lastPage(filter: StockFilter(), sort: sort, limit: 5)
        #expect(last.map(\.id) == everything.suffix(5).map(\.id))
        var backward: [StockRow] = last
        while true {
            let page = try repository.page(filter: StockFilter(), sort: sort, before: StockCursor(row: backward[0], sort: sort), limit: 5)
            if page.isEmpty { break }
            backward = page + backward
        }
        #expect(backward.map(\.id) == everything.map(\.id))
    }

    @Test func filterByVINFragmentAndWords() throws {
        let fixture = try seeded()
        let repository = fixture.vehicles
        let byVIN = try repository.page(filter: StockFilter(text: "00000000012"), sort: StockSort(), limit: 50)
        #expect(byVIN.map(\.vin).sorted() == ["XW800000000000012", "XW800000000000120", "XW800000000000121",
                                              "XW800000000000122", "XW800000000000123", "XW800000000000124",
                                              "XW800000000000125", "XW800000000000126", "XW800000000000127",
                                              "XW800000000000128", "XW800000000000129"])
        let lowercaseVIN = try repository.page(filter: StockFilter(text: "xw80000000000013"), sort: StockSort(), limit: 50)
        #expect(lowercaseVIN.count == 8) // 130…137
        let jolions = try repository.page(filter: StockFilter(text: "haval jolion"), sort: StockSort(), limit: 500)
        #expect(!jolions.isEmpty)
        #expect(jolions.allSatisfy { $0.make == "Haval" && $0.model == "Jolion" })
        #expect(jolions.count == (1...137).filter { $0 % 5 == 0 }.count) // makes[0] is Haval Jolion
        let words = try repository.page(filter: StockFilter(text: "  JOLION   haval "), sort: StockSort(), limit: 500)
        #expect(words.map(\.id) == jolions.map(\.id))
        let tiggo = try repository.page(filter: StockFilter(text: "tiggo 7 pro"), sort: StockSort(), limit: 500)
        #expect(tiggo.allSatisfy { $0.model == "Tiggo 7 Pro" } && !tiggo.isEmpty)
        // LIKE wildcards in the text are literal characters.
        #expect(try repository.page(filter: StockFilter(text: "%"), sort: StockSort(), limit: 50).isEmpty)
        #expect(try repository.page(filter: StockFilter(text: "h_val"), sort: StockSort(), limit: 50).isEmpty)
        // Status and dealership filters.
        let reserved = try repository.page(filter: StockFilter(statuses: [.reserved, .inTransit]), sort: StockSort(), limit: 500)
        #expect(!reserved.isEmpty && reserved.allSatisfy { $0.status == .reserved || $0.status == .inTransit })
        #expect(try repository.page(filter: StockFilter(dealershipID: 999), sort: StockSort(), limit: 50).isEmpty)
        #expect(reserved.first?.dealershipCode == "MSK")
        // Counts.
        #expect(try repository.count(filter: StockFilter(text: "haval jolion")) == .exact(jolions.count))
        #expect(try repository.count(filter: StockFilter(text: "haval"), cap: 10) == .atLeast(10))
        switch try repository.count(filter: StockFilter()) {
        case .estimated, .exact: break
        case .atLeast: Issue.record("unfiltered count should be an estimate or exact")
        }
    }

    @Test func optimisticLockingNamesWhoAndWhen() throws {
        let fixture = try StockFixture()
        let repository = fixture.vehicles
        let stored = try repository.insert(fixture.vehicle(1), actor: "ivanov")
        #expect(stored.version == 1)
        #expect(stored.updatedBy == "ivanov")
        #expect(stored.id > 0)
        // Two managers open the same card.
        var mine = stored
        var theirs = stored
        theirs.listPrice = Money(roubles: 2_100_000)
        let saved = try repository.update(theirs, actor: "petrova")
        #expect(saved.version == 2)
        mine.colour = "красный"
        let error = try #require(throws: StaleWriteError.self) { try repository.update(mine, actor: "ivanov") }
        #expect(error.changedBy == "petrova")
        #expect(error.currentVersion == 2)
        #expect(abs(error.changedAt.timeIntervalSince(saved.updatedAt)) < 0.001)
        let now = try #require(try repository.get(id: stored.id))
        #expect(now == saved)
        #expect(now.colour == "белый")
        // Status changes (by hand: kite_vehicle_set_status, migration 0042) lock the same way.
        #expect(throws: StaleWriteError.self) {
            try repository.changeStatus(id: stored.id, to: .inPreparation, expectedVersion: 1, actor: "ivanov")
        }
        let prepared = try repository.changeStatus(id: stored.id, to: .inPreparation, expectedVersion: 2, actor: "ivanov")
        #expect(prepared.status == .inPreparation && prepared.version == 3)
        #expect(throws: NotFoundError.self) {
            try repository.changeStatus(id: 999_999, to: .inPreparation, expectedVersion: 1, actor: "ivanov")
        }
    }

    @Test func everyWriteIsAudited() throws {
        let fixture = try StockFixture()
        let repository = fixture.vehicles
        let stored = try repository.insert(fixture.vehicle(1), actor: "ivanov")
        var changed = stored
        changed.listPrice = Money(kopecks: 199_999_950)
        let updated = try repository.update(changed, actor: "petrova")
        try repository.changeStatus(id: stored.id, to: .inPreparation, expectedVersion: updated.version, actor: "sidorov")
        struct AuditRow: Decodable { var action: String; var actor: String; var data: String }
        let rows = try fixture.connection.fetch(AuditRow.self, """
            SELECT action, actor, data::text AS data FROM audit_log WHERE entity = 'vehicle' AND entity_id = \(stored.id) ORDER BY id
            """)
        #expect(rows.map(\.action) == ["insert", "update", "status"])
        #expect(rows.map(\.actor) == ["ivanov", "petrova", "sidorov"])
        #expect(rows[1].data.contains("\"list_price\": 1999999.50"))
        #expect(rows[1].data.contains("\"list_price\": 2000000.00"))
        #expect(rows[2].data.contains("\"to\": \"in_preparation\""))
        #expect(rows[2].data.contains("\"from\": \"in_stock\""))
        // Append-only.
        let error = try #require(throws: DatabaseError.self) { try fixture.connection.execute("DELETE FROM audit_log") }
        #expect(error.message.contains("append-only"))
        // A failed write leaves no audit row.
        #expect(throws: StaleWriteError.self) { try repository.update(changed, actor: "late") }
        #expect(try fixture.connection.fetchOne(Int.self, "SELECT count(*) FROM audit_log") == 3)
    }

    @Test func referenceData() throws {
        let fixture = try StockFixture()
        let reference = fixture.reference
        #expect(try reference.dealerships().map(\.code) == ["MSK"])
        #expect(try reference.dealership(code: "MSK")?.vatRateBasisPoints == 2200)
        #expect(try reference.locations(dealershipID: fixture.dealership.id).map(\.name).sorted() == ["Площадка", "Шоурум"])
        #expect(try reference.vehicleTypes().map(\.code) == ["car", "ev", "moto", "truck"])
        try reference.insertEmployee(login: "ivanov", fullName: "Иванов Иван", role: .manager, dealershipID: fixture.dealership.id)
        let employee = try #require(try reference.employee(login: "ivanov"))
        #expect(employee.role == .manager && employee.active && employee.dealershipID == fixture.dealership.id)
        #expect(try reference.employee(login: "nobody") == nil)
    }
}
