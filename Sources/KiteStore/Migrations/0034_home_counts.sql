-- The АРЦ home screen (issue 15): every tile's number counted by the database in one
-- call, kite_home_counts(zone), for the caller as they are. The function is SECURITY
-- INVOKER: each table's row-level security scopes the counts to the dealerships the
-- person belongs to (all of them for kite_head_office), exactly as their lists are.
--
-- Stock by status and aged stock would mean counting a million cars on every paint, so
-- the cars are also tallied per dealership, status and arrival day in stock_tallies,
-- kept by statement-level triggers on vehicles (transition tables: a COPY of 5,000 cars
-- is one upsert of a few rows). "Aged" (arrived more than 90 days ago) then sums the
-- tally rows before a day, whatever today is. Upserts go in key order, so two
-- statements never take the same tally rows in opposite orders.

CREATE TABLE stock_tallies (
    dealership_id bigint NOT NULL REFERENCES dealerships (id),
    status        text NOT NULL,
    -- The car's arrival date; 'infinity' for a car that has not arrived.
    arrival_day   date NOT NULL,
    vehicles      bigint NOT NULL,
    PRIMARY KEY (dealership_id, status, arrival_day)
);

INSERT INTO stock_tallies (dealership_id, status, arrival_day, vehicles)
SELECT dealership_id, status, coalesce(arrival_date, 'infinity'), count(*)
  FROM vehicles GROUP BY 1, 2, 3;

-- Nobody writes the tallies but the triggers (the owner's functions); people read the
-- rows of their dealerships, as they read the cars behind them.
REVOKE ALL ON stock_tallies FROM PUBLIC;
GRANT SELECT ON stock_tallies TO kite_staff, kite_kited;
ALTER TABLE stock_tallies ENABLE ROW LEVEL SECURITY;
CREATE POLICY stock_tallies_dealership ON stock_tallies FOR SELECT
    USING ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]));
-- Derived data: the audit trail records the vehicles themselves, so no audit trigger here.

CREATE FUNCTION stock_tallies_apply() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.stock_tallies AS t (dealership_id, status, arrival_day, vehicles)
        SELECT dealership_id, status, coalesce(arrival_date, 'infinity'), count(*)
          FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (dealership_id, status, arrival_day) DO UPDATE SET vehicles = t.vehicles + EXCLUDED.vehicles;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO public.stock_tallies AS t (dealership_id, status, arrival_day, vehicles)
        SELECT dealership_id, status, coalesce(arrival_date, 'infinity'), -count(*)
          FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (dealership_id, status, arrival_day) DO UPDATE SET vehicles = t.vehicles + EXCLUDED.vehicles;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO public.stock_tallies AS t (dealership_id, status, arrival_day, vehicles)
        SELECT k.dealership_id, k.status, k.arrival_day, sum(k.delta)
          FROM (SELECT dealership_id, status, coalesce(arrival_date, 'infinity') AS arrival_day, 1 AS delta FROM new_rows
                UNION ALL
                SELECT dealership_id, status, coalesce(arrival_date, 'infinity'), -1 FROM old_rows) k
         GROUP BY 1, 2, 3 HAVING sum(k.delta) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (dealership_id, status, arrival_day) DO UPDATE SET vehicles = t.vehicles + EXCLUDED.vehicles;
    ELSIF TG_OP = 'TRUNCATE' THEN
        DELETE FROM public.stock_tallies;
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION stock_tallies_apply() FROM PUBLIC;

-- One event per trigger: PostgreSQL allows transition tables only so.
CREATE TRIGGER stock_tallies_insert AFTER INSERT ON vehicles
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stock_tallies_apply();
CREATE TRIGGER stock_tallies_update AFTER UPDATE ON vehicles
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stock_tallies_apply();
CREATE TRIGGER stock_tallies_delete AFTER DELETE ON vehicles
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stock_tallies_apply();
CREATE TRIGGER stock_tallies_truncate AFTER TRUNCATE ON vehicles
    FOR EACH STATEMENT EXECUTE FUNCTION stock_tallies_apply();

-- Failed checks are few: counted from a partial index, never from every result.
CREATE INDEX check_results_failed ON check_results (subject_kind, subject_id, check_name) WHERE status = 'failed';
-- Deals of this month by stage, per dealership.
CREATE INDEX deals_dealership_created ON deals (dealership_id, created_at);
-- Trips still on the way (the in-transit, late and arriving-today tiles).
CREATE INDEX trips_open_stage ON trips (stage, dealership_id) WHERE stage IN ('planned', 'loading', 'in_transit');

-- Every tile's numbers as one jsonb object: counts as numbers, money as exact text
-- (numeric, never a float). `zone` is the person's dealership's time zone: "today" and
-- "this month" are its calendar's.
CREATE FUNCTION kite_home_counts(zone text) RETURNS jsonb LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    WITH today AS (SELECT (now() AT TIME ZONE zone)::date AS day),
    stock AS (
        SELECT coalesce(jsonb_object_agg('stock.' || status, n), '{}') AS counts
          FROM (SELECT status, sum(vehicles) AS n FROM public.stock_tallies GROUP BY status HAVING sum(vehicles) > 0) s),
    aged AS (
        SELECT coalesce(sum(vehicles), 0) AS n FROM public.stock_tallies, today
         WHERE status IN ('in_stock', 'in_preparation', 'reserved') AND arrival_day < today.day - 90),
    deal_stages AS (
        SELECT coalesce(jsonb_object_agg('deals.' || stage, n), '{}') AS counts
          FROM (SELECT d.stage, count(*) AS n FROM public.deals d, today
                 WHERE d.created_at >= (date_trunc('month', today.day) AT TIME ZONE zone)
                 GROUP BY d.stage) s),
    expiring AS (
        SELECT count(*) AS n FROM public.deals d, today WHERE d.stage = 'reserved' AND d.reserved_until <= today.day),
    cash AS (
        SELECT coalesce(sum(amount) FILTER (WHERE direction = 'incoming'), 0) AS cash_in,
               coalesce(sum(amount) FILTER (WHERE direction = 'outgoing'), 0) AS cash_out
          FROM public.payments p, today
         WHERE p.method = 'cash' AND p.payment_date = today.day AND p.state IN ('confirmed', 'reversed')),
    pending AS (
        SELECT count(*) AS n, coalesce(sum(amount), 0) AS amount FROM public.payments WHERE state = 'pending'),
    receivables AS (
        SELECT count(*) AS n,
               coalesce(sum(d.amount_due - (coalesce(t.received, 0) - coalesce(t.refunded, 0))), 0) AS amount
          FROM public.deals d LEFT JOIN public.deal_payment_totals t ON t.deal_id = d.id, today
         WHERE d.stage IN ('contracted', 'delivered', 'closed') AND d.contracted_at IS NOT NULL
           AND today.day - (d.contracted_at AT TIME ZONE zone)::date > 30
           AND d.amount_due - (coalesce(t.received, 0) - coalesce(t.refunded, 0)) > 0),
    trips AS (
        SELECT count(*) FILTER (WHERE t.stage = 'in_transit') AS in_transit,
               count(*) FILTER (WHERE t.stage = 'in_transit' AND nx.eta < now()) AS late,
               count(*) FILTER (WHERE (nx.eta AT TIME ZONE zone)::date = today.day) AS today
          FROM public.trips t, today,
               LATERAL (SELECT s.eta FROM public.trip_stops s
                         WHERE s.trip_id = t.id AND s.arrived_at IS NULL
                         ORDER BY s.position OFFSET CASE WHEN t.stage = 'in_transit' THEN 0 ELSE 1 END LIMIT 1) nx
         WHERE t.stage IN ('planned', 'loading', 'in_transit')
           AND ((SELECT kite_sees_all_dealerships()) OR t.dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]))),
    checks AS (
        -- Subjects whose latest result of some check is a failure.
        SELECT count(DISTINCT (f.subject_kind, f.subject_id)) AS n
          FROM public.check_results f
         WHERE f.status = 'failed'
           AND NOT EXISTS (SELECT 1 FROM public.check_results r
                            WHERE r.subject_kind = f.subject_kind AND r.subject_id = f.subject_id
                              AND r.check_name = f.check_name AND r.status <> 'error'
                              AND (r.checked_at, r.id) > (f.checked_at, f.id))),
    jobs AS (
        SELECT count(*) FILTER (WHERE state = 'available') AS waiting,
               count(*) FILTER (WHERE state = 'running') AS running,
               count(*) FILTER (WHERE state = 'retryable') AS retrying,
               coalesce(extract(epoch FROM now() - min(scheduled_at) FILTER (WHERE state = 'available'))::bigint, 0) AS oldest
          FROM public.jobs WHERE state IN ('available', 'running', 'retryable')),
    failed_jobs AS (
        SELECT count(*) AS n FROM public.jobs WHERE finalized_at > now() - interval '1 hour' AND state = 'discarded')
    SELECT stock.counts || deal_stages.counts || jsonb_build_object(
               'stock.aged', aged.n,
               'deals.expiring', expiring.n,
               'cash.in', cash.cash_in::text, 'cash.out', cash.cash_out::text,
               'payments.pending', pending.n, 'payments.pending_amount', pending.amount::text,
               'receivables.over30', receivables.n, 'receivables.over30_amount', receivables.amount::text,
               'trips.in_transit', trips.in_transit, 'trips.late', trips.late, 'trips.today', trips.today,
               'checks.failed', checks.n,
               'jobs.waiting', jobs.waiting, 'jobs.running', jobs.running, 'jobs.retrying', jobs.retrying,
               'jobs.oldest_seconds', jobs.oldest, 'jobs.failed_hour', failed_jobs.n)
      FROM stock, aged, deal_stages, expiring, cash, pending, receivables, trips, checks, jobs, failed_jobs
$$;
REVOKE ALL ON FUNCTION kite_home_counts(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_home_counts(text) TO kite_staff, kite_kited;

-- The tiles update live: cars, deals, payments and trips already notify their channels;
-- a new check result tells `home` (one notification per statement). The job queue's
-- health and "late" depend on the clock: the screen reads again every 30 seconds.
CREATE FUNCTION home_notify() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM pg_notify('home', TG_TABLE_NAME);
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION home_notify() FROM PUBLIC;
CREATE TRIGGER home_notify AFTER INSERT ON check_results
    FOR EACH STATEMENT EXECUTE FUNCTION home_notify();
