import Foundation
import TOMLKit

/// The settings of `kite-api` (`config/kite-api.toml`).
public struct APIConfig: Sendable, Hashable {
    /// Where the HTTP server listens (HAProxy in front terminates TLS).
    public var host = "127.0.0.1"
    public var port = 8080
    /// libpq conninfo; empty means the PG* environment variables. The login must be a
    /// member of kite_api (README: "kite-api").
    public var database = ""
    /// Database connections (each on its own thread: libpq blocks).
    public var poolSize = 8
    /// `statement_timeout` of the pool's connections (0: none).
    public var statementTimeoutSeconds: Double = 15
    /// The largest JSON body accepted (413 above it).
    public var maxBodyBytes = 256 * 1024
    /// The largest photo (413 when a phone announces a bigger one).
    public var maxPhotoBytes = 20 * 1024 * 1024
    /// The largest chunk of a photo in one PUT.
    public var maxChunkBytes = 1024 * 1024
    /// Requests per token per minute (a token bucket refilled evenly), and the burst above it.
    public var rateLimitPerMinute = 600
    public var rateLimitBurst = 60
    /// The web app's files (the repository's `web/`, installed as /usr/share/kite/web) and
    /// the path they are served at. Empty `webRoot`: not served.
    public var webRoot = ""
    public var webPath = "/app/"
    /// The appraisal checklist; empty: the data paths' `config/checklists/appraisal.toml`.
    public var checklist = ""
    public var source: String?

    public init() {}

    /// This config's listen address over `base` (the command line's `--listen`).
    public func merged(into base: APIConfig) -> APIConfig {
        var result = base
        result.host = host
        result.port = port
        return result
    }

    /// `--config PATH`, else $KITE_HOME/config/kite-api.toml, else /etc/kite/kite-api.toml,
    /// else the defaults.
    public static func load(explicit: String?,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> APIConfig {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let home = environment["KITE_HOME"], !home.isEmpty { candidates.append(home + "/config/kite-api.toml") }
        candidates.append("/etc/kite/kite-api.toml")
        for (index, path) in candidates.enumerated() {
            if FileManager.default.fileExists(atPath: path) {
                return try load(path: path)
            }
            if index == 0, explicit != nil {
                throw APIConfigError(file: path, key: nil, message: "no such file")
            }
        }
        return APIConfig()
    }

    public static func load(path: String) throws -> APIConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw APIConfigError(file: path, key: nil, message: "cannot read the file")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> APIConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw APIConfigError(file: file, key: nil, message: "line \(error.source.begin.line): syntax error: \(error.description)")
        } catch {
            throw APIConfigError(file: file, key: nil, message: "syntax error: \(error)")
        }
        var config = APIConfig()
        config.source = file
        func int(_ key: String, _ value: TOMLValueConvertible, _ range: ClosedRange<Int>) throws -> Int {
            guard let number = value.int, range.contains(number) else {
                throw APIConfigError(file: file, key: key, message: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        func string(_ key: String, _ value: TOMLValueConvertible) throws -> String {
            guard let text = value.string else { throw APIConfigError(file: file, key: key, message: "a string") }
            return text
        }
        for key in table.keys.sorted() {
            guard let value = table[key] else { continue }
            switch key {
            case "listen":
                let text = try string(key, value)
                guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                      (0...65535).contains(port), colon != text.startIndex else {
                    throw APIConfigError(file: file, key: key, message: "host:port, e.g. \"127.0.0.1:8080\"")
                }
                config.host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                config.port = port
            case "database": config.database = try string(key, value)
            case "pool_size": config.poolSize = try int(key, value, 1...256)
            case "statement_timeout_seconds":
                guard let seconds = value.double ?? value.int.map(Double.init), seconds >= 0 else {
                    throw APIConfigError(file: file, key: key, message: "a number of seconds, 0 or more")
                }
                config.statementTimeoutSeconds = seconds
            case "max_body_bytes": config.maxBodyBytes = try int(key, value, 1024...(16 << 20))
            case "max_photo_bytes": config.maxPhotoBytes = try int(key, value, 1024...(100 << 20))
            case "max_chunk_bytes": config.maxChunkBytes = try int(key, value, 1024...(1 << 20))
            case "rate_limit_per_minute": config.rateLimitPerMinute = try int(key, value, 1...1_000_000)
            case "rate_limit_burst": config.rateLimitBurst = try int(key, value, 1...1_000_000)
            case "web_root": config.webRoot = try string(key, value)
            case "web_path":
                let path = try string(key, value)
                guard path.hasPrefix("/"), path.hasSuffix("/"), !path.contains("..") else {
                    throw APIConfigError(file: file, key: key, message: "a path starting and ending with /, e.g. \"/app/\"")
                }
                config.webPath = path
            case "checklist": config.checklist = try string(key, value)
            default:
                throw APIConfigError(file: file, key: key, message: "unknown key")
            }
        }
        return config
    }
}

/// A configuration problem: `kite-api.toml: key 'pool_size': a whole number from 1 to 256`.
public struct APIConfigError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var key: String?
    public var message: String
    public var description: String {
        "\(file): " + (key.map { "key '\($0)': " } ?? "") + message
    }
}
