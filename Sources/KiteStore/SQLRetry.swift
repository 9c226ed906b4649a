/// Whether a statement may run a second time after the connection was lost
/// while it ran (`PGConnection` resets the connection and decides with
/// `SQL.mayRunAgain`). A write whose reply was lost may or may not have been
/// applied, so it is never sent twice: only reads and statements declared
/// idempotent are.
extension SQL {
    public enum Effect: Sendable, Hashable {
        /// Not declared: only a statement whose text is clearly read-only or
        /// session-only (`SQLRetryClassifier`) runs again.
        case undeclared
        /// Declared by the caller: running it twice has the effect of running
        /// it once (`sql.idempotent()`).
        case idempotent
    }

    /// The same statement, declared safe to run twice (an upsert of fixed
    /// values, `LISTEN`, a read that calls a function the classifier does not know).
    public func idempotent() -> SQL {
        var copy = self
        copy.effect = .idempotent
        return copy
    }

    public var isDeclaredIdempotent: Bool { effect == .idempotent }

    /// True when running the statement again after a lost connection cannot
    /// change data twice: declared idempotent, or classified as a read.
    public var mayRunAgain: Bool {
        isDeclaredIdempotent || SQLRetryClassifier.mayRunAgain(text)
    }
}

/// Decides conservatively from a statement's text whether it only reads
/// (or only sets session state): anything it cannot prove harmless is a write.
///
/// Runs again: `SELECT`/`WITH`/`VALUES`/`TABLE`/`SHOW`/`EXPLAIN` whose words
/// include no data-changing keyword (`INSERT`, `UPDATE`, `DELETE`, `MERGE`,
/// `INTO`, `FOR SHARE/UPDATE`, `ANALYZE`…) and that call only functions
/// known to be read-only; and the session statements `SET`, `RESET`,
/// `LISTEN`, `UNLISTEN`, `BEGIN`. Every other function call (ours, such as
/// `kite_lock_cash_desk`, or `pg_notify`, `nextval`, `pg_advisory_lock`) makes
/// the statement a write.
public enum SQLRetryClassifier {
    public static func mayRunAgain(_ text: String) -> Bool {
        let tokens = SQLTokens(text)
        guard let first = tokens.words.first?.name else { return false }
        if sessionStatements.contains(first) { return tokens.statementCount == 1 }
        guard readStatements.contains(first), tokens.statementCount == 1 else { return false }
        for word in tokens.words {
            if writingKeywords.contains(word.name) { return false }
            if word.isCalled && !word.isTypeName && !callableKeywords.contains(word.name)
                && !readOnlyFunctions.contains(word.name) {
                return false
            }
        }
        return true
    }

    static let readStatements: Set<String> = ["select", "with", "values", "table", "show", "explain"]

    /// Change only this session's state, which a reconnect loses anyway.
    static let sessionStatements: Set<String> = ["set", "reset", "listen", "unlisten", "begin", "start"]

    static let writingKeywords: Set<String> = [
        "insert", "update", "delete", "merge", "into", "share", "truncate", "copy", "call", "lock", "do",
        "create", "alter", "drop", "grant", "revoke", "refresh", "analyze", "analyse", "vacuum", "notify",
        "cluster", "reindex", "comment", "security", "prepare", "execute",
    ]

    /// Words followed by `(` that are syntax, not function calls.
    static let callableKeywords: Set<String> = [
        "select", "with", "as", "materialized", "not", "values", "from", "join", "lateral", "on", "using",
        "where", "and", "or", "in", "any", "all", "some", "exists", "over", "filter", "within", "by", "group",
        "order", "partition", "array", "row", "case", "when", "then", "else", "is", "like", "ilike",
        "distinct", "having", "union", "intersect", "except", "between", "limit", "offset", "cast", "explain",
        "recursive", "returning", "rows", "range", "current", "preceding", "following",
    ]

    /// Built-in functions that only compute or read: calling them twice changes nothing.
    static let readOnlyFunctions: Set<String> = [
        "count", "sum", "min", "max", "avg", "bool_and", "bool_or", "every", "string_agg", "array_agg",
        "coalesce", "nullif", "greatest", "least", "lower", "upper", "length", "char_length", "octet_length",
        "substring", "substr", "trim", "btrim", "ltrim", "rtrim", "replace", "concat", "concat_ws", "left",
        "right", "position", "strpos", "split_part", "format", "md5", "starts_with", "regexp_replace",
        "lpad", "rpad", "translate", "initcap", "reverse",
        "array_length", "array_to_json", "array_position", "cardinality", "unnest", "generate_series",
        "jsonb_build_object", "jsonb_build_array", "jsonb_object_agg", "jsonb_agg", "jsonb_each",
        "jsonb_each_text", "jsonb_array_elements", "jsonb_array_elements_text", "jsonb_typeof",
        "jsonb_strip_nulls", "jsonb_object_keys", "to_jsonb", "to_json", "row_to_json", "json_build_object",
        "json_agg", "now", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "extract",
        "date_trunc", "date_part", "to_char", "to_date", "to_timestamp", "make_date", "make_interval", "age",
        "timezone", "round", "floor", "ceil", "ceiling", "abs", "mod", "div", "trunc", "sign", "power",
        "row_number", "rank", "dense_rank", "lag", "lead", "first_value", "last_value", "ntile",
        "percentile_cont", "percentile_disc", "pg_backend_pid", "pg_sleep", "version", "current_setting",
        "pg_is_in_recovery", "pg_relation_size", "pg_total_relation_size", "has_table_privilege",
        "pg_has_role", "similarity", "word_similarity",
        // Session state, as `SET` (lost with the session anyway).
        "set_config",
    ]
}
