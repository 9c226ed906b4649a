import Foundation

/// What the purchase contract of an appraisal (ДКП: the dealership buys a used car from a
/// private person) shows, as plain values: `kite print appraisal NUMBER --form contract`.
public struct PrintableAppraisal: Sendable, Hashable {
    public struct Car: Sendable, Hashable {
        public var vin: String
        public var make: String
        public var model: String
        public var year: Int
        public var colour: String
        public var body: String
        public var plate: String
        public var ptsKind: PTSKind
        public var ptsNumber: String
        public var mileageKm: Int
        public var owners: Int
        public var keysCount: Int
        public var stockNumber: String

        public init(vin: String, make: String, model: String, year: Int, colour: String = "", body: String = "",
                    plate: String = "", ptsKind: PTSKind = .electronic, ptsNumber: String = "", mileageKm: Int = 0,
                    owners: Int = 1, keysCount: Int = 2, stockNumber: String = "") {
            self.vin = vin
            self.make = make
            self.model = model
            self.year = year
            self.colour = colour
            self.body = body
            self.plate = plate
            self.ptsKind = ptsKind
            self.ptsNumber = ptsNumber
            self.mileageKm = mileageKm
            self.owners = owners
            self.keysCount = keysCount
            self.stockNumber = stockNumber
        }

        public var title: String { [make, model].filter { !$0.isEmpty }.joined(separator: " ") }
    }

    public var number: String
    /// The contract's day (the purchase's, or the seller's acceptance's), Moscow time.
    public var date: CivilDate
    public var state: AppraisalState
    public var dealership: PrintableDeal.Dealership
    /// The appraiser who signs for the dealership.
    public var appraiserName: String
    /// The seller, a private person.
    public var seller: PrintableDeal.Person
    public var car: Car
    /// The price paid (bought) or agreed (accepted).
    public var price: Money
    /// A trade-in: the deal the car is credited to.
    public var dealNumber: String

    public init(number: String, date: CivilDate, state: AppraisalState, dealership: PrintableDeal.Dealership,
                appraiserName: String, seller: PrintableDeal.Person, car: Car, price: Money, dealNumber: String = "") {
        self.number = number
        self.date = date
        self.state = state
        self.dealership = dealership
        self.appraiserName = appraiserName
        self.seller = seller
        self.car = car
        self.price = price
        self.dealNumber = dealNumber
    }
}
