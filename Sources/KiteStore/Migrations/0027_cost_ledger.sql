-- The per-car cost ledger (issue 12, «Cost»; shared with the buyout issue): what a car
-- cost the group, line by line — purchase, freight, reconditioning, other. The landed
-- cost of a car is the sum of its lines.
--
-- The ledger is append-only: a line is never changed or deleted; a correction is a new
-- line, and a line taken back is reversed by a line of the opposite amount that names it
-- (reverses_cost_id).
--
-- Where lines come from (source):
--   vehicle  — the car's purchase cost (vehicles.purchase_cost). The sum of a car's
--              purchase lines always equals vehicles.purchase_cost: existing cars are
--              backfilled below, and a trigger on vehicles adds the difference as a new
--              purchase line whenever a car is inserted with, or changed to, another
--              purchase cost. vehicles.purchase_cost stays the figure of record for the
--              purchase; the deal's margin VAT (Tax Code art. 154 p. 5.1) keeps using it.
--   trip     — a closed trip's price split over the cars it dropped (freight).
--   payment  — the freight re-split when the carrier's confirmed invoices for the trip
--              (payments of kind 'carrier' with trip_id) add up to another amount.
--   manual   — a line typed by logistics or an admin (reconditioning, other, …).
--
-- The split (trip_allocate_freight): the trip's dropped cars in bay order, each weighted
-- by its vehicle type (vehicle_cost_weights; a type without a row weighs 1) or all
-- equally (trips.freight_split = 'equal'); every car but the last gets
-- floor(total × weight / Σweights) in kopecks, the last car the remainder, so the lines
-- add up to the total exactly. KiteDomain.CostAllocation.split is the same rule.
--
-- Who may write: lines from a trip, an invoice or a purchase cost are written only by
-- the database's own functions below (SECURITY DEFINER); a direct INSERT is granted to
-- kite_logistics and kite_admin, and row-level security admits only manual lines from
-- them. Everybody reads.

-- ---------------------------------------------------------------- weights

CREATE TABLE vehicle_cost_weights (
    vehicle_type text PRIMARY KEY REFERENCES vehicle_types (code),
    -- Up to three decimals: the split works in thousandths of a weight.
    weight       numeric(7,3) NOT NULL CHECK (weight > 0),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text NOT NULL DEFAULT session_user CHECK (length(updated_by) BETWEEN 1 AND 63)
);
INSERT INTO vehicle_cost_weights (vehicle_type, weight, updated_by) VALUES
    ('car', 1, 'migration'), ('ev', 1, 'migration'), ('truck', 2, 'migration'), ('moto', 0.5, 'migration');

-- How a trip's price is split over its cars: by the weights of their types, or equally.
ALTER TABLE trips ADD COLUMN freight_split text NOT NULL DEFAULT 'weights'
    CHECK (freight_split IN ('weights', 'equal'));

-- The carrier's invoice for a trip: a payment of kind 'carrier' may name its trip.
ALTER TABLE payments ADD COLUMN trip_id bigint REFERENCES trips (id);
ALTER TABLE payments ADD CONSTRAINT payments_trip_carrier CHECK (trip_id IS NULL OR kind = 'carrier');
CREATE INDEX payments_trip ON payments (trip_id) WHERE trip_id IS NOT NULL;

-- ---------------------------------------------------------------- the ledger

CREATE TABLE vehicle_costs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vehicle_id       bigint NOT NULL REFERENCES vehicles (id),
    kind             text NOT NULL CHECK (kind IN ('purchase', 'freight', 'reconditioning', 'other')),
    amount           numeric(14,2) NOT NULL CHECK (amount <> 0),
    source           text NOT NULL CHECK (source IN ('vehicle', 'trip', 'payment', 'manual')),
    trip_id          bigint REFERENCES trips (id),
    payment_id       bigint REFERENCES payments (id),
    reverses_cost_id bigint UNIQUE REFERENCES vehicle_costs (id),
    note             text NOT NULL DEFAULT '' CHECK (length(note) <= 500 AND note !~ '[[:cntrl:]]'),
    at               timestamptz NOT NULL DEFAULT now(),
    -- The person the program names, and the database login that really wrote the line.
    actor            text NOT NULL CHECK (length(actor) BETWEEN 1 AND 63),
    db_login         text NOT NULL DEFAULT session_user,
    CONSTRAINT vehicle_costs_source_trip CHECK (source NOT IN ('trip', 'payment') OR trip_id IS NOT NULL),
    CONSTRAINT vehicle_costs_source_payment CHECK ((source = 'payment') = (payment_id IS NOT NULL)),
    CONSTRAINT vehicle_costs_freight_source CHECK (source NOT IN ('trip', 'payment') OR kind = 'freight'),
    CONSTRAINT vehicle_costs_purchase_source CHECK (source <> 'vehicle' OR kind = 'purchase')
);
CREATE INDEX vehicle_costs_vehicle ON vehicle_costs (vehicle_id, id);
CREATE INDEX vehicle_costs_trip ON vehicle_costs (trip_id, id) WHERE trip_id IS NOT NULL;

-- Append-only; a reversal mirrors its original; when and by which login is the database's.
CREATE FUNCTION vehicle_costs_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    original public.vehicle_costs;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM public.kite_refuse('vehicle_costs_append_only',
            'cost lines are never changed or deleted: add a correcting line or reverse the line');
    END IF;
    NEW.at := now();
    NEW.db_login := session_user;
    NEW.note := btrim(NEW.note);
    IF NEW.reverses_cost_id IS NOT NULL THEN
        SELECT * INTO original FROM public.vehicle_costs WHERE id = NEW.reverses_cost_id;
        IF NOT FOUND OR original.reverses_cost_id IS NOT NULL OR original.vehicle_id <> NEW.vehicle_id
           OR original.kind <> NEW.kind OR original.amount <> -NEW.amount THEN
            PERFORM public.kite_refuse('vehicle_costs_reversal_mirror',
                'a reversal takes back one line: the same car and kind, the opposite amount',
                jsonb_build_object('line', NEW.reverses_cost_id));
        END IF;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER vehicle_costs_guard BEFORE INSERT OR UPDATE OR DELETE ON vehicle_costs
    FOR EACH ROW EXECUTE FUNCTION vehicle_costs_guard();

CREATE FUNCTION vehicle_costs_refuse_truncate() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.kite_refuse('vehicle_costs_append_only', 'cost lines are never deleted');
    RETURN NULL;
END
$$;
CREATE TRIGGER vehicle_costs_no_truncate BEFORE TRUNCATE ON vehicle_costs
    FOR EACH STATEMENT EXECUTE FUNCTION vehicle_costs_refuse_truncate();

-- ---------------------------------------------------------------- purchase lines

-- Existing cars: one purchase line each for the cost they were bought at.
INSERT INTO vehicle_costs (vehicle_id, kind, amount, source, note, actor)
SELECT id, 'purchase', purchase_cost, 'vehicle', 'purchase cost at migration 0027', 'migration'
  FROM vehicles WHERE purchase_cost <> 0 ORDER BY id;

-- A changed purchase cost: the difference becomes a purchase line, so the purchase
-- lines always add up to vehicles.purchase_cost.
CREATE FUNCTION vehicles_purchase_cost_line() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    booked numeric(14,2);
BEGIN
    SELECT coalesce(sum(amount), 0) INTO booked FROM public.vehicle_costs
     WHERE vehicle_id = NEW.id AND kind = 'purchase';
    IF NEW.purchase_cost <> booked THEN
        INSERT INTO public.vehicle_costs (vehicle_id, kind, amount, source, note, actor)
        VALUES (NEW.id, 'purchase', NEW.purchase_cost - booked, 'vehicle',
                format('purchase cost changed to %s', NEW.purchase_cost), coalesce(nullif(NEW.updated_by, ''), session_user::text));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER vehicles_purchase_cost_line AFTER UPDATE OF purchase_cost ON vehicles
    FOR EACH ROW WHEN (OLD.purchase_cost IS DISTINCT FROM NEW.purchase_cost) EXECUTE FUNCTION vehicles_purchase_cost_line();

-- New cars: their purchase lines in one statement per INSERT or COPY (a seeded million
-- cars is one INSERT … SELECT, not a million).
CREATE FUNCTION vehicles_purchase_cost_lines() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO public.vehicle_costs (vehicle_id, kind, amount, source, actor)
    SELECT id, 'purchase', purchase_cost, 'vehicle', coalesce(nullif(updated_by, ''), session_user::text)
      FROM inserted_vehicles WHERE purchase_cost <> 0 ORDER BY id;
    RETURN NULL;
END
$$;
CREATE TRIGGER vehicles_purchase_cost_lines AFTER INSERT ON vehicles
    REFERENCING NEW TABLE AS inserted_vehicles
    FOR EACH STATEMENT EXECUTE FUNCTION vehicles_purchase_cost_lines();

-- ---------------------------------------------------------------- freight

-- Splits what the trip cost over the cars it dropped, as freight lines, in the caller's
-- transaction (the caller holds the trip's row lock). What it cost: the sum of the
-- carrier's confirmed invoices for the trip when there is one, else the trip's price;
-- nothing when neither is known. Freight lines already booked for the trip that add up
-- to another amount are reversed first, then the new split is booked. Returns the
-- number of lines written; one audit row on the trip says what happened.
CREATE FUNCTION trip_allocate_freight(for_trip bigint, by_actor text, by_payment bigint) RETURNS int LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.trips;
    invoices int;
    invoiced numeric(14,2);
    target numeric(14,2);
    booked numeric(14,2);
    active int;
    reversed int := 0;
    written int := 0;
BEGIN
    SELECT * INTO t FROM public.trips WHERE id = for_trip;
    IF NOT FOUND OR t.stage <> 'closed' THEN
        RETURN 0;
    END IF;
    SELECT count(*), coalesce(sum(amount), 0) INTO invoices, invoiced FROM public.payments
     WHERE trip_id = for_trip AND kind = 'carrier' AND state = 'confirmed' AND reverses_payment_id IS NULL;
    target := CASE WHEN invoices > 0 THEN invoiced ELSE t.price END;
    IF target IS NULL THEN
        RETURN 0;
    END IF;
    IF target < 0 THEN
        PERFORM public.kite_refuse('vehicle_costs_negative_freight', format('trip %s: freight of %s cannot be split', t.number, target),
            jsonb_build_object('number', t.number, 'amount', target));
    END IF;
    SELECT count(*), coalesce(sum(c.amount), 0) INTO active, booked FROM public.vehicle_costs c
     WHERE c.trip_id = for_trip AND c.kind = 'freight' AND c.reverses_cost_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM public.vehicle_costs r WHERE r.reverses_cost_id = c.id);
    IF booked = target AND (active > 0 OR target = 0) THEN
        RETURN 0;  -- already split at this amount
    END IF;

    INSERT INTO public.vehicle_costs (vehicle_id, kind, amount, source, trip_id, payment_id, reverses_cost_id, note, actor)
    SELECT c.vehicle_id, 'freight', -c.amount, CASE WHEN by_payment IS NULL THEN 'trip' ELSE 'payment' END, for_trip, by_payment, c.id,
           format('trip %s re-split: %s instead of %s', t.number, target, booked), by_actor
      FROM public.vehicle_costs c
     WHERE c.trip_id = for_trip AND c.kind = 'freight' AND c.reverses_cost_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM public.vehicle_costs r WHERE r.reverses_cost_id = c.id)
     ORDER BY c.id;
    GET DIAGNOSTICS reversed = ROW_COUNT;

    WITH cars AS (
        SELECT tv.vehicle_id, tv.bay,
               CASE WHEN t.freight_split = 'equal' THEN 1000::numeric
                    ELSE coalesce(w.weight * 1000, 1000::numeric) END AS milli
          FROM public.trip_vehicles tv
          JOIN public.vehicles v ON v.id = tv.vehicle_id
          LEFT JOIN public.vehicle_cost_weights w ON w.vehicle_type = v.vehicle_type
         WHERE tv.trip_id = for_trip AND tv.state = 'dropped'
    ), numbered AS (
        SELECT vehicle_id, milli, row_number() OVER (ORDER BY bay, vehicle_id) AS n,
               count(*) OVER () AS cars, sum(milli) OVER () AS total_milli
          FROM cars
    ), shares AS (
        SELECT vehicle_id, n, cars, div(target * 100 * milli, total_milli) AS kopecks FROM numbered
    ), split AS (
        SELECT vehicle_id, n,
               CASE WHEN n < cars THEN kopecks
                    ELSE target * 100 - coalesce(sum(kopecks) FILTER (WHERE n < cars) OVER (), 0) END AS kopecks
          FROM shares
    )
    INSERT INTO public.vehicle_costs (vehicle_id, kind, amount, source, trip_id, payment_id, note, actor)
    SELECT vehicle_id, 'freight', kopecks / 100, CASE WHEN by_payment IS NULL THEN 'trip' ELSE 'payment' END, for_trip, by_payment,
           CASE WHEN invoices > 0 THEN format('trip %s, carrier invoice', t.number) ELSE format('trip %s', t.number) END, by_actor
      FROM split WHERE kopecks <> 0 ORDER BY n;
    GET DIAGNOSTICS written = ROW_COUNT;

    INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
    VALUES ('trip', for_trip, CASE WHEN reversed > 0 THEN 'freight_reallocated' ELSE 'freight_allocated' END, by_actor,
            jsonb_build_object('db_login', session_user::text, 'amount', target, 'was', booked,
                               'basis', CASE WHEN invoices > 0 THEN 'carrier_invoice' ELSE 'trip_price' END,
                               'payment_id', by_payment, 'reversed', reversed, 'lines', written, 'split', t.freight_split));
    RETURN written + reversed;
END
$$;

-- A trip closing splits its price (or its invoices) over its cars in the same
-- transaction as trip_close (0025), which sets updated_by to the clerk.
CREATE FUNCTION trips_allocate_on_close() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.trip_allocate_freight(NEW.id, NEW.updated_by, NULL);
    RETURN NULL;
END
$$;
CREATE TRIGGER trips_allocate_on_close AFTER UPDATE OF stage ON trips
    FOR EACH ROW WHEN (NEW.stage = 'closed' AND OLD.stage IS DISTINCT FROM NEW.stage)
    EXECUTE FUNCTION trips_allocate_on_close();

-- A carrier invoice for a trip confirmed, or reversed: the closed trip's freight follows
-- in the same transaction (the trip row is locked first, so a close racing the confirm
-- is served one after the other). A trip not closed yet takes the invoices when it closes.
CREATE FUNCTION payments_reallocate_freight() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM 1 FROM public.trips WHERE id = NEW.trip_id FOR UPDATE;
    PERFORM public.trip_allocate_freight(NEW.trip_id, coalesce(nullif(NEW.updated_by, ''), session_user::text), NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER payments_reallocate_freight AFTER UPDATE OF state ON payments
    FOR EACH ROW WHEN (NEW.kind = 'carrier' AND NEW.trip_id IS NOT NULL AND OLD.state IS DISTINCT FROM NEW.state
                       AND NEW.state IN ('confirmed', 'reversed'))
    EXECUTE FUNCTION payments_reallocate_freight();

-- ---------------------------------------------------------------- grants, RLS, audit

REVOKE ALL ON vehicle_costs, vehicle_cost_weights FROM PUBLIC;
GRANT SELECT ON vehicle_costs, vehicle_cost_weights TO PUBLIC;
GRANT INSERT (vehicle_id, kind, amount, source, reverses_cost_id, note, actor) ON vehicle_costs TO kite_logistics, kite_admin;
GRANT INSERT, UPDATE ON vehicle_cost_weights TO kite_logistics, kite_admin;
GRANT UPDATE (freight_split) ON trips TO kite_logistics, kite_admin;

ALTER TABLE vehicle_costs ENABLE ROW LEVEL SECURITY;
ALTER TABLE vehicle_cost_weights ENABLE ROW LEVEL SECURITY;
CREATE POLICY vehicle_costs_read ON vehicle_costs FOR SELECT USING (true);
-- Directly, only a manual line (its own, or the reversal of a manual line), and only
-- by logistics or an admin; the rest comes from the functions above.
CREATE POLICY vehicle_costs_manual ON vehicle_costs FOR INSERT
    WITH CHECK (kite_is_logistics() AND source = 'manual' AND trip_id IS NULL AND payment_id IS NULL
                AND (reverses_cost_id IS NULL
                     OR EXISTS (SELECT 1 FROM vehicle_costs o WHERE o.id = reverses_cost_id AND o.source = 'manual')));
CREATE POLICY vehicle_cost_weights_read ON vehicle_cost_weights FOR SELECT USING (true);
CREATE POLICY vehicle_cost_weights_insert ON vehicle_cost_weights FOR INSERT WITH CHECK (kite_is_logistics());
CREATE POLICY vehicle_cost_weights_update ON vehicle_cost_weights FOR UPDATE
    USING (kite_is_logistics()) WITH CHECK (kite_is_logistics());

-- Manual lines and changed weights leave an audit row; lines from a trip or an invoice
-- are audited once per split on the trip (trip_allocate_freight), purchase lines by the
-- car's own change. Every line also carries its actor and database login.
CREATE FUNCTION vehicle_costs_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'vehicle_costs' THEN
        INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
        VALUES ('vehicle', NEW.vehicle_id, CASE WHEN NEW.reverses_cost_id IS NULL THEN 'cost_line' ELSE 'cost_line_reversed' END,
                NEW.actor, jsonb_build_object('db_login', session_user::text, 'line', to_jsonb(NEW)));
    ELSE
        INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
        VALUES ('vehicle_cost_weight', 0, lower(TG_OP), NEW.updated_by,
                jsonb_build_object('db_login', session_user::text, 'after', to_jsonb(NEW))
                || CASE WHEN TG_OP = 'UPDATE' THEN jsonb_build_object('before', to_jsonb(OLD)) ELSE '{}' END);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER vehicle_costs_audit AFTER INSERT ON vehicle_costs
    FOR EACH ROW WHEN (NEW.source = 'manual') EXECUTE FUNCTION vehicle_costs_audit();
CREATE TRIGGER vehicle_cost_weights_audit AFTER INSERT OR UPDATE ON vehicle_cost_weights
    FOR EACH ROW EXECUTE FUNCTION vehicle_costs_audit();

REVOKE ALL ON FUNCTION vehicle_costs_guard(), vehicle_costs_refuse_truncate(), vehicles_purchase_cost_line(), vehicles_purchase_cost_lines(),
    trip_allocate_freight(bigint, text, bigint), trips_allocate_on_close(), payments_reallocate_freight(),
    vehicle_costs_audit() FROM PUBLIC;
