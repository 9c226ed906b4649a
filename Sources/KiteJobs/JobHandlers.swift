import Foundation
import KiteStore
import Logging

/// What a handler throws to steer the outcome of a job. Any other error is
/// retried with backoff (and discarded once the attempts are used up).
public enum JobFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Discarded at once, whatever attempts are left (bad arguments, HTTP 4xx).
    case permanent(String)
    /// Back to `scheduled` after `delay` without spending the attempt (HTTP 429).
    case snooze(Duration)
    /// Retried with backoff, but not before `delay` (HTTP 503 with Retry-After).
    case retryAfter(String, Duration)

    public var description: String {
        switch self {
        case .permanent(let message): return message
        case .snooze(let delay): return "snoozed for \(delay)"
        case .retryAfter(let message, let delay): return "\(message) (retry after \(delay))"
        }
    }
}

/// Job kind → code that runs it. A handler runs on its own thread and may
/// block; it must not share a `PGConnection` with anything else.
public struct JobHandlers: Sendable {
    public typealias Handler = @Sendable (ClaimedJob) throws -> Void

    private var handlers: [String: Handler] = [:]

    public init() {}

    public mutating func register(_ kind: String, _ handler: @escaping Handler) {
        handlers[kind] = handler
    }

    public func handler(for kind: String) -> Handler? { handlers[kind] }

    public var kinds: [String] { handlers.keys.sorted() }

    /// Runs `job` with its handler and turns the result into an outcome. An
    /// unknown kind is a permanent error (discarded).
    public func outcome(of job: ClaimedJob) -> JobOutcome {
        guard let handler = handlers[job.kind] else {
            return job.failed("unknown job kind '\(job.kind)'", permanent: true)
        }
        do {
            try handler(job)
            return job.succeeded()
        } catch let failure as JobFailure {
            switch failure {
            case .permanent(let message): return job.failed(message, permanent: true)
            case .snooze(let delay): return job.snoozed(for: delay)
            case .retryAfter(let message, let delay): return job.failed(message, retryNotBefore: delay)
            }
        } catch {
            return job.failed(String(describing: error))
        }
    }

    /// The built-in kinds:
    /// - `noop`: does nothing;
    /// - `echo`: logs its arguments;
    /// - `fail`: always fails with `args.message` (permanently when `args.permanent == "true"`);
    /// - `sleep`: sleeps `args.ms` milliseconds (default 100);
    /// - `probe`: like `sleep`, recording the run in the table `job_probe_runs`
    ///   (`id bigserial, job_id bigint, attempt int, finished_at timestamptz`),
    ///   which the caller creates: for the kill tests;
    /// - `vehicle.verify`: runs the vehicle checks (`VehicleVerifier`, registries
    ///   through `providers`) on a connection of its own to `conninfo` (nil or
    ///   empty: the PG* variables);
    /// - `customer.verify`: runs the customer checks (`CustomerVerifier`);
    /// - `appraisal.verify`: the vehicle checks on an appraisal's VIN (`VehicleVerifier.verify(appraisalID:)`);
    /// - `reservations.expire`: `ReservationExpiry.run`;
    /// - `stock.recheck`: `StockRecheck.enqueueStale` (vehicle checks older than 30 days);
    /// - `trips.watch_eta`: `TripETAWatch.run` (late trips and moved ETAs told to the clerk);
    /// - `drafts.prune`: `DraftRepository.prune` (drafts untouched for `draftMaxAgeHours`).
    /// - `appraisals.expire`: `AppraisalExpiry.run` (buyout offers past their date expire).
    public static func builtIn(logger: Logger = Logger(label: "kited.jobs"), conninfo: String? = nil,
                               providers: RegistryProviderSettings = .local, etaMarginMinutes: Int = 60,
                               draftMaxAgeHours: Int = 168) -> JobHandlers {
        var handlers = JobHandlers()
        handlers.register("noop") { _ in }
        handlers.register("echo") { job in
            logger.info("echo job \(job.id) attempt \(job.attempt): \(job.args)")
        }
        handlers.register("fail") { job in
            let args = (try? job.argsDictionary()) ?? [:]
            let message = args["message"] ?? "fail job \(job.id) failed on purpose"
            if args["permanent"] == "true" { throw JobFailure.permanent(message) }
            throw HandlerError(message: message)
        }
        handlers.register("sleep") { job in
            let args = (try? job.argsDictionary()) ?? [:]
            let ms = Int(args["ms"] ?? "") ?? 100
            Thread.sleep(forTimeInterval: Double(ms) / 1000)
        }
        let conninfo = conninfo ?? ""
        handlers.register("probe") { job in
            // Diagnostics (the kill tests): a row per run in job_probe_runs,
            // a table the caller creates; finished once the sleep is over.
            let ms = Int((try? job.argsDictionary())?["ms"] ?? "") ?? 100
            let runs = JobProbeRuns(connection: try PGConnection(conninfo))
            let run = try runs.start(jobID: job.id, attempt: job.attempt)
            Thread.sleep(forTimeInterval: Double(ms) / 1000)
            try runs.finish(run: run)
        }
        handlers.register(VehicleChecks.jobKind, VehicleVerifier.handler(conninfo: conninfo, providers: providers))
        handlers.register(CustomerChecks.jobKind, CustomerVerifier.handler(conninfo: conninfo))
        handlers.register(AppraisalChecks.jobKind, VehicleVerifier.appraisalHandler(conninfo: conninfo, providers: providers))
        handlers.register(ReservationExpiry.jobKind) { _ in
            let expired = try ReservationExpiry.run(on: PGConnection(conninfo))
            if !expired.isEmpty {
                logger.info("expired \(expired.count) reservations: \(expired.map(\.dealNumber).joined(separator: ", "))")
            }
        }
        handlers.register(TripETAWatch.jobKind) { _ in
            let notices = try TripETAWatch.run(on: PGConnection(conninfo), marginMinutes: etaMarginMinutes)
            if !notices.isEmpty {
                logger.info("trips: \(notices.count) notices (\(notices.map { "\($0.tripNumber) \($0.kind)" }.joined(separator: ", ")))")
            }
        }
        handlers.register(DraftRepository.pruneJobKind) { _ in
            let pruned = try DraftRepository(connection: PGConnection(conninfo)).prune(maxAgeHours: draftMaxAgeHours)
            if pruned > 0 { logger.info("drafts: \(pruned) older than \(draftMaxAgeHours) h pruned") }
        }
        handlers.register(AppraisalExpiry.jobKind) { _ in
            let expired = try AppraisalExpiry.run(on: PGConnection(conninfo))
            if expired > 0 { logger.info("appraisals: \(expired) offers expired") }
        }
        handlers.register(StockRecheck.jobKind) { _ in
            let enqueued = try StockRecheck.enqueueStale(on: PGConnection(conninfo))
            if enqueued > 0 { logger.info("stock re-check: \(enqueued) vehicle checks enqueued") }
        }
        return handlers
    }
}

/// A plain error with a message, for handlers.
public struct HandlerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
