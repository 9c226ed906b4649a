import Foundation
import KiteDomain

/// A small, fast, platform-independent pseudo-random generator (SplitMix64).
/// The same seed gives the same sequence on every machine and Swift version.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound` (bound > 0); the tiny modulo bias is irrelevant for demo data.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Uniform in the closed range.
    public mutating func between(_ low: Int, _ high: Int) -> Int { low + below(high - low + 1) }
}

/// Generates believable demo vehicles, deterministically from a seed: the same
/// seed, `today` and status mix give the same vehicles in the same order.
///
/// Built for volume (the seeder asks for a million): no Foundation formatting,
/// no `Calendar` per vehicle; one heap allocation per VIN.
///
/// - `dealershipID` is the 1-based index in `DemoCatalog.dealerships`
///   (1 MSK, 2 SPB, 3 KZN); `locationID` is nil; `id` and `version` are 0.
/// - Stock numbers `MSK-000001`… are distinct within one factory (7 digits
///   after 999 999). VINs are distinct within one factory (up to 33 million);
///   another seed starts its serial numbers elsewhere.
/// - About 30% are used; new cars have 0–50 km, used 15 000–180 000 km;
///   purchase cost is below list price; arrival within the last 200 days
///   (nil for ordered and in-transit cars).
public struct DemoVehicleFactory: Sendable {
    public static let defaultStatusMix: [(status: VehicleStatus, weight: Int)] = [
        (.inStock, 70), (.inPreparation, 12), (.inTransit, 10), (.ordered, 8),
    ]

    private var random: SeededRandom
    private let todayStart: TimeInterval
    private let today: Date
    private let currentYear: Int
    private let serialOffset: Int
    private let plantOffset: Int
    private var produced = 0
    private var stockCounters: [Int]

    private let makes: [PreparedMake]
    private let makeWeights: Weighted
    private let dealershipWeights: Weighted
    private let colourNames: [String]
    private let colourWeights: Weighted
    private let statuses: [VehicleStatus]
    private let statusWeights: Weighted
    private let prefixes: [[UInt8]]

    public init(seed: UInt64, today: Date = Date(),
                statusMix: [(status: VehicleStatus, weight: Int)] = DemoVehicleFactory.defaultStatusMix) {
        precondition(!statusMix.isEmpty, "the status mix must not be empty")
        random = SeededRandom(seed: seed)
        var mixer = SeededRandom(seed: seed ^ 0xD1B5_4A32_D192_ED03)
        serialOffset = mixer.below(1_000_000)
        plantOffset = mixer.below(VINAlphabet.plantCodes.count)
        self.today = today
        todayStart = (today.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        currentYear = FieldParsers.utcCalendar.component(.year, from: today)
        makes = DemoCatalog.makes.map(PreparedMake.init)
        makeWeights = Weighted(DemoCatalog.makes.map(\.weight))
        dealershipWeights = Weighted(DemoCatalog.dealerships.map(\.weight))
        colourNames = DemoCatalog.colours.map(\.name)
        colourWeights = Weighted(DemoCatalog.colours.map(\.weight))
        statuses = statusMix.map(\.status)
        statusWeights = Weighted(statusMix.map(\.weight))
        prefixes = DemoCatalog.dealerships.map { Array($0.code.utf8) }
        stockCounters = Array(repeating: 0, count: DemoCatalog.dealerships.count)
    }

    /// The next vehicle, at a dealership chosen by weight (Moscow largest).
    public mutating func next() -> Vehicle {
        next(dealershipIndex: dealershipWeights.pick(&random))
    }

    /// The next vehicle at `DemoCatalog.dealerships[dealershipIndex]`.
    public mutating func next(dealershipIndex: Int) -> Vehicle {
        let make = makes[makeWeights.pick(&random)]
        let model = make.models[random.below(make.models.count)]
        let used = random.below(100) < 30
        let age = used ? random.between(1, 8) : (random.below(100) < 20 ? 1 : 0)
        let year = currentYear - age

        // Prices in whole roubles, rounded as dealers price cars.
        let newPrice = Int64(random.between(Int(model.priceFrom / 10_000), Int(model.priceTo / 10_000))) * 10_000
        let listRoubles: Int64
        let costPercent: Int64
        if used {
            let percent = Int64(max(35, 88 - 7 * age + random.between(-4, 4)))
            listRoubles = newPrice * percent / 100 / 10_000 * 10_000
            costPercent = Int64(random.between(78, 90))
        } else {
            listRoubles = newPrice
            costPercent = Int64(random.between(86, 94))
        }
        let costRoubles = listRoubles * costPercent / 100 / 1_000 * 1_000

        let status = statuses[statusWeights.pick(&random)]
        let arrival: Date? = (status == .ordered || status == .inTransit)
            ? nil
            : Date(timeIntervalSince1970: todayStart - Double(random.below(200)) * 86_400)

        let n = produced
        produced += 1
        let vin = makeVIN(model: model, year: year, n: n)
        stockCounters[dealershipIndex] += 1
        let stockNumber = DemoVehicleFactory.stockNumber(prefix: prefixes[dealershipIndex],
                                                          number: stockCounters[dealershipIndex])

        return Vehicle(
            stockNumber: stockNumber, vin: vin, make: make.name, model: model.name,
            trim: model.trims[random.below(model.trims.count)], year: year,
            colour: colourNames[colourWeights.pick(&random)], body: model.body, fuel: model.fuel,
            transmission: model.transmission,
            mileageKm: used ? random.between(15_000, 180_000) : random.between(0, 50),
            condition: used ? .used : .new, status: status, vehicleType: model.vehicleType,
            dealershipID: Int64(dealershipIndex + 1), locationID: nil,
            purchaseCost: Money(roubles: costRoubles), listPrice: Money(roubles: listRoubles),
            arrivalDate: arrival, attributes: model.attributes, version: 0,
            updatedAt: today, updatedBy: "demo")
    }

    /// `count` vehicles in a row.
    public mutating func make(count: Int) -> [Vehicle] {
        var vehicles: [Vehicle] = []
        vehicles.reserveCapacity(count)
        for _ in 0..<count { vehicles.append(next()) }
        return vehicles
    }

    private func makeVIN(model: PreparedModel, year: Int, n: Int) -> String {
        let serial = (n + serialOffset) % 1_000_000
        let plant = VINAlphabet.plantCodes[(n / 1_000_000 + plantOffset) % VINAlphabet.plantCodes.count]
        let yearCode = VINAlphabet.modelYearCodeBytes[(year - 1980) % 30]
        return String(unsafeUninitializedCapacity: 17) { buffer in
            buffer[0] = model.wmi.0; buffer[1] = model.wmi.1; buffer[2] = model.wmi.2
            buffer[3] = model.vds.0; buffer[4] = model.vds.1; buffer[5] = model.vds.2
            buffer[6] = model.vds.3; buffer[7] = model.vds.4
            buffer[9] = yearCode
            buffer[10] = plant
            var s = serial
            for i in stride(from: 16, through: 11, by: -1) {
                buffer[i] = UInt8(truncatingIfNeeded: 48 + s % 10)
                s /= 10
            }
            var sum = 0
            for i in 0..<17 where i != 8 {
                sum += Int(VINAlphabet.table[Int(buffer[i])]) * VINAlphabet.weights[i]
            }
            let remainder = sum % 11
            buffer[8] = remainder == 10 ? UInt8(ascii: "X") : UInt8(48 + remainder)
            return 17
        }
    }

    static func stockNumber(prefix: [UInt8], number: Int) -> String {
        let digits = number > 999_999 ? 7 : 6
        return String(unsafeUninitializedCapacity: prefix.count + 1 + digits) { buffer in
            for (i, byte) in prefix.enumerated() { buffer[i] = byte }
            buffer[prefix.count] = UInt8(ascii: "-")
            var n = number
            for i in stride(from: prefix.count + digits, through: prefix.count + 1, by: -1) {
                buffer[i] = UInt8(truncatingIfNeeded: 48 + n % 10)
                n /= 10
            }
            return prefix.count + 1 + digits
        }
    }
}

/// Cumulative weights for picking an index in proportion to its weight.
private struct Weighted: Sendable {
    let cumulative: [Int]
    let total: Int

    init(_ weights: [Int]) {
        var running = 0
        cumulative = weights.map { running += max(0, $0); return running }
        total = running
        precondition(total > 0, "weights must not all be zero")
    }

    func pick(_ random: inout SeededRandom) -> Int {
        let r = random.below(total)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > r { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

private struct PreparedModel: Sendable {
    let name: String
    let body: String
    let fuel: String
    let transmission: String
    let vehicleType: String
    let priceFrom: Int64
    let priceTo: Int64
    let trims: [String]
    let attributes: [String: String]
    let wmi: (UInt8, UInt8, UInt8)
    let vds: (UInt8, UInt8, UInt8, UInt8, UInt8)

    init(_ model: DemoModel, makeWMI: String) {
        name = model.name
        body = model.body
        fuel = model.fuel
        transmission = model.transmission
        vehicleType = model.vehicleType
        priceFrom = model.priceFrom
        priceTo = model.priceTo
        trims = model.trims
        attributes = model.attributes
        let w = Array((model.wmi ?? makeWMI).utf8), d = Array(model.vds.utf8)
        precondition(w.count == 3 && d.count == 5 && (w + d).allSatisfy { VINAlphabet.table[Int($0)] >= 0 },
                     "bad WMI/VDS in DemoCatalog for \(model.name)")
        wmi = (w[0], w[1], w[2])
        vds = (d[0], d[1], d[2], d[3], d[4])
    }
}

private struct PreparedMake: Sendable {
    let name: String
    let models: [PreparedModel]

    init(_ make: DemoMake) {
        name = make.name
        models = make.models.map { PreparedModel($0, makeWMI: make.wmi) }
    }
}

extension VINAlphabet {
    /// Characters usable as the plant code (position 11) by the demo factory.
    static let plantCodes: [UInt8] = Array("ABCDEFGHJKLMNPRSTUVWXYZ0123456789".utf8)
    static let modelYearCodeBytes: [UInt8] = modelYearCodes.map { $0.asciiValue! }
}
