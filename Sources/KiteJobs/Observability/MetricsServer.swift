import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The Prometheus endpoint of `kited`: `GET /metrics` on `[metrics] listen`.
///
/// A plain socket server on one thread of its own, not SwiftNIO or
/// Hummingbird: Prometheus scrapes one small page every few seconds, one
/// request per connection, and kited's threads already block on libpq; a
/// whole event-loop stack would add minutes to every clean build for a page
/// a loop of `accept`/`read`/`write` serves. Requests are read with a 5 s
/// timeout and at most 8 KiB, answered with `Connection: close`, one at a time
/// (a scrape also reads the queue from the database: the collector's
/// connection is not shared).
public final class MetricsServer: Sendable {
    public enum StartError: Error, CustomStringConvertible {
        case resolve(String, String)
        case bind(String, String)

        public var description: String {
            switch self {
            case .resolve(let address, let why): "metrics: cannot resolve \(address): \(why)"
            case .bind(let address, let why): "metrics: cannot listen on \(address): \(why)"
            }
        }
    }

    /// The address and port actually bound (the port the kernel chose for port 0).
    public let boundAddress: ListenAddress
    private let socket: Int32
    private let render: @Sendable () -> String
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Binds and listens at once (so a bad address stops kited at start); `start()` serves.
    /// - Parameter render: the exposition text, built at each scrape.
    public init(listen: ListenAddress, logger: Logger, render: @escaping @Sendable () -> String) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(listen.host, String(listen.port), &hints, &list)
        guard status == 0, let first = list else {
            throw StartError.resolve(listen.description, String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        let fd = Glibc.socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw StartError.bind(listen.description, String(cString: strerror(errno))) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0, Glibc.listen(fd, 16) == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw StartError.bind(listen.description, why)
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let port = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address -> Int in
                guard getsockname(fd, address, &length) == 0 else { return listen.port }
                if address.pointee.sa_family == sa_family_t(AF_INET6) {
                    return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
                }
                return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        }
        self.socket = fd
        self.boundAddress = ListenAddress(host: listen.host, port: port)
        self.logger = logger
        self.render = render
    }

    /// Serves on a thread of its own until `stop()`.
    public func start() {
        logger.info("metrics: serving http://\(boundAddress)/metrics")
        let thread = Thread { [self] in
            serve()
            finished.signal()
        }
        thread.name = "kited-metrics"
        thread.start()
    }

    /// Stops accepting, closes the socket and waits for the serving thread.
    public func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        finished.wait()
        close(socket)
    }

    private func serve() {
        while !stopping.load(ordering: .acquiring) {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 250) > 0 else { continue }
            let client = accept(socket, nil, nil)
            guard client >= 0 else { continue }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            respond(client)
            close(client)
        }
    }

    private func respond(_ client: Int32) {
        guard let head = readHead(client) else { return }
        let response = Self.response(to: head, render: render)
        response.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let sent = send(client, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return }
                offset += sent
            }
        }
    }

    /// The request line and headers (up to the blank line), at most 8 KiB.
    private func readHead(_ client: Int32) -> String? {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 2048)
        while data.count < 8192 {
            let count = recv(client, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
            if data.count >= 4, data.suffix(from: max(0, data.count - count - 3)).containsTerminator { break }
        }
        return data.isEmpty ? nil : String(decoding: data, as: UTF8.self)
    }

    /// The whole HTTP/1.1 response to a request head: `GET`/`HEAD /metrics`
    /// is the exposition text; `/` a pointer to it; anything else 404 or 405.
    public static func response(to head: String, render: () -> String) -> [UInt8] {
        let requestLine = head.split(separator: "\r\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            return reply(400, "Bad Request", "text/plain; charset=utf-8", "bad request\n", head: false)
        }
        let method = parts[0], target = parts[1]
        guard method == "GET" || method == "HEAD" else {
            return reply(405, "Method Not Allowed", "text/plain; charset=utf-8", "only GET\n", head: false,
                         extra: "Allow: GET, HEAD\r\n")
        }
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        switch path {
        case "/metrics":
            return reply(200, "OK", "text/plain; version=0.0.4; charset=utf-8", render(), head: method == "HEAD")
        case "/":
            return reply(200, "OK", "text/plain; charset=utf-8", "kited: metrics at /metrics\n", head: method == "HEAD")
        default:
            return reply(404, "Not Found", "text/plain; charset=utf-8", "not found; metrics at /metrics\n", head: method == "HEAD")
        }
    }

    private static func reply(_ status: Int, _ reason: String, _ contentType: String, _ body: String, head: Bool,
                              extra: String = "") -> [UInt8] {
        let bytes = Array(body.utf8)
        let header = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\nContent-Length: \(bytes.count)\r\n"
            + extra + "Connection: close\r\n\r\n"
        return Array(header.utf8) + (head ? [] : bytes)
    }
}

private extension ArraySlice where Element == UInt8 {
    /// Holds `\r\n\r\n` (the end of the request head).
    var containsTerminator: Bool {
        guard count >= 4 else { return false }
        var index = startIndex
        while index + 3 < endIndex {
            if self[index] == 13 && self[index + 1] == 10 && self[index + 2] == 13 && self[index + 3] == 10 { return true }
            index += 1
        }
        return false
    }
}
