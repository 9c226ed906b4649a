import Foundation
import KiteDomain

/// Why a deal cannot be printed even though it exists.
public enum DealDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    case noCustomer(number: String)
    case noVehicle(number: String)

    public var message: LocalizedText {
        switch self {
        case .noCustomer(let number):
            LocalizedText(ru: "Сделка \(number): не выбран покупатель — печатать нечего",
                          en: "Deal \(number): no customer chosen yet, nothing to print")
        case .noVehicle(let number):
            LocalizedText(ru: "Сделка \(number): не выбран автомобиль — печатать нечего",
                          en: "Deal \(number): no vehicle chosen yet, nothing to print")
        }
    }

    public var description: String { message.en }
}

/// Loads what the print forms show for one deal: the deal with its
/// dealership, manager, customer, vehicle and extra lines, repriced by
/// `DealPricing` from the stored inputs (never from the stored totals).
public struct DealDocumentQuery {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// The dealer's books are kept in Moscow time: the contract date is the
    /// day the deal was contracted (or created) there.
    static let timeZone = "Europe/Moscow"

    private struct DealRow: Decodable {
        var id: Int64
        var number: String
        var dealDate: CivilDate
        var managerLogin: String
        var managerName: String?
        var dealershipCode: String
        var dealershipName: String
        var dealershipCity: String
        var customerKind: String?
        var customerName: String?
        var birthDate: CivilDate?
        var phone: String?
        var passportSeries: String?
        var passportNumber: String?
        var passportIssueDate: CivilDate?
        var passportIssuerCode: String?
        var inn: String?
        var kpp: String?
        var ogrn: String?
        var address: String?
        var contactPerson: String?
        var vin: String?
        var make: String?
        var model: String?
        var trim: String?
        var year: Int?
        var colour: String?
        var mileageKm: Int?
        var stockNumber: String?
        var listPrice: Money
        var salePrice: Money
        var discountAmount: Money
        var discountReason: String?
        var discountReasonName: String?
        var tradeInCredit: Money
        var tradeInDescription: String
        var loanBank: String
        var loanAmount: Money
        var vatRatePercent: Int
        var marginVat: Bool
        var purchaseCost: Money
        var plannedHandover: CivilDate?
    }

    /// The deal numbered `number` (exactly as stored, `MSK-2026-000123`), or
    /// nil when there is none.
    public func load(number: String) throws -> PrintableDeal? {
        let sql: SQL = """
            SELECT d.id, d.number,
                   (COALESCE(d.contracted_at, d.created_at) AT TIME ZONE \(Self.timeZone))::date AS deal_date,
                   d.manager_login, e.full_name AS manager_name,
                   ds.code AS dealership_code, ds.name AS dealership_name, ds.city AS dealership_city,
                   c.kind AS customer_kind, c.name AS customer_name, c.birth_date, c.phone,
                   c.passport_series, c.passport_number, c.passport_issue_date,
                   c.passport_issuer_code, c.inn, c.kpp, c.ogrn, c.address, c.contact_person,
                   v.vin, v.make, v.model, v.trim, v.year, v.colour, v.mileage_km, v.stock_number,
                   d.list_price, d.sale_price, d.discount_amount, d.discount_reason,
                   r.name_ru AS discount_reason_name,
                   d.trade_in_credit, d.trade_in_description, d.loan_bank, d.loan_amount,
                   d.vat_rate_percent, d.margin_vat, d.purchase_cost, d.planned_handover
              FROM deals d
              JOIN dealerships ds ON ds.id = d.dealership_id
              LEFT JOIN employees e ON e.login = d.manager_login
              LEFT JOIN customers c ON c.id = d.customer_id
              LEFT JOIN vehicles v ON v.id = d.vehicle_id
              LEFT JOIN discount_reasons r ON r.code = d.discount_reason
             WHERE d.number = \(number)
            """
        guard let row = try connection.fetchOne(DealRow.self, sql) else { return nil }
        return try build(row, lines: DealRepository(connection: connection).lines(dealID: row.id))
    }

    private func build(_ row: DealRow, lines extraLines: [DealExtraLine]) throws -> PrintableDeal {
        guard let kind = row.customerKind, let name = row.customerName else {
            throw DealDocumentError.noCustomer(number: row.number)
        }
        guard let vin = row.vin, let make = row.make, let model = row.model, let year = row.year else {
            throw DealDocumentError.noVehicle(number: row.number)
        }
        let customer: PrintableDeal.Customer
        if kind == "company" {
            customer = .company(PrintableDeal.Company(
                name: name, inn: row.inn ?? "", kpp: row.kpp ?? "", ogrn: row.ogrn ?? "", address: row.address ?? "",
                contactPerson: row.contactPerson ?? "", phone: row.phone ?? ""))
        } else if kind == CustomerKind.soleTrader.rawValue {
            customer = .soleTrader(PrintableDeal.SoleTrader(
                fullName: name, inn: row.inn ?? "", ogrnip: row.ogrn ?? "", address: row.address ?? "",
                phone: row.phone ?? ""))
        } else {
            customer = .person(PrintableDeal.Person(
                fullName: name, birthDate: row.birthDate,
                passportSeries: row.passportSeries ?? "", passportNumber: row.passportNumber ?? "",
                passportIssueDate: row.passportIssueDate,
                passportIssuerCode: row.passportIssuerCode ?? "", inn: row.inn ?? "", address: row.address ?? "",
                phone: row.phone ?? ""))
        }
        let pricing = DealPricingInput(
            listPrice: row.listPrice, salePrice: row.salePrice,
            discount: DealDiscount(amount: row.discountAmount, reasonCode: row.discountReason ?? ""),
            extraLines: extraLines, tradeInCredit: row.tradeInCredit, loanAmount: row.loanAmount,
            dealershipVATRate: .percent(row.vatRatePercent), boughtFromPrivatePerson: row.marginVat,
            purchaseCost: row.marginVat ? row.purchaseCost : nil)
        let requisites = try SellerRequisitesRepository(connection: connection)
            .requisites(dealershipCode: row.dealershipCode) ?? SellerRequisites()
        return PrintableDeal(
            number: row.number, date: row.dealDate, managerName: row.managerName ?? row.managerLogin,
            dealership: PrintableDeal.Dealership(code: row.dealershipCode, name: row.dealershipName,
                                                 city: row.dealershipCity, requisites: requisites),
            customer: customer,
            vehicle: PrintableDeal.Vehicle(vin: vin, make: make, model: model, trim: row.trim ?? "", year: year,
                                           colour: row.colour ?? "", mileageKm: row.mileageKm ?? 0,
                                           stockNumber: row.stockNumber ?? ""),
            pricing: pricing, discountReason: row.discountReasonName ?? "",
            tradeInDescription: row.tradeInDescription, loanBank: row.loanBank,
            plannedHandover: row.plannedHandover)
    }
}
