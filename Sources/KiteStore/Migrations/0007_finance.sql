-- Finance: the payment journal, per-deal payment totals kept by a trigger,
-- closed cash days, and the database role that may confirm and reverse.
--
-- Rules enforced here, not only in the UI:
--   * a payment is entered pending; confirming it (pending → confirmed), reversing
--     it (a linked reversal entry plus confirmed → reversed) and closing a cash day
--     need a login that is a member of the NOLOGIN role kite_finance (superusers are
--     members of every role);
--   * a confirmed payment is never edited, a payment is never deleted;
--   * cash entries dated on or before a dealership's last closed cash day are locked;
--   * trade-in offsets recorded for a deal never exceed its trade_in_credit.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kite_finance') THEN
        CREATE ROLE kite_finance NOLOGIN;
    END IF;
END
$$;

CREATE TABLE payments (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dealership_id       bigint NOT NULL REFERENCES dealerships (id),
    direction           text NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    -- What the money is for: KiteDomain.PaymentKind.
    kind                text NOT NULL CHECK (kind IN ('prepayment', 'payment', 'loan', 'trade_in', 'other_in',
                                                      'refund', 'seller_payout', 'carrier', 'other_out')),
    method              text NOT NULL CHECK (method IN ('cash', 'card', 'bank_transfer', 'loan', 'trade_in_offset')),
    -- Positive for a payment, the original's amount negated for a reversal.
    amount              numeric(14,2) NOT NULL,
    payment_date        date NOT NULL,
    deal_id             bigint REFERENCES deals (id),
    -- Payer (incoming) or payee (outgoing) when it is not the deal's customer.
    counterparty        text NOT NULL DEFAULT '',
    purpose             text NOT NULL DEFAULT '',
    document_ref        text NOT NULL DEFAULT '',
    -- Set for imported bank statement documents: a second import skips them.
    idempotency_key     text,
    state               text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'reversed')),
    reverses_payment_id bigint UNIQUE REFERENCES payments (id),
    -- The reason of a reversal entry.
    reason              text NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL DEFAULT now(),
    created_by          text NOT NULL,
    confirmed_at        timestamptz,
    confirmed_by        text,
    -- The database login that confirmed (the role check is on it).
    confirmed_db_user   text,
    reversed_at         timestamptz,
    reversed_by         text,
    version             int NOT NULL DEFAULT 1,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by          text NOT NULL,
    CONSTRAINT payments_amount_sign CHECK ((reverses_payment_id IS NULL) = (amount > 0) AND amount <> 0),
    CONSTRAINT payments_reversal_shape CHECK (reverses_payment_id IS NULL
        OR (state = 'confirmed' AND btrim(reason) <> '')),
    CONSTRAINT payments_kind_direction CHECK (
        (direction = 'incoming' AND kind IN ('prepayment', 'payment', 'loan', 'trade_in', 'other_in'))
        OR (direction = 'outgoing' AND kind IN ('refund', 'seller_payout', 'carrier', 'other_out'))),
    CONSTRAINT payments_loan_method CHECK ((method = 'loan') = (kind = 'loan')),
    CONSTRAINT payments_trade_in_method CHECK ((method = 'trade_in_offset') = (kind = 'trade_in')),
    CONSTRAINT payments_deal_required CHECK (deal_id IS NOT NULL
        OR kind NOT IN ('prepayment', 'payment', 'loan', 'trade_in', 'refund')),
    CONSTRAINT payments_counterparty_required CHECK (deal_id IS NOT NULL OR btrim(counterparty) <> ''),
    CONSTRAINT payments_confirmed_shape CHECK (state = 'pending'
        OR (confirmed_at IS NOT NULL AND confirmed_by IS NOT NULL)),
    CONSTRAINT payments_reversed_shape CHECK ((state = 'reversed') = (reversed_at IS NOT NULL AND reversed_by IS NOT NULL))
);

CREATE UNIQUE INDEX payments_idempotency_key ON payments (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX payments_list         ON payments (payment_date DESC, id DESC);
CREATE INDEX payments_dealership   ON payments (dealership_id, payment_date, id);
CREATE INDEX payments_deal         ON payments (deal_id, id) WHERE deal_id IS NOT NULL;
CREATE INDEX payments_pending      ON payments (dealership_id, payment_date) WHERE state = 'pending';

-- What the confirmed journal says about each deal, kept by payments_totals.
-- `received` excludes trade-in offsets: deals.amount_due already has the
-- trade-in credit taken off, so counting the offset again would count it twice.
CREATE TABLE deal_payment_totals (
    deal_id         bigint PRIMARY KEY REFERENCES deals (id),
    received        numeric(14,2) NOT NULL DEFAULT 0,
    refunded        numeric(14,2) NOT NULL DEFAULT 0,
    trade_in_offset numeric(14,2) NOT NULL DEFAULT 0,
    entries         int NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- A closed cash day of a dealership: the cash desk's figures when it was closed.
CREATE TABLE cash_days (
    dealership_id   bigint NOT NULL REFERENCES dealerships (id),
    day             date NOT NULL,
    opening_balance numeric(14,2) NOT NULL,
    cash_in         numeric(14,2) NOT NULL,
    cash_out        numeric(14,2) NOT NULL,
    closing_balance numeric(14,2) NOT NULL,
    entries         int NOT NULL CHECK (entries >= 0),
    closed_at       timestamptz NOT NULL DEFAULT now(),
    closed_by       text NOT NULL,
    closed_db_user  text NOT NULL DEFAULT current_user,
    PRIMARY KEY (dealership_id, day),
    CONSTRAINT cash_days_balance CHECK (closing_balance = opening_balance + cash_in - cash_out)
);

-- Is the current database login allowed to confirm, reverse and close days?
CREATE FUNCTION kite_is_finance() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, 'kite_finance', 'MEMBER')
$$;

CREATE FUNCTION kite_require_finance(action text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT kite_is_finance() THEN
        RAISE EXCEPTION 'database login % is not a member of kite_finance: it may not %', current_user, action
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'kite_finance_role';
    END IF;
END
$$;

-- Cash entries of a dealership: shared lock for writers, exclusive for closing a
-- day, so a day is never closed while a cash entry for it is being confirmed.
CREATE FUNCTION kite_lock_cash_desk(dealership bigint, exclusive boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF exclusive THEN
        PERFORM pg_advisory_xact_lock(7007, dealership::int);
    ELSE
        PERFORM pg_advisory_xact_lock_shared(7007, dealership::int);
    END IF;
END
$$;

CREATE FUNCTION kite_check_cash_open(dealership bigint, on_day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    last_closed date;
BEGIN
    PERFORM kite_lock_cash_desk(dealership, false);
    SELECT max(day) INTO last_closed FROM cash_days WHERE dealership_id = dealership;
    IF last_closed IS NOT NULL AND on_day <= last_closed THEN
        RAISE EXCEPTION 'the cash day % is closed (cash days are closed up to %): a correction is a reversal dated the next open day',
            on_day, last_closed
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_cash_day_closed';
    END IF;
END
$$;

CREATE FUNCTION payments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    original payments%ROWTYPE;
    credit numeric(14,2);
    offset_sum numeric(14,2);
    unchanged_columns text[] := ARRAY['state', 'reversed_at', 'reversed_by', 'version', 'updated_at', 'updated_by'];
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payment % cannot be deleted: payments are never deleted', OLD.id
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'payments_never_deleted';
    END IF;

    IF TG_OP = 'UPDATE' THEN
        IF NEW.id <> OLD.id OR NEW.created_by <> OLD.created_by OR NEW.created_at <> OLD.created_at
           OR NEW.reverses_payment_id IS DISTINCT FROM OLD.reverses_payment_id THEN
            RAISE EXCEPTION 'payment %: id, author and reversal link cannot change', OLD.id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_immutable';
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

CREATE TRIGGER payments_guard
    BEFORE INSERT OR UPDATE OR DELETE ON payments
    FOR EACH ROW EXECUTE FUNCTION payments_guard();

CREATE FUNCTION payments_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'payments are never deleted' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER payments_no_truncate
    BEFORE TRUNCATE ON payments
    FOR EACH STATEMENT EXECUTE FUNCTION payments_refuse_truncate();

-- An entry starts to count when it is confirmed (or inserted as a confirmed
-- reversal, whose negative amount cancels its original). confirmed → reversed
-- changes nothing: the reversal entry already did.
CREATE FUNCTION payments_totals() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path FROM CURRENT AS $$
DECLARE
    received_delta numeric(14,2) := 0;
    refunded_delta numeric(14,2) := 0;
    trade_in_delta numeric(14,2) := 0;
BEGIN
    IF NEW.deal_id IS NULL OR NEW.state <> 'confirmed' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.state <> 'pending' THEN
        RETURN NULL;
    END IF;
    IF NEW.method = 'trade_in_offset' THEN
        trade_in_delta := NEW.amount;
    ELSIF NEW.direction = 'incoming' THEN
        received_delta := NEW.amount;
    ELSIF NEW.kind = 'refund' THEN
        refunded_delta := NEW.amount;
    ELSE
        RETURN NULL;  -- a payout for the deal's car is not the customer's money
    END IF;
    -- The deal row is share-locked: "delivered only when paid" locks it FOR UPDATE
    -- and then reads the balance, so the two never race.
    PERFORM 1 FROM deals WHERE id = NEW.deal_id FOR SHARE;
    INSERT INTO deal_payment_totals AS t (deal_id, received, refunded, trade_in_offset, entries)
    VALUES (NEW.deal_id, received_delta, refunded_delta, trade_in_delta, 1)
    ON CONFLICT (deal_id) DO UPDATE SET
        received = t.received + EXCLUDED.received,
        refunded = t.refunded + EXCLUDED.refunded,
        trade_in_offset = t.trade_in_offset + EXCLUDED.trade_in_offset,
        entries = t.entries + 1,
        updated_at = now();
    RETURN NULL;
END
$$;

CREATE TRIGGER payments_totals
    AFTER INSERT OR UPDATE OF state ON payments
    FOR EACH ROW EXECUTE FUNCTION payments_totals();

CREATE FUNCTION cash_days_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_closed date;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'a closed cash day cannot be changed or reopened'
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'cash_days_immutable';
    END IF;
    PERFORM kite_require_finance('close cash days');
    PERFORM kite_lock_cash_desk(NEW.dealership_id, true);
    SELECT max(day) INTO last_closed FROM cash_days WHERE dealership_id = NEW.dealership_id;
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
    RETURN NEW;
END
$$;

CREATE TRIGGER cash_days_guard
    BEFORE INSERT OR UPDATE OR DELETE ON cash_days
    FOR EACH ROW EXECUTE FUNCTION cash_days_guard();

CREATE TRIGGER cash_days_no_truncate
    BEFORE TRUNCATE ON cash_days
    FOR EACH STATEMENT EXECUTE FUNCTION payments_refuse_truncate();

GRANT SELECT, INSERT, UPDATE ON payments, cash_days TO kite_finance;
GRANT SELECT ON deal_payment_totals TO kite_finance;
