/// The runs of kited's diagnostic `probe` job (the kill tests): one row per run
/// in `job_probe_runs`, a table the caller creates; `finished_at` set once the run is over.
public struct JobProbeRuns {
    public let connection: PGConnection

    public init(connection: PGConnection) {
        self.connection = connection
    }

    /// Records the start of attempt `attempt` of job `jobID`; returns the run's id.
    public func start(jobID: Int64, attempt: Int) throws -> Int64 {
        guard let run = try connection.fetchOne(Int64.self, """
            INSERT INTO job_probe_runs (job_id, attempt) VALUES (\(jobID), \(attempt)) RETURNING id
            """) else { throw DatabaseError.usage("INSERT returned no row") }
        return run
    }

    public func finish(run: Int64) throws {
        try connection.execute("UPDATE job_probe_runs SET finished_at = clock_timestamp() WHERE id = \(run)")
    }
}
