import Foundation
import Synchronization

/// Something a worker thread owns and that can abort its running operation
/// from another thread (a database connection and its cancel request).
public protocol CancellableResource: SendableMetatype {
    /// A closure that aborts whatever the resource is doing right now.
    func makeCanceller() -> (@Sendable () -> Void)?
}

/// One thread that owns a non-Sendable resource (the UI's database connection)
/// and runs jobs on it in order. Jobs in the same *lane* supersede each other:
/// a newer one drops the older pending job and cancels the running one, so a
/// fast typist's filter keystrokes never queue up behind each other.
public final class BackgroundWorker<Resource: CancellableResource>: Sendable {
    public typealias Job = @Sendable (Resource) -> Void

    private struct Pending {
        var lane: String?
        var job: Job
    }

    private struct State {
        var queue: [Pending] = []
        var runningLane: String?
        var canceller: (@Sendable () -> Void)?
        var stopping = false
    }

    private final class Core: Sendable {
        let state = Mutex(State())
        let signal = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
    }

    private let core = Core()

    /// `makeResource` runs on the worker thread; its result never leaves it.
    public init(name: String, makeResource: @escaping @Sendable () -> Resource) {
        let core = self.core
        let thread = Thread {

            let resource = makeResource()
            while true {
                core.signal.wait()
                let next: Pending? = core.state.withLock { state in
                    if state.stopping { return nil }
                    guard !state.queue.isEmpty else { return nil }
                    let item = state.queue.removeFirst()
                    state.runningLane = item.lane
                    return item
                }
                if core.state.withLock({ $0.stopping }) { break }
                guard let next else { continue }
                let canceller = resource.makeCanceller()
                core.state.withLock { $0.canceller = canceller }
                next.job(resource)
                core.state.withLock {
                    $0.runningLane = nil
                    $0.canceller = nil
                }
            }
            withExtendedLifetime(resource) {}
            core.finished.signal()
        }
        thread.name = name
        thread.stackSize = 1 << 21
        thread.start()
    }

    /// Queues `job`; returns how many pending jobs of the same lane (or of the
    /// lanes in `supersedes`) it replaced — they will never run.
    @discardableResult
    public func submit(lane: String? = nil, supersedes others: Set<String> = [], _ job: @escaping Job) -> Int {
        let (cancel, dropped) = core.state.withLock { state -> ((@Sendable () -> Void)?, Int) in
            var cancel: (@Sendable () -> Void)?
            var dropped = 0
            if let lane {
                let replaced = others.union([lane])
                let before = state.queue.count
                state.queue.removeAll { $0.lane.map(replaced.contains) ?? false }
                dropped = before - state.queue.count
                if let running = state.runningLane, replaced.contains(running) { cancel = state.canceller }
            }
            state.queue.append(Pending(lane: lane, job: job))
            return (cancel, dropped)
        }
        cancel?()
        core.signal.signal()
        return dropped
    }

    /// Cancels the running job, drops pending ones and ends the thread.
    public func stop(timeout: TimeInterval = 2) {
        let cancel = core.state.withLock { state -> (@Sendable () -> Void)? in
            state.stopping = true
            state.queue.removeAll()
            return state.canceller
        }
        cancel?()
        core.signal.signal()
        _ = core.finished.wait(timeout: .now() + timeout)
    }
}
