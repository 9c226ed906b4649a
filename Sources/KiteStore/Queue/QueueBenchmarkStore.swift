/// What `kited bench` reads and resets between its workloads, on the `jobs` table.
public struct QueueBenchmarkStore {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// The server's `synchronous_commit`, printed with the figures.
    public func synchronousCommit() throws -> String {
        try connection.fetchOne(String.self, "SHOW synchronous_commit") ?? "?"
    }

    /// Empties the queue and refreshes its statistics, so each workload starts alike.
    public func emptyQueue() throws {
        try connection.execute("TRUNCATE jobs")
        try connection.execute("VACUUM ANALYZE jobs")
    }

    public func completedJobCount() throws -> Int {
        try connection.fetchOne(Int.self, "SELECT count(*)::int FROM jobs WHERE state = 'completed'") ?? 0
    }
}
