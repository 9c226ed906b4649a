import Foundation
import KiteDomain
import KiteStore
import Testing
import Yams

/// Every route answers as openapi/kite-api.yaml says: the status is one the operation
/// lists, the body matches its schema (types, required fields, enums, patterns), and every
/// operation of the file is exercised.
@Suite(.serialized) struct OpenAPIConformanceTests {
    /// A JSON value with booleans kept apart from numbers.
    indirect enum Value: Decodable {
        case null, bool(Bool), number(Double), string(String), array([Value]), object([String: Value])
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let v = try? c.decode(Bool.self) { self = .bool(v) }
            else if let v = try? c.decode(Double.self) { self = .number(v) }
            else if let v = try? c.decode(String.self) { self = .string(v) }
            else if let v = try? c.decode([Value].self) { self = .array(v) }
            else { self = .object(try c.decode([String: Value].self)) }
        }
        var typeName: String {
            switch self {
            case .null: "null"
            case .bool: "boolean"
            case .number(let n): n == n.rounded() ? "integer" : "number"
            case .string: "string"
            case .array: "array"
            case .object: "object"
            }
        }
    }

    struct Spec {
        let root: [String: Any]

        init() throws {
            let url = APIFixture.repositoryRoot.appendingPathComponent("openapi/kite-api.yaml")
            root = try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any])
        }

        var operations: [(method: String, path: String, operation: [String: Any])] {
            let paths = root["paths"] as? [String: Any] ?? [:]
            return paths.flatMap { path, item in
                ((item as? [String: Any]) ?? [:]).compactMap { method, operation in
                    (operation as? [String: Any]).map { (method.uppercased(), path, $0) }
                }
            }
        }

        func resolve(_ schema: [String: Any]) -> [String: Any] {
            guard let ref = schema["$ref"] as? String else { return schema }
            var node: Any = root
            for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] ?? [:] }
            return resolve(node as? [String: Any] ?? [:])
        }

        func validate(_ value: Value, _ schemaIn: [String: Any], at path: String) -> [String] {
            let schema = resolve(schemaIn)
            if let choices = schema["oneOf"] as? [[String: Any]] {
                let passing = choices.filter { validate(value, $0, at: path).isEmpty }
                return passing.isEmpty ? ["\(path): matches none of oneOf"] : []
            }
            var problems: [String] = []
            if let type = schema["type"] {
                let allowed = (type as? [String]) ?? [type as? String ?? ""]
                let actual = value.typeName
                let ok = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
                if !ok { return ["\(path): \(actual), the file says \(allowed)"] }
            }
            if let options = schema["enum"] as? [Any], case .string(let text) = value,
               !options.contains(where: { ($0 as? String) == text }) {
                problems.append("\(path): \"\(text)\" is not one of \(options)")
            }
            if let pattern = schema["pattern"] as? String, case .string(let text) = value,
               text.range(of: pattern, options: .regularExpression) == nil {
                problems.append("\(path): \"\(text)\" does not match \(pattern)")
            }
            if case .object(let members) = value {
                for name in schema["required"] as? [String] ?? [] where members[name] == nil {
                    problems.append("\(path): required \(name) is missing")
                }
                for (name, sub) in schema["properties"] as? [String: Any] ?? [:] {
                    if let member = members[name], let sub = sub as? [String: Any] {
                        problems += validate(member, sub, at: "\(path).\(name)")
                    }
                }
            }
            if case .array(let items) = value, let itemSchema = schema["items"] as? [String: Any] {
                for (index, item) in items.enumerated() { problems += validate(item, itemSchema, at: "\(path)[\(index)]") }
            }
            return problems
        }

        /// The file's template (`/v1/appraisals/{id}`) of a concrete path.
        func template(for path: String) -> String? {
            let parts = path.split(separator: "?")[0].split(separator: "/")
            return (root["paths"] as? [String: Any] ?? [:]).keys.first { template in
                let t = template.split(separator: "/")
                return t.count == parts.count && zip(t, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }
        }
    }

    @Test func everyRouteAnswersAsTheFileSays() async throws {
        let spec = try Spec()
        let api = try await APIFixture()
        let phone = try api.person(.appraiser)
        var seen: [(String, String, HTTPReply)] = []
        func call(_ method: String, _ path: String, token: String? = phone.token, key: String? = nil, json: String? = nil,
                  body: [UInt8]? = nil) async throws -> HTTPReply {
            let reply = try await api.request(method, path, token: token, key: key ?? (method == "GET" ? nil : UUID().uuidString), json: json, body: body)
            seen.append((method, path, reply))
            return reply
        }
        _ = try await call("GET", "/healthz", token: nil)
        _ = try await call("GET", "/readyz", token: nil)
        _ = try await call("GET", "/v1/me")
        _ = try await call("GET", "/v1/me", token: nil)
        _ = try await call("GET", "/v1/checklist")
        _ = try await call("GET", "/v1/vin/XW8ZZZ61ZEG061733")
        _ = try await call("GET", "/v1/vin/ABC")
        _ = try await call("GET", "/v1/customers?q=%D0%9F%D0%B5%D1%82")
        let (id, created) = try await api.createAppraisal(phone)
        seen.append(("POST", "/v1/appraisals", created))
        _ = try await call("POST", "/v1/appraisals", json: "{}")
        _ = try await call("GET", "/v1/appraisals/\(id)")
        _ = try await call("GET", "/v1/appraisals/\(UUID().uuidString)")
        _ = try await call("GET", "/v1/appraisals/not-a-uuid")
        _ = try await call("PUT", "/v1/appraisals/\(id)/checklist", json: #"{"happenedAt":"2026-12-01T09:45:00Z","answers":[]}"#)
        _ = try await call("PUT", "/v1/appraisals/\(id)/paint", json: #"{"happenedAt":"2026-12-01T09:45:00Z","readings":[{"panel":"hood","microns":110}]}"#)
        _ = try await call("POST", "/v1/appraisals/\(id)/answer", json: #"{"happenedAt":"2026-12-01T09:45:00Z","accepted":true,"offerVersion":0}"#)
        try api.offer(id)
        _ = try await call("POST", "/v1/appraisals/\(id)/answer", json: #"{"happenedAt":"2026-12-01T09:45:00Z","accepted":false,"offerVersion":0}"#)
        _ = try await call("POST", "/v1/appraisals/\(id)/answer", json: #"{"happenedAt":"2026-12-01T09:45:00Z","accepted":false,"reason":"дорого","offerVersion":1}"#)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
        let photoID = UUID().uuidString.lowercased()
        _ = try await call("POST", "/v1/appraisals/\(id)/photos",
                     json: #"{"id":"\#(photoID)","kind":"rear","sha256":"\#(SHA256.hex(png))","size":\#(png.count),"contentType":"image/png"}"#)
        _ = try await call("PUT", "/v1/photos/\(photoID)?offset=3", body: [1])
        _ = try await call("PUT", "/v1/photos/\(photoID)?offset=0", body: png)
        _ = try await call("GET", "/v1/photos/\(photoID)")
        _ = try await call("GET", "/v1/photos/\(UUID().uuidString)")
        let sync = try await call("GET", "/v1/sync")
        _ = try await call("GET", "/v1/sync?since=\(sync.object["cursor"] as? String ?? "")")

        var problems: [String] = []
        var covered: Set<String> = []
        for (method, path, reply) in seen {
            guard let template = spec.template(for: path),
                  let operation = spec.operations.first(where: { $0.method == method && $0.path == template })?.operation else {
                problems.append("\(method) \(path): not in the file")
                continue
            }
            covered.insert("\(method) \(template)")
            let responses = operation["responses"] as? [String: Any] ?? [:]
            guard let response = (responses[String(reply.status)] ?? responses["default"]) as? [String: Any] else {
                problems.append("\(method) \(path): status \(reply.status) is not listed (\(reply.text.prefix(200)))")
                continue
            }
            #expect(reply.status < 500, "\(method) \(path): \(reply.text)")
            let resolved = spec.resolve(response)
            guard let schema = ((resolved["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any] else { continue }
            guard let value = try? JSONDecoder().decode(Value.self, from: Data(reply.body)) else {
                problems.append("\(method) \(path): not JSON: \(reply.text.prefix(200))")
                continue
            }
            problems += spec.validate(value, schema, at: "\(method) \(path) \(reply.status)")
        }
        let all = Set(spec.operations.map { "\($0.method) \($0.path)" })
        #expect(all.subtracting(covered).isEmpty, "not exercised: \(all.subtracting(covered).sorted())")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
