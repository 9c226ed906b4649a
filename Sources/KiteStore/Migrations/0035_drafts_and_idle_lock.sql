-- Typed work survives (issue 15): what a person types into a card is kept as a draft,
-- per person (session_user), screen and record, written about a second after the last
-- key. A card opened again, or `kite` started again, offers to restore it; saving or
-- discarding the card deletes it; kited prunes drafts older than a configured age
-- (kite_prune_drafts, job kind drafts.prune).
--
-- No audit trigger, on purpose: a draft is not a record of money or of a decision but
-- the person's own unsaved keystrokes, rewritten every second while they type and gone
-- when the card is saved (the save itself is audited) or discarded. Auditing it would
-- copy half-typed passports and phone numbers into the permanent, unerasable trail, for
-- rows that nobody but their author can ever read.

CREATE TABLE drafts (
    login      text NOT NULL DEFAULT session_user CHECK (length(login) BETWEEN 1 AND 63),
    -- The card's screen file (`deal`, `vehicle`); record 0 is a record not saved yet.
    screen     text NOT NULL CHECK (screen ~ '^[a-z0-9_]{1,40}$'),
    record_id  bigint NOT NULL CHECK (record_id >= 0),
    -- What the card shows of the record (`Сделка MSK-2026-000123`), for the list at start.
    title      text NOT NULL DEFAULT '' CHECK (length(title) <= 200 AND title !~ '[[:cntrl:]]'),
    -- The typed texts by field, as the form holds them.
    fields     jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object' AND pg_column_size(fields) <= 65536),
    -- The version of the record the typing started from.
    base_version integer,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (login, screen, record_id)
);
CREATE INDEX drafts_updated_at ON drafts (updated_at);

-- A person reads, writes and deletes only their own drafts; nobody else, whatever role
-- (head office and admins included). The login is the session's, not a column to choose.
REVOKE ALL ON drafts FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON drafts TO kite_staff;
ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;
CREATE POLICY drafts_own ON drafts
    USING (login = session_user::text) WITH CHECK (login = session_user::text);

-- kited's pruning: drafts nobody has touched for `max_age`, whoever's they are.
CREATE FUNCTION kite_prune_drafts(max_age interval) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    pruned integer;
BEGIN
    IF max_age < interval '1 hour' THEN
        RAISE EXCEPTION 'drafts are kept at least an hour, not %', max_age USING ERRCODE = '22023';
    END IF;
    -- As the owner, past the policy: every login's old drafts.
    DELETE FROM public.drafts WHERE updated_at < now() - max_age;
    GET DIAGNOSTICS pruned = ROW_COUNT;
    RETURN pruned;
END
$$;
REVOKE ALL ON FUNCTION kite_prune_drafts(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_prune_drafts(interval) TO kite_kited, kite_admin;

-- Idle lock: after this many minutes without a key the screen locks (0: never). A
-- dealership setting beside the others (`kite dealership set CODE --idle-lock-minutes N`).
ALTER TABLE dealerships ADD COLUMN idle_lock_minutes integer NOT NULL DEFAULT 15
    CONSTRAINT dealerships_idle_lock_minutes_range CHECK (idle_lock_minutes BETWEEN 0 AND 480);
