-- Trips planned from an importer's shipment notice (issue 12, `kite import shipments`): a
-- planned trip may wait for its carrier and truck. They are required from loading on:
-- trip_start_loading and trip_depart refuse without a carrier, a truck and a driver
-- (trip_crew_missing), and a CHECK holds it for any other writer. Until its truck is
-- chosen a trip takes at most 12 cars (the largest truck); a truck or driver set on a
-- trip without a carrier is refused (trip_carrier_missing).

ALTER TABLE trips ALTER COLUMN carrier_id DROP NOT NULL;
ALTER TABLE trips ADD CONSTRAINT trips_crew_before_loading
    CHECK (stage IN ('planned', 'cancelled') OR (carrier_id IS NOT NULL AND truck_id IS NOT NULL AND driver_id IS NOT NULL));

CREATE OR REPLACE FUNCTION trips_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    capacity int;
    loaded int;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.stage IS DISTINCT FROM NEW.stage AND NOT public.kite_in_trip_command() THEN
        PERFORM public.kite_refuse('trip_stage', 'a trip''s stage changes only through its commands (trip_start_loading, trip_depart, trip_arrive, trip_close, trip_cancel)');
    END IF;
    IF TG_OP = 'INSERT' AND NEW.stage <> 'planned' THEN
        PERFORM public.kite_refuse('trip_stage', 'a new trip is planned');
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.stage IN ('closed', 'cancelled') AND OLD.stage = NEW.stage THEN
        PERFORM public.kite_refuse('trip_finished', format('trip %s is %s: it can no longer be changed', OLD.number, OLD.stage),
            jsonb_build_object('number', OLD.number, 'stage', OLD.stage));
    END IF;
    IF NEW.carrier_id IS NULL AND (NEW.truck_id IS NOT NULL OR NEW.driver_id IS NOT NULL OR NEW.second_driver_id IS NOT NULL) THEN
        PERFORM public.kite_refuse('trip_carrier_missing', format('trip %s has no carrier: choose the carrier before its truck and drivers', NEW.number),
            jsonb_build_object('number', NEW.number));
    END IF;
    IF NEW.truck_id IS NOT NULL THEN
        IF NOT EXISTS (SELECT 1 FROM public.trucks WHERE id = NEW.truck_id AND carrier_id = NEW.carrier_id) THEN
            PERFORM public.kite_refuse('trip_truck_carrier', 'the truck belongs to another carrier');
        END IF;
        SELECT t.capacity INTO capacity FROM public.trucks t WHERE t.id = NEW.truck_id;
        SELECT count(*) INTO loaded FROM public.trip_vehicles WHERE trip_id = NEW.id AND state IN ('assigned', 'on_board')
            AND bay > capacity;
        IF loaded > 0 THEN
            PERFORM public.kite_refuse('trip_capacity', format('the truck takes %s cars: %s of the trip''s cars are in bays beyond that', capacity, loaded),
                jsonb_build_object('capacity', capacity, 'count', loaded));
        END IF;
    END IF;
    IF NEW.driver_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM public.drivers WHERE id = NEW.driver_id AND carrier_id = NEW.carrier_id) THEN
        PERFORM public.kite_refuse('trip_driver_carrier', 'the driver works for another carrier');
    END IF;
    IF NEW.second_driver_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM public.drivers WHERE id = NEW.second_driver_id AND carrier_id = NEW.carrier_id) THEN
        PERFORM public.kite_refuse('trip_driver_carrier', 'the second driver works for another carrier');
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION trip_add_vehicle(trip bigint, vehicle bigint, pickup_stop bigint, drop_stop bigint, wanted_bay int,
                                 agreed_price numeric, actor text)
RETURNS int LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.trips;
    capacity int;
    taken int;
    chosen int := wanted_bay;
    v public.vehicles;
    other text;
    deal_dealership bigint;
    drop_dealership bigint;
    pickup_position int;
    drop_position int;
BEGIN
    PERFORM public.kite_require_logistics('load a trip');
    t := public.trip_lock(trip, ARRAY['planned', 'loading'], 'take cars');
    -- A trip still without its truck (planned from a shipment notice) holds at most as many
    -- cars as the largest truck (12 bays); choosing a smaller truck later is refused by
    -- trips_guard while more cars are on it.
    IF t.truck_id IS NULL THEN
        capacity := 12;
    ELSE
        SELECT tk.capacity INTO capacity FROM public.trucks tk WHERE tk.id = t.truck_id;
    END IF;
    SELECT count(*) INTO taken FROM public.trip_vehicles WHERE trip_id = trip AND state IN ('assigned', 'on_board');
    IF taken >= capacity THEN
        PERFORM public.kite_refuse('trip_full', format('trip %s is full: %s of %s bays are taken', t.number, taken, capacity),
            jsonb_build_object('number', t.number, 'count', taken, 'capacity', capacity));
    END IF;
    SELECT * INTO v FROM public.vehicles WHERE id = vehicle FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM public.kite_refuse('trip_vehicle_not_found', format('no vehicle %s', vehicle));
    END IF;
    SELECT tr.number INTO other FROM public.trip_vehicles tv JOIN public.trips tr ON tr.id = tv.trip_id
     WHERE tv.vehicle_id = vehicle AND tv.state IN ('assigned', 'on_board');
    IF other IS NOT NULL THEN
        PERFORM public.kite_refuse('trip_vehicle_elsewhere', format('vehicle %s is already on trip %s', v.stock_number, other),
            jsonb_build_object('stock_number', v.stock_number, 'number', other));
    END IF;
    IF v.status NOT IN ('ordered', 'in_stock', 'in_preparation', 'reserved') THEN
        PERFORM public.kite_refuse('trip_vehicle_status', format('vehicle %s is %s: only a car that is ordered, in stock, in preparation or reserved travels', v.stock_number, v.status),
            jsonb_build_object('stock_number', v.stock_number, 'status', v.status));
    END IF;
    SELECT position INTO pickup_position FROM public.trip_stops WHERE id = pickup_stop AND trip_id = trip;
    SELECT position INTO drop_position FROM public.trip_stops WHERE id = drop_stop AND trip_id = trip;
    IF pickup_position IS NULL OR drop_position IS NULL THEN
        PERFORM public.kite_refuse('trip_stop_not_on_trip', format('the pickup and drop stops must be stops of trip %s', t.number),
            jsonb_build_object('number', t.number));
    END IF;
    IF drop_position <= pickup_position THEN
        PERFORM public.kite_refuse('trip_stop_order', 'the drop stop must come after the pickup stop');
    END IF;
    IF v.status = 'reserved' THEN
        SELECT d.dealership_id INTO deal_dealership FROM public.deals d
         WHERE d.vehicle_id = vehicle AND d.stage IN ('reserved', 'contracted') ORDER BY d.id DESC LIMIT 1;
        SELECT l.dealership_id INTO drop_dealership FROM public.trip_stops s JOIN public.locations l ON l.id = s.location_id WHERE s.id = drop_stop;
        IF deal_dealership IS NOT NULL AND drop_dealership IS DISTINCT FROM deal_dealership THEN
            PERFORM public.kite_refuse('trip_reserved_destination', format('vehicle %s is reserved: it may travel only to its deal''s dealership', v.stock_number),
                jsonb_build_object('stock_number', v.stock_number));
        END IF;
    END IF;
    IF agreed_price < 0 THEN
        PERFORM public.kite_refuse('trip_transfer_price', 'the transfer price is not below zero');
    END IF;
    IF chosen IS NULL THEN
        SELECT min(b) INTO chosen FROM generate_series(1, capacity) b
         WHERE NOT EXISTS (SELECT 1 FROM public.trip_vehicles WHERE trip_id = trip AND bay = b AND state IN ('assigned', 'on_board'));
    ELSIF chosen < 1 OR chosen > capacity THEN
        PERFORM public.kite_refuse('trip_capacity', format('bay %s: the truck has bays 1 to %s', chosen, capacity),
            jsonb_build_object('bay', chosen, 'capacity', capacity));
    ELSIF EXISTS (SELECT 1 FROM public.trip_vehicles WHERE trip_id = trip AND bay = chosen AND state IN ('assigned', 'on_board')) THEN
        PERFORM public.kite_refuse('trip_bay_taken', format('bay %s of trip %s is taken', chosen, t.number),
            jsonb_build_object('bay', chosen, 'number', t.number));
    END IF;
    -- A car taken off earlier comes back in the same row.
    INSERT INTO public.trip_vehicles AS tv (trip_id, vehicle_id, bay, pickup_stop_id, drop_stop_id, state, transfer_price)
    VALUES (trip, vehicle, chosen, pickup_stop, drop_stop, 'assigned', agreed_price)
    ON CONFLICT (trip_id, vehicle_id) DO UPDATE
       SET bay = EXCLUDED.bay, pickup_stop_id = EXCLUDED.pickup_stop_id, drop_stop_id = EXCLUDED.drop_stop_id,
           transfer_price = EXCLUDED.transfer_price,
           state = 'assigned', removed_reason = '', dropped_at = NULL;
    INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
    VALUES ('trip', trip, 'add_vehicle', actor, jsonb_build_object('db_login', session_user::text,
            'vehicle_id', vehicle, 'stock_number', v.stock_number, 'bay', chosen));
    UPDATE public.trips SET version = version + 1, updated_at = now(), updated_by = actor WHERE id = trip;
    RETURN chosen;
END
$$;

CREATE OR REPLACE FUNCTION trip_start_loading(trip bigint, actor text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.trips;
BEGIN
    PERFORM public.kite_require_logistics('start loading a trip');
    t := public.trip_lock(trip, ARRAY['planned'], 'start loading');
    IF t.carrier_id IS NULL OR t.truck_id IS NULL OR t.driver_id IS NULL THEN
        PERFORM public.kite_refuse('trip_crew_missing', format('trip %s needs a carrier, a truck and a driver before loading', t.number),
            jsonb_build_object('number', t.number));
    END IF;
    PERFORM public.trip_set_stage(t, 'loading', actor, '{}');
END
$$;

CREATE OR REPLACE FUNCTION trip_depart(trip bigint, actor text) RETURNS int LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.trips;
    cars int;
    stops int;
BEGIN
    PERFORM public.kite_require_logistics('dispatch a trip');
    t := public.trip_lock(trip, ARRAY['planned', 'loading'], 'depart');
    IF t.carrier_id IS NULL OR t.truck_id IS NULL OR t.driver_id IS NULL THEN
        PERFORM public.kite_refuse('trip_crew_missing', format('trip %s needs a carrier, a truck and a driver before it departs', t.number),
            jsonb_build_object('number', t.number));
    END IF;
    SELECT count(*) INTO stops FROM public.trip_stops WHERE trip_id = trip;
    IF stops < 2 THEN
        PERFORM public.kite_refuse('trip_route_missing', format('trip %s needs at least two stops', t.number),
            jsonb_build_object('number', t.number));
    END IF;
    SELECT count(*) INTO cars FROM public.trip_vehicles WHERE trip_id = trip AND state = 'assigned';
    IF cars = 0 THEN
        PERFORM public.kite_refuse('trip_empty', format('trip %s has no cars on board', t.number),
            jsonb_build_object('number', t.number));
    END IF;
    UPDATE public.trip_vehicles tv SET state = 'on_board', status_before = v.status
      FROM public.vehicles v WHERE v.id = tv.vehicle_id AND tv.trip_id = trip AND tv.state = 'assigned';
    UPDATE public.vehicles v SET status = 'in_transit', version = v.version + 1, updated_at = now(), updated_by = actor
      FROM public.trip_vehicles tv
     WHERE tv.trip_id = trip AND tv.vehicle_id = v.id AND tv.state = 'on_board' AND v.status <> 'reserved';
    -- Leaving the first stop counts as having been there.
    PERFORM set_config('kite.trip_command', 'on', true);
    UPDATE public.trip_stops SET arrived_at = now() WHERE trip_id = trip AND position = 1 AND arrived_at IS NULL;
    PERFORM set_config('kite.trip_command', 'off', true);
    PERFORM public.trip_set_stage(t, 'in_transit', actor, jsonb_build_object('cars', cars));
    RETURN cars;
END
$$;
