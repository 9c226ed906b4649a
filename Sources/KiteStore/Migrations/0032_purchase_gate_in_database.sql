-- The contract gate in the database (issue 13): the purchase of a used car was refused while
-- a blocking check failed or was missing only by KiteStore (ContractGate, in Swift), so a
-- login calling appraisal_buy from psql skipped it. The rule is now one SQL function,
-- kite_check_blockers, which ContractGate reads for a deal's contract and appraisal_buy
-- enforces itself (kite_refuse 'appraisal_checks_block', the blockers as values).

-- Which subject a verification check belongs to: the car ('vehicle' checks, run on a car in
-- stock or an appraisal's VIN) or the customer of a kind; NULL when it does not apply (a
-- passport check for a company). The same lists as KiteStore's CheckCatalog (a test
-- compares them).
CREATE FUNCTION kite_check_subject(check_name text, customer_kind text) RETURNS text LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT CASE
        WHEN check_name = ANY (ARRAY['vin_structure', 'vin_make', 'model_year', 'duplicate_vin',
                                     'pledge', 'wanted', 'restrictions', 'mileage_rollback']) THEN 'vehicle'
        WHEN customer_kind = 'person' AND check_name = ANY (ARRAY['passport_invalid', 'inn_checksum', 'buyer_age']) THEN 'customer'
        WHEN customer_kind <> 'person' AND check_name = ANY (ARRAY['inn_checksum', 'ogrn_checksum']) THEN 'customer'
    END
$$;

-- The blocking checks of the dealership that stop a contract or a purchase, in the order of
-- dealerships.blocking_checks: each must have a latest real result (passed, warning, failed;
-- an error is not a result) for the car (car_kind 'vehicle' or 'appraisal') or the customer
-- that is not failed and not older than check_max_age_days. problem: 'missing', 'failed' or
-- 'stale'; error_details: the last error newer than the real result, if any. Runs as the
-- caller (the check_results policy applies), or as the owner inside appraisal_buy.
CREATE FUNCTION kite_check_blockers(dealership bigint, car_kind text, car bigint, customer bigint)
RETURNS TABLE (n int, subject_kind text, check_name text, problem text, details text, age_days int,
               max_age_days int, error_details text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    WITH blocking AS (
        SELECT b.n::int AS n, b.name,
               CASE public.kite_check_subject(b.name, c.kind) WHEN 'vehicle' THEN car_kind WHEN 'customer' THEN 'customer' END AS kind,
               CASE public.kite_check_subject(b.name, c.kind) WHEN 'vehicle' THEN car ELSE customer END AS subject,
               dl.check_max_age_days AS max_age
          FROM public.dealerships dl
          CROSS JOIN LATERAL unnest(dl.blocking_checks) WITH ORDINALITY AS b(name, n)
          JOIN public.customers c ON c.id = customer
         WHERE dl.id = dealership),
    judged AS (
        SELECT bl.n, bl.kind, bl.name, bl.max_age, r.status, r.details, r.checked_at, e.details AS error_details
          FROM blocking bl
          LEFT JOIN LATERAL (SELECT cr.status, cr.details, cr.checked_at FROM public.check_results cr
                              WHERE cr.subject_kind = bl.kind AND cr.subject_id = bl.subject AND cr.check_name = bl.name
                                AND cr.status <> 'error'
                              ORDER BY cr.checked_at DESC, cr.id DESC LIMIT 1) r ON true
          LEFT JOIN LATERAL (SELECT cr.details FROM public.check_results cr
                              WHERE cr.subject_kind = bl.kind AND cr.subject_id = bl.subject AND cr.check_name = bl.name
                                AND cr.status = 'error' AND cr.checked_at > coalesce(r.checked_at, '-infinity')
                              ORDER BY cr.checked_at DESC, cr.id DESC LIMIT 1) e ON true
         WHERE bl.kind IS NOT NULL)
    SELECT j.n, j.kind, j.name,
           CASE WHEN j.status IS NULL THEN 'missing' WHEN j.status = 'failed' THEN 'failed' ELSE 'stale' END,
           coalesce(j.details, ''), coalesce(extract(day FROM now() - j.checked_at)::int, 0), j.max_age, j.error_details
      FROM judged j
     WHERE j.status IS NULL OR j.status = 'failed' OR j.checked_at <= now() - make_interval(days => j.max_age)
     ORDER BY j.n
$$;
REVOKE ALL ON FUNCTION kite_check_blockers(bigint, text, bigint, bigint), kite_check_subject(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_check_blockers(bigint, text, bigint, bigint), kite_check_subject(text, text) TO kite_staff, kite_kited;

-- appraisal_buy refuses itself while a blocking check on the appraisal's VIN or the seller
-- failed, is missing or out of date (the rest as in 0031).
CREATE OR REPLACE FUNCTION appraisal_buy(appraisal bigint, location bigint, method text, actor text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    a public.appraisals;
    seller public.customers;
    code text;
    n bigint;
    vehicle bigint;
    payout bigint;
    other text;
    today date;
    d public.deals;
    blockers jsonb;
    reasons text;
BEGIN
    IF NOT public.kite_may_buy_used() THEN
        RAISE EXCEPTION 'database login % may not buy a used car (kite_appraiser, kite_operator or kite_admin)', session_user
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'appraisal_buyer_role';
    END IF;
    a := public.appraisal_lock(appraisal, ARRAY['accepted'], 'be bought');
    SELECT * INTO seller FROM public.customers WHERE id = a.seller_id;
    -- The contract gate: every blocking check of the dealership on the appraisal's VIN and
    -- on the seller has a fresh result that is not failed.
    SELECT jsonb_agg(jsonb_build_object('subject', b.subject_kind, 'check', b.check_name, 'problem', b.problem,
                                        'details', b.details, 'age_days', b.age_days, 'max_age_days', b.max_age_days,
                                        'error', b.error_details) ORDER BY b.n),
           string_agg(format('check %s of the %s is %s', b.check_name,
                             CASE b.subject_kind WHEN 'customer' THEN 'seller' ELSE 'car' END, b.problem), '; ' ORDER BY b.n)
      INTO blockers, reasons
      FROM public.kite_check_blockers(a.dealership_id, 'appraisal', a.id, a.seller_id) b;
    IF blockers IS NOT NULL THEN
        PERFORM public.kite_refuse('appraisal_checks_block', format('the purchase of appraisal %s is refused: %s', a.number, reasons),
            jsonb_build_object('number', a.number, 'vin', a.vin, 'seller', seller.name, 'blockers', blockers));
    END IF;
    IF method NOT IN ('cash', 'card', 'bank_transfer') THEN
        PERFORM public.kite_refuse('appraisal_state_refused', format('pay the seller in cash, by card or by bank transfer, not %s', method));
    END IF;
    SELECT v.stock_number INTO other FROM public.vehicles v
     WHERE v.vin = a.vin AND v.status NOT IN ('delivered', 'written_off') LIMIT 1;
    IF other IS NOT NULL THEN
        PERFORM public.kite_refuse('appraisal_vin_in_stock', format('a car with VIN %s is already in stock (%s)', a.vin, other),
            jsonb_build_object('vin', a.vin, 'stock_number', other));
    END IF;
    IF location IS NOT NULL AND NOT EXISTS (SELECT 1 FROM public.locations WHERE id = location AND dealership_id = a.dealership_id) THEN
        PERFORM public.kite_refuse('appraisal_dealership', 'the car is put at a location of the appraisal''s dealership');
    END IF;
    SELECT dl.code INTO code FROM public.dealerships dl WHERE dl.id = a.dealership_id;
    today := public.appraisal_today(a.dealership_id);

    INSERT INTO public.stock_number_counters AS c (dealership_id, last_number) VALUES (a.dealership_id, 1)
    ON CONFLICT (dealership_id) DO UPDATE SET last_number = c.last_number + 1
    RETURNING last_number INTO n;
    INSERT INTO public.vehicles (stock_number, vin, make, model, year, colour, body, mileage_km, condition, status,
                                 vehicle_type, dealership_id, location_id, purchase_cost, list_price, arrival_date,
                                 bought_from_private_person, attributes, updated_by)
    VALUES (code || '-' || lpad(n::text, 6, '0'), a.vin, a.make, a.model, a.model_year, a.colour, a.body, a.mileage_km,
            'used', 'in_stock', 'car', a.dealership_id, location, a.offer_amount, coalesce(a.expected_retail, 0), today,
            seller.kind = 'person', jsonb_build_object('appraisal', a.number), actor)
    RETURNING id INTO vehicle;

    IF a.deal_id IS NOT NULL THEN
        -- A trade-in: the price is the deal's trade-in credit, not money paid out.
        SELECT * INTO d FROM public.deals WHERE id = a.deal_id FOR UPDATE;
        IF d.stage NOT IN ('draft', 'reserved') THEN
            PERFORM public.kite_refuse('appraisal_state_refused', format('deal %s is %s: its trade-in no longer changes', d.number, d.stage),
                jsonb_build_object('number', d.number, 'state', d.stage, 'action', 'be bought'));
        END IF;
        UPDATE public.deals
           SET trade_in_credit = a.offer_amount,
               trade_in_description = left(format('%s %s %s, VIN %s (%s)', a.make, a.model, a.model_year, a.vin, a.number), 500),
               amount_due = total_amount - a.offer_amount,
               customer_part = total_amount - a.offer_amount - loan_amount,
               version = version + 1, updated_at = now(), updated_by = actor
         WHERE id = a.deal_id;
    ELSE
        INSERT INTO public.payments (dealership_id, direction, kind, method, amount, payment_date, counterparty, purpose,
                                     document_ref, created_by, updated_by)
        VALUES (a.dealership_id, 'outgoing', 'seller_payout', method, a.offer_amount, today, seller.name,
                left(format('Выкуп автомобиля %s %s, VIN %s, по оценке %s', a.make, a.model, a.vin, a.number), 1000),
                a.number, actor, actor)
        RETURNING id INTO payout;
    END IF;

    UPDATE public.appraisals SET state = 'bought', vehicle_id = vehicle, purchase_price = a.offer_amount, payout_id = payout,
           bought_at = now(), version = version + 1, updated_at = now(), updated_by = actor
     WHERE id = appraisal RETURNING * INTO a;
    PERFORM public.appraisal_event(a, 'bought', '', actor);
    PERFORM set_config('kite.appraisal_command', '', true);
    RETURN vehicle;
END
$$;
