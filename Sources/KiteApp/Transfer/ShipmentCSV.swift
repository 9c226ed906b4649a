import Foundation
import KiteDomain
import KiteStore

/// What `kite import shipments` did beside the rows' problems.
public struct ShipmentImport: Sendable {
    public var report = ImportReport()
    /// The numbers of the trips it planned, in the order of their first line.
    public var newTrips: [String] = []
    /// Cars put on those trips.
    public var carsPlanned = 0
    /// Stops whose ETA it changed, and rows whose car's ETA was already the notice's.
    public var etasChanged = 0
    public var unchanged = 0
}

/// `kite import shipments FILE.csv`: an importer's shipment notice, one car a row, the same
/// CSV rules as the other imports (UTF-8, BOM accepted, `;` or `,`, English or Russian
/// column names; every bad row reported with its line, field and rule; nothing written
/// unless every row is good, or `skipInvalid`).
///
/// A car already on a trip that has not delivered it gets the notice's ETA on the stop
/// where it is dropped. The other cars are put on new planned trips without carrier and
/// truck: one trip per origin, destination and day of the ETA (in the destination's time
/// zone), at most `carsPerTrip` cars each (a larger group makes several trips), with the
/// two stops origin → destination, the destination's ETA the latest of its cars.
public enum ShipmentCSV {
    static let columns: [(name: String, russian: String)] = [
        ("vin", "vin"), ("origin", "откуда"), ("destination", "куда"), ("eta", "прибытие"),
        ("dealership", "дилерский центр"), ("notice", "уведомление"),
    ]
    static let requiredColumns = ["vin", "origin", "destination", "eta"]
    public static let defaultCarsPerTrip = 8

    /// A row that passed the file's own checks.
    struct Row {
        var line: Int
        var vin: String
        var origin: Place
        var destination: Location
        var eta: Date
        var etaDay: String
        var notice: String
    }

    enum Place: Hashable {
        case ours(Location)
        case address(String)

        var key: String {
            switch self {
            case .ours(let location): "#\(location.id)"
            case .address(let text): "@" + text.lowercased()
            }
        }

        var stop: TripStop {
            var stop = TripStop()
            switch self {
            case .ours(let location): stop.locationID = location.id
            case .address(let text): stop.address = text
            }
            return stop
        }
    }

    /// Raised inside the write transaction to roll it back when a database refusal made a
    /// row bad and bad rows are not to be skipped.
    private struct RollBack: Error {}
    /// Rolls back one trip's savepoint when none of its cars could be put on it.
    private struct EmptyTrip: Error {}

    public static func importFile(_ url: URL, into connection: PGConnection, actor: String, skipInvalid: Bool,
                                  carsPerTrip: Int = defaultCarsPerTrip, now: Date = Date(), language: Language = .en,
                                  progress: ((ImportProgress) -> Void)? = nil) throws -> ShipmentImport {
        guard (1...12).contains(carsPerTrip) else { throw TransferError(TransferText.notCarsPerTrip(language)) }
        let sheet = try ImportSheet(url: url, columns: columns, required: requiredColumns, language: language)
        let started = Date()
        let total = sheet.rows.count
        func tell(_ phase: ImportProgress.Phase, _ rows: Int, of count: Int = total) {
            progress?(ImportProgress(phase: phase, rows: rows, total: count, elapsed: Date().timeIntervalSince(started)))
        }
        let t = { (key: TransferText, values: [String: String]) in key(language, values) }
        let trips = TripRepository(connection: connection)
        let dealerships = Dictionary(uniqueKeysWithValues: try ReferenceRepository(connection: connection).dealerships().map { ($0.id, $0) })
        let locations = try trips.allLocations()
        func code(_ location: Location) -> String { dealerships[location.dealershipID]?.code ?? "" }
        func zone(_ location: Location) -> TimeZone {
            dealerships[location.dealershipID].flatMap { TimeZone(identifier: $0.timeZone) } ?? BookDay.timeZone
        }

        var result = ShipmentImport()
        var problemLines = Set<Int>()
        func problem(_ line: Int, _ column: String, _ message: String, warning: Bool = false) {
            result.report.problems.append(ImportRowProblem(line: line, message: "\(sheet.title(column)): \(message)", isWarning: warning))
            if !warning { problemLines.insert(line) }
        }

        // 1. Each row on its own: the cells, the places, the ETA.
        var rows: [Row] = []
        var seenVINs: [String: Int] = [:]
        for (number, record) in sheet.rows.enumerated() {
            if number % 5_000 == 0 { tell(.checking, number) }
            func value(_ name: String) -> String { sheet.value(name, in: record) }
            let line = record.line
            let textProblems = sheet.textProblems(record, table: "trip_stops", language: language)
            if !textProblems.isEmpty {
                result.report.problems += textProblems.map { ImportRowProblem(line: line, message: $0, isWarning: false) }
                problemLines.insert(line)
                continue
            }
            for column in requiredColumns where value(column).isEmpty { problem(line, column, t(.required, [:])) }
            let vin = VIN.normalize(value("vin"))
            if !vin.isEmpty {
                if let first = seenVINs[vin] { problem(line, "vin", t(.alsoOnLine, ["value": vin, "line": String(first)])) }
                else { seenVINs[vin] = line }
            }
            if value("origin").unicodeScalars.count > 300 {
                problem(line, "origin", TextRules.issues(value("origin"), field: "origin", maxLength: 300).first?.message.text(language) ?? "")
            }

            var scope = Array(locations)
            let dealershipCode = value("dealership").uppercased()
            var dealership: Dealership?
            if !dealershipCode.isEmpty {
                dealership = dealerships.values.first { $0.code == dealershipCode }
                if let dealership { scope = locations.filter { $0.dealershipID == dealership.id } }
                else {
                    problem(line, "dealership", t(.unknownDealershipOf, ["text": value("dealership"),
                        "known": dealerships.values.map(\.code).sorted().joined(separator: ", ")]))
                    continue
                }
            }
            func matches(_ text: String, in candidates: [Location]) -> [Location] {
                let name = text.lowercased()
                return candidates.filter { $0.name.lowercased() == name }
            }
            var destination: Location?
            if !value("destination").isEmpty {
                let found = matches(value("destination"), in: scope)
                if found.count == 1 { destination = found[0] }
                else if found.isEmpty {
                    problem(line, "destination", t(.notOurLocation, ["text": value("destination"),
                        "scope": dealership.map { " (\($0.code))" } ?? ""]))
                } else {
                    problem(line, "destination", t(.ambiguousLocation, ["text": value("destination"),
                        "codes": found.map(code).joined(separator: ", ")]))
                }
            }
            var origin: Place?
            if !value("origin").isEmpty {
                let found = matches(value("origin"), in: locations)
                let own = found.filter { $0.dealershipID == destination?.dealershipID }
                if own.count == 1 { origin = .ours(own[0]) }
                else if found.count == 1 { origin = .ours(found[0]) }
                else if found.isEmpty { origin = .address(value("origin")) }
                else {
                    problem(line, "origin", t(.ambiguousLocation, ["text": value("origin"),
                        "codes": found.map(code).joined(separator: ", ")]))
                }
            }
            var eta: Date?
            if !value("eta").isEmpty {
                let time = TripTime(timeZone: destination.map(zone) ?? BookDay.timeZone)
                if let parsed = time.parse(value("eta")) {
                    eta = parsed
                    if parsed < now { problem(line, "eta", t(.etaPast, ["text": time.text(parsed)]), warning: true) }
                } else {
                    problem(line, "eta", t(.notETA, ["text": value("eta")]))
                }
            }
            guard !problemLines.contains(line), let origin, let destination, let eta else { continue }
            let day = String(TripTime(timeZone: zone(destination)).text(eta).prefix(10))
            rows.append(Row(line: line, vin: vin, origin: origin, destination: destination, eta: eta, etaDay: day,
                            notice: value("notice")))
        }
        tell(.checking, total)

        // 2. The cars: found, free to travel, or on a trip whose ETA the row moves.
        var vehicles: [String: ShipmentVehicle] = [:]
        for start in stride(from: 0, to: rows.count, by: 5_000) {
            for v in try trips.shipmentVehicles(vins: rows[start..<min(start + 5_000, rows.count)].map(\.vin)) {
                vehicles[v.vin] = v
            }
        }
        var updates: [(row: Row, vehicle: ShipmentVehicle)] = []
        var stopETAs: [Int64: (line: Int, eta: Date)] = [:]
        var groups: [String: [(row: Row, vehicle: ShipmentVehicle)]] = [:]
        var groupOrder: [String] = []
        for row in rows {
            guard let vehicle = vehicles[row.vin] else {
                problem(row.line, "vin", t(.noVehicleVIN, ["vin": row.vin]))
                continue
            }
            if let tripNumber = vehicle.tripNumber, let stopID = vehicle.dropStopId {
                guard vehicle.dropLocationId == row.destination.id else {
                    problem(row.line, "destination", t(.otherDestination, ["number": tripNumber, "place": vehicle.dropPlace ?? "",
                                                                            "text": row.destination.name]))
                    continue
                }
                if let earlier = stopETAs[stopID], earlier.eta != row.eta {
                    let time = TripTime(timeZone: zone(row.destination))
                    problem(row.line, "eta", t(.etaConflict, ["number": tripNumber, "line": String(earlier.line),
                                                              "other": time.text(earlier.eta)]))
                    continue
                }
                stopETAs[stopID] = (row.line, row.eta)
                updates.append((row, vehicle))
            } else {
                guard [.ordered, .inStock, .inPreparation, .reserved].contains(vehicle.status) else {
                    problem(row.line, "vin", t(.vehicleCannotTravel, ["stock_number": vehicle.stockNumber,
                                                                      "status": vehicle.status.label.text(language)]))
                    continue
                }
                let key = [row.origin.key, String(row.destination.id), row.etaDay].joined(separator: "|")
                if groups[key] == nil { groupOrder.append(key) }
                groups[key, default: []].append((row, vehicle))
            }
        }
        result.report.problems.sort { ($0.line, $0.isWarning ? 1 : 0) < ($1.line, $1.isWarning ? 1 : 0) }
        result.report.skipped = problemLines.count
        if !problemLines.isEmpty && !skipInvalid { return result }

        // 3. The writing, in one transaction: each trip and each ETA in a savepoint of its
        // own, so a refusal of the database names its row (and, when bad rows are
        // skipped, only that row is left out).
        var written = result
        let work = updates.count + groups.values.reduce(0) { $0 + $1.count }
        var done = 0
        func refused(_ line: Int, _ column: String, _ error: any Error) throws {
            guard let refusal = (error as? TripRefusal) ?? TripRefusal.from(error) else { throw error }
            written.report.problems.append(ImportRowProblem(line: line, message: "\(column): \(refusal.localizedReason.text(language))",
                                                            isWarning: false))
            written.report.skipped += 1
        }
        do {
            try connection.transaction { connection in
                let trips = TripRepository(connection: connection)
                for key in groupOrder {
                    guard let cars = groups[key] else { continue }
                    for chunkStart in stride(from: 0, to: cars.count, by: carsPerTrip) {
                        let chunk = Array(cars[chunkStart..<min(chunkStart + carsPerTrip, cars.count)])
                        let first = chunk[0].row
                        var trip = Trip()
                        trip.dealershipID = first.destination.dealershipID
                        trip.notes = Array(Set(chunk.map(\.row.notice).filter { !$0.isEmpty })).sorted().joined(separator: ", ")
                        var drop = Place.ours(first.destination).stop
                        drop.eta = chunk.map(\.row.eta).max()
                        do {
                            let number = try connection.transaction { connection -> String in
                                let trips = TripRepository(connection: connection)
                                let stored = try trips.create(trip, stops: [first.origin.stop, drop],
                                                              on: CivilDate(now, timeZone: zone(first.destination)), actor: actor)
                                let stops = try trips.stops(tripID: stored.id)
                                var added = 0
                                for (row, vehicle) in chunk {
                                    do {
                                        try connection.transaction { connection in
                                            _ = try TripRepository(connection: connection).addVehicle(
                                                tripID: stored.id, vehicleID: vehicle.id, pickupStopID: stops[0].id,
                                                dropStopID: stops[1].id, actor: actor)
                                        }
                                        added += 1
                                    } catch {
                                        try refused(row.line, "vin", error)
                                    }
                                }
                                guard added > 0 else { throw EmptyTrip() }
                                written.carsPlanned += added
                                return stored.number
                            }
                            written.newTrips.append(number)
                        } catch is EmptyTrip {
                            // every car of it was refused: reported above
                        } catch {
                            for (row, _) in chunk { try refused(row.line, "destination", error) }
                        }
                        done += chunk.count
                        tell(.writing, done, of: work)
                    }
                }
                var stopsSet = Set<Int64>()
                for (row, vehicle) in updates {
                    guard let tripID = vehicle.tripId, let stopID = vehicle.dropStopId else { continue }
                    if vehicle.dropEta == row.eta {
                        written.unchanged += 1
                    } else if stopsSet.contains(stopID) {
                        written.etasChanged += 1   // another car of the same stop set it already
                    } else {
                        stopsSet.insert(stopID)
                        do {
                            try trips.setStopETA(tripID: tripID, stopID: stopID, eta: row.eta, actor: actor)
                            written.etasChanged += 1
                        } catch {
                            try refused(row.line, "eta", error)
                        }
                    }
                    done += 1
                    tell(.writing, done, of: work)
                }
                if written.report.skipped > result.report.skipped && !skipInvalid { throw RollBack() }
            }
        } catch is RollBack {
            written.report.problems.sort { ($0.line, $0.isWarning ? 1 : 0) < ($1.line, $1.isWarning ? 1 : 0) }
            var nothing = ShipmentImport()
            nothing.report = written.report
            return nothing
        }
        written.report.problems.sort { ($0.line, $0.isWarning ? 1 : 0) < ($1.line, $1.isWarning ? 1 : 0) }
        written.report.imported = written.carsPlanned + written.etasChanged + written.unchanged
        return written
    }
}
