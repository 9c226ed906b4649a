import Foundation

/// The life of a job (`job_state` in migration 0004).
public enum JobState: String, Sendable, Hashable, Codable, CaseIterable, SQLBindable {
    case available, scheduled, retryable, running, completed, discarded, cancelled

    public var sqlText: String? { rawValue }
    /// `job_state` is an enum type whose OID differs per database: the server infers it.
    public static var sqlType: PGType { .unknown }

    /// Completed, discarded or cancelled: the job will not run again by itself.
    public var isFinal: Bool { self == .completed || self == .discarded || self == .cancelled }
}

/// A job to insert.
public struct NewJob: Sendable, Hashable {
    /// `[a-z0-9_]{1,40}`; also names the NOTIFY channel `kite_jobs_<queue>`.
    public var queue: String
    /// What to run (`vin_check`, `expire_reservations`).
    public var kind: String
    /// The arguments as JSON object text (stored as `jsonb`).
    public var argsJSON: String
    /// 0 runs first; 0…9.
    public var priority: Int
    /// nil or not in the future: available at once; later: `scheduled` until then
    /// (compared with the database clock).
    public var runAt: Date?
    public var maxAttempts: Int
    /// While a job with this key is available, scheduled, retryable or running,
    /// another one with the same key is not inserted (`vin_check:<VIN>`).
    public var uniqueKey: String?

    public init(kind: String, args: [String: String] = [:], queue: String = "default", priority: Int = 2,
                runAt: Date? = nil, maxAttempts: Int = 20, uniqueKey: String? = nil) {
        self.init(kind: kind, argsJSON: JSONText.object(args), queue: queue, priority: priority,
                  runAt: runAt, maxAttempts: maxAttempts, uniqueKey: uniqueKey)
    }

    public init(kind: String, argsJSON: String, queue: String = "default", priority: Int = 2,
                runAt: Date? = nil, maxAttempts: Int = 20, uniqueKey: String? = nil) {
        self.queue = queue
        self.kind = kind
        self.argsJSON = argsJSON
        self.priority = priority
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.uniqueKey = uniqueKey
    }
}

/// What `enqueue` did with one job.
public struct EnqueueResult: Sendable, Hashable {
    /// The new job's id; nil when a pending job with the same unique key
    /// already existed and nothing was inserted.
    public var id: Int64?
    public var inserted: Bool { id != nil }
}

/// A job this worker holds until `leaseUntil` (renew with `renewLeases`).
public struct ClaimedJob: Sendable, Hashable, Decodable {
    public var id: Int64
    public var queue: String
    public var kind: String
    /// JSON object text.
    public var args: String
    /// 1 on the first run.
    public var attempt: Int
    public var maxAttempts: Int
    public var priority: Int
    public var leaseUntil: Date

    /// `args` as a string dictionary (non-string values keep their JSON text).
    public func argsDictionary() throws -> [String: String] {
        try JSONText.parseObject(args)
    }

    public func succeeded() -> JobOutcome { JobOutcome(id: id, attempt: attempt, result: .success) }
    public func failed(_ error: String, permanent: Bool = false) -> JobOutcome {
        JobOutcome(id: id, attempt: attempt, result: .retry(error: error, permanent: permanent))
    }
    public func cancelled(_ reason: String? = nil) -> JobOutcome {
        JobOutcome(id: id, attempt: attempt, result: .cancel(reason: reason))
    }
    public func failed(_ error: String, retryNotBefore delay: Duration) -> JobOutcome {
        JobOutcome(id: id, attempt: attempt, result: .retryAfter(error: error, after: delay))
    }
    public func snoozed(for delay: Duration) -> JobOutcome {
        JobOutcome(id: id, attempt: attempt, result: .snooze(after: delay))
    }
}

/// The end of one attempt, reported with `complete`. `id` and `attempt` come
/// from the claim: they fence the update against a lost lease.
public struct JobOutcome: Sendable, Hashable {
    public enum Result: Sendable, Hashable {
        case success
        /// Retried with backoff, or discarded when `permanent` or out of attempts.
        case retry(error: String, permanent: Bool)
        /// Retried like `retry`, but not before `after` (HTTP 503 with
        /// Retry-After): the later of the backoff and `after`.
        case retryAfter(error: String, after: Duration)
        case cancel(reason: String?)
        /// Back to `scheduled` at `now() + after` without spending the attempt
        /// and without an error (HTTP 429 with Retry-After, a provider asking
        /// to wait).
        case snooze(after: Duration)
    }

    public var id: Int64
    public var attempt: Int
    public var result: Result

    public init(id: Int64, attempt: Int, result: Result) {
        self.id = id
        self.attempt = attempt
        self.result = result
    }
}

/// One failed attempt in a job's `errors` history.
public struct JobError: Sendable, Hashable, Decodable {
    public var attempt: Int
    public var at: Date
    public var error: String
    public var worker: String?

    enum CodingKeys: String, CodingKey { case attempt, at, error, worker }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        attempt = try container.decode(Int.self, forKey: .attempt)
        let text = try container.decode(String.self, forKey: .at)
        guard let date = PGDateText.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .at, in: container, debugDescription: "bad timestamp \(text)")
        }
        at = date
        error = try container.decode(String.self, forKey: .error)
        worker = try container.decodeIfPresent(String.self, forKey: .worker)
    }
}

/// A job row as the admin screens and tests see it.
public struct JobRecord: Sendable, Hashable {
    public var id: Int64
    public var queue: String
    public var kind: String
    public var args: String
    public var state: JobState
    public var priority: Int
    public var scheduledAt: Date
    public var attempt: Int
    public var maxAttempts: Int
    public var attemptedBy: String?
    public var leaseUntil: Date?
    public var errors: [JobError]
    public var uniqueKey: String?
    public var finalizedAt: Date?
    public var createdAt: Date
}

/// Queue health for `kited status` and the `:jobs` screen.
public struct JobStats: Sendable, Hashable {
    public struct Count: Sendable, Hashable, Decodable {
        public var queue: String
        public var state: JobState
        public var count: Int
    }

    /// Jobs per queue and state (states with no jobs are absent).
    public var counts: [Count]
    /// Per queue: seconds since the oldest available job became due.
    public var oldestAvailableAge: [String: Double]
    /// Failed attempts (retried or discarded) in the last hour.
    public var failuresLastHour: Int
    /// Jobs discarded in the last hour.
    public var discardedLastHour: Int

    public func count(queue: String? = nil, state: JobState) -> Int {
        counts.filter { $0.state == state && (queue == nil || $0.queue == queue) }.reduce(0) { $0 + $1.count }
    }
}

/// Jobs per queue and state and the age of the oldest available job per queue.
public struct QueueDepth: Sendable, Hashable {
    /// States with no jobs are absent.
    public var counts: [JobStats.Count]
    /// Per queue: seconds since the oldest available job became due (absent: none waiting).
    public var oldestAvailableAge: [String: Double]
}

/// Jobs inserted since some id, for one queue and kind.
public struct EnqueuedJobs: Sendable, Hashable, Decodable {
    public var queue: String
    public var kind: String
    public var count: Int
    /// The highest id of the group.
    public var lastId: Int64
}

/// A PostgreSQL array literal whose elements may be NULL (`{"a",NULL}`), for
/// `unnest($1::text[])` binds.
struct PGArrayLiteral: SQLBindable {
    var elements: [String?]
    /// The element type is the call site's cast (`::smallint[]`, `::jsonb[]`).
    static var sqlType: PGType { .unknown }

    init(_ elements: [String?]) { self.elements = elements }

    var sqlText: String? {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            guard let value = element else {
                text += "NULL"
                continue
            }
            text += "\""
            for character in value {
                if character == "\"" || character == "\\" { text += "\\" }
                text.append(character)
            }
            text += "\""
        }
        return text + "}"
    }
}

extension Duration {
    /// Whole milliseconds, for `make_interval(secs => $n / 1000.0)`.
    var queueMilliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
