import Foundation
import KiteStore
import Logging

/// A small pool of libpq connections for the API. libpq calls block, so each connection
/// lives on a thread of its own (libpq's rule: one thread per `PGconn`), and a request's
/// database work is handed to a free one and awaited: the NIO event loops never block.
/// A connection is opened lazily and reopened after it failed.
public final class DatabasePool: Sendable {
    typealias Work = @Sendable (Result<PGConnection, any Error>) -> Void

    private final class Shared: @unchecked Sendable {
        let condition = NSCondition()
        var queue: [Work] = []
        var stopped = false
    }

    private let shared = Shared()
    public let size: Int
    public let conninfo: String
    private let logger: Logger

    /// Starts `size` threads; `prepare` runs once on each new connection (session settings).
    public init(conninfo: String, size: Int, logger: Logger,
                prepare: @escaping @Sendable (PGConnection) throws -> Void = { _ in }) {
        self.conninfo = conninfo
        self.size = max(1, size)
        self.logger = logger
        for index in 0..<self.size {
            let shared = self.shared
            let thread = Thread {
                var connection: PGConnection?
                while true {
                    shared.condition.lock()
                    while shared.queue.isEmpty && !shared.stopped { shared.condition.wait() }
                    if shared.queue.isEmpty && shared.stopped {
                        shared.condition.unlock()
                        return
                    }
                    let work = shared.queue.removeFirst()
                    shared.condition.unlock()
                    do {
                        if connection == nil || connection?.isConnected == false {
                            connection = nil
                            let opened = try PGConnection(conninfo, logger: logger)
                            try prepare(opened)
                            connection = opened
                        }
                        work(.success(connection!))
                    } catch {
                        connection = nil
                        work(.failure(error))
                    }
                    // A connection left inside a transaction (a bug) is not reused as is.
                    if let open = connection, open.inTransaction {
                        _ = try? open.execute("ROLLBACK")
                    }
                }
            }
            thread.name = "kite-api-db-\(index)"
            thread.start()
        }
    }

    /// Runs `body` on a pooled connection and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let work: Work = { opened in
                do {
                    continuation.resume(returning: try body(try opened.get()))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            shared.condition.lock()
            if shared.stopped {
                shared.condition.unlock()
                continuation.resume(throwing: APIError(503, .unavailable))
                return
            }
            shared.queue.append(work)
            shared.condition.signal()
            shared.condition.unlock()
        }
    }

    /// Stops the threads once the queued work is done.
    public func shutdown() {
        shared.condition.lock()
        shared.stopped = true
        shared.condition.broadcast()
        shared.condition.unlock()
    }
}

