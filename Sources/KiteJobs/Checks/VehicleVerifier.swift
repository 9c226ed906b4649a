import Foundation
import KiteDomain
import KiteStore

/// Runs the vehicle checks and stores one result per check (`check_results`).
///
/// Checks: `vin_structure`, `vin_make`, `model_year`, `duplicate_vin`,
/// `pledge`, `wanted`, `restrictions`, `mileage_rollback`.
public struct VehicleVerifier {
    public let connection: PGConnection
    public let provider: any RegistryProvider

    public init(connection: PGConnection, provider: (any RegistryProvider)? = nil) {
        self.connection = connection
        self.provider = provider ?? LocalRegistryProvider(connection: connection)
    }

    /// The check names, in the order they run.
    public static let checkNames = CheckCatalog.vehicleChecks

    /// Verifies the vehicle and stores the results; nil when it no longer exists.
    @discardableResult
    public func verify(vehicleID: Int64) throws -> [NewCheckResult]? {
        guard let vehicle = try VehicleRepository(connection: connection).get(id: vehicleID) else { return nil }
        let (results, providerFailure) = try evaluate(vehicle)
        try connection.transaction { connection in
            try CheckResultRepository(connection: connection)
                .record(results, subject: .vehicle, subjectID: vehicle.id, vin: vehicle.vin)
            try recordMileage(vehicle, on: connection)
        }
        // The results are stored (a provider that failed shows as `error`);
        // the job then retries or snoozes as the provider's answer asks.
        if let providerFailure { throw providerFailure.jobFailure }
        return results
    }

    /// The results for `vehicle` without storing them (the mileage check reads
    /// earlier readings; the current one is recorded by `verify`).
    public func checks(for vehicle: Vehicle) throws -> [NewCheckResult] {
        try evaluate(vehicle).results
    }

    /// The results, and the worst `ProviderError` a registry lookup met.
    func evaluate(_ vehicle: Vehicle) throws -> (results: [NewCheckResult], providerFailure: ProviderError?) {
        var providerFailure: ProviderError?
        let report = VINDecoder.decode(vehicle.vin)
        var results: [NewCheckResult] = []

        // VIN structure and check digit.
        if !report.errors.isEmpty {
            results.append(.init(checkName: "vin_structure", status: .failed, text: Self.joined(report.issues, .error)))
        } else if !report.warnings.isEmpty {
            results.append(.init(checkName: "vin_structure", status: .warning, text: Self.joined(report.issues, .warning)))
        } else {
            results.append(.init(checkName: "vin_structure", status: .passed))
        }

        // Decoded manufacturer against the entered make (only for a known WMI).
        if let entry = report.wmiEntry {
            if entry.matches(make: vehicle.make) {
                results.append(.init(checkName: "vin_make", status: .passed, details: entry.manufacturer))
            } else {
                results.append(.init(checkName: "vin_make", status: .warning, text: LocalizedText(
                    ru: "WMI \(entry.code) — \(entry.manufacturer) (\(entry.makes.joined(separator: ", "))), а введена марка «\(vehicle.make)»",
                    en: "WMI \(entry.code) is \(entry.manufacturer) (\(entry.makes.joined(separator: ", "))), the make entered is '\(vehicle.make)'")))
            }
        } else {
            results.append(.init(checkName: "vin_make", status: .passed, text: LocalizedText(
                ru: "WMI \(report.wmi ?? "?") нет в таблице: марка не сверялась",
                en: "WMI \(report.wmi ?? "?") is not in the table: not compared")))
        }

        // Entered year among the VIN's candidate model years ±1.
        if report.modelYears.isEmpty {
            results.append(.init(checkName: "model_year", status: .warning, text: LocalizedText(
                ru: "в VIN нет кода модельного года", en: "the VIN has no model-year code")))
        } else if report.modelYears.contains(where: { abs($0 - vehicle.year) <= 1 }) {
            results.append(.init(checkName: "model_year", status: .passed))
        } else {
            let years = report.modelYears.map(String.init).joined(separator: ", ")
            results.append(.init(checkName: "model_year", status: .warning, text: LocalizedText(
                ru: "год \(vehicle.year) отличается больше чем на год от модельных годов по VIN: \(years)",
                en: "year \(vehicle.year) is not within one year of the VIN's model years \(years)")))
        }

        // The same VIN on another active vehicle.
        let others = try SameVINRepository(connection: connection).activeVehicles(vin: vehicle.vin, except: vehicle.id)
        if others.isEmpty {
            results.append(.init(checkName: "duplicate_vin", status: .passed))
        } else {
            let list = others.map { "\($0.stockNumber) (id \($0.id), \($0.status.rawValue))" }.joined(separator: ", ")
            results.append(.init(checkName: "duplicate_vin", status: .failed, text: LocalizedText(
                ru: "этот VIN есть и у активного автомобиля: " + list, en: "also active as " + list)))
        }

        // Registries through the provider.
        for (check, registry) in [("pledge", RegistryKind.pledges), ("wanted", .wanted), ("restrictions", .restrictions)] {
            do {
                if let finding = try provider.lookup(registry, vin: report.vin) {
                    let text = finding.details.isEmpty
                        ? LocalizedText(ru: "есть в реестре \(registry.rawValue) (\(finding.source))",
                                        en: "listed in \(registry.rawValue) (\(finding.source))")
                        : LocalizedText(ru: "\(finding.details) (\(finding.source))", en: "\(finding.details) (\(finding.source))")
                    results.append(.init(checkName: check, status: .failed, text: text, provider: provider.name))
                } else {
                    results.append(.init(checkName: check, status: .passed, provider: provider.name))
                }
            } catch {
                if let failure = error as? ProviderError {
                    providerFailure = ProviderError.worst(providerFailure, failure)
                }
                results.append(.init(checkName: check, status: .error, details: String(describing: error),
                                     provider: provider.name))
            }
        }

        // Mileage lower than an earlier reading for the same VIN.
        if let highest = try MileageReadingRepository(connection: connection).highest(vin: vehicle.vin),
           highest.km > vehicle.mileageKm {
            let at = highest.recordedAt.formatted(.iso8601)
            results.append(.init(checkName: "mileage_rollback", status: .failed, text: LocalizedText(
                ru: "пробег \(vehicle.mileageKm) км меньше \(highest.km) км, записанных \(at) (\(highest.source))",
                en: "\(vehicle.mileageKm) km is lower than \(highest.km) km recorded at \(at) (\(highest.source))")))
        } else {
            results.append(.init(checkName: "mileage_rollback", status: .passed))
        }
        return (results, providerFailure)
    }

    /// The issues of one severity, in order, joined in each language.
    static func joined(_ issues: [FieldIssue], _ severity: FieldIssue.Severity) -> LocalizedText {
        let chosen = issues.filter { $0.severity == severity }
        return LocalizedText(ru: chosen.map(\.message.ru).joined(separator: "; "),
                             en: chosen.map(\.message.en).joined(separator: "; "))
    }

    /// Records the current reading unless the latest one for the VIN is the same.
    private func recordMileage(_ vehicle: Vehicle, on connection: PGConnection) throws {
        try MileageReadingRepository(connection: connection)
            .recordUnlessUnchanged(vin: vehicle.vin, km: vehicle.mileageKm, source: "vehicle:" + String(vehicle.id))
    }
}

extension VehicleVerifier {
    /// What one `vehicle.verify` job checks: the vehicle of its args and every
    /// other vehicle now carrying the job's VIN (the job is unique per VIN, so
    /// a second vehicle saved with that VIN while the job was pending joined it).
    /// Returns the ids verified.
    @discardableResult
    public func verifyJob(vehicleID: Int64, vin: String?) throws -> [Int64] {
        var ids = [vehicleID]
        if let vin, !vin.isEmpty {
            ids += try SameVINRepository(connection: connection).vehicleIDs(vin: VIN.normalize(vin), except: vehicleID)
        }
        var verified: [Int64] = []
        for id in ids where try verify(vehicleID: id) != nil { verified.append(id) }
        return verified
    }

    /// The `vehicle.verify` handler: args `vehicle_id`; opens its own
    /// connection with `conninfo` for the job. A vehicle deleted meanwhile
    /// completes the job with nothing stored; bad arguments are permanent.
    public static func handler(conninfo: String, providers: RegistryProviderSettings = .local) -> JobHandlers.Handler {
        // One HTTP client for every job; the local provider reads the job's own connection.
        let http: HTTPRegistryProvider?
        if case .http(let settings) = providers { http = HTTPRegistryProvider(settings: settings) } else { http = nil }
        return { job in
            let args = try job.argsDictionary()
            guard let text = args["vehicle_id"], let id = Int64(text) else {
                throw JobFailure.permanent("vehicle.verify: args.vehicle_id missing or not a number: \(job.args)")
            }
            let connection = try PGConnection(conninfo)
            try VehicleVerifier(connection: connection, provider: http).verifyJob(vehicleID: id, vin: args["vin"])
        }
    }
}

extension VehicleVerifier {
    /// The vehicle checks of an appraisal's car, before it is bought (issue 13): the same
    /// checks on the appraisal's VIN, make, year and mileage, stored with the appraisal as
    /// their subject (the purchase gate reads them). Nil when the appraisal no longer exists.
    @discardableResult
    public func verify(appraisalID: Int64) throws -> [NewCheckResult]? {
        guard let appraisal = try AppraisalRepository(connection: connection).get(id: appraisalID) else { return nil }
        let car = Vehicle(vin: appraisal.vin, make: appraisal.make, model: appraisal.model, year: appraisal.modelYear,
                          mileageKm: appraisal.mileageKm, condition: .used, dealershipID: appraisal.dealershipID)
        let (results, providerFailure) = try evaluate(car)
        try connection.transaction { connection in
            try CheckResultRepository(connection: connection)
                .record(results, subject: .appraisal, subjectID: appraisal.id, vin: appraisal.vin)
            try MileageReadingRepository(connection: connection)
                .recordUnlessUnchanged(vin: appraisal.vin, km: appraisal.mileageKm, source: "appraisal:" + appraisal.number)
        }
        if let providerFailure { throw providerFailure.jobFailure }
        return results
    }

    /// The `appraisal.verify` handler: args `appraisal_id`.
    public static func appraisalHandler(conninfo: String, providers: RegistryProviderSettings = .local) -> JobHandlers.Handler {
        let http: HTTPRegistryProvider?
        if case .http(let settings) = providers { http = HTTPRegistryProvider(settings: settings) } else { http = nil }
        return { job in
            let args = try job.argsDictionary()
            guard let text = args["appraisal_id"], let id = Int64(text) else {
                throw JobFailure.permanent("appraisal.verify: args.appraisal_id missing or not a number: \(job.args)")
            }
            try VehicleVerifier(connection: try PGConnection(conninfo), provider: http).verify(appraisalID: id)
        }
    }
}
