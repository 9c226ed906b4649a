import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on a loopback port, in the test process: every
/// request is answered by `respond` and the connection closed. The registry providers'
/// tests (KiteJobs) and the price provider's (KiteStore) talk to it over real HTTP.
public final class FakeHTTPServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        /// The body as sent (by Content-Length).
        public var body: String
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String] = [:]
        public var body: String = ""
        /// Wait this long before answering (a slow provider).
        public var delay: Double = 0

        public init(status: Int, headers: [String: String] = [:], body: String = "", delay: Double = 0) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
        }
    }

    public let port: UInt16
    private let listener: Int32
    private let requests = Mutex<[Request]>([])
    private let stopped = Atomic<Bool>(false)

    public var received: [Request] { requests.withLock { $0 } }
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public init(_ respond: @escaping @Sendable (Request) -> Response) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = fd
        let listener = fd
        Thread { [self] in
            while !stopped.load(ordering: .acquiring) {
                let client = accept(listener, nil, nil)
                if client < 0 { break }
                Thread { self.serve(client, respond) }.start()
            }
        }.start()
    }

    public func stop() {
        stopped.store(true, ordering: .releasing)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve(_ client: Int32, _ respond: @Sendable (Request) -> Response) {
        defer { close(client) }
        var data = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !data.containsHeaderEnd {
            let count = read(client, &chunk, chunk.count)
            if count <= 0 { return }
            data.append(contentsOf: chunk[0..<count])
        }
        let headEnd = data.headerEnd!
        let head = String(decoding: data[..<headEnd], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "") ?? 0
        while data.count - (headEnd + 4) < length {
            let count = read(client, &chunk, chunk.count)
            if count <= 0 { break }
            data.append(contentsOf: chunk[0..<count])
        }
        let body = String(decoding: data[(headEnd + 4)...].prefix(length), as: UTF8.self)
        let request = Request(method: parts.first.map(String.init) ?? "", path: parts.count > 1 ? String(parts[1]) : "",
                              headers: headers, body: body)
        requests.withLock { $0.append(request) }
        let response = respond(request)
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        var text = "HTTP/1.1 \(response.status) Status\r\nContent-Length: \(response.body.utf8.count)\r\nConnection: close\r\n"
        if !response.body.isEmpty { text += "Content-Type: application/json\r\n" }
        for (name, value) in response.headers { text += "\(name): \(value)\r\n" }
        text += "\r\n" + response.body
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            sent += written
        }
    }
}

private extension Array where Element == UInt8 {
    var containsHeaderEnd: Bool { headerEnd != nil }

    /// Where the blank line after the headers starts.
    var headerEnd: Int? {
        guard count >= 4 else { return nil }
        for index in 0...(count - 4) where self[index] == 13 && self[index + 1] == 10 && self[index + 2] == 13 && self[index + 3] == 10 {
            return index
        }
        return nil
    }
}
