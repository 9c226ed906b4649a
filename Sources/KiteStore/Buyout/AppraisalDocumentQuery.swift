import Foundation
import KiteDomain

/// Why an appraisal cannot be printed as a purchase contract, though it exists.
public enum AppraisalDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Only an appraisal the seller accepted (or a car already bought) has a contract.
    case notAgreed(number: String, state: AppraisalState)
    /// The purchase contract is with a private person.
    case sellerNotPerson(number: String)

    public var message: LocalizedText {
        switch self {
        case .notAgreed(let number, let state):
            LocalizedText(ru: "Оценка \(number): договор купли-продажи печатается, когда продавец принял предложение или автомобиль выкуплен, а она сейчас «\(state.label.ru)»",
                          en: "Appraisal \(number): the purchase contract is printed once the seller has accepted the offer or the car is bought; it is \(state.label.en) now")
        case .sellerNotPerson(let number):
            LocalizedText(ru: "Оценка \(number): продавец не физическое лицо — договор выкупа у частного лица к нему не подходит",
                          en: "Appraisal \(number): the seller is not a private person, so the private-seller purchase contract does not apply")
        }
    }

    public var description: String { message.en }
}

/// Loads what an appraisal's purchase contract shows: the dealership with its requisites,
/// the appraiser, the seller (a person with passport and address), the car as appraised
/// (with its stock number once bought) and the price (paid, or agreed).
public struct AppraisalDocumentQuery {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    private struct Row: Decodable {
        var number: String
        var state: AppraisalState
        var contractDate: CivilDate
        var dealershipCode: String
        var dealershipName: String
        var dealershipCity: String
        var appraiserLogin: String
        var appraiserName: String?
        var sellerKind: String
        var sellerName: String
        var birthDate: CivilDate?
        var phone: String?
        var passportSeries: String?
        var passportNumber: String?
        var passportIssueDate: CivilDate?
        var passportIssuerCode: String?
        var inn: String?
        var address: String?
        var vin: String
        var make: String
        var model: String
        var modelYear: Int
        var colour: String
        var body: String
        var plate: String
        var ptsKind: PTSKind
        var ptsNumber: String
        var mileageKm: Int
        var owners: Int
        var keysCount: Int
        var stockNumber: String?
        var price: Money?
        var dealNumber: String?
    }

    /// The appraisal numbered `number` (`MSK-AP-2026-000045`), nil when there is none the
    /// login may see. Refused (`AppraisalDocumentError`) unless accepted or bought.
    public func load(number: String) throws -> PrintableAppraisal? {
        let sql: SQL = """
            SELECT a.number, a.state,
                   (coalesce(a.bought_at,
                             (SELECT max(e.at) FROM appraisal_events e WHERE e.appraisal_id = a.id AND e.event = 'accepted'),
                             now()) AT TIME ZONE \(DealDocumentQuery.timeZone))::date AS contract_date,
                   ds.code AS dealership_code, ds.name AS dealership_name, ds.city AS dealership_city,
                   a.appraiser_login, e.full_name AS appraiser_name,
                   c.kind AS seller_kind, c.name AS seller_name, c.birth_date, c.phone,
                   c.passport_series, c.passport_number, c.passport_issue_date, c.passport_issuer_code, c.inn, c.address,
                   a.vin::text AS vin, a.make, a.model, a.model_year, a.colour, a.body, a.plate, a.pts_kind, a.pts_number,
                   a.mileage_km, a.owners, a.keys_count, v.stock_number,
                   coalesce(a.purchase_price, a.offer_amount) AS price, d.number AS deal_number
              FROM appraisals a
              JOIN dealerships ds ON ds.id = a.dealership_id
              JOIN customers c ON c.id = a.seller_id
              LEFT JOIN employees e ON e.login = a.appraiser_login
              LEFT JOIN vehicles v ON v.id = a.vehicle_id
              LEFT JOIN deals d ON d.id = a.deal_id
             WHERE a.number = \(number)
            """
        guard let row = try connection.fetchOne(Row.self, sql) else { return nil }
        guard row.state == .accepted || row.state == .bought, let price = row.price else {
            throw AppraisalDocumentError.notAgreed(number: row.number, state: row.state)
        }
        guard row.sellerKind == CustomerKind.person.rawValue else { throw AppraisalDocumentError.sellerNotPerson(number: row.number) }
        let requisites = try SellerRequisitesRepository(connection: connection)
            .requisites(dealershipCode: row.dealershipCode) ?? SellerRequisites()
        return PrintableAppraisal(
            number: row.number, date: row.contractDate, state: row.state,
            dealership: PrintableDeal.Dealership(code: row.dealershipCode, name: row.dealershipName,
                                                 city: row.dealershipCity, requisites: requisites),
            appraiserName: row.appraiserName ?? row.appraiserLogin,
            seller: PrintableDeal.Person(fullName: row.sellerName, birthDate: row.birthDate,
                                         passportSeries: row.passportSeries ?? "", passportNumber: row.passportNumber ?? "",
                                         passportIssueDate: row.passportIssueDate, passportIssuerCode: row.passportIssuerCode ?? "",
                                         inn: row.inn ?? "", address: row.address ?? "", phone: row.phone ?? ""),
            car: PrintableAppraisal.Car(vin: row.vin, make: row.make, model: row.model, year: row.modelYear, colour: row.colour,
                                        body: row.body, plate: row.plate, ptsKind: row.ptsKind, ptsNumber: row.ptsNumber,
                                        mileageKm: row.mileageKm, owners: row.owners, keysCount: row.keysCount,
                                        stockNumber: row.stockNumber ?? ""),
            price: price, dealNumber: row.dealNumber ?? "")
    }
}
