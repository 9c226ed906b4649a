import Foundation

/// A request's JSON object, read field by field: each problem names the field and the rule.
/// Any JSON value as parsed (booleans stay booleans, never numbers).
enum JSONInput: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONInput])
    case object([String: JSONInput])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONInput].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONInput].self)) }
    }
}

struct JSONBody {
    let object: [String: JSONInput]
    let prefix: String

    init(data: Data) throws {
        let parsed: JSONInput
        do {
            parsed = try JSONDecoder().decode(JSONInput.self, from: data)
        } catch {
            throw APIError(400, .badJSON, ["detail": "not valid JSON"])
        }
        guard case .object(let object) = parsed else {
            throw APIError(400, .badJSON, ["detail": "a JSON object is expected"])
        }
        self.object = object
        self.prefix = ""
    }

    init(object: [String: JSONInput], prefix: String) {
        self.object = object
        self.prefix = prefix
    }

    private func name(_ key: String) -> String { prefix + key }

    func has(_ key: String) -> Bool {
        if let value = object[key], case .null = value { return false }
        return object[key] != nil
    }

    func string(_ key: String, max: Int = 500, required: Bool = true) throws -> String? {
        guard has(key) else {
            if required { throw APIError.required(name(key)) }
            return nil
        }
        guard case .string(let text) = object[key]! else { throw APIError.invalid(name(key), "a string") }
        guard text.count <= max else { throw APIError.invalid(name(key), "at most \(max) characters") }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" || $0.value == 0x7f }) else {
            throw APIError.invalid(name(key), "no control characters")
        }
        return text
    }

    func requiredString(_ key: String, max: Int = 500) throws -> String { try string(key, max: max)! }

    func int(_ key: String, _ range: ClosedRange<Int>, required: Bool = true) throws -> Int? {
        guard has(key) else {
            if required { throw APIError.required(name(key)) }
            return nil
        }
        guard case .number(let number) = object[key]!, let value = Int(exactly: number) else {
            throw APIError.invalid(name(key), "a whole number")
        }
        guard range.contains(value) else { throw APIError.invalid(name(key), "from \(range.lowerBound) to \(range.upperBound)") }
        return value
    }

    func int64(_ key: String, _ range: ClosedRange<Int64>) throws -> Int64 {
        guard has(key) else { throw APIError.required(name(key)) }
        guard case .number(let number) = object[key]!, let value = Int64(exactly: number) else {
            throw APIError.invalid(name(key), "a whole number")
        }
        guard range.contains(value) else { throw APIError.invalid(name(key), "from \(range.lowerBound) to \(range.upperBound)") }
        return value
    }

    func bool(_ key: String, required: Bool = true) throws -> Bool? {
        guard has(key) else {
            if required { throw APIError.required(name(key)) }
            return nil
        }
        guard case .bool(let value) = object[key]! else { throw APIError.invalid(name(key), "true or false") }
        return value
    }

    func time(_ key: String, required: Bool = true) throws -> Date? {
        guard let text = try string(key, max: 40, required: required) else { return nil }
        guard let date = RFC3339.parse(text) else { throw APIError.invalid(name(key), "an RFC 3339 time, e.g. 2026-12-03T10:15:00Z") }
        return date
    }

    func uuid(_ key: String) throws -> String {
        let text = try requiredString(key, max: 36)
        guard let uuid = UUID(uuidString: text) else { throw APIError.invalid(name(key), "a UUID") }
        return uuid.uuidString.lowercased()
    }

    func object(_ key: String) throws -> JSONBody {
        guard has(key) else { throw APIError.required(name(key)) }
        guard case .object(let inner) = object[key]! else { throw APIError.invalid(name(key), "an object") }
        return JSONBody(object: inner, prefix: name(key) + ".")
    }

    func array(_ key: String, max: Int) throws -> [JSONBody] {
        guard has(key) else { throw APIError.required(name(key)) }
        guard case .array(let items) = object[key]! else { throw APIError.invalid(name(key), "an array") }
        guard items.count <= max else { throw APIError.invalid(name(key), "at most \(max) items") }
        return try items.enumerated().map { index, item in
            guard case .object(let inner) = item else { throw APIError.invalid("\(name(key))[\(index)]", "an object") }
            return JSONBody(object: inner, prefix: "\(name(key))[\(index)].")
        }
    }
}
