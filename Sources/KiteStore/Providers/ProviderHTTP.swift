import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Why a provider could not answer, and what the caller should do about it (the registry
/// checks of kited turn it into a job's retry or snooze; the price provider into a
/// fallback on the group's own sales).
public enum ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// HTTP 429: ask again after `retryAfter`, without spending an attempt.
    case rateLimited(retryAfter: Duration, message: String)
    /// HTTP 5xx, a timeout, a broken connection or answer: retried with
    /// backoff, not before `retryAfter` when the server sent one.
    case transient(message: String, retryAfter: Duration?)
    /// HTTP 4xx other than 429 (a bad token, an unknown path): retrying will not help.
    case permanent(message: String)

    public var description: String {
        switch self {
        case .rateLimited(_, let message), .transient(let message, _), .permanent(let message): return message
        }
    }
}

/// The HTTP of the `http` providers (registry checks, prices): one request on a
/// URLSession, waited for, with the timeout and a broken connection said as a
/// `ProviderError.transient`.
public enum ProviderHTTP {
    /// A session that neither caches nor outlives `timeoutSeconds` per request.
    public static func session(timeoutSeconds: Double) -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }

    public static func send(_ request: URLRequest, session: URLSession, timeoutSeconds: Double) throws -> (Data, HTTPURLResponse) {
        let done = DispatchSemaphore(value: 0)
        let answer = Mutex<(Data?, URLResponse?, (any Error)?)>((nil, nil, nil))
        session.dataTask(with: request) { data, response, error in
            answer.withLock { $0 = (data, response, error) }
            done.signal()
        }.resume()
        // URLSession enforces the timeout; this is a backstop should it not fire.
        if done.wait(timeout: .now() + timeoutSeconds + 5) == .timedOut {
            throw ProviderError.transient(message: "http provider: no answer from \(request.url!.host ?? "?") within \(timeoutSeconds) s", retryAfter: nil)
        }
        let (data, response, error) = answer.withLock { $0 }
        if let error {
            let nsError = error as NSError
            let reason = nsError.code == NSURLErrorTimedOut
                ? "timed out after \(timeoutSeconds) s" : nsError.localizedDescription
            throw ProviderError.transient(message: "http provider: \(request.url!.absoluteString): \(reason)", retryAfter: nil)
        }
        guard let http = response as? HTTPURLResponse else {
            throw ProviderError.transient(message: "http provider: no HTTP response", retryAfter: nil)
        }
        return (data ?? Data(), http)
    }

    /// The start of an answer's body, for an error message.
    public static func snippet(_ data: Data) -> String {
        guard !data.isEmpty else { return "" }
        let text = String(decoding: data.prefix(200), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "" : ": \(text)"
    }
}
