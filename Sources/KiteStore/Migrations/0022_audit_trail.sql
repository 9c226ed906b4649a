-- The tamper-evident audit trail (issue 11). Every change to a business table
-- is recorded by the database itself (statement-level triggers with transition
-- tables, so a bulk load writes one INSERT … SELECT, not one per row): table,
-- key, the row before and after as jsonb, the login (session_user), the time
-- and the client's address. Nobody may change or delete a row: no role has
-- UPDATE or DELETE on the table, and a trigger refuses them even to the owner.
--
-- Each row carries the hash of the previous one: at commit, the transaction's
-- rows are sealed in order (seq), hash = sha256(previous hash || the row's
-- canonical text), under an advisory lock taken only at commit time (a deferred
-- constraint trigger), so writers are never serialised before they commit.
-- kite_audit_verify() recomputes the chain and names the first broken row.

CREATE TABLE audit_trail (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    table_name  text NOT NULL,
    row_key     jsonb NOT NULL,
    operation   text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
    before      jsonb,
    after       jsonb,
    db_user     text NOT NULL DEFAULT session_user,
    client_addr inet DEFAULT inet_client_addr(),
    seq         bigint UNIQUE,
    prev_hash   bytea,
    hash        bytea,
    CHECK ((seq IS NULL) = (hash IS NULL))
);
CREATE INDEX audit_trail_table ON audit_trail (table_name, id);
CREATE INDEX audit_trail_user ON audit_trail (db_user, id);
CREATE INDEX audit_trail_at ON audit_trail (at);
CREATE INDEX audit_trail_unsealed ON audit_trail (id) WHERE seq IS NULL;

REVOKE ALL ON audit_trail FROM PUBLIC;
GRANT SELECT ON audit_trail TO kite_admin;

-- What a row's hash covers. Times as microseconds since the epoch: the same
-- text in every session time zone.
CREATE FUNCTION kite_audit_text(a audit_trail) RETURNS text LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT jsonb_build_object('id', a.id, 'at', (extract(epoch FROM a.at) * 1000000)::bigint,
                              'table', a.table_name, 'key', a.row_key, 'op', a.operation,
                              'before', a.before, 'after', a.after, 'db_user', a.db_user,
                              'client_addr', host(a.client_addr), 'seq', a.seq)::text
$$;

CREATE FUNCTION kite_audit_hash(previous bytea, a audit_trail) RETURNS bytea LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT sha256(coalesce(previous, '\x'::bytea) || convert_to(kite_audit_text(a), 'UTF8'))
$$;

-- Only sealing changes a row: seq, prev_hash and hash, once.
CREATE FUNCTION audit_trail_append_only() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
       AND (to_jsonb(NEW) - ARRAY['seq', 'prev_hash', 'hash']) = (to_jsonb(OLD) - ARRAY['seq', 'prev_hash', 'hash'])
       AND current_setting('kite.audit_sealing', true) = 'on' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_trail is append-only: rows are never changed or deleted'
        USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'audit_trail_append_only';
END
$$;
CREATE TRIGGER audit_trail_append_only BEFORE UPDATE OR DELETE ON audit_trail
    FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only();
CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail
    FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_append_only();

-- Seals every row not sealed yet, in id order. Called at the commit of each
-- transaction that wrote audit rows (once per transaction), and by
-- `kite admin audit verify` first.
CREATE FUNCTION kite_audit_seal() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    last_seq bigint;
    last_hash bytea;
    r public.audit_trail;
    sealed bigint := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(7011, 0);
    PERFORM set_config('kite.audit_sealing', 'on', true);
    SELECT seq, hash INTO last_seq, last_hash FROM public.audit_trail WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
    last_seq := coalesce(last_seq, 0);
    FOR r IN SELECT * FROM public.audit_trail WHERE seq IS NULL ORDER BY id LOOP
        last_seq := last_seq + 1;
        r.seq := last_seq;
        r.prev_hash := last_hash;
        last_hash := kite_audit_hash(last_hash, r);
        UPDATE public.audit_trail SET seq = r.seq, prev_hash = r.prev_hash, hash = last_hash WHERE id = r.id;
        sealed := sealed + 1;
    END LOOP;
    PERFORM set_config('kite.audit_sealing', 'off', true);
    PERFORM set_config('kite.audit_sealed_xact', txid_current()::text, true);
    RETURN sealed;
END
$$;
REVOKE ALL ON FUNCTION kite_audit_seal() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_audit_seal() TO kite_admin, kite_kited;

CREATE FUNCTION audit_trail_seal_at_commit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF current_setting('kite.audit_sealed_xact', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM kite_audit_seal();
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER audit_trail_seal AFTER INSERT ON audit_trail
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_trail_seal_at_commit();

-- The statement-level recorder: TG_ARGV are the key columns (default id).
CREATE FUNCTION kite_audit_changes() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    key_columns text[] := CASE WHEN TG_NARGS = 0 THEN ARRAY['id'] ELSE TG_ARGV END;
    key_of_o text;
    key_of_n text;
    joined text;
BEGIN
    SELECT string_agg(format('%L, o.%I', c, c), ', '), string_agg(format('%L, n.%I', c, c), ', '),
           string_agg(format('o.%I = n.%I', c, c), ' AND ')
      INTO key_of_o, key_of_n, joined FROM unnest(key_columns) c;
    IF TG_OP = 'INSERT' THEN
        EXECUTE format('INSERT INTO public.audit_trail (table_name, row_key, operation, after)
                        SELECT %L, jsonb_build_object(%s), ''INSERT'', to_jsonb(n) FROM kite_new_rows n',
                       TG_TABLE_NAME, key_of_n);
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format('INSERT INTO public.audit_trail (table_name, row_key, operation, before)
                        SELECT %L, jsonb_build_object(%s), ''DELETE'', to_jsonb(o) FROM kite_old_rows o',
                       TG_TABLE_NAME, key_of_o);
    ELSE
        EXECUTE format('INSERT INTO public.audit_trail (table_name, row_key, operation, before, after)
                        SELECT %L, jsonb_build_object(%s), ''UPDATE'', to_jsonb(o), to_jsonb(n)
                        FROM kite_old_rows o JOIN kite_new_rows n ON %s
                        WHERE to_jsonb(o) IS DISTINCT FROM to_jsonb(n)',
                       TG_TABLE_NAME, key_of_n, joined);
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION kite_audit_changes() FROM PUBLIC;

-- Attach the recorder to a table (three triggers: one per operation, as
-- transition tables require). Used below and by later migrations' new tables.
CREATE FUNCTION kite_audit_attach(target regclass, key_columns text[] DEFAULT ARRAY['id']) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    args text := (SELECT string_agg(quote_literal(c), ', ') FROM unnest(key_columns) c);
BEGIN
    EXECUTE format('CREATE TRIGGER audit_trail_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS kite_new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION kite_audit_changes(%s)', target, args);
    EXECUTE format('CREATE TRIGGER audit_trail_update AFTER UPDATE ON %s
                    REFERENCING OLD TABLE AS kite_old_rows NEW TABLE AS kite_new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION kite_audit_changes(%s)', target, args);
    EXECUTE format('CREATE TRIGGER audit_trail_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS kite_old_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION kite_audit_changes(%s)', target, args);
END
$$;
REVOKE ALL ON FUNCTION kite_audit_attach(regclass, text[]) FROM PUBLIC;

SELECT kite_audit_attach('dealerships');
SELECT kite_audit_attach('locations');
SELECT kite_audit_attach('employees');
SELECT kite_audit_attach('employee_dealerships', ARRAY['employee_id', 'dealership_id']);
SELECT kite_audit_attach('discount_reasons', ARRAY['code']);
SELECT kite_audit_attach('vehicles');
SELECT kite_audit_attach('customers');
SELECT kite_audit_attach('deals');
SELECT kite_audit_attach('deal_lines');
SELECT kite_audit_attach('payments');
SELECT kite_audit_attach('cash_days', ARRAY['dealership_id', 'day']);
SELECT kite_audit_attach('carriers');

-- Recomputes the chain: the first row whose seq, link or hash is wrong, or
-- nothing when every sealed row is intact. Rows not sealed yet are sealed first.
CREATE FUNCTION kite_audit_verify() RETURNS TABLE (id bigint, seq bigint, problem text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r public.audit_trail;
    expected_seq bigint := 0;
    previous bytea;
BEGIN
    PERFORM kite_require_role('kite_admin', 'verify the audit trail');
    PERFORM kite_audit_seal();
    FOR r IN SELECT * FROM public.audit_trail a WHERE a.seq IS NOT NULL ORDER BY a.seq LOOP
        expected_seq := expected_seq + 1;
        IF r.seq <> expected_seq THEN
            RETURN QUERY SELECT r.id, r.seq, format('sequence number %s where %s was expected: rows are missing', r.seq, expected_seq);
            RETURN;
        END IF;
        IF r.prev_hash IS DISTINCT FROM previous THEN
            RETURN QUERY SELECT r.id, r.seq, 'its link to the previous row does not match: the previous row was changed or removed'::text;
            RETURN;
        END IF;
        IF r.hash IS DISTINCT FROM kite_audit_hash(previous, r) THEN
            RETURN QUERY SELECT r.id, r.seq, 'its content does not match its hash: the row was changed'::text;
            RETURN;
        END IF;
        previous := r.hash;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION kite_audit_verify() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_audit_verify() TO kite_admin;
