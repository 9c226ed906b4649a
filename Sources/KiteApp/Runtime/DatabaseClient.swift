import Foundation
import Synchronization
import KiteStore
import KiteUI

/// The UI's connection, owned by the worker thread. Connects lazily and
/// reconnects when the server went away, so a restart of PostgreSQL costs the
/// user one failed request at most.
final class UIConnection: CancellableResource {
    let conninfo: String
    private(set) var connection: PGConnection?

    init(conninfo: String) {
        self.conninfo = conninfo
    }

    func makeCanceller() -> (@Sendable () -> Void)? {
        guard let token = connection?.cancelToken else { return nil }
        return { token.cancel() }
    }

    /// The live connection, connecting or resetting it first when needed.
    func live() throws -> PGConnection {
        if let connection, connection.isConnected { return connection }
        if let connection {
            try connection.reset()
            return connection
        }
        let fresh = try PGConnection(conninfo)
        connection = fresh
        return fresh
    }
}

/// How the UI talks to the database: requests run on the worker thread, their
/// results come back through the inbox and are handled on the main thread.
/// A request in a *lane* supersedes the previous one in that lane; results of
/// superseded requests are dropped.
@MainActor
public final class DatabaseClient {
    public typealias Event = @MainActor @Sendable () -> Void

    let inbox: Inbox<Event>
    private let worker: BackgroundWorker<UIConnection>
    /// Each lane's newest request; read on the database thread too.
    private let generations = LaneGenerations()
    public private(set) var connectionState: ConnectionState = .reconnecting
    /// Requests whose result has not come back to the main thread yet.
    public private(set) var inFlight = 0
    /// Called after every finished request, e.g. to redraw the status bar.
    public var onStateChange: (() -> Void)?
    /// Runs after each batch of delivered results (the typeahead replays here).
    var afterDelivery: (@MainActor () -> Void)?
    /// Runs before each delivered result: the app counts events with it.
    var beforeEachDelivery: (@MainActor () -> Void)?

    public init(conninfo: String) {
        let inbox = Inbox<Event>()
        self.inbox = inbox
        worker = BackgroundWorker(name: "kite.db") { UIConnection(conninfo: conninfo) }
    }

    public var wakeDescriptor: Int32 { inbox.pipe.readDescriptor }

    /// Runs `work` on the database thread; `completion` runs later on the main
    /// thread unless a newer request in the same lane replaced this one.
    public func request<T: Sendable>(lane: String? = nil, supersedes: Set<String> = [],
                                     _ work: @escaping @Sendable (PGConnection) throws -> T,
                                     completion: @escaping @MainActor @Sendable (Result<T, any Error>) -> Void) {
        var next = 0
        if let lane {
            next = generations.map.withLock { $0[lane, default: 0] += 1; return $0[lane]! }
        }
        let generation = next
        let inbox = self.inbox
        inFlight += 1
        // A superseded lane's result must be dropped too, even if it already ran.
        generations.map.withLock { for other in supersedes { $0[other, default: 0] += 1 } }
        let current = generations
        let dropped = worker.submit(lane: lane, supersedes: supersedes) { resource in
            func attempt() -> (Result<T, any Error>, reachable: Bool) {
                do {
                    let connection = try resource.live()
                    return (.success(try work(connection)), true)
                } catch {
                    return (.failure(error),
                            !DatabaseClient.isConnectionFailure(error) && (resource.connection?.isConnected ?? false))
                }
            }
            var (result, reachable) = attempt()
            // A cancel is sent to the connection, not to one query: the one meant
            // for a superseded request can land on this one if it started in
            // between. Still wanted (nothing newer in its lane): run it again.
            // The work runs in its own transaction, so the failed try left nothing.
            if case .failure(let error) = result, DatabaseClient.isCancellation(error),
               lane.map({ lane in current.map.withLock { $0[lane] } == generation }) ?? true {
                (result, reachable) = attempt()
            }
            inbox.post { [weak self] in
                guard let self else { return }
                self.inFlight -= 1
                self.connectionState = reachable ? .online : .offline
                if let lane, self.generations.map.withLock({ $0[lane] }) != generation { return }
                if case .failure(let error) = result, DatabaseClient.isCancellation(error) { return }
                completion(result)
                self.onStateChange?()
            }
        }
        inFlight -= dropped
    }

    /// Runs the events that arrived since the last call (main thread only).
    public func deliverPending() -> Bool {
        let events = inbox.drain()
        for event in events {
            beforeEachDelivery?()
            event()
        }
        if !events.isEmpty { afterDelivery?() }
        return !events.isEmpty
    }

    /// Waits up to `timeout` ms for results and handles them. Headless use
    /// (tests, the benchmark); the TUI polls the pipe itself.
    @discardableResult
    public func waitAndDeliver(timeout: Int32) -> Bool {
        var descriptor = pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, timeout)
        return deliverPending()
    }

    /// Handles results until no request is outstanding (or `timeout` s pass).
    public func settle(timeout: TimeInterval = 10) {
        let deadline = Date().addingTimeInterval(timeout)
        while inFlight > 0 && Date() < deadline {
            waitAndDeliver(timeout: 100)
        }
    }

    public func stop() {
        worker.stop()
    }

    nonisolated static func isConnectionFailure(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.kind == .connectionLost
    }

    nonisolated static func isCancellation(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.kind == .cancelled
    }
}

/// Each lane's newest request, shared with the database thread.
private final class LaneGenerations: Sendable {
    let map = Mutex<[String: Int]>([:])
}
