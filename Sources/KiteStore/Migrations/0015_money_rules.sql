-- Money and state rules of issue 10, held by the database:
--   * every dealership has a time zone (Europe/Moscow unless set): "today" and
--     every time shown are the dealership's;
--   * a cash day after the dealership's today cannot be closed;
--   * finance may reopen a closed cash day with a reason, only while no later
--     day of the dealership is closed; the closure row stays (reopened_*),
--     and the day can be closed again later; an audit row is written by the
--     database;
--   * a deal in stage reserved / contracted / delivered / closed has its car in
--     status reserved / sold / delivered / delivered, checked at commit, from
--     whichever side the change comes (deals or vehicles);
--   * a payment for a cancelled or closed deal is refused, except a refund.

-- Time zone -----------------------------------------------------------------

-- Whether PostgreSQL knows the zone `name` (Europe/Moscow, Asia/Yekaterinburg).
CREATE FUNCTION kite_is_time_zone(name text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF name IS NULL OR btrim(name) = '' OR length(name) > 64 THEN
        RETURN false;
    END IF;
    PERFORM now() AT TIME ZONE name;
    RETURN true;
EXCEPTION WHEN invalid_parameter_value THEN
    RETURN false;
END
$$;

ALTER TABLE dealerships
    ADD COLUMN time_zone text NOT NULL DEFAULT 'Europe/Moscow'
        CONSTRAINT dealerships_time_zone_known CHECK (kite_is_time_zone(time_zone));

-- The dealership's calendar day now.
CREATE FUNCTION kite_dealership_today(dealership bigint) RETURNS date LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT (now() AT TIME ZONE coalesce((SELECT time_zone FROM public.dealerships WHERE id = dealership),
                                        'Europe/Moscow'))::date
$$;

-- Cash days: never after today, reopened with a reason --------------------------

ALTER TABLE cash_days DROP CONSTRAINT cash_days_pkey;
ALTER TABLE cash_days
    ADD COLUMN id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ADD COLUMN reopened_at      timestamptz,
    ADD COLUMN reopened_by      text CHECK (length(reopened_by) <= 63),
    ADD COLUMN reopened_db_user text,
    ADD COLUMN reopen_reason    text NOT NULL DEFAULT '' CHECK (length(reopen_reason) <= 500),
    ADD CONSTRAINT cash_days_reopened_shape CHECK (
        (reopened_at IS NULL) = (reopened_by IS NULL)
        AND (reopened_at IS NULL) = (btrim(reopen_reason) = ''));

-- One standing closure per dealership and day; reopened ones are history.
CREATE UNIQUE INDEX cash_days_standing ON cash_days (dealership_id, day) WHERE reopened_at IS NULL;

-- The last standing closed day of a dealership (NULL: none).
CREATE FUNCTION kite_last_closed_cash_day(dealership bigint) RETURNS date LANGUAGE sql STABLE
SET search_path = public, pg_temp AS $$
    SELECT max(day) FROM public.cash_days WHERE dealership_id = dealership AND reopened_at IS NULL
$$;

CREATE OR REPLACE FUNCTION kite_check_cash_open(dealership bigint, on_day date) RETURNS void LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    last_closed date;
BEGIN
    PERFORM kite_lock_cash_desk(dealership, false);
    last_closed := kite_last_closed_cash_day(dealership);
    IF last_closed IS NOT NULL AND on_day <= last_closed THEN
        RAISE EXCEPTION 'the cash day % is closed (cash days are closed up to %): a correction is a reversal dated the next open day',
            on_day, last_closed
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_cash_day_closed';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION cash_days_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    last_closed date;
    today date;
    unchanged_columns text[] := ARRAY['reopened_at', 'reopened_by', 'reopened_db_user', 'reopen_reason'];
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'a closed cash day is never deleted: reopen it with a reason'
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'cash_days_immutable';
    END IF;
    IF TG_OP = 'UPDATE' THEN
        -- The only change: reopening a standing closure, with a reason.
        IF OLD.reopened_at IS NOT NULL OR NEW.reopened_at IS NULL
           OR (to_jsonb(NEW) - unchanged_columns) <> (to_jsonb(OLD) - unchanged_columns) THEN
            RAISE EXCEPTION 'a closed cash day cannot be changed: it can only be reopened once, with a reason'
                USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'cash_days_immutable';
        END IF;
        PERFORM kite_require_finance('reopen cash days');
        IF btrim(NEW.reopen_reason) = '' THEN
            RAISE EXCEPTION 'reopening cash day % needs a reason', OLD.day
                USING ERRCODE = 'check_violation', CONSTRAINT = 'cash_days_reopen_reason';
        END IF;
        PERFORM kite_lock_cash_desk(OLD.dealership_id, true);
        last_closed := kite_last_closed_cash_day(OLD.dealership_id);
        IF last_closed > OLD.day THEN
            RAISE EXCEPTION 'cash day % cannot be reopened: the later day % is closed (reopen that one first)',
                OLD.day, last_closed
                USING ERRCODE = 'check_violation', CONSTRAINT = 'cash_days_reopen_in_order';
        END IF;
        NEW.reopened_at := now();
        NEW.reopened_db_user := current_user;
        RETURN NEW;
    END IF;
    PERFORM kite_require_finance('close cash days');
    PERFORM kite_lock_cash_desk(NEW.dealership_id, true);
    today := kite_dealership_today(NEW.dealership_id);
    IF NEW.day > today THEN
        RAISE EXCEPTION 'cash day % is after today (%): a day is closed on or after it ends', NEW.day, today
            USING ERRCODE = 'check_violation', CONSTRAINT = 'cash_days_not_future';
    END IF;
    IF NEW.reopened_at IS NOT NULL OR NEW.reopened_by IS NOT NULL OR NEW.reopen_reason <> '' THEN
        RAISE EXCEPTION 'a cash day is closed standing: reopening is a change of its own'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'cash_days_immutable';
    END IF;
    last_closed := kite_last_closed_cash_day(NEW.dealership_id);
    IF last_closed IS NOT NULL AND NEW.day <= last_closed THEN
        RAISE EXCEPTION 'cash day % is not after the last closed day %', NEW.day, last_closed
            USING ERRCODE = 'check_violation', CONSTRAINT = 'cash_days_in_order';
    END IF;
    IF EXISTS (SELECT 1 FROM payments WHERE dealership_id = NEW.dealership_id AND method = 'cash'
               AND state = 'pending' AND payment_date <= NEW.day) THEN
        RAISE EXCEPTION 'pending cash payments dated on or before % must be confirmed or moved first', NEW.day
            USING ERRCODE = 'check_violation', CONSTRAINT = 'cash_days_pending_cash';
    END IF;
    NEW.closed_db_user := current_user;
    NEW.reopened_db_user := NULL;
    RETURN NEW;
END
$$;

-- The reopening's audit row is the database's own.
CREATE FUNCTION cash_days_audit_reopen() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
    VALUES ('cash_day', NEW.dealership_id, 'reopen', NEW.reopened_by,
            jsonb_build_object('day', NEW.day, 'reason', NEW.reopen_reason, 'db_login', session_user::text,
                               'closed_by', OLD.closed_by, 'closed_at', OLD.closed_at,
                               'closing_balance', OLD.closing_balance));
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION cash_days_audit_reopen() FROM PUBLIC;

CREATE TRIGGER cash_days_audit_reopen AFTER UPDATE ON cash_days
    FOR EACH ROW EXECUTE FUNCTION cash_days_audit_reopen();

-- A deal's stage and its car's status --------------------------------------------

-- The status a deal's stage gives its car (NULL: the deal does not hold it).
CREATE FUNCTION kite_vehicle_status_for_stage(stage text) RETURNS text LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE stage WHEN 'reserved' THEN 'reserved' WHEN 'contracted' THEN 'sold'
                      WHEN 'delivered' THEN 'delivered' WHEN 'closed' THEN 'delivered' END
$$;

-- Checked at commit, so a stage command may move the car and the deal in either order.
CREATE FUNCTION deals_vehicle_status_match() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    deal public.deals%ROWTYPE;
    expected text;
    actual text;
BEGIN
    IF TG_TABLE_NAME = 'deals' THEN
        SELECT * INTO deal FROM public.deals WHERE id = NEW.id;
    ELSE
        -- The active deal holding the vehicle, if any (a closed deal is history:
        -- a car bought back later moves freely).
        SELECT * INTO deal FROM public.deals
        WHERE vehicle_id = NEW.id AND stage IN ('reserved', 'contracted', 'delivered');
        IF NOT FOUND THEN
            RETURN NULL;
        END IF;
    END IF;
    expected := kite_vehicle_status_for_stage(deal.stage);
    IF expected IS NULL OR deal.vehicle_id IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT status INTO actual FROM public.vehicles WHERE id = deal.vehicle_id;
    IF actual IS DISTINCT FROM expected THEN
        RAISE EXCEPTION 'deal % is %, so its vehicle must be %, not %: stage commands move both together',
            deal.number, deal.stage, expected, coalesce(actual, 'missing')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'deals_vehicle_status';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER deals_vehicle_status AFTER UPDATE OF stage, vehicle_id ON deals
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION deals_vehicle_status_match();

CREATE CONSTRAINT TRIGGER vehicles_deal_status AFTER UPDATE OF status ON vehicles
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION deals_vehicle_status_match();

-- No payments for a cancelled or closed deal, except a refund ---------------------

CREATE FUNCTION payments_deal_open() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    deal_stage text;
    deal_number text;
BEGIN
    IF NEW.deal_id IS NULL OR NEW.kind = 'refund' OR NEW.reverses_payment_id IS NOT NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.deal_id IS NOT DISTINCT FROM OLD.deal_id AND NEW.kind = OLD.kind THEN
        RETURN NEW;  -- confirming or cancelling what was entered before the deal ended
    END IF;
    SELECT stage, number INTO deal_stage, deal_number FROM public.deals WHERE id = NEW.deal_id;
    IF deal_stage IN ('cancelled', 'closed') THEN
        RAISE EXCEPTION 'deal % is %: it takes no more payments, only a refund', deal_number, deal_stage
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_deal_open';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER payments_deal_open BEFORE INSERT OR UPDATE OF deal_id, kind ON payments
    FOR EACH ROW EXECUTE FUNCTION payments_deal_open();

-- Sorting by status follows the workflow, not the codes' alphabet -------------------

-- ordered → in_transit → in_stock → in_preparation → reserved → sold → delivered; written_off last.
CREATE FUNCTION kite_vehicle_status_rank(status text) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE status WHEN 'ordered' THEN 1 WHEN 'in_transit' THEN 2 WHEN 'in_stock' THEN 3
                       WHEN 'in_preparation' THEN 4 WHEN 'reserved' THEN 5 WHEN 'sold' THEN 6
                       WHEN 'delivered' THEN 7 WHEN 'written_off' THEN 8 ELSE 9 END
$$;

CREATE INDEX vehicles_status_rank_id ON vehicles (kite_vehicle_status_rank(status), id);
