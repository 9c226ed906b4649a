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
    public static func export(_ connection: PGConnection, to url: URL) throws -> Int {
        let references = ReferenceRepository(connection: connection)
        let dealerships = Dictionary(uniqueKeysWithValues: try references.dealerships().map { ($0.id, $0.code) })
        var locations: [Int64: String] = [:]
        for id in dealerships.keys { for location in try references.locations(dealershipID: id) { locations[location.id] = location.name } }

        FileManager.default.createFile(atPath: url.path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: url.path) else {
            throw TransferError("cannot write \(url.path)")
        }
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
    /// `skipInvalid`, nothing is written.
    public static func importFile(_ url: URL, into connection: PGConnection, actor: String,
                                  skipInvalid: Bool, today: Date = Date()) throws -> ImportReport {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TransferError("cannot read \(url.path)")
        }
        let records: [CSV.Record]
        do { records = try CSV.parse(data) } catch { throw TransferError("\(url.lastPathComponent): \(error)") }
        guard let header = records.first else { throw TransferError("\(url.lastPathComponent) is empty") }
        let index = try columnIndex(header)

        let references = ReferenceRepository(connection: connection)
        let dealerships = try references.dealerships()
        var locationsByDealership: [Int64: [Location]] = [:]
        for d in dealerships { locationsByDealership[d.id] = try references.locations(dealershipID: d.id) }
        let vehicleTypes = Set(try references.vehicleTypes().map(\.code))

        var report = ImportReport()
        var good: [(line: Int, vehicle: Vehicle, code: String)] = []
        var seenVINs: [String: Int] = [:]
        var seenNumbers: [String: Int] = [:]
        for record in records.dropFirst() {
            func value(_ name: String) -> String {
                guard let i = index[name], i < record.fields.count else { return "" }
                return record.fields[i].trimmingCharacters(in: .whitespaces)
            }
            var problems: [String] = []
            var warnings: [String] = []
            var v = Vehicle(vin: VIN.normalize(value("vin")), make: value("make"), model: value("model"), trim: value("trim"),
                            colour: value("colour"), body: value("body"), fuel: value("fuel"),
                            transmission: value("transmission"), updatedBy: actor)
            v.stockNumber = value("stock_number")
            integer(value("year"), "year", into: &v.year, &problems)
            if !value("mileage_km").isEmpty { integer(value("mileage_km"), "mileage_km", into: &v.mileageKm, &problems) }
            money(value("purchase_cost"), "purchase_cost", into: &v.purchaseCost, &problems)
            money(value("list_price"), "list_price", into: &v.listPrice, &problems)
            if value("list_price").isEmpty { problems.append("list_price: required") }
            let conditionText = value("condition").lowercased()
            if !conditionText.isEmpty {
                if let c = VehicleCondition.allCases.first(where: { $0.rawValue == conditionText || $0.label.ru == conditionText }) {
                    v.condition = c
                } else { problems.append("condition: \"\(value("condition"))\" is not new/used (новый/с пробегом)") }
            }
            let statusText = value("status").lowercased()
            if !statusText.isEmpty {
                if let s = VehicleStatus.allCases.first(where: { $0.rawValue == statusText || $0.label.ru == statusText }) {
                    if s.isDealManaged {
                        // A car imported reserved, sold or delivered has no deal that could ever release it.
                        let allowed = VehicleStatus.allCases.filter { !$0.isDealManaged }.map(\.rawValue).joined(separator: ", ")
                        problems.append("status: \"\(value("status"))\" belongs to a deal (reserved, sold and delivered are set "
                                        + "by the deal's stages); import the car as one of \(allowed), then start its deal")
                    } else {
                        v.status = s
                    }
                } else { problems.append("status: unknown status \"\(value("status"))\"") }
            }
            let type = value("vehicle_type").isEmpty ? "car" : value("vehicle_type").lowercased()
            if vehicleTypes.contains(type) { v.vehicleType = type } else { problems.append("vehicle_type: unknown type \"\(type)\"") }
            let code = value("dealership").uppercased()
            if let dealership = dealerships.first(where: { $0.code == code }) {
                v.dealershipID = dealership.id
                let place = value("location")
                if !place.isEmpty {
                    if let location = locationsByDealership[dealership.id]?.first(where: { $0.name.lowercased() == place.lowercased() }) {
                        v.locationID = location.id
                    } else { problems.append("location: \"\(place)\" is not a showroom or yard of \(code)") }
                }
            } else {
                problems.append("dealership: unknown dealership code \"\(value("dealership"))\" (known: \(dealerships.map(\.code).joined(separator: ", ")))")
            }
            let date = value("arrival_date")
            if !date.isEmpty {
                if let d = DayFormat.parse(date) { v.arrivalDate = d } else { problems.append("arrival_date: \"\(date)\" is not ДД.ММ.ГГГГ or YYYY-MM-DD") }
            }
            if problems.isEmpty {
                for issue in VehicleValidator.validate(v, today: today) {
                    let text = "\(issue.field): \(issue.message.en)"
                    if issue.severity == .error { problems.append(text) } else { warnings.append(text) }
                }
            }
            if v.status.isActive, !v.vin.isEmpty {
                if let first = seenVINs[v.vin] { problems.append("vin: \(v.vin) also on line \(first)") } else { seenVINs[v.vin] = record.line }
            }
            if !v.stockNumber.isEmpty {
                if let first = seenNumbers[v.stockNumber] { problems.append("stock_number: \(v.stockNumber) also on line \(first)") }
                else { seenNumbers[v.stockNumber] = record.line }
            }
            report.problems += warnings.map { RowProblem(line: record.line, message: $0, isWarning: true) }
            if problems.isEmpty {
                good.append((record.line, v, code))
            } else {
                report.problems += problems.map { RowProblem(line: record.line, message: $0, isWarning: false) }
                report.skipped += 1
            }
        }

        // Against what is already stored.
        let repository = VehicleRepository(connection: connection)
        let takenVINs = try repository.activeVINs(among: good.filter { $0.vehicle.status.isActive }.map(\.vehicle.vin))
        let takenNumbers = try repository.existingStockNumbers(among: good.map(\.vehicle.stockNumber).filter { !$0.isEmpty })
        good.removeAll { row in
            var clash: [String] = []
            if row.vehicle.status.isActive && takenVINs.contains(row.vehicle.vin) { clash.append("vin: \(row.vehicle.vin) is already an active vehicle in stock") }
            if takenNumbers.contains(row.vehicle.stockNumber) { clash.append("stock_number: \(row.vehicle.stockNumber) is already taken") }
            guard !clash.isEmpty else { return false }
            report.problems += clash.map { RowProblem(line: row.line, message: $0, isWarning: false) }
            report.skipped += 1
            return true
        }
        report.problems.sort { ($0.line, $0.isWarning ? 1 : 0) < ($1.line, $1.isWarning ? 1 : 0) }
        if !report.errors.isEmpty && !skipInvalid { return report }

        try connection.transaction { connection in
            let repository = VehicleRepository(connection: connection)
            for row in good {
                if row.vehicle.stockNumber.isEmpty {
                    try repository.insertNumbered(row.vehicle, dealershipCode: row.code, actor: actor)
                } else {
                    try repository.insert(row.vehicle, actor: actor)
                }
            }
        }
        report.imported = good.count
        return report
    }

    private static func columnIndex(_ header: CSV.Record) throws -> [String: Int] {
        var index: [String: Int] = [:]
        var unknown: [String] = []
        for (position, raw) in header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if let column = columns.first(where: { $0.name == name || $0.russian == name }) {
                index[column.name] = position
            } else if !name.isEmpty {
                unknown.append(raw)
            }
        }
        if !unknown.isEmpty {
            throw TransferError("line 1: unknown column(s) \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")); known: \(columns.map(\.name).joined(separator: ", "))")
        }
        let missing = requiredColumns.filter { index[$0] == nil }
        if !missing.isEmpty { throw TransferError("line 1: missing column(s) \(missing.joined(separator: ", "))") }
        return index
    }

    private static func integer(_ text: String, _ field: String, into target: inout Int, _ problems: inout [String]) {
        let digits = text.filter { $0 != " " && $0 != "\u{00A0}" }
        if digits.isEmpty { problems.append("\(field): required"); return }
        if let value = Int(digits) { target = value } else { problems.append("\(field): \"\(text)\" is not a whole number") }
    }

    private static func money(_ text: String, _ field: String, into target: inout Money, _ problems: inout [String]) {
        guard !text.isEmpty else { return }
        switch FieldParsers.money(text, field: field) {
        case .success(let value): target = value
        case .failure(let issue): problems.append("\(field): \(issue.message.en)")
        }
    }
}

public struct TransferError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
