-- Buyout (issue 13): appraisals of used cars brought by private sellers (or offered as a
-- trade-in), their checklist answers, paint thickness per panel, itemised reconditioning,
-- the offer with every change kept, approval, the seller's answer and expiry.
--
-- Who may write: members of kite_appraiser or kite_admin create and edit the appraisals of
-- their own dealerships (grants plus row-level security); a senior (kite_senior) approves an
-- offer above the dealership's limit, never one they asked for themselves; every staff login
-- of the dealership (finance among them) reads. The state and the offer change only through
-- the functions below (column grants leave them out of a direct UPDATE); every change leaves
-- an audit row and a row of appraisal_events.

-- ---------------------------------------------------------------- who

CREATE FUNCTION kite_is_appraiser() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT pg_has_role(session_user, 'kite_appraiser', 'MEMBER') OR pg_has_role(session_user, 'kite_admin', 'MEMBER')
$$;

CREATE FUNCTION kite_require_appraiser(action text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT public.kite_is_appraiser() THEN
        RAISE EXCEPTION 'database login % is not a member of kite_appraiser: it may not %', session_user, action
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'kite_appraiser_role';
    END IF;
END
$$;

-- ---------------------------------------------------------------- settings

-- Per dealership: the parts of the offer formula (KiteDomain.OfferFormula), how long an
-- offer is valid, and the amount above which a senior approves it.
CREATE TABLE appraisal_settings (
    dealership_id          bigint PRIMARY KEY REFERENCES dealerships (id),
    target_margin_percent  numeric(5,2) NOT NULL DEFAULT 10 CHECK (target_margin_percent BETWEEN 0 AND 100),
    daily_holding_cost     numeric(14,2) NOT NULL DEFAULT 1500 CHECK (daily_holding_cost >= 0),
    expected_days_to_sell  int NOT NULL DEFAULT 45 CHECK (expected_days_to_sell BETWEEN 0 AND 730),
    default_reconditioning numeric(14,2) NOT NULL DEFAULT 60000 CHECK (default_reconditioning >= 0),
    offer_valid_days       int NOT NULL DEFAULT 7 CHECK (offer_valid_days BETWEEN 1 AND 90),
    approval_limit         numeric(14,2) NOT NULL DEFAULT 3000000 CHECK (approval_limit >= 0),
    version                int NOT NULL DEFAULT 1,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    updated_by             text NOT NULL DEFAULT session_user CHECK (length(updated_by) BETWEEN 1 AND 63)
);
INSERT INTO appraisal_settings (dealership_id, updated_by) SELECT id, 'migration' FROM dealerships;

-- A new dealership gets the defaults.
CREATE FUNCTION dealerships_appraisal_settings() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO public.appraisal_settings (dealership_id, updated_by) VALUES (NEW.id, session_user::text)
    ON CONFLICT (dealership_id) DO NOTHING;
    RETURN NEW;
END
$$;
CREATE TRIGGER dealerships_appraisal_settings AFTER INSERT ON dealerships
    FOR EACH ROW EXECUTE FUNCTION dealerships_appraisal_settings();

-- ---------------------------------------------------------------- appraisals

CREATE TABLE appraisal_number_counters (
    dealership_id bigint NOT NULL REFERENCES dealerships (id),
    year          int NOT NULL,
    last_number   bigint NOT NULL CHECK (last_number >= 0),
    PRIMARY KEY (dealership_id, year)
);

CREATE TABLE appraisals (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number                  text NOT NULL UNIQUE CHECK (number ~ '^[A-Z0-9]{2,10}-AP-[0-9]{4}-[0-9]{6}$'),
    dealership_id           bigint NOT NULL REFERENCES dealerships (id),
    seller_id               bigint NOT NULL REFERENCES customers (id),
    source                  text NOT NULL CHECK (source IN ('walk_in', 'trade_in', 'field', 'call')),
    deal_id                 bigint REFERENCES deals (id),
    appraiser_login         text NOT NULL CHECK (length(appraiser_login) BETWEEN 1 AND 63),
    vin                     char(17) NOT NULL CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
    make                    text NOT NULL CHECK (length(btrim(make)) BETWEEN 1 AND 60),
    model                   text NOT NULL CHECK (length(btrim(model)) BETWEEN 1 AND 100),
    model_year              int NOT NULL CHECK (model_year BETWEEN 1950 AND 2100),
    body                    text NOT NULL DEFAULT 'sedan' CHECK (body ~ '^[a-z_]{1,30}$'),
    colour                  text NOT NULL DEFAULT '' CHECK (length(colour) <= 60),
    mileage_km              int NOT NULL CHECK (mileage_km BETWEEN 0 AND 3000000),
    plate                   text NOT NULL DEFAULT '' CHECK (plate = '' OR plate ~ '^[АВЕКМНОРСТУХ][0-9]{3}[АВЕКМНОРСТУХ]{2}[0-9]{2,3}$'),
    -- ПТС on paper (series and number, 2 digits + 2 letters + 6 digits) or ЭПТС (15 digits).
    pts_kind                text NOT NULL CHECK (pts_kind IN ('paper', 'electronic')),
    pts_number              text NOT NULL CHECK (
                                (pts_kind = 'paper' AND pts_number ~ '^[0-9]{2}[А-ЯA-Z]{2}[0-9]{6}$')
                             OR (pts_kind = 'electronic' AND pts_number ~ '^[0-9]{15}$')),
    owners                  int NOT NULL CHECK (owners BETWEEN 1 AND 99),
    keys_count              int NOT NULL CHECK (keys_count BETWEEN 0 AND 9),
    service_book            boolean NOT NULL DEFAULT false,
    notes                   text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000 AND notes !~ '[\x01-\x08\x0b-\x1f\x7f]'),
    state                   text NOT NULL DEFAULT 'draft' CHECK (state IN
                                ('draft', 'offered', 'awaiting_approval', 'approved', 'accepted', 'declined', 'expired', 'bought')),
    -- The current offer and its breakdown (the history is appraisal_events).
    expected_retail         numeric(14,2) CHECK (expected_retail >= 0),
    reconditioning          numeric(14,2) CHECK (reconditioning >= 0),
    target_margin           numeric(14,2) CHECK (target_margin >= 0),
    holding_cost            numeric(14,2) CHECK (holding_cost >= 0),
    offer_amount            numeric(14,2) CHECK (offer_amount > 0),
    offer_reason            text NOT NULL DEFAULT '' CHECK (length(offer_reason) <= 500 AND offer_reason !~ '[[:cntrl:]]'),
    offer_valid_until       date,
    approval_requested_by   text,
    approved_by             text,
    approved_at             timestamptz,
    decline_reason          text NOT NULL DEFAULT '' CHECK (length(decline_reason) <= 500 AND decline_reason !~ '[[:cntrl:]]'),
    answered_at             timestamptz,
    vehicle_id              bigint UNIQUE REFERENCES vehicles (id),
    purchase_price          numeric(14,2) CHECK (purchase_price > 0),
    payout_id               bigint REFERENCES payments (id),
    bought_at               timestamptz,
    version                 int NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    updated_by              text NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 63),
    CONSTRAINT appraisals_no_control_characters CHECK ((make || model || colour || plate || body) !~ '[[:cntrl:]]'),
    CONSTRAINT appraisals_trade_in_deal CHECK ((source = 'trade_in') = (deal_id IS NOT NULL)),
    CONSTRAINT appraisals_offer_shape CHECK (state = 'draft' OR (offer_amount IS NOT NULL AND offer_valid_until IS NOT NULL)),
    CONSTRAINT appraisals_approval_shape CHECK (approved_by IS NULL OR approved_by IS DISTINCT FROM approval_requested_by),
    CONSTRAINT appraisals_declined_reason CHECK (state <> 'declined' OR btrim(decline_reason) <> ''),
    CONSTRAINT appraisals_bought_shape CHECK ((state = 'bought') = (vehicle_id IS NOT NULL AND purchase_price IS NOT NULL AND bought_at IS NOT NULL))
);
CREATE INDEX appraisals_dealership ON appraisals (dealership_id, id DESC);
CREATE INDEX appraisals_state ON appraisals (state, offer_valid_until);
CREATE INDEX appraisals_appraiser ON appraisals (appraiser_login, id DESC);
CREATE INDEX appraisals_vin ON appraisals (vin);
CREATE INDEX appraisals_deal ON appraisals (deal_id) WHERE deal_id IS NOT NULL;
-- One open trade-in per deal.
CREATE UNIQUE INDEX appraisals_one_trade_in ON appraisals (deal_id)
    WHERE deal_id IS NOT NULL AND state NOT IN ('declined', 'expired');

-- Checklist answers (config/checklists/appraisal.toml names the items).
CREATE TABLE appraisal_answers (
    appraisal_id bigint NOT NULL REFERENCES appraisals (id),
    item_code    text NOT NULL CHECK (item_code ~ '^[a-z0-9_]{1,40}\.[a-z0-9_]{1,40}$'),
    answer       text NOT NULL CHECK (answer IN ('ok', 'defect', 'not_applicable')),
    severity     int CHECK (severity BETWEEN 1 AND 3),
    note         text NOT NULL DEFAULT '' CHECK (length(note) <= 500 AND note !~ '[[:cntrl:]]'),
    photos       text[] NOT NULL DEFAULT '{}' CHECK (cardinality(photos) <= 20),
    PRIMARY KEY (appraisal_id, item_code),
    CONSTRAINT appraisal_answers_severity CHECK ((answer = 'defect') = (severity IS NOT NULL))
);

-- Paint thickness per panel, in µm.
CREATE TABLE appraisal_paint (
    appraisal_id bigint NOT NULL REFERENCES appraisals (id),
    panel        text NOT NULL CHECK (panel ~ '^[a-z0-9_]{1,40}$'),
    microns      int NOT NULL CHECK (microns BETWEEN 0 AND 5000),
    PRIMARY KEY (appraisal_id, panel)
);

-- The reconditioning estimate, line by line (a defect's item, or typed).
CREATE TABLE appraisal_reconditioning (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appraisal_id bigint NOT NULL REFERENCES appraisals (id),
    item_code    text CHECK (item_code ~ '^[a-z0-9_]{1,40}\.[a-z0-9_]{1,40}$'),
    description  text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 200 AND description !~ '[[:cntrl:]]'),
    amount       numeric(14,2) NOT NULL CHECK (amount > 0)
);
CREATE INDEX appraisal_reconditioning_appraisal ON appraisal_reconditioning (appraisal_id, id);

-- Every offer and every answer, in order: nothing is overwritten without a trace.
CREATE TABLE appraisal_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appraisal_id    bigint NOT NULL REFERENCES appraisals (id),
    event           text NOT NULL CHECK (event IN ('offered', 'approval_requested', 'approved', 'accepted', 'declined',
                                                   'expired', 'bought')),
    state           text NOT NULL,
    offer_amount    numeric(14,2),
    expected_retail numeric(14,2),
    reconditioning  numeric(14,2),
    target_margin   numeric(14,2),
    holding_cost    numeric(14,2),
    valid_until     date,
    reason          text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    at              timestamptz NOT NULL DEFAULT now(),
    actor           text NOT NULL CHECK (length(actor) BETWEEN 1 AND 63),
    db_login        text NOT NULL DEFAULT session_user
);
CREATE INDEX appraisal_events_appraisal ON appraisal_events (appraisal_id, id);

-- ---------------------------------------------------------------- guards

-- True only inside an appraisal command (which runs as the owner and sets the variable).
CREATE FUNCTION kite_in_appraisal_command() RETURNS boolean LANGUAGE sql VOLATILE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT coalesce(current_setting('kite.appraisal_command', true), '') = 'on' AND public.kite_runs_as_owner()
$$;

-- The state, the offer and the purchase are the commands'; from acceptance on the car as
-- described no longer changes (the seller agreed to that car).
CREATE FUNCTION appraisals_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF public.kite_in_appraisal_command() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.state <> 'draft' OR NEW.offer_amount IS NOT NULL OR NEW.vehicle_id IS NOT NULL OR NEW.approved_by IS NOT NULL THEN
            PERFORM public.kite_refuse('appraisal_state', 'a new appraisal is a draft without an offer');
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.state, NEW.offer_amount, NEW.offer_valid_until, NEW.approved_by, NEW.approval_requested_by, NEW.vehicle_id,
        NEW.purchase_price, NEW.payout_id, NEW.bought_at, NEW.expected_retail, NEW.reconditioning, NEW.target_margin,
        NEW.holding_cost, NEW.decline_reason)
       IS DISTINCT FROM
       (OLD.state, OLD.offer_amount, OLD.offer_valid_until, OLD.approved_by, OLD.approval_requested_by, OLD.vehicle_id,
        OLD.purchase_price, OLD.payout_id, OLD.bought_at, OLD.expected_retail, OLD.reconditioning, OLD.target_margin,
        OLD.holding_cost, OLD.decline_reason) THEN
        PERFORM public.kite_refuse('appraisal_state', 'an appraisal''s offer and state change only through its commands (appraisal_offer, appraisal_approve, appraisal_answer, appraisal_buy)');
    END IF;
    IF OLD.state IN ('accepted', 'bought') THEN
        PERFORM public.kite_refuse('appraisal_frozen', format('appraisal %s is %s: the car as described no longer changes', OLD.number, OLD.state),
            jsonb_build_object('number', OLD.number, 'state', OLD.state));
    END IF;
    IF OLD.dealership_id <> NEW.dealership_id OR OLD.number <> NEW.number THEN
        PERFORM public.kite_refuse('appraisal_frozen', 'an appraisal keeps its number and dealership');
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER appraisals_guard BEFORE INSERT OR UPDATE ON appraisals FOR EACH ROW EXECUTE FUNCTION appraisals_guard();
CREATE TRIGGER appraisals_stamp_actor BEFORE INSERT OR UPDATE ON appraisals FOR EACH ROW
    EXECUTE FUNCTION kite_stamp_actor('updated_by');

-- The checklist, paint and reconditioning rows change with the appraisal, until accepted.
CREATE FUNCTION appraisal_rows_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    the_state text;
    the_number text;
BEGIN
    SELECT state, number INTO the_state, the_number FROM public.appraisals
     WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.appraisal_id ELSE NEW.appraisal_id END;
    IF the_state IN ('accepted', 'bought') THEN
        PERFORM public.kite_refuse('appraisal_frozen', format('appraisal %s is %s: the car as described no longer changes', the_number, the_state),
            jsonb_build_object('number', the_number, 'state', the_state));
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER appraisal_answers_guard BEFORE INSERT OR UPDATE OR DELETE ON appraisal_answers
    FOR EACH ROW EXECUTE FUNCTION appraisal_rows_guard();
CREATE TRIGGER appraisal_paint_guard BEFORE INSERT OR UPDATE OR DELETE ON appraisal_paint
    FOR EACH ROW EXECUTE FUNCTION appraisal_rows_guard();
CREATE TRIGGER appraisal_reconditioning_guard BEFORE INSERT OR UPDATE OR DELETE ON appraisal_reconditioning
    FOR EACH ROW EXECUTE FUNCTION appraisal_rows_guard();

-- Live lists: a changed appraisal is announced on `appraisals`.
CREATE FUNCTION appraisals_notify() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM pg_notify('appraisals', NEW.id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER appraisals_notify AFTER INSERT OR UPDATE ON appraisals FOR EACH ROW EXECUTE FUNCTION appraisals_notify();

-- ---------------------------------------------------------------- commands

CREATE FUNCTION appraisal_next_number(dealership bigint, on_day date) RETURNS text LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    code text;
    n bigint;
BEGIN
    PERFORM public.kite_require_appraiser('number an appraisal');
    IF NOT public.kite_may_see_dealership(dealership) THEN
        PERFORM public.kite_refuse('appraisal_dealership', format('no dealership %s of yours', dealership));
    END IF;
    SELECT d.code INTO code FROM public.dealerships d WHERE d.id = dealership;
    IF code IS NULL THEN
        PERFORM public.kite_refuse('appraisal_dealership', format('no dealership %s', dealership));
    END IF;
    INSERT INTO public.appraisal_number_counters AS c (dealership_id, year, last_number)
    VALUES (dealership, extract(year FROM on_day)::int, 1)
    ON CONFLICT (dealership_id, year) DO UPDATE SET last_number = c.last_number + 1
    RETURNING last_number INTO n;
    RETURN format('%s-AP-%s-%s', code, extract(year FROM on_day)::int, lpad(n::text, 6, '0'));
END
$$;

-- The dealership's today (its time zone).
CREATE FUNCTION appraisal_today(dealership bigint) RETURNS date LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT (now() AT TIME ZONE coalesce((SELECT time_zone FROM public.dealerships WHERE id = dealership), 'Europe/Moscow'))::date
$$;

-- Locks the appraisal (visible to the caller) and refuses when its state is not allowed.
CREATE FUNCTION appraisal_lock(appraisal bigint, allowed text[], action text) RETURNS public.appraisals LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    a public.appraisals;
BEGIN
    SELECT * INTO a FROM public.appraisals WHERE id = appraisal FOR UPDATE;
    IF NOT FOUND OR NOT public.kite_may_see_dealership(a.dealership_id) THEN
        PERFORM public.kite_refuse('appraisal_not_found', format('no appraisal %s', appraisal));
    END IF;
    IF NOT (a.state = ANY (allowed)) THEN
        PERFORM public.kite_refuse('appraisal_state_refused', format('appraisal %s is %s: it cannot %s', a.number, a.state, action),
            jsonb_build_object('number', a.number, 'state', a.state, 'action', action));
    END IF;
    PERFORM set_config('kite.appraisal_command', 'on', true);
    RETURN a;
END
$$;

CREATE FUNCTION appraisal_event(a public.appraisals, event text, reason text, actor text) RETURNS void LANGUAGE sql
SET search_path = pg_catalog, public, pg_temp AS $$
    INSERT INTO public.appraisal_events (appraisal_id, event, state, offer_amount, expected_retail, reconditioning,
                                         target_margin, holding_cost, valid_until, reason, actor)
    VALUES (a.id, event, a.state, a.offer_amount, a.expected_retail, a.reconditioning, a.target_margin, a.holding_cost,
            a.offer_valid_until, coalesce(reason, ''), actor)
$$;

-- Makes (or changes) the offer: the breakdown, the amount (which must be the formula's
-- unless a reason is given), valid for the dealership's offer_valid_days. Above the
-- dealership's approval limit it waits for a senior.
CREATE FUNCTION appraisal_offer(appraisal bigint, retail numeric, recon numeric, margin numeric, holding numeric,
                                amount numeric, reason text, actor text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    a public.appraisals;
    s public.appraisal_settings;
    formula numeric(14,2) := retail - recon - margin - holding;
BEGIN
    PERFORM public.kite_require_appraiser('make an offer');
    a := public.appraisal_lock(appraisal, ARRAY['draft', 'offered', 'awaiting_approval', 'approved', 'declined', 'expired'], 'make an offer');
    IF retail IS NULL OR recon IS NULL OR margin IS NULL OR holding IS NULL OR retail < 0 OR recon < 0 OR margin < 0 OR holding < 0 THEN
        PERFORM public.kite_refuse('appraisal_offer_parts', 'every part of the offer is a sum not below zero');
    END IF;
    IF amount IS NULL OR amount <= 0 THEN
        PERFORM public.kite_refuse('appraisal_offer_amount', format('the offer must be above zero (the formula gives %s)', formula),
            jsonb_build_object('formula', formula));
    END IF;
    IF amount <> formula AND btrim(coalesce(reason, '')) = '' THEN
        PERFORM public.kite_refuse('appraisal_offer_reason', format('the offer %s differs from the formula''s %s: say why', amount, formula),
            jsonb_build_object('amount', amount, 'formula', formula));
    END IF;
    SELECT * INTO s FROM public.appraisal_settings WHERE dealership_id = a.dealership_id;
    UPDATE public.appraisals
       SET expected_retail = retail, reconditioning = recon, target_margin = margin, holding_cost = holding,
           offer_amount = amount, offer_reason = btrim(coalesce(reason, '')),
           offer_valid_until = public.appraisal_today(a.dealership_id) + coalesce(s.offer_valid_days, 7),
           state = CASE WHEN amount > coalesce(s.approval_limit, 0) THEN 'awaiting_approval' ELSE 'offered' END,
           approval_requested_by = CASE WHEN amount > coalesce(s.approval_limit, 0) THEN session_user::text END,
           approved_by = NULL, approved_at = NULL, decline_reason = '', answered_at = NULL,
           version = version + 1, updated_at = now(), updated_by = actor
     WHERE id = appraisal
     RETURNING * INTO a;
    PERFORM public.appraisal_event(a, CASE WHEN a.state = 'awaiting_approval' THEN 'approval_requested' ELSE 'offered' END, reason, actor);
    RETURN a.state;
END
$$;

-- A senior approves an offer above the limit, in their own name, never their own request.
CREATE FUNCTION appraisal_approve(appraisal bigint, actor text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    a public.appraisals;
BEGIN
    IF NOT (public.kite_has_role('kite_senior') OR public.kite_has_role('kite_admin')) THEN
        RAISE EXCEPTION 'database login % is not a member of kite_senior: it may not approve an offer', session_user
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'kite_senior_role';
    END IF;
    a := public.appraisal_lock(appraisal, ARRAY['awaiting_approval'], 'be approved');
    IF a.approval_requested_by = session_user::text THEN
        PERFORM public.kite_refuse('appraisal_own_approval', format('%s asked for this approval: another senior approves it', session_user),
            jsonb_build_object('login', session_user::text));
    END IF;
    UPDATE public.appraisals SET state = 'approved', approved_by = session_user::text, approved_at = now(),
           version = version + 1, updated_at = now(), updated_by = actor
     WHERE id = appraisal RETURNING * INTO a;
    PERFORM public.appraisal_event(a, 'approved', '', actor);
END
$$;

-- The seller's answer: accepted, or declined with a reason. An offer past its date expired.
CREATE FUNCTION appraisal_answer(appraisal bigint, accepted boolean, reason text, actor text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    a public.appraisals;
BEGIN
    PERFORM public.kite_require_appraiser('record the seller''s answer');
    a := public.appraisal_lock(appraisal, ARRAY['offered', 'approved'], 'take the seller''s answer');
    IF a.offer_valid_until < public.appraisal_today(a.dealership_id) THEN
        PERFORM public.kite_refuse('appraisal_offer_expired', format('the offer of appraisal %s was valid until %s', a.number, a.offer_valid_until),
            jsonb_build_object('number', a.number, 'valid_until', to_char(a.offer_valid_until, 'DD.MM.YYYY')));
    END IF;
    IF NOT accepted AND btrim(coalesce(reason, '')) = '' THEN
        PERFORM public.kite_refuse('appraisal_reason_required', 'say why the seller declined');
    END IF;
    UPDATE public.appraisals SET state = CASE WHEN accepted THEN 'accepted' ELSE 'declined' END,
           decline_reason = CASE WHEN accepted THEN '' ELSE btrim(reason) END, answered_at = now(),
           version = version + 1, updated_at = now(), updated_by = actor
     WHERE id = appraisal RETURNING * INTO a;
    PERFORM public.appraisal_event(a, CASE WHEN accepted THEN 'accepted' ELSE 'declined' END, reason, actor);
END
$$;

-- kited's periodic job: offers past their date (in their dealership's time zone) expire.
CREATE FUNCTION appraisal_expire_offers() RETURNS int LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    a public.appraisals;
    n int := 0;
BEGIN
    PERFORM set_config('kite.appraisal_command', 'on', true);
    FOR a IN SELECT * FROM public.appraisals
              WHERE state IN ('offered', 'awaiting_approval', 'approved')
                AND offer_valid_until < public.appraisal_today(dealership_id)
              ORDER BY id FOR UPDATE SKIP LOCKED LOOP
        UPDATE public.appraisals SET state = 'expired', version = version + 1, updated_at = now(), updated_by = 'kited'
         WHERE id = a.id RETURNING * INTO a;
        PERFORM public.appraisal_event(a, 'expired', '', 'kited');
        n := n + 1;
    END LOOP;
    PERFORM set_config('kite.appraisal_command', '', true);
    RETURN n;
END
$$;

-- ---------------------------------------------------------------- comparables

-- The group's own sales of the same make and model: the comparables query reads sold cars
-- by make, model and year (mileage filtered on the rows found), and their deals by car.
CREATE INDEX vehicles_comparables ON vehicles (lower(make), lower(model), year, mileage_km) WHERE status IN ('sold', 'delivered');
CREATE INDEX deals_sold_vehicle ON deals (vehicle_id, contracted_at) WHERE stage IN ('contracted', 'delivered', 'closed');

-- The statistics of the group's sales (not one dealership's: it runs as the owner and
-- returns only figures, no car and no customer): same make and model, model year ±1,
-- mileage within ±20,000 km, sold (contracted) in the last `days` days. Prices and days
-- in stock at the 25th, 50th and 75th percentile (percentile_disc: real sale prices,
-- exact numerics), with the count as the confidence.
CREATE FUNCTION appraisal_comparables(for_make text, for_model text, for_year int, for_mileage int, days int DEFAULT 180)
RETURNS TABLE (comparables int, price_p25 numeric, price_median numeric, price_p75 numeric,
               price_min numeric, price_max numeric, days_median int, days_p75 int)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT count(*)::int,
           percentile_disc(0.25) WITHIN GROUP (ORDER BY s.sale_price),
           percentile_disc(0.5) WITHIN GROUP (ORDER BY s.sale_price),
           percentile_disc(0.75) WITHIN GROUP (ORDER BY s.sale_price),
           min(s.sale_price), max(s.sale_price),
           percentile_disc(0.5) WITHIN GROUP (ORDER BY s.days_in_stock),
           percentile_disc(0.75) WITHIN GROUP (ORDER BY s.days_in_stock)
      FROM (SELECT d.sale_price,
                   greatest(0, (d.contracted_at::date - coalesce(v.arrival_date, v.created_at::date)))::int AS days_in_stock
              FROM public.vehicles v
              JOIN LATERAL (SELECT d.sale_price, d.contracted_at FROM public.deals d
                             WHERE d.vehicle_id = v.id AND d.stage IN ('contracted', 'delivered', 'closed')
                               AND d.contracted_at >= now() - make_interval(days => days)
                             ORDER BY d.contracted_at DESC LIMIT 1) d ON true
             WHERE v.status IN ('sold', 'delivered')
               AND lower(v.make) = lower(btrim(for_make)) AND lower(v.model) = lower(btrim(for_model))
               AND v.year BETWEEN for_year - 1 AND for_year + 1
               AND v.mileage_km BETWEEN for_mileage - 20000 AND for_mileage + 20000) s
$$;

-- ---------------------------------------------------------------- access

REVOKE ALL ON appraisal_settings, appraisal_number_counters, appraisals, appraisal_answers, appraisal_paint,
              appraisal_reconditioning, appraisal_events FROM PUBLIC;
GRANT SELECT ON appraisal_settings, appraisals, appraisal_answers, appraisal_paint, appraisal_reconditioning,
                appraisal_events TO kite_staff, kite_kited;
GRANT UPDATE (target_margin_percent, daily_holding_cost, expected_days_to_sell, default_reconditioning, offer_valid_days,
              approval_limit, version, updated_at, updated_by) ON appraisal_settings TO kite_admin;
GRANT INSERT ON appraisals TO kite_appraiser, kite_admin;
GRANT UPDATE (seller_id, source, deal_id, appraiser_login, vin, make, model, model_year, body, colour, mileage_km, plate,
              pts_kind, pts_number, owners, keys_count, service_book, notes, version, updated_at, updated_by)
    ON appraisals TO kite_appraiser, kite_admin;
GRANT INSERT, UPDATE, DELETE ON appraisal_answers, appraisal_paint, appraisal_reconditioning TO kite_appraiser, kite_admin;

ALTER TABLE appraisal_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE appraisal_number_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE appraisals ENABLE ROW LEVEL SECURITY;
ALTER TABLE appraisal_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE appraisal_paint ENABLE ROW LEVEL SECURITY;
ALTER TABLE appraisal_reconditioning ENABLE ROW LEVEL SECURITY;
ALTER TABLE appraisal_events ENABLE ROW LEVEL SECURITY;

CREATE POLICY appraisal_settings_read ON appraisal_settings FOR SELECT USING (
    (SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]));
CREATE POLICY appraisal_settings_update ON appraisal_settings FOR UPDATE USING (kite_is_admin() AND kite_may_see_dealership(dealership_id))
    WITH CHECK (kite_is_admin() AND kite_may_see_dealership(dealership_id));

CREATE POLICY appraisals_read ON appraisals FOR SELECT USING (
    (SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[]));
CREATE POLICY appraisals_insert ON appraisals FOR INSERT WITH CHECK (
    kite_is_appraiser() AND ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[])));
CREATE POLICY appraisals_update ON appraisals FOR UPDATE
    USING (kite_is_appraiser() AND ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[])))
    WITH CHECK (kite_is_appraiser() AND ((SELECT kite_sees_all_dealerships()) OR dealership_id = ANY ((SELECT kite_my_dealerships())::bigint[])));

-- The rows of an appraisal are seen and written with it (the appraisals policy applies in the subquery).
CREATE POLICY appraisal_answers_read ON appraisal_answers FOR SELECT USING (EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id));
CREATE POLICY appraisal_answers_write ON appraisal_answers FOR ALL
    USING (kite_is_appraiser() AND EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id))
    WITH CHECK (kite_is_appraiser() AND EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id));
CREATE POLICY appraisal_paint_read ON appraisal_paint FOR SELECT USING (EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id));
CREATE POLICY appraisal_paint_write ON appraisal_paint FOR ALL
    USING (kite_is_appraiser() AND EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id))
    WITH CHECK (kite_is_appraiser() AND EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id));
CREATE POLICY appraisal_reconditioning_read ON appraisal_reconditioning FOR SELECT USING (EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id));
CREATE POLICY appraisal_reconditioning_write ON appraisal_reconditioning FOR ALL
    USING (kite_is_appraiser() AND EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id))
    WITH CHECK (kite_is_appraiser() AND EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id));
CREATE POLICY appraisal_events_read ON appraisal_events FOR SELECT USING (EXISTS (SELECT 1 FROM appraisals a WHERE a.id = appraisal_id));

REVOKE ALL ON FUNCTION appraisal_next_number(bigint, date), appraisal_offer(bigint, numeric, numeric, numeric, numeric, numeric, text, text),
    appraisal_approve(bigint, text), appraisal_answer(bigint, boolean, text, text), appraisal_expire_offers(),
    appraisal_lock(bigint, text[], text), appraisal_event(public.appraisals, text, text, text) FROM PUBLIC;
-- Every person may call the commands: each checks the caller's role itself and says so in words.
GRANT EXECUTE ON FUNCTION appraisal_next_number(bigint, date), appraisal_offer(bigint, numeric, numeric, numeric, numeric, numeric, text, text),
    appraisal_answer(bigint, boolean, text, text), appraisal_approve(bigint, text) TO kite_staff;
GRANT EXECUTE ON FUNCTION appraisal_expire_offers() TO kite_kited, kite_admin;
REVOKE ALL ON FUNCTION appraisal_comparables(text, text, int, int, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION appraisal_comparables(text, text, int, int, int) TO kite_staff, kite_kited;

SELECT kite_audit_attach('appraisal_settings', ARRAY['dealership_id']);
SELECT kite_audit_attach('appraisals');
SELECT kite_audit_attach('appraisal_answers', ARRAY['appraisal_id', 'item_code']);
SELECT kite_audit_attach('appraisal_paint', ARRAY['appraisal_id', 'panel']);
SELECT kite_audit_attach('appraisal_reconditioning');
SELECT kite_audit_attach('appraisal_events');
