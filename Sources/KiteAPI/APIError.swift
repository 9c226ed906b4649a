import Foundation
import KiteDomain
import KiteStore

/// The API's own messages, Russian and English.
public enum APIText: String, TextKey {
    case tokenMissing = "token_missing"
    case tokenUnknown = "token_unknown"
    case tokenExpired = "token_expired"
    case tokenRevoked = "token_revoked"
    case personDisabled = "person_disabled"
    case rateLimited = "rate_limited"
    case notFound = "not_found"
    case routeNotFound = "route_not_found"
    case methodNotAllowed = "method_not_allowed"
    case badJSON = "bad_json"
    case fieldRequired = "field_required"
    case fieldInvalid = "field_invalid"
    case idempotencyKeyRequired = "idempotency_key_required"
    case idempotencyKeyReused = "idempotency_key_reused"
    case tooLarge = "too_large"
    case unsupportedMediaType = "unsupported_media_type"
    case forbidden = "forbidden"
    case refused = "refused"
    case conflict = "conflict"
    case photoOffset = "photo_offset"
    case photoTooLong = "photo_too_long"
    case photoChecksum = "photo_checksum"
    case photoNotImage = "photo_not_image"
    case photoComplete = "photo_complete"
    case unavailable = "database_unavailable"
    case internalError = "internal_error"

    public var text: LocalizedText {
        switch self {
        case .tokenMissing: LocalizedText(ru: "Нужен токен: заголовок Authorization: Bearer …", en: "A token is needed: the Authorization: Bearer … header")
        case .tokenUnknown: LocalizedText(ru: "Токен не найден: попросите администратора выдать новый", en: "Unknown token: ask an admin for a new one")
        case .tokenExpired: LocalizedText(ru: "Срок действия токена истёк: попросите администратора выдать новый", en: "The token has expired: ask an admin for a new one")
        case .tokenRevoked: LocalizedText(ru: "Токен отозван: попросите администратора выдать новый", en: "The token was revoked: ask an admin for a new one")
        case .personDisabled: LocalizedText(ru: "Сотрудник отключён", en: "The employee is disabled")
        case .rateLimited: LocalizedText(ru: "Слишком много запросов: повторите через {seconds} с", en: "Too many requests: retry in {seconds} s")
        case .notFound: LocalizedText(ru: "{what} не найдено", en: "{what} not found")
        case .routeNotFound: LocalizedText(ru: "Нет такого адреса: {path}", en: "No such route: {path}")
        case .methodNotAllowed: LocalizedText(ru: "Метод {method} здесь не поддерживается", en: "Method {method} is not allowed here")
        case .badJSON: LocalizedText(ru: "Тело запроса — не JSON нужного вида: {detail}", en: "The body is not the JSON expected: {detail}")
        case .fieldRequired: LocalizedText(ru: "Поле {field} обязательно", en: "The field {field} is required")
        case .fieldInvalid: LocalizedText(ru: "Поле {field}: {rule}", en: "The field {field}: {rule}")
        case .idempotencyKeyRequired: LocalizedText(ru: "Нужен заголовок Idempotency-Key (1–100 символов A–Z a–z 0–9 . _ : -)",
                                                    en: "The Idempotency-Key header is required (1–100 of A–Z a–z 0–9 . _ : -)")
        case .idempotencyKeyReused: LocalizedText(ru: "Ключ Idempotency-Key уже использован для другого запроса", en: "The Idempotency-Key was already used for another request")
        case .tooLarge: LocalizedText(ru: "Слишком большое тело запроса (не более {limit} байт)", en: "The body is too large (at most {limit} bytes)")
        case .unsupportedMediaType: LocalizedText(ru: "Тип {type} не поддерживается: JPEG, PNG или HEIC", en: "Type {type} is not accepted: JPEG, PNG or HEIC")
        case .forbidden: LocalizedText(ru: "Ваша роль не позволяет это сделать", en: "Your role does not allow this")
        case .refused: LocalizedText(ru: "Отказано: {detail}", en: "Refused: {detail}")
        case .conflict: LocalizedText(ru: "Конфликт: {detail}", en: "Conflict: {detail}")
        case .photoOffset: LocalizedText(ru: "Фрагмент не с того места: на сервере {received} байт, продолжайте с них",
                                         en: "The chunk is at the wrong offset: the server has {received} bytes, resume from there")
        case .photoTooLong: LocalizedText(ru: "Фрагмент выходит за объявленный размер фото ({size} байт)", en: "The chunk goes past the photo's announced size ({size} bytes)")
        case .photoChecksum: LocalizedText(ru: "Контрольная сумма SHA-256 фото не совпала: загрузите фото заново",
                                           en: "The photo's SHA-256 does not match: upload it again")
        case .photoNotImage: LocalizedText(ru: "Файл — не изображение {type}: загрузите фото заново", en: "The file is not a {type} image: upload the photo again")
        case .photoComplete: LocalizedText(ru: "Фото уже загружено полностью", en: "The photo is already complete")
        case .unavailable: LocalizedText(ru: "База данных недоступна", en: "The database is unavailable")
        case .internalError: LocalizedText(ru: "Внутренняя ошибка сервера", en: "Internal server error")
        }
    }
}

/// An answer that is not a success: `{"error": {"code", "message", "field"?, …}}` with its status.
public struct APIError: Error, Sendable {
    public var status: Int
    public var code: String
    public var message: LocalizedText
    public var field: String?
    /// Extra members of `error` (`received` of a photo, the current `appraisal`), as JSON.
    public var extra: [String: JSONValue] = [:]

    public init(_ status: Int, _ key: APIText, _ values: [String: String] = [:], field: String? = nil, extra: [String: JSONValue] = [:]) {
        self.status = status
        self.code = key.rawValue
        self.message = LocalizedText(ru: LocalizedText.fill(key.text.ru, values), en: LocalizedText.fill(key.text.en, values))
        self.field = field
        self.extra = extra
    }

    public init(status: Int, code: String, message: LocalizedText, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public func json(_ language: Language) -> JSONValue {
        var error: [String: JSONValue] = ["code": .string(code), "message": .string(message.text(language))]
        if let field { error["field"] = .string(field) }
        for (key, value) in extra { error[key] = value }
        return .object(["error": .object(error)])
    }

    public static func required(_ field: String) -> APIError { APIError(400, .fieldRequired, ["field": field], field: field) }
    public static func invalid(_ field: String, _ rule: String) -> APIError {
        APIError(400, .fieldInvalid, ["field": field, "rule": rule], field: field)
    }

    /// A database or rule refusal in the caller's words: a role refused 403, a row of
    /// another dealership 404, a rule 422 (its code the rule's), a race 409.
    public static func from(_ error: any Error) -> APIError? {
        if let error = error as? APIError { return error }
        if let refusal = error as? AppraisalRefusal {
            let status = switch refusal.code {
            case "appraisal_not_found": 404
            case "offer_changed": 409
            case let code where code.hasSuffix("_role"): 403
            default: 422
            }
            return APIError(status: status, code: refusal.code, message: refusal.localizedReason)
        }
        guard let error = error as? DatabaseError else { return nil }
        let detail = LocalizedText(ru: error.message, en: error.message)
        let code = error.constraint ?? ""
        switch error.sqlstate {
        case "42501":
            return APIError(status: 403, code: code.isEmpty ? "forbidden" : code,
                            message: LocalizedText(ru: APIText.forbidden.text.ru + ": " + error.message,
                                                   en: APIText.forbidden.text.en + ": " + error.message))
        case "P0001" where code.hasSuffix("_not_found"):
            return APIError(status: 404, code: code, message: detail)
        case "P0001", "23514", "23502", "23503":
            return APIError(status: 422, code: code.isEmpty ? "refused" : code, message: detail)
        case "23505", "40001", "40P01", "55P03":
            return APIError(status: 409, code: code.isEmpty ? "conflict" : code, message: detail)
        case let state where state.hasPrefix("22"):
            return APIError(status: 400, code: "field_invalid", message: detail)
        default:
            return nil
        }
    }
}

/// A JSON value built by hand: the API's answers keep their field order and types exact
/// (money as strings, times as RFC 3339).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
    /// JSON text kept as it was (a stored response).
    case raw(String)

    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    public static func time(_ date: Date?) -> JSONValue { date.map { .string(RFC3339.format($0)) } ?? .null }
    public static func int(_ value: Int) -> JSONValue { .int(Int64(value)) }

    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .raw(let text): out += text
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .string(let value): JSONValue.quote(value, into: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                JSONValue.quote(key, into: &out)
                out += ":"
                members[key]!.write(into: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x2028 || c.value == 0x2029:
                out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// RFC 3339 UTC times with milliseconds (`2026-12-03T19:20:00.123Z`).
public enum RFC3339 {
    public static func format(_ date: Date) -> String {
        var formatter = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        formatter.timeZone = TimeZone(identifier: "UTC")!
        return formatter.format(date)
    }

    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
