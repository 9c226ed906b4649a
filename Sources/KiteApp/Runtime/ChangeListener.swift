import Foundation
import KiteDomain
import KiteStore
import Synchronization

/// Its own thread and connection that LISTENs for changes made by other users
/// and posts them to the UI's inbox, so an open stock list updates without a
/// key press. Reconnects quietly when the server goes away.
public final class ChangeListener: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Listens to `channels`; each decoded event goes to `deliver` on the main thread.
    init(conninfo: String, channels: [ChangeChannel], inbox: Inbox<DatabaseClient.Event>,
         deliver: @escaping @MainActor @Sendable (any ChangeEvent) -> Void) {
        let thread = Thread { [self] in
            self.loop(conninfo: conninfo, channels: channels, inbox: inbox, deliver: deliver)
            self.finished.signal()
        }
        thread.name = "kite.listen"
        thread.start()
    }

    private func loop(conninfo: String, channels: [ChangeChannel], inbox: Inbox<DatabaseClient.Event>,
                      deliver: @escaping @MainActor @Sendable (any ChangeEvent) -> Void) {
        let decoders = Dictionary(channels.map { ($0.name, $0.decode) }) { first, _ in first }
        var connection: PGConnection?
        while !stopping.load(ordering: .relaxed) {
            if connection == nil || !(connection?.isConnected ?? false) {
                connection = try? PGConnection(conninfo)
                if let connection {
                    for channel in decoders.keys { try? connection.listen(channel) }
                } else {
                    usleep(1_000_000)
                    continue
                }
            }
            guard let live = connection else { continue }
            var descriptor = pollfd(fd: live.socketDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 250)
            guard let notifications = try? live.drainNotifications() else {
                connection = nil
                continue
            }
            for notification in notifications {
                guard let event = decoders[notification.channel]?(notification.payload) else { continue }
                inbox.post { @MainActor in deliver(event) }
            }
        }
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        _ = finished.wait(timeout: .now() + 1)
    }
}
