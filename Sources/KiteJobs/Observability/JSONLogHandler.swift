import Foundation
import Logging
import Synchronization

/// One JSON object per line, for Loki (promtail/alloy `json` stage) and
/// Graylog (JSON extractor or a GELF shipper): `kited.toml` `[log] format = "json"`.
///
/// `{"time":"2026-01-02T03:04:05.678Z","level":"info","logger":"kited","message":"…","source":"KiteJobs",…}`
/// — `time` in UTC with milliseconds, swift-log's level name, the logger's
/// label, the message, the module it came from, then the metadata (handler's,
/// provider's and the call's, the call's winning) sorted by key: strings as
/// strings, lists and dictionaries as JSON arrays and objects. A metadata key
/// that collides with one of the fixed fields is written as `meta_<key>`.
public struct JSONLogHandler: LogHandler {
    public static let fixedFields: Set<String> = ["time", "level", "logger", "message", "source", "error"]

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public let label: String
    private let sink: @Sendable (String) -> Void

    /// - Parameter sink: receives each line with its newline (default: standard output).
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil,
                sink: @escaping @Sendable (String) -> Void = JSONLogHandler.standardOutput) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        sink(Self.line(time: Date(), level: event.level, label: label, message: event.message.description,
                       source: event.source, error: event.error.map { String(describing: $0) }, metadata: merged))
    }

    /// The line for one record (with its newline).
    public static func line(time: Date, level: Logger.Level, label: String, message: String, source: String,
                            error: String? = nil, metadata: Logger.Metadata) -> String {
        var out = "{\"time\":" + quoted(timestamp(time))
        out += ",\"level\":" + quoted(level.rawValue)
        out += ",\"logger\":" + quoted(label)
        out += ",\"message\":" + quoted(message)
        out += ",\"source\":" + quoted(source)
        if let error { out += ",\"error\":" + quoted(error) }
        for key in metadata.keys.sorted() {
            let name = fixedFields.contains(key) ? "meta_" + key : key
            out += "," + quoted(name) + ":" + json(metadata[key]!)
        }
        return out + "}\n"
    }

    private static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): return quoted(string)
        case .stringConvertible(let convertible): return quoted(convertible.description)
        case .array(let values): return "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            return "{" + dictionary.keys.sorted().map { quoted($0) + ":" + json(dictionary[$0]!) }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string: quotes, backslashes and every control character escaped
    /// (a customer's name never breaks a line or a collector's parser).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `2026-01-02T03:04:05.678Z`.
    static func timestamp(_ date: Date) -> String {
        let total = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(total.quotientAndRemainder(dividingBy: 1000).quotient - (total < 0 && total % 1000 != 0 ? 1 : 0))
        let millis = Int(total - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }

    private static let outputLock = Mutex(())

    /// Writes whole lines to standard output, one writer at a time.
    public static let standardOutput: @Sendable (String) -> Void = { line in
        outputLock.withLock { _ in
            var bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
                if written <= 0 { break }
                offset += written
            }
        }
    }
}

/// How `kited run` sets up logging: `[log] format` and level.
public enum DaemonLogging {
    /// Bootstraps swift-log once for the process.
    public static func bootstrap(format: LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            case .plain:
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
