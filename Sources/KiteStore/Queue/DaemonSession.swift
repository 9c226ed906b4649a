/// What every connection of a daemon sets on itself before its first job.
public struct DaemonSession {
    /// The daemon's identity, shown in `pg_stat_activity` as `JobQueue.applicationName(daemon:)`:
    /// how a restarted daemon tells its dead predecessor from a live neighbour (`rescueOrphaned`).
    public var identity: String
    /// No statement or forgotten transaction may hold locks (and the vacuum horizon) for long.
    public var statementTimeoutMilliseconds: Int
    public var idleInTransactionTimeoutMilliseconds: Int

    public init(identity: String, statementTimeoutMilliseconds: Int, idleInTransactionTimeoutMilliseconds: Int) {
        self.identity = identity
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.idleInTransactionTimeoutMilliseconds = idleInTransactionTimeoutMilliseconds
    }

    public func configure(_ connection: PGConnection) throws {
        try connection.execute(
            "SELECT set_config('application_name', \(JobQueue.applicationName(daemon: identity)), false)")
        try connection.execute("""
            SELECT set_config('statement_timeout', \(String(statementTimeoutMilliseconds)), false),
                   set_config('idle_in_transaction_session_timeout', \(String(idleInTransactionTimeoutMilliseconds)), false)
            """)
    }
}
