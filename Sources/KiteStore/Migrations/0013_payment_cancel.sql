-- Cancelling a pending payment entered by mistake (a duplicate, the wrong deal,
-- an imported bank line that is not ours): pending → cancelled, with who, when
-- and why. The row stays in the journal for ever and counts nowhere.
--
-- Rules enforced here, not only in the UI:
--   * only a pending payment can be cancelled; a cancelled payment is final:
--     never edited, confirmed, reversed or cancelled again;
--   * cancelling changes nothing but the state and the cancel columns;
--   * a reason is required;
--   * who may cancel: a member of kite_finance, or the same database login that
--     entered the payment (created_db_user, recorded from now on). Payments
--     entered before this migration have no created_db_user: only finance may
--     cancel them.
-- A cancelled payment keeps its idempotency key, so re-importing the same bank
-- statement still skips it as a duplicate.

ALTER TABLE payments
    -- The database login that entered the payment (set by payments_guard; NULL before 0013).
    ADD COLUMN created_db_user   text,
    ADD COLUMN cancelled_at      timestamptz,
    ADD COLUMN cancelled_by      text,
    -- The database login that cancelled (the role check is on it).
    ADD COLUMN cancelled_db_user text,
    ADD COLUMN cancel_reason     text NOT NULL DEFAULT '';

ALTER TABLE payments DROP CONSTRAINT payments_state_check;
ALTER TABLE payments ADD CONSTRAINT payments_state_check
    CHECK (state IN ('pending', 'confirmed', 'reversed', 'cancelled'));

-- A cancelled payment was never confirmed.
ALTER TABLE payments DROP CONSTRAINT payments_confirmed_shape;
ALTER TABLE payments ADD CONSTRAINT payments_confirmed_shape CHECK (state = 'pending'
    OR (state = 'cancelled' AND confirmed_at IS NULL AND confirmed_by IS NULL)
    OR (state IN ('confirmed', 'reversed') AND confirmed_at IS NOT NULL AND confirmed_by IS NOT NULL));

ALTER TABLE payments ADD CONSTRAINT payments_cancelled_shape CHECK (
    (state = 'cancelled') = (cancelled_at IS NOT NULL)
    AND (state = 'cancelled') = (cancelled_by IS NOT NULL)
    AND (state = 'cancelled') = (btrim(cancel_reason) <> ''));

-- Who may cancel payment `entered_by_db_user`: finance, or the login that entered it.
CREATE FUNCTION kite_require_may_cancel(payment_id bigint, entered_by_db_user text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT kite_is_finance() AND entered_by_db_user IS DISTINCT FROM current_user THEN
        RAISE EXCEPTION 'database login % may not cancel payment %: only the login that entered it (%) or a member of kite_finance may',
            current_user, payment_id, coalesce(entered_by_db_user, 'not recorded')
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'payments_cancel_role';
    END IF;
END
$$;

-- 0007's guard plus: created_db_user recorded on entry and immutable; pending →
-- cancelled (and nothing else about a cancelled payment).
CREATE OR REPLACE FUNCTION payments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    original payments%ROWTYPE;
    credit numeric(14,2);
    offset_sum numeric(14,2);
    unchanged_columns text[] := ARRAY['state', 'reversed_at', 'reversed_by', 'version', 'updated_at', 'updated_by'];
    cancel_columns text[] := ARRAY['state', 'cancelled_at', 'cancelled_by', 'cancelled_db_user', 'cancel_reason',
                                   'version', 'updated_at', 'updated_by'];
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payment % cannot be deleted: payments are never deleted', OLD.id
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'payments_never_deleted';
    END IF;

    IF TG_OP = 'UPDATE' THEN
        IF NEW.id <> OLD.id OR NEW.created_by <> OLD.created_by OR NEW.created_at <> OLD.created_at
           OR NEW.created_db_user IS DISTINCT FROM OLD.created_db_user
           OR NEW.reverses_payment_id IS DISTINCT FROM OLD.reverses_payment_id THEN
            RAISE EXCEPTION 'payment %: id, author and reversal link cannot change', OLD.id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_immutable';
        END IF;
        IF OLD.state = 'cancelled' THEN
            RAISE EXCEPTION 'payment % is cancelled and cannot change: it is never edited, confirmed, reversed or cancelled again', OLD.id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_cancelled_final';
        END IF;
        IF OLD.state = 'reversed' THEN
            RAISE EXCEPTION 'payment % is reversed and cannot change', OLD.id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_immutable';
        END IF;
        IF OLD.state = 'confirmed' THEN
            -- The only change: confirmed → reversed, once its reversal entry exists.
            IF NEW.state <> 'reversed'
               OR (to_jsonb(NEW) - unchanged_columns) <> (to_jsonb(OLD) - unchanged_columns) THEN
                RAISE EXCEPTION 'payment % is confirmed and cannot be edited: reverse it instead', OLD.id
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_immutable';
            END IF;
            PERFORM kite_require_finance('reverse payments');
            IF NOT EXISTS (SELECT 1 FROM payments WHERE reverses_payment_id = OLD.id) THEN
                RAISE EXCEPTION 'payment % can only become reversed through a reversal entry', OLD.id
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_immutable';
            END IF;
            RETURN NEW;  -- the original's day keeps its figures: it still counts, its reversal cancels it
        END IF;
        -- OLD.state = 'pending'
        IF NEW.state = 'reversed' THEN
            RAISE EXCEPTION 'payment % is pending: only a confirmed payment can be reversed', OLD.id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_immutable';
        END IF;
        IF NEW.state = 'cancelled' THEN
            IF (to_jsonb(NEW) - cancel_columns) <> (to_jsonb(OLD) - cancel_columns) THEN
                RAISE EXCEPTION 'payment %: cancelling changes nothing but its state, who, when and why', OLD.id
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_cancel_only';
            END IF;
            PERFORM kite_require_may_cancel(OLD.id, OLD.created_db_user);
            NEW.cancelled_db_user := current_user;
            -- Serialised with closing the day like any change to a cash entry;
            -- the trade-in credit check below does not apply: nothing is added.
            IF OLD.method = 'cash' THEN
                PERFORM kite_check_cash_open(OLD.dealership_id, OLD.payment_date);
            END IF;
            RETURN NEW;
        END IF;
        IF NEW.cancelled_at IS NOT NULL OR NEW.cancelled_by IS NOT NULL OR NEW.cancelled_db_user IS NOT NULL
           OR NEW.cancel_reason <> '' THEN
            RAISE EXCEPTION 'payment % is not cancelled: the cancel columns stay empty', OLD.id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_cancel_only';
        END IF;
        IF NEW.state = 'confirmed' THEN
            PERFORM kite_require_finance('confirm payments');
            NEW.confirmed_db_user := current_user;
        END IF;
        IF OLD.method = 'cash' THEN
            PERFORM kite_check_cash_open(OLD.dealership_id, OLD.payment_date);
        END IF;
    ELSE
        -- INSERT: new payments are pending; only a reversal entry is born confirmed.
        IF NEW.state <> 'pending' AND NEW.reverses_payment_id IS NULL THEN
            RAISE EXCEPTION 'a new payment is entered pending and confirmed by finance'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_entered_pending';
        END IF;
        IF NEW.reverses_payment_id IS NOT NULL THEN
            PERFORM kite_require_finance('reverse payments');
            SELECT * INTO original FROM payments WHERE id = NEW.reverses_payment_id FOR UPDATE;
            IF NOT FOUND OR original.state <> 'confirmed' OR original.reverses_payment_id IS NOT NULL
               OR NEW.amount <> -original.amount OR NEW.dealership_id <> original.dealership_id
               OR NEW.direction <> original.direction OR NEW.method <> original.method OR NEW.kind <> original.kind
               OR NEW.deal_id IS DISTINCT FROM original.deal_id THEN
                RAISE EXCEPTION 'reversal of payment % must mirror a confirmed payment', NEW.reverses_payment_id
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_reversal_mirror';
            END IF;
            NEW.confirmed_db_user := current_user;
        END IF;
        NEW.created_at := now();
        NEW.created_db_user := current_user;
        NEW.cancelled_db_user := NULL;
    END IF;

    IF NEW.method = 'cash' THEN
        PERFORM kite_check_cash_open(NEW.dealership_id, NEW.payment_date);
    END IF;

    -- Trade-in offsets never exceed the deal's trade-in credit (serialised per deal).
    IF NEW.method = 'trade_in_offset' AND NEW.amount > 0 AND NEW.deal_id IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(7008, NEW.deal_id::int);
        SELECT trade_in_credit INTO credit FROM deals WHERE id = NEW.deal_id;
        SELECT coalesce(sum(amount), 0) INTO offset_sum FROM payments
            WHERE deal_id = NEW.deal_id AND method = 'trade_in_offset' AND state IN ('confirmed', 'reversed')
              AND id IS DISTINCT FROM NEW.id;
        IF offset_sum + NEW.amount > credit THEN
            RAISE EXCEPTION 'trade-in offsets of the deal (% + %) would exceed its trade-in credit %',
                offset_sum, NEW.amount, credit
                USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_trade_in_credit';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
