-- Retrying and cancelling jobs is for admins (issue 5), enforced here as well
-- as in the UI, the way 0007 guards confirming payments with kite_finance:
-- the database login must be a member of the NOLOGIN role kite_admin
-- (superusers are members of every role).
--
-- Guarded, because kited itself never makes these changes:
--   * retry: a finished job (completed, discarded, cancelled) made runnable
--     again, or a scheduled/retryable job made available before its time;
--   * cancel: a job that is waiting (available, scheduled, retryable) cancelled.
-- Not guarded: cancelling a RUNNING job. A worker's own "cancel" outcome makes
-- the same change (running → cancelled), so the row cannot tell an admin from
-- the daemon; that case is refused by the UI only.
--
-- The triggers only evaluate their WHEN condition on the hot paths (claim,
-- complete, renew, promote): no function call per claimed or completed job.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kite_admin') THEN
        CREATE ROLE kite_admin NOLOGIN;
    END IF;
END
$$;

CREATE FUNCTION kite_is_admin() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, 'kite_admin', 'MEMBER')
$$;

CREATE FUNCTION jobs_require_admin() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT kite_is_admin() THEN
        RAISE EXCEPTION 'database login % is not a member of kite_admin: it may not % job %',
                current_user, TG_ARGV[0], OLD.id
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'kite_admin_role';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER jobs_admin_retry
    BEFORE UPDATE OF state ON jobs
    FOR EACH ROW
    WHEN ((OLD.state IN ('completed', 'discarded', 'cancelled')
           AND NEW.state NOT IN ('completed', 'discarded', 'cancelled'))
       OR (OLD.state IN ('scheduled', 'retryable') AND NEW.state = 'available' AND OLD.scheduled_at > now()))
    EXECUTE FUNCTION jobs_require_admin('retry');

CREATE TRIGGER jobs_admin_cancel
    BEFORE UPDATE OF state ON jobs
    FOR EACH ROW
    WHEN (NEW.state = 'cancelled' AND OLD.state IN ('available', 'scheduled', 'retryable'))
    EXECUTE FUNCTION jobs_require_admin('cancel');
