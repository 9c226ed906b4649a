-- Logistics, inspections and claims (issue 12): the bill of lading of each car at pickup
-- and at delivery — odometer, fuel, keys, documents, loose items, damages coded area +
-- type + severity (config/damage_codes.toml names them), who signed or why nobody did —
-- and the claim (претензия) against the carrier that a delivery damage opens.
--
-- Who may write: members of kite_logistics or kite_admin, and only through the functions
-- below (no table write is granted): inspection_record writes an inspection with its
-- damages and, at delivery, opens the claim in the same transaction; claim_set_amount,
-- claim_settle and claim_reject move a claim, each with the person and the reason.
-- Everybody reads. Every row written leaves an audit row (logistics_audit of 0025).

-- ---------------------------------------------------------------- tables

CREATE TABLE inspections (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trip_id          bigint NOT NULL REFERENCES trips (id),
    vehicle_id       bigint NOT NULL REFERENCES vehicles (id),
    kind             text NOT NULL CHECK (kind IN ('pickup', 'delivery')),
    odometer_km      int NOT NULL CHECK (odometer_km BETWEEN 0 AND 2000000),
    -- The gauge in eighths: 0 empty … 8 full.
    fuel_eighths     smallint NOT NULL CHECK (fuel_eighths BETWEEN 0 AND 8),
    keys_count       smallint NOT NULL CHECK (keys_count BETWEEN 0 AND 9),
    -- ПТС (or the ЭПТС extract) and СТС travel with the car.
    pts_present      boolean NOT NULL,
    sts_present      boolean NOT NULL,
    loose_items      text NOT NULL DEFAULT '' CHECK (length(loose_items) <= 500 AND loose_items !~ '[\x01-\x09\x0b-\x1f\x7f]'),
    signed_by        text NOT NULL DEFAULT '' CHECK (length(signed_by) <= 200 AND signed_by !~ '[[:cntrl:]]'),
    -- «Получатель отсутствует»: a night drop, a yard where nobody signs; then the reason.
    recipient_absent boolean NOT NULL DEFAULT false,
    absent_reason    text NOT NULL DEFAULT '' CHECK (length(absent_reason) <= 500 AND absent_reason !~ '[[:cntrl:]]'),
    -- When the car was looked at (as typed) and when the database got it.
    inspected_at     timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    inspector_login  text NOT NULL DEFAULT session_user,
    updated_by       text NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 63),
    FOREIGN KEY (trip_id, vehicle_id) REFERENCES trip_vehicles (trip_id, vehicle_id),
    CONSTRAINT inspections_one_per_kind UNIQUE (trip_id, vehicle_id, kind),
    CONSTRAINT inspections_signer CHECK (
        (recipient_absent AND btrim(absent_reason) <> '' AND signed_by = '')
        OR (NOT recipient_absent AND btrim(signed_by) <> '' AND absent_reason = ''))
);
CREATE INDEX inspections_vehicle ON inspections (vehicle_id, id);

CREATE TABLE claims (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    carrier_id    bigint NOT NULL REFERENCES carriers (id),
    trip_id       bigint NOT NULL REFERENCES trips (id),
    vehicle_id    bigint NOT NULL REFERENCES vehicles (id),
    -- The delivery inspection whose damages opened it: one claim per car and trip.
    inspection_id bigint NOT NULL UNIQUE REFERENCES inspections (id),
    state         text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'settled', 'rejected')),
    -- Set by the clerk once the repair is estimated; what the carrier pays when settled.
    amount        numeric(14,2) CHECK (amount >= 0),
    opened_at     timestamptz NOT NULL DEFAULT now(),
    opened_by     text NOT NULL CHECK (length(opened_by) BETWEEN 1 AND 63),
    resolved_at   timestamptz,
    resolved_by   text CHECK (length(resolved_by) BETWEEN 1 AND 63),
    resolution    text NOT NULL DEFAULT '' CHECK (length(resolution) <= 500 AND resolution !~ '[[:cntrl:]]'),
    version       integer NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 63),
    CONSTRAINT claims_resolution CHECK (
        (state = 'open' AND resolved_at IS NULL AND resolved_by IS NULL)
        OR (state <> 'open' AND resolved_at IS NOT NULL AND resolved_by IS NOT NULL AND btrim(resolution) <> '')),
    CONSTRAINT claims_settled_amount CHECK (state <> 'settled' OR amount > 0)
);
CREATE INDEX claims_carrier ON claims (carrier_id, state);
CREATE INDEX claims_state ON claims (state, id);
CREATE INDEX claims_vehicle ON claims (vehicle_id);

-- Photo references: at most 20, each 1 to 300 characters, no control characters.
CREATE FUNCTION inspection_photos_ok(photos text[]) RETURNS boolean LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT cardinality(photos) <= 20
       AND NOT EXISTS (SELECT 1 FROM unnest(photos) p WHERE length(p) NOT BETWEEN 1 AND 300 OR p ~ '[[:cntrl:]]')
$$;

CREATE TABLE inspection_damages (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inspection_id bigint NOT NULL REFERENCES inspections (id),
    -- The AIAG / ECG code: area (2 digits), type (2), severity (1).
    area          smallint NOT NULL CHECK (area BETWEEN 1 AND 99),
    damage_type   smallint NOT NULL CHECK (damage_type BETWEEN 1 AND 99),
    severity      smallint NOT NULL CHECK (severity BETWEEN 1 AND 9),
    code          text GENERATED ALWAYS AS (lpad(area::text, 2, '0') || lpad(damage_type::text, 2, '0') || severity::text) STORED,
    notes         text NOT NULL DEFAULT '' CHECK (length(notes) <= 500 AND notes !~ '[[:cntrl:]]'),
    photos        text[] NOT NULL DEFAULT '{}' CHECK (public.inspection_photos_ok(photos)),
    -- The claim this damage opened (a delivery damage the pickup did not list).
    claim_id      bigint REFERENCES claims (id),
    -- One row per area and type: the highest severity found.
    CONSTRAINT inspection_damages_once UNIQUE (inspection_id, area, damage_type)
);
CREATE INDEX inspection_damages_claim ON inspection_damages (claim_id) WHERE claim_id IS NOT NULL;

-- ---------------------------------------------------------------- commands

-- Records one car's inspection at pickup or delivery with its damages (a JSON array of
-- {"area", "type", "severity", "notes", "photos"}); at delivery, the damages the pickup
-- did not list (the same area and type absent, or present at a lower severity) open a
-- claim against the trip's carrier in the same transaction. Returns the inspection's id.
CREATE FUNCTION inspection_record(trip bigint, vehicle bigint, inspection_kind text, odometer int, fuel int, keys int,
                                  pts boolean, sts boolean, loose text, signer text, absent boolean, reason text,
                                  inspected timestamptz, damages jsonb, actor text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    t public.trips;
    tv public.trip_vehicles;
    stock text;
    pickup_id bigint;
    new_id bigint;
    claim bigint;
    twice text;
BEGIN
    PERFORM public.kite_require_logistics('record an inspection');
    IF inspection_kind NOT IN ('pickup', 'delivery') THEN
        PERFORM public.kite_refuse('inspection_kind', format('an inspection is at pickup or at delivery, not %s', inspection_kind));
    END IF;
    -- The trip's row lock serialises its inspections, loading and stage commands.
    SELECT * INTO t FROM public.trips WHERE id = trip FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM public.kite_refuse('trip_not_found', format('no trip %s', trip));
    END IF;
    SELECT v.stock_number INTO stock FROM public.vehicles v WHERE v.id = vehicle;
    SELECT * INTO tv FROM public.trip_vehicles WHERE trip_id = trip AND vehicle_id = vehicle;
    IF NOT FOUND OR tv.state = 'removed' THEN
        PERFORM public.kite_refuse('inspection_not_on_trip', format('vehicle %s is not on trip %s', coalesce(stock, vehicle::text), t.number),
            jsonb_build_object('stock_number', coalesce(stock, vehicle::text), 'number', t.number));
    END IF;
    IF (inspection_kind = 'pickup' AND t.stage NOT IN ('planned', 'loading', 'in_transit'))
       OR (inspection_kind = 'delivery' AND t.stage NOT IN ('in_transit', 'arrived')) THEN
        PERFORM public.kite_refuse('inspection_stage', format('trip %s is %s: no %s inspection now', t.number, t.stage, inspection_kind),
            jsonb_build_object('number', t.number, 'stage', t.stage, 'kind', inspection_kind));
    END IF;
    IF inspection_kind = 'delivery' AND tv.state NOT IN ('on_board', 'dropped') THEN
        PERFORM public.kite_refuse('inspection_not_delivered', format('vehicle %s has not travelled on trip %s yet', stock, t.number),
            jsonb_build_object('stock_number', stock, 'number', t.number));
    END IF;
    IF EXISTS (SELECT 1 FROM public.inspections i WHERE i.trip_id = trip AND i.vehicle_id = vehicle AND i.kind = inspection_kind) THEN
        PERFORM public.kite_refuse('inspection_exists', format('vehicle %s already has its %s inspection on trip %s', stock, inspection_kind, t.number),
            jsonb_build_object('stock_number', stock, 'number', t.number, 'kind', inspection_kind));
    END IF;
    SELECT i.id INTO pickup_id FROM public.inspections i WHERE i.trip_id = trip AND i.vehicle_id = vehicle AND i.kind = 'pickup';
    IF inspection_kind = 'delivery' AND pickup_id IS NULL THEN
        PERFORM public.kite_refuse('inspection_pickup_missing', format('vehicle %s has no pickup inspection on trip %s: record it first', stock, t.number),
            jsonb_build_object('stock_number', stock, 'number', t.number));
    END IF;
    IF coalesce(absent, false) AND btrim(coalesce(reason, '')) = '' THEN
        PERFORM public.kite_refuse('inspection_absent_reason', 'say why nobody signed');
    END IF;
    IF NOT coalesce(absent, false) AND btrim(coalesce(signer, '')) = '' THEN
        PERFORM public.kite_refuse('inspection_signer', 'name who signed, or mark the recipient absent with the reason');
    END IF;
    IF jsonb_typeof(coalesce(damages, '[]')) <> 'array' THEN
        PERFORM public.kite_refuse('inspection_damages', 'damages are a JSON array');
    END IF;
    SELECT lpad(d.area::text, 2, '0') || ' ' || lpad(d.type::text, 2, '0') INTO twice
      FROM jsonb_to_recordset(coalesce(damages, '[]')) AS d(area int, type int)
     GROUP BY d.area, d.type HAVING count(*) > 1 LIMIT 1;
    IF twice IS NOT NULL THEN
        PERFORM public.kite_refuse('inspection_damage_twice', format('area and type %s are listed twice: keep one row with the highest severity', twice),
            jsonb_build_object('code', twice));
    END IF;

    INSERT INTO public.inspections (trip_id, vehicle_id, kind, odometer_km, fuel_eighths, keys_count, pts_present, sts_present,
                                    loose_items, signed_by, recipient_absent, absent_reason, inspected_at, updated_by)
    VALUES (trip, vehicle, inspection_kind, odometer, fuel, keys, coalesce(pts, false), coalesce(sts, false),
            btrim(coalesce(loose, '')),
            CASE WHEN coalesce(absent, false) THEN '' ELSE btrim(signer) END,
            coalesce(absent, false),
            CASE WHEN coalesce(absent, false) THEN btrim(reason) ELSE '' END,
            coalesce(inspected, now()), actor)
    RETURNING id INTO new_id;

    INSERT INTO public.inspection_damages (inspection_id, area, damage_type, severity, notes, photos)
    SELECT new_id, d.area, d.type, d.severity, btrim(coalesce(d.notes, '')), coalesce(d.photos, '{}')
      FROM jsonb_to_recordset(coalesce(damages, '[]')) AS d(area int, type int, severity int, notes text, photos text[]);

    IF inspection_kind = 'delivery' AND EXISTS (
        SELECT 1 FROM public.inspection_damages d
         WHERE d.inspection_id = new_id
           AND NOT EXISTS (SELECT 1 FROM public.inspection_damages p
                            WHERE p.inspection_id = pickup_id AND p.area = d.area AND p.damage_type = d.damage_type
                              AND p.severity >= d.severity)) THEN
        INSERT INTO public.claims (carrier_id, trip_id, vehicle_id, inspection_id, opened_by, updated_by)
        VALUES (t.carrier_id, trip, vehicle, new_id, actor, actor)
        RETURNING id INTO claim;
        UPDATE public.inspection_damages d SET claim_id = claim
         WHERE d.inspection_id = new_id
           AND NOT EXISTS (SELECT 1 FROM public.inspection_damages p
                            WHERE p.inspection_id = pickup_id AND p.area = d.area AND p.damage_type = d.damage_type
                              AND p.severity >= d.severity);
        PERFORM pg_notify('claims', claim::text || ':open');
    END IF;
    PERFORM pg_notify('trips', trip::text || ':' || t.stage);
    RETURN new_id;
END
$$;

-- Locks an open claim and returns it; a settled or rejected one is refused.
CREATE FUNCTION claim_lock_open(claim bigint, action text) RETURNS public.claims LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    c public.claims;
BEGIN
    SELECT * INTO c FROM public.claims WHERE id = claim FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM public.kite_refuse('claim_not_found', format('no claim %s', claim));
    END IF;
    IF c.state <> 'open' THEN
        PERFORM public.kite_refuse('claim_closed', format('claim %s is %s: it cannot %s', c.id, c.state, action),
            jsonb_build_object('id', c.id, 'state', c.state, 'action', action));
    END IF;
    RETURN c;
END
$$;

-- The amount claimed (the repair's estimate), while the claim is open; NULL clears it.
CREATE FUNCTION claim_set_amount(claim bigint, new_amount numeric, actor text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.kite_require_logistics('change a claim');
    PERFORM public.claim_lock_open(claim, 'change');
    IF new_amount < 0 THEN
        PERFORM public.kite_refuse('claim_amount', 'the amount of a claim is not below zero');
    END IF;
    UPDATE public.claims SET amount = new_amount, version = version + 1, updated_at = now(), updated_by = actor WHERE id = claim;
END
$$;

-- Settled: the carrier pays (or has paid) `paid` (the amount claimed when NULL), with why.
CREATE FUNCTION claim_settle(claim bigint, paid numeric, reason text, actor text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    c public.claims;
BEGIN
    PERFORM public.kite_require_logistics('settle a claim');
    c := public.claim_lock_open(claim, 'be settled');
    IF btrim(coalesce(reason, '')) = '' THEN
        PERFORM public.kite_refuse('claim_reason_required', 'say how the claim was settled');
    END IF;
    IF coalesce(paid, c.amount, 0) <= 0 THEN
        PERFORM public.kite_refuse('claim_amount_required', format('claim %s has no amount: set what the carrier pays first', c.id),
            jsonb_build_object('id', c.id));
    END IF;
    UPDATE public.claims SET state = 'settled', amount = coalesce(paid, c.amount), resolved_at = now(), resolved_by = actor,
           resolution = btrim(reason), version = version + 1, updated_at = now(), updated_by = actor
     WHERE id = claim;
    PERFORM pg_notify('claims', claim::text || ':settled');
END
$$;

-- Rejected: the carrier is not liable after all (the damage was there before, a wrong code).
CREATE FUNCTION claim_reject(claim bigint, reason text, actor text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.kite_require_logistics('reject a claim');
    PERFORM public.claim_lock_open(claim, 'be rejected');
    IF btrim(coalesce(reason, '')) = '' THEN
        PERFORM public.kite_refuse('claim_reason_required', 'say why the claim is rejected');
    END IF;
    UPDATE public.claims SET state = 'rejected', resolved_at = now(), resolved_by = actor, resolution = btrim(reason),
           version = version + 1, updated_at = now(), updated_by = actor
     WHERE id = claim;
    PERFORM pg_notify('claims', claim::text || ':rejected');
END
$$;

-- ---------------------------------------------------------------- grants, RLS, audit

REVOKE ALL ON inspections, inspection_damages, claims FROM PUBLIC;
GRANT SELECT ON inspections, inspection_damages, claims TO PUBLIC;

REVOKE ALL ON FUNCTION claim_lock_open(bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION inspection_record(bigint, bigint, text, int, int, int, boolean, boolean, text, text, boolean, text, timestamptz, jsonb, text),
    claim_set_amount(bigint, numeric, text), claim_settle(bigint, numeric, text, text), claim_reject(bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inspection_record(bigint, bigint, text, int, int, int, boolean, boolean, text, text, boolean, text, timestamptz, jsonb, text),
    claim_set_amount(bigint, numeric, text), claim_settle(bigint, numeric, text, text), claim_reject(bigint, text, text)
    TO kite_logistics, kite_admin;
-- The photos' check runs as whoever writes (the owner, through the commands).
GRANT EXECUTE ON FUNCTION inspection_photos_ok(text[]) TO PUBLIC;

ALTER TABLE inspections ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_damages ENABLE ROW LEVEL SECURITY;
ALTER TABLE claims ENABLE ROW LEVEL SECURITY;
CREATE POLICY inspections_read ON inspections FOR SELECT USING (true);
CREATE POLICY inspection_damages_read ON inspection_damages FOR SELECT USING (true);
CREATE POLICY claims_read ON claims FOR SELECT USING (true);
-- Writes come only from the commands above, which run as the tables' owner; a client
-- granted the tables anyway is still held to the logistics role.
CREATE POLICY inspections_write ON inspections FOR INSERT WITH CHECK (kite_is_logistics());
CREATE POLICY inspection_damages_write ON inspection_damages FOR INSERT WITH CHECK (kite_is_logistics());
CREATE POLICY claims_write ON claims FOR INSERT WITH CHECK (kite_is_logistics());

CREATE TRIGGER inspections_audit AFTER INSERT OR UPDATE ON inspections FOR EACH ROW EXECUTE FUNCTION logistics_audit('inspection');
CREATE TRIGGER inspection_damages_audit AFTER INSERT OR UPDATE ON inspection_damages FOR EACH ROW EXECUTE FUNCTION logistics_audit('inspection_damage');
CREATE TRIGGER claims_audit AFTER INSERT OR UPDATE ON claims FOR EACH ROW EXECUTE FUNCTION logistics_audit('claim');
