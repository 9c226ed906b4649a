import Synchronization

/// Results from background threads, waiting for the UI loop. Posting wakes the
/// loop through the pipe; only the main thread drains.
public final class Inbox<Event: Sendable>: Sendable {
    private let events = Mutex<[Event]>([])
    public let pipe: WakePipe

    public init(pipe: WakePipe = WakePipe()) {
        self.pipe = pipe
    }

    public func post(_ event: Event) {
        events.withLock { $0.append(event) }
        pipe.wake()
    }

    public func drain() -> [Event] {
        pipe.drain()
        return events.withLock { pending in
            let drained = pending
            pending.removeAll(keepingCapacity: true)
            return drained
        }
    }
}
