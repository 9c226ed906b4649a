-- Logistics inside issue 11's access model: the trips' tables get the group roles'
-- grants instead of PUBLIC's, row-level security per dealership (a trip is seen by the
-- people of its own dealership and of every dealership on its route; head office sees
-- all), the hash-chained audit trail, and every function of 0025 and 0028 runs with
-- the pinned search_path of 0018.

-- Who may plan and move trips: the person's own login (session_user), as the finance
-- checks do, so SET ROLE or a SECURITY DEFINER function cannot change who is asking.
CREATE OR REPLACE FUNCTION kite_is_logistics() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_has_role(session_user, 'kite_logistics', 'MEMBER') OR pg_has_role(session_user, 'kite_admin', 'MEMBER')
$$;
ALTER FUNCTION kite_is_logistics() SET search_path = pg_catalog, public, pg_temp;

ALTER FUNCTION kite_refuse(text, text, jsonb) SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION kite_runs_as_owner() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION trips_notify() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION trip_stops_eta_reset() SET search_path = pg_catalog, public, pg_temp;

-- Reading: staff and kited; writing stays 0025's (kite_logistics, kite_admin).
REVOKE ALL ON trucks, drivers, trips, trip_stops, trip_vehicles, trip_number_counters, vehicle_transfers FROM PUBLIC;
GRANT SELECT ON trucks, drivers, trips, trip_stops, trip_vehicles, vehicle_transfers TO kite_staff, kite_kited;
GRANT EXECUTE ON FUNCTION trip_eta_watch(int) TO kite_kited;

-- A trip is its dealership's and its route's: the function reads them as the owner, so
-- the policies of trips and of its stops do not call each other.
CREATE FUNCTION kite_trip_visible(trip bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT public.kite_sees_all_dealerships()
        OR EXISTS (SELECT 1 FROM public.trips t WHERE t.id = trip AND t.dealership_id = ANY (public.kite_my_dealerships()))
        OR EXISTS (SELECT 1 FROM public.trip_stops s JOIN public.locations l ON l.id = s.location_id
                    WHERE s.trip_id = trip AND l.dealership_id = ANY (public.kite_my_dealerships()))
$$;
REVOKE ALL ON FUNCTION kite_trip_visible(bigint) FROM PUBLIC;
-- It says only whether the asking login may see a trip: every login may ask (the
-- policies ask it for whoever reads).
GRANT EXECUTE ON FUNCTION kite_trip_visible(bigint) TO PUBLIC;

DROP POLICY trips_read ON trips;
DROP POLICY trips_write ON trips;
DROP POLICY trips_update ON trips;
-- The own-dealership test comes first: a row being inserted (INSERT … RETURNING) is not
-- yet visible to the function's own query.
CREATE POLICY trips_read ON trips FOR SELECT USING (
    (SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[])
    OR kite_trip_visible(id));
CREATE POLICY trips_write ON trips FOR INSERT WITH CHECK (
    kite_is_logistics() AND ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[])));
CREATE POLICY trips_update ON trips FOR UPDATE USING (kite_is_logistics() AND kite_trip_visible(id))
    WITH CHECK (kite_is_logistics() AND kite_trip_visible(id));

DROP POLICY trip_stops_read ON trip_stops;
DROP POLICY trip_stops_write ON trip_stops;
CREATE POLICY trip_stops_read ON trip_stops FOR SELECT USING (kite_trip_visible(trip_id));
CREATE POLICY trip_stops_write ON trip_stops FOR ALL USING (kite_is_logistics() AND kite_trip_visible(trip_id))
    WITH CHECK (kite_is_logistics() AND kite_trip_visible(trip_id));

DROP POLICY trip_vehicles_read ON trip_vehicles;
CREATE POLICY trip_vehicles_read ON trip_vehicles FOR SELECT USING (kite_trip_visible(trip_id));

DROP POLICY vehicle_transfers_read ON vehicle_transfers;
CREATE POLICY vehicle_transfers_read ON vehicle_transfers FOR SELECT USING (
    (SELECT kite_sees_all_dealerships())
    OR from_dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[])
    OR to_dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]));

ALTER TABLE trip_number_counters ENABLE ROW LEVEL SECURITY;

SELECT kite_audit_attach('trucks');
SELECT kite_audit_attach('drivers');
SELECT kite_audit_attach('trips');
SELECT kite_audit_attach('trip_stops');
SELECT kite_audit_attach('trip_vehicles', ARRAY['trip_id', 'vehicle_id']);
SELECT kite_audit_attach('vehicle_transfers');

-- Logistics moves every dealership's cars: a clerk reads the cars of all of them (the
-- trips' cars, the picker at a port), and changes them only through the trip commands.
CREATE POLICY vehicles_logistics_read ON vehicles FOR SELECT USING ((SELECT kite_is_logistics()));

-- Inspections, claims (0026) and the cost ledger (0027): read by staff and kited, scoped
-- like their trip or car; written only through their functions and grants.
REVOKE ALL ON inspections, inspection_damages, claims, vehicle_costs, vehicle_cost_weights FROM PUBLIC;
GRANT SELECT ON inspections, inspection_damages, claims, vehicle_costs, vehicle_cost_weights TO kite_staff, kite_kited;
ALTER FUNCTION inspection_photos_ok(text[]) SET search_path = pg_catalog, public, pg_temp;

DROP POLICY inspections_read ON inspections;
CREATE POLICY inspections_read ON inspections FOR SELECT USING (kite_trip_visible(trip_id));
DROP POLICY claims_read ON claims;
CREATE POLICY claims_read ON claims FOR SELECT USING (kite_trip_visible(trip_id));
DROP POLICY inspection_damages_read ON inspection_damages;
CREATE POLICY inspection_damages_read ON inspection_damages FOR SELECT USING (
    EXISTS (SELECT 1 FROM inspections i WHERE i.id = inspection_id));
-- A car's costs: every staff login reads them (no personal data; scoping them by the
-- car's dealership recursed through the ledger's own policies, left for later).
DROP POLICY vehicle_costs_read ON vehicle_costs;
CREATE POLICY vehicle_costs_read ON vehicle_costs FOR SELECT USING (true);

SELECT kite_audit_attach('inspections');
SELECT kite_audit_attach('inspection_damages');
SELECT kite_audit_attach('claims');
SELECT kite_audit_attach('vehicle_costs');
SELECT kite_audit_attach('vehicle_cost_weights', ARRAY['vehicle_type']);

-- The dealership's time zone (0015) has the length limit every text column has (0016).
ALTER TABLE dealerships ADD CONSTRAINT dealerships_time_zone_length CHECK (length(time_zone) <= 64);
