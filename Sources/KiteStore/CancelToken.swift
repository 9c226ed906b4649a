import CLibpq
import Synchronization

/// Cancels the statement a connection is running, from any thread.
///
/// The statement then fails with SQLSTATE 57014 (`DatabaseError.kind == .cancelled`).
/// A connection hands out one token for its whole life: after a reconnect the
/// connection swaps the new backend's cancel handle in, so a token stays valid.
/// (`PGcancel` is made for use from other threads; the handle is kept as its
/// address under a Mutex, which is what makes the token Sendable.)
public final class CancelToken: Sendable {
    /// Address of the `PGcancel`, 0 when there is none.
    private let handle: Mutex<Int>

    init(connection: OpaquePointer) {
        handle = Mutex(Int(bitPattern: PQgetCancel(connection)))
    }

    /// Called by the owning connection after `PQreset`.
    func refresh(connection: OpaquePointer) {
        let fresh = Int(bitPattern: PQgetCancel(connection))
        handle.withLock { current in
            if let old = OpaquePointer(bitPattern: current) { PQfreeCancel(old) }
            current = fresh
        }
    }

    /// Asks the server to cancel the running statement. Returns false when the
    /// request could not be sent; a request when nothing is running is harmless.
    @discardableResult
    public func cancel() -> Bool {
        handle.withLock { current in
            guard let pointer = OpaquePointer(bitPattern: current) else { return false }
            var buffer = [CChar](repeating: 0, count: 256)
            return PQcancel(pointer, &buffer, Int32(buffer.count)) == 1
        }
    }

    deinit {
        handle.withLock { current in
            if let pointer = OpaquePointer(bitPattern: current) { PQfreeCancel(pointer) }
            current = 0
        }
    }
}
