import ServiceLifecycle

/// `JobDaemon` as a swift-service-lifecycle `Service`: run it in a
/// `ServiceGroup` with `gracefulShutdownSignals: [.sigterm, .sigint]`. A
/// graceful shutdown (or cancellation) stops claiming, gives running jobs the
/// grace period, releases the rest, resigns leadership, and then `run` returns.
public struct JobDaemonService: Service {
    public let daemon: JobDaemon

    public init(daemon: JobDaemon) {
        self.daemon = daemon
    }

    public func run() async throws {
        let daemon = self.daemon
        daemon.start()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await daemon.stopped()
            } onCancel: {
                daemon.beginShutdown()
            }
        } onGracefulShutdown: {
            daemon.beginShutdown()
        }
    }
}
