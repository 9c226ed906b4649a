-- Logistics, the trips (issue 12): the carriers' trucks and drivers, trips with their
-- ordered stops and the cars on board (each in its bay), and the stage machine whose
-- every step moves the cars in the same transaction.
--
-- Who may write: members of kite_logistics or kite_admin (kite_is_logistics(), 0014),
-- by grants and row-level security; everybody reads. Stage changes and loading go
-- through the functions below only (the direct UPDATE of a trip's stage, and any
-- write to trip_vehicles, is not granted): they lock the trip, check the rule, name
-- the refusal, and change the cars with it. Every change leaves an audit row written
-- by the database.

-- ---------------------------------------------------------------- trucks, drivers

CREATE TABLE trucks (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    carrier_id    bigint NOT NULL REFERENCES carriers (id),
    -- Russian registration plates in Cyrillic: А123ВС77 / А123ВС777; a trailer АВ123477.
    plate         text NOT NULL UNIQUE CHECK (plate ~ '^[АВЕКМНОРСТУХ][0-9]{3}[АВЕКМНОРСТУХ]{2}[0-9]{2,3}$'),
    trailer_plate text NOT NULL DEFAULT '' CHECK (trailer_plate = '' OR trailer_plate ~ '^[АВЕКМНОРСТУХ]{2}[0-9]{4}[0-9]{2,3}$'),
    capacity      int NOT NULL CHECK (capacity BETWEEN 1 AND 12),
    model         text NOT NULL DEFAULT '' CHECK (length(model) <= 100 AND model !~ '[[:cntrl:]]'),
    active        boolean NOT NULL DEFAULT true,
    version       integer NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 63)
);
CREATE INDEX trucks_carrier ON trucks (carrier_id, plate);

CREATE TABLE drivers (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    carrier_id     bigint NOT NULL REFERENCES carriers (id),
    full_name      text NOT NULL CHECK (length(btrim(full_name)) BETWEEN 1 AND 200 AND full_name !~ '[[:cntrl:]]'),
    phone          text NOT NULL DEFAULT '' CHECK (phone = '' OR phone ~ '^\+7[0-9]{10}$'),
    -- A Russian driving licence: series of 4 (digits, or 2 digits and 2 Cyrillic letters
    -- on the old forms) and a number of 6 digits.
    licence_number text NOT NULL UNIQUE CHECK (licence_number ~ '^[0-9]{2}([0-9]{2}|[А-Я]{2})[0-9]{6}$'),
    active         boolean NOT NULL DEFAULT true,
    version        integer NOT NULL DEFAULT 1,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    updated_by     text NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 63)
);
CREATE INDEX drivers_carrier ON drivers (carrier_id, lower(full_name));

-- ---------------------------------------------------------------- trips

CREATE TABLE trip_number_counters (
    dealership_id bigint NOT NULL REFERENCES dealerships (id),
    year          int NOT NULL,
    last_number   bigint NOT NULL CHECK (last_number >= 0),
    PRIMARY KEY (dealership_id, year)
);

CREATE TABLE trips (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number            text NOT NULL UNIQUE CHECK (number ~ '^[A-Z0-9]{2,10}-TR-[0-9]{4}-[0-9]{6}$'),
    dealership_id     bigint NOT NULL REFERENCES dealerships (id),
    carrier_id        bigint NOT NULL REFERENCES carriers (id),
    truck_id          bigint REFERENCES trucks (id),
    driver_id         bigint REFERENCES drivers (id),
    second_driver_id  bigint REFERENCES drivers (id),
    stage             text NOT NULL DEFAULT 'planned' CHECK (stage IN
                          ('planned', 'loading', 'in_transit', 'arrived', 'closed', 'cancelled')),
    planned_departure timestamptz,
    departed_at       timestamptz,
    closed_at         timestamptz,
    price             numeric(14,2) CHECK (price >= 0),
    notes             text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000 AND notes !~ '[\x01-\x08\x0b-\x1f\x7f]'),
    cancel_reason     text NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 500 AND cancel_reason !~ '[[:cntrl:]]'),
    clerk_login       text NOT NULL CHECK (length(clerk_login) BETWEEN 1 AND 63),
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    updated_by        text NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 63),
    CHECK (second_driver_id IS NULL OR second_driver_id <> driver_id),
    CHECK (stage <> 'cancelled' OR cancel_reason <> ''),
    CHECK (stage IN ('planned', 'loading', 'cancelled') OR (departed_at IS NOT NULL AND truck_id IS NOT NULL AND driver_id IS NOT NULL))
);
CREATE INDEX trips_stage ON trips (stage, id);
CREATE INDEX trips_dealership ON trips (dealership_id, id);
CREATE INDEX trips_carrier ON trips (carrier_id, id);

CREATE TABLE trip_stops (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trip_id     bigint NOT NULL REFERENCES trips (id),
    position    int NOT NULL CHECK (position BETWEEN 1 AND 50),
    -- One of ours (port, yard, showroom, another dealership's) or an external address.
    location_id bigint REFERENCES locations (id),
    address     text NOT NULL DEFAULT '' CHECK (length(address) <= 300 AND address !~ '[[:cntrl:]]'),
    eta         timestamptz,
    arrived_at  timestamptz,
    UNIQUE (trip_id, position),
    CHECK (location_id IS NOT NULL OR btrim(address) <> '')
);

CREATE TABLE trip_vehicles (
    trip_id        bigint NOT NULL REFERENCES trips (id),
    vehicle_id     bigint NOT NULL REFERENCES vehicles (id),
    bay            int NOT NULL CHECK (bay BETWEEN 1 AND 12),
    pickup_stop_id bigint NOT NULL REFERENCES trip_stops (id),
    drop_stop_id   bigint NOT NULL REFERENCES trip_stops (id),
    -- assigned (planned on it) → on_board (departed) → dropped; removed: taken off before
    -- departure, moved to another trip (with its reason) or the trip cancelled.
    state          text NOT NULL DEFAULT 'assigned' CHECK (state IN ('assigned', 'on_board', 'dropped', 'removed')),
    status_before  text,
    -- What the receiving dealership pays when the drop moves the car to it (its purchase
    -- cost when not agreed otherwise).
    transfer_price numeric(14,2) CHECK (transfer_price >= 0),
    removed_reason text NOT NULL DEFAULT '' CHECK (length(removed_reason) <= 500 AND removed_reason !~ '[[:cntrl:]]'),
    dropped_at     timestamptz,
    PRIMARY KEY (trip_id, vehicle_id),
    CHECK (pickup_stop_id <> drop_stop_id)
);
-- A bay holds one car, a car rides one trip at a time.
CREATE UNIQUE INDEX trip_vehicles_bay ON trip_vehicles (trip_id, bay) WHERE state IN ('assigned', 'on_board');
CREATE UNIQUE INDEX trip_vehicles_one_trip ON trip_vehicles (vehicle_id) WHERE state IN ('assigned', 'on_board');

-- A car moved between dealerships, by a trip or by hand, at its agreed price.
CREATE TABLE vehicle_transfers (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vehicle_id         bigint NOT NULL REFERENCES vehicles (id),
    from_dealership_id bigint NOT NULL REFERENCES dealerships (id),
    to_dealership_id   bigint NOT NULL REFERENCES dealerships (id),
    trip_id            bigint REFERENCES trips (id),
    agreed_price       numeric(14,2) NOT NULL CHECK (agreed_price >= 0),
    at                 timestamptz NOT NULL DEFAULT now(),
    actor              text NOT NULL,
    CHECK (from_dealership_id <> to_dealership_id)
);
CREATE INDEX vehicle_transfers_vehicle ON vehicle_transfers (vehicle_id, id);

-- ---------------------------------------------------------------- guards

-- A refusal of a rule: SQLSTATE P0001, the CONSTRAINT field naming the rule, the
-- message in English for psql, and the values the application puts into its own
-- words (Russian or English) as a JSON object in DETAIL.
CREATE FUNCTION kite_refuse(rule text, message text, vals jsonb DEFAULT '{}') RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION '%', message USING ERRCODE = 'raise_exception', CONSTRAINT = rule, DETAIL = vals::text;
END
$$;

CREATE FUNCTION kite_require_logistics(action text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT public.kite_is_logistics() THEN
        RAISE EXCEPTION 'database login % is not a member of kite_logistics: it may not %', session_user, action
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'kite_logistics_role';
    END IF;
END
$$;

-- True inside the SECURITY DEFINER commands below (they run as the tables' owner):
-- what only a command may do is refused to a direct write.
CREATE FUNCTION kite_runs_as_owner() RETURNS boolean LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT current_user = (SELECT r.rolname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_roles r ON r.oid = c.relowner
                            WHERE c.oid = 'public.trips'::regclass)
$$;

-- True only inside a trip command: the command sets kite.trip_command for its own
-- statements, and runs as the owner, so a client setting the variable itself gains
-- nothing, and neither does the owner writing directly.
CREATE FUNCTION kite_in_trip_command() RETURNS boolean LANGUAGE sql VOLATILE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT coalesce(current_setting('kite.trip_command', true), '') = 'on' AND public.kite_runs_as_owner()
$$;

-- The truck's capacity bounds every bay, whoever writes the row.
CREATE FUNCTION trip_vehicles_bay_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    capacity int;
BEGIN
    SELECT t.capacity INTO capacity FROM public.trips tr JOIN public.trucks t ON t.id = tr.truck_id WHERE tr.id = NEW.trip_id;
    IF capacity IS NOT NULL AND NEW.bay > capacity THEN
        PERFORM public.kite_refuse('trip_capacity', format('bay %s is beyond the truck''s capacity of %s cars', NEW.bay, capacity),
            jsonb_build_object('bay', NEW.bay, 'capacity', capacity));
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER trip_vehicles_bay_guard BEFORE INSERT OR UPDATE OF bay ON trip_vehicles
    FOR EACH ROW EXECUTE FUNCTION trip_vehicles_bay_guard();

-- A smaller truck may not be set on a trip that already carries more cars, nor a
-- truck or driver of another carrier.
CREATE FUNCTION trips_guard() RETURNS trigger LANGUAGE plpgsql
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
CREATE TRIGGER trips_guard BEFORE INSERT OR UPDATE ON trips FOR EACH ROW EXECUTE FUNCTION trips_guard();

-- Stops change only while the trip has not left (ETA and arrival go through functions).
CREATE FUNCTION trip_stops_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    trip_stage text;
    the_trip bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.trip_id ELSE NEW.trip_id END;
BEGIN
    SELECT stage INTO trip_stage FROM public.trips WHERE id = the_trip;
    IF trip_stage NOT IN ('planned', 'loading') AND NOT public.kite_in_trip_command() THEN
        IF TG_OP = 'UPDATE' AND OLD.location_id IS NOT DISTINCT FROM NEW.location_id AND OLD.address = NEW.address
           AND OLD.position = NEW.position AND OLD.arrived_at IS NOT DISTINCT FROM NEW.arrived_at THEN
            RETURN NEW;  -- a new ETA on the way
        END IF;
        PERFORM public.kite_refuse('trip_stops_frozen', 'the trip has left: its route no longer changes');
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM public.trip_vehicles v WHERE (v.pickup_stop_id = OLD.id OR v.drop_stop_id = OLD.id) AND v.state <> 'removed') THEN
            PERFORM public.kite_refuse('trip_stop_in_use', 'cars are picked up or dropped at this stop');
        END IF;
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER trip_stops_guard BEFORE INSERT OR UPDATE OR DELETE ON trip_stops
    FOR EACH ROW EXECUTE FUNCTION trip_stops_guard();

-- ---------------------------------------------------------------- commands

CREATE FUNCTION trip_next_number(dealership bigint, on_day date) RETURNS text LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    code text;
    n bigint;
BEGIN
    PERFORM public.kite_require_logistics('number a trip');
    SELECT d.code INTO code FROM public.dealerships d WHERE d.id = dealership;
    IF code IS NULL THEN
        PERFORM public.kite_refuse('trip_dealership', format('no dealership %s', dealership));
    END IF;
    INSERT INTO public.trip_number_counters AS c (dealership_id, year, last_number)
    VALUES (dealership, extract(year FROM on_day)::int, 1)
    ON CONFLICT (dealership_id, year) DO UPDATE SET last_number = c.last_number + 1
    RETURNING last_number INTO n;
    RETURN format('%s-TR-%s-%s', code, extract(year FROM on_day)::int, lpad(n::text, 6, '0'));
END
$$;

-- Locks the trip and returns it, refusing when its stage is not one of `allowed`.
CREATE FUNCTION trip_lock(trip bigint, allowed text[], action text) RETURNS public.trips LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.trips;
BEGIN
    SELECT * INTO t FROM public.trips WHERE id = trip FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM public.kite_refuse('trip_not_found', format('no trip %s', trip));
    END IF;
    IF NOT (t.stage = ANY (allowed)) THEN
        PERFORM public.kite_refuse('trip_stage', format('trip %s is %s: it cannot %s', t.number, t.stage, action),
            jsonb_build_object('number', t.number, 'stage', t.stage, 'action', action));
    END IF;
    RETURN t;
END
$$;

-- Puts a car on a trip: in `bay`, or the lowest free one. The trip row is locked, so
-- two clerks adding the last car at once are served one after the other: the second
-- is told the truck is full.
CREATE FUNCTION trip_add_vehicle(trip bigint, vehicle bigint, pickup_stop bigint, drop_stop bigint, wanted_bay int,
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
    IF t.truck_id IS NULL THEN
        PERFORM public.kite_refuse('trip_no_truck', format('trip %s has no truck yet: choose one before loading cars', t.number),
            jsonb_build_object('number', t.number));
    END IF;
    SELECT tk.capacity INTO capacity FROM public.trucks tk WHERE tk.id = t.truck_id;
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

-- Takes a car off a trip before departure, or moves it to another trip (a split load),
-- always with a reason.
CREATE FUNCTION trip_remove_vehicle(trip bigint, vehicle bigint, reason text, actor text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.trips;
BEGIN
    PERFORM public.kite_require_logistics('unload a trip');
    IF btrim(coalesce(reason, '')) = '' THEN
        PERFORM public.kite_refuse('trip_reason_required', 'say why the car comes off the trip');
    END IF;
    t := public.trip_lock(trip, ARRAY['planned', 'loading'], 'give up cars');
    UPDATE public.trip_vehicles SET state = 'removed', removed_reason = btrim(reason)
     WHERE trip_id = trip AND vehicle_id = vehicle AND state = 'assigned';
    IF NOT FOUND THEN
        PERFORM public.kite_refuse('trip_vehicle_not_on_trip', format('the car is not on trip %s', t.number),
            jsonb_build_object('number', t.number));
    END IF;
    INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
    VALUES ('trip', trip, 'remove_vehicle', actor, jsonb_build_object('db_login', session_user::text,
            'vehicle_id', vehicle, 'reason', btrim(reason)));
    UPDATE public.trips SET version = version + 1, updated_at = now(), updated_by = actor WHERE id = trip;
END
$$;

CREATE FUNCTION trip_move_vehicle(from_trip bigint, to_trip bigint, vehicle bigint, pickup_stop bigint, drop_stop bigint,
                                  reason text, actor text) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    -- Lock both trips in id order so two opposite moves cannot deadlock.
    PERFORM 1 FROM public.trips WHERE id IN (from_trip, to_trip) ORDER BY id FOR UPDATE;
    IF btrim(coalesce(reason, '')) = '' THEN
        PERFORM public.kite_refuse('trip_reason_required', 'say why the car moves to another trip');
    END IF;
    PERFORM public.trip_remove_vehicle(from_trip, vehicle, 'moved to another trip: ' || btrim(reason), actor);
    RETURN public.trip_add_vehicle(to_trip, vehicle, pickup_stop, drop_stop, NULL,
        (SELECT transfer_price FROM public.trip_vehicles WHERE trip_id = from_trip AND vehicle_id = vehicle), actor);
END
$$;

CREATE FUNCTION trip_set_stage(t public.trips, new_stage text, actor text, details jsonb) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM set_config('kite.trip_command', 'on', true);
    UPDATE public.trips SET stage = new_stage, version = version + 1, updated_at = now(), updated_by = actor,
           departed_at = CASE WHEN new_stage = 'in_transit' THEN now() ELSE departed_at END,
           closed_at = CASE WHEN new_stage IN ('closed', 'cancelled') THEN now() ELSE closed_at END
     WHERE id = t.id;
    PERFORM set_config('kite.trip_command', 'off', true);
    INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
    VALUES ('trip', t.id, new_stage, actor, jsonb_build_object('db_login', session_user::text, 'from', t.stage) || details);
    PERFORM pg_notify('trips', t.id::text || ':' || new_stage);
END
$$;

CREATE FUNCTION trip_start_loading(trip bigint, actor text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.trips;
BEGIN
    PERFORM public.kite_require_logistics('start loading a trip');
    t := public.trip_lock(trip, ARRAY['planned'], 'start loading');
    IF t.truck_id IS NULL OR t.driver_id IS NULL THEN
        PERFORM public.kite_refuse('trip_crew_missing', format('trip %s needs a truck and a driver before loading', t.number),
            jsonb_build_object('number', t.number));
    END IF;
    PERFORM public.trip_set_stage(t, 'loading', actor, '{}');
END
$$;

-- Departure: every car on board becomes in transit (a reserved car stays reserved:
-- its deal holds it; the trip shows it on the way).
CREATE FUNCTION trip_depart(trip bigint, actor text) RETURNS int LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.trips;
    cars int;
    stops int;
BEGIN
    PERFORM public.kite_require_logistics('dispatch a trip');
    t := public.trip_lock(trip, ARRAY['planned', 'loading'], 'depart');
    IF t.truck_id IS NULL OR t.driver_id IS NULL THEN
        PERFORM public.kite_refuse('trip_crew_missing', format('trip %s needs a truck and a driver before it departs', t.number),
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

-- Arrival at a stop: the cars dropped there are in stock at that location (or back to
-- what they were, when reserved); a car that changes dealership is transferred at
-- the car's agreed transfer price (its purchase cost when none was agreed). The last stop
-- makes the trip arrived. Returns the number of cars dropped.
CREATE FUNCTION trip_arrive(trip bigint, stop bigint, actor text) RETURNS int LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.trips;
    s public.trip_stops;
    stop_dealership bigint;
    dropped int;
    open_before int;
BEGIN
    PERFORM public.kite_require_logistics('record an arrival');
    t := public.trip_lock(trip, ARRAY['in_transit'], 'arrive');
    SELECT * INTO s FROM public.trip_stops WHERE id = stop AND trip_id = trip;
    IF NOT FOUND THEN
        PERFORM public.kite_refuse('trip_stop_not_on_trip', format('the stop is not on trip %s', t.number),
            jsonb_build_object('number', t.number));
    END IF;
    IF s.arrived_at IS NOT NULL THEN
        PERFORM public.kite_refuse('trip_stop_arrived', format('trip %s already arrived at stop %s', t.number, s.position),
            jsonb_build_object('number', t.number, 'position', s.position));
    END IF;
    SELECT count(*) INTO open_before FROM public.trip_stops
     WHERE trip_id = trip AND position < s.position AND arrived_at IS NULL
       AND EXISTS (SELECT 1 FROM public.trip_vehicles tv WHERE tv.drop_stop_id = trip_stops.id AND tv.state = 'on_board');
    IF open_before > 0 THEN
        PERFORM public.kite_refuse('trip_stop_skipped', format('cars are still to be dropped at an earlier stop of trip %s', t.number),
            jsonb_build_object('number', t.number));
    END IF;
    SELECT l.dealership_id INTO stop_dealership FROM public.locations l WHERE l.id = s.location_id;
    -- This stop, and any earlier one passed on the way (a pickup with nothing to drop).
    PERFORM set_config('kite.trip_command', 'on', true);
    UPDATE public.trip_stops SET arrived_at = now() WHERE trip_id = trip AND arrived_at IS NULL AND position <= s.position;
    PERFORM set_config('kite.trip_command', 'off', true);

    INSERT INTO public.vehicle_transfers (vehicle_id, from_dealership_id, to_dealership_id, trip_id, agreed_price, actor)
    SELECT v.id, v.dealership_id, stop_dealership, trip, coalesce(tv.transfer_price, v.purchase_cost), actor
      FROM public.trip_vehicles tv JOIN public.vehicles v ON v.id = tv.vehicle_id
     WHERE tv.trip_id = trip AND tv.drop_stop_id = stop AND tv.state = 'on_board'
       AND stop_dealership IS NOT NULL AND v.dealership_id <> stop_dealership;

    UPDATE public.vehicles v
       SET status = CASE WHEN v.status = 'in_transit' THEN 'in_stock' ELSE v.status END,
           location_id = coalesce(s.location_id, v.location_id),
           dealership_id = coalesce(stop_dealership, v.dealership_id),
           arrival_date = CASE WHEN v.status = 'in_transit' AND s.location_id IS NOT NULL
                               THEN coalesce(v.arrival_date, current_date) ELSE v.arrival_date END,
           version = v.version + 1, updated_at = now(), updated_by = actor
      FROM public.trip_vehicles tv
     WHERE tv.trip_id = trip AND tv.drop_stop_id = stop AND tv.state = 'on_board' AND tv.vehicle_id = v.id;
    UPDATE public.trip_vehicles SET state = 'dropped', dropped_at = now()
     WHERE trip_id = trip AND drop_stop_id = stop AND state = 'on_board';
    GET DIAGNOSTICS dropped = ROW_COUNT;

    IF NOT EXISTS (SELECT 1 FROM public.trip_vehicles WHERE trip_id = trip AND state = 'on_board') THEN
        PERFORM public.trip_set_stage(t, 'arrived', actor, jsonb_build_object('stop', s.position, 'dropped', dropped));
    ELSE
        INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
        VALUES ('trip', trip, 'arrive_stop', actor, jsonb_build_object('db_login', session_user::text, 'stop', s.position, 'dropped', dropped));
        UPDATE public.trips SET version = version + 1, updated_at = now(), updated_by = actor WHERE id = trip;
        PERFORM pg_notify('trips', trip::text || ':in_transit');
    END IF;
    RETURN dropped;
END
$$;

CREATE FUNCTION trip_close(trip bigint, actor text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.trips;
BEGIN
    PERFORM public.kite_require_logistics('close a trip');
    t := public.trip_lock(trip, ARRAY['arrived'], 'close');
    PERFORM public.trip_set_stage(t, 'closed', actor, '{}');
END
$$;

CREATE FUNCTION trip_cancel(trip bigint, reason text, actor text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.trips;
BEGIN
    PERFORM public.kite_require_logistics('cancel a trip');
    IF btrim(coalesce(reason, '')) = '' THEN
        PERFORM public.kite_refuse('trip_reason_required', 'say why the trip is cancelled');
    END IF;
    t := public.trip_lock(trip, ARRAY['planned', 'loading'], 'be cancelled');
    UPDATE public.trip_vehicles SET state = 'removed', removed_reason = 'trip cancelled: ' || btrim(reason)
     WHERE trip_id = trip AND state = 'assigned';
    UPDATE public.trips SET cancel_reason = btrim(reason) WHERE id = trip;
    PERFORM public.trip_set_stage(t, 'cancelled', actor, jsonb_build_object('reason', btrim(reason)));
END
$$;

-- ---------------------------------------------------------------- grants, RLS, audit

REVOKE ALL ON trucks, drivers, trips, trip_stops, trip_vehicles, trip_number_counters, vehicle_transfers FROM PUBLIC;
GRANT SELECT ON trucks, drivers, trips, trip_stops, trip_vehicles, vehicle_transfers TO PUBLIC;
GRANT INSERT, UPDATE ON trucks, drivers TO kite_logistics, kite_admin;
GRANT INSERT ON trips TO kite_logistics, kite_admin;
GRANT UPDATE (truck_id, driver_id, second_driver_id, planned_departure, price, notes, carrier_id,
              version, updated_at, updated_by) ON trips TO kite_logistics, kite_admin;
GRANT INSERT (trip_id, position, location_id, address, eta), UPDATE (position, location_id, address, eta), DELETE
    ON trip_stops TO kite_logistics, kite_admin;

REVOKE ALL ON FUNCTION kite_refuse(text, text, jsonb), kite_runs_as_owner(), kite_in_trip_command(), kite_require_logistics(text), trip_lock(bigint, text[], text),
    trip_set_stage(public.trips, text, text, jsonb), trip_vehicles_bay_guard(), trips_guard(), trip_stops_guard() FROM PUBLIC;
REVOKE ALL ON FUNCTION trip_next_number(bigint, date), trip_add_vehicle(bigint, bigint, bigint, bigint, int, numeric, text),
    trip_remove_vehicle(bigint, bigint, text, text), trip_move_vehicle(bigint, bigint, bigint, bigint, bigint, text, text),
    trip_start_loading(bigint, text), trip_depart(bigint, text), trip_arrive(bigint, bigint, text),
    trip_close(bigint, text), trip_cancel(bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION trip_next_number(bigint, date), trip_add_vehicle(bigint, bigint, bigint, bigint, int, numeric, text),
    trip_remove_vehicle(bigint, bigint, text, text), trip_move_vehicle(bigint, bigint, bigint, bigint, bigint, text, text),
    trip_start_loading(bigint, text), trip_depart(bigint, text), trip_arrive(bigint, bigint, text),
    trip_close(bigint, text), trip_cancel(bigint, text, text) TO kite_logistics, kite_admin;
-- The guards run as the writer: they only read what the writer may read.
GRANT EXECUTE ON FUNCTION kite_refuse(text, text, jsonb), kite_runs_as_owner(), kite_in_trip_command() TO PUBLIC;

ALTER TABLE trucks ENABLE ROW LEVEL SECURITY;
ALTER TABLE drivers ENABLE ROW LEVEL SECURITY;
ALTER TABLE trips ENABLE ROW LEVEL SECURITY;
ALTER TABLE trip_stops ENABLE ROW LEVEL SECURITY;
ALTER TABLE trip_vehicles ENABLE ROW LEVEL SECURITY;
ALTER TABLE vehicle_transfers ENABLE ROW LEVEL SECURITY;
CREATE POLICY trucks_read ON trucks FOR SELECT USING (true);
CREATE POLICY trucks_write ON trucks FOR INSERT WITH CHECK (kite_is_logistics());
CREATE POLICY trucks_update ON trucks FOR UPDATE USING (kite_is_logistics()) WITH CHECK (kite_is_logistics());
CREATE POLICY drivers_read ON drivers FOR SELECT USING (true);
CREATE POLICY drivers_write ON drivers FOR INSERT WITH CHECK (kite_is_logistics());
CREATE POLICY drivers_update ON drivers FOR UPDATE USING (kite_is_logistics()) WITH CHECK (kite_is_logistics());
CREATE POLICY trips_read ON trips FOR SELECT USING (true);
CREATE POLICY trips_write ON trips FOR INSERT WITH CHECK (kite_is_logistics());
CREATE POLICY trips_update ON trips FOR UPDATE USING (kite_is_logistics()) WITH CHECK (kite_is_logistics());
CREATE POLICY trip_stops_read ON trip_stops FOR SELECT USING (true);
CREATE POLICY trip_stops_write ON trip_stops FOR ALL USING (kite_is_logistics()) WITH CHECK (kite_is_logistics());
CREATE POLICY trip_vehicles_read ON trip_vehicles FOR SELECT USING (true);
CREATE POLICY vehicle_transfers_read ON vehicle_transfers FOR SELECT USING (true);

-- The audit rows of trucks, drivers, trips and stops, written by the database.
CREATE FUNCTION logistics_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    entity text := TG_ARGV[0];
    row_new jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
    row_old jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
    entity_key bigint := coalesce((row_new ->> 'id')::bigint, (row_old ->> 'id')::bigint);
    actor text := coalesce(row_new ->> 'updated_by', row_old ->> 'updated_by', session_user::text);
BEGIN
    IF entity = 'trip_stop' THEN
        -- A stop is audited on its trip.
        entity_key := coalesce((row_new ->> 'trip_id')::bigint, (row_old ->> 'trip_id')::bigint);
        SELECT updated_by INTO actor FROM public.trips WHERE id = entity_key;
    END IF;
    IF TG_OP = 'UPDATE' AND entity = 'trip' AND row_old ->> 'stage' IS DISTINCT FROM row_new ->> 'stage' THEN
        RETURN NULL;  -- the stage command writes its own row
    END IF;
    IF TG_OP = 'UPDATE' AND NOT EXISTS (SELECT 1 FROM jsonb_each(row_old) o JOIN jsonb_each(row_new) n USING (key)
                                        WHERE o.value IS DISTINCT FROM n.value
                                          AND o.key NOT IN ('version', 'updated_at', 'updated_by')) THEN
        RETURN NULL;  -- a version bump by a command that wrote its own row
    END IF;
    INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
    VALUES (entity, entity_key, lower(TG_OP), coalesce(actor, session_user::text),
            jsonb_build_object('db_login', session_user::text) ||
            CASE WHEN TG_OP = 'INSERT' THEN jsonb_build_object('after', row_new)
                 WHEN TG_OP = 'DELETE' THEN jsonb_build_object('before', row_old)
                 ELSE jsonb_build_object(
                     'before', (SELECT coalesce(jsonb_object_agg(o.key, o.value), '{}') FROM jsonb_each(row_old) o
                                JOIN jsonb_each(row_new) n USING (key)
                                WHERE o.value IS DISTINCT FROM n.value AND o.key NOT IN ('version', 'updated_at', 'updated_by')),
                     'after', (SELECT coalesce(jsonb_object_agg(n.key, n.value), '{}') FROM jsonb_each(row_new) n
                               JOIN jsonb_each(row_old) o USING (key)
                               WHERE o.value IS DISTINCT FROM n.value AND n.key NOT IN ('version', 'updated_at', 'updated_by')))
            END);
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION logistics_audit() FROM PUBLIC;
CREATE TRIGGER trucks_audit AFTER INSERT OR UPDATE ON trucks FOR EACH ROW EXECUTE FUNCTION logistics_audit('truck');
CREATE TRIGGER drivers_audit AFTER INSERT OR UPDATE ON drivers FOR EACH ROW EXECUTE FUNCTION logistics_audit('driver');
CREATE TRIGGER trips_audit AFTER INSERT OR UPDATE ON trips FOR EACH ROW EXECUTE FUNCTION logistics_audit('trip');
CREATE TRIGGER trip_stops_audit AFTER INSERT OR UPDATE OR DELETE ON trip_stops FOR EACH ROW EXECUTE FUNCTION logistics_audit('trip_stop');

-- Live trips list: the stage commands notify 'trips' with "id:stage"; plain edits too.
CREATE FUNCTION trips_notify() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF OLD.stage IS NOT DISTINCT FROM NEW.stage THEN
        PERFORM pg_notify('trips', NEW.id::text || ':' || NEW.stage);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER trips_notify AFTER UPDATE ON trips FOR EACH ROW EXECUTE FUNCTION trips_notify();
