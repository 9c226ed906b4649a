-- State changes that carry a rule go through commands (issue 11): confirming,
-- cancelling and reversing a payment, closing and reopening a cash day,
-- approving a discount, moving a deal's stage, changing a dealership's
-- settings. Each is a SECURITY DEFINER function that
--   * checks the caller's role by session_user (SET ROLE changes nothing),
--   * checks that the row is of a dealership the caller works for (the function
--     runs as the owner, whom row-level security does not filter),
--   * records the actor from session_user (the owner and services that are not
--     people keep the name they give: the demo seed, fixtures),
--   * says no through kite_refuse(rule, message, values), so the program puts
--     the refusal into the person's language.
-- The direct UPDATE of the columns they change is revoked: people keep column
-- privileges only on what a card edits. The triggers of 0007–0024 stay: they
-- check the same rules again, whoever writes.
--
-- Not a person's: kited still expires reservations with its column grant on
-- deals (stage, reserved_until); the jobs' retry and cancel were functions
-- already (0019) and are now executable by admins only.

-- Who did it: the login for a person, the given name for the owner and services.
CREATE FUNCTION kite_actor(given text) RETURNS text LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT CASE WHEN public.kite_is_owner() OR public.kite_employee_id() IS NULL
                THEN coalesce(nullif(btrim(given), ''), session_user::text)
                ELSE session_user::text END
$$;

-- The caller must be a member of one of `roles` (the owner always is).
CREATE FUNCTION kite_require_any_role(roles text[], rule text, action text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r text;
BEGIN
    IF public.kite_is_owner() THEN
        RETURN;
    END IF;
    FOREACH r IN ARRAY roles LOOP
        IF pg_catalog.pg_has_role(session_user, r, 'MEMBER') THEN
            RETURN;
        END IF;
    END LOOP;
    PERFORM public.kite_refuse(rule,
        pg_catalog.format('database login %s is not a member of %s: it may not %s',
                          session_user, pg_catalog.array_to_string(roles, ' or '), action),
        pg_catalog.jsonb_build_object('action', action));
END
$$;

-- A row of another dealership is, to the caller, a row that does not exist.
CREATE FUNCTION kite_require_dealership(dealership bigint, rule text, what text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF dealership IS NULL OR NOT (public.kite_is_owner() OR public.kite_may_see_dealership(dealership)) THEN
        PERFORM public.kite_refuse(rule, pg_catalog.format('%s not found', what), pg_catalog.jsonb_build_object('what', what));
    END IF;
END
$$;

-- Payments -----------------------------------------------------------------------

-- pending → confirmed (finance). False when the payment is no longer pending:
-- the caller reads who did what instead.
CREATE FUNCTION kite_payment_confirm(payment bigint, actor text DEFAULT NULL) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    p public.payments;
    who text := public.kite_actor(actor);
BEGIN
    SELECT * INTO p FROM public.payments WHERE id = payment FOR UPDATE;
    PERFORM public.kite_require_dealership(p.dealership_id, 'payment_not_found', 'payment ' || payment);
    PERFORM public.kite_require_any_role(ARRAY['kite_finance'], 'kite_finance_role', 'confirm');
    UPDATE public.payments
    SET state = 'confirmed', confirmed_at = now(), confirmed_by = who,
        version = version + 1, updated_at = now(), updated_by = who
    WHERE id = payment AND state = 'pending';
    RETURN FOUND;
END
$$;

-- pending → cancelled, with a reason: finance, or the login that entered it.
CREATE FUNCTION kite_payment_cancel(payment bigint, why text, actor text DEFAULT NULL) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    p public.payments;
    who text := public.kite_actor(actor);
BEGIN
    SELECT * INTO p FROM public.payments WHERE id = payment FOR UPDATE;
    PERFORM public.kite_require_dealership(p.dealership_id, 'payment_not_found', 'payment ' || payment);
    IF NOT (public.kite_is_owner() OR public.kite_is_finance()
            OR p.created_db_user IS NOT DISTINCT FROM session_user::text) THEN
        PERFORM public.kite_refuse('payments_cancel_role',
            pg_catalog.format('database login %s may not cancel payment %s: only the login that entered it or a member of kite_finance may',
                              session_user, payment),
            pg_catalog.jsonb_build_object('id', payment));
    END IF;
    IF pg_catalog.btrim(coalesce(why, '')) = '' THEN
        PERFORM public.kite_refuse('payments_cancel_reason', 'a cancelled payment needs a reason', '{}');
    END IF;
    UPDATE public.payments
    SET state = 'cancelled', cancelled_at = now(), cancelled_by = who, cancel_reason = pg_catalog.btrim(why),
        version = version + 1, updated_at = now(), updated_by = who
    WHERE id = payment AND state = 'pending';
    RETURN FOUND;
END
$$;

-- confirmed → reversed (finance): a confirmed entry with the opposite amount,
-- linked to the original, dated `on_day` (never before the original). Returns
-- the reversal's id.
CREATE FUNCTION kite_payment_reverse(payment bigint, why text, on_day date, actor text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    p public.payments;
    who text := public.kite_actor(actor);
    reversal bigint;
BEGIN
    SELECT * INTO p FROM public.payments WHERE id = payment FOR UPDATE;
    PERFORM public.kite_require_dealership(p.dealership_id, 'payment_not_found', 'payment ' || payment);
    PERFORM public.kite_require_any_role(ARRAY['kite_finance'], 'kite_finance_role', 'reverse');
    IF p.state <> 'confirmed' OR p.reverses_payment_id IS NOT NULL THEN
        PERFORM public.kite_refuse('payment_not_reversible',
            pg_catalog.format('payment %s is %s: only a confirmed payment that is not itself a reversal is reversed', payment, p.state),
            pg_catalog.jsonb_build_object('id', payment, 'state', p.state));
    END IF;
    IF pg_catalog.btrim(coalesce(why, '')) = '' THEN
        PERFORM public.kite_refuse('payment_reverse_reason', 'a reversal needs a reason', '{}');
    END IF;
    INSERT INTO public.payments (dealership_id, direction, kind, method, amount, payment_date, deal_id,
        counterparty, purpose, document_ref, state, reverses_payment_id, reason,
        confirmed_at, confirmed_by, created_by, updated_by)
    VALUES (p.dealership_id, p.direction, p.kind, p.method, -p.amount,
        greatest(coalesce(on_day, current_date), p.payment_date), p.deal_id, p.counterparty, p.purpose,
        p.document_ref, 'confirmed', p.id, pg_catalog.btrim(why), now(), who, who, who)
    RETURNING id INTO reversal;
    UPDATE public.payments
    SET state = 'reversed', reversed_at = now(), reversed_by = who,
        version = version + 1, updated_at = now(), updated_by = who
    WHERE id = payment;
    RETURN reversal;
END
$$;

-- Cash days ----------------------------------------------------------------------

-- Closes a dealership's cash day (finance) with the desk's figures as the
-- database counts them: the caller gives no figure. The guard (0015) refuses a
-- future day, a day not after the last closed one, pending cash.
CREATE FUNCTION kite_cash_day_close(dealership bigint, on_day date, actor text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    who text := public.kite_actor(actor);
    opening numeric(14,2);
    cash_in numeric(14,2);
    cash_out numeric(14,2);
    entries int;
BEGIN
    PERFORM public.kite_require_dealership(dealership, 'dealership_not_found', 'dealership ' || dealership);
    PERFORM public.kite_require_any_role(ARRAY['kite_finance'], 'kite_finance_role', 'close_day');
    PERFORM public.kite_lock_cash_desk(dealership, true);
    SELECT coalesce(sum(CASE WHEN p.direction = 'incoming' THEN p.amount ELSE -p.amount END), 0)
    INTO opening FROM public.payments p
    WHERE p.dealership_id = dealership AND p.method = 'cash' AND p.state IN ('confirmed', 'reversed')
      AND p.payment_date < on_day;
    SELECT coalesce(sum(p.amount) FILTER (WHERE p.direction = 'incoming'), 0),
           coalesce(sum(p.amount) FILTER (WHERE p.direction = 'outgoing'), 0), count(*)
    INTO cash_in, cash_out, entries FROM public.payments p
    WHERE p.dealership_id = dealership AND p.method = 'cash' AND p.state IN ('confirmed', 'reversed')
      AND p.payment_date = on_day;
    INSERT INTO public.cash_days (dealership_id, day, opening_balance, cash_in, cash_out, closing_balance, entries, closed_by)
    VALUES (dealership, on_day, opening, cash_in, cash_out, opening + cash_in - cash_out, entries, who);
    INSERT INTO public.audit_log (entity, entity_id, action, actor, data)
    VALUES ('cash_day', dealership, 'close', who, pg_catalog.jsonb_build_object('day', on_day));
END
$$;

-- Reopens a standing closed day (finance), with a reason. False when the day
-- has no standing closure.
CREATE FUNCTION kite_cash_day_reopen(dealership bigint, on_day date, why text, actor text DEFAULT NULL) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    who text := public.kite_actor(actor);
BEGIN
    PERFORM public.kite_require_dealership(dealership, 'dealership_not_found', 'dealership ' || dealership);
    PERFORM public.kite_require_any_role(ARRAY['kite_finance'], 'kite_finance_role', 'reopen_day');
    UPDATE public.cash_days SET reopened_at = now(), reopened_by = who, reopen_reason = pg_catalog.btrim(coalesce(why, ''))
    WHERE dealership_id = dealership AND day = on_day AND reopened_at IS NULL;
    RETURN FOUND;
END
$$;

-- The reopening login is the person's (0015's guard stamps current_user, which
-- inside the command is the owner).
DROP TRIGGER cash_days_stamp_actor ON cash_days;
CREATE TRIGGER cash_days_stamp_actor BEFORE INSERT OR UPDATE ON cash_days FOR EACH ROW
    EXECUTE FUNCTION kite_stamp_actor('closed_by', 'closed_db_user', 'reopened_by', 'reopened_db_user');

-- Deals --------------------------------------------------------------------------

-- A senior approves a deal's discount in their own name; not the one who asked.
CREATE FUNCTION kite_deal_approve_discount(deal bigint, actor text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    d public.deals;
    who text := public.kite_actor(actor);
    person boolean := NOT public.kite_is_owner() AND public.kite_employee_id() IS NOT NULL;
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

-- An approval is of the discount's terms (price, amount, reason, who asked):
-- another one needs another approval, whoever writes (0024's rule skips the
-- owner; the card used to send NULL itself, and no longer writes the column).
CREATE FUNCTION deals_approval_follows_terms() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF OLD.discount_approved_by IS NOT NULL
       AND NEW.discount_approved_by IS NOT DISTINCT FROM OLD.discount_approved_by
       AND (NEW.discount_reason, NEW.discount_requested_by, NEW.list_price, NEW.sale_price, NEW.discount_amount)
           IS DISTINCT FROM (OLD.discount_reason, OLD.discount_requested_by, OLD.list_price, OLD.sale_price, OLD.discount_amount) THEN
        NEW.discount_approved_by := NULL;
        NEW.discount_approved_at := NULL;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER deals_approval_follows_terms BEFORE UPDATE ON deals
    FOR EACH ROW EXECUTE FUNCTION deals_approval_follows_terms();

-- Moves a deal to `target` and its car along (reserved: the car is reserved
-- until the dealership's date; contracted: sold; delivered: delivered;
-- cancelled: back in stock). The stage machine, the discount approval and
-- "delivered only when paid" are the triggers' (0019, 0024); the car must be in
-- the status the move expects.
CREATE FUNCTION kite_deal_move(deal bigint, target text, why text DEFAULT '', actor text DEFAULT NULL) RETURNS void
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

-- Dealership settings ------------------------------------------------------------

-- Admins change a dealership's rules (a NULL keeps the value). False when
-- there is no such dealership.
CREATE FUNCTION kite_dealership_settings_set(dealership_code text, new_blocking_checks text[] DEFAULT NULL,
                                             new_check_max_age_days int DEFAULT NULL,
                                             new_discount_limit_percent numeric DEFAULT NULL,
                                             new_time_zone text DEFAULT NULL,
                                             new_vat_rate_percent numeric DEFAULT NULL,
                                             new_reservation_days int DEFAULT NULL) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM public.kite_require_any_role(ARRAY['kite_admin'], 'kite_admin_role', 'change_settings');
    UPDATE public.dealerships
    SET blocking_checks = coalesce(new_blocking_checks, blocking_checks),
        check_max_age_days = coalesce(new_check_max_age_days, check_max_age_days),
        discount_limit_percent = coalesce(new_discount_limit_percent, discount_limit_percent),
        time_zone = coalesce(new_time_zone, time_zone),
        vat_rate_percent = coalesce(new_vat_rate_percent, vat_rate_percent),
        reservation_days = coalesce(new_reservation_days, reservation_days)
    WHERE code = dealership_code;
    RETURN FOUND;
END
$$;

-- Who may call what ----------------------------------------------------------------

REVOKE ALL ON FUNCTION kite_actor(text), kite_require_any_role(text[], text, text),
    kite_require_dealership(bigint, text, text), deals_approval_follows_terms(),
    kite_payment_confirm(bigint, text), kite_payment_cancel(bigint, text, text),
    kite_payment_reverse(bigint, text, date, text), kite_cash_day_close(bigint, date, text),
    kite_cash_day_reopen(bigint, date, text, text), kite_deal_approve_discount(bigint, text),
    kite_deal_move(bigint, text, text, text),
    kite_dealership_settings_set(text, text[], int, numeric, text, numeric, int),
    kite_job_retry(bigint), kite_job_cancel(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kite_payment_confirm(bigint, text), kite_payment_reverse(bigint, text, date, text),
    kite_cash_day_close(bigint, date, text), kite_cash_day_reopen(bigint, date, text, text) TO kite_finance;
GRANT EXECUTE ON FUNCTION kite_payment_cancel(bigint, text, text) TO kite_operator, kite_manager, kite_finance;
GRANT EXECUTE ON FUNCTION kite_deal_move(bigint, text, text, text) TO kite_operator, kite_manager;
-- Every seller may press "approve": a manager who is not a senior hears why not.
GRANT EXECUTE ON FUNCTION kite_deal_approve_discount(bigint, text) TO kite_operator, kite_manager, kite_senior, kite_admin;
GRANT EXECUTE ON FUNCTION kite_dealership_settings_set(text, text[], int, numeric, text, numeric, int),
    kite_job_retry(bigint), kite_job_cancel(bigint, text) TO kite_admin;

-- The direct UPDATE of what the commands change -------------------------------------

-- Payments: a pending entry's own fields are edited on its card; its state and
-- the stamps of confirming, reversing and cancelling only by the commands. A new
-- entry is pending: the state and the reversal link are not written by hand.
REVOKE INSERT, UPDATE ON payments FROM kite_operator, kite_manager, kite_finance;
GRANT INSERT (dealership_id, direction, kind, method, amount, payment_date, deal_id, trip_id, counterparty, purpose,
              document_ref, idempotency_key, created_by, updated_by)
    ON payments TO kite_operator, kite_manager, kite_finance;
GRANT UPDATE (dealership_id, direction, kind, method, amount, payment_date, deal_id, trip_id, counterparty, purpose,
              document_ref, version, updated_at, updated_by)
    ON payments TO kite_operator, kite_manager, kite_finance;

-- Cash days: closed and reopened by the commands only.
REVOKE INSERT, UPDATE ON cash_days FROM kite_finance;

-- Deals: the card edits the terms while they are open; the stage, its stamps
-- and the approval move by the commands. (kited keeps 0019's column grant to
-- expire reservations.)
REVOKE UPDATE ON deals FROM kite_operator, kite_manager;
GRANT UPDATE (customer_id, vehicle_id, list_price, sale_price, discount_amount, discount_reason, discount_requested_by,
              trade_in_credit, trade_in_description, loan_bank, loan_amount, margin_vat, purchase_cost, total_amount,
              vat_amount, amount_due, customer_part, planned_handover, version, updated_at, updated_by)
    ON deals TO kite_operator, kite_manager;
REVOKE INSERT ON deals FROM kite_operator, kite_manager;
GRANT INSERT (number, dealership_id, manager_login, customer_id, vehicle_id, list_price, sale_price, discount_amount,
              discount_reason, discount_requested_by, trade_in_credit, trade_in_description, loan_bank, loan_amount,
              vat_rate_percent, margin_vat, purchase_cost, total_amount, vat_amount, amount_due, customer_part,
              planned_handover, updated_by)
    ON deals TO kite_operator, kite_manager;

-- Dealerships: names and requisites stay an admin's column edits; the rules
-- (discount limit, blocking checks, check age, time zone, VAT, reservation
-- days) change through kite_dealership_settings_set.
REVOKE UPDATE ON dealerships FROM kite_admin;
GRANT UPDATE (code, name, city, legal_name, inn, kpp, ogrn, legal_address, bank_name, bik, settlement_account,
              correspondent_account)
    ON dealerships TO kite_admin;
