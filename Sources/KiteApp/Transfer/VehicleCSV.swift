import Foundation
import KiteDomain
import KiteStore

/// `kite import vehicles` / `kite export vehicles`: the stock as CSV that
/// Russian Excel opens (UTF-8 with BOM, `;`, decimal comma, ДД.ММ.ГГГГ).
public enum VehicleCSV {
    /// The columns, in export order. Import accepts them in any order, by these
    /// names or the Russian titles, case-insensitively.
    static let columns: [(name: String, russian: String)] = [
        ("stock_number", "складской номер"), ("vin", "vin"), ("make", "марка"), ("model", "модель"),
        ("trim", "комплектация"), ("year", "год"), ("colour", "цвет"), ("body", "кузов"), ("fuel", "топливо"),
        ("transmission", "кпп"), ("mileage_km", "пробег"), ("condition", "состояние"), ("status", "статус"),
        ("vehicle_type", "тип"), ("dealership", "дилерский центр"), ("location", "площадка"),
        ("purchase_cost", "закупочная цена"), ("list_price", "цена"), ("arrival_date", "дата поступления"),
    ]
    static let requiredColumns = ["vin", "make", "model", "year", "dealership", "list_price"]

    // MARK: - Export

    /// Writes every vehicle to `url`; returns how many.
    public static func export(_ connection: PGConnection, to url: URL, language: Language = .en) throws -> Int {
        let references = ReferenceRepository(connection: connection)
        let dealerships = Dictionary(uniqueKeysWithValues: try references.dealerships().map { ($0.id, $0.code) })
        var locations: [Int64: String] = [:]
        for id in dealerships.keys { for location in try references.locations(dealershipID: id) { locations[location.id] = location.name } }

        let handle = try ExportFile.open(url, language: language)
        defer { try? handle.close() }
        try handle.write(contentsOf: Data((CSV.byteOrderMark + CSV.line(columns.map(\.name))).utf8))
        var count = 0
        try VehicleRepository(connection: connection).forEachBatch { batch in
            var text = ""
            for v in batch {
                text += CSV.line([
                    v.stockNumber, v.vin, v.make, v.model, v.trim, String(v.year), v.colour, v.body, v.fuel,
                    v.transmission, String(v.mileageKm), v.condition.rawValue, v.status.rawValue, v.vehicleType,
                    dealerships[v.dealershipID] ?? "", v.locationID.flatMap { locations[$0] } ?? "",
                    excelMoney(v.purchaseCost), excelMoney(v.listPrice), v.arrivalDate.map(DayFormat.display) ?? "",
                ])
            }
            try handle.write(contentsOf: Data(text.utf8))
            count += batch.count
        }
        return count
    }

    /// `1250000,50`: a number Russian Excel reads as a number.
    static func excelMoney(_ money: Money) -> String {
        money.decimalString.replacingOccurrences(of: ".", with: ",")
    }

    // MARK: - Import

    public typealias RowProblem = ImportRowProblem
    public typealias ImportReport = KiteApp.ImportReport

    /// Checks every row first; imports all of them in one transaction, or —
    /// with `skipInvalid` — only the good ones. With errors and no
    /// `skipInvalid`, nothing is written. Messages are in `language`; `progress` hears
    /// how far the check and the writing are.
    public static func importFile(_ url: URL, into connection: PGConnection, actor: String,
                                  skipInvalid: Bool, today: Date = Date(), language: Language = .en,
                                  progress: ((ImportProgress) -> Void)? = nil) throws -> ImportReport {
        let sheet = try ImportSheet(url: url, columns: columns, required: requiredColumns, language: language)
        let started = Date()
        let total = sheet.rows.count
        func tell(_ phase: ImportProgress.Phase, _ rows: Int) {
            progress?(ImportProgress(phase: phase, rows: rows, total: total, elapsed: Date().timeIntervalSince(started)))
        }

        let references = ReferenceRepository(connection: connection)
        let dealerships = try references.dealerships()
        var locationsByDealership: [Int64: [Location]] = [:]
        for d in dealerships { locationsByDealership[d.id] = try references.locations(dealershipID: d.id) }
        let vehicleTypes = Set(try references.vehicleTypes().map(\.code))
        let t = { (key: TransferText, values: [String: String]) in key(language, values) }

        var report = ImportReport()
        var good: [(line: Int, vehicle: Vehicle, code: String)] = []
        var seenVINs: [String: Int] = [:]
        var seenNumbers: [String: Int] = [:]
        for (number, record) in sheet.rows.enumerated() {
            if number % 5_000 == 0 { tell(.checking, number) }
            func value(_ name: String) -> String { sheet.value(name, in: record) }
            func named(_ column: String, _ message: String) -> String { "\(sheet.title(column)): \(message)" }
            var problems = sheet.textProblems(record, table: "vehicles", language: language)
            var warnings: [String] = []
            var v = Vehicle(vin: VIN.normalize(value("vin")), make: value("make"), model: value("model"), trim: value("trim"),
                            colour: value("colour"), body: value("body"), fuel: value("fuel"),
                            transmission: value("transmission"), updatedBy: actor)
            v.stockNumber = value("stock_number")
            if problems.isEmpty {
                integer(value("year"), named: sheet.title("year"), into: &v.year, &problems, language)
                if !value("mileage_km").isEmpty {
                    integer(value("mileage_km"), named: sheet.title("mileage_km"), into: &v.mileageKm, &problems, language)
                }
                money(value("purchase_cost"), "purchase_cost", named: sheet.title("purchase_cost"), into: &v.purchaseCost, &problems, language)
                money(value("list_price"), "list_price", named: sheet.title("list_price"), into: &v.listPrice, &problems, language)
                if value("list_price").isEmpty { problems.append(named("list_price", t(.required, [:]))) }
                let conditionText = value("condition").lowercased()
                if !conditionText.isEmpty {
                    if let c = VehicleCondition.allCases.first(where: { $0.rawValue == conditionText || $0.label.ru == conditionText }) {
                        v.condition = c
                    } else { problems.append(named("condition", t(.notCondition, ["text": value("condition")]))) }
                }
                let statusText = value("status").lowercased()
                if !statusText.isEmpty {
                    if let s = VehicleStatus.allCases.first(where: { $0.rawValue == statusText || $0.label.ru == statusText }) {
                        if s.isDealManaged {
                            // A car imported reserved, sold or delivered has no deal that could ever release it.
                            let allowed = VehicleStatus.allCases.filter { !$0.isDealManaged }.map(\.rawValue).joined(separator: ", ")
                            problems.append(named("status", t(.dealStatus, ["text": value("status"), "allowed": allowed])))
                        } else {
                            v.status = s
                        }
                    } else { problems.append(named("status", t(.unknownStatus, ["text": value("status")]))) }
                }
                let type = value("vehicle_type").isEmpty ? "car" : value("vehicle_type").lowercased()
                if vehicleTypes.contains(type) { v.vehicleType = type } else { problems.append(named("vehicle_type", t(.unknownType, ["text": type]))) }
                let code = value("dealership").uppercased()
                if let dealership = dealerships.first(where: { $0.code == code }) {
                    v.dealershipID = dealership.id
                    let place = value("location")
                    if !place.isEmpty {
                        if let location = locationsByDealership[dealership.id]?.first(where: { $0.name.lowercased() == place.lowercased() }) {
                            v.locationID = location.id
                        } else { problems.append(named("location", t(.notLocation, ["text": place, "code": code]))) }
                    }
                } else {
                    problems.append(named("dealership", t(.unknownDealershipOf, ["text": value("dealership"),
                                                                                 "known": dealerships.map(\.code).joined(separator: ", ")])))
                }
                let date = value("arrival_date")
                if !date.isEmpty {
                    if let d = DayFormat.parse(date) { v.arrivalDate = d } else { problems.append(named("arrival_date", t(.notDate, ["text": date]))) }
                }
            }
            if problems.isEmpty {
                for issue in VehicleValidator.validate(v, today: today) {
                    let text = named(issue.field, issue.message.text(language))
                    if issue.severity == .error { problems.append(text) } else { warnings.append(text) }
                }
            }
            if v.status.isActive, !v.vin.isEmpty {
                if let first = seenVINs[v.vin] { problems.append(named("vin", t(.alsoOnLine, ["value": v.vin, "line": String(first)]))) }
                else { seenVINs[v.vin] = record.line }
            }
            if !v.stockNumber.isEmpty {
                if let first = seenNumbers[v.stockNumber] {
                    problems.append(named("stock_number", t(.alsoOnLine, ["value": v.stockNumber, "line": String(first)])))
                } else { seenNumbers[v.stockNumber] = record.line }
            }
            report.problems += warnings.map { RowProblem(line: record.line, message: $0, isWarning: true) }
            if problems.isEmpty {
                good.append((record.line, v, value("dealership").uppercased()))
            } else {
                report.problems += problems.map { RowProblem(line: record.line, message: $0, isWarning: false) }
                report.skipped += 1
            }
        }
        tell(.checking, total)

        // Against what is already stored.
        let repository = VehicleRepository(connection: connection)
        let takenVINs = try repository.activeVINs(among: good.filter { $0.vehicle.status.isActive }.map(\.vehicle.vin))
        let takenNumbers = try repository.existingStockNumbers(among: good.map(\.vehicle.stockNumber).filter { !$0.isEmpty })
        good.removeAll { row in
            var clash: [String] = []
            if row.vehicle.status.isActive && takenVINs.contains(row.vehicle.vin) {
                clash.append("\(sheet.title("vin")): " + t(.vinActive, ["value": row.vehicle.vin]))
            }
            if takenNumbers.contains(row.vehicle.stockNumber) {
                clash.append("\(sheet.title("stock_number")): " + t(.stockNumberTaken, ["value": row.vehicle.stockNumber]))
            }
            guard !clash.isEmpty else { return false }
            report.problems += clash.map { RowProblem(line: row.line, message: $0, isWarning: false) }
            report.skipped += 1
            return true
        }
        report.problems.sort { ($0.line, $0.isWarning ? 1 : 0) < ($1.line, $1.isWarning ? 1 : 0) }
        if !report.errors.isEmpty && !skipInvalid { return report }

        // One transaction, written in batches: a few statements per 5,000 cars.
        let writeStarted = Date()
        try connection.transaction { connection in
            let repository = VehicleRepository(connection: connection)
            var written = 0
            for start in stride(from: 0, to: good.count, by: 5_000) {
                let batch = good[start..<min(start + 5_000, good.count)]
                written += try repository.insertImported(batch.map { ($0.vehicle, $0.code) }, actor: actor)
                progress?(ImportProgress(phase: .writing, rows: written, total: good.count,
                                         elapsed: Date().timeIntervalSince(writeStarted)))
            }
        }
        report.imported = good.count
        return report
    }

    private static func integer(_ text: String, named title: String, into target: inout Int, _ problems: inout [String],
                                _ language: Language) {
        let digits = text.filter { $0 != " " && $0 != "\u{00A0}" }
        if digits.isEmpty { problems.append("\(title): " + TransferText.required(language)); return }
        if let value = Int(digits) { target = value }
        else { problems.append("\(title): " + TransferText.notWholeNumber(language, ["text": text])) }
    }

    private static func money(_ text: String, _ field: String, named title: String, into target: inout Money,
                              _ problems: inout [String], _ language: Language) {
        guard !text.isEmpty else { return }
        switch FieldParsers.money(text, field: field) {
        case .success(let value): target = value
        case .failure(let issue): problems.append("\(title): \(issue.message.text(language))")
        }
    }
}

public struct TransferError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
