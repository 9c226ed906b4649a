-- Who may do what, in the database (issue 11).
--
-- The person is the database login (session_user), mapped to employees by
-- employees.login; a person works for one or more dealerships
-- (employee_dealerships). Group roles (NOLOGIN) carry the privileges; a
-- person's login is a member of one or more of them:
--
--   kite_staff        every person: reads reference data, stock, sales and finance rows of their dealerships
--   kite_operator     enters stock, customers, deals and payments
--   kite_manager      sells: customers, deals and their lines, payments entered
--   kite_senior       approves a discount above the dealership's limit (with kite_manager)
--   kite_finance      confirms, reverses and cancels payments, closes cash days
--   kite_logistics    carriers, locations, vehicle moves
--   kite_appraiser    used cars: customers (sellers), vehicles
--   kite_admin        people, dealership settings, registries, retrying and cancelling jobs
--   kite_head_office  sees every dealership (admins and the daemon are members)
--   kite_kited        the job daemon's login
--   kite_api          the mobile API's login (appraisers' phones)
--
-- Nobody but the owner (the login that runs the migrations) writes
-- schema_migrations, deal_payment_totals or the audit chain; only kited writes
-- the queue's own rows (job_leader, job_cron, claims and completions). A rule
-- that is not a plain privilege is checked by a trigger or a SECURITY DEFINER
-- function with a pinned search_path.

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['kite_staff', 'kite_operator', 'kite_manager', 'kite_senior', 'kite_finance',
                             'kite_logistics', 'kite_appraiser', 'kite_admin', 'kite_head_office',
                             'kite_kited', 'kite_api'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$$;

GRANT kite_staff TO kite_operator, kite_manager, kite_senior, kite_finance, kite_logistics, kite_appraiser,
                    kite_admin, kite_api;
GRANT kite_head_office TO kite_admin, kite_kited;

-- The membership of people in dealerships.
CREATE TABLE employee_dealerships (
    employee_id   bigint NOT NULL REFERENCES employees (id),
    dealership_id bigint NOT NULL REFERENCES dealerships (id),
    PRIMARY KEY (employee_id, dealership_id)
);
INSERT INTO employee_dealerships (employee_id, dealership_id)
    SELECT id, dealership_id FROM employees WHERE dealership_id IS NOT NULL;

-- Who is connected: the employee row of session_user (NULL for a login that
-- is not a person: the owner, kited, a maintenance superuser).
CREATE FUNCTION kite_login() RETURNS text LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT session_user::text
$$;

CREATE FUNCTION kite_employee_id() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT id FROM public.employees WHERE login = session_user::text AND active
$$;

-- Is session_user a member of the role (directly or through another)?
-- A superuser is a member of every role.
CREATE FUNCTION kite_has_role(role_name text) RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT pg_has_role(session_user, role_name, 'MEMBER')
$$;

-- The owner: the database's owner (the login that runs the migrations) or a
-- superuser. Fixtures and maintenance write as the owner; people never are.
CREATE FUNCTION kite_is_owner() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT pg_has_role(session_user, 'pg_database_owner', 'MEMBER')
$$;

CREATE FUNCTION kite_sees_all_dealerships() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT pg_has_role(session_user, 'kite_head_office', 'MEMBER')
$$;

-- The dealerships session_user works for (empty for a login that is not an active employee).
CREATE FUNCTION kite_my_dealerships() RETURNS bigint[] LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT coalesce(array_agg(m.dealership_id), '{}')
    FROM public.employee_dealerships m JOIN public.employees e ON e.id = m.employee_id
    WHERE e.login = session_user::text AND e.active
$$;

-- May session_user act on a row of this dealership?
CREATE FUNCTION kite_may_see_dealership(dealership bigint) RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT kite_sees_all_dealerships() OR dealership = ANY (kite_my_dealerships())
$$;

-- Every login may call these (the policies do): they tell a login only about itself.

-- ---------------------------------------------------------------- privileges
-- Start from nothing: PUBLIC and every earlier grant of these tables go.
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') LOOP
        EXECUTE format('REVOKE ALL ON public.%I FROM PUBLIC, kite_finance, kite_admin, kite_logistics', t);
    END LOOP;
END
$$;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;

-- Reference data and the schema version every person's program checks.
GRANT SELECT ON dealerships, locations, vehicle_types, employees, employee_dealerships, discount_reasons,
                carriers, schema_migrations, registry_imports, registry_pledges, registry_wanted,
                registry_restrictions, check_results, mileage_readings, jobs, job_cron
    TO kite_staff, kite_kited;

-- Stock.
GRANT SELECT ON vehicles, stock_number_counters TO kite_staff, kite_kited;
GRANT INSERT, UPDATE ON vehicles, stock_number_counters TO kite_operator, kite_manager, kite_logistics, kite_appraiser;
GRANT INSERT, UPDATE ON locations TO kite_logistics, kite_admin;
GRANT UPDATE (status, updated_at, updated_by, version) ON vehicles TO kite_kited;

-- Customers, deals, lines.
GRANT SELECT ON customers, deals, deal_lines, deal_number_counters TO kite_staff, kite_kited;
GRANT INSERT, UPDATE ON customers TO kite_operator, kite_manager, kite_appraiser;
GRANT INSERT, UPDATE ON deals, deal_number_counters TO kite_operator, kite_manager;
GRANT INSERT, UPDATE, DELETE ON deal_lines TO kite_operator, kite_manager;
GRANT UPDATE (stage, reserved_until, version, updated_at, updated_by) ON deals TO kite_kited;

-- Payments: entered by operators and managers, confirmed by finance; the
-- guard trigger decides which change is which. Totals are the owner's.
GRANT SELECT ON payments, cash_days, deal_payment_totals TO kite_staff, kite_kited;
GRANT INSERT, UPDATE ON payments TO kite_operator, kite_manager, kite_finance;
GRANT INSERT ON cash_days TO kite_finance;

-- Carriers (0014's policies still say who of these may write).
GRANT INSERT, UPDATE ON carriers TO kite_logistics, kite_admin;

-- Notices: a person reads and marks their own (row-level security below);
-- kited writes them.
GRANT SELECT, UPDATE (read_at) ON user_notices TO kite_staff;
GRANT SELECT, INSERT ON user_notices TO kite_kited;

-- The queue: a person's program enqueues checks (a fresh job only, see the
-- policy below) and reads the jobs screen; claiming, completing, electing a
-- leader and periodic jobs are kited's. Retry and cancel: kite_job_retry and
-- kite_job_cancel, for admins.
GRANT INSERT ON jobs TO kite_staff;
GRANT SELECT, INSERT, UPDATE, DELETE ON jobs, job_leader, job_cron TO kite_kited;
GRANT INSERT ON check_results, mileage_readings TO kite_kited;
GRANT INSERT ON mileage_readings TO kite_operator, kite_appraiser;

-- Registries are loaded by admins (`kite registry import`), read by the checks.
GRANT SELECT ON registry_invalid_passports TO kite_staff, kite_kited;
GRANT INSERT, UPDATE, DELETE, TRUNCATE ON registry_pledges, registry_wanted, registry_restrictions,
                                        registry_invalid_passports TO kite_admin;
GRANT INSERT ON registry_imports TO kite_admin;

-- People and dealership settings: admins only.
GRANT INSERT, UPDATE ON employees, employee_dealerships, dealerships, discount_reasons TO kite_admin;
GRANT DELETE ON employee_dealerships TO kite_admin;

-- The audit log: written by the database's triggers and by the program's
-- audit rows (their actor is checked below); read by admins.
GRANT INSERT ON audit_log TO kite_staff, kite_kited;
GRANT SELECT ON audit_log TO kite_admin;

GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO kite_staff, kite_kited;

-- ---------------------------------------------------------------- rules

-- A program's own audit row names the person who is connected: a person's
-- login cannot write one "as" somebody else (the actor it gives is replaced by
-- its own login). Logins that are not people (the owner, kited, maintenance)
-- keep the actor they give. db_login is always the real login.
CREATE FUNCTION audit_log_actor() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT kite_is_owner() AND kite_employee_id() IS NOT NULL THEN
        NEW.actor := session_user::text;
    END IF;
    NEW.at := now();
    NEW.data := coalesce(NEW.data, '{}') || jsonb_build_object('db_login', session_user::text);
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_log_actor BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_actor();

-- Deals: a stage moves only along the machine's arrows (DealStage.possibleNext;
-- reserved → draft is an expired or released reservation); a discount is
-- approved only by a senior, in their own name.
CREATE FUNCTION deals_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    me text := session_user::text;
BEGIN
    IF kite_is_owner() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.stage <> 'draft' THEN
            RAISE EXCEPTION 'a new deal starts as a draft, not %', NEW.stage
                USING ERRCODE = 'check_violation', CONSTRAINT = 'deals_stage_path';
        END IF;
        IF NEW.discount_approved_by IS NOT NULL THEN
            RAISE EXCEPTION 'a new deal has no approved discount'
                USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'deals_discount_approver';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.stage IS DISTINCT FROM OLD.stage AND NOT (
           (OLD.stage = 'draft' AND NEW.stage IN ('reserved', 'cancelled'))
        OR (OLD.stage = 'reserved' AND NEW.stage IN ('draft', 'contracted', 'cancelled'))
        OR (OLD.stage = 'contracted' AND NEW.stage IN ('delivered', 'cancelled'))
        OR (OLD.stage = 'delivered' AND NEW.stage = 'closed')) THEN
        RAISE EXCEPTION 'deal % cannot move from % to %', OLD.number, OLD.stage, NEW.stage
            USING ERRCODE = 'check_violation', CONSTRAINT = 'deals_stage_path';
    END IF;
    IF NEW.discount_approved_by IS NOT NULL
       AND NEW.discount_approved_by IS DISTINCT FROM OLD.discount_approved_by THEN
        IF kite_employee_id() IS NOT NULL THEN
            -- A person approves in their own name, and only a senior does.
            IF NEW.discount_approved_by <> me THEN
                RAISE EXCEPTION 'database login % may not approve a discount as %', me, NEW.discount_approved_by
                    USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'deals_discount_approver';
            END IF;
            IF NOT (kite_has_role('kite_senior')
                    OR EXISTS (SELECT 1 FROM public.employees WHERE login = me AND active AND is_senior)) THEN
                RAISE EXCEPTION 'database login % is not a senior: it may not approve discounts', me
                    USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'deals_discount_approver';
            END IF;
        ELSIF NOT kite_has_role('kite_admin') THEN
            RAISE EXCEPTION 'database login % is not a person: it may not approve discounts', me
                USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'deals_discount_approver';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER deals_guard BEFORE INSERT OR UPDATE ON deals
    FOR EACH ROW EXECUTE FUNCTION deals_guard();

-- The queue: what a person's program may insert is a fresh job waiting to run
-- (not a copy of a finished one with its history, not one claimed).
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY jobs_read ON jobs FOR SELECT USING (true);
CREATE POLICY jobs_enqueue ON jobs FOR INSERT WITH CHECK (
    kite_has_role('kite_kited')
    OR (state IN ('available', 'scheduled') AND attempt = 0 AND errors = '{}' AND attempted_by IS NULL
        AND lease_until IS NULL AND finalized_at IS NULL));
CREATE POLICY jobs_daemon_update ON jobs FOR UPDATE USING (true) WITH CHECK (true);
CREATE POLICY jobs_daemon_delete ON jobs FOR DELETE USING (true);

-- Retry (a finished or backing-off job runnable at once) and cancel (a job
-- not finished): admins, through these functions only.
CREATE FUNCTION kite_require_role(role_name text, action text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT kite_has_role(role_name) THEN
        RAISE EXCEPTION 'database login % is not a member of %: it may not %', session_user, role_name, action
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = role_name || '_role';
    END IF;
END
$$;

CREATE FUNCTION kite_job_retry(job_id bigint) RETURNS text LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    job_queue text;
BEGIN
    PERFORM kite_require_role('kite_admin', 'retry job ' || job_id);
    UPDATE public.jobs
    SET state = 'available', scheduled_at = now(), finalized_at = NULL, lease_until = NULL,
        max_attempts = greatest(max_attempts, attempt + 1)
    WHERE id = job_id AND state <> 'running'
    RETURNING queue INTO job_queue;
    IF job_queue IS NOT NULL THEN
        PERFORM pg_notify('kite_jobs_' || job_queue, '');
        INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
        VALUES ('job', job_id, 'retry', session_user::text, '{}');
    END IF;
    RETURN job_queue;
END
$$;

CREATE FUNCTION kite_job_cancel(job_id bigint, reason text) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    done boolean;
BEGIN
    PERFORM kite_require_role('kite_admin', 'cancel job ' || job_id);
    UPDATE public.jobs
    SET state = 'cancelled', finalized_at = now(), lease_until = NULL,
        errors = array_append(errors, jsonb_build_object(
            'attempt', attempt, 'at', now(), 'error', reason, 'worker', attempted_by))
    WHERE id = job_id AND state IN ('available', 'scheduled', 'retryable', 'running')
    RETURNING true INTO done;
    IF done THEN
        INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
        VALUES ('job', job_id, 'cancel', session_user::text, jsonb_build_object('reason', reason));
    END IF;
    RETURN coalesce(done, false);
END
$$;
-- Callable by any login: the role check inside says why a non-admin is refused.

-- The 0011 triggers check current_user, which inside the functions above is
-- the owner: they now look at the person (session_user) instead.
CREATE OR REPLACE FUNCTION kite_is_admin() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT pg_has_role(session_user, 'kite_admin', 'MEMBER')
$$;

-- Notices: everyone their own.
ALTER TABLE user_notices ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_notices_own ON user_notices USING (login = session_user::text OR kite_has_role('kite_kited'));

-- An employee belongs to their home dealership; others are added as memberships.
CREATE FUNCTION employees_home_membership() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.dealership_id IS NOT NULL THEN
        INSERT INTO public.employee_dealerships (employee_id, dealership_id)
        VALUES (NEW.id, NEW.dealership_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER employees_home_membership AFTER INSERT OR UPDATE OF dealership_id ON employees
    FOR EACH ROW EXECUTE FUNCTION employees_home_membership();
