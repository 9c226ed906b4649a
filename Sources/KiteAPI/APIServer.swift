import Foundation
import Hummingbird
import KiteDomain
import KiteStore
import KiteUI
import Logging
import Synchronization

/// kite-api: the phones' HTTP JSON API (openapi/kite-api.yaml). Each /v1 request is one
/// database transaction on a pooled connection, run as the token's person (APISession).
public final class APIServer: Sendable {
    public let config: APIConfig
    let pool: DatabasePool
    let checklist: ChecklistDocument
    let limiter: RateLimiter
    let logger: Logger

    public init(config: APIConfig, logger: Logger = Logger(label: "kite.api")) throws {
        self.config = config
        self.logger = logger
        self.checklist = try ChecklistDocument.load(path: config.checklist)
        self.limiter = RateLimiter(perMinute: config.rateLimitPerMinute, burst: config.rateLimitBurst)
        let timeout = config.statementTimeoutSeconds
        self.pool = DatabasePool(conninfo: config.database, size: config.poolSize, logger: logger) { connection in
            if timeout > 0 {
                try connection.execute("SELECT set_config('statement_timeout', \(String(Int(timeout * 1000))), false)")
            }
            try connection.execute("SELECT set_config('application_name', 'kite-api', false)")
        }
    }

    public func shutdown() { pool.shutdown() }

    /// The application on `config.host:config.port`; `onRunning` gets the bound port.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router(),
                    configuration: .init(address: .hostname(config.host, port: config.port), serverName: "kite-api"),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
                    logger: logger)
    }

    // MARK: routes

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: JSONErrorMiddleware())
        if !config.webRoot.isEmpty {
            let base = String(config.webPath.dropLast())
            router.add(middleware: FileMiddleware(config.webRoot, urlBasePath: base, searchForIndexHtml: true, logger: logger))
            router.get("/") { _, _ -> Response in
                Response(status: .found, headers: [.location: self.config.webPath])
            }
        }
        router.get("/healthz") { _, _ in Self.respond(200, .object(["status": .string("ok")])) }
        router.get("/readyz") { request, _ in
            let language = Self.language(request)
            do {
                let ok = try await self.pool.run { try APISession(connection: $0).ping() }
                if ok { return Self.respond(200, .object(["status": .string("ok")])) }
            } catch {
                self.logger.warning("readyz: the database does not answer", metadata: ["error": "\(error)"])
            }
            return Self.respond(503, APIError(503, .unavailable).json(language))
        }
        router.get("/v1/me") { request, _ in
            try await self.v1(request) { scope in try Routes.me(scope) }
        }
        router.get("/v1/checklist") { request, _ in
            try await self.v1(request) { _ in (200, self.checklist.json) }
        }
        router.get("/v1/vin/:vin") { request, context in
            let vin = context.parameters.get("vin") ?? ""
            return try await self.v1(request) { _ in try Routes.vin(vin) }
        }
        router.get("/v1/customers") { request, _ in
            let q = request.uri.queryParameters.get("q") ?? ""
            return try await self.v1(request) { scope in try Routes.customers(scope, q: q) }
        }
        router.post("/v1/appraisals") { request, context in
            try await self.v1(request, context: context, write: true) { scope in try Routes.createAppraisal(scope) }
        }
        router.get("/v1/appraisals/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.v1(request) { scope in try Routes.getAppraisal(scope, id: id) }
        }
        router.put("/v1/appraisals/:id/checklist") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.v1(request, context: context, write: true) { scope in try Routes.putChecklist(scope, id: id, checklist: self.checklist) }
        }
        router.put("/v1/appraisals/:id/paint") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.v1(request, context: context, write: true) { scope in try Routes.putPaint(scope, id: id) }
        }
        router.post("/v1/appraisals/:id/answer") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.v1(request, context: context, write: true) { scope in try Routes.answer(scope, id: id) }
        }
        router.post("/v1/appraisals/:id/photos") { request, context in
            let id = context.parameters.get("id") ?? ""
            let limit = self.config.maxPhotoBytes
            return try await self.v1(request, context: context, write: true) { scope in try Routes.startPhoto(scope, appraisal: id, maxBytes: limit) }
        }
        router.get("/v1/photos/:photoId") { request, context in
            let id = context.parameters.get("photoId") ?? ""
            return try await self.v1(request) { scope in try Routes.photoState(scope, id: id) }
        }
        router.put("/v1/photos/:photoId") { request, context in
            let id = context.parameters.get("photoId") ?? ""
            let offset = request.uri.queryParameters.get("offset")
            return try await self.v1(request, context: context, rawBodyLimit: self.config.maxChunkBytes) { scope in
                try Routes.putChunk(scope, id: id, offset: offset)
            }
        }
        router.get("/v1/sync") { request, _ in
            let since = request.uri.queryParameters.get("since")
            return try await self.v1(request) { scope in try Routes.sync(scope, since: since, checklistVersion: self.checklist.version) }
        }
        return router
    }

    // MARK: the request as a person

    /// Runs `body` in one transaction as the token's person. A write (`write: true`) needs an
    /// Idempotency-Key: the first response is stored with it and returned to every retry.
    /// A refusal (4xx) rolls back the work but keeps the key and its answer; a server
    /// failure (5xx) rolls back everything, so a retry runs again.
    func v1(_ request: Request, context: BasicRequestContext? = nil, write: Bool = false, rawBodyLimit: Int? = nil,
            _ body: @escaping @Sendable (Scope) throws -> (Int, JSONValue)) async throws -> Response {
        let language = Self.language(request)
        guard let authorization = request.headers[.authorization],
              authorization.lowercased().hasPrefix("bearer "),
              case let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces), !token.isEmpty,
              token.count <= 200 else {
            return Self.respond(401, APIError(401, .tokenMissing).json(language), headers: [.wwwAuthenticate: "Bearer"])
        }
        let tokenHash = APITokenRepository.hash(token)
        if let wait = limiter.take(tokenHash) {
            var headers = HTTPFields()
            headers[.retryAfter] = String(wait)
            return Self.respond(429, APIError(429, .rateLimited, ["seconds": String(wait)]).json(language), headers: headers)
        }
        var bytes: [UInt8] = []
        var key: String?
        if write || rawBodyLimit != nil {
            let limit = rawBodyLimit ?? config.maxBodyBytes
            var request = request
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: limit)
            } catch {
                return Self.respond(413, APIError(413, .tooLarge, ["limit": String(limit)]).json(language))
            }
            bytes = Array(buffer.readableBytesView)
        }
        if write {
            guard let given = request.headers.first(where: { $0.name.canonicalName == "idempotency-key" })?.value,
                  given.range(of: "^[A-Za-z0-9._:-]{1,100}$", options: .regularExpression) != nil else {
                return Self.respond(400, APIError(400, .idempotencyKeyRequired, field: "Idempotency-Key").json(language))
            }
            key = given
        }
        let method = request.method.rawValue
        let path = request.uri.path
        let query = request.uri.query ?? ""
        let requestHash = SHA256.hex(Array((method + " " + path + "?" + query + "\n").utf8) + bytes)
        let payload = bytes
        let idempotencyKey = key
        let logger = self.logger
        let (status, json): (Int, JSONValue)
        do {
            (status, json) = try await pool.run { connection in
                try Self.transaction(connection, token: token, language: language, key: idempotencyKey, method: method,
                                     path: path, requestHash: requestHash, body: payload, logger: logger, work: body)
            }
        } catch let error as DatabaseError where error.isConnectionLost || error.sqlstate.hasPrefix("08") {
            logger.error("database unavailable", metadata: ["error": "\(error)"])
            return Self.respond(503, APIError(503, .unavailable).json(language))
        } catch {
            logger.error("request failed", metadata: ["path": "\(path)", "error": "\(error)"])
            return Self.respond(500, APIError(500, .internalError).json(language))
        }
        return Self.respond(status, json)
    }

    /// What a route's work sees: the connection (inside the person's transaction), the
    /// person's login, the language, the body.
    struct Scope {
        let connection: PGConnection
        let login: String
        let language: Language
        let body: [UInt8]

        func json() throws -> JSONBody { try JSONBody(data: Data(body)) }
    }

    static func transaction(_ connection: PGConnection, token: String, language: Language, key: String?, method: String,
                            path: String, requestHash: String, body: [UInt8], logger: Logger,
                            work: (Scope) throws -> (Int, JSONValue)) throws -> (Int, JSONValue) {
        try connection.execute("BEGIN")
        do {
            let check = try APITokenRepository(connection: connection).authenticate(token: token)
            guard check.problem == nil, let login = check.login else {
                try connection.execute("COMMIT")  // last_used is not written for a bad token; nothing to keep
                let reason = APIText(rawValue: check.problem ?? "") ?? .tokenUnknown
                return (401, APIError(401, reason).json(language))
            }
            let session = APISession(connection: connection)
            try session.actAs(login)
            if let key {
                if let stored = try session.claim(key: key, method: method, path: path, requestHash: requestHash) {
                    try connection.execute("ROLLBACK")
                    guard stored.requestHash == requestHash else {
                        return (409, APIError(409, .idempotencyKeyReused, field: "Idempotency-Key").json(language))
                    }
                    return (stored.status ?? 500, .raw(stored.body ?? "{}"))
                }
                try connection.execute("SAVEPOINT kite_api_work")
            }
            let scope = Scope(connection: connection, login: login, language: language, body: body)
            var result: (Int, JSONValue)
            do {
                result = try work(scope)
            } catch {
                guard let refusal = APIError.from(error) else { throw error }
                if key != nil {
                    try connection.execute("ROLLBACK TO SAVEPOINT kite_api_work")
                } else {
                    try connection.execute("ROLLBACK")
                    return (refusal.status, refusal.json(language))
                }
                result = (refusal.status, refusal.json(language))
            }
            if let key {
                try session.complete(key: key, status: result.0, body: result.1.text)
            }
            try connection.execute("COMMIT")
            return result
        } catch {
            if connection.inTransaction { _ = try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    // MARK: helpers

    static func language(_ request: Request) -> Language {
        guard let header = request.headers[.acceptLanguage]?.lowercased() else { return .ru }
        let first = header.split(separator: ",").first.map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces) } ?? ""
        return first.hasPrefix("en") ? .en : .ru
    }

    static func respond(_ status: Int, _ json: JSONValue, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: json.text)))
    }
}

/// Errors outside the /v1 handlers (no route, a method not allowed, a body too large) as
/// the contract's JSON; never a stack trace.
struct JSONErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let language = APIServer.language(request)
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            let status = Int(error.status.code)
            let apiError: APIError = switch status {
            case 404: APIError(404, .routeNotFound, ["path": request.uri.path])
            case 405: APIError(405, .methodNotAllowed, ["method": request.method.rawValue])
            case 413: APIError(413, .tooLarge, ["limit": "?"])
            case 400..<500: APIError(status: status, code: "bad_request", message: LocalizedText(ru: "Неверный запрос", en: "Bad request"))
            default: APIError(500, .internalError)
            }
            return APIServer.respond(apiError.status, apiError.json(language))
        } catch {
            return APIServer.respond(500, APIError(500, .internalError).json(language))
        }
    }
}

/// Per-token request budget: a token bucket of `burst` refilled at `perMinute`.
final class RateLimiter: Sendable {
    private let buckets = Mutex<[String: (tokens: Double, at: Double)]>([:])
    let perSecond: Double
    let burst: Double

    init(perMinute: Int, burst: Int) {
        perSecond = Double(perMinute) / 60
        self.burst = Double(max(1, burst))
    }

    /// nil: allowed; else the seconds to wait.
    func take(_ key: String, now: Double = Date().timeIntervalSince1970) -> Int? {
        buckets.withLock { buckets in
            if buckets.count > 100_000 { buckets.removeAll() }
            var bucket = buckets[key] ?? (burst, now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * perSecond)
            bucket.at = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[key] = bucket
                return nil
            }
            buckets[key] = bucket
            return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
        }
    }
}
