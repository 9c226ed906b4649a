/// What every connection of a daemon sets on itself before its first job.
public enum DaemonSession {
    /// Names the connection after the daemon (`JobQueue.applicationName(daemon:)`, seen in
    /// `pg_stat_activity`: how a restarted daemon tells its dead predecessor from a live
    /// neighbour, `rescueOrphaned`), and bounds how long a statement or a forgotten
    /// transaction may hold locks (and the vacuum horizon).
    public static func configure(_ connection: PGConnection, identity: String, statementTimeoutMilliseconds: Int,
                                 idleInTransactionTimeoutMilliseconds: Int) throws {
        try connection.execute(
            "SELECT set_config('application_name', \(JobQueue.applicationName(daemon: identity)), false)")
        try connection.execute("""
            SELECT set_config('statement_timeout', \(String(statementTimeoutMilliseconds)), false),
                   set_config('idle_in_transaction_session_timeout', \(String(idleInTransactionTimeoutMilliseconds)), false)
            """)
    }
}
