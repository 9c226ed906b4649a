-- Buyout, the purchase (issue 13): an accepted appraisal becomes a used car in stock in one
-- transaction — the car with purchase cost = the price paid and «bought from a private
-- person» set (its purchase line in the cost ledger comes from 0027's trigger), the payout to
-- the seller in finance (pending, finance confirms it), or, for a trade-in, the deal's
-- trade-in credit; the appraisal linked to the car. The checks of the appraisal's VIN run
-- through kited as the appraisal's own subject (`appraisal.verify`), and the purchase is
-- refused while a blocking check failed or is missing (KiteStore's ContractGate, the same
-- rule as the contract, called by AppraisalRepository.buy in this function's transaction).

ALTER TABLE check_results DROP CONSTRAINT check_results_subject_kind_check;
ALTER TABLE check_results ADD CONSTRAINT check_results_subject_kind_check
    CHECK (subject_kind IN ('vehicle', 'customer', 'appraisal'));

DROP POLICY check_results_dealership ON check_results;
CREATE POLICY check_results_dealership ON check_results
    USING ((SELECT kite_sees_all_dealerships())
           OR (subject_kind = 'vehicle' AND EXISTS (SELECT 1 FROM public.vehicles v WHERE v.id = subject_id))
           OR (subject_kind = 'customer' AND EXISTS (SELECT 1 FROM public.customers c WHERE c.id = subject_id))
           OR (subject_kind = 'appraisal' AND EXISTS (SELECT 1 FROM public.appraisals a WHERE a.id = subject_id)));

-- Who buys: the appraiser, an operator, an admin (session_user, as every role check).
CREATE FUNCTION kite_may_buy_used() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT pg_has_role(session_user, 'kite_appraiser', 'MEMBER') OR pg_has_role(session_user, 'kite_operator', 'MEMBER')
        OR pg_has_role(session_user, 'kite_admin', 'MEMBER')
$$;

-- Buys an accepted appraisal; returns the new car's id. The appraisal row is locked first,
-- so of two clerks buying it at once the second finds it bought and is told so.
CREATE FUNCTION appraisal_buy(appraisal bigint, location bigint, method text, actor text) RETURNS bigint
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
BEGIN
    IF NOT public.kite_may_buy_used() THEN
        RAISE EXCEPTION 'database login % may not buy a used car (kite_appraiser, kite_operator or kite_admin)', session_user
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'appraisal_buyer_role';
    END IF;
    a := public.appraisal_lock(appraisal, ARRAY['accepted'], 'be bought');
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
    SELECT * INTO seller FROM public.customers WHERE id = a.seller_id;
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
REVOKE ALL ON FUNCTION appraisal_buy(bigint, bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION appraisal_buy(bigint, bigint, text, text), kite_may_buy_used() TO kite_staff;

-- The car's own view of where it came from.
CREATE INDEX appraisals_vehicle ON appraisals (vehicle_id) WHERE vehicle_id IS NOT NULL;
