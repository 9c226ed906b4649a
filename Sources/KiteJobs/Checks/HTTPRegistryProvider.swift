import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KiteStore

/// Where the `http` provider is and how long it may take (`[providers.http]` in kited.toml).
public struct HTTPProviderSettings: Sendable, Hashable {
    /// `https://registry.example/api`; requests go to `<base_url>/v1/registries/<registry>/<VIN>`.
    public var baseURL: String
    /// Sent as `Authorization: Bearer <token>` (empty: no header).
    public var token: String
    /// For the whole request (connect, send, answer).
    public var timeoutSeconds: Double

    public init(baseURL: String, token: String = "", timeoutSeconds: Double = 10) {
        self.baseURL = baseURL
        self.token = token
        self.timeoutSeconds = timeoutSeconds
    }
}

/// A provider's error (`ProviderError`, KiteStore) as a job's ending.
extension ProviderError {
    /// How the job ends when this error stopped it.
    public var jobFailure: any Error {
        switch self {
        case .rateLimited(let after, _): return JobFailure.snooze(after)
        case .transient(let message, let after):
            if let after { return JobFailure.retryAfter(message, after) }
            return HandlerError(message: message)
        case .permanent(let message): return JobFailure.permanent(message)
        }
    }

    /// The more pressing of two: permanent, then rate-limited, then transient.
    static func worst(_ a: ProviderError?, _ b: ProviderError) -> ProviderError {
        func rank(_ error: ProviderError) -> Int {
            switch error {
            case .permanent: return 3
            case .rateLimited: return 2
            case .transient: return 1
            }
        }
        guard let a else { return b }
        return rank(b) > rank(a) ? b : a
    }
}

/// Looks VINs up in a remote registry service over HTTP. The contract
/// (README, "Check providers"):
///
///     GET <base_url>/v1/registries/{pledges|wanted|restrictions}/{VIN}
///     Authorization: Bearer <token>
///     Accept: application/json
///
///     200 {"listed": false}
///     200 {"listed": true, "details": "залог в пользу ООО Банк", "source": "fnp.ru 2026-11-20"}
///     429 / 503 with Retry-After (seconds or an HTTP date): ask again later
///     5xx: retried with backoff;  other 4xx: permanent error
public final class HTTPRegistryProvider: RegistryProvider, Sendable {
    public let settings: HTTPProviderSettings
    private let session: URLSession

    public var name: String { "http" }

    /// Without a Retry-After, a 429 waits this long.
    public static let defaultRateLimitWait = Duration.seconds(30)
    /// A Retry-After longer than this is cut to it.
    public static let longestWait = Duration.seconds(3600)

    public init(settings: HTTPProviderSettings) {
        self.settings = settings
        session = ProviderHTTP.session(timeoutSeconds: settings.timeoutSeconds)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func lookup(_ registry: RegistryKind, vin: String) throws -> RegistryFinding? {
        let base = settings.baseURL.hasSuffix("/") ? String(settings.baseURL.dropLast()) : settings.baseURL
        guard let url = URL(string: "\(base)/v1/registries/\(registry.rawValue)/\(vin)") else {
            throw ProviderError.permanent(message: "http provider: bad base_url '\(settings.baseURL)'")
        }
        var request = URLRequest(url: url, timeoutInterval: settings.timeoutSeconds)
        request.httpMethod = "GET"
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("kited", forHTTPHeaderField: "User-Agent")
        if !settings.token.isEmpty { request.setValue("Bearer \(settings.token)", forHTTPHeaderField: "Authorization") }

        let (data, response) = try ProviderHTTP.send(request, session: session, timeoutSeconds: settings.timeoutSeconds)
        let status = response.statusCode
        let what = "http provider: \(registry.rawValue) \(vin): HTTP \(status)"
        let retryAfter = response.value(forHTTPHeaderField: "Retry-After").flatMap(Self.parseRetryAfter)
        switch status {
        case 200:
            return try Self.decode(data, what: what)
        case 429:
            throw ProviderError.rateLimited(retryAfter: retryAfter ?? Self.defaultRateLimitWait,
                                            message: "\(what) (rate limited)")
        case 500...599:
            throw ProviderError.transient(message: "\(what)\(Self.snippet(data))", retryAfter: retryAfter)
        default:
            throw ProviderError.permanent(message: "\(what)\(Self.snippet(data))")
        }
    }

    struct Answer: Decodable {
        var listed: Bool
        var details: String?
        var source: String?
    }

    static func decode(_ data: Data, what: String) throws -> RegistryFinding? {
        let answer: Answer
        do {
            answer = try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw ProviderError.transient(message: "\(what): the answer is not {\"listed\": true|false, …}\(snippet(data))",
                                          retryAfter: nil)
        }
        guard answer.listed else { return nil }
        return RegistryFinding(details: answer.details ?? "", source: answer.source ?? "http")
    }

    /// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`, at most `longestWait`.
    static func parseRetryAfter(_ value: String) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        var seconds: Double?
        if let number = Int(text) {
            seconds = Double(max(0, number))
        } else {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
            if let date = formatter.date(from: text) { seconds = max(0, date.timeIntervalSinceNow) }
        }
        guard let seconds else { return nil }
        return min(.milliseconds(Int64(seconds * 1000)), longestWait)
    }

    static func snippet(_ data: Data) -> String { ProviderHTTP.snippet(data) }
}

/// Which provider the registry checks use (`[providers] registry` in kited.toml).
public enum RegistryProviderSettings: Sendable, Hashable {
    case local
    case http(HTTPProviderSettings)

    /// The provider for a job running on `connection`.
    public func makeProvider(connection: PGConnection) -> any RegistryProvider {
        switch self {
        case .local: return LocalRegistryProvider(connection: connection)
        case .http(let settings): return HTTPRegistryProvider(settings: settings)
        }
    }
}
