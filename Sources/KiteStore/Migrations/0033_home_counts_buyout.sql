-- The buyout tiles of the АРЦ home screen (issue 13 beside issue 15): appraisals waiting for
-- a senior's approval, and open offers running out within 3 days (the appraisals list's
-- «expiring» filter, the same predicate, so the tile's number is the list's length).
--
-- kite_home_counts is created by migration 0034, which runs after this one on a new
-- database, so it is not replaced here: this function returns the buyout keys, and
-- HomeRepository reads both in one statement (kite_home_counts(zone) || this). SECURITY
-- INVOKER: the appraisals policy scopes the counts to the person's dealerships. "Today" is
-- each appraisal's dealership's (appraisal_today), as in the list.
CREATE FUNCTION kite_home_counts_buyout() RETURNS jsonb LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT jsonb_build_object(
               'appraisals.awaiting_approval', count(*) FILTER (WHERE a.state = 'awaiting_approval'),
               'appraisals.expiring', count(*) FILTER (WHERE a.offer_valid_until <= public.appraisal_today(a.dealership_id) + 3))
      FROM public.appraisals a
     WHERE a.state IN ('offered', 'awaiting_approval', 'approved')
$$;
REVOKE ALL ON FUNCTION kite_home_counts_buyout() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_home_counts_buyout() TO kite_staff, kite_kited;

-- Live without a trigger of its own: the appraisal commands notify `appraisals`, and the
-- home screen reads again on any change event.
