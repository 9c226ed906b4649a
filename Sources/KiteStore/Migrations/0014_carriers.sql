-- Logistics, first table: the car-carrier companies (перевозчики) the group
-- contracts with (issue 12). Group-wide reference data: every login reads it;
-- only members of the NOLOGIN role kite_logistics (or kite_admin) add or change
-- a carrier, enforced by grants and by row-level security; every insert and
-- update leaves an audit row written by the database itself.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kite_logistics') THEN
        CREATE ROLE kite_logistics NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kite_admin') THEN
        CREATE ROLE kite_admin NOLOGIN;
    END IF;
END
$$;

CREATE TABLE carriers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    inn             text NOT NULL CHECK (inn ~ '^([0-9]{10}|[0-9]{12})$'),
    kpp             text NOT NULL DEFAULT '' CHECK (kpp = '' OR kpp ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'),
    contract_number text NOT NULL DEFAULT '' CHECK (length(contract_number) <= 50),
    contract_date   date,
    contact_person  text NOT NULL DEFAULT '' CHECK (length(contact_person) <= 200),
    phone           text NOT NULL DEFAULT '' CHECK (length(phone) <= 20),
    email           text NOT NULL DEFAULT '' CHECK (length(email) <= 200),
    rate_per_car    numeric(14,2) CHECK (rate_per_car >= 0),
    rate_per_trip   numeric(14,2) CHECK (rate_per_trip >= 0),
    version         integer NOT NULL DEFAULT 1,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 63),
    CONSTRAINT carriers_inn_key UNIQUE (inn, kpp),
    -- Control characters never reach a terminal from here.
    CONSTRAINT carriers_no_control_characters CHECK (
        (name || inn || kpp || contract_number || contact_person || phone || email) !~ '[[:cntrl:]]')
);

CREATE INDEX carriers_name ON carriers (lower(name), id);

-- Who may write: the logistics and admin group roles (superusers are members of every role).
CREATE FUNCTION kite_is_logistics() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_has_role(current_user, 'kite_logistics', 'MEMBER') OR pg_has_role(current_user, 'kite_admin', 'MEMBER')
$$;

REVOKE ALL ON carriers FROM PUBLIC;
GRANT SELECT ON carriers TO PUBLIC;
GRANT INSERT, UPDATE ON carriers TO kite_logistics, kite_admin;

ALTER TABLE carriers ENABLE ROW LEVEL SECURITY;
CREATE POLICY carriers_read ON carriers FOR SELECT USING (true);
CREATE POLICY carriers_insert ON carriers FOR INSERT WITH CHECK (kite_is_logistics());
CREATE POLICY carriers_update ON carriers FOR UPDATE USING (kite_is_logistics()) WITH CHECK (kite_is_logistics());

-- The audit row is the database's own: a client cannot skip it or write it for another.
CREATE FUNCTION carriers_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
    -- actor: the person the application names; db_login: the login that really wrote it.
    VALUES ('carrier', NEW.id, lower(TG_OP), NEW.updated_by,
            jsonb_build_object('db_login', session_user::text) ||
            CASE WHEN TG_OP = 'INSERT' THEN to_jsonb(NEW)
                 ELSE jsonb_build_object('version', NEW.version,
                     'before', (SELECT coalesce(jsonb_object_agg(o.key, o.value), '{}') FROM jsonb_each(to_jsonb(OLD)) o
                                JOIN jsonb_each(to_jsonb(NEW)) n USING (key)
                                WHERE o.value IS DISTINCT FROM n.value AND o.key NOT IN ('version', 'updated_at', 'updated_by')),
                     'after', (SELECT coalesce(jsonb_object_agg(n.key, n.value), '{}') FROM jsonb_each(to_jsonb(NEW)) n
                               JOIN jsonb_each(to_jsonb(OLD)) o USING (key)
                               WHERE o.value IS DISTINCT FROM n.value AND n.key NOT IN ('version', 'updated_at', 'updated_by')))
            END);
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION carriers_audit() FROM PUBLIC;

CREATE TRIGGER carriers_audit AFTER INSERT OR UPDATE ON carriers
    FOR EACH ROW EXECUTE FUNCTION carriers_audit();
