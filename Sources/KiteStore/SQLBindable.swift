import Foundation
import KiteDomain

/// A value that can be sent to PostgreSQL as a bind parameter: its text
/// form (`sqlText == nil` is SQL NULL) and the type it is sent as, so the
/// server reads `$n` as that type without a cast at the call site.
public protocol SQLBindable {
    var sqlText: String? { get }
    /// `PQexecParams`' paramTypes entry. `.unknown` lets the server infer the
    /// type from where `$n` is used (for text that must also fit enums or
    /// other types).
    static var sqlType: PGType { get }
}

/// A PostgreSQL type OID (`pg_type.oid`; the built-in ones never change).
public struct PGType: Sendable, Hashable, CustomStringConvertible {
    public var oid: UInt32
    public var name: String

    public init(oid: UInt32, name: String) {
        self.oid = oid
        self.name = name
    }

    public var description: String { name }

    public static let unknown = PGType(oid: 0, name: "unknown")
    public static let bool = PGType(oid: 16, name: "bool")
    public static let int8 = PGType(oid: 20, name: "int8")
    public static let int4 = PGType(oid: 23, name: "int4")
    public static let text = PGType(oid: 25, name: "text")
    public static let numeric = PGType(oid: 1700, name: "numeric")
    public static let date = PGType(oid: 1082, name: "date")
    public static let timestamptz = PGType(oid: 1184, name: "timestamptz")
    public static let jsonb = PGType(oid: 3802, name: "jsonb")
    public static let textArray = PGType(oid: 1009, name: "text[]")
    public static let int4Array = PGType(oid: 1007, name: "int4[]")
    public static let int8Array = PGType(oid: 1016, name: "int8[]")
}

// String and Int stay `.unknown`: text also goes into enum, jsonb and
// interval places, and Int into int4-only arguments (`make_interval(days =>)`),
// where a typed bind would need a cast again.
extension String: SQLBindable {
    public var sqlText: String? { self }
    public static var sqlType: PGType { .unknown }
}
extension Substring: SQLBindable {
    public var sqlText: String? { String(self) }
    public static var sqlType: PGType { .unknown }
}
extension SQLBindable where Self: BinaryInteger {
    public var sqlText: String? { String(self) }
}
extension Int: SQLBindable { public static var sqlType: PGType { .unknown } }
extension Int64: SQLBindable { public static var sqlType: PGType { .int8 } }
extension Int32: SQLBindable { public static var sqlType: PGType { .int4 } }
extension Bool: SQLBindable {
    public var sqlText: String? { self ? "true" : "false" }
    public static var sqlType: PGType { .bool }
}

extension Money: SQLBindable {
    /// `1250000.50`: exact, for `numeric(14,2)`.
    public var sqlText: String? { decimalString }
    public static var sqlType: PGType { .numeric }
}

extension Date: SQLBindable {
    /// ISO-8601 in UTC with microseconds: `2026-11-24T19:51:15.123456Z`. Sent
    /// as timestamptz; stored into a `date` column it keeps the UTC day
    /// (sessions run in UTC).
    public var sqlText: String? { PGDateText.format(self) }
    public static var sqlType: PGType { .timestamptz }
}

extension CivilDate: SQLBindable {
    /// `2026-11-24`, for `date` columns.
    public var sqlText: String? { isoText }
    public static var sqlType: PGType { .date }
}

/// A Swift enum stored by its raw value in a `text` column with a CHECK.
public protocol SQLTextEnum: SQLBindable, RawRepresentable where RawValue == String {}

extension SQLTextEnum {
    public var sqlText: String? { rawValue }
    public static var sqlType: PGType { .text }
}

extension VehicleStatus: SQLTextEnum {}
extension CustomerKind: SQLTextEnum {}
extension DealStage: SQLTextEnum {}
extension DealLineKind: SQLTextEnum {}
extension VehicleCondition: SQLTextEnum {}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlText: String? {
        switch self {
        case .none: nil
        case .some(let value): value.sqlText
        }
    }

    public static var sqlType: PGType { Wrapped.sqlType }
}

extension Dictionary: SQLBindable where Key == String, Value == String {
    /// A JSON object, for `jsonb` columns (keys sorted, so the text is stable).
    public var sqlText: String? { JSONText.object(self) }
    public static var sqlType: PGType { .jsonb }
}

/// An element of a PostgreSQL array literal (`{"a","b"}`): written as its
/// bind text.
public protocol SQLArrayElement: SQLBindable {
    /// The type of an array of these.
    static var sqlArrayType: PGType { get }
}

extension String: SQLArrayElement { public static var sqlArrayType: PGType { .textArray } }
extension Int64: SQLArrayElement { public static var sqlArrayType: PGType { .int8Array } }
extension Int: SQLArrayElement { public static var sqlArrayType: PGType { .int8Array } }
extension Int32: SQLArrayElement { public static var sqlArrayType: PGType { .int4Array } }
extension VehicleStatus: SQLArrayElement { public static var sqlArrayType: PGType { .textArray } }

extension Array: SQLBindable where Element: SQLArrayElement {
    /// Array literal text: every element double-quoted with `"` and `\`
    /// backslash-escaped; nil elements are `NULL`. Use with `= ANY(\(ids))`.
    public var sqlText: String? {
        var text = "{"
        for (index, element) in enumerated() {
            if index > 0 { text += "," }
            guard let value = element.sqlText else {
                text += "NULL"
                continue
            }
            text += "\""
            for character in value {
                if character == "\"" || character == "\\" { text += "\\" }
                text.append(character)
            }
            text += "\""
        }
        return text + "}"
    }

    public static var sqlType: PGType { Element.sqlArrayType }
}

enum JSONText {
    static func object(_ dictionary: [String: String]) -> String {
        var text = "{"
        for (index, key) in dictionary.keys.sorted().enumerated() {
            if index > 0 { text += "," }
            text += quote(key) + ":" + quote(dictionary[key]!)
        }
        return text + "}"
    }

    static func quote(_ string: String) -> String {
        var text = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        return text + "\""
    }

    /// Parses a JSON object's text into `[String: String]`; non-string values
    /// keep their JSON text (`12`, `true`, `[1,2]`).
    static func parseObject(_ text: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        guard let dictionary = object as? [String: Any] else {
            throw DatabaseError.usage("expected a JSON object, got \(text.prefix(40))")
        }
        var result: [String: String] = [:]
        for (key, value) in dictionary {
            switch value {
            case let string as String: result[key] = string
            case is NSNull: continue
            default:
                let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
                result[key] = String(decoding: data, as: UTF8.self)
            }
        }
        return result
    }
}

/// Date text to and from PostgreSQL, without `DateFormatter` (locale-free and
/// thread-safe). Connections set `TimeZone=UTC` and `DateStyle=ISO`.
enum PGDateText {
    static func format(_ date: Date) -> String {
        let totalMicros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let micros = Int64(totalMicros)
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 { fraction += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(String(format: "%04lld", year))-\(two(month))-\(two(day))T"
        text += "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
        if fraction != 0 { text += "." + String(format: "%06lld", fraction) }
        return text + "Z"
    }

    /// Parses `2026-11-24`, `2026-11-24 19:51:15.123+00`, `…+03:30`, `…T…Z`.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for i in index..<(index + count) {
                let byte = bytes[i]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += count
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2) else { return nil }
        var seconds = days(fromYear: year, month: month, day: day) * 86_400
        var micros: Int64 = 0
        if index < bytes.count {
            guard bytes[index] == 32 || bytes[index] == 84 else { return nil }
            index += 1
            guard let hour = number(2), expect(58), let minute = number(2), expect(58), let second = number(2) else { return nil }
            seconds += hour * 3600 + minute * 60 + second
            if expect(46) {
                var digits = 0
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    if digits < 6 { micros = micros * 10 + Int64(bytes[index] - 48) }
                    digits += 1
                    index += 1
                }
                if digits < 6 { for _ in digits..<6 { micros *= 10 } }
            }
            if index < bytes.count {
                if bytes[index] == 90 { // Z
                    index += 1
                } else {
                    let sign: Int64 = bytes[index] == 45 ? -1 : 1
                    guard bytes[index] == 43 || bytes[index] == 45 else { return nil }
                    index += 1
                    guard let offsetHours = number(2) else { return nil }
                    var offset = offsetHours * 3600
                    if expect(58) {
                        guard let offsetMinutes = number(2) else { return nil }
                        offset += offsetMinutes * 60
                        if expect(58) {
                            guard let offsetSeconds = number(2) else { return nil }
                            offset += offsetSeconds
                        }
                    }
                    seconds -= sign * offset
                }
            }
        }
        guard index == bytes.count else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }

    // Howard Hinnant's days-from-civil algorithms.
    static func days(fromYear y: Int64, month m: Int64, day d: Int64) -> Int64 {
        let year = m <= 2 ? y - 1 : y
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let shifted = z + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let doe = shifted - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
