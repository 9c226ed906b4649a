import Foundation
import KiteDomain
import KiteJobs
import KiteStore
import KiteTestSupport
import Testing

/// A migrated database with one dealership; runs `vehicle.verify` jobs with the built-in handlers.
struct ChecksFixture {
    let conninfo: String
    let connection: PGConnection
    let dealershipID: Int64
    var vehicles: VehicleRepository { VehicleRepository(connection: connection) }
    var results: CheckResultRepository { CheckResultRepository(connection: connection) }

    init() throws {
        conninfo = try TestDatabase.makeMigrated()
        connection = try PGConnection(conninfo)
        dealershipID = try ReferenceRepository(connection: connection)
            .insertDealership(code: "MSK", name: "Кайт Авто Москва", city: "Москва").id
    }

    func vehicle(_ number: Int, vin: String, make: String, year: Int, mileage: Int = 0,
                 status: VehicleStatus = .inStock) -> Vehicle {
        Vehicle(stockNumber: String(format: "MSK-%06d", number), vin: vin, make: make, model: "Model",
                trim: "Base", year: year, colour: "белый", body: "sedan", fuel: "petrol", transmission: "AT",
                mileageKm: mileage, condition: mileage == 0 ? .new : .used, status: status, vehicleType: "car",
                dealershipID: dealershipID, locationID: nil, purchaseCost: Money(roubles: 1_000_000),
                listPrice: Money(roubles: 1_200_000), arrivalDate: nil, attributes: [:], updatedBy: "seed")
    }

    /// Pending `vehicle.verify` jobs.
    func pendingVerifyJobs() throws -> Int {
        try connection.fetchOne(Int.self, """
            SELECT count(*)::int FROM jobs WHERE kind = 'vehicle.verify'
            AND state IN ('available', 'scheduled', 'retryable', 'running')
            """) ?? 0
    }

    /// Claims and runs every available job with `JobHandlers.builtIn`, as kited would.
    @discardableResult
    func runJobs() throws -> [JobOutcome] {
        let queue = JobQueue(connection: connection)
        let handlers = JobHandlers.builtIn(conninfo: conninfo)
        let jobs = try queue.claim(queue: "default", limit: 100, worker: "checks-test", lease: .seconds(60))
        let outcomes = jobs.map(handlers.outcome(of:))
        try queue.complete(outcomes, worker: "checks-test")
        return outcomes
    }

    func statuses(_ vehicleID: Int64) throws -> [String: CheckStatus] {
        Dictionary(uniqueKeysWithValues: try results.latest(subject: .vehicle, subjectID: vehicleID)
            .map { ($0.checkName, $0.status) })
    }

    func latest(_ vehicleID: Int64, _ check: String) throws -> CheckResult? {
        try results.latest(subject: .vehicle, subjectID: vehicleID).first { $0.checkName == check }
    }
}

/// A VIN with a correct check digit.
func validVIN(wmi: String, vds: String = "ZZZAU", year: Int = 2024, serial: Int) -> String {
    VINGenerator.make(wmi: wmi, vds: vds, modelYear: year, serial: serial)
}

@Suite struct VehicleChecksTests {
    @Test func savingEnqueuesOneVerifyJobPerVIN() throws {
        let fixture = try ChecksFixture()
        let vin = validVIN(wmi: "WVW", serial: 1)
        var stored = try fixture.vehicles.insert(fixture.vehicle(1, vin: vin, make: "Volkswagen", year: 2024), actor: "test")
        #expect(try fixture.pendingVerifyJobs() == 1)
        let job = try #require(try fixture.connection.fetchOne(String.self,
            "SELECT unique_key FROM jobs WHERE kind = 'vehicle.verify'"))
        #expect(job == "vin-check:" + vin)

        // Saving again while the job is pending (a verified field changed) adds nothing.
        stored.mileageKm = 10
        stored = try fixture.vehicles.update(stored, actor: "test")
        #expect(try fixture.pendingVerifyJobs() == 1)

        // Once it ran: a change of colour does not verify again, a change of mileage does.
        let outcomes = try fixture.runJobs()
        #expect(outcomes.map(\.result) == [.success])
        #expect(try fixture.pendingVerifyJobs() == 0)
        stored.colour = "чёрный"
        stored = try fixture.vehicles.update(stored, actor: "test")
        #expect(try fixture.pendingVerifyJobs() == 0)
        stored.mileageKm = 20
        stored = try fixture.vehicles.update(stored, actor: "test")
        #expect(try fixture.pendingVerifyJobs() == 1)
    }

    @Test func cleanVINPassesEveryCheck() throws {
        let fixture = try ChecksFixture()
        let stored = try fixture.vehicles.insert(
            fixture.vehicle(1, vin: validVIN(wmi: "WVW", serial: 2), make: "Volkswagen", year: 2024), actor: "test")
        let outcomes = try fixture.runJobs()
        #expect(outcomes.map(\.result) == [.success])
        let statuses = try fixture.statuses(stored.id)
        #expect(Set(statuses.keys) == Set(VehicleVerifier.checkNames))
        #expect(statuses.values.allSatisfy { $0 == .passed }, "\(statuses)")
    }

    @Test func northAmericanVINWithWrongCheckDigitFails() throws {
        let fixture = try ChecksFixture()
        var characters = Array(validVIN(wmi: "1HG", vds: "CM826", serial: 3))
        characters[8] = characters[8] == "5" ? "6" : "5"
        let stored = try fixture.vehicles.insert(
            fixture.vehicle(1, vin: String(characters), make: "Honda", year: 2024), actor: "test")
        try fixture.runJobs()
        let result = try #require(try fixture.latest(stored.id, "vin_structure"))
        #expect(result.status == .failed)
        #expect(result.details.contains("Check digit"), "\(result.details)")
        #expect(try fixture.statuses(stored.id)["vin_make"] == .passed)
    }

    @Test func makeAndYearMismatchesAreWarnings() throws {
        let fixture = try ChecksFixture()
        let stored = try fixture.vehicles.insert(
            fixture.vehicle(1, vin: validVIN(wmi: "WVW", year: 2024, serial: 4), make: "Lada", year: 2019), actor: "test")
        try fixture.runJobs()
        let statuses = try fixture.statuses(stored.id)
        #expect(statuses["vin_make"] == .warning)
        #expect(statuses["model_year"] == .warning)
        #expect(statuses["vin_structure"] == .passed)
    }

    @Test func sameVINOnAnotherActiveVehicleFails() throws {
        let fixture = try ChecksFixture()
        let vin = validVIN(wmi: "WVW", serial: 5)
        // Active VINs are unique in the table, so the duplicate is a delivered
        // vehicle whose VIN is back in stock on another row.
        let delivered = try fixture.vehicles.insert(
            fixture.vehicle(1, vin: vin, make: "Volkswagen", year: 2024, status: .delivered), actor: "test")
        let active = try fixture.vehicles.insert(fixture.vehicle(2, vin: vin, make: "Volkswagen", year: 2024), actor: "test")
        #expect(try fixture.pendingVerifyJobs() == 1)
        try fixture.runJobs()
        let duplicate = try #require(try fixture.latest(delivered.id, "duplicate_vin"))
        #expect(duplicate.status == .failed)
        #expect(duplicate.details.contains("MSK-000002"), "\(duplicate.details)")
        #expect(duplicate.details(in: .ru).hasPrefix("этот VIN есть и у активного автомобиля: MSK-000002"))
        #expect(try fixture.statuses(active.id)["duplicate_vin"] == .passed)
    }

    @Test func vinInLocalPledgeRegistryFails() throws {
        let fixture = try ChecksFixture()
        let vin = validVIN(wmi: "WVW", serial: 6)
        try RegistryRepository(connection: fixture.connection).importVINs(
            [RegistryImportRow(line: 2, vin: vin.lowercased(), details: "залог: ООО Банк, договор 123")],
            into: .pledges, source: "fnp.csv", replace: false)
        let stored = try fixture.vehicles.insert(fixture.vehicle(1, vin: vin, make: "Volkswagen", year: 2024), actor: "test")
        try fixture.runJobs()
        let pledge = try #require(try fixture.latest(stored.id, "pledge"))
        #expect(pledge.status == .failed)
        #expect(pledge.provider == "local")
        #expect(pledge.details.contains("договор 123"), "\(pledge.details)")
        #expect(try fixture.statuses(stored.id)["wanted"] == .passed)
        #expect(try fixture.statuses(stored.id)["restrictions"] == .passed)
    }

    @Test func mileageRollbackFailsAndHistoryIsKept() throws {
        let fixture = try ChecksFixture()
        var stored = try fixture.vehicles.insert(
            fixture.vehicle(1, vin: validVIN(wmi: "WVW", serial: 7), make: "Volkswagen", year: 2024, mileage: 50_000),
            actor: "test")
        try fixture.runJobs()
        #expect(try fixture.statuses(stored.id)["mileage_rollback"] == .passed)
        stored.mileageKm = 30_000
        stored = try fixture.vehicles.update(stored, actor: "test")
        #expect(try fixture.pendingVerifyJobs() == 1)
        try fixture.runJobs()
        let rollback = try #require(try fixture.latest(stored.id, "mileage_rollback"))
        #expect(rollback.status == .failed)
        #expect(rollback.details.contains("50000"), "\(rollback.details)")
        let history = try fixture.results.history(subject: .vehicle, subjectID: stored.id)
        #expect(history.filter { $0.checkName == "mileage_rollback" }.count == 2)
        #expect(try fixture.connection.fetchOne(Int.self, "SELECT count(*)::int FROM mileage_readings") == 2)
    }

    @Test func verifyJobWithBadArgumentsIsDiscarded() throws {
        let fixture = try ChecksFixture()
        let queue = JobQueue(connection: fixture.connection)
        let id = try #require(try queue.enqueue(NewJob(kind: "vehicle.verify", args: ["vehicle_id": "x"])).id)
        try fixture.runJobs()
        #expect(try queue.job(id: id)?.state == .discarded)
    }
}

@Suite struct RegistryImportTests {
    @Test func importReportsBadLinesAndReplaces() throws {
        let fixture = try ChecksFixture()
        let registry = RegistryRepository(connection: fixture.connection)
        let good1 = validVIN(wmi: "WVW", serial: 10), good2 = validVIN(wmi: "XW8", serial: 11)
        let report = try registry.importVINs([
            RegistryImportRow(line: 2, vin: good1),
            RegistryImportRow(line: 3, vin: "XW8ZZZ61ZOG00001"),
            RegistryImportRow(line: 4, vin: " \(good2.lowercased()) "),
            RegistryImportRow(line: 5, vin: good1),
        ], into: .wanted, source: "test", replace: false)
        #expect(report.imported == 2)
        #expect(report.total == 2)
        #expect(report.rejected.map(\.line) == [3])
        #expect(try registry.lookup(.wanted, vin: good2)?.source == "test")
        #expect(try registry.lookup(.pledges, vin: good2) == nil)

        let replaced = try registry.importVINs([RegistryImportRow(line: 2, vin: good2)],
                                               into: .wanted, source: "again", replace: true)
        #expect(replaced.total == 1)
        #expect(try registry.lookup(.wanted, vin: good1) == nil)
        let appended = try registry.importVINs([RegistryImportRow(line: 2, vin: good1)],
                                               into: .wanted, source: "again", replace: false)
        #expect(appended.total == 2)
    }

    static var kite: String { repositoryRoot.appendingPathComponent(".build/debug/kite").path }

    @Test func kiteRegistryImportCommand() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.kite),
                     "\(Self.kite) is missing: run `swift build` before the tests")
        let fixture = try ChecksFixture()
        let good = validVIN(wmi: "WVW", serial: 20)
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("kite-registry-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let text = "\u{FEFF}Номер;VIN;details\n1;\(good);залог\n2;НЕ VIN;\n"
        try Data(text.utf8).write(to: file)
        let run = try Subprocess.run([Self.kite, "registry", "import", "pledges", file.path,
                                      "--database", fixture.conninfo])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains(":3: bad VIN"), "\(run.output)")
        #expect(run.output.contains("1 VIN(s) loaded into pledges"), "\(run.output)")
        #expect(try RegistryRepository(connection: fixture.connection).lookup(.pledges, vin: good)?.details == "залог")
    }
}
