-- Issue 12: two clerks editing one claim's amount. The amount is saved only over the version
-- the clerk read; otherwise it is refused as `claim_changed`, naming who changed it and when,
-- and nothing is written. The three-argument claim_set_amount stays for callers that set the
-- amount without having read it (none in the app).
CREATE FUNCTION claim_set_amount(claim bigint, new_amount numeric, actor text, expected_version integer)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    c public.claims;
BEGIN
    PERFORM public.kite_require_logistics('change a claim');
    c := public.claim_lock_open(claim, 'change');
    IF c.version <> expected_version THEN
        PERFORM public.kite_refuse('claim_changed',
            format('claim %s was changed by %s at %s (version %s, you edited version %s)',
                   c.id, c.updated_by, c.updated_at, c.version, expected_version),
            jsonb_build_object('id', c.id, 'by', c.updated_by, 'at', extract(epoch FROM c.updated_at), 'version', c.version,
                               'expected', expected_version));
    END IF;
    PERFORM public.claim_set_amount(claim, new_amount, actor);
END
$$;

REVOKE ALL ON FUNCTION claim_set_amount(bigint, numeric, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_set_amount(bigint, numeric, text, integer) TO kite_logistics, kite_admin;

-- The trips list as a logistics clerk (`kite bench trips`, 100,000 trips): the read
-- policies of trips, trip_stops and trip_vehicles called kite_trip_visible() on every row
-- (a SECURITY DEFINER function is never inlined, and each call looked up the login's
-- dealerships again): a filter keystroke matching nothing scanned 100,000 trips and took
-- about a minute. Now the trips reaching the login's dealerships are read once per query
-- (an uncorrelated subquery: a hashed lookup per row), and the stops and cars of a trip are
-- visible with the trip itself (the trips policy, which never reads them under RLS).
CREATE FUNCTION kite_trips_reaching_me() RETURNS SETOF bigint LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT DISTINCT s.trip_id FROM public.trip_stops s JOIN public.locations l ON l.id = s.location_id
     WHERE l.dealership_id = ANY (public.kite_my_dealerships())
$$;
REVOKE ALL ON FUNCTION kite_trips_reaching_me() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_trips_reaching_me() TO PUBLIC;

DROP POLICY trips_read ON trips;
CREATE POLICY trips_read ON trips FOR SELECT USING (
    (SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[])
    OR id IN (SELECT kite_trips_reaching_me()));

-- The stops' write policy was FOR ALL: it applied to reading too, and called the function
-- on every row for a clerk. Writing keeps its rule, per command.
DROP POLICY trip_stops_write ON trip_stops;
CREATE POLICY trip_stops_insert ON trip_stops FOR INSERT WITH CHECK (kite_is_logistics() AND kite_trip_visible(trip_id));
CREATE POLICY trip_stops_update ON trip_stops FOR UPDATE USING (kite_is_logistics() AND kite_trip_visible(trip_id))
    WITH CHECK (kite_is_logistics() AND kite_trip_visible(trip_id));
CREATE POLICY trip_stops_delete ON trip_stops FOR DELETE USING (kite_is_logistics() AND kite_trip_visible(trip_id));

DROP POLICY trip_stops_read ON trip_stops;
CREATE POLICY trip_stops_read ON trip_stops FOR SELECT USING (
    (SELECT kite_sees_all_dealerships()) OR trip_id IN (SELECT t.id FROM trips t));

DROP POLICY trip_vehicles_read ON trip_vehicles;
CREATE POLICY trip_vehicles_read ON trip_vehicles FOR SELECT USING (
    (SELECT kite_sees_all_dealerships()) OR trip_id IN (SELECT t.id FROM trips t));
