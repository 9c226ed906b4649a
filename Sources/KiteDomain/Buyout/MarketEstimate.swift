import Foundation

/// `[price_provider]` in kite.toml: an outside service that prices a used car (README,
/// "Price provider"). Only `kind = "http"` exists; no table means no provider.
public struct PriceProviderSettings: Sendable, Hashable {
    /// `https://prices.example/api`; requests go to `<url>/v1/price`.
    public var url: String
    /// The environment variable holding the bearer token (empty: no token is sent).
    public var tokenEnv: String
    /// For the whole request; past it the appraisal falls back on the group's sales.
    public var timeoutSeconds: Double

    public init(url: String, tokenEnv: String = "", timeoutSeconds: Double = 3) {
        self.url = url
        self.tokenEnv = tokenEnv
        self.timeoutSeconds = timeoutSeconds
    }
}

/// What the price provider is asked: the car and where it would be sold.
public struct PriceQuery: Sendable, Hashable, Codable {
    public var make: String
    public var model: String
    public var modelYear: Int
    public var mileageKm: Int
    /// The dealership's city (its code when it has none).
    public var region: String

    public init(make: String, model: String, modelYear: Int, mileageKm: Int, region: String) {
        self.make = make
        self.model = model
        self.modelYear = modelYear
        self.mileageKm = mileageKm
        self.region = region
    }
}

/// The provider's answer: the retail price in roubles (exact, from its decimal string),
/// how many listings or sales it rests on, whose figure it is and of what day.
public struct ProviderPrice: Sendable, Hashable {
    public var price: Money
    public var sampleSize: Int
    public var source: String
    public var asOf: CivilDate

    public init(price: Money, sampleSize: Int, source: String, asOf: CivilDate) {
        self.price = price
        self.sampleSize = sampleSize
        self.source = source
        self.asOf = asOf
    }
}

/// Where the expected retail price of an appraisal comes from. The rule (README, "Price
/// provider"): the median of the group's own comparable sales when there are at least
/// `minimumOwnSales` of them; otherwise the provider's price when one is configured and
/// answers; when it is not configured, or fails or times out, the own sales' median
/// again (however few) — with the failure said on the card; with no sales and no
/// provider there is no suggestion and the appraiser types the figure.
public struct MarketEstimate: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable {
        case ownSales = "own_sales", provider, none
    }

    /// Own sales at least this many: the provider is not asked.
    public static let minimumOwnSales = 5

    public var comparables: ComparablesSummary
    public var provider: ProviderPrice?
    /// Why the provider could not answer (it was asked and failed).
    public var providerFailure: String?
    public var source: Source

    public init(comparables: ComparablesSummary, provider: ProviderPrice? = nil, providerFailure: String? = nil, source: Source) {
        self.comparables = comparables
        self.provider = provider
        self.providerFailure = providerFailure
        self.source = source
    }

    /// Whether the provider is asked for these comparables.
    public static func needsProvider(_ comparables: ComparablesSummary) -> Bool {
        comparables.count < minimumOwnSales || comparables.priceMedian == nil
    }

    /// Applies the rule. `provider` is nil when none is configured or it was not asked.
    public static func choose(comparables: ComparablesSummary, provider: Result<ProviderPrice, ProviderFailure>?) -> MarketEstimate {
        let own: Source = comparables.priceMedian == nil ? .none : .ownSales
        guard needsProvider(comparables), let provider else {
            return MarketEstimate(comparables: comparables, source: own)
        }
        switch provider {
        case .success(let price): return MarketEstimate(comparables: comparables, provider: price, source: .provider)
        case .failure(let failure): return MarketEstimate(comparables: comparables, providerFailure: failure.message, source: own)
        }
    }

    /// The expected retail price the offer starts from (nil: none to suggest).
    public var expectedRetail: Money? {
        switch source {
        case .ownSales: comparables.priceMedian
        case .provider: provider?.price
        case .none: nil
        }
    }

    /// Where the figure came from, for the card and the summary.
    public var note: LocalizedText {
        var text: LocalizedText
        switch source {
        case .ownSales:
            text = LocalizedText(ru: "по продажам группы (\(comparables.count) шт.)", en: "from the group's sales (\(comparables.count))")
        case .provider:
            let p = provider!
            text = LocalizedText(ru: "по данным провайдера: \(p.source), выборка \(p.sampleSize), на \(p.asOf.russianText)",
                                 en: "from the price provider: \(p.source), sample \(p.sampleSize), as of \(p.asOf.russianText)")
            if comparables.count > 0 {
                text = LocalizedText(ru: text.ru + "; продаж группы \(comparables.count) — меньше \(Self.minimumOwnSales)",
                                     en: text.en + "; the group's sales: \(comparables.count), fewer than \(Self.minimumOwnSales)")
            }
        case .none:
            text = LocalizedText(ru: "продаж группы нет — цену вводит оценщик", en: "no sales of the group: the appraiser types the price")
        }
        if let failure = providerFailure {
            text = LocalizedText(ru: text.ru + " (провайдер цен недоступен: \(failure))",
                                 en: text.en + " (the price provider failed: \(failure))")
        }
        return text
    }
}

/// Why the price provider gave no price (a timeout, an HTTP error, an answer outside the contract).
public struct ProviderFailure: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
