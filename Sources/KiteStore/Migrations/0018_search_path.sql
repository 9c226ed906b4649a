-- Every function of ours runs with a fixed search_path: pg_catalog first, then
-- public, the caller's temporary schema last (issue 11). Before this, a
-- SECURITY DEFINER trigger (payments_totals, "$user", public) searched the
-- caller's pg_temp first, so a temporary table named deal_payment_totals with a
-- trigger on it ran the caller's code as the owner; the guard triggers read
-- unqualified tables as the caller, so a temporary cash_days hid the closed days.
--
-- Pinned here for every function in public that no extension owns (pg_trgm's
-- live there too), so whatever the migrations before this one created is
-- covered; a test lists pg_proc and fails on any function, added later, that
-- is not pinned the same way. A function SET search_path keeps it for nested
-- calls, so helpers called from the guards read our tables too.

DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace
          AND p.prokind IN ('f', 'p')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, public, pg_temp', f);
    END LOOP;
END
$$;

-- Nobody but the owner creates objects in public (PostgreSQL 15 already starts
-- that way; a cluster upgraded from an older one may not).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- A trigger function is never called directly; a SECURITY DEFINER one least of all.
REVOKE EXECUTE ON FUNCTION payments_totals() FROM PUBLIC;
