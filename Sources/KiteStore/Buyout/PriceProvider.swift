import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KiteDomain

/// Prices a used car from outside the group (`[price_provider]` in kite.toml), as the
/// registry providers of the checks do for VINs: a name, one call, a `ProviderError`
/// when it cannot answer.
public protocol PriceProvider: Sendable {
    /// Said with the figure (`http`).
    var name: String { get }
    /// The retail price for the car; throws `ProviderError`.
    func price(_ query: PriceQuery) throws -> ProviderPrice
}

extension PriceProviderSettings {
    /// The provider; the token is read from `token_env` in `environment` now.
    public func makeProvider(environment: [String: String] = ProcessInfo.processInfo.environment) -> any PriceProvider {
        HTTPPriceProvider(settings: self, environment: environment)
    }
}

/// The `http` price provider. The contract (README, "Price provider"):
///
///     POST <url>/v1/price
///     Authorization: Bearer <token>          (the value of the variable named by token_env)
///     Content-Type: application/json
///     {"make": "Haval", "model": "F7", "modelYear": 2021, "mileageKm": 64000, "region": "Москва"}
///
///     200 {"price": "1650000.00", "currency": "RUB", "sampleSize": 140, "source": "autoprice", "asOf": "2026-12-01"}
///     404: no price for this car;  any other status, a timeout or another body: an error
///
/// The price is a decimal string in roubles (at most two digits after the point, above
/// zero): it is never read through a floating-point number.
public final class HTTPPriceProvider: PriceProvider {
    public let settings: PriceProviderSettings
    private let token: String?
    private let session: URLSession

    public var name: String { "http" }

    public init(settings: PriceProviderSettings, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.settings = settings
        token = settings.tokenEnv.isEmpty ? "" : environment[settings.tokenEnv]
        session = ProviderHTTP.session(timeoutSeconds: settings.timeoutSeconds)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func price(_ query: PriceQuery) throws -> ProviderPrice {
        guard let token else {
            throw ProviderError.permanent(message: "the variable \(settings.tokenEnv) (price_provider.token_env) is not set")
        }
        let base = settings.url.hasSuffix("/") ? String(settings.url.dropLast()) : settings.url
        guard let url = URL(string: "\(base)/v1/price") else {
            throw ProviderError.permanent(message: "bad price_provider.url '\(settings.url)'")
        }
        var request = URLRequest(url: url, timeoutInterval: settings.timeoutSeconds)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("kite", forHTTPHeaderField: "User-Agent")
        if !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        request.httpBody = try encoder.encode(query)

        let (data, response) = try ProviderHTTP.send(request, session: session, timeoutSeconds: settings.timeoutSeconds)
        let what = "HTTP \(response.statusCode)"
        switch response.statusCode {
        case 200: return try Self.decode(data)
        case 404: throw ProviderError.permanent(message: "no price for this car (\(what))")
        case 429: throw ProviderError.rateLimited(retryAfter: .seconds(30), message: "\(what) (rate limited)")
        case 500...599: throw ProviderError.transient(message: "\(what)\(ProviderHTTP.snippet(data))", retryAfter: nil)
        default: throw ProviderError.permanent(message: "\(what)\(ProviderHTTP.snippet(data))")
        }
    }

    struct Answer: Decodable {
        var price: String
        var currency: String
        var sampleSize: Int
        var source: String
        var asOf: String
    }

    /// The answer, checked against the contract field by field.
    static func decode(_ data: Data) throws -> ProviderPrice {
        func refuse(_ rule: String) -> ProviderError {
            .transient(message: "the answer breaks the contract: \(rule)\(ProviderHTTP.snippet(data))", retryAfter: nil)
        }
        let answer: Answer
        do {
            answer = try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw refuse("expected {\"price\": \"…\", \"currency\": \"RUB\", \"sampleSize\": n, \"source\": \"…\", \"asOf\": \"YYYY-MM-DD\"}")
        }
        guard answer.currency == "RUB" else { throw refuse("currency is \(answer.currency), not RUB") }
        guard answer.price.allSatisfy({ ("0"..."9").contains($0) || $0 == "." }),
              let price = try? Money(databaseText: answer.price), price > .zero else {
            throw refuse("price \"\(answer.price)\" is not roubles above zero with at most two decimals")
        }
        guard answer.sampleSize >= 0 else { throw refuse("sampleSize below zero") }
        let parts = answer.asOf.split(separator: "-").compactMap { Int($0) }
        guard answer.asOf.count == 10, parts.count == 3, let asOf = CivilDate(year: parts[0], month: parts[1], day: parts[2]) else {
            throw refuse("asOf \"\(answer.asOf)\" is not a date YYYY-MM-DD")
        }
        let source = String(answer.source.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.prefix(100)
            .map(Character.init)).trimmingCharacters(in: .whitespaces)
        return ProviderPrice(price: price, sampleSize: answer.sampleSize, source: source.isEmpty ? "http" : source, asOf: asOf)
    }
}

extension AppraisalRepository {
    /// The expected retail price of an appraisal and where it came from
    /// (`MarketEstimate.choose`): the group's sales, and the provider when they are too
    /// few and one is configured. A provider's error or timeout is kept as the note.
    public func marketEstimate(for appraisal: Appraisal, provider: (any PriceProvider)?) throws -> MarketEstimate {
        let comparables = try comparables(make: appraisal.make, model: appraisal.model, modelYear: appraisal.modelYear,
                                          mileageKm: appraisal.mileageKm)
        guard let provider, MarketEstimate.needsProvider(comparables) else {
            return MarketEstimate.choose(comparables: comparables, provider: nil)
        }
        let region = try connection.fetchOne(String.self, """
            SELECT coalesce(nullif(btrim(city), ''), code) FROM dealerships WHERE id = \(appraisal.dealershipID)
            """) ?? ""
        let query = PriceQuery(make: appraisal.make.trimmingCharacters(in: .whitespaces),
                               model: appraisal.model.trimmingCharacters(in: .whitespaces),
                               modelYear: appraisal.modelYear, mileageKm: appraisal.mileageKm, region: region)
        let answer: Result<ProviderPrice, ProviderFailure>
        do {
            answer = .success(try provider.price(query))
        } catch {
            answer = .failure(ProviderFailure(String(describing: error)))
        }
        return MarketEstimate.choose(comparables: comparables, provider: answer)
    }
}
