-- The deal rules that were still the program's alone (issue 11):
--
--   * the contract gate: kite_deal_move refuses to move a deal to a contract (or
--     beyond, from before it) while the customer's data the contract needs is
--     incomplete ('deal_customer_incomplete', the missing fields as codes), or a
--     blocking check of the dealership failed, is missing or out of date for the car
--     or the customer ('deal_checks_block', the blockers as kite_check_blockers gives
--     them: the same function appraisal_buy enforces, 0032). The program no longer
--     checks either before it calls the command: it says the database's refusal in the
--     person's words;
--   * approving a discount that is within the dealership's limit is refused
--     ('deal_discount_within_limit'): there is nothing to approve;
--   * kited expires reservations through kite_reservations_expire (SECURITY DEFINER,
--     kite_kited only) instead of its column grants on deals.stage and vehicles.status,
--     which go.
-- The owner (fixtures, the demo seed, the demo's superuser) is bound by the gate too:
-- the command's rules hold for whoever calls it.

-- What a contract of sale needs of the customer and is not filled in, as the field
-- codes of KiteDomain's missingForContract (CustomerData.swift; a test compares them):
--   person:      full_name, birth_date, passport (series, number, issue date, issuer
--                code), address, phone, consent
--   company:     name, inn, kpp, ogrn, address, contact_person
--   sole trader: name, inn, ogrn (the ОГРНИП), address
CREATE FUNCTION kite_customer_contract_gaps(c public.customers) RETURNS text[] LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT coalesce(array_agg(gap.field ORDER BY gap.n), '{}')
      FROM (VALUES
        (1, 'full_name',      c.kind = 'person' AND btrim(c.name) = ''),
        (2, 'birth_date',     c.kind = 'person' AND c.birth_date IS NULL),
        (3, 'passport',       c.kind = 'person' AND (btrim(c.passport_series) = '' OR btrim(c.passport_number) = ''
                                                     OR c.passport_issue_date IS NULL OR btrim(c.passport_issuer_code) = '')),
        (4, 'name',           c.kind <> 'person' AND btrim(c.name) = ''),
        (5, 'inn',            c.kind <> 'person' AND btrim(c.inn) = ''),
        (6, 'kpp',            c.kind = 'company' AND btrim(c.kpp) = ''),
        (7, 'ogrn',           c.kind <> 'person' AND btrim(c.ogrn) = ''),
        (8, 'address',        btrim(c.address) = ''),
        (9, 'phone',          c.kind = 'person' AND btrim(c.phone) = ''),
        (10, 'consent',       c.kind = 'person' AND NOT c.consent_given),
        (11, 'contact_person', c.kind = 'company' AND btrim(c.contact_person) = '')
      ) AS gap(n, field, missing)
     WHERE gap.missing
$$;

-- The gate itself, for a locked deal about to be contracted: refuses, or returns.
CREATE FUNCTION kite_deal_contract_gate(d public.deals) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    c public.customers;
    car public.vehicles;
    gaps text[];
    blockers jsonb;
    reasons text;
BEGIN
    -- A deal past its draft has its customer and its car (the table's CHECK).
    SELECT * INTO c FROM public.customers WHERE id = d.customer_id;
    gaps := public.kite_customer_contract_gaps(c);
    IF pg_catalog.cardinality(gaps) > 0 THEN
        PERFORM public.kite_refuse('deal_customer_incomplete',
            pg_catalog.format('deal %s cannot be contracted: the customer''s %s missing', d.number,
                              pg_catalog.array_to_string(gaps, ', ')),
            pg_catalog.jsonb_build_object('number', d.number, 'customer', c.name, 'kind', c.kind,
                                          'missing', pg_catalog.to_jsonb(gaps)));
    END IF;
    SELECT jsonb_agg(jsonb_build_object('subject', b.subject_kind, 'check', b.check_name, 'problem', b.problem,
                                        'details', b.details, 'age_days', b.age_days, 'max_age_days', b.max_age_days,
                                        'error', b.error_details) ORDER BY b.n),
           string_agg(format('check %s of the %s is %s', b.check_name, b.subject_kind, b.problem), '; ' ORDER BY b.n)
      INTO blockers, reasons
      FROM public.kite_check_blockers(d.dealership_id, 'vehicle', d.vehicle_id, d.customer_id) b;
    IF blockers IS NOT NULL THEN
        SELECT * INTO car FROM public.vehicles WHERE id = d.vehicle_id;
        PERFORM public.kite_refuse('deal_checks_block',
            pg_catalog.format('deal %s cannot be contracted: %s', d.number, reasons),
            pg_catalog.jsonb_build_object('number', d.number, 'stock_number', car.stock_number, 'vin', car.vin::text,
                                          'customer', c.name, 'blockers', blockers));
    END IF;
END
$$;

-- kite_deal_move as in 0037, with the gate before the car moves to sold.
CREATE OR REPLACE FUNCTION kite_deal_move(deal bigint, target text, why text DEFAULT '', actor text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    d public.deals;
    who text := public.kite_actor(actor);
    car_from text[];
    car_to text;
    car public.vehicles;
BEGIN
    SELECT * INTO d FROM public.deals WHERE id = deal FOR UPDATE;
    PERFORM public.kite_require_dealership(d.dealership_id, 'deal_not_found', 'deal ' || deal);
    PERFORM public.kite_require_any_role(ARRAY['kite_operator', 'kite_manager'], 'kite_sales_role', 'move_deal');
    IF NOT ((d.stage = 'draft' AND target IN ('reserved', 'cancelled'))
            OR (d.stage = 'reserved' AND target IN ('draft', 'reserved', 'contracted', 'cancelled'))
            OR (d.stage = 'contracted' AND target IN ('delivered', 'cancelled'))
            OR (d.stage = 'delivered' AND target = 'closed')) THEN
        PERFORM public.kite_refuse('deals_stage_path',
            pg_catalog.format('deal %s cannot move from %s to %s', d.number, d.stage, target),
            pg_catalog.jsonb_build_object('number', d.number, 'from', d.stage, 'to', target));
    END IF;
    IF target = 'cancelled' AND pg_catalog.btrim(coalesce(why, '')) = '' THEN
        PERFORM public.kite_refuse('deal_cancel_reason', 'a cancelled deal needs a reason', '{}');
    END IF;
    -- The contract gate: whatever is reached from before the contract passes it.
    IF d.stage IN ('draft', 'reserved') AND target IN ('contracted', 'delivered', 'closed') THEN
        PERFORM public.kite_deal_contract_gate(d);
    END IF;
    IF d.vehicle_id IS NOT NULL THEN
        IF target = 'reserved' AND d.stage = 'draft' THEN
            car_from := ARRAY['in_stock', 'in_preparation']; car_to := 'reserved';
        ELSIF target = 'contracted' THEN
            car_from := ARRAY['reserved']; car_to := 'sold';
        ELSIF target = 'delivered' THEN
            car_from := ARRAY['sold']; car_to := 'delivered';
        ELSIF target = 'cancelled' AND d.stage IN ('reserved', 'contracted') THEN
            car_from := ARRAY['reserved', 'sold']; car_to := 'in_stock';
        END IF;
        IF car_to IS NOT NULL THEN
            SELECT * INTO car FROM public.vehicles WHERE id = d.vehicle_id FOR UPDATE;
            IF NOT (car.status = ANY (car_from)) THEN
                PERFORM public.kite_refuse('deal_vehicle_unavailable',
                    pg_catalog.format('vehicle %s is %s: deal %s cannot move it to %s', car.stock_number, car.status, d.number, car_to),
                    pg_catalog.jsonb_build_object('stock_number', car.stock_number, 'status', car.status, 'to', car_to));
            END IF;
            UPDATE public.vehicles SET status = car_to, version = version + 1, updated_at = now(), updated_by = who
            WHERE id = d.vehicle_id;
        END IF;
    END IF;
    UPDATE public.deals
    SET stage = target,
        reserved_at = CASE WHEN target = 'reserved' THEN now() ELSE reserved_at END,
        contracted_at = CASE WHEN target = 'contracted' THEN now() ELSE contracted_at END,
        delivered_at = CASE WHEN target = 'delivered' THEN now() ELSE delivered_at END,
        closed_at = CASE WHEN target = 'closed' THEN now() ELSE closed_at END,
        cancelled_at = CASE WHEN target = 'cancelled' THEN now() ELSE cancelled_at END,
        reserved_until = CASE WHEN target = 'reserved'
            THEN current_date + (SELECT ds.reservation_days FROM public.dealerships ds WHERE ds.id = d.dealership_id)
            ELSE reserved_until END,
        cancel_reason = CASE WHEN target = 'cancelled' THEN pg_catalog.btrim(why) ELSE cancel_reason END,
        version = version + 1, updated_at = now(), updated_by = who
    WHERE id = deal;
END
$$;

-- kite_deal_approve_discount as in 0037; a discount within the limit has nothing to approve.
CREATE OR REPLACE FUNCTION kite_deal_approve_discount(deal bigint, actor text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    d public.deals;
    who text := public.kite_actor(actor);
    person boolean := NOT public.kite_is_owner() AND public.kite_employee_id() IS NOT NULL;
    limit_percent numeric(5,2);
    allowed numeric(14,2);
    discount numeric(14,2);
BEGIN
    SELECT * INTO d FROM public.deals WHERE id = deal FOR UPDATE;
    PERFORM public.kite_require_dealership(d.dealership_id, 'deal_not_found', 'deal ' || deal);
    IF person AND NOT (public.kite_has_role('kite_senior')
                       OR EXISTS (SELECT 1 FROM public.employees e WHERE e.login = session_user::text AND e.active AND e.is_senior)) THEN
        PERFORM public.kite_refuse('kite_senior_role',
            pg_catalog.format('database login %s is not a senior: it may not approve discounts', session_user),
            pg_catalog.jsonb_build_object('action', 'approve_discount'));
    ELSIF NOT person AND NOT public.kite_is_owner() AND NOT public.kite_has_role('kite_admin') THEN
        PERFORM public.kite_refuse('kite_senior_role',
            pg_catalog.format('database login %s is not a person: it may not approve discounts', session_user),
            pg_catalog.jsonb_build_object('action', 'approve_discount'));
    END IF;
    -- The same limit as deals_rules (0024) and the program's DiscountApproval.
    SELECT ds.discount_limit_percent INTO limit_percent FROM public.dealerships ds WHERE ds.id = d.dealership_id;
    allowed := round(d.list_price * coalesce(limit_percent, 0) / 100, 2);
    discount := greatest(d.list_price - d.sale_price, 0);
    IF discount <= allowed THEN
        PERFORM public.kite_refuse('deal_discount_within_limit',
            pg_catalog.format('the discount %s of deal %s is within the limit %s: it needs no approval', discount, d.number, allowed),
            pg_catalog.jsonb_build_object('number', d.number, 'discount', discount::text, 'limit', allowed::text));
    END IF;
    IF who = coalesce(d.discount_requested_by, d.manager_login) THEN
        PERFORM public.kite_refuse('deal_discount_own',
            pg_catalog.format('%s asked for the discount of deal %s and may not approve it', who, d.number),
            pg_catalog.jsonb_build_object('number', d.number));
    END IF;
    UPDATE public.deals
    SET discount_approved_by = who, discount_approved_at = now(),
        version = version + 1, updated_at = now(), updated_by = who
    WHERE id = deal;
END
$$;

-- Reservations past their date (the reservations.expire job of kited): every deal
-- reserved until before today goes back to draft, its car (when still reserved) back
-- in stock, each with an audit_log row by `by_actor`, and the deal's manager gets a
-- notice. Deals locked by another session are left for the next run. The same
-- statement kited ran with its column grants (ReservationExpiry.swift before 0041).
CREATE FUNCTION kite_reservations_expire(by_actor text DEFAULT NULL)
RETURNS TABLE (deal_id bigint, deal_number text, vehicle_id bigint, manager_login text)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    WITH who AS MATERIALIZED (
        SELECT public.kite_actor(coalesce(by_actor, 'kited')) AS name
    ), due AS MATERIALIZED (
        SELECT dl.id, dl.reserved_until FROM public.deals dl
        WHERE dl.stage = 'reserved' AND dl.reserved_until < current_date
        ORDER BY dl.id
        FOR UPDATE SKIP LOCKED
    ), expired AS (
        UPDATE public.deals d
        SET stage = 'draft', reserved_until = NULL, version = d.version + 1,
            updated_at = now(), updated_by = (SELECT name FROM who)
        FROM due
        WHERE d.id = due.id AND d.stage = 'reserved'
        RETURNING d.id, d.number, d.vehicle_id, d.manager_login, due.reserved_until AS was_reserved_until
    ), released AS (
        UPDATE public.vehicles v
        SET status = 'in_stock', version = v.version + 1, updated_at = now(), updated_by = (SELECT name FROM who)
        FROM expired
        WHERE v.id = expired.vehicle_id AND v.status = 'reserved'
        RETURNING v.id, v.version
    ), deal_audit AS (
        INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
        SELECT 'deal', e.id, 'reservation_expired', (SELECT name FROM who),
               jsonb_build_object('from', 'reserved', 'to', 'draft', 'reserved_until', e.was_reserved_until)
        FROM expired e
    ), vehicle_audit AS (
        INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
        SELECT 'vehicle', r.id, 'status', (SELECT name FROM who),
               jsonb_build_object('from', 'reserved', 'to', 'in_stock', 'version', r.version,
                                  'reason', 'reservation_expired')
        FROM released r
    ), notices AS (
        INSERT INTO public.user_notices (login, message_ru, message_en)
        SELECT e.manager_login,
               'Бронь по сделке ' || e.number || ' истекла ' || to_char(e.was_reserved_until, 'DD.MM.YYYY')
                   || ': сделка возвращена в черновик, автомобиль снова в продаже.',
               'The reservation of deal ' || e.number || ' expired on ' || to_char(e.was_reserved_until, 'YYYY-MM-DD')
                   || ': the deal is a draft again and the vehicle is back in stock.'
        FROM expired e
    )
    SELECT e.id, e.number, e.vehicle_id, e.manager_login FROM expired e ORDER BY e.id
$$;

REVOKE ALL ON FUNCTION kite_customer_contract_gaps(public.customers), kite_deal_contract_gate(public.deals),
    kite_reservations_expire(text) FROM PUBLIC;
-- Anyone who reads customers may ask what a contract still needs of one.
GRANT EXECUTE ON FUNCTION kite_customer_contract_gaps(public.customers) TO kite_staff, kite_kited;
GRANT EXECUTE ON FUNCTION kite_reservations_expire(text) TO kite_kited;

-- kited's column grants go: the reservations expire through the function only.
REVOKE UPDATE (stage, reserved_until, version, updated_at, updated_by) ON deals FROM kite_kited;
REVOKE UPDATE (status, updated_at, updated_by, version) ON vehicles FROM kite_kited;
