-- A car's status moves only with the rules that carry it (issue 11):
--
--   * deals move it (kite_deal_move: reserved, sold, delivered, back in stock), trips
--     (trip_depart, trip_arrive, trip_cancel…: in transit, arrived), the purchase of a
--     used car (appraisal_buy) and kited's expiry of reservations
--     (kite_reservations_expire, 0041) — all SECURITY DEFINER;
--   * what a person changes by hand on the stock screen (ordered → in transit or in
--     stock, in stock ⇄ in preparation, a write-off before the sale) goes through
--     kite_vehicle_set_status, with the transitions of VehicleStatus+Transitions.swift
--     (manualTransition: allowedNext without what a deal owns);
--   * nobody keeps UPDATE of vehicles.status; a new car is entered as ordered, in
--     transit, in stock, in preparation or written off, never reserved, sold or
--     delivered (those belong to a deal) — the owner excepted (fixtures, the demo).
-- And kite_trip_visible / kite_trips_reaching_me (0029, 0036), which answer for
-- the trips' read policies, are no longer executable by every login: staff and kited,
-- whose reads the policies serve.

-- Manual status changes -------------------------------------------------------------

CREATE FUNCTION kite_vehicle_set_status(vehicle bigint, target text, actor text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    car public.vehicles;
    who text := public.kite_actor(actor);
BEGIN
    SELECT * INTO car FROM public.vehicles WHERE id = vehicle FOR UPDATE;
    PERFORM public.kite_require_dealership(car.dealership_id, 'vehicle_not_found', 'vehicle ' || vehicle);
    PERFORM public.kite_require_any_role(ARRAY['kite_operator', 'kite_manager', 'kite_logistics', 'kite_appraiser'],
                                         'kite_stock_role', 'change_status');
    IF NOT ((car.status = 'ordered' AND target IN ('in_transit', 'in_stock', 'written_off'))
            OR (car.status = 'in_transit' AND target IN ('in_stock', 'written_off'))
            OR (car.status = 'in_stock' AND target IN ('in_preparation', 'written_off'))
            OR (car.status = 'in_preparation' AND target IN ('in_stock', 'written_off'))) THEN
        PERFORM public.kite_refuse(
            CASE WHEN target IN ('reserved', 'sold', 'delivered') OR car.status IN ('reserved', 'sold', 'delivered')
                 THEN 'vehicle_status_deal' ELSE 'vehicle_status_path' END,
            pg_catalog.format('vehicle %s cannot change from %s to %s by hand', car.stock_number, car.status, target),
            pg_catalog.jsonb_build_object('stock_number', car.stock_number, 'status', car.status, 'target_status', target));
    END IF;
    UPDATE public.vehicles SET status = target, version = version + 1, updated_at = now(), updated_by = who
    WHERE id = vehicle;
END
$$;

-- A new car does not start in a status a deal owns.
CREATE FUNCTION vehicles_insert_status() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.status IN ('reserved', 'sold', 'delivered') AND NOT public.kite_is_owner() THEN
        PERFORM public.kite_refuse('vehicle_status_deal',
            pg_catalog.format('vehicle %s cannot be entered as %s: a deal reserves, sells and hands over a car',
                              NEW.stock_number, NEW.status),
            pg_catalog.jsonb_build_object('stock_number', NEW.stock_number, 'target_status', NEW.status));
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER vehicles_insert_status BEFORE INSERT ON vehicles
    FOR EACH ROW EXECUTE FUNCTION vehicles_insert_status();

REVOKE ALL ON FUNCTION kite_vehicle_set_status(bigint, text, text), vehicles_insert_status() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_vehicle_set_status(bigint, text, text)
    TO kite_operator, kite_manager, kite_logistics, kite_appraiser;

-- The card edits every column but the status (and the keys and stamps the database keeps).
REVOKE UPDATE ON vehicles FROM kite_operator, kite_manager, kite_logistics, kite_appraiser;
GRANT UPDATE (stock_number, vin, make, model, trim, year, colour, body, fuel, transmission, mileage_km, condition,
              vehicle_type, dealership_id, location_id, purchase_cost, list_price, arrival_date, attributes,
              bought_from_private_person, version, updated_at, updated_by)
    ON vehicles TO kite_operator, kite_manager, kite_logistics, kite_appraiser;

-- The trips' visibility -------------------------------------------------------------

REVOKE EXECUTE ON FUNCTION kite_trip_visible(bigint), kite_trips_reaching_me() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_trip_visible(bigint), kite_trips_reaching_me() TO kite_staff, kite_kited;
