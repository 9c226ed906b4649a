-- The background job queue (issue 5): one hot table, partial indexes so each
-- hot path (claim, promote, rescue, prune, dedupe) reads only its own rows,
-- even with a million finished or future jobs in the table.

CREATE TYPE job_state AS ENUM (
    'available',  -- may run now (scheduled_at <= now())
    'scheduled',  -- waits for scheduled_at (future reminders, periodic jobs)
    'retryable',  -- failed, waits for its backoff (scheduled_at)
    'running',    -- claimed by attempted_by until lease_until
    'completed',
    'discarded',  -- permanent error or attempts exhausted: the dead-letter state
    'cancelled'
);

CREATE TABLE jobs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Queue names become LISTEN channels (kite_jobs_<queue>): keep them plain.
    queue        text NOT NULL DEFAULT 'default' CHECK (queue ~ '^[a-z0-9_]{1,40}$'),
    kind         text NOT NULL CHECK (kind <> ''),
    args         jsonb NOT NULL DEFAULT '{}',
    state        job_state NOT NULL DEFAULT 'available',
    priority     smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 0 AND 9),  -- 0 runs first
    scheduled_at timestamptz NOT NULL DEFAULT now(),
    attempt      smallint NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    max_attempts smallint NOT NULL DEFAULT 20 CHECK (max_attempts > 0),
    attempted_by text,
    lease_until  timestamptz,
    errors       jsonb[] NOT NULL DEFAULT '{}',
    unique_key   text,
    finalized_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT jobs_running_has_lease CHECK (state <> 'running' OR lease_until IS NOT NULL),
    CONSTRAINT jobs_finalized_when_final
        CHECK ((state IN ('completed', 'discarded', 'cancelled')) = (finalized_at IS NOT NULL))
) WITH (
    -- Every job is updated 2–3 times: leave room for HOT updates, and vacuum
    -- early and without throttling so dead tuples do not pile up in the indexes.
    fillfactor = 80,
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_analyze_scale_factor = 0.02
);

-- Claim: WHERE state = 'available' AND queue = $1 ORDER BY priority, scheduled_at, id.
CREATE INDEX jobs_fetch ON jobs (queue, priority, scheduled_at, id) WHERE state = 'available';
-- Promotion of due scheduled and retryable jobs.
CREATE INDEX jobs_due ON jobs (scheduled_at) WHERE state IN ('scheduled', 'retryable');
-- Rescue of expired leases; lease renewal by worker.
CREATE INDEX jobs_lease ON jobs (lease_until) WHERE state = 'running';
-- Pruning of finished jobs.
CREATE INDEX jobs_finalized ON jobs (finalized_at) WHERE finalized_at IS NOT NULL;
-- Unique jobs: one pending or running job per key (`vin-check:<VIN>`); a
-- finished one does not block a new one. ON CONFLICT repeats this predicate.
CREATE UNIQUE INDEX jobs_unique_key ON jobs (unique_key)
    WHERE unique_key IS NOT NULL AND state IN ('available', 'scheduled', 'retryable', 'running');

-- Leader election: one row per role, held by `holder` until `expires_at`
-- (renewed by the holder). UNLOGGED: after a crash the table is empty and a
-- new leader is simply elected.
CREATE UNLOGGED TABLE job_leader (
    name       text PRIMARY KEY,
    holder     text NOT NULL,
    elected_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
