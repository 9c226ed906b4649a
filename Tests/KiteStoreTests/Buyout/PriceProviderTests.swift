import Foundation
import Synchronization
import KiteDomain
import KiteStore
import KiteTestSupport
import Testing

/// The `http` price provider against a fake server on a loopback port (real HTTP, the
/// contract of README "Price provider"), and the market estimate's rule over a real
/// database: the group's own sales when there are five or more, else the provider's price,
/// and the own sales with a note when the provider fails or times out.
@Suite struct PriceProviderTests {
    static let answer = #"{"price": "1715000.50", "currency": "RUB", "sampleSize": 140, "source": "autoprice", "asOf": "2026-12-01"}"#

    func provider(_ server: FakeHTTPServer, timeout: Double = 5, environment: [String: String] = ["KITE_PRICE_TOKEN": "s3cret"]) -> HTTPPriceProvider {
        HTTPPriceProvider(settings: PriceProviderSettings(url: server.baseURL + "/api", tokenEnv: "KITE_PRICE_TOKEN", timeoutSeconds: timeout),
                          environment: environment)
    }

    @Test func theRequestAndTheAnswerFollowTheContractAndThePriceIsExact() throws {
        let server = try FakeHTTPServer { _ in .init(status: 200, body: Self.answer) }
        defer { server.stop() }
        let price = try provider(server).price(PriceQuery(make: "Haval", model: "F7", modelYear: 2021, mileageKm: 64_000, region: "Казань"))
        #expect(price == ProviderPrice(price: Money(kopecks: 171_500_050), sampleSize: 140, source: "autoprice",
                                       asOf: CivilDate(year: 2026, month: 12, day: 1)!))
        let request = try #require(server.received.first)
        #expect(request.method == "POST" && request.path == "/api/v1/price")
        #expect(request.headers["authorization"] == "Bearer s3cret")
        #expect(request.headers["content-type"] == "application/json")
        let body = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
        #expect(body?["make"] as? String == "Haval" && body?["model"] as? String == "F7")
        #expect(body?["modelYear"] as? Int == 2021 && body?["mileageKm"] as? Int == 64_000 && body?["region"] as? String == "Казань")
    }

    @Test func answersOutsideTheContractAreErrorsThatNameTheRule() throws {
        let bodies: [String: FakeHTTPServer.Response] = [
            "Float": .init(status: 200, body: #"{"price": 1715000.5, "currency": "RUB", "sampleSize": 1, "source": "x", "asOf": "2026-12-01"}"#),
            "Euro": .init(status: 200, body: #"{"price": "17150.00", "currency": "EUR", "sampleSize": 1, "source": "x", "asOf": "2026-12-01"}"#),
            "Mills": .init(status: 200, body: #"{"price": "1715000.505", "currency": "RUB", "sampleSize": 1, "source": "x", "asOf": "2026-12-01"}"#),
            "Zero": .init(status: 200, body: #"{"price": "0", "currency": "RUB", "sampleSize": 1, "source": "x", "asOf": "2026-12-01"}"#),
            "Date": .init(status: 200, body: #"{"price": "100", "currency": "RUB", "sampleSize": 1, "source": "x", "asOf": "01.12.2026"}"#),
            "Gone": .init(status: 404),
            "Token": .init(status: 401, body: "bad token"),
        ]
        let server = try FakeHTTPServer { request in
            let model = (try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])?["model"] as? String ?? ""
            return bodies[model] ?? .init(status: 500)
        }
        defer { server.stop() }
        let http = provider(server)
        func error(_ model: String) -> String {
            do {
                _ = try http.price(PriceQuery(make: "Haval", model: model, modelYear: 2021, mileageKm: 1, region: "MSK"))
                return "no error"
            } catch { return String(describing: error) }
        }
        #expect(error("Float").contains("breaks the contract"))
        #expect(error("Euro").contains("currency is EUR"))
        #expect(error("Mills").contains("at most two decimals"))
        #expect(error("Zero").contains("above zero"))
        #expect(error("Date").contains("YYYY-MM-DD"))
        #expect(error("Gone").contains("no price for this car"))
        #expect(error("Token") == "HTTP 401: bad token")
        // The token's variable not set: said, and nothing is sent.
        let unset = provider(server, environment: [:])
        let before = server.received.count
        #expect(throws: ProviderError.permanent(message: "the variable KITE_PRICE_TOKEN (price_provider.token_env) is not set")) {
            try unset.price(PriceQuery(make: "Haval", model: "F7", modelYear: 2021, mileageKm: 1, region: "MSK"))
        }
        #expect(server.received.count == before)
    }

    @Test func fewerThanFiveOwnSalesTakeTheProvidersPriceAndAFailureFallsBackWithANote() throws {
        let f = try AppraisalFixture()
        let a = try f.draft()
        for (i, price) in [Int64(1_650_000), 1_700_000, 1_800_000].enumerated() {
            try f.soldCar(i, price: price)
        }
        let slow = Mutex(false)
        let server = try FakeHTTPServer { _ in
            slow.withLock { $0 } ? .init(status: 200, body: Self.answer, delay: 3) : .init(status: 200, body: Self.answer)
        }
        defer { server.stop() }
        let http = provider(server, timeout: 1)
        // Three own sales: the provider's price, both said.
        let asked = try f.appraisals.marketEstimate(for: a, provider: http)
        #expect(asked.source == .provider && asked.expectedRetail == Money(kopecks: 171_500_050))
        #expect(asked.comparables.count == 3)
        #expect(asked.note.ru.contains("по данным провайдера: autoprice, выборка 140, на 01.12.2026"), "\(asked.note.ru)")
        #expect(server.received.last?.body.contains(#""region":"Москва""#) == true, "\(String(describing: server.received.last))")
        // The provider too slow: the own sales' median, with the failure on the note.
        slow.withLock { $0 = true }
        let late = try f.appraisals.marketEstimate(for: a, provider: http)
        #expect(late.source == .ownSales && late.expectedRetail == Money(roubles: 1_700_000))
        #expect(late.providerFailure?.contains("timed out") == true, "\(String(describing: late.providerFailure))")
        #expect(late.note.ru.contains("провайдер цен недоступен"))
        // No provider configured: the own sales, no note.
        #expect(try f.appraisals.marketEstimate(for: a, provider: nil) == MarketEstimate(comparables: asked.comparables, source: .ownSales))
        // Five own sales: the provider is not asked.
        slow.withLock { $0 = false }
        try f.soldCar(3, price: 1_750_000)
        try f.soldCar(4, price: 1_600_000)
        let count = server.received.count
        let own = try f.appraisals.marketEstimate(for: a, provider: http)
        #expect(own.source == .ownSales && own.expectedRetail == Money(roubles: 1_700_000) && own.comparables.count == 5)
        #expect(server.received.count == count)
    }
}
