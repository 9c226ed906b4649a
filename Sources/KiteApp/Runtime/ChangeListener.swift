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

    init(conninfo: String, channels: [String], inbox: Inbox<DatabaseClient.Event>) {
        let thread = Thread { [self] in
            self.loop(conninfo: conninfo, channels: channels, inbox: inbox)
            self.finished.signal()
        }
        thread.name = "kite.listen"
        thread.start()
    }

    private func loop(conninfo: String, channels: [String], inbox: Inbox<DatabaseClient.Event>) {
        var connection: PGConnection?
        while !stopping.load(ordering: .relaxed) {
            if connection == nil || !(connection?.isConnected ?? false) {
                connection = try? PGConnection(conninfo)
                if let connection {
                    for channel in channels { try? connection.listen(channel) }
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
                let parts = notification.payload.split(separator: ":")
                if notification.channel == "deals", parts.count == 2, let id = Int64(parts[0]) {
                    inbox.post { @MainActor in ChangeListener.deliverDeal?(id) }
                    continue
                }
                if notification.channel == "payments" {
                    inbox.post { @MainActor in ChangeListener.deliverPayment?() }
                    continue
                }
                guard notification.channel == "vehicles", parts.count == 2, let id = Int64(parts[0]),
                      let status = VehicleStatus(rawValue: String(parts[1])) else { continue }
                inbox.post { @MainActor in
                    ChangeListener.deliver?(id, status)
                }
            }
        }
    }

    /// Set by the application: where vehicle changes go on the main thread.
    @MainActor static var deliver: ((Int64, VehicleStatus) -> Void)?
    /// Where deal changes go (payload `id:stage`).
    @MainActor static var deliverDeal: ((Int64) -> Void)?
    /// Where payment changes go.
    @MainActor static var deliverPayment: (() -> Void)?

    func stop() {
        stopping.store(true, ordering: .relaxed)
        _ = finished.wait(timeout: .now() + 1)
    }
}
