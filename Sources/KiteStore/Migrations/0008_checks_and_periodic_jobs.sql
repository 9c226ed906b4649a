-- Customer checks, periodic jobs (issue 5).

-- The MVD list of invalid passports (`PASSP_SERIES,PASSP_NUMBER`, millions of
-- rows): series and number as one 10-digit number (series × 10^6 + number),
-- the smallest key that a lookup by passport can use.
CREATE TABLE registry_invalid_passports (
    passport bigint PRIMARY KEY CHECK (passport BETWEEN 0 AND 9999999999)
);

-- One row per `kite registry import`: where a registry came from and when.
CREATE TABLE registry_imports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registry    text NOT NULL,
    source      text NOT NULL,
    rows_loaded bigint NOT NULL,
    rows_bad    bigint NOT NULL,
    replaced    boolean NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_imports_latest ON registry_imports (registry, imported_at DESC);

-- Periodic jobs (cron-like specs from kited.toml), run by the leader from the
-- database clock: a due row is locked, its job enqueued with the unique key
-- `cron:<name>:<run time>` and next_run_at advanced in the same transaction,
-- so two daemons never run one tick twice.
CREATE TABLE job_cron (
    name        text PRIMARY KEY CHECK (name ~ '^[a-z0-9_]{1,40}$'),
    kind        text NOT NULL CHECK (kind <> ''),
    queue       text NOT NULL DEFAULT 'default',
    spec        text NOT NULL,
    time_zone   text NOT NULL DEFAULT 'UTC',
    next_run_at timestamptz NOT NULL,
    last_run_at timestamptz,
    last_job_id bigint
);

-- Re-check of stock: the newest result of a vehicle.
CREATE INDEX check_results_subject_time ON check_results (subject_kind, subject_id, checked_at DESC);
