/// Everything a print form of a deal (contract of sale, invoice, handover
/// act) shows, as plain values. The totals are priced by `DealPricing` from
/// the stored inputs, so a printed document always agrees with the deal form.
public struct PrintableDeal: Sendable, Hashable {
    public struct Dealership: Sendable, Hashable {
        public var code: String
        public var name: String
        public var city: String
        public var requisites: SellerRequisites

        public init(code: String, name: String, city: String, requisites: SellerRequisites = SellerRequisites()) {
            self.code = code
            self.name = name
            self.city = city
            self.requisites = requisites
        }
    }

    public struct Person: Sendable, Hashable {
        public var fullName: String
        public var birthDate: CivilDate?
        public var passportSeries: String
        public var passportNumber: String
        public var passportIssueDate: CivilDate?
        public var passportIssuerCode: String
        public var inn: String
        public var address: String
        public var phone: String

        public init(fullName: String, birthDate: CivilDate? = nil, passportSeries: String = "", passportNumber: String = "",
                    passportIssueDate: CivilDate? = nil, passportIssuerCode: String = "", inn: String = "",
                    address: String = "", phone: String = "") {
            self.fullName = fullName
            self.birthDate = birthDate
            self.passportSeries = passportSeries
            self.passportNumber = passportNumber
            self.passportIssueDate = passportIssueDate
            self.passportIssuerCode = passportIssuerCode
            self.inn = inn
            self.address = address
            self.phone = phone
        }
    }

    public struct Company: Sendable, Hashable {
        public var name: String
        public var inn: String
        public var kpp: String
        public var ogrn: String
        public var address: String
        public var contactPerson: String
        public var phone: String

        public init(name: String, inn: String = "", kpp: String = "", ogrn: String = "", address: String = "",
                    contactPerson: String = "", phone: String = "") {
            self.name = name
            self.inn = inn
            self.kpp = kpp
            self.ogrn = ogrn
            self.address = address
            self.contactPerson = contactPerson
            self.phone = phone
        }
    }

    /// A sole trader (ИП): a person's name with a 12-digit INN and a 15-digit ОГРНИП.
    public struct SoleTrader: Sendable, Hashable {
        public var fullName: String
        public var inn: String
        public var ogrnip: String
        public var address: String
        public var phone: String

        public init(fullName: String, inn: String = "", ogrnip: String = "", address: String = "", phone: String = "") {
            self.fullName = fullName
            self.inn = inn
            self.ogrnip = ogrnip
            self.address = address
            self.phone = phone
        }
    }

    public enum Customer: Sendable, Hashable {
        case person(Person)
        case company(Company)
        case soleTrader(SoleTrader)

        /// A person's or a sole trader's full name, or a company's name.
        public var name: String {
            switch self {
            case .person(let person): person.fullName
            case .company(let company): company.name
            case .soleTrader(let trader): trader.fullName
            }
        }
    }

    public struct Vehicle: Sendable, Hashable {
        public var vin: String
        public var make: String
        public var model: String
        public var trim: String
        public var year: Int
        public var colour: String
        public var mileageKm: Int
        public var stockNumber: String

        public init(vin: String, make: String, model: String, trim: String = "", year: Int, colour: String = "",
                    mileageKm: Int = 0, stockNumber: String = "") {
            self.vin = vin
            self.make = make
            self.model = model
            self.trim = trim
            self.year = year
            self.colour = colour
            self.mileageKm = mileageKm
            self.stockNumber = stockNumber
        }

        /// `Haval Jolion Elite`.
        public var title: String {
            [make, model, trim].filter { !$0.trimmingWhitespace().isEmpty }.joined(separator: " ")
        }
    }

    /// One row of the printed lines table: the vehicle first, then the extra lines.
    public struct Line: Sendable, Hashable {
        public var position: Int
        public var description: String
        public var quantity: Int
        public var unitPrice: Money
        public var amount: Money
        public var vatRate: VATRate
        /// The vehicle sold under the margin scheme: VAT on the margin only.
        public var vatOnMargin: Bool
        public var vat: Money
    }

    public var number: String
    /// The deal's date on the documents (the contract date, or the day it was created).
    public var date: CivilDate
    public var managerName: String
    public var dealership: Dealership
    public var customer: Customer
    public var vehicle: Vehicle
    public var pricing: DealPricingInput
    /// The discount reason as the customer reads it (`Акция`), empty without a discount.
    public var discountReason: String
    public var tradeInDescription: String
    public var loanBank: String
    public var plannedHandover: CivilDate?
    /// Priced from `pricing` by `DealPricing`.
    public let sheet: DealPriceSheet

    public init(number: String, date: CivilDate, managerName: String, dealership: Dealership, customer: Customer,
                vehicle: Vehicle, pricing: DealPricingInput, discountReason: String = "",
                tradeInDescription: String = "", loanBank: String = "", plannedHandover: CivilDate? = nil) {
        self.number = number
        self.date = date
        self.managerName = managerName
        self.dealership = dealership
        self.customer = customer
        self.vehicle = vehicle
        self.pricing = pricing
        self.discountReason = discountReason
        self.tradeInDescription = tradeInDescription
        self.loanBank = loanBank
        self.plannedHandover = plannedHandover
        self.sheet = DealPricing.price(pricing)
    }

    /// The vehicle line and every extra line, numbered from 1, each with its VAT.
    public var lines: [Line] {
        let vehicleDescription = "Автомобиль \(vehicle.title), \(vehicle.year) г. в., VIN \(vehicle.vin)"
        var lines = [Line(position: 1, description: vehicleDescription, quantity: 1, unitPrice: sheet.vehiclePrice,
                          amount: sheet.vehiclePrice, vatRate: sheet.vehicleVATRate,
                          vatOnMargin: { if case .margin = sheet.vehicleVATBasis { true } else { false } }(),
                          vat: sheet.vehicleVAT)]
        for (index, priced) in sheet.lines.enumerated() {
            lines.append(Line(position: index + 2, description: priced.line.description, quantity: priced.line.quantity,
                              unitPrice: priced.line.unitPrice, amount: priced.amount, vatRate: priced.line.vatRate,
                              vatOnMargin: false, vat: priced.vat))
        }
        return lines
    }

    public var discount: Money { pricing.discount.amount }
    public var listPrice: Money { pricing.listPrice }
    public var tradeInCredit: Money { sheet.tradeInCredit }
    public var loanAmount: Money { sheet.loanAmount }
    public var hasMarginVAT: Bool { if case .margin = sheet.vehicleVATBasis { true } else { false } }
}
