import Foundation
import KiteDomain

/// Decodes one row of a `QueryResult` into a `Decodable` type, matching
/// columns to coding keys by name.
///
/// Supported: String, Int/Int64/Int32, Bool (`t`/`f`), Double, Date
/// (timestamptz or date text), Money (numeric text, exact), any String raw
/// enum (VehicleStatus), Optional (NULL or missing column), `[String:String]`
/// (jsonb text). A single-column result also decodes into a plain value:
/// `fetch(Int.self, "SELECT count(*) …")`.
public struct RowDecoder {
    public enum KeyStrategy: Sendable {
        /// The coding key is the column name.
        case useDefaultKeys
        /// `mileageKm` reads column `mileage_km`, `dealershipID` reads `dealership_id`
        /// (an exact-name column wins).
        case convertFromSnakeCase
    }

    static func decode<T: Decodable>(_ type: T.Type, result: QueryResult, row: Int, keys: KeyStrategy) throws -> T {
        let decoder = RowValuesDecoder(result: result, row: row, keys: keys)
        return try ColumnDecoder(row: decoder, column: 0, codingPath: []).decodeValue(type)
    }

    /// `mileageKm` → `mileage_km`; `dealershipID` → `dealership_id`; `URLValue` → `url_value`.
    public static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase && index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) {
                    result.append("_")
                }
            }
            result += character.lowercased()
        }
        return result
    }
}

struct RowValuesDecoder: Decoder {
    let result: QueryResult
    let row: Int
    let keys: RowDecoder.KeyStrategy
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(result: QueryResult, row: Int, keys: RowDecoder.KeyStrategy) {
        self.result = result
        self.row = row
        self.keys = keys
    }

    func column(for key: some CodingKey) -> Int? {
        if let index = result.columnIndex(key.stringValue) { return index }
        if case .convertFromSnakeCase = keys { return result.columnIndex(RowDecoder.snakeCase(key.stringValue)) }
        return nil
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowKeyedContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath,
            debugDescription: "a row decodes as a keyed container (struct), not an array"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        guard result.columnCount >= 1 else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "result has no columns"))
        }
        return ColumnDecoder(row: self, column: 0, codingPath: codingPath)
    }
}

struct RowKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: RowValuesDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { decoder.result.columnNames.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { decoder.column(for: key) != nil }

    private func columnDecoder(_ key: Key) throws -> ColumnDecoder {
        guard let column = decoder.column(for: key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath,
                debugDescription: "no column \(key.stringValue) (or \(RowDecoder.snakeCase(key.stringValue))) in result: \(decoder.result.columnNames)"))
        }
        return ColumnDecoder(row: decoder, column: column, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let column = decoder.column(for: key) else { return true }
        return decoder.result.isNull(row: decoder.row, column: column)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try columnDecoder(key).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch(type, .init(codingPath: codingPath + [key], debugDescription: "nested containers are not supported in rows"))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath + [key], debugDescription: "arrays are not supported in rows"))
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder }
}

/// One cell. It is both the single-value container and the `Decoder` handed
/// to a property's `init(from:)` (so String-raw enums decode themselves).
struct ColumnDecoder: Decoder, SingleValueDecodingContainer {
    let row: RowValuesDecoder
    let column: Int
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(row: RowValuesDecoder, column: Int, codingPath: [any CodingKey]) {
        self.row = row
        self.column = column
        self.codingPath = codingPath
    }

    private var text: String? { row.result.string(row: row.row, column: column) }

    private func requireText<T>(_ type: T.Type) throws -> String {
        guard let text else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath,
                debugDescription: "column \(row.result.columnNames[column]) is NULL"))
        }
        return text
    }

    private func mismatch<T>(_ type: T.Type, _ text: String) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: codingPath,
            debugDescription: "column \(row.result.columnNames[column]): cannot read \(type) from \"\(text.prefix(60))\""))
    }

    /// Entry point with the special cases for types whose own Codable form is
    /// not their database text.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if type == Money.self {
            let text = try requireText(type)
            do { return try Money(databaseText: text) as! T } catch { throw mismatch(type, text) }
        }
        if type == Date.self {
            let text = try requireText(type)
            guard let date = PGDateText.parse(text) else { throw mismatch(type, text) }
            return date as! T
        }
        if type == CivilDate.self {
            let text = try requireText(type)
            guard let date = CivilDate.parseISO(String(text.prefix(10))) else { throw mismatch(type, text) }
            return date as! T
        }
        if type == [String: String].self {
            let text = try requireText(type)
            do { return try JSONText.parseObject(text) as! T } catch { throw mismatch(type, text) }
        }
        if let value = try decodePrimitive(type) { return value }
        return try T(from: self)
    }

    private func decodePrimitive<T>(_ type: T.Type) throws -> T? {
        switch type {
        case is String.Type: return try decode(String.self) as? T
        case is Int.Type: return try decode(Int.self) as? T
        case is Int64.Type: return try decode(Int64.self) as? T
        case is Int32.Type: return try decode(Int32.self) as? T
        case is Bool.Type: return try decode(Bool.self) as? T
        case is Double.Type: return try decode(Double.self) as? T
        default: return nil
        }
    }

    // Decoder
    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try row.container(keyedBy: type)
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try row.unkeyedContainer()
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // SingleValueDecodingContainer
    func decodeNil() -> Bool { text == nil }

    func decode(_ type: Bool.Type) throws -> Bool {
        let text = try requireText(type)
        switch text {
        case "t", "true", "1", "on", "yes": return true
        case "f", "false", "0", "off", "no": return false
        default: throw mismatch(type, text)
        }
    }

    func decode(_ type: String.Type) throws -> String { try requireText(type) }

    func decode(_ type: Double.Type) throws -> Double {
        let text = try requireText(type)
        guard let value = Double(text) else { throw mismatch(type, text) }
        return value
    }

    func decode(_ type: Float.Type) throws -> Float {
        let text = try requireText(type)
        guard let value = Float(text) else { throw mismatch(type, text) }
        return value
    }

    private func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let text = try requireText(type)
        guard let value = I(text) else { throw mismatch(type, text) }
        return value
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }
}
