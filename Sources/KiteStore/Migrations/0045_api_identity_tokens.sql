-- kite-api (issue 14): the phones' API logs in as its own login (a member of kite_api) and
-- runs each request as the person whose token it holds: SET LOCAL ROLE <person>, then
-- kite_api_act_as(<person>). session_user stays the API's login, so the identity the rules
-- use is no longer session_user but kite_login():
--   * session_user, for every login that is not an API login (nothing changes for them);
--   * for an API login (a direct member of kite_api), the person it set for this
--     transaction (kite.person), only when the API login is a member of that person's role
--     (kite admin token issue grants it): the API can act only as people it was granted.
-- The identity core (0019), kite_actor / kite_require_any_role (0037), kite_stamp_actor
-- (0024), the audit trail's db_user and the program audit rows' actor, and the appraisal
-- functions (0030–0032) are redefined below to ask kite_login(). The deal, payment, cash
-- day and trip commands are not redefined here: they still name session_user (the API
-- calls none of them).
--
-- The API login should be NOINHERIT (README): it holds no person's privileges until it
-- sets a person's role.

-- A direct member of kite_api with LOGIN (a superuser is a member of every role through
-- pg_has_role; here only a real grant counts).
CREATE FUNCTION kite_is_api_login() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles r ON r.oid = m.member
                    WHERE m.roleid = 'kite_api'::regrole AND r.rolname = session_user AND r.rolcanlogin)
$$;

CREATE OR REPLACE FUNCTION kite_login() RETURNS text LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT coalesce(
        (SELECT p.person
           FROM (SELECT nullif(pg_catalog.current_setting('kite.person', true), '') AS person) p
          WHERE p.person IS NOT NULL
            AND public.kite_is_api_login()
            AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                         WHERE r.rolname = p.person AND pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER'))),
        session_user::text)
$$;

-- Called by the API right after SET LOCAL ROLE: the person must be the role just set
-- (current_user), one the API login was granted, and an active employee.
CREATE FUNCTION kite_api_act_as(person text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT public.kite_is_api_login() THEN
        PERFORM public.kite_refuse('kite_api_login', format('database login %s is not an API login', session_user));
    END IF;
    IF person IS DISTINCT FROM current_user::text THEN
        PERFORM public.kite_refuse('kite_api_person', format('the API set role %s but names %s', current_user, person));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = person AND pg_has_role(session_user, r.oid, 'MEMBER')) THEN
        PERFORM public.kite_refuse('kite_api_person', format('database login %s was not granted %s', session_user, person));
    END IF;
    PERFORM set_config('kite.person', person, true);
    IF public.kite_employee_id() IS NULL THEN
        PERFORM public.kite_refuse('kite_api_person', format('%s is not an active employee', person));
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION kite_api_act_as(text) TO PUBLIC;

-- The identity functions: session_user becomes kite_login(). Rewritten from their current
-- definitions, so nothing else in them changes (a test checks that none of them still
-- names session_user).
DO $$
DECLARE
    f regprocedure;
    def text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'kite_employee_id()', 'kite_has_role(text)', 'kite_sees_all_dealerships()', 'kite_my_dealerships()',
        'kite_is_admin()', 'kite_require_role(text,text)', 'kite_actor(text)', 'kite_require_any_role(text[],text,text)',
        'kite_stamp_actor()', 'kite_is_appraiser()', 'kite_require_appraiser(text)',
        'appraisal_offer(bigint,numeric,numeric,numeric,numeric,numeric,text,text)', 'appraisal_approve(bigint,text)',
        'kite_may_buy_used()', 'appraisal_buy(bigint,bigint,text,text)']::regprocedure[] LOOP
        def := pg_get_functiondef(f);
        EXECUTE replace(def, 'session_user', 'public.kite_login()');
    END LOOP;
END
$$;

-- The program's own audit rows name the person; db_login stays the real login (the API's).
CREATE OR REPLACE FUNCTION audit_log_actor() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT kite_is_owner() AND kite_employee_id() IS NOT NULL THEN
        NEW.actor := public.kite_login();
    END IF;
    NEW.at := now();
    NEW.data := coalesce(NEW.data, '{}') || jsonb_build_object('db_login', session_user::text);
    RETURN NEW;
END
$$;

-- The audit trail names the person (the trail's hash covers db_user as written).
ALTER TABLE audit_trail ALTER COLUMN db_user SET DEFAULT public.kite_login();

-- ---------------------------------------------------------------- tokens

-- One token per person and device: only its SHA-256 is kept; shown once when issued.
CREATE TABLE api_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash  text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    login       text NOT NULL CHECK (length(login) BETWEEN 1 AND 63),
    device      text NOT NULL CHECK (length(btrim(device)) BETWEEN 1 AND 100 AND device !~ '[[:cntrl:]]'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL DEFAULT public.kite_login() CHECK (length(created_by) BETWEEN 1 AND 63),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    revoked_by  text CHECK (length(revoked_by) BETWEEN 1 AND 63),
    last_used   timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX api_tokens_login ON api_tokens (login, device);

REVOKE ALL ON api_tokens FROM PUBLIC;
-- Admins read the list (never the hash); everything else goes through the functions below.
GRANT SELECT (id, login, device, created_at, created_by, expires_at, revoked_at, revoked_by, last_used) ON api_tokens TO kite_admin;
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_tokens_admin_read ON api_tokens FOR SELECT USING (
    kite_is_admin() AND EXISTS (SELECT 1 FROM public.employees e JOIN public.employee_dealerships m ON m.employee_id = e.id
                                 WHERE e.login = api_tokens.login AND kite_may_see_dealership(m.dealership_id)));
SELECT kite_audit_attach('api_tokens');

-- Every API login may act as every person who holds a token (missing grants are added).
CREATE FUNCTION kite_api_grant_people() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    api text;
    person text;
BEGIN
    FOR api IN SELECT r.rolname FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles r ON r.oid = m.member
                WHERE m.roleid = 'kite_api'::regrole AND r.rolcanlogin LOOP
        FOR person IN SELECT DISTINCT t.login FROM public.api_tokens t JOIN pg_catalog.pg_roles p ON p.rolname = t.login
                       WHERE t.revoked_at IS NULL AND t.expires_at > now() AND NOT pg_has_role(api, p.oid, 'MEMBER') LOOP
            EXECUTE format('GRANT %I TO %I', person, api);
        END LOOP;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION kite_api_grant_people() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_api_grant_people() TO kite_admin;

-- `kite admin token issue`: the program makes the token and passes only its hash.
CREATE FUNCTION kite_api_token_issue(person text, device_name text, days int, hash text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    token bigint;
BEGIN
    PERFORM public.kite_require_role('kite_admin', 'issue API tokens');
    IF NOT EXISTS (SELECT 1 FROM public.employees e JOIN public.employee_dealerships m ON m.employee_id = e.id
                    WHERE e.login = person AND e.active AND public.kite_may_see_dealership(m.dealership_id)) THEN
        PERFORM public.kite_refuse('kite_user_login', format('no active employee with login %s in your dealerships', person),
            jsonb_build_object('login', person));
    END IF;
    IF days IS NULL OR days NOT BETWEEN 1 AND 400 THEN
        PERFORM public.kite_refuse('api_token_days', 'a token lasts 1 to 400 days', jsonb_build_object('days', days));
    END IF;
    INSERT INTO public.api_tokens (token_hash, login, device, expires_at, created_by)
    VALUES (hash, person, btrim(device_name), now() + make_interval(days => days), public.kite_login())
    RETURNING id INTO token;
    PERFORM public.kite_api_grant_people();
    RETURN token;
END
$$;

-- `kite admin token revoke ID` or `--device NAME` (of one person, or of anyone): how many were revoked.
CREATE FUNCTION kite_api_token_revoke(token bigint, device_name text, person text) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    n int;
BEGIN
    PERFORM public.kite_require_role('kite_admin', 'revoke API tokens');
    UPDATE public.api_tokens t SET revoked_at = now(), revoked_by = public.kite_login()
     WHERE t.revoked_at IS NULL
       AND (token IS NULL OR t.id = token)
       AND (device_name IS NULL OR t.device = btrim(device_name))
       AND (person IS NULL OR t.login = person)
       AND (token IS NOT NULL OR device_name IS NOT NULL)
       AND EXISTS (SELECT 1 FROM public.employees e JOIN public.employee_dealerships m ON m.employee_id = e.id
                    WHERE e.login = t.login AND public.kite_may_see_dealership(m.dealership_id));
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

CREATE FUNCTION kite_api_token_list() RETURNS TABLE (id bigint, login text, device text, created_at timestamptz,
                                                     expires_at timestamptz, revoked_at timestamptz, last_used timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.kite_require_role('kite_admin', 'list API tokens');
    RETURN QUERY SELECT t.id, t.login, t.device, t.created_at, t.expires_at, t.revoked_at, t.last_used
                   FROM public.api_tokens t
                  WHERE EXISTS (SELECT 1 FROM public.employees e JOIN public.employee_dealerships m ON m.employee_id = e.id
                                 WHERE e.login = t.login AND public.kite_may_see_dealership(m.dealership_id))
                  ORDER BY t.id;
END
$$;
REVOKE ALL ON FUNCTION kite_api_token_issue(text, text, int, text), kite_api_token_revoke(bigint, text, text),
    kite_api_token_list() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_api_token_issue(text, text, int, text), kite_api_token_revoke(bigint, text, text),
    kite_api_token_list() TO kite_admin;

-- The API's check of a bearer token (by its hash): who, and whether it is still good
-- (expired, revoked, or its person disabled: a reason instead of a login). Only API logins.
-- last_used is written at most every five minutes (it is audited).
CREATE FUNCTION kite_api_authenticate(hash text) RETURNS TABLE (token_id bigint, login text, device text, problem text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.api_tokens;
BEGIN
    IF NOT public.kite_is_api_login() THEN
        PERFORM public.kite_refuse('kite_api_login', format('database login %s is not an API login', session_user));
    END IF;
    SELECT * INTO t FROM public.api_tokens WHERE token_hash = hash;
    IF NOT FOUND THEN
        RETURN QUERY SELECT NULL::bigint, NULL::text, NULL::text, 'token_unknown'::text;
        RETURN;
    END IF;
    IF t.revoked_at IS NOT NULL THEN
        RETURN QUERY SELECT t.id, t.login, t.device, 'token_revoked'::text;
        RETURN;
    END IF;
    IF t.expires_at <= now() THEN
        RETURN QUERY SELECT t.id, t.login, t.device, 'token_expired'::text;
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.employees e WHERE e.login = t.login AND e.active) THEN
        RETURN QUERY SELECT t.id, t.login, t.device, 'person_disabled'::text;
        RETURN;
    END IF;
    IF t.last_used IS NULL OR t.last_used < now() - interval '5 minutes' THEN
        UPDATE public.api_tokens SET last_used = now() WHERE id = t.id;
    END IF;
    RETURN QUERY SELECT t.id, t.login, t.device, NULL::text;
END
$$;
GRANT EXECUTE ON FUNCTION kite_api_authenticate(text) TO PUBLIC;

-- ---------------------------------------------------------------- idempotency

-- A write's Idempotency-Key, per person: the request's hash and the first response. The
-- row is inserted in the request's own transaction, so a concurrent retry waits on it and
-- then reads the stored response; a request that failed on the server (5xx) leaves none.
CREATE TABLE api_idempotency (
    login         text NOT NULL DEFAULT public.kite_login() CHECK (length(login) BETWEEN 1 AND 63),
    key           text NOT NULL CHECK (key ~ '^[A-Za-z0-9._:-]{1,100}$'),
    method        text NOT NULL CHECK (method IN ('POST', 'PUT', 'PATCH', 'DELETE')),
    path          text NOT NULL CHECK (length(path) BETWEEN 1 AND 300 AND path !~ '[[:cntrl:]]'),
    request_hash  text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
    status        int CHECK (status BETWEEN 100 AND 599),
    body          text CHECK (length(body) <= 1048576),
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    PRIMARY KEY (login, key)
);
CREATE INDEX api_idempotency_created ON api_idempotency (created_at);

REVOKE ALL ON api_idempotency FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE (status, body, completed_at) ON api_idempotency TO kite_staff;
ALTER TABLE api_idempotency ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_idempotency_own ON api_idempotency
    USING (login = public.kite_login()) WITH CHECK (login = public.kite_login());
SELECT kite_audit_attach('api_idempotency', ARRAY['login', 'key']);
