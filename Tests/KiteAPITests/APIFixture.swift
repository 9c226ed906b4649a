import Foundation
import Hummingbird
import KiteAPI
import KiteDomain
import KiteStore
import KiteTestSupport
import Synchronization

/// A migrated database with two dealerships (MSK, SPB), people made the way an admin makes
/// them, an API login (NOINHERIT, in kite_api), and kite-api itself listening on a loopback
/// port in this process.
final class APIFixture: @unchecked Sendable {
    let conninfo: String
    let owner: PGConnection
    let apiLogin: String
    let server: APIServer
    let port: Int
    private let task: Task<Void, any Error>

    struct Person {
        let login: String
        let token: String
        let tokenID: Int64
    }

    init(webRoot: String = "", rateLimitPerMinute: Int = 100_000, maxPhotoBytes: Int = 5 * 1024 * 1024) async throws {
        conninfo = try TestDatabase.makeMigrated()
        owner = try PGConnection(conninfo)
        let reference = ReferenceRepository(connection: owner)
        _ = try reference.insertDealership(code: "MSK", name: "Кайт Авто Москва", city: "Москва")
        _ = try reference.insertDealership(code: "SPB", name: "Кайт Авто Петербург", city: "Санкт-Петербург")
        apiLogin = "t\(getpid())_api_\(UInt32.random(in: 0...UInt32.max))"
        try owner.execute("CREATE ROLE \(identifier: apiLogin) LOGIN NOINHERIT IN ROLE kite_api")
        var config = APIConfig()
        config.host = "127.0.0.1"
        config.port = 0
        config.database = conninfo + " user=\(apiLogin)"
        config.poolSize = 4
        config.webRoot = webRoot
        config.rateLimitPerMinute = rateLimitPerMinute
        config.rateLimitBurst = min(rateLimitPerMinute, 1000)
        config.maxPhotoBytes = maxPhotoBytes
        config.checklist = APIFixture.repositoryRoot.appendingPathComponent("config/checklists/appraisal.toml").path
        let server = try APIServer(config: config)
        self.server = server
        let bound = Mutex<Int?>(nil)
        let app = server.application { port in bound.withLock { $0 = port } }
        task = Task { try await app.runService() }
        var waited = 0
        while bound.withLock({ $0 }) == nil {
            try await Task.sleep(for: .milliseconds(20))
            waited += 1
            if waited > 500 { throw TestDatabaseError("kite-api did not start listening") }
        }
        port = bound.withLock { $0 }!
    }

    deinit {
        task.cancel()
        server.shutdown()
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A person (kite admin user add) with a token for their phone (kite admin token issue).
    func person(_ role: Role, _ dealerships: [String] = ["MSK"], days: Int = 30) throws -> Person {
        let login = "t\(getpid())_\(role.rawValue)_\(UInt32.random(in: 0...UInt32.max))"
        _ = try AccessRepository(connection: owner).addUser(login: login, fullName: "Тест \(role.label.ru)", role: role,
                                                          dealerships: dealerships)
        let (id, token) = try APITokenRepository(connection: owner).issue(login: login, device: "Pixel \(login)", days: days)
        return Person(login: login, token: token, tokenID: id)
    }

    /// One request, on a thread of its own: a blocking socket must not hold a thread of the
    /// cooperative pool, which the server in this process needs to answer.
    func request(_ method: String, _ path: String, token: String?, key: String? = nil, json: String? = nil,
                 body: [UInt8]? = nil, headers: [String: String] = [:]) async throws -> HTTPReply {
        var all = headers
        if let token { all["Authorization"] = "Bearer \(token)" }
        if let key { all["Idempotency-Key"] = key }
        var payload: [UInt8] = body ?? []
        if let json {
            payload = Array(json.utf8)
            all["Content-Type"] = "application/json"
        }
        let port = self.port
        let headers = all
        let bytes = payload
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try HTTPClient.send(port: port, method: method, path: path, headers: headers, body: bytes) })
            }.start()
        }
    }

    /// A new appraisal through the API: its UUID and the reply.
    func createAppraisal(_ person: Person, id: String = UUID().uuidString.lowercased(), key: String? = nil,
                         vin: String = "XW8ZZZ61ZEG061733") async throws -> (String, HTTPReply) {
        let reply = try await request("POST", "/v1/appraisals", token: person.token, key: key ?? UUID().uuidString, json: """
            {"id":"\(id)","happenedAt":"2026-12-01T09:30:00Z","vin":"\(vin)","plate":"А123ВС77","make":"Volkswagen",
             "model":"Polo","modelYear":2014,"mileageKm":98000,"colour":"белый","ptsKind":"electronic",
             "ptsNumber":"164301001234567","owners":2,"keys":2,"serviceBook":true,"bodyType":"sedan",
             "seller":{"name":"Петров Пётр Петрович","phone":"+7 916 123-45-67"}}
            """)
        return (id, reply)
    }

    /// The back office makes an offer (as the owner, like the TUI's F9).
    func offer(_ clientID: String, amount: Int = 830_000) throws {
        let id = try owner.fetchOne(Int64.self, "SELECT id FROM appraisals WHERE client_id = \(clientID)::uuid")!
        let reason = amount == 830_000 ? "" : "торг"
        _ = try owner.fetchOne(String.self, """
            SELECT appraisal_offer(\(id), 1000000, 50000, 100000, 20000, \(amount), \(reason), 'back_office')
            """)
    }
}

/// A reply as the phone sees it.
struct HTTPReply {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
}

/// A minimal HTTP/1.1 client over a blocking loopback socket: whole requests, and
/// requests cut off half-way (the phone losing its network).
enum HTTPClient {
    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestDatabaseError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw TestDatabaseError("connect to 127.0.0.1:\(port) failed")
        }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func head(method: String, path: String, headers: [String: String], length: Int) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(length)\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    static func send(port: Int, method: String, path: String, headers: [String: String], body: [UInt8]) throws -> HTTPReply {
        let fd = try connect(port: port)
        defer { close(fd) }
        write(fd, head(method: method, path: path, headers: headers, length: body.count) + body)
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        return try parse(data)
    }

    /// Sends the head and only `partial` bytes of a body of `length`, then drops the connection.
    static func sendCut(port: Int, method: String, path: String, headers: [String: String], length: Int, partial: [UInt8]) throws {
        let fd = try connect(port: port)
        write(fd, head(method: method, path: path, headers: headers, length: length) + partial)
        usleep(100_000)
        var reset = linger(l_onoff: 1, l_linger: 0)  // a reset, as a dropped network gives
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
        close(fd)
    }

    static func parse(_ data: [UInt8]) throws -> HTTPReply {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, data.count - 3)).first(where: { Array(data[$0..<$0 + 4]) == separator }) else {
            throw TestDatabaseError("no HTTP reply: \(String(decoding: data, as: UTF8.self))")
        }
        let lines = String(decoding: data[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(data[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var decoded: [UInt8] = []
            var rest = body[...]
            while let lineEnd = (rest.startIndex..<max(rest.startIndex, rest.endIndex - 1)).first(where: { rest[$0] == 13 && rest[$0 + 1] == 10 }) {
                let size = Int(String(decoding: rest[rest.startIndex..<lineEnd], as: UTF8.self), radix: 16) ?? 0
                if size == 0 { break }
                decoded += rest[(lineEnd + 2)..<(lineEnd + 2 + size)]
                rest = rest[(lineEnd + 2 + size + 2)...]
            }
            body = decoded
        }
        return HTTPReply(status: status, headers: headers, body: body)
    }
}
